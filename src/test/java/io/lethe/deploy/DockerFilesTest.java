package io.lethe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lethe.probe.HealthProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker/}: the images' run-time stage is non-root, exec form throughout (no shell needed), with a
 * health check on both health endpoints and data and rules as volumes; a linter (hadolint, else
 * dockerfile-utils) accepts both Dockerfiles; the compose file runs Kafka in KRaft mode, the gateway and a
 * model server per profile. Images cannot be built here (no Docker engine).
 */
class DockerFilesTest {

    static final Path DOCKER = Path.of("docker");
    static final List<String> DOCKERFILES = List.of("Dockerfile", "Dockerfile.gpu");

    /** The instructions of the last stage (continuation lines joined). */
    static List<String> finalStage(Path dockerfile) throws Exception {
        List<String> joined = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String t = line.strip();
            if (cur.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            cur.append(t);
            joined.add(cur.toString().replaceAll("\\s+", " "));
            cur.setLength(0);
        }
        int from = 0;
        for (int i = 0; i < joined.size(); i++) {
            if (joined.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return joined.subList(from, joined.size());
    }

    private static String instruction(List<String> stage, String name) {
        List<String> found = stage.stream().filter(s -> s.startsWith(name + " ")).toList();
        assertThat(found).as("one " + name + " in the final stage").hasSize(1);
        return found.get(0);
    }

    @Test
    void theRunTimeStageIsNonRootExecFormWithHealthCheckAndVolumes() throws Exception {
        for (String name : DOCKERFILES) {
            List<String> stage = finalStage(DOCKER.resolve(name));
            String user = instruction(stage, "USER").substring(5).strip();
            assertThat(user).as(name + ": non-root user").doesNotMatch("(root|0)(:.*)?");
            assertThat(user).as(name + ": numeric, so runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
            String entry = instruction(stage, "ENTRYPOINT");
            assertThat(entry).as(name + ": exec form").startsWith("ENTRYPOINT [\"java\"").contains("quarkus-run.jar");
            String health = instruction(stage, "HEALTHCHECK");
            assertThat(health).as(name + ": exec form, no shell").contains(" CMD [\"java\"")
                    .contains(HealthProbe.class.getName())
                    .contains("/q/health/live").contains("/q/health/ready");
            assertThat(instruction(stage, "VOLUME")).contains("\"/data\"").contains("\"/rules\"");
            assertThat(instruction(stage, "EXPOSE")).isEqualTo("EXPOSE 8080");
            assertThat(stage).as(name + ": the volumes are where the gateway looks")
                    .anyMatch(s -> s.startsWith("ENV ") && s.contains("LETHE_DATA_DIR=/data") && s.contains("LETHE_RULES_DIR=/rules"));
            assertThat(stage.stream().filter(s -> s.startsWith("RUN ")).toList())
                    .as(name + ": nothing runs in the final stage after USER").allMatch(r -> stage.indexOf(r) < stage.indexOf("USER " + user));
        }
        assertThat(Files.readString(DOCKER.resolve("Dockerfile"))).contains("distroless");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.gpu"))).contains("-Pgpu").contains("nvidia/cuda:");
    }

    @Test
    void theDockerfilesPassALinter() throws Exception {
        String tool = Tools.onPath("hadolint") ? "hadolint" : Tools.onPath("dockerfile-utils") ? "dockerfile-utils" : null;
        Assumptions.assumeTrue(tool != null,
                "neither hadolint nor dockerfile-utils (npm) on PATH: lint of docker/Dockerfile* skipped");
        for (String name : DOCKERFILES) {
            List<String> cmd = tool.equals("hadolint")
                    ? List.of("hadolint", DOCKER.resolve(name).toString())
                    : List.of("dockerfile-utils", "lint", DOCKER.resolve(name).toString());
            Tools.Run r = Tools.run(Path.of("."), 120, cmd);
            assertThat(r.exit()).as(String.join(" ", cmd) + ":\n" + r.output()).isZero();
            assertThat(r.output().strip()).as(String.join(" ", cmd)).isEmpty();
        }
    }

    @Test
    void composeRunsKraftKafkaTheGatewayAndAModelServerPerProfile() throws Exception {
        JsonNode compose = new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode s = compose.path("services");
        JsonNode kafka = s.path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText()).contains("controller").contains("broker");
        assertThat(kafka.has("healthcheck")).isTrue();
        String topics = s.path("kafka-topics").path("command").toString();
        assertThat(topics).contains("--topic lethe.erasures").contains("cleanup.policy=compact").contains("--topic lethe.leak-evidence");
        JsonNode gw = s.path("gateway");
        assertThat(gw.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(gw.at("/environment/LETHE_ADMIN_TOKEN").asText()).as("no default token").contains(":?");
        assertThat(gw.at("/environment/LETHE_EVIDENCE_HMAC_KEY").asText()).as("no default key").contains(":?");
        assertThat(gw.path("volumes").toString()).contains(":/data").contains(":/rules");
        assertThat(gw.at("/build/dockerfile").asText()).contains("docker/Dockerfile");
        assertThat(s.path("llamacpp").path("profiles").toString()).contains("cpu");
        assertThat(s.path("vllm").path("profiles").toString()).contains("gpu");
        assertThat(s.path("vllm").path("image").asText()).startsWith("vllm/vllm-openai:");
        for (String name : List.of("kafka", "kafka-topics", "gateway")) {
            assertThat(s.path(name).has("profiles")).as(name + " runs in every profile").isFalse();
        }
    }

    /** Compose's own check of the file, with every profile (it needs no engine, only the CLI). */
    @Test
    void composeConfigAcceptsTheFile() throws Exception {
        List<String> cli = null;
        if (Tools.onPath("docker") && Tools.run(Path.of("."), 60, List.of("docker", "compose", "version")).exit() == 0) {
            cli = List.of("docker", "compose");
        } else if (Tools.onPath("docker-compose")) {
            cli = List.of("docker-compose");
        }
        Assumptions.assumeTrue(cli != null,
                "neither `docker compose` (the CLI's Compose plugin) nor docker-compose on PATH: compose config check skipped");
        List<String> cmd = new ArrayList<>(cli);
        cmd.addAll(List.of("-f", "docker/compose.yaml", "--profile", "cpu", "--profile", "gpu", "config", "--quiet"));
        // the file demands these two (no default credentials)
        Tools.Run r = Tools.run(Path.of("."), 60, cmd,
                java.util.Map.of("LETHE_ADMIN_TOKEN", "test-token", "LETHE_EVIDENCE_HMAC_KEY", "00112233445566778899aabbccddeeff"));
        assertThat(r.exit()).as(String.join(" ", cmd) + ":\n" + r.output()).isZero();
        Tools.Run missing = Tools.run(Path.of("."), 60, cmd, java.util.Map.of());
        assertThat(missing.exit()).as("refused without an admin token and HMAC key").isNotZero();
    }
}
