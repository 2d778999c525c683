package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.chunks;
import static io.lethe.proxy.TestHttp.concat;
import static io.lethe.proxy.TestHttp.events;
import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.post;
import static io.lethe.proxy.TestHttp.replay;
import static io.lethe.proxy.TestHttp.sse;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error the proxy answers: client mistakes, upstream failures before and during a stream, cancellation. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class ErrorsTest {

    private static final String MODEL = "fake-model";
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";

    @TestHTTPResource("/")
    URL base;

    private static JsonNode assertError(Response r, int status, String code) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"));
        assertNotNull(r.header("X-Request-Id"));
        JsonNode error = json(r.asString()).get("error");
        assertNotNull(error, r.asString());
        for (String f : List.of("message", "type", "param", "code")) {
            assertTrue(error.has(f), "error." + f + " in " + r.asString());
        }
        if (code != null) {
            assertEquals(code, error.path("code").asText(), r.asString());
        }
        return error;
    }

    /** The stream ended with an OpenAI error event and [DONE]; returns the error. */
    private static JsonNode assertStreamEndsWithError(String body, String code) {
        List<String> p = sse(body);
        assertEquals("[DONE]", p.get(p.size() - 1), body);
        JsonNode error = json(p.get(p.size() - 2)).get("error");
        assertNotNull(error, body);
        assertEquals(code, error.path("code").asText(), body);
        return error;
    }

    @Test
    void bodyOverTheLimitByContentLengthIs413() {
        String big = "{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}";

        Response r = given().contentType("application/json").body(big).post("/v1/chat/completions");

        assertError(r, 413, "request_too_large");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(base.toURI().resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                // No length known up front: sent chunked, so only the streamed size can catch it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, r.statusCode());
        assertEquals("request_too_large", json(r.body()).at("/error/code").asText());
    }

    @Test
    void malformedJsonIs400WithLocationAndWithoutEchoingTheBody() {
        Response r = given().contentType("application/json")
                .body("{\"model\":\"fake-model\",\n\"messages\":[{\"role\":\"user\",\"content\":\"my secret plan\"}],,}")
                .post("/v1/chat/completions");

        JsonNode error = assertError(r, 400, "invalid_json");
        assertTrue(error.get("message").asText().contains("line 2"), error.toString());
        assertFalse(r.asString().contains("secret"));
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @Test
    void truncatedJsonNamesTheEndOfInput() {
        JsonNode error = assertError(given().contentType("application/json").body("{\"model\":\"fake-")
                .post("/v1/chat/completions"), 400, "invalid_json");
        assertTrue(error.get("message").asText().contains("end of input"));
    }

    @Test
    void missingOrInvalidModelIs400NamingTheParam() {
        ObjectNode noModel = chat(MODEL, false, Json.object());
        noModel.remove("model");
        assertEquals("model", assertError(post("/v1/chat/completions", noModel), 400, null).get("param").asText());

        ObjectNode numberModel = chat(MODEL, false, Json.object());
        numberModel.put("model", 42);
        assertEquals("model", assertError(post("/v1/chat/completions", numberModel), 400, null).get("param").asText());
    }

    @Test
    void missingOrInvalidMessagesIs400NamingTheParam() {
        ObjectNode noMessages = chat(MODEL, false, Json.object());
        noMessages.remove("messages");
        assertEquals("messages", assertError(post("/v1/chat/completions", noMessages), 400, null).get("param").asText());

        ObjectNode stringMessages = chat(MODEL, false, Json.object());
        stringMessages.put("messages", "hi");
        assertEquals("messages", assertError(post("/v1/chat/completions", stringMessages), 400, null).get("param").asText());
    }

    @Test
    void nonObjectBodyIs400() {
        assertError(given().contentType("application/json").body("[1,2]").post("/v1/chat/completions"), 400, null);
        assertError(given().contentType("application/json").body("").post("/v1/chat/completions"), 400, null);
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        JsonNode error = assertError(post("/v1/chat/completions", chat("no-such-model", false, Json.object())), 404,
                "model_not_found");
        assertEquals("model", error.get("param").asText());
        // the client's text is not repeated: it could be an erased name (an outside tester's finding)
        assertFalse(error.toString().contains("no-such-model"), error.toString());
        // the upstream was never asked
        assertFalse(TestHttp.upstreamSaw("last").path("body").asText().contains("no-such-model"));
    }

    @Test
    void wrongMethodIs405() {
        Response r = given().get("/v1/chat/completions");
        assertError(r, 405, "method_not_allowed");
        assertEquals("POST", r.header("Allow"));
    }

    @Test
    void upstreamAnsweringNonJsonIs502() {
        ObjectNode x = Json.object().put("body", "<html>oops</html>").put("content_type", "text/html");

        JsonNode error = assertError(post("/v1/chat/completions", chat(MODEL, false, x)), 502, "upstream_bad_response");

        assertEquals("upstream_error", error.get("type").asText());
    }

    @Test
    void upstream500WithNonJsonBodyIs502() {
        ObjectNode x = Json.object().put("body", "Internal Server Error").put("content_type", "text/plain").put("status", 500);

        assertError(post("/v1/chat/completions", chat(MODEL, false, x)), 502, "upstream_bad_response");
    }

    /**
     * helper-80: a load balancer's plain-text 503 or 429 lost its {@code Retry-After}, so SDKs retried at once;
     * a 429 became a 502, which SDKs do not read as a rate limit.
     */
    @Test
    void aNonJsonRateLimitOrUnavailableKeepsRetryAfter() {
        ObjectNode busy = Json.object().put("body", "<html>503 Service Unavailable</html>").put("content_type", "text/html")
                .put("status", 503).put("retry_after", "7");
        Response r = post("/v1/chat/completions", chat(MODEL, false, busy));
        assertError(r, 502, "upstream_bad_response");
        assertEquals("7", r.header("Retry-After"));

        ObjectNode limited = Json.object().put("body", "Too Many Requests").put("content_type", "text/plain")
                .put("status", 429).put("retry_after", "3");
        r = post("/v1/chat/completions", chat(MODEL, true, limited));
        assertError(r, 429, "upstream_bad_response");
        assertEquals("3", r.header("Retry-After"));
        assertFalse(r.asString().contains("Too Many"), r.asString());
    }

    /** helper-80: a client's UTF-8 BOM went to the upstream, whose JSON parser (Python's) refuses it. */
    @Test
    void aRequestBodysByteOrderMarkIsNotForwarded() {
        byte[] json = Json.write(chat(MODEL, false, Json.object().put("tag", "bom"))).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        given().contentType("application/json").body(withBom).post("/v1/chat/completions").then().statusCode(200);

        String forwarded = TestHttp.upstreamSaw("bom").path("body").asText();
        assertTrue(forwarded.startsWith("{"), forwarded);
    }

    @Test
    void streamingRequestAnsweredWithHtmlIs502() {
        ObjectNode x = Json.object().put("body", "<html>gateway</html>").put("content_type", "text/html");

        assertError(post("/v1/chat/completions", chat(MODEL, true, x)), 502, "upstream_bad_response");
    }

    @Test
    void brokenSseBeforeAnyEventIs502() {
        assertError(post("/v1/chat/completions", chat(MODEL, true, events("data: {not json\n\n"))), 502, "upstream_bad_sse");
    }

    @Test
    void brokenSseMidStreamEndsWithErrorEventAndDone() {
        String body = post("/v1/chat/completions", chat(MODEL, true,
                events(CHUNK.formatted("Hello"), "data: {\"choices\": [tru\n\n", CHUNK.formatted("never")))).asString();

        assertStreamEndsWithError(body, "upstream_bad_sse");
        assertEquals("Hello", concat(chunks(sse(body).subList(0, 1)), 0, "/delta/content"));
        assertFalse(body.contains("never"));
    }

    @Test
    void anUpstreamStreamCutOffMidAnswerEndsWithAnErrorAndDropsHeldText() {
        // no finish_reason and no [DONE]: the answer was cut off, and "Vol" could begin a registered word
        String body = post("/v1/chat/completions", chat(MODEL, true,
                events(CHUNK.formatted("Hello "), CHUNK.formatted("Vol")).put("tag", "truncated"))).asString();

        assertStreamEndsWithError(body, "upstream_stream_truncated");
        assertTrue(body.contains("Hello "));
        assertFalse(body.contains("Vol"), "held text is dropped, never flushed");
    }

    @Test
    void doneBeforeAChoicesFinishReasonIsATruncationAndDropsHeldText() {
        // [DONE] without the choice's finish_reason: the answer was cut off all the same ("Vol" could begin a word)
        String body = post("/v1/chat/completions", chat(MODEL, true,
                events(CHUNK.formatted("Hello "), CHUNK.formatted("Vol"), "data: [DONE]\n\n"))).asString();

        assertStreamEndsWithError(body, "upstream_stream_truncated");
        assertTrue(body.contains("Hello "));
        assertFalse(body.contains("Vol"), "held text is dropped, never flushed");
    }

    @Test
    void doneBeforeALegacyChoicesFinishReasonIsATruncationToo() {
        String legacy = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"text\":\"%s\",\"finish_reason\":null}]}\n\n";
        ObjectNode req = Json.object().put("model", MODEL).put("prompt", "hi").put("stream", true);
        req.set("x_fake", events(legacy.formatted("Hello "), legacy.formatted("Vol"), "data: [DONE]\n\n"));
        String body = post("/v1/completions", req).asString();

        assertStreamEndsWithError(body, "upstream_stream_truncated");
        assertFalse(body.contains("Vol"), "held text is dropped, never flushed");
    }

    @Test
    void anUpstreamStreamThatFinishedItsAnswerNeedsNoDone() {
        // TGI's legacy streams end without [DONE]: the finish_reason says the answer is whole
        String finish = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        String body = post("/v1/chat/completions", chat(MODEL, true,
                events(CHUNK.formatted("Hello "), CHUNK.formatted("Volume"), finish).put("tag", "no-done"))).asString();

        List<String> p = sse(body);
        assertEquals("[DONE]", p.get(p.size() - 1), body);
        assertFalse(body.contains("\"error\""), body);
        assertEquals("Hello Volume", concat(chunks(p), 0, "/delta/content"));
    }

    @Test
    void vllmErrorEventThenDoneEndsTheStreamWithTheErrorNormalized() {
        String vllmError = "data: {\"error\": {\"object\": \"error\", \"message\": \"Request aborted\", "
                + "\"type\": \"InternalServerError\", \"param\": null, \"code\": 500}}\n\n";

        String body = post("/v1/chat/completions", chat(MODEL, true,
                events(CHUNK.formatted("Partial "), vllmError, "data: [DONE]\n\n"))).asString();

        JsonNode error = assertStreamEndsWithError(body, "500");
        assertEquals("Request aborted", error.get("message").asText());
        assertEquals(3, sse(body).size(), "one chunk, the error, [DONE]");
    }

    @Test
    void errorEventAsFirstEventIsAPlainHttpError() {
        String bare = "data: {\"object\":\"error\",\"message\":\"prompt too long\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}\n\n";

        JsonNode error = assertError(post("/v1/chat/completions", chat(MODEL, true, events(bare, "data: [DONE]\n\n"))),
                400, "400");

        assertEquals("prompt too long", error.get("message").asText());
        assertEquals("BadRequestError", error.get("type").asText());
    }

    /**
     * helper-80: a mid-stream error was scanned alone, so it could finish a form whose start the answer held and
     * dropped ("Write to Vol" then an error reading "demort failed").
     */
    @Test
    void aMidStreamErrorThatFinishesAHeldNameIsWithheld() {
        String err = "data: {\"error\":{\"message\":\"demort failed\",\"type\":\"server_error\",\"code\":500}}\n\n";
        String body = post("/v1/chat/completions", chat(MODEL, true, events(CHUNK.formatted("Write to Vol"), err)))
                .asString();
        assertFalse(body.contains("demort"), body);
        assertFalse(body.contains("Vol"), body);
        String clean = "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\",\"code\":500}}\n\n";
        String kept = post("/v1/chat/completions", chat(MODEL, true, events(CHUNK.formatted("Write to Vol"), clean)))
                .asString();
        assertTrue(kept.contains("CUDA out of memory"), kept);
    }

    /** helper-80: a chunk whose JSON spans two data: lines went out so, though OpenAI frames one per line. */
    @Test
    void aChunkSpreadOverDataLinesGoesOutOnOne() {
        String split = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{\ndata: \"content\":\"Hello there. \"},\"finish_reason\":null}]}\n\n";
        String body = post("/v1/chat/completions", chat(MODEL, true, events(split, CHUNK.formatted("Bye."),
                "data: [DONE]\n\n"))).asString();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: {")) {
                assertNotNull(json(line.substring(6)), line);
            }
        }
        assertTrue(body.contains("Hello there. "), body);
    }

    @Test
    void slowFirstByteIs504() {
        long t0 = System.nanoTime();
        ObjectNode x = Json.object().put("first_byte_delay_ms", 3000).put("body", "{}");

        assertError(post("/v1/chat/completions", chat("slow-model", false, x)), 504, "upstream_timeout");
        assertError(post("/v1/chat/completions", chat("slow-model", true, x.deepCopy().put("tag", "slow-stream"))), 504,
                "upstream_timeout");

        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "the 400 ms first-byte timeout answered, not the upstream");
    }

    @Test
    void stallMidStreamEndsWithTimeoutEventAndDropsHeldText() {
        ObjectNode x = events(CHUNK.formatted("Hello Vol")).put("then", "hang").put("tag", "stall");

        String body = post("/v1/chat/completions", chat("slow-model", true, x)).asString();

        assertStreamEndsWithError(body, "upstream_timeout");
        assertTrue(body.contains("Hello "));
        assertFalse(body.contains("Vol"), "held text is dropped, never flushed unscanned");
    }

    /**
     * An upstream that restarted under a pooled keep-alive connection closes it once the request is read, without
     * an answer (seen in the issue 12 benchmark: 502 for the first requests after each upstream restart). The
     * request is sent again on a fresh connection, up to three times; a fourth close is reported.
     */
    @Test
    void aConnectionClosedUnansweredIsTriedOnceMoreOnAFreshOne() {
        String completion = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello again\"},"
                + "\"finish_reason\":\"stop\"}]}";
        ObjectNode once = Json.object().put("close_unanswered", 1).put("tag", "closed-once").put("body", completion);

        Response r = post("/v1/chat/completions", chat(MODEL, false, once));

        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("Hello again", json(r.asString()).at("/choices/0/message/content").asText());

        ObjectNode streamed = events(CHUNK.formatted("Hello"), "data: [DONE]\n\n").put("close_unanswered", 1)
                .put("tag", "closed-once-streamed");
        String body = post("/v1/chat/completions", chat(MODEL, true, streamed)).asString();
        assertTrue(body.contains("Hello") && body.trim().endsWith("data: [DONE]"), body);

        ObjectNode thrice = Json.object().put("close_unanswered", 3).put("tag", "closed-thrice").put("body", completion);
        assertEquals(200, post("/v1/chat/completions", chat(MODEL, false, thrice)).statusCode());
        ObjectNode always = Json.object().put("close_unanswered", 4).put("tag", "closed-always").put("body", completion);
        assertError(post("/v1/chat/completions", chat(MODEL, false, always)), 502, "upstream_connection_failed");
    }

    @Test
    void resetMidStreamEndsWithErrorEventAndDone() {
        ObjectNode x = events(CHUNK.formatted("Hello"), CHUNK.formatted(" Vol")).put("then", "reset");

        String body = post("/v1/chat/completions", chat(MODEL, true, x)).asString();

        JsonNode error = assertStreamEndsWithError(body, "upstream_connection_failed");
        assertEquals("upstream_error", error.get("type").asText());
        assertFalse(body.contains("Vol"));
    }

    @Test
    void aChoiceTheGuardCannotTakeApartIsBlocked() {
        String badToolIndex = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":-1,"
                + "\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]},\"finish_reason\":null}]}\n\n";

        String body = post("/v1/chat/completions", chat(MODEL, true, events(CHUNK.formatted("ok"), badToolIndex,
                "data: [DONE]\n\n"))).asString();

        assertFalse(body.contains("\\\"a\\\""), "the unscannable arguments never pass");
        List<String> p = sse(body);
        JsonNode refusal = json(p.get(p.size() - 2));
        assertEquals("content_filter", refusal.at("/choices/0/finish_reason").asText(), body);
        assertEquals("wire", refusal.at("/guard/findings/0/detector").asText(), body);
        assertEquals("unwalkable", refusal.at("/guard/findings/0/rule").asText(), body);

        String whole = "{\"choices\":[{\"index\":0,\"message\":{\"tool_calls\":[{\"index\":-1,\"function\":{\"arguments\":\"x\"}}]}}]}";
        JsonNode got = json(post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body", whole))).asString());
        assertEquals("content_filter", got.at("/choices/0/finish_reason").asText());
        assertFalse(got.at("/choices/0/message").has("tool_calls"));
    }

    @Test
    void choicesThatCannotBeAttributedFailTheAnswer() {
        String whole = "{\"choices\":{\"0\":{\"message\":{\"content\":\"Voldemort\"}}}}";
        assertError(post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body", whole))), 502,
                "upstream_unwalkable");
        String body = post("/v1/chat/completions", chat(MODEL, true, events(CHUNK.formatted("ok"),
                "data: {\"choices\":[\"Voldemort\"]}\n\n", "data: [DONE]\n\n"))).asString();
        assertStreamEndsWithError(body, "upstream_unwalkable");
        assertFalse(body.contains("Voldemort"));
    }

    @Test
    void upstreamVllmErrorBodyIsNormalizedWithItsStatus() {
        ObjectNode x = replay("vllm-error-404-model-not-found.json").put("status", 404);

        JsonNode error = assertError(post("/v1/chat/completions", chat(MODEL, false, x)), 404, "404");

        assertEquals("NotFoundError", error.get("type").asText());
        assertTrue(error.get("message").asText().startsWith("The model `Qwen1.5-14B-Chat-GPTQ-Int8`"));
    }

    @Test
    void upstreamOpenAiErrorPassesThroughWithHeaders() {
        String err = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\",\"extra\":1}}";
        ObjectNode x = Json.object().put("body", err).put("status", 429);

        Response r = post("/v1/chat/completions", chat(MODEL, true, x));

        assertError(r, 429, "rate_limit_exceeded");
        assertEquals(json(err), json(r.asString()));
        assertEquals("99", r.header("x-ratelimit-remaining-requests"));
    }

    /** helper-80: the refusal of an encoded or non-SSE answer quoted the upstream's header, a name in it too. */
    @Test
    void anUnknownEncodingOrContentTypeIsNeverQuotedInTheError() {
        ObjectNode enc = Json.object().put("body", "{}").put("content_encoding", "Voldemort Riddle");
        Response r = post("/v1/chat/completions", chat(MODEL, false, enc));
        assertError(r, 502, "upstream_bad_response");
        assertFalse(r.asString().contains("Voldemort"), r.asString());
        ObjectNode type = Json.object().put("body", "hello").put("content_type", "text/Voldemort-Riddle");
        Response s = post("/v1/chat/completions", chat(MODEL, true, type));
        assertFalse(s.asString().contains("oldemort"), s.asString());
        ObjectNode gzip = Json.object().put("body", "{}").put("content_encoding", "gzip");
        assertTrue(post("/v1/chat/completions", chat(MODEL, false, gzip)).asString().contains("'gzip'-encoded"));
    }

    @Test
    void tgiStringErrorIsNormalized() {
        ObjectNode x = Json.object().put("body", "{\"error\":\"Input validation error\",\"error_type\":\"validation\"}")
                .put("status", 422);

        JsonNode error = assertError(post("/v1/chat/completions", chat(MODEL, false, x)), 422, null);

        assertEquals("Input validation error", error.get("message").asText());
        assertEquals("validation", error.get("type").asText());
    }

    @Test
    void clientDisconnectCancelsTheUpstreamRequest() throws Exception {
        ObjectNode body = chat(MODEL, true, events(CHUNK.formatted("first")).put("then", "hang").put("tag", "disconnect"));
        byte[] payload = Json.writeBytes(body);
        String chunkSeen;
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!got.toString().contains("first")) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            chunkSeen = got.toString();
        } // the client goes away mid-stream

        assertTrue(chunkSeen.contains("first"), chunkSeen);
        long deadline = System.currentTimeMillis() + 5000;
        while (!TestHttp.upstreamClosedEarly("disconnect") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(TestHttp.upstreamClosedEarly("disconnect"), "the upstream saw its connection closed");
    }

    @Test
    void upstreamServerErrorIs502AndNamesTheUpstreamsStatus() {
        ObjectNode x = Json.object().put("body", "").put("status", 503).put("content_type", "text/plain");

        JsonNode error = assertError(post("/v1/chat/completions", chat(MODEL, false, x)), 502, null);

        assertEquals("The upstream answered HTTP 503.", error.get("message").asText());
    }

    @Test
    void upstreamNobodyListensOnIs502() {
        JsonNode error = assertError(post("/v1/chat/completions", chat("down-model", false, Json.object())), 502,
                "upstream_unavailable");

        assertFalse(error.get("message").asText().contains("127.0.0.1"), "no internal addresses in client errors");
    }

    @Test
    void aClientThatDoesNotReadPausesTheUpstream() throws Exception {
        int count = 40_000; // 40 MiB of events: more than every socket buffer on the way can hold
        ObjectNode body = chat(MODEL, true, Json.object().put("flood", count).put("tag", "flood"));
        byte[] payload = Json.writeBytes(body);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            assertTrue(in.read(buf) > 0);

            int stalledAt = waitUntilStable("flood");
            assertTrue(stalledAt < count, "the upstream was paused at " + stalledAt + " of " + count + " events");

            long total = 0;
            StringBuilder tail = new StringBuilder();
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                tail.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (tail.length() > 64) {
                    tail.delete(0, tail.length() - 64);
                }
                if (tail.toString().contains("[DONE]")) {
                    break;
                }
            }
            assertTrue(tail.toString().contains("data: [DONE]"), "the stream resumed and finished");
            assertTrue(total > (long) count * 1024, "all events arrived: " + total);
        }
    }

    /** Polls the fake's write count until it stops moving. */
    private static int waitUntilStable(String tag) throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            int now = json(given().baseUri(TestHttp.fakeBase()).get("/_fake/progress/" + tag).asString())
                    .get("written").intValue();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
