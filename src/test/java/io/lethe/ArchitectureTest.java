package io.lethe;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of DESIGN.md, checked so the architecture picture stays true. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.lethe");
    }

    @Test
    void theStageApiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("io.lethe.guard")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.guard", "java..")
                .check(classes);
    }

    @Test
    void thePipelineDependsOnTheStageApiOnly() {
        classes().that().resideInAPackage("io.lethe.guard.pipeline")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.guard..", "java..")
                .check(classes);
    }

    @Test
    void textDependsOnTheJdkAndIcuOnly() {
        classes().that().resideInAPackage("io.lethe.text..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.text..", "java..", "com.ibm.icu..")
                .check(classes);
    }

    @Test
    void theDecodingStageDependsOnTheStageApiOnly() {
        classes().that().resideInAPackage("io.lethe.decode..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.decode..", "io.lethe.guard", "java..",
                        "jakarta.enterprise.context..")
                .check(classes);
    }

    @Test
    void theClassifierDependsOnTheStageApiAndItsEnginesOnly() {
        classes().that().resideInAPackage("io.lethe.classifier..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.classifier..", "io.lethe.guard",
                        "io.lethe.topic..", "io.lethe.rules", "java..", "ai.onnxruntime..", "ai.djl..",
                        "com.fasterxml.jackson..", "org.jboss.logging..", "jakarta.enterprise..", "jakarta.inject..",
                        "io.smallrye.config..", "io.micrometer.core..", "io.quarkus.runtime..")
                .check(classes);
    }

    @Test
    void topicsDependOnTheStageApiAndTheJdkOnly() {
        classes().that().resideInAPackage("io.lethe.topic..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.topic..", "io.lethe.guard", "java..")
                .check(classes);
    }

    @Test
    void theAuditReachesNoDetectorEvidenceOrProxyInternals() {
        classes().that().resideInAPackage("io.lethe.audit..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.audit..", "io.lethe.guard..",
                        "io.lethe.erasure", "io.lethe.rules", "io.lethe.proxy.upstream", "java..", "io.vertx..",
                        "com.fasterxml.jackson..", "org.jboss.logging..")
                .check(classes);
    }

    @Test
    void nothingButTheCompositionRootDependsOnTheAudit() {
        noClasses().that().resideOutsideOfPackages("io.lethe.audit..", "io.lethe.config..")
                .should().dependOnClassesThat().resideInAPackage("io.lethe.audit..")
                .check(classes);
    }

    @Test
    void theRegistryDependsOnTheStageApiItsIndexTextTopicsAndHttp() {
        classes().that().resideInAPackage("io.lethe.erasure")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.erasure", "io.lethe.erasure.index",
                        "io.lethe.guard", "io.lethe.text", "io.lethe.topic", "java..", "com.fasterxml.jackson..",
                        "io.vertx..", "jakarta.enterprise.context..", "org.jboss.logging..")
                .check(classes);
    }

    @Test
    void theErasureIndexDependsOnTextLuceneAndLibphonenumberOnly() {
        classes().that().resideInAPackage("io.lethe.erasure.index")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.erasure.index", "io.lethe.text",
                        "java..", "org.apache.lucene..", "com.google.i18n.phonenumbers..")
                .check(classes);
    }

    @Test
    void theRulesDependOnTheStageApiTextAndTheirReadersOnly() {
        classes().that().resideInAPackage("io.lethe.rules")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.rules", "io.lethe.guard", "io.lethe.text",
                        "java..", "com.fasterxml.jackson..", "com.networknt.schema..", "org.yaml.snakeyaml..",
                        "jakarta.enterprise.context..", "org.jboss.logging..")
                .check(classes);
    }

    /** Every package of the gateway says in a {@code package-info.java} what lives there, its threads and its dependencies. */
    @Test
    void everyPackageHasAPackageInfo() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("src/main/java");
        java.util.List<String> missing = new java.util.ArrayList<>();
        try (var dirs = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path d : dirs.filter(java.nio.file.Files::isDirectory).toList()) {
                boolean sources;
                try (var files = java.nio.file.Files.list(d)) {
                    sources = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (sources && !java.nio.file.Files.exists(d.resolve("package-info.java"))) {
                    missing.add(root.relativize(d).toString());
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    /**
     * Detectors are plug-ins: a package holding a {@link io.lethe.guard.DetectorFactory} reaches no other
     * detector's package (the rules file excepted), nor the composition root, proxy, evidence or audit, so a new
     * detector is its own package and its tests. Found, not listed: a new package is held without editing this.
     */
    @Test
    void detectorPackagesReachNoOtherDetectorAndOnlyTheCompositionRootReachesThem() {
        java.util.Set<String> detectorPackages = new java.util.TreeSet<>();
        for (var c : classes) {
            if (c.isAssignableTo(io.lethe.guard.DetectorFactory.class) && !c.isInterface()) {
                detectorPackages.add(c.getPackageName());
            }
        }
        org.assertj.core.api.Assertions.assertThat(detectorPackages).as("detector packages found")
                .contains("io.lethe.rules", "io.lethe.erasure", "io.lethe.decode", "io.lethe.classifier");
        for (String pkg : detectorPackages) {
            String[] others = detectorPackages.stream().filter(o -> !o.equals(pkg) && !o.equals("io.lethe.rules"))
                    .flatMap(o -> java.util.stream.Stream.of(o, o + ".."))
                    .toArray(String[]::new);
            noClasses().that().resideInAnyPackage(pkg, pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAnyPackage("io.lethe.config..", "io.lethe.proxy..",
                            "io.lethe.evidence..", "io.lethe.audit..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    /**
     * A stage is its detector's business: its class is package-private, so outside its own package code (tests
     * and benchmarks too) reaches it only through the {@link io.lethe.guard.GuardStage} interface and its
     * detector's public factory.
     */
    @Test
    void everyStageIsPrivateToItsDetectorsPackage() {
        java.util.List<String> stages = new java.util.ArrayList<>();
        for (var c : classes) {
            if (c.isAssignableTo(io.lethe.guard.GuardStage.class) && !c.isInterface() && !c.isAnonymousClass()
                    && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                stages.add(c.getName());
                org.assertj.core.api.Assertions.assertThat(c.getModifiers()).as("modifiers of %s", c.getName())
                        .doesNotContain(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC,
                                com.tngtech.archunit.core.domain.JavaModifier.PROTECTED);
                noClasses().that().resideOutsideOfPackage(c.getPackageName())
                        .should().dependOnClassesThat().belongToAnyOf(c.reflect())
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
        org.assertj.core.api.Assertions.assertThat(stages).as("guard stages found").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void erasuresDoNotReachIntoTheClassifier() {
        noClasses().that().resideInAPackage("io.lethe.erasure..")
                .should().dependOnClassesThat().resideInAPackage("io.lethe.classifier..")
                .check(classes);
    }

    @Test
    void theErasureLogDependsOnTheRegistryAndTheKafkaClientOnly() {
        classes().that().resideInAPackage("io.lethe.erasure.cluster..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.erasure", "io.lethe.erasure.cluster..",
                        "org.apache.kafka..", "java..", "org.jboss.logging..")
                .check(classes);
    }

    @Test
    void clusterCoordinationDependsOnTheKafkaClientOnly() {
        classes().that().resideInAPackage("io.lethe.cluster..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.cluster..", "org.apache.kafka..",
                        "java..", "org.jboss.logging..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootKnowsKafkaBehindTheErasureLog() {
        noClasses().that().resideInAnyPackage("io.lethe.erasure", "io.lethe.erasure.index..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.lethe.erasure.cluster..")
                .check(classes);
    }

    @Test
    void theProxyNeverReachesIntoADetector() {
        noClasses().that().resideInAPackage("io.lethe.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lethe.rules..", "io.lethe.text..", "io.lethe.decode..",
                        "io.lethe.erasure..", "io.lethe.classifier..", "io.lethe.config..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void evidenceDependsOnTheGuardApiJacksonAndLoggingOnly() {
        classes().that().resideInAPackage("io.lethe.evidence")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.lethe.evidence", "io.lethe.guard..",
                        "java..", "javax.crypto..", "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..",
                        "org.jboss.logging..")
                .check(classes);
    }

    @Test
    void evidenceKafkaReachesNoGuardProxyOrDetector() {
        noClasses().that().resideInAPackage("io.lethe.evidence.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lethe.guard..", "io.lethe.proxy..",
                        "io.lethe.rules..", "io.lethe.erasure..", "io.lethe.text..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootAndItsOwnPackagesUseEvidence() {
        noClasses().that().resideOutsideOfPackages("io.lethe.evidence..", "io.lethe.config..")
                .should().dependOnClassesThat().resideInAPackage("io.lethe.evidence..")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("io.lethe.config..")
                .should().dependOnClassesThat().resideInAPackage("io.lethe.config..")
                .check(classes);
    }

    /** Every guard stage has a contract test: a test class named after it that extends StageContractTest. */
    @Test
    void everyStageKeepsTheStageContract() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.lethe");
        java.util.Set<String> contracts = new java.util.HashSet<>();
        for (var t : tests) {
            if (t.isAssignableTo(io.lethe.guard.StageContractTest.class) && !t.getModifiers().contains(
                    com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                contracts.add(t.getName());
            }
        }
        java.util.List<String> stages = new java.util.ArrayList<>();
        for (var c : classes) {
            if (c.isAssignableTo(io.lethe.guard.GuardStage.class) && !c.isInterface()
                    && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                    && !c.isAnonymousClass()) {
                stages.add(c.getName());
            }
        }
        org.assertj.core.api.Assertions.assertThat(stages).as("guard stages found").hasSizeGreaterThanOrEqualTo(4);
        // an anonymous or local stage would have no name to hang its contract test on
        org.assertj.core.api.Assertions.assertThat(classes.stream().filter(c -> c.isAssignableTo(
                        io.lethe.guard.GuardStage.class) && (c.isAnonymousClass() || c.isLocalClass()))
                .map(com.tngtech.archunit.core.domain.JavaClass::getName).toList()).as("anonymous guard stages").isEmpty();
        for (String stage : stages) {
            org.assertj.core.api.Assertions.assertThat(contracts).as("a contract test for %s", stage)
                    .contains(stage + "ContractTest");
        }
    }
}
