package io.lethe.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.config.EvidenceWiring;
import io.lethe.evidence.kafka.VerifyEvidence;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/** The embedded default: no Kafka configured, evidence stays in the spool, the same verifier reads it. */
@QuarkusTest
class EvidenceSpoolTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EvidenceWiring wiring;

    @Test
    void healthSaysKafkaIsNotConfigured() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'evidence' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'evidence' }.data.kafka",
                        org.hamcrest.Matchers.startsWith("not configured"));
        assertThat(wiring.kafkaEnabled()).isFalse();
        // start-up says so too (the test configuration also writes the log to this file)
        assertThat(Path.of("target/quarkus-tests.log")).content(StandardCharsets.UTF_8)
                .contains("evidence: Kafka not configured (set KAFKA_BOOTSTRAP_SERVERS to send it)");
    }

    @Test
    void findingsBecomeChainedEventsInTheSpoolWithoutAnyErasedValue() throws Exception {
        Planted p = Planted.register(System.nanoTime());
        List<String> texts = new ArrayList<>();
        try (Planted.LogCatcher logs = Planted.LogCatcher.install()) {
            for (int i = 0; i < 5; i++) {
                String text = p.leakingText(i);
                texts.add(text);
                String body = given().contentType(ContentType.JSON).header("X-Request-Id", "spool-test-" + i)
                        .header("Authorization", "Bearer acme-key-1")
                        .body("{\"text\":" + MAPPER.writeValueAsString(text) + "}")
                        .post("/v1/guard/scan").then().statusCode(200)
                        .body("findings.erasure_id", hasItem(p.erasureId)).extract().asString();
                for (String f : p.forbidden()) {
                    assertThat(body).doesNotContain(f);
                }
            }
            Spool spool = wiring.spool();
            assertThat(spool.awaitCommitted(10_000)).isTrue();

            Path dir = spoolDir();
            List<JsonNode> mine = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (Path seg : Spool.listSegments(dir)) {
                String content = Files.readString(seg, StandardCharsets.UTF_8);
                all.append(content);
                for (String line : content.split("\n")) {
                    JsonNode ev = MAPPER.readTree(line);
                    if (ev.path("data").path("request_id").asText().startsWith("spool-test-")
                            && p.erasureId.equals(ev.path("data").path("erasure_id").asText())) {
                        mine.add(ev);
                    }
                }
            }
            // at least the name and the e-mail, in each of the five texts
            assertThat(mine).hasSizeGreaterThanOrEqualTo(10);
            assertThat(mine).extracting(ev -> ev.path("data").path("rule").asText()).contains("name", "email");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("test-evidence-hmac-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (JsonNode ev : mine) {
                JsonNode d = ev.path("data");
                assertThat(ev.path("type").asText()).isEqualTo("io.lethe.leak.v1");
                assertThat(ev.path("subject").asText()).isEqualTo(p.erasureId);
                assertThat(d.path("tenant").asText()).isEqualTo("acme");
                assertThat(d.path("detector").asText()).isEqualTo("lexical");
                assertThat(d.path("action").asText()).isEqualTo("redact");
                assertThat(d.path("channel").asText()).isEqualTo("content");
                assertThat(d.path("chars_sent").asInt()).isZero();
                int i = Integer.parseInt(d.path("request_id").asText().substring("spool-test-".length()));
                String matched = texts.get(i).substring(d.path("start").asInt(), d.path("end").asInt());
                assertThat(d.path("match").path("length").asInt()).isEqualTo(matched.length());
                assertThat(d.path("match").path("hmac_sha256").asText())
                        .isEqualTo(HexFormat.of().formatHex(mac.doFinal(matched.getBytes(StandardCharsets.UTF_8))));
            }
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("lethe_evidence_recorded_total");
            String health = given().get("/q/health").then().extract().asString();
            for (String f : p.forbidden()) {
                assertThat(all.toString()).as("spool").doesNotContain(f);
                assertThat(logs.text.toString()).as("logs").doesNotContain(f);
                assertThat(metrics).as("metrics").doesNotContain(f);
                assertThat(health).as("health").doesNotContain(f);
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = VerifyEvidence.run(new String[]{"--spool", dir.toString()}, new PrintStream(out, true),
                    new PrintStream(new ByteArrayOutputStream(), true));
            assertThat(out.toString()).contains("OK: every chain verifies");
            assertThat(rc).isZero();
        }
    }

    /** Every admin call is an event of its own type in the same chains, valid against its schema. */
    @Test
    void adminActionsAreChainedEvidenceEventsWithoutAnyErasedValue() throws Exception {
        String id = "audit-" + java.util.UUID.randomUUID();
        given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .header("X-Request-Id", "audit-create-" + id)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Quillon Marchetti\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", "Bearer test-admin-token").header("X-Request-Id", "audit-retire-" + id)
                .delete("/admin/v1/erasures/" + id).then().statusCode(200);
        assertThat(wiring.spool().awaitCommitted(10_000)).isTrue();
        com.networknt.schema.JsonSchema schema;
        try (java.io.InputStream in = getClass().getResourceAsStream("/io/lethe/evidence/admin-evidence-v1.schema.json")) {
            schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
        List<JsonNode> mine = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        // the retire's event may reach the spool just after its answer (a fresh clone's CI once read only the
        // create's): read again until both are there or 10 s pass
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            mine.clear();
            all.setLength(0);
            for (Path seg : Spool.listSegments(spoolDir())) {
                String content = Files.readString(seg, StandardCharsets.UTF_8);
                all.append(content);
                for (String line : content.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode ev = MAPPER.readTree(line);
                    if (ev.path("type").asText().equals("io.lethe.admin.v1") && id.equals(ev.path("subject").asText())) {
                        assertThat(schema.validate(ev)).as(line).isEmpty();
                        mine.add(ev);
                    }
                }
            }
            if (mine.size() < 2) {
                Thread.sleep(50);
            }
        } while (mine.size() < 2 && System.nanoTime() < deadline);
        assertThat(mine).extracting(ev -> ev.path("data").path("action").asText()).containsExactly("create", "retire");
        assertThat(mine).extracting(ev -> ev.path("data").path("actor").asText()).containsOnly("admin");
        assertThat(mine).extracting(ev -> ev.path("data").path("outcome").asText()).containsOnly("allowed");
        assertThat(all.toString()).doesNotContain("Quillon").doesNotContain("Marchetti");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = VerifyEvidence.run(new String[]{"--spool", spoolDir().toString()}, new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(out.toString()).contains("OK: every chain verifies");
        assertThat(rc).isZero();
    }

    private Path spoolDir() {
        return Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("lethe.data.dir", String.class)).resolve("evidence");
    }
}
