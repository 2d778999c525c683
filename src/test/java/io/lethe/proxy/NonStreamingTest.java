package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.post;
import static io.lethe.proxy.TestHttp.replay;
import static io.lethe.proxy.TestHttp.transcript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole answers: forwarded as they came when clean; scanned per choice and channel; the guard object. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class NonStreamingTest {

    private static final String MODEL = "fake-model";

    private static JsonNode answer(ObjectNode x) {
        Response r = post("/v1/chat/completions", chat(MODEL, false, x));
        assertEquals(200, r.statusCode(), r.asString());
        return json(r.asString());
    }

    private static ObjectNode body(String json) {
        return Json.object().put("body", json);
    }

    @Test
    void cleanAnswersAreForwardedByteForByte() {
        for (String t : List.of("openai-nonstream-gpt4omini.json", "vllm-nonstream-xpu-r1distill.json",
                "llamacpp-nonstream-b6130-reasoning.json", "tgi-nonstream-3.2.1.json")) {
            Response r = post("/v1/chat/completions", chat(MODEL, false, replay(t)));
            assertEquals(200, r.statusCode());
            assertEquals(transcript(t), r.asString(), t);
            assertTrue(r.contentType().startsWith("application/json"));
        }
    }

    @Test
    void redactionKeepsEveryOtherFieldAndAddsTheGuardObject() {
        String upstream = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello Voldemort!\",\"refusal\":null,"
                + "\"annotations\":[]},\"logprobs\":{\"content\":[{\"token\":\"Voldemort\",\"logprob\":-0.10}]},"
                + "\"finish_reason\":\"stop\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":3,"
                + "\"total_tokens\":4},\"kv_transfer_params\":null,\"temperature_used\":0.70}";

        Response r = post("/v1/chat/completions", chat(MODEL, false, body(upstream)));
        JsonNode got = json(r.asString());

        assertFalse(r.asString().contains("Voldemort"), "neither in content, logprobs nor the guard object");
        assertEquals("Hello [REDACTED]!", got.at("/choices/0/message/content").textValue());
        assertEquals(0, got.at("/choices/0/logprobs/content").size(), "the redacted token's logprob is dropped");
        assertTrue(r.asString().contains("\"temperature_used\":0.70"), "numbers keep their text");
        JsonNode expected = json(upstream);
        ((ObjectNode) expected.at("/choices/0/message")).put("content", "Hello [REDACTED]!");
        ((ObjectNode) expected.at("/choices/0/logprobs")).putArray("content");
        ObjectNode withoutGuard = ((ObjectNode) got).deepCopy();
        withoutGuard.remove("guard");
        assertEquals(expected, withoutGuard, "everything but the redaction is as the upstream sent it");
        JsonNode guard = got.get("guard");
        assertEquals("redact", guard.get("action").textValue());
        JsonNode f = guard.at("/findings/0");
        assertEquals("erasure-voldemort", f.get("erasure_id").textValue());
        assertEquals("test-terms", f.get("detector").textValue());
        assertEquals("term-voldemort", f.get("rule").textValue());
        assertEquals("content", f.get("channel").textValue());
    }

    @Test
    void reasoningAndToolArgumentsAreScanned() {
        String upstream = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"reasoning_content\":\"Mention Nagini? And Voldemort.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\\\"Voldemort\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}";

        JsonNode got = answer(body(upstream));

        assertEquals("Mention Nagini? And [REDACTED].", got.at("/choices/0/message/reasoning_content").textValue());
        assertEquals("{\"x\":\"[REDACTED]\"}", got.at("/choices/0/message/tool_calls/0/function/arguments").textValue());
        assertEquals("redact", got.at("/guard/action").textValue());
        List<String> channels = got.at("/guard/findings").findValuesAsText("channel");
        assertTrue(channels.containsAll(List.of("reasoning", "tool_arguments[0]")), channels.toString());
    }

    @Test
    void auditLeavesTheTextButReportsIt() {
        JsonNode got = answer(body("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Nagini sleeps\"},\"finish_reason\":\"stop\"}]}"));

        assertEquals("Nagini sleeps", got.at("/choices/0/message/content").textValue());
        assertEquals("audit", got.at("/guard/action").textValue());
    }

    @Test
    void blockReplacesTheChoiceWithTheRefusal() {
        String upstream = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":["
                + "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is a Horcrux.\",\"reasoning\":\"secret\","
                + "\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"Harmless.\"},\"finish_reason\":\"stop\"}]}";

        JsonNode got = answer(body(upstream));

        JsonNode blocked = got.at("/choices/0");
        assertEquals(TestPipelineSource.REFUSAL, blocked.at("/message/content").textValue());
        assertEquals("content_filter", blocked.get("finish_reason").textValue());
        assertFalse(blocked.get("message").has("reasoning"));
        assertFalse(blocked.get("message").has("tool_calls"));
        assertEquals("Harmless.", got.at("/choices/1/message/content").textValue());
        assertEquals("stop", got.at("/choices/1/finish_reason").textValue());
        assertEquals("block", got.at("/guard/action").textValue());
        assertEquals(0, got.at("/guard/findings/0/choice").intValue());
    }

    @Test
    void legacyCompletionTextIsScanned() {
        ObjectNode req = Json.object().put("model", MODEL).put("prompt", "p");
        req.set("x_fake", body("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ask Voldemort\",\"logprobs\":null,\"finish_reason\":\"length\"}]}"));

        JsonNode got = json(post("/v1/completions", req).asString());

        assertEquals("ask [REDACTED]", got.at("/choices/0/text").textValue());
        assertEquals("text", got.at("/guard/findings/0/channel").textValue());
        assertEquals("/v1/completions", TestHttp.upstreamSaw("last").get("path").textValue());
    }

    @Test
    void missingPromptOnCompletionsIs400() {
        Response r = post("/v1/completions", Json.object().put("model", MODEL));

        assertEquals(400, r.statusCode());
        assertEquals("prompt", json(r.asString()).at("/error/param").textValue());
    }
}
