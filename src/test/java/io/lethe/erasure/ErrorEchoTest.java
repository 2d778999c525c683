package io.lethe.erasure;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors do not repeat caller text (red team h68 F6): an unknown route is named by its method and a fixed
 * description, an unknown key of an admin body by its parent and length, never the path or the key as sent.
 */
@QuarkusTest
class ErrorEchoTest {

    static final String AUTH = "Bearer test-admin-token";
    static final String NAME = "Corwin Ashdale";
    static final String EMAIL = "corwin.ashdale@example.org";

    @Test
    void anUnknownRouteIsNamedByMethodNotByItsPath() {
        String client = given().header("Authorization", "Bearer acme-key-1").get("/v1/files/" + EMAIL)
                .then().statusCode(404).extract().asString();
        String admin = given().header("Authorization", AUTH).get("/admin/v1/erasures/" + EMAIL + "/history")
                .then().statusCode(404).extract().asString();
        String root = given().get("/" + EMAIL).then().statusCode(404).extract().asString();
        for (String out : List.of(client, admin, root)) {
            assertThat(out).contains("unknown_route").contains("Unknown route: GET").doesNotContain("corwin")
                    .doesNotContain("ashdale");
        }
        assertThat(client).contains("/v1/chat/completions");
        assertThat(admin).contains("/admin/v1");
    }

    @Test
    void anUnknownKeyIsNamedByItsParentAndLength() {
        String body = "{\"subject\":{\"names\":[\"" + NAME + "\"],\"" + NAME + "\":[\"" + EMAIL + "\"]}}";
        String single = given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(400).extract().asString();
        assertThat(single).contains("\"param\":\"subject\"").contains("a key of " + NAME.length() + " chars")
                .contains("names");
        String top = given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"subject\":{\"names\":[\"A B\"]},\"" + NAME + "\":1}").post("/admin/v1/erasures")
                .then().statusCode(400).extract().asString();
        assertThat(top).contains("\"param\":null").contains("at the top level");
        String bulk = given().header("Authorization", AUTH).contentType("application/x-ndjson")
                .body((body + "\n").getBytes(StandardCharsets.UTF_8)).post("/admin/v1/erasures:bulk")
                .then().statusCode(200).extract().asString();
        for (String out : List.of(single, top, bulk)) {
            assertThat(out).doesNotContain("Corwin").doesNotContain("Ashdale");
        }
    }
}
