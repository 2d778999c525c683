package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.chunks;
import static io.lethe.proxy.TestHttp.concat;
import static io.lethe.proxy.TestHttp.events;
import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.post;
import static io.lethe.proxy.TestHttp.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream quirks an outside black-box tester met (helper-89's scenarios): an empty {@code finish_reason} meaning
 * "not finished" (chat and TGI's legacy streams), an empty SSE event, and a chat stream answering
 * {@code /v1/responses} ({@link ResponsesErrorTextTest} has the failed response's error). The test stage's terms:
 * Voldemort (redact), Horcrux (block).
 */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class UpstreamQuirksTest {

    private static final String MODEL = "fake-model";
    private static final String HEAD = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\",";
    private static final String DONE = "data: [DONE]\n\n";

    private static String delta(String deltaJson, String finish) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String legacy(String text, String finish) {
        return "data: {\"id\":\"\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"" + text + "\",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static List<String> stream(String path, String... events) {
        ObjectNode body = chat(MODEL, true, events(events));
        if (path.equals("/v1/completions")) {
            body.remove("messages");
            body.put("prompt", "hi");
        }
        Response r = post(path, body);
        assertEquals(200, r.statusCode(), "status");
        return sse(r.asString());
    }

    /** The finish reasons the client got for choice 0, in order, null for none. */
    private static List<String> finishes(List<JsonNode> chunks) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : chunks) {
            JsonNode f = c.path("choices").path(0).path("finish_reason");
            out.add(f.isTextual() ? f.textValue() : null);
        }
        return out;
    }

    // ---- 1, 2: an empty finish_reason is no finish

    @Test
    void chatChunksWithAnEmptyFinishReasonAreNotFinishedAndTheirTextPasses() {
        for (String open : List.of("", " ")) {
            List<String> got = stream("/v1/chat/completions",
                    delta("{\"role\":\"assistant\",\"content\":\"\"}", open),
                    delta("{\"content\":\"The weather \"}", open), delta("{\"content\":\"is fine\"}", open),
                    delta("{\"content\":\" today.\"}", open), delta("{}", "stop"), DONE);
            List<JsonNode> chunks = chunks(got);
            assertEquals("The weather is fine today.", concat(chunks, 0, "/delta/content"), "finish_reason of length " + open.length());
            assertEquals("[DONE]", got.get(got.size() - 1));
            List<String> f = finishes(chunks);
            assertEquals("stop", f.get(f.size() - 1), "the real finish goes out last");
            assertEquals(1, f.stream().filter(s -> s != null && !s.isBlank()).count(), "one finish only");
        }
    }

    @Test
    void chatChunksWithAnEmptyFinishReasonAreStillScanned() {
        List<String> got = stream("/v1/chat/completions",
                delta("{\"role\":\"assistant\",\"content\":\"\"}", ""),
                delta("{\"content\":\"Ask Volde\"}", ""), delta("{\"content\":\"mort now.\"}", ""),
                delta("{}", "stop"), DONE);
        String text = concat(chunks(got), 0, "/delta/content");
        assertFalse(text.contains("Volde"), "redacted, length " + text.length());
        assertTrue(text.startsWith("Ask ") && text.endsWith(" now."), "the rest passes, length " + text.length());

        got = stream("/v1/chat/completions", delta("{\"content\":\"A Hor\"}", ""), delta("{\"content\":\"crux.\"}", ""),
                delta("{}", "stop"), DONE);
        List<JsonNode> chunks = chunks(got);
        assertFalse(concat(chunks, 0, "/delta/content").contains("crux"), "blocked");
        assertTrue(finishes(chunks).contains("content_filter"));
    }

    @Test
    void tgiLegacyChunksWithAnEmptyFinishReasonAreNotFinished() {
        for (String open : new String[] {"", null}) {
            List<String> got = stream("/v1/completions", legacy("The ", open), legacy("weather ", open),
                    legacy("is fine ", open), legacy("today.", open), legacy("", "eos_token"));
            List<JsonNode> chunks = chunks(got);
            assertEquals("The weather is fine today.", concat(chunks, 0, "/text"), "open finish " + open);
            assertEquals("[DONE]", got.get(got.size() - 1));
            List<String> f = finishes(chunks);
            assertEquals("eos_token", f.get(f.size() - 1));
        }
        List<String> got = stream("/v1/completions", legacy("Ask Volde", ""), legacy("mort now.", ""),
                legacy("", "eos_token"));
        String text = concat(chunks(got), 0, "/text");
        assertFalse(text.contains("Volde"), "redacted, length " + text.length());
        assertTrue(text.startsWith("Ask ") && text.endsWith(" now."), "length " + text.length());
    }

    @Test
    void aWholeAnswerWithAnEmptyFinishReasonKeepsItsTail() {
        // "" is no cut: what the guard held at the end (a word that could begin a term) is released, as for null
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Ask Vol\"},\"finish_reason\":\"\"}]}";
        JsonNode got = json(post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body", body))).asString());
        assertEquals("Ask Vol", got.path("choices").path(0).path("message").path("content").asText());
    }

    // ---- 5: an event with empty data carries nothing

    @Test
    void anEmptyDataEventIsSkippedOnEveryStreamedRoute() {
        for (String empty : List.of("data:\n\n", "data: \n\n", "data:\ndata:\n\n", "event: message\ndata:\n\n")) {
            List<String> got = stream("/v1/chat/completions", empty, delta("{\"content\":\"hello \"}", null), empty,
                    delta("{\"content\":\"Voldemort\"}", null), delta("{}", "stop"), DONE);
            String text = concat(chunks(got), 0, "/delta/content");
            assertTrue(text.startsWith("hello ") && !text.contains("Voldemort"), "chat, length " + text.length());

            got = stream("/v1/completions", empty, legacy("hello ", null), empty, legacy("there", "stop"), DONE);
            assertEquals("hello there", concat(chunks(got), 0, "/text"), "legacy");
        }
        ObjectNode x = ResponsesApiTest.upstream(List.of("hello ", "there"), null);
        x.withArray("events").insert(0, "data:\n\n");
        x.withArray("events").insert(3, "data:\n\n");
        Response r = post("/v1/responses", ResponsesApiTest.request(true, x));
        assertEquals(200, r.statusCode());
        List<ResponsesApiTest.Ev> evs = ResponsesApiTest.parse(r.asString());
        assertEquals("hello there", ResponsesApiTest.deltas(evs, "response.output_text.delta"));
        assertTrue(ResponsesApiTest.last(evs, "response.completed") != null);
    }

    // ---- 4: a chat stream is no Responses stream

    @Test
    void aChatStreamAnsweringResponsesIsRefusedNotRelayed() {
        ObjectNode x = events(delta("{\"role\":\"assistant\",\"content\":\"The weather is fine today.\"}", null),
                delta("{}", "stop"), DONE);
        Response r = post("/v1/responses", ResponsesApiTest.request(true, x));
        String body = r.asString();
        assertFalse(body.contains("chat.completion"), "no chat chunk relayed");
        assertFalse(body.contains("weather"), "no text of it");
        assertEquals(502, r.statusCode());
        assertTrue(body.contains("not a Responses event stream"), "says why");

        x = events(legacy("The weather", null), legacy(" is fine.", "stop"));
        r = post("/v1/responses", ResponsesApiTest.request(true, x));
        assertEquals(502, r.statusCode(), "a legacy completions stream alike");
        assertFalse(r.asString().contains("weather"));

        // after Responses events went out: the stream ends with the error event, the chat chunk is not relayed
        ObjectNode mixed = ResponsesApiTest.upstream(List.of("hello ", "there"), null);
        mixed.withArray("events").insert(4, delta("{\"content\":\"The weather\"}", null));
        body = post("/v1/responses", ResponsesApiTest.request(true, mixed)).asString();
        assertFalse(body.contains("chat.completion") || body.contains("weather"), "no chat chunk relayed");
        assertTrue(body.contains("event: error") && body.contains("not a Responses event stream"), "an error event");
    }
}
