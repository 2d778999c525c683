package io.lethe.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /q/metrics} labels hold no caller text (red team h68 F1): a model the default upstream lists but whose
 * name is a registered person is tagged {@code <withheld>}, as the log shows it; 401s, wrong admin tokens and the
 * admin routes with a path parameter (regex routes included) are labelled by route template, never by the path
 * as sent.
 */
@QuarkusTest
@TestProfile(MetricsLabelsTest.Keys.class)
class MetricsLabelsTest {

    static final String NAME = "Corwin Ashdale";
    static final String EMAIL = "corwin.ashdale@example.org";
    static final String ADMIN = "Bearer test-admin-token";

    /** Client keys required (so refusals are 401s), and an upstream that lists a model named as the person. */
    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lethe.auth.anonymous", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PersonModelUpstream.class));
        }
    }

    /** An upstream whose model list names the person; chat answers a fixed greeting. */
    public static class PersonModelUpstream implements QuarkusTestResourceLifecycleManager {
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            try {
                HttpServer server = vertx.createHttpServer().requestHandler(req -> {
                    JsonObject body = req.path().endsWith("/models")
                            ? new JsonObject().put("object", "list").put("data", new JsonArray()
                                    .add(new JsonObject().put("id", NAME).put("object", "model").put("owned_by", "x")))
                            : new JsonObject().put("id", "c1").put("object", "chat.completion").put("created", 1)
                                    .put("model", "m").put("choices", new JsonArray().add(new JsonObject()
                                            .put("index", 0).put("finish_reason", "stop").put("message",
                                                    new JsonObject().put("role", "assistant").put("content", "Hello."))));
                    req.body().onComplete(ar -> req.response().putHeader("content-type", "application/json")
                            .end(body.encode()));
                }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return Map.of("lethe.upstream.url", "http://127.0.0.1:" + server.actualPort() + "/v1");
            } catch (Exception e) {
                throw new IllegalStateException("upstream did not start", e);
            }
        }

        @Override
        public void stop() {
            if (vertx != null) {
                vertx.close();
            }
        }
    }

    @Test
    void noLabelCarriesAModelNameOrPathThatNamesAnErasedPerson() {
        // given
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"metrics-f1\",\"subject\":{\"names\":[\"" + NAME + "\"],\"emails\":[\"" + EMAIL + "\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        // when: the model the upstream lists, then paths naming the person refused or answered in many ways
        given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body("{\"model\":\"" + NAME + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        given().get("/v1/files/" + EMAIL).then().statusCode(401);
        given().get("/v1/models/" + EMAIL).then().statusCode(401);
        given().header("Authorization", "Bearer typo").get("/admin/v1/erasures/" + EMAIL).then().statusCode(401);
        given().header("Authorization", "Bearer typo").delete("/admin/v1/erasures/" + EMAIL).then().statusCode(401);
        given().header("Authorization", "Bearer typo").get("/admin/v1/models/" + EMAIL + "/erasure-debt")
                .then().statusCode(401);
        given().header("Authorization", ADMIN).get("/admin/v1/models/" + NAME + "/residual-knowledge")
                .then().statusCode(400);
        given().header("Authorization", ADMIN).get("/admin/v1/models/" + EMAIL + "/residual-knowledge")
                .then().statusCode(400);
        given().header("Authorization", ADMIN).post("/admin/v1/models/" + EMAIL + "/residual-knowledge:run")
                .then().statusCode(400);
        given().header("Authorization", ADMIN).get("/admin/v1/models/" + EMAIL + "/erasure-debt")
                .then().statusCode(404);
        given().header("Authorization", ADMIN).get("/admin/v1/erasures/" + EMAIL + "/history").then().statusCode(404);
        given().header("Authorization", "Bearer acme-key-1").get("/v1/models/" + EMAIL).then().statusCode(404);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // then: no label names the person
        for (String secret : List.of("corwin", "ashdale", "example.org", "%40")) {
            assertThat(metrics.toLowerCase(java.util.Locale.ROOT)).as("metrics").doesNotContain(secret);
        }
        // ... and the meters exist, under the withheld model and the templates
        assertThat(metrics).contains("model=\"<withheld>\"")
                .contains("uri=\"/admin/v1/models/{model}/residual-knowledge\"")
                .contains("uri=\"/admin/v1/models/{model}/erasure-debt\"")
                .contains("uri=\"/admin/v1/erasures/{id}\"");
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
                .as("every uri label is a template or a fixed word")
                .allMatch(l -> l.matches(".*uri=\"(/v1/[a-z/{}]+|/admin/v1/[a-z:/{}-]+|NOT_FOUND|UNKNOWN|root)\".*"));
    }

    @Test
    void uriTemplatesKeepRoutesAndDropEverythingElse() {
        assertThat(PrometheusFilters.uriTemplate("/v1/chat/completions")).isEqualTo("/v1/chat/completions");
        assertThat(PrometheusFilters.uriTemplate("/admin/v1/erasures%3Abulk")).isEqualTo("/admin/v1/erasures:bulk");
        assertThat(PrometheusFilters.uriTemplate("/admin/v1/models/org/m%20x/residual-knowledge:run"))
                .isEqualTo("/admin/v1/models/{model}/residual-knowledge:run");
        assertThat(PrometheusFilters.uriTemplate("/admin/v1/erasures/" + EMAIL)).isEqualTo("/admin/v1/erasures/{id}");
        assertThat(PrometheusFilters.uriTemplate("/v1/files/" + EMAIL)).isEqualTo("UNKNOWN");
        assertThat(PrometheusFilters.uriTemplate("/v1/chat/completions;" + NAME)).isEqualTo("UNKNOWN");
        assertThat(PrometheusFilters.uriTemplate("/q/" + EMAIL)).isEqualTo("UNKNOWN");
    }
}
