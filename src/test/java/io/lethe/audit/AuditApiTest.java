package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.config.EvidenceWiring;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

/**
 * The audit's admin routes on a running gateway, probing scripted upstreams through the gateway's own routing:
 * auth and roles, 202 then a report whose figures match what the scripted models know, the comparison, the
 * retrain-debt marks, 400s naming the field, evidence events of type io.lethe.audit.v1 valid against their
 * schema, and no answer text anywhere.
 */
@QuarkusTest
@TestProfile(AuditApiTest.Audit.class)
class AuditApiTest {

    static final String AUTH = "Bearer test-admin-token";
    static final String READER = "Bearer reader-token-0123456789";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EvidenceWiring evidence;

    public static class Audit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lethe.audit.models.\"knows-model\".enabled", "true",
                    "lethe.audit.models.\"clean-model\".enabled", "true",
                    "lethe.audit.start-delay", "1h",
                    "lethe.models.\"knows-model\".training-snapshot", "2024-06-30",
                    "lethe.admin.tokens.reader.token", "reader-token-0123456789",
                    "lethe.admin.tokens.reader.roles", "auditor");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Upstream.class));
        }
    }

    public static class Upstream implements QuarkusTestResourceLifecycleManager {
        static ScriptedModels models;

        @Override
        public Map<String, String> start() {
            models = new ScriptedModels().script(AuditFixture.KNOWS, AuditFixture::knows).script(AuditFixture.CLEAN, p -> null);
            int port = models.start();
            return Map.of("lethe.upstreams.scripted.url", "http://127.0.0.1:" + port + "/v1",
                    "lethe.upstreams.scripted.models", "knows-model,clean-model");
        }

        @Override
        public void stop() {
            models.close();
        }
    }

    static void create(String json) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(json).post("/admin/v1/erasures")
                .then().statusCode(201);
    }

    static JsonPath awaitComplete(String model) throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        JsonPath r;
        do {
            Thread.sleep(100);
            r = given().header("Authorization", READER).get("/admin/v1/models/" + model + "/residual-knowledge")
                    .then().statusCode(200).extract().jsonPath();
        } while (!r.getBoolean("complete") && System.currentTimeMillis() < until);
        return r;
    }

    @Test
    void anOperatorRunsTheAuditAndReadsWhatTheModelStillKnows() throws Exception {
        // given: three erasures, requested after the model's training snapshot
        create("{\"id\":\"api-jane\",\"subject\":{\"names\":[\"Jane Doe\"],\"emails\":[\"jane.doe@example.org\"]},"
                + "\"requested_at\":\"2025-01-15T00:00:00Z\"}");
        create("{\"id\":\"api-olaf\",\"subject\":{\"names\":[\"Olaf Brandtmeier\"]},\"requested_at\":\"2025-01-15T00:00:00Z\"}");
        create("{\"id\":\"api-ledger\",\"passages\":[\"" + AuditFixture.PASSAGE_A + "\"],\"requested_at\":\"2025-01-15T00:00:00Z\"}");
        given().header("Authorization", READER).get("/admin/v1/models/knows-model/residual-knowledge")
                .then().statusCode(200).body("probed", equalTo(0)).body("complete", equalTo(false));
        // when: an auditor may not run it, nobody without a token may, the admin may
        given().post("/admin/v1/models/knows-model/residual-knowledge:run").then().statusCode(401);
        given().header("Authorization", READER).post("/admin/v1/models/knows-model/residual-knowledge:run")
                .then().statusCode(403).body("error.type", equalTo("permission_error"));
        String link = given().header("Authorization", AUTH).post("/admin/v1/models/knows-model/residual-knowledge:run")
                .then().statusCode(202).body("model", equalTo("knows-model")).extract().path("report");
        given().urlEncodingEnabled(false).header("Authorization", READER).get(link).then().statusCode(200)
                .body("model", equalTo("knows-model"));
        given().urlEncodingEnabled(false).header("Authorization", AUTH).post("/admin/v1/models/clean-model/residual-knowledge%3Arun")
                .then().statusCode(202);
        // then: Jane's e-mail and the ledger passage are still in the weights, Olaf is not
        JsonPath r = awaitComplete("knows-model");
        assertThat(r.getBoolean("complete")).isTrue();
        assertThat(r.getString("model")).isEqualTo("knows-model");
        assertThat(r.getInt("probed")).isEqualTo(3);
        assertThat(r.getInt("known")).isEqualTo(2);
        assertThat(r.getInt("by_kind.person.probed")).isEqualTo(2);
        assertThat(r.getInt("by_kind.person.known")).isEqualTo(1);
        assertThat(r.getInt("by_kind.passage.probed")).isEqualTo(1);
        assertThat(r.getInt("by_kind.passage.known")).isEqualTo(1);
        assertThat(r.getInt("by_kind.topic.probed")).isZero();
        assertThat(r.getString("known_share_ci95.method")).isEqualTo("wilson");
        assertThat(r.getList("erasures.erasure_id")).containsExactlyInAnyOrder("api-jane", "api-olaf", "api-ledger");
        Map<String, Object> jane = r.getMap("erasures.find { it.erasure_id == 'api-jane' }");
        assertThat(jane).containsEntry("known", true).containsEntry("template_id", "person-email-en")
                .containsEntry("detector", "lexical").containsKey("last_probe_at");
        String body = given().header("Authorization", READER).get("/admin/v1/models/knows-model/residual-knowledge")
                .asString();
        // the README's worked example is this report
        Files.writeString(Path.of("target/residual-knowledge-example.json"), body);
        assertThat(body).doesNotContain("as far as I know").doesNotContain("jane.doe@").doesNotContain("Quillfeather");
        // the comparison: the clean model no longer produces either
        awaitComplete("clean-model");
        given().header("Authorization", READER).get("/admin/v1/residual-knowledge:compare?before=knows-model&after=clean-model")
                .then().statusCode(200).body("removed", equalTo(2)).body("remaining", equalTo(0)).body("new", equalTo(0))
                .body("erasures.find { it.erasure_id == 'api-jane' }.known_before", equalTo(true))
                .body("erasures.find { it.erasure_id == 'api-jane' }.known_after", equalTo(false));
        // the retrain debt marks what is still in the weights apart from what is no longer produced
        given().header("Authorization", READER).get("/admin/v1/models/knows-model/erasure-debt").then().statusCode(200)
                .body("data.find { it.erasure_id == 'api-jane' }.residual_knowledge", equalTo("still_in_weights"))
                .body("data.find { it.erasure_id == 'api-olaf' }.residual_knowledge", equalTo("not_produced"))
                .body("still_in_weights", equalTo(2)).body("not_produced", equalTo(1));
        // metrics per model
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("lethe_audit_probes_sent_total{model=\"knows-model\"}")
                .contains("lethe_audit_known_share{model=\"knows-model\"}");
        // evidence of its own type, valid against its schema, with hashes and never texts
        assertThat(evidence.spool().awaitCommitted(10_000)).isTrue();
        com.networknt.schema.JsonSchema schema;
        try (var in = getClass().getResourceAsStream("/io/lethe/evidence/audit-evidence-v1.schema.json")) {
            schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
        List<JsonNode> events = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        Path spool = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("lethe.data.dir", String.class)).resolve("evidence");
        List<Path> segments;
        try (var files = Files.list(spool)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("seg-")
                    && p.getFileName().toString().endsWith(".ndjson")).toList();
        }
        for (Path seg : segments) {
            String content = Files.readString(seg, StandardCharsets.UTF_8);
            all.append(content);
            for (String line : content.split("\n")) {
                JsonNode ev = MAPPER.readTree(line);
                if (ev.path("type").asText().equals("io.lethe.audit.v1")) {
                    assertThat(schema.validate(ev)).as(line).isEmpty();
                    events.add(ev);
                }
            }
        }
        assertThat(events).filteredOn(e -> e.path("data").path("model").asText().equals("knows-model"))
                .filteredOn(e -> e.path("data").path("known").asBoolean()).extracting(e -> e.path("subject").asText())
                .containsOnly("api-jane", "api-ledger");
        assertThat(all.toString()).doesNotContain("Jane Doe").doesNotContain("jane.doe@").doesNotContain("Quillfeather");
        assertThat(Files.readString(Path.of("target/quarkus-tests.log"))).doesNotContain("as far as I know")
                .doesNotContain("Quillfeather");
    }

    @Test
    void aModelWithTheAuditOffOrAMissingParameterIsA400NamingTheField() {
        given().header("Authorization", AUTH).post("/admin/v1/models/other-model/residual-knowledge:run")
                .then().statusCode(400).body("error.param", equalTo("model"))
                .body("error.message", containsString("lethe.audit.models.\"<model>\".enabled=true"))
                .body("error.message", org.hamcrest.Matchers.not(containsString("other-model")));  // caller's text
        given().header("Authorization", READER).get("/admin/v1/models/other-model/residual-knowledge")
                .then().statusCode(400).body("error.param", equalTo("model"));
        given().header("Authorization", READER).get("/admin/v1/residual-knowledge:compare?before=knows-model")
                .then().statusCode(400).body("error.param", equalTo("after"));
        given().header("Authorization", READER).get("/admin/v1/residual-knowledge:compare?before=nope&after=knows-model")
                .then().statusCode(400).body("error.param", equalTo("before"));
        given().get("/admin/v1/models/knows-model/residual-knowledge").then().statusCode(401);
    }
}
