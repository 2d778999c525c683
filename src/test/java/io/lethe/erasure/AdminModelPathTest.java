package io.lethe.erasure;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model id in an admin path is the caller's text (red team h68 F2): one the gateway does not know reaches
 * neither the error, the log nor the hash-chained admin evidence, which show its length only, as for erasure
 * ids; a configured model is still named.
 */
@QuarkusTest
class AdminModelPathTest {

    static final String AUTH = "Bearer test-admin-token";

    @Test
    void anUnknownModelInAnAdminPathIsDescribedByItsLengthOnly() throws Exception {
        // given: a registered person
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Corwin Ashdale" + tag;
        String email = "ca" + tag + "@example.org";
        String rid = "f2-" + tag;
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"subject\":{\"names\":[\"" + name + "\"],\"emails\":[\"" + email + "\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        // when: the person is typed where a model goes
        String debt = given().header("Authorization", AUTH).header("X-Request-Id", rid)
                .get("/admin/v1/models/" + name + "/erasure-debt").then().statusCode(404).extract().asString();
        String report = given().header("Authorization", AUTH).header("X-Request-Id", rid)
                .get("/admin/v1/models/" + email + "/residual-knowledge").then().statusCode(400)
                .extract().asString();
        String run = given().header("Authorization", AUTH).header("X-Request-Id", rid)
                .post("/admin/v1/models/" + name + "/residual-knowledge:run").then().statusCode(400)
                .extract().asString();
        String compare = given().header("Authorization", AUTH).header("X-Request-Id", rid)
                .queryParam("before", email).queryParam("after", "old-model")
                .get("/admin/v1/residual-knowledge:compare").then().statusCode(400).extract().asString();
        // ... and a configured model, which may be named
        given().header("Authorization", AUTH).header("X-Request-Id", rid)
                .get("/admin/v1/models/old-model/erasure-debt").then().statusCode(200);
        // then: the errors name the parameter and the key to set, not the model
        assertThat(debt).contains("training-snapshot");
        assertThat(report).contains("\"param\":\"model\"").contains("enabled=true");
        assertThat(compare).contains("\"param\":\"before\"");
        String evidence = evidenceOf(rid, 5);
        Path log = Path.of("target", "quarkus-tests.log");
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(logText).contains("id <unknown model, " + name.length() + " chars>")
                .contains("id <unknown model, " + email.length() + " chars>").contains("id old-model");
        assertThat(evidence).contains("\"old-model\"");
        for (String secret : List.of(name, email, "Ashdale" + tag, "ca" + tag)) {
            for (String out : List.of(debt, report, run, compare)) {
                assertThat(out).as("error").doesNotContain(secret);
            }
            assertThat(logText).as("log").doesNotContain(secret);
            assertThat(evidence).as("evidence").doesNotContain(secret);
        }
    }

    /** The admin events with request id {@code rid}, once {@code count} are in the spool (10 s at most). */
    private static String evidenceOf(String rid, int count) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < until) {
            lines = io.lethe.testkit.EvidenceFiles.text().lines().filter(l -> l.contains(rid)).toList();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).as("admin events of the calls").hasSizeGreaterThanOrEqualTo(count);
        return String.join("\n", lines);
    }
}
