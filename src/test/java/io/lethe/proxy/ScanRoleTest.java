package io.lethe.proxy;

import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lethe.testkit.EchoChat.chat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The opt-in restrictions beyond API.md's defaults: with {@code lethe.auth.scan-role} the guard API answers only
 * credentials holding that role (no membership oracle for every client key), and with
 * {@code lethe.auth.erasure-ids-role} findings name erasure ids only to credentials holding that one. Roles come
 * from {@code lethe.tenants.<t>.roles} and from a keys-file line's {@code roles=}.
 */
@QuarkusTest
@TestProfile(ScanRoleTest.Roles.class)
@WithTestResource(ReplayUpstreamResource.class)
class ScanRoleTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String READER = "Bearer reader-key-1";
    static final String PLAIN = "Bearer plain-key-1";
    static final String FILE_SCANNER = "Bearer file-scanner-key-1";

    public static class Roles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path keys = Files.createTempFile("lethe-keys", ".txt");
                Files.writeString(keys, "# a key that may scan but not read ids\nfileco file-scanner-key-1 roles=scan\n");
                keys.toFile().deleteOnExit();
                return Map.of("lethe.auth.anonymous", "false",
                        "lethe.auth.scan-role", "scan", "lethe.auth.erasure-ids-role", "erasure-reader",
                        "lethe.tenants.readerco.api-keys", "reader-key-1",
                        "lethe.tenants.readerco.roles", "scan,erasure-reader",
                        "lethe.tenants.plainco.api-keys", "plain-key-1",
                        "lethe.auth.keys-file", keys.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String register() {
        String id = "role-" + UUID.randomUUID();
        String surname = "Quillfeather" + Integer.toHexString(id.hashCode() & 0xfffff);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Odalys " + surname + "\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        return id + " " + surname;
    }

    private static JsonPath scan(String auth, String text) {
        return given().header("Authorization", auth).contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}")
                .post("/v1/guard/scan").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void withoutTheScanRoleTheGuardApiAnswersTheSame403WhoeverTheTextNames() {
        // given
        String[] reg = register().split(" ");
        String named = "Odalys " + reg[1] + " wrote it.";
        // when
        String onPerson = given().header("Authorization", PLAIN).contentType(ContentType.JSON)
                .body("{\"text\":\"" + named + "\"}").post("/v1/guard/scan").then().statusCode(403)
                .body("error.type", equalTo("permission_error")).body("error.code", equalTo("role_required"))
                .extract().asString();
        String onNobody = given().header("Authorization", PLAIN).contentType(ContentType.JSON)
                .body("{\"text\":\"Nobody wrote it.\"}").post("/v1/guard/scan").then().statusCode(403).extract().asString();
        // then: the refusal tells nothing about the registry
        assertThat(onPerson).isEqualTo(onNobody).doesNotContain(reg[1]).doesNotContain(reg[0]);
        // and no other spelling of the path reaches the scan without the role (a review found three that did)
        for (String path : new String[]{"/v1/guard/scan/", "/v1/guard/%73can", "/v1/guard/./scan", "/v1//guard/scan"}) {
            int status = given().urlEncodingEnabled(false).header("Authorization", PLAIN).contentType(ContentType.JSON)
                    .body("{\"text\":\"" + named + "\"}").post(path).then().extract().statusCode();
            assertThat(status).as(path).isIn(403, 404);
        }
        // a credential with the role scans; one with the id role too sees the id, the admin token always
        assertThat(scan(READER, named).getString("findings[0].erasure_id")).isEqualTo(reg[0]);
        assertThat(scan(ADMIN, named).getString("findings[0].erasure_id")).isEqualTo(reg[0]);
        JsonPath fromFile = scan(FILE_SCANNER, named);
        assertThat(fromFile.getString("action")).isEqualTo("redact");
        assertThat(fromFile.getList("findings")).hasSize(1);
        assertThat(fromFile.getString("findings[0].erasure_id")).isNull();
        assertThat(fromFile.getString("findings[0].detector")).isEqualTo("lexical");
    }

    @Test
    void answersNameErasureIdsOnlyToCredentialsWithTheIdRole() throws Exception {
        // given
        String[] reg = register().split(" ");
        String text = "Odalys " + reg[1] + " said hi.";
        String whole = chat(text, false, null).toString();
        String streamed = chat(text, true, List.of(3)).toString();
        // when
        JsonPath plain = given().header("Authorization", PLAIN).contentType(ContentType.JSON).body(whole)
                .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
        JsonPath reader = given().header("Authorization", READER).contentType(ContentType.JSON).body(whole)
                .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
        String plainStream = given().header("Authorization", PLAIN).contentType(ContentType.JSON).body(streamed)
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        // then: the same redaction for both, the id only for the reader
        assertThat(plain.getString("choices[0].message.content")).isEqualTo("[REDACTED] said hi.");
        assertThat(reader.getString("choices[0].message.content")).isEqualTo("[REDACTED] said hi.");
        assertThat(plain.getString("guard.findings[0].detector")).isEqualTo("lexical");
        assertThat(plain.getString("guard.findings[0].erasure_id")).isNull();
        assertThat(reader.getString("guard.findings[0].erasure_id")).isEqualTo(reg[0]);
        assertThat(plainStream).contains("\"guard\"").contains("\"erasure_id\":null").doesNotContain(reg[0])
                .doesNotContain(reg[1]);
    }
}
