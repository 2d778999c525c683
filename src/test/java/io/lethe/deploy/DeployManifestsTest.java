package io.lethe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lethe.rules.RulesLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/k8s}: both overlays render with {@code kubectl kustomize}, pass a schema check (kubeconform
 * when on PATH, otherwise the kubernetes-models schemas through Node), and keep the rules below (which no
 * schema checker knows: selectors that select, references that resolve, probes, the rules ConfigMap).
 */
class DeployManifestsTest {

    static final Path K8S = Path.of("deploy", "k8s");
    static final List<String> OVERLAYS = List.of("single-node", "cluster");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Rendered overlay (file) by name; empty when kubectl is missing. */
    private static final Map<String, Path> RENDERED = new HashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void render() throws Exception {
        if (!Tools.onPath("kubectl")) {
            return;
        }
        for (String o : OVERLAYS) {
            Tools.Run r = Tools.run(Path.of("."), 120, List.of("kubectl", "kustomize", K8S.resolve("overlays").resolve(o).toString()));
            assertThat(r.exit()).as("kubectl kustomize overlays/" + o + ":\n" + r.output()).isZero();
            Path f = work.resolve(o + ".yaml");
            Files.writeString(f, r.output());
            RENDERED.put(o, f);
        }
    }

    private static List<JsonNode> docs(String overlay) throws IOException {
        Assumptions.assumeTrue(Tools.onPath("kubectl"),
                "kubectl not on PATH: deploy/k8s overlays not rendered (kubectl kustomize), their checks skipped");
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(RENDERED.get(overlay)))) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> all = ofKind(docs, kind);
        assertThat(all).as("exactly one " + kind).hasSize(1);
        return all.get(0);
    }

    private static Optional<JsonNode> env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Whether every label of {@code selector} (matchLabels or a plain map) is on {@code labels}. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode match = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
        assertThat(match.size()).as("a selector with labels: " + selector).isPositive();
        for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyOverlayHasAProbedGatewayWithRequestsBehindItsServiceBudgetAndPolicy() throws Exception {
        for (String o : OVERLAYS) {
            List<JsonNode> docs = docs(o);
            JsonNode dep = one(docs, "Deployment");
            JsonNode pod = dep.at("/spec/template");
            JsonNode podLabels = pod.at("/metadata/labels");
            assertThat(selects(dep.at("/spec/selector"), podLabels)).as(o + ": deployment selector").isTrue();
            JsonNode c = pod.at("/spec/containers/0");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(c.at("/resources/requests/cpu").asText()).as(o + ": cpu request").isNotEmpty();
            assertThat(c.at("/resources/requests/memory").asText()).as(o + ": memory request").isNotEmpty();
            assertThat(c.at("/resources/limits/memory").asText()).as(o + ": memory limit").isNotEmpty();
            assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
            assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

            JsonNode svc = one(docs, "Service");
            assertThat(selects(svc.at("/spec/selector"), podLabels)).as(o + ": service selects the pods").isTrue();
            assertThat(svc.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
            JsonNode pdb = one(docs, "PodDisruptionBudget");
            assertThat(selects(pdb.at("/spec/selector"), podLabels)).as(o + ": PDB selects the pods").isTrue();
            JsonNode sm = one(docs, "ServiceMonitor");
            assertThat(selects(sm.at("/spec/selector"), svc.at("/metadata/labels"))).as(o + ": ServiceMonitor selects the service").isTrue();
            assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo(svc.at("/spec/ports/0/name").asText());
            assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            List<JsonNode> policies = ofKind(docs, "NetworkPolicy");
            assertThat(policies).isNotEmpty().allMatch(p -> selects(p.at("/spec/podSelector"), podLabels));
            assertThat(policies).anyMatch(p -> p.at("/spec/ingress/0/ports/0/port").asInt() == 8080);
        }
    }

    @Test
    void secretsHoldNoValuesAndEveryReferenceResolves() throws Exception {
        for (String o : OVERLAYS) {
            List<JsonNode> docs = docs(o);
            JsonNode c = one(docs, "Deployment").at("/spec/template/spec/containers/0");
            Map<String, JsonNode> secrets = new HashMap<>();
            ofKind(docs, "Secret").forEach(s -> secrets.put(s.at("/metadata/name").asText(), s));
            for (String var : List.of("LETHE_ADMIN_TOKEN", "LETHE_EVIDENCE_HMAC_KEY")) {
                JsonNode ref = env(c, var).orElseThrow(() -> new AssertionError(o + ": " + var + " missing"))
                        .at("/valueFrom/secretKeyRef");
                JsonNode secret = secrets.get(ref.path("name").asText());
                assertThat(secret).as(o + ": secret of " + var).isNotNull();
                assertThat(secret.at("/stringData").has(ref.path("key").asText())).as(o + ": key of " + var).isTrue();
            }
            for (JsonNode s : secrets.values()) {
                s.path("stringData").forEach(v -> assertThat(v.asText()).as("no credential in the repository").isEmpty());
                assertThat(s.path("data").isMissingNode() || s.path("data").isEmpty()).isTrue();
            }
        }
    }

    /** Hot reload needs the whole ConfigMap mounted as a folder (subPath mounts never update). */
    @Test
    void guardRulesComeFromAConfigMapFolderThatMatchesTheRepositoryRules() throws Exception {
        Map<String, String> repoRules = new HashMap<>();
        try (Stream<Path> s = Files.list(Path.of("guard-rules"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                repoRules.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        for (String o : OVERLAYS) {
            List<JsonNode> docs = docs(o);
            JsonNode podSpec = one(docs, "Deployment").at("/spec/template/spec");
            JsonNode c = podSpec.at("/containers/0");
            String rulesDir = env(c, "LETHE_RULES_DIR").orElseThrow().path("value").asText();
            JsonNode mount = null;
            for (JsonNode m : c.path("volumeMounts")) {
                if (rulesDir.equals(m.path("mountPath").asText())) {
                    mount = m;
                }
            }
            assertThat(mount).as(o + ": a volume mounted at " + rulesDir).isNotNull();
            assertThat(mount.has("subPath")).as("subPath mounts are never updated").isFalse();
            String cmName = null;
            for (JsonNode v : podSpec.path("volumes")) {
                if (v.path("name").asText().equals(mount.path("name").asText())) {
                    cmName = v.at("/configMap/name").asText(null);
                }
            }
            assertThat(cmName).as(o + ": the rules volume is a ConfigMap").isNotNull();
            String name = cmName;
            JsonNode cm = docs.stream().filter(d -> "ConfigMap".equals(d.path("kind").asText())
                    && name.equals(d.at("/metadata/name").asText())).findFirst().orElseThrow();
            Map<String, String> shipped = new HashMap<>();
            cm.path("data").fields().forEachRemaining(e -> shipped.put(e.getKey(), e.getValue().asText()));
            assertThat(shipped).as(o + ": deploy/k8s/base/rules is a copy of guard-rules").isEqualTo(repoRules);
            Path dir = Files.createDirectories(work.resolve("rules-" + o));
            for (Map.Entry<String, String> e : shipped.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
            assertThat(RulesLoader.load(dir)).as("the shipped rules load").isNotNull();
        }
    }

    @Test
    void clusterModeIsKafkaWithBothTopicsAndSingleNodeIsNeither() throws Exception {
        List<JsonNode> cluster = docs("cluster");
        JsonNode c = one(cluster, "Deployment").at("/spec/template/spec/containers/0");
        assertThat(env(c, "KAFKA_BOOTSTRAP_SERVERS")).isPresent();
        assertThat(one(cluster, "Deployment").at("/spec/replicas").asInt()).isGreaterThan(1);
        JsonNode hpa = one(cluster, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(one(cluster, "Deployment").at("/metadata/name").asText());
        Map<String, JsonNode> topics = new HashMap<>();
        ofKind(cluster, "KafkaTopic").forEach(t -> topics.put(t.at("/metadata/name").asText(), t));
        String erasures = env(c, "LETHE_CLUSTER_TOPIC").map(e -> e.path("value").asText()).orElse("lethe.erasures");
        String evidence = env(c, "LETHE_EVIDENCE_TOPIC").map(e -> e.path("value").asText()).orElse("lethe.leak-evidence");
        assertThat(topics).containsOnlyKeys(erasures, evidence, "lethe.audit-results", "lethe.audit-lease");
        assertThat(topics.get(erasures).at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");
        assertThat(topics.get("lethe.audit-results").at("/spec/config/cleanup.policy").asText()).isEqualTo("compact");
        assertThat(topics.get("lethe.audit-lease").at("/spec/partitions").asInt()).isEqualTo(1);
        assertThat(topics.get(evidence).at("/spec/config/cleanup.policy").asText()).isEqualTo("delete");
        for (JsonNode t : topics.values()) {
            assertThat(t.path("apiVersion").asText()).startsWith("kafka.strimzi.io/");
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isNotEmpty();
            assertThat(t.at("/spec/partitions").asInt()).isPositive();
            assertThat(t.at("/spec/replicas").asInt()).isPositive();
        }
        assertThat(topics.get(erasures).at("/spec/partitions").asInt()).as("one order of registry changes").isEqualTo(1);

        List<JsonNode> single = docs("single-node");
        JsonNode dep = one(single, "Deployment");
        assertThat(env(dep.at("/spec/template/spec/containers/0"), "KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
        assertThat(dep.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(dep.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(ofKind(single, "KafkaTopic")).isEmpty();
        assertThat(ofKind(single, "HorizontalPodAutoscaler")).isEmpty();
        String claim = null;
        for (JsonNode v : dep.at("/spec/template/spec/volumes")) {
            if ("data".equals(v.path("name").asText())) {
                assertThat(v.has("emptyDir")).isFalse();
                claim = v.at("/persistentVolumeClaim/claimName").asText(null);
            }
        }
        String claimName = claim;
        assertThat(ofKind(single, "PersistentVolumeClaim")).anyMatch(p -> p.at("/metadata/name").asText().equals(claimName));
    }

    /** kubeconform when on PATH; otherwise the kubernetes-models schemas run by Node (installed under target/). */
    @Test
    void renderedManifestsPassASchemaCheck() throws Exception {
        docs("cluster");
        if (Tools.onPath("kubeconform")) {
            for (String o : OVERLAYS) {
                Tools.Run r = Tools.run(Path.of("."), 300, List.of("kubeconform", "-strict", "-summary",
                        "-ignore-missing-schemas", RENDERED.get(o).toString()));
                assertThat(r.exit()).as("kubeconform " + o + ":\n" + r.output()).isZero();
            }
            return;
        }
        Assumptions.assumeTrue(Tools.onPath("node") && Tools.onPath("npm"),
                "neither kubeconform nor node+npm on PATH: schema check of deploy/k8s skipped (the structural rules still ran)");
        Path project = Path.of("target", "node-k8s");
        Files.createDirectories(project);
        for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(Path.of("src", "test", "node-k8s", f), project.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(project.resolve("node_modules").resolve("kubernetes-models"))) {
            Tools.Run install = Tools.run(project, 300, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(install.exit()).as("npm ci in target/node-k8s:\n" + install.output()).isZero();
        }
        for (String o : OVERLAYS) {
            Tools.Run r = Tools.run(project, 120, List.of("node", "validate.mjs", RENDERED.get(o).toAbsolutePath().toString()));
            assertThat(r.exit()).as("schema check of " + o + ":\n" + r.output()).isZero();
            List<String> lines = r.output().strip().lines().toList();
            assertThat(lines).as(o + ": one line per document").hasSize(docs(o).size());
            assertThat(lines).allMatch(l -> l.startsWith("ok ") || l.startsWith("no-schema kafka.strimzi.io/"), "checked or a Strimzi topic");
        }
    }
}
