package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.sse.SseDecoder;
import io.lethe.proxy.sse.SseEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.chunks;
import static io.lethe.proxy.TestHttp.concat;
import static io.lethe.proxy.TestHttp.events;
import static io.lethe.proxy.TestHttp.post;
import static io.lethe.proxy.TestHttp.replay;
import static io.lethe.proxy.TestHttp.sse;
import static io.lethe.proxy.TestHttp.transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streamed answers relayed through the guard: real transcripts, redaction, blocking, all text channels. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class StreamingTest {

    private static final String MODEL = "fake-model";
    private static final String HEAD = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\",";

    private static String delta(int choice, String deltaJson, String finish) {
        return HEAD + "\"choices\":[{\"index\":" + choice + ",\"delta\":" + deltaJson + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String content(int choice, String text) {
        return delta(choice, "{\"content\":\"" + text + "\"}", null);
    }

    private static final String USAGE = HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private static List<String> upstreamPayloads(String transcript) throws Exception {
        SseDecoder d = new SseDecoder(1 << 20);
        List<SseEvent> events = new ArrayList<>();
        d.feed(transcript.getBytes(StandardCharsets.UTF_8), events);
        d.end(events);
        return events.stream().filter(e -> !e.isComment()).map(SseEvent::data).toList();
    }

    @Test
    void vllmStreamWithUsageChunkPassesThroughByteForByte() {
        String expected = transcript("vllm-stream-usage-deepseekv31.sse");

        Response r = post("/v1/chat/completions", chat("deepseek-ai/DeepSeek-V3.1", true,
                replay("vllm-stream-usage-deepseekv31.sse")));

        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/event-stream"));
        assertEquals(expected, r.asString());
    }

    @Test
    void streamSplitAtArbitraryBytesIsRelayedIdentically() {
        for (String t : List.of("vllm-stream-usage-deepseekv31.sse", "openai-stream-parallel-toolcalls-usage.sse")) {
            Response r = post("/v1/chat/completions", chat(MODEL, true, replay(t).put("chunk_bytes", 7)));
            assertEquals(transcript(t), r.asString(), t);
        }
    }

    @Test
    void tgiLegacyStreamWithoutDoneAndWithoutSpaceEndsWithDone() throws Exception {
        String t = transcript("tgi-legacy-1.4.3-stream-no-done.sse");

        List<String> got = sse(post("/v1/chat/completions", chat(MODEL, true,
                replay("tgi-legacy-1.4.3-stream-no-done.sse"))).asString());

        List<String> expected = new ArrayList<>(upstreamPayloads(t));
        expected.add("[DONE]");
        assertEquals(expected, got);
    }

    @Test
    void reasoningAndToolCallTranscriptIsRelayedWhole() throws Exception {
        String t = "vllm-via-cloudflare-workersai-stream-reasoning-toolcall-continuous-usage.sse";
        List<JsonNode> up = chunks(upstreamPayloads(transcript(t)));

        List<JsonNode> got = chunks(sse(post("/v1/chat/completions", chat(MODEL, true, replay(t).put("chunk_bytes", 64)))
                .asString()));

        assertEquals(concat(up, 0, "/delta/reasoning_content"), concat(got, 0, "/delta/reasoning_content"));
        assertEquals(concat(up, 0, "/delta/tool_calls/0/function/arguments"),
                concat(got, 0, "/delta/tool_calls/0/function/arguments"));
        assertTrue(concat(got, 0, "/delta/reasoning_content").length() > 100);
        assertEquals(up.size(), got.size(), "continuous usage rides on every chunk, so none is dropped");
    }

    @Test
    void interleavedChoicesOfN2AreEachRelayed() throws Exception {
        String t = "openai-stream-n2-usage.sse";
        List<JsonNode> up = chunks(upstreamPayloads(transcript(t)));

        List<JsonNode> got = chunks(sse(post("/v1/chat/completions", chat(MODEL, true, replay(t))).asString()));

        for (int choice = 0; choice < 2; choice++) {
            String text = concat(got, choice, "/delta/content");
            assertEquals(concat(up, choice, "/delta/content"), text);
            assertFalse(text.isEmpty());
        }
        assertTrue(got.get(got.size() - 1).has("usage"));
    }

    @Test
    void redactionInStreamNeverShowsAPartOfTheTermNorItsLogprobs() {
        ObjectNode x = events(
                delta(0, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello Vol\"},\"logprobs\":{\"content\":[{\"token\":\"Vol\"}]},\"finish_reason\":null,\"token_ids\":[42]}]}\n\n",
                content(0, "de"),
                content(0, "mort!"),
                delta(0, "{}", "stop"),
                USAGE, DONE);

        String body = post("/v1/chat/completions", chat(MODEL, true, x)).asString();

        List<JsonNode> got = chunks(sse(body));
        assertEquals("Hello [REDACTED]!", concat(got, 0, "/delta/content"));
        assertFalse(body.contains("Vol"), body);
        assertFalse(body.contains("42"), "token ids of redacted text reveal it");
        assertFalse(body.contains("\"token\":\"Vol\""), "nor do its logprobs");
        assertTrue(got.get(got.size() - 1).has("usage"));
        assertTrue(body.endsWith("data: [DONE]\n\n"));
    }

    @Test
    void streamedTextEqualsNonStreamedTextForTheSameUpstreamText() {
        ObjectNode streamed = events(content(0, "a Vo"), content(0, "ldemort b Volde"), content(0, "mort c"),
                delta(0, "{}", "stop"), DONE);
        String whole = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"a Voldemort b Voldemort c\"},\"finish_reason\":\"stop\"}]}";

        String s = concat(chunks(sse(post("/v1/chat/completions", chat(MODEL, true, streamed)).asString())), 0, "/delta/content");
        String n = TestHttp.json(post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body", whole)))
                .asString()).at("/choices/0/message/content").textValue();

        assertEquals("a [REDACTED] b [REDACTED] c", s);
        assertEquals(n, s);
    }

    @Test
    void reasoningAndToolArgumentsAreScannedInStream() {
        ObjectNode x = events(
                delta(0, "{\"role\":\"assistant\",\"reasoning\":\"I recall Vol\"}", null),
                delta(0, "{\"reasoning\":\"demort's name\"}", null),
                delta(0, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}", null),
                delta(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"who\\\": \\\"Volde\"}}]}", null),
                delta(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"mort\\\"}\"}}]}", null),
                delta(0, "{}", "tool_calls"),
                DONE);

        String body = post("/v1/chat/completions", chat(MODEL, true, x)).asString();

        List<JsonNode> got = chunks(sse(body));
        assertEquals("I recall [REDACTED]'s name", concat(got, 0, "/delta/reasoning"));
        assertFalse(body.contains("reasoning_content"), "the upstream's field name is kept");
        assertEquals("{\"who\": \"[REDACTED]\"}", concat(got, 0, "/delta/tool_calls/0/function/arguments"));
        assertFalse(body.contains("Vol"));
        assertEquals("call_1", got.stream().map(c -> c.at("/choices/0/delta/tool_calls/0/id")).filter(JsonNode::isTextual)
                .findFirst().orElseThrow().textValue());
    }

    @Test
    void blockEndsTheChoiceWithContentFilterThenUsageThenDone() {
        ObjectNode x = events(
                delta(0, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                content(0, "The secret is a Hor"),
                content(0, "crux hidden"),
                content(0, " in a ring"),
                delta(0, "{}", "stop"),
                USAGE, DONE);

        String body = post("/v1/chat/completions", chat(MODEL, true, x)).asString();

        List<String> payloads = sse(body);
        List<JsonNode> got = chunks(payloads);
        assertEquals("The secret is a " + TestPipelineSource.REFUSAL, concat(got, 0, "/delta/content"));
        JsonNode filter = got.get(got.size() - 2);
        assertEquals("content_filter", filter.at("/choices/0/finish_reason").textValue());
        assertEquals("chatcmpl-1", filter.get("id").textValue());
        assertTrue(got.get(got.size() - 1).has("usage"));
        assertEquals("[DONE]", payloads.get(payloads.size() - 1));
        assertFalse(body.contains("ring"), "nothing of the choice passes after the block");
        assertFalse(body.contains("\"stop\""));
    }

    @Test
    void blockingOneChoiceLeavesTheOtherStreaming() {
        ObjectNode x = events(content(0, "fine "), content(1, "a Horcrux"), content(0, "text"),
                delta(0, "{}", "stop"), content(1, " more"), delta(1, "{}", "stop"), DONE);

        List<JsonNode> got = chunks(sse(post("/v1/chat/completions", chat(MODEL, true, x)).asString()));

        assertEquals("fine text", concat(got, 0, "/delta/content"));
        // "a " arrived in the same delta as the term: the session never released it.
        assertEquals(TestPipelineSource.REFUSAL, concat(got, 1, "/delta/content"));
    }

    @Test
    void keepAliveCommentsAreForwardedAndDoNotDisturbTheStream() {
        ObjectNode x = events(": keep-alive\n\n", content(0, "one "), ":\n\n", content(0, "two"),
                delta(0, "{}", "stop"), ": ping\r\n\r\n", DONE);

        Response r = post("/v1/chat/completions", chat(MODEL, true, x));

        List<String> payloads = sse(r.asString());
        assertEquals(200, r.statusCode());
        assertEquals(":", payloads.get(0).substring(0, 1), "the first comment starts the stream");
        assertEquals(3, payloads.stream().filter(p -> p.startsWith(":")).count());
        assertEquals("one two", concat(chunks(payloads), 0, "/delta/content"));
        assertFalse(r.asString().contains("ping"), "a comment's own text is not forwarded");
    }

    @Test
    void legacyCompletionsStreamScansText() {
        String h = "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"text\":\"";
        ObjectNode x = events(h + "say Volde\",\"finish_reason\":null}]}\n\n", h + "mort\",\"finish_reason\":\"length\"}]}\n\n", DONE);
        ObjectNode req = Json.object().put("model", MODEL).put("prompt", "p").put("stream", true);
        req.set("x_fake", x);

        List<JsonNode> got = chunks(sse(post("/v1/completions", req).asString()));

        assertEquals("say [REDACTED]", concat(got, 0, "/text"));
        assertEquals("length", got.get(got.size() - 1).at("/choices/0/finish_reason").textValue());
    }
}
