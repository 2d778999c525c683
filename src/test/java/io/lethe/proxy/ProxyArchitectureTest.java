package io.lethe.proxy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The proxy's package rules (package-info.java of each says the same in words). */
@AnalyzeClasses(packages = "io.lethe", importOptions = ImportOption.DoNotIncludeTests.class)
class ProxyArchitectureTest {

    @ArchTest
    static final ArchRule proxyUsesOnlyTheGuardApiAndPipeline = noClasses()
            .that().resideInAPackage("io.lethe.proxy..")
            .should().dependOnClassesThat(resideInAPackage("io.lethe..")
                    .and(not(resideInAnyPackage("io.lethe.proxy..", "io.lethe.guard", "io.lethe.guard.pipeline"))))
            .because("the proxy must never depend on a detector, the rules or the composition root");

    @ArchTest
    static final ArchRule sseCodecIsStandalone = noClasses()
            .that().resideInAPackage("io.lethe.proxy.sse")
            .should().dependOnClassesThat(resideInAPackage("io.lethe..").and(not(resideInAPackage("io.lethe.proxy.sse"))));

    @ArchTest
    static final ArchRule wireTranslatorsTouchNoConnectionsNorTheRelay = noClasses()
            .that().resideInAPackage("io.lethe.proxy.openai")
            .should().dependOnClassesThat(resideInAnyPackage("io.lethe.proxy", "io.lethe.proxy.upstream", "io.lethe.proxy.sse",
                    "io.vertx.."))
            .because("the translators know where the wire carries text; moving bytes is the relay's job");

    @ArchTest
    static final ArchRule upstreamClientsDoNotTouchTheGuard = noClasses()
            .that().resideInAPackage("io.lethe.proxy.upstream")
            .should().dependOnClassesThat(resideInAnyPackage("io.lethe.guard..", "io.lethe.proxy", "io.lethe.proxy.sse"));

    @ArchTest
    static final ArchRule nothingDependsOnTheCompositionRoot = noClasses()
            .that().resideOutsideOfPackage("io.lethe.config")
            .should().dependOnClassesThat().resideInAPackage("io.lethe.config");
}
