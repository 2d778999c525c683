package io.lethe.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain JUnit (no Quarkus): the fake upstream's own contract, checked with the JDK HttpClient. */
class ReplayUpstreamTest {

    static ReplayUpstream upstream;
    static HttpClient http;

    @BeforeAll
    static void start() {
        upstream = ReplayUpstream.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void clear() {
        upstream.reset();
    }

    @Test
    void everyTranscriptIsReplayedByteForByteWithItsStatusAndType() throws Exception {
        // given every recorded body, including the no-[DONE] and "data:"-without-space ones
        assertTrue(upstream.transcriptNames().contains("tgi-legacy-1.4.3-stream-no-done"));
        for (String name : upstream.transcriptNames()) {
            // when
            HttpResponse<byte[]> r = post("/chat/completions", new JsonObject().put("model", name).put("stream", true));
            // then
            assertArrayEquals(upstream.transcriptBytes(name), r.body(), name);
            boolean sse = !name.endsWith("404-model-not-found") && !name.contains("nonstream");
            assertEquals(name.contains("error-404") ? 404 : 200, r.statusCode(), name);
            assertEquals(sse ? "text/event-stream" : "application/json",
                    r.headers().firstValue("content-type").orElse(""), name);
        }
    }

    @Test
    void sseTranscriptIsWrittenOneEventPerHttpChunk() throws Exception {
        // given a transcript whose events use "data:" without a space and lack [DONE]
        String name = "tgi-legacy-1.4.3-stream-no-done";
        List<byte[]> expected = new ArrayList<>();
        ReplayUpstream.splitEvents(upstream.transcriptBytes(name)).forEach(b -> expected.add(b.getBytes()));
        // when read at the HTTP/1.1 chunk level, with a pause so writes cannot coalesce
        List<byte[]> chunks = rawChunks(new JsonObject().put("model", name).put("x_delay_ms", 5));
        // then each chunk is exactly one recorded event
        assertEquals(expected.size(), chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            assertArrayEquals(expected.get(i), chunks.get(i), "event " + i);
        }
    }

    @Test
    void echoStreamFollowsTheRequestedChunkSizesCycled() throws Exception {
        // given
        String text = "Hello, erasure world!";
        JsonObject req = chat("echo", text).put("stream", true).put("x_chunks", new JsonArray().add(3).add(1).add(7));
        // when
        List<JsonObject> events = dataEvents(post("/chat/completions", req));
        // then
        JsonObject first = events.get(0).getJsonArray("choices").getJsonObject(0);
        assertEquals("assistant", first.getJsonObject("delta").getString("role"));
        List<String> pieces = new ArrayList<>();
        for (JsonObject e : events.subList(1, events.size() - 1)) {
            assertEquals("chat.completion.chunk", e.getString("object"));
            pieces.add(e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
        }
        assertEquals(List.of("Hel", "l", "o, eras", "ure", " ", "world!"), pieces);
        JsonObject last = events.get(events.size() - 1).getJsonArray("choices").getJsonObject(0);
        assertEquals("stop", last.getString("finish_reason"));
        assertEquals(new JsonObject(), last.getJsonObject("delta"));
    }

    @Test
    void echoStreamInterleavesChoicesAndEndsWithUsageAndDone() throws Exception {
        // given
        JsonObject req = chat("echo", "abcdefgh").put("stream", true).put("n", 2)
                .put("stream_options", new JsonObject().put("include_usage", true));
        // when
        HttpResponse<byte[]> r = post("/chat/completions", req);
        List<JsonObject> events = dataEvents(r);
        // then: role×2, (chunk "abcd" ×2), (chunk "efgh" ×2), finish×2, usage, and the stream ends in [DONE]
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).endsWith("data: [DONE]\n\n"));
        assertEquals(9, events.size());
        int[] indexes = events.subList(0, 8).stream()
                .mapToInt(e -> e.getJsonArray("choices").getJsonObject(0).getInteger("index")).toArray();
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1, 0, 1}, indexes);
        JsonObject usage = events.get(8);
        assertEquals(new JsonArray(), usage.getJsonArray("choices"));
        assertEquals(4, usage.getJsonObject("usage").getInteger("completion_tokens"));
    }

    @Test
    void chunkingNeverSplitsASurrogatePair() {
        // given an emoji (two UTF-16 units) where a 1-unit cut would fall inside it
        List<String> pieces = ReplayUpstream.split("a\uD83D\uDE00b", new int[] {2});
        // then
        assertEquals(List.of("a\uD83D\uDE00", "b"), pieces);
    }

    @Test
    void reasoningAndToolArgumentsAreStreamedOnTheirOwnChannels() throws Exception {
        // given
        JsonObject req = chat("echo", "").put("stream", true).put("x_reasoning", "think hard")
                .put("x_tool_args", "{\"q\":\"x\"}").put("x_chunks", new JsonArray().add(5));
        // when
        List<JsonObject> events = dataEvents(post("/chat/completions", req));
        // then
        StringBuilder reasoning = new StringBuilder();
        StringBuilder args = new StringBuilder();
        String toolName = null;
        for (JsonObject e : events) {
            JsonObject delta = e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
            if (delta.containsKey("reasoning_content")) {
                reasoning.append(delta.getString("reasoning_content"));
            }
            if (delta.containsKey("tool_calls")) {
                JsonObject call = delta.getJsonArray("tool_calls").getJsonObject(0);
                assertEquals(0, call.getInteger("index"));
                if (call.containsKey("id")) {
                    toolName = call.getJsonObject("function").getString("name");
                }
                args.append(call.getJsonObject("function").getString("arguments"));
            }
        }
        assertEquals("think hard", reasoning.toString());
        assertEquals("{\"q\":\"x\"}", args.toString());
        assertEquals("get_info", toolName);
        assertEquals("tool_calls", events.get(events.size() - 1).getJsonArray("choices").getJsonObject(0)
                .getString("finish_reason"));
    }

    @Test
    void nonStreamedEchoIsAChatCompletionWithUsage() throws Exception {
        // when
        HttpResponse<byte[]> r = post("/chat/completions", chat("echo", "plain answer"));
        // then
        JsonObject body = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("chat.completion", body.getString("object"));
        JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
        assertEquals("plain answer", choice.getJsonObject("message").getString("content"));
        assertEquals("stop", choice.getString("finish_reason"));
        assertEquals(3, body.getJsonObject("usage").getInteger("completion_tokens"));
    }

    @Test
    void legacyCompletionsEchoThePromptInTextChunks() throws Exception {
        // when
        List<JsonObject> events = dataEvents(post("/completions",
                new JsonObject().put("model", "echo").put("prompt", "once upon").put("stream", true)));
        // then
        StringBuilder text = new StringBuilder();
        for (JsonObject e : events) {
            assertEquals("text_completion", e.getString("object"));
            text.append(e.getJsonArray("choices").getJsonObject(0).getString("text"));
        }
        assertEquals("once upon", text.toString());
    }

    @Test
    void resetMidStreamDeliversTwoChunksThenFailsTheRead() throws Exception {
        // given
        HttpRequest req = request("/chat/completions", chat("fail-reset-mid-stream", "abcdefghijkl").put("stream", true));
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        // when / then: the body read fails instead of ending normally
        assertThrows(IOException.class, () -> {
            try (InputStream in = r.body()) {
                byte[] buf = new byte[1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            }
        });
        String text = got.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"content\":\"abcd\""), text);
        assertTrue(text.contains("\"content\":\"efgh\""), text);
        assertFalse(text.contains("ijkl"), text);
    }

    @Test
    void errorEventModelSendsVllmErrorThenDone() throws Exception {
        // when
        String body = new String(post("/chat/completions", chat("fail-error-event", "abcdefghijkl")).body(),
                StandardCharsets.UTF_8);
        // then
        assertTrue(body.endsWith("\"code\": 400}}\n\ndata: [DONE]\n\n"), body);
        assertTrue(body.contains("data: {\"error\": {\"object\": \"error\""), body);
    }

    @Test
    void stallMidStreamSendsTheBeginningThenKeepsTheConnectionOpenAndSilent() throws Exception {
        // given a reader that waits at most 600 ms for each next chunk
        List<byte[]> chunks = new ArrayList<>();
        // when / then: the prefix arrives, then the read times out instead of seeing an end
        assertThrows(java.net.SocketTimeoutException.class,
                () -> rawChunks(chat("fail-stall-mid-stream", "abcdefghijkl").put("stream", true), chunks, 600));
        assertEquals(3, chunks.size()); // role chunk, "abcd", "efgh"
        assertTrue(new String(chunks.get(2), StandardCharsets.UTF_8).contains("\"content\":\"efgh\""));
    }

    @Test
    void slowFirstByteHoldsTheHeadersForTheRequestedDelay() throws Exception {
        // when
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = post("/chat/completions", chat("fail-slow-first-byte", "late").put("x_delay_ms", 300));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        // then
        assertTrue(tookMs >= 300, "answered after " + tookMs + " ms");
        assertEquals(200, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("\"content\":\"late\""));
    }

    @Test
    void nonJsonBrokenSseAnd500ModelsFailAsNamed() throws Exception {
        // when
        HttpResponse<byte[]> html = post("/chat/completions", chat("fail-non-json", "x"));
        HttpResponse<byte[]> broken = post("/chat/completions", chat("fail-broken-sse", "abcdefghijkl"));
        HttpResponse<byte[]> err = post("/chat/completions", chat("fail-500", "x"));
        // then
        assertEquals("<html>oops</html>", new String(html.body(), StandardCharsets.UTF_8));
        assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(new String(broken.body(), StandardCharsets.UTF_8).endsWith("\"content\":\"efgh\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]}\n\ndata: {not json\n\n"));
        assertEquals(500, err.statusCode());
        assertEquals("server_error", new JsonObject(new String(err.body(), StandardCharsets.UTF_8))
                .getJsonObject("error").getString("type"));
    }

    @Test
    void echoStreamStreamsByDefaultAndKeepAlivesAreSseComments() throws Exception {
        // when no "stream" field is sent
        HttpResponse<byte[]> r = post("/chat/completions", chat("echo-stream", "abcdefgh").put("x_keepalive", true));
        // then
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
        assertTrue(body.contains("\n\n: keep-alive\n\ndata: "), body);
        assertEquals("abcdefgh", dataEvents(r).stream()
                .map(e -> e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content", ""))
                .reduce("", String::concat));
    }

    @Test
    void unknownModelGetsVllmNotFound() throws Exception {
        // when
        HttpResponse<byte[]> r = post("/chat/completions", chat("no-such-model", "hi"));
        // then
        assertEquals(404, r.statusCode());
        JsonObject err = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("The model `no-such-model` does not exist.", err.getString("message"));
        assertEquals("NotFoundError", err.getString("type"));
        assertEquals(404, err.getInteger("code"));
    }

    @Test
    void modelsListsSyntheticTranscriptAndFailureModels() throws Exception {
        // when
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // then
        JsonObject list = new JsonObject(r.body());
        assertEquals("list", list.getString("object"));
        List<String> ids = list.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
        assertTrue(ids.containsAll(List.of("echo", "echo-stream", "vllm-stream-usage-deepseekv31", "fail-500")), ids.toString());
        assertEquals(2 + upstream.transcriptNames().size() + ReplayUpstream.FAILURE_MODELS.size(), ids.size());
    }

    @Test
    void recordsBodyPathAndHeadersOfEachRequest() throws Exception {
        // given a body with a field no server knows
        JsonObject req = chat("echo", "hi").put("vendor_extension", new JsonObject().put("k", 1));
        // when
        post("/chat/completions", req);
        // then
        assertEquals(List.of(req), upstream.requests());
        ReplayUpstream.Received got = upstream.lastReceived();
        assertEquals("/v1/chat/completions", got.path());
        assertEquals("Bearer test-key", got.header("authorization"));
        assertNull(got.header("x-not-sent"));
    }

    // ---------------------------------------------------------------- helpers

    static JsonObject chat(String model, String userText) {
        return new JsonObject().put("model", model).put("messages", new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", "be brief"))
                .add(new JsonObject().put("role", "user").put("content", userText)));
    }

    static HttpRequest request(String path, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-key")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    }

    static HttpResponse<byte[]> post(String path, JsonObject body) throws Exception {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The JSON payloads of the {@code data:} events, [DONE] left out. */
    static List<JsonObject> dataEvents(HttpResponse<byte[]> r) {
        List<JsonObject> out = new ArrayList<>();
        for (String event : new String(r.body(), StandardCharsets.UTF_8).split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data:") && !line.substring(5).trim().equals("[DONE]")) {
                    out.add(new JsonObject(line.substring(5).trim()));
                }
            }
        }
        return out;
    }

    /** Posts over a raw socket and returns the HTTP/1.1 chunk payloads, so write boundaries are visible. */
    static List<byte[]> rawChunks(JsonObject body) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        rawChunks(body, chunks, 10_000);
        return chunks;
    }

    /** As above, adding to {@code chunks} as they arrive; a read waiting over {@code readTimeoutMs} throws. */
    static void rawChunks(JsonObject body, List<byte[]> chunks, int readTimeoutMs) throws IOException {
        byte[] payload = body.encode().getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", upstream.port())) {
            s.setSoTimeout(readTimeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = s.getInputStream();
            String statusAndHeaders = readUntilBlankLine(in);
            assertTrue(statusAndHeaders.toLowerCase().contains("transfer-encoding: chunked"), statusAndHeaders);
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                if (size == 0) {
                    return;
                }
                chunks.add(in.readNBytes(size));
                readLine(in); // CRLF after the chunk
            }
        }
    }

    private static String readUntilBlankLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("unexpected end of stream");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
