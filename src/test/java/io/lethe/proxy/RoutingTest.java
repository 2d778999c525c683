package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.upstreamSaw;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing by model, credentials, pass-through of the request, request ids, /v1/models, scan API, operations. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class RoutingTest {

    private static final String OK = "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

    private static Response send(String model, String tag, String authorization) {
        ObjectNode body = chat(model, false, Json.object().put("body", OK).put("tag", tag));
        var req = given().contentType("application/json").body(Json.write(body));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return req.post("/v1/chat/completions");
    }

    @Test
    void namedUpstreamGetsItsModelsWithItsOwnKey() {
        assertEquals(200, send("second-model", "route-second", "Bearer client-secret").statusCode());

        JsonNode saw = upstreamSaw("route-second");
        assertEquals("/second/v1/chat/completions", saw.get("path").textValue());
        assertEquals("Bearer second-key", saw.at("/headers/authorization").textValue());
    }

    @Test
    void otherModelsGoToTheDefaultUpstreamWithItsKeyNotTheClients() {
        assertEquals(200, send("fake-model", "route-default", "Bearer client-secret").statusCode());

        JsonNode saw = upstreamSaw("route-default");
        assertEquals("/v1/chat/completions", saw.get("path").textValue());
        assertEquals("Bearer default-key", saw.at("/headers/authorization").textValue());
    }

    @Test
    void withoutAConfiguredKeyTheClientsAuthorizationIsForwarded() {
        send("open-model", "route-open", "Bearer client-secret");

        assertEquals("Bearer client-secret", upstreamSaw("route-open").at("/headers/authorization").textValue());
    }

    @Test
    void requestBodyReachesTheUpstreamUnchanged() {
        String body = "{ \"model\" : \"fake-model\", \"messages\":[{\"role\":\"user\",\"content\":\"héllo \\u00e9\"}],"
                + "\"vendor_field\":{\"a\":[1,2.50,null]}, \"x_fake\":{\"tag\":\"passthrough\",\"body\":" + Json.write(Json.object().textNode(OK)) + "} }";

        given().contentType("application/json").body(body).post("/v1/chat/completions").then().statusCode(200);

        assertEquals(body, upstreamSaw("passthrough").get("body").textValue());
    }

    @Test
    void clientsRequestIdIsEchoedAndForwarded() {
        ObjectNode body = chat("fake-model", false, Json.object().put("body", OK).put("tag", "rid"));

        Response r = given().header("X-Request-Id", "client-id-123").contentType("application/json")
                .body(Json.write(body)).post("/v1/chat/completions");

        assertEquals("client-id-123", r.header("X-Request-Id"));
        assertEquals("client-id-123", upstreamSaw("rid").at("/headers/x-request-id").textValue());
    }

    /** Smuggling through the request id: a value that could forge a log field or a header is replaced, never echoed. */
    @Test
    void anUnusableRequestIdIsReplacedAndNeverEchoedOrForwarded() {
        String[] bad = {"a b", "tenant=acme request_id=x", "id\u00e9", "x".repeat(201), "a\tb"};
        for (int i = 0; i < bad.length; i++) {
            ObjectNode body = chat("fake-model", false, Json.object().put("body", OK).put("tag", "rid-bad-" + i));
            Response r = given().header("X-Request-Id", bad[i]).contentType("application/json").body(Json.write(body))
                    .post("/v1/chat/completions");
            String echoed = r.header("X-Request-Id");
            assertEquals(200, r.statusCode());
            assertFalse(echoed.equals(bad[i]), "echoed as sent: " + i);
            assertTrue(echoed.matches("[0-9a-f-]{36}"), "a made id: " + echoed);
            assertEquals(echoed, upstreamSaw("rid-bad-" + i).at("/headers/x-request-id").textValue());
        }
        // two ids: neither is taken (as with two credentials, which one is meant is unclear); one new id answers
        ObjectNode body = chat("fake-model", false, Json.object().put("body", OK).put("tag", "rid-two"));
        Response two = given().header("X-Request-Id", "first-id").header("X-Request-Id", "second-id")
                .contentType("application/json").body(Json.write(body)).post("/v1/chat/completions");
        assertEquals(1, two.headers().getValues("X-Request-Id").size());
        assertTrue(two.header("X-Request-Id").matches("[0-9a-f-]{36}"), "a made id: " + two.header("X-Request-Id"));
        assertEquals(two.header("X-Request-Id"), upstreamSaw("rid-two").at("/headers/x-request-id").textValue());
    }

    @Test
    void aRequestIdIsMadeWhenTheClientSendsNone() {
        String a = given().get("/v1/models").header("X-Request-Id");
        String b = given().post("/v1/guard/scan").header("X-Request-Id");

        assertNotNull(a);
        assertNotNull(b);
        assertFalse(a.equals(b));
        assertNotNull(given().get("/q/health/live").header("X-Request-Id"), "on every response");
        assertNotNull(given().get("/no/such/path").header("X-Request-Id"), "404s too");
    }

    @Test
    void modelsMergesAllUpstreamsWithoutDuplicates() {
        Response r = given().get("/v1/models");

        JsonNode list = json(r.asString());
        assertEquals("list", list.get("object").textValue());
        List<String> ids = list.get("data").findValuesAsText("id");
        assertTrue(ids.containsAll(List.of("fake-model", "deepseek-ai/DeepSeek-V3.1", "second-model", "second-model-b",
                "open-model", "slow-model")), ids.toString());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "deduplicated by id");
        JsonNode fake = list.get("data").findParents("id").stream()
                .filter(n -> n.get("id").textValue().equals("fake-model")).findFirst().orElseThrow();
        assertEquals(4096, fake.get("max_model_len").intValue(), "the upstream's own fields are kept");
    }

    @Test
    void guardScanReportsOffsetsInUtf16Units() {
        String text = "🎉 ask Voldemort, not Nagini";

        Response r = given().contentType("application/json")
                .body(Json.write(Json.object().put("text", text).put("model", "fake-model")))
                .post("/v1/guard/scan");

        JsonNode got = json(r.asString());
        assertEquals(200, r.statusCode());
        assertEquals("redact", got.get("action").textValue());
        assertEquals("🎉 ask [REDACTED], not Nagini", got.get("text").textValue());
        JsonNode v = got.get("findings").findParents("rule").stream()
                .filter(n -> n.get("rule").textValue().equals("term-voldemort")).findFirst().orElseThrow();
        assertEquals(text.indexOf("Voldemort"), v.get("start").intValue());
        assertEquals(7, v.get("start").intValue(), "the emoji counts two UTF-16 units");
        assertEquals(16, v.get("end").intValue());
        assertEquals(1.0, v.get("score").doubleValue());
        assertEquals(Set.of("erasure_id", "detector", "rule", "start", "end", "score"),
                toSet(v.fieldNames()));
    }

    @Test
    void guardScanBlockAnswersTheRefusal() {
        JsonNode got = json(given().contentType("application/json").body("{\"text\":\"a Horcrux\"}").post("/v1/guard/scan").asString());

        assertEquals("block", got.get("action").textValue());
        assertEquals(TestPipelineSource.REFUSAL, got.get("text").textValue());
    }

    @Test
    void guardScanWithoutTextIs400() {
        Response r = given().contentType("application/json").body("{\"text\":5}").post("/v1/guard/scan");

        assertEquals(400, r.statusCode());
        assertEquals("text", json(r.asString()).at("/error/param").textValue());
    }

    @Test
    void readinessReportsTheUpstreams() {
        given().get("/v1/models"); // the model list has been fetched at least once

        JsonNode health = json(given().get("/q/health/ready").asString());

        assertEquals("UP", health.get("status").textValue());
        JsonNode check = health.get("checks").findParents("name").stream()
                .filter(n -> n.get("name").textValue().equals("upstreams")).findFirst().orElseThrow();
        assertTrue(check.at("/data/default.url").textValue().startsWith("http://127.0.0.1:"));
        assertEquals("second-model,second-model-b", check.at("/data/second.models").textValue());
        assertFalse(check.toString().contains("second-key"), "keys never appear");
    }

    @Test
    void unreachableUpstreamDoesNotMakeTheGatewayUnready() {
        send("down-model", "down", null);

        assertEquals(200, given().get("/q/health/ready").statusCode());
    }

    @Test
    void metricsCountRequestsUpstreamLatencyAndGuardWork() {
        send("fake-model", "metrics", null);
        given().contentType("application/json").body("{\"text\":\"Voldemort\"}").post("/v1/guard/scan");

        String metrics = given().get("/q/metrics").asString();

        assertTrue(metrics.contains("lethe_requests_seconds_count{endpoint=\"chat_completions\",model=\"fake-model\",status=\"200\",streamed=\"false\"}"),
                metrics);
        assertTrue(metrics.contains("lethe_upstream_latency_seconds_count{phase=\"first_byte\",upstream=\"default\"}"));
        assertTrue(metrics.contains("lethe_guard_scan_seconds_count"));
        assertTrue(metrics.contains("lethe_guard_held_chars_count"));
        assertTrue(metrics.contains("lethe_guard_findings_total{action=\"redact\",detector=\"test-terms\"}"));
    }

    private static Set<String> toSet(java.util.Iterator<String> it) {
        Set<String> s = new HashSet<>();
        it.forEachRemaining(s::add);
        return s;
    }
}
