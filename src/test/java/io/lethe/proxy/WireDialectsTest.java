package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.ErrorGuard;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.chunks;
import static io.lethe.proxy.TestHttp.concat;
import static io.lethe.proxy.TestHttp.events;
import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.post;
import static io.lethe.proxy.TestHttp.sse;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real servers' dialects and the faults public bug reports found in gateways, each an input that once went
 * out unscanned or corrupted: text in shapes the gateway did not expect (TGI's object arguments, Mistral's
 * content parts, fields it does not know), errors that quote the model, Azure's empty envelope, logprobs of
 * held text, the guard object on streams, routes it does not guard. The test stage's terms:
 * Voldemort (redact), Horcrux (block).
 */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class WireDialectsTest {

    private static final String MODEL = "fake-model";
    private static final String HEAD = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\",";
    private static final String DONE = "data: [DONE]\n\n";

    private static String chunk(String choicesJson) {
        return HEAD + "\"choices\":" + choicesJson + "}\n\n";
    }

    private static String delta(String deltaJson, String finish) {
        return chunk("[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]");
    }

    private static JsonNode whole(String body) {
        return json(post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body", body))).asString());
    }

    private static String stream(String... events) {
        return post("/v1/chat/completions", chat(MODEL, true, events(events))).asString();
    }

    // ---- 1. text in shapes the gateway did not expect

    @Test
    void tgiToolArgumentsAsAnObjectAreScannedAndStayAnObject() {
        JsonNode got = whole("{\"id\":\"\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"tool_calls\":[{\"id\":\"0\",\"type\":\"function\",\"function\":{\"name\":\"mail\",\"arguments\":"
                + "{\"recipient\":\"Voldemort@example.org\",\"name\":\"Tom Voldemort\",\"age\":71}}}]},\"finish_reason\":\"tool_calls\"}]}");

        JsonNode args = got.at("/choices/0/message/tool_calls/0/function/arguments");
        assertTrue(args.isObject(), got.toString());
        assertEquals("Tom [REDACTED]", args.path("name").asText());
        assertEquals("[REDACTED]@example.org", args.path("recipient").asText(), got.toString());
        assertEquals(71, args.path("age").asInt());
        assertEquals("tool_arguments[0]", got.at("/guard/findings/0/channel").asText());
    }

    @Test
    void tgisSingleToolCallObjectWithParametersIsScanned() {
        JsonNode got = whole("{\"id\":\"\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"tool_calls\":{\"id\":0,\"type\":\"function\",\"function\":{\"description\":null,\"name\":\"tools\","
                + "\"parameters\":{\"format\":\"celsius\",\"location\":\"Voldemort Manor\"}}}},\"logprobs\":null,\"finish_reason\":\"eos_token\"}]}");

        assertEquals("[REDACTED] Manor", got.at("/choices/0/message/tool_calls/function/parameters/location").asText(), got.toString());
        assertEquals("celsius", got.at("/choices/0/message/tool_calls/function/parameters/format").asText());
    }

    @Test
    void streamedObjectArgumentsAreScannedWhole() {
        String body = stream(delta("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"mail\",\"arguments\":{\"to\":\"Voldemort\"}}}]}", null),
                delta("{}", "tool_calls"), DONE);

        assertFalse(body.contains("Voldemort"), body);
        // the role goes at once; the tool call waits for the choice's end (sent whole or not at all)
        JsonNode args = chunks(sse(body)).stream().filter(c -> c.at("/choices/0/delta").has("tool_calls")).findFirst()
                .orElseThrow().at("/choices/0/delta/tool_calls/0/function/arguments");
        assertEquals("[REDACTED]", args.path("to").asText(), body);
    }

    @Test
    void mistralContentPartsAreScannedWholeAndStreamed() {
        JsonNode got = whole("{\"id\":\"a4\",\"object\":\"chat.completion\",\"model\":\"magistral-medium-2507\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"The user asks about Voldemort.\"}]},"
                + "{\"type\":\"text\",\"text\":\"write to voldemort now\"}]}}]}");
        assertEquals("The user asks about [REDACTED].", got.at("/choices/0/message/content/0/thinking/0/text").asText(), got.toString());
        assertEquals("write to voldemort now", got.at("/choices/0/message/content/1/text").asText(), "the test term is case-sensitive");

        String body = stream(
                delta("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"about Volde\"}]}]}", null),
                delta("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"mort here\"}]}]}", null),
                delta("{\"content\":[{\"type\":\"text\",\"text\":\"Hi Volde\"}]}", null),
                delta("{\"content\":\"mort!\"}", "stop"), DONE);
        assertFalse(body.contains("Volde"), body);
        List<JsonNode> cs = chunks(sse(body));
        assertEquals("about [REDACTED] here", concat(cs, 0, "/delta/content/0/thinking/0/text"), body);
        StringBuilder text = new StringBuilder();
        for (JsonNode c : cs) {
            JsonNode content = c.at("/choices/0/delta/content");
            if (content.isTextual()) {
                text.append(content.asText());
            } else if (content.isArray() && "text".equals(content.path(0).path("type").asText())) {
                text.append(content.path(0).path("text").asText());
            }
        }
        assertEquals("Hi [REDACTED]!", text.toString(), body);
    }

    @Test
    void fieldsTheGatewayDoesNotKnowAreModelText() {
        JsonNode got = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\","
                + "\"reasoning\":\"[hidden]\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"... Voldemort ...\",\"format\":\"x\"}],"
                + "\"vendor\":{\"deep\":{\"notes\":[\"fine\",\"Voldemort\"]}}},\"hint\":\"Voldemort\",\"finish_reason\":\"stop\"}]}");
        String all = got.toString().replace("erasure-voldemort", "").replace("term-voldemort", "");
        assertFalse(all.contains("Voldemort"), all);
        assertEquals("... [REDACTED] ...", got.at("/choices/0/message/reasoning_details/0/text").asText());
        assertEquals("[REDACTED]", got.at("/choices/0/message/vendor/deep/notes/1").asText());
        assertEquals("[REDACTED]", got.at("/choices/0/hint").asText());
        assertTrue(got.toString().contains("other:reasoning_details[reasoning.text].text"), got.toString());

        String body = stream(
                delta("{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"so Volde\",\"index\":0}]}", null),
                delta("{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"mort it is\",\"index\":0}]}", null),
                delta("{\"content\":\"done\"}", "stop"), DONE);
        assertFalse(body.contains("Volde"), body);
        assertEquals("so [REDACTED] it is", concat(chunks(sse(body)), 0, "/delta/reasoning_details/0/text"), body);
    }

    @Test
    void aShapeNestedTooDeepToWalkIsBlocked() {
        StringBuilder deep = new StringBuilder("\"x\"");
        for (int i = 0; i < 40; i++) {
            deep.insert(0, "{\"a\":").append('}');
        }
        JsonNode got = whole("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\",\"vendor\":" + deep + "},\"finish_reason\":\"stop\"}]}");
        assertEquals("content_filter", got.at("/choices/0/finish_reason").asText(), got.toString());
        assertFalse(got.at("/choices/0/message").has("vendor"));
        assertEquals("unwalkable", got.at("/guard/findings/0/rule").asText());
    }

    @Test
    void heldThinkingTextIsNotLostWhenTheNextChunkCarriesContentAsAString() {
        String body = stream(
                delta("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Plain thought one\"}]}]}", null),
                delta("{\"content\":\"Answer.\"}", "stop"), DONE);
        List<JsonNode> cs = chunks(sse(body));
        assertEquals("Plain thought one", concat(cs, 0, "/delta/content/0/thinking/0/text"), body);
        StringBuilder text = new StringBuilder();
        for (JsonNode c : cs) {
            JsonNode content = c.at("/choices/0/delta/content");
            if (content.isTextual()) {
                text.append(content.asText());
            }
        }
        assertEquals("Answer.", text.toString(), body);
    }

    @Test
    void aKeyTwiceInOneObjectIsNotForwarded() {
        Response r = post("/v1/chat/completions", chat(MODEL, false, Json.object().put("body",
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi Voldemort\"}}],\"choices\":[]}")));
        assertEquals(502, r.statusCode());
        assertFalse(r.asString().contains("Voldemort"));
        String body = stream(delta("{\"content\":\"a\"}", null),
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Voldemort\"},\"delta\":{}}]}\n\n", DONE);
        assertFalse(body.contains("Voldemort"), body);
    }

    @Test
    void textOutsideTheChoicesIsScanned() {
        JsonNode got = whole("{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"__verbose\":{\"content\":\"The author is Voldemort\",\"stop\":true},\"usage\":{\"prompt_tokens\":3,\"note\":\"Voldemort\"},"
                + "\"vendor\":{\"Voldemort\":1},\"serial\":4711}");
        assertEquals("The author is [REDACTED]", got.at("/__verbose/content").asText(), got.toString());
        assertEquals("[REDACTED]", got.at("/usage/note").asText());
        assertEquals(3, got.at("/usage/prompt_tokens").asInt());
        assertFalse(got.has("vendor"), "a key that is a finding takes its field with it");
        assertEquals(4711, got.path("serial").asInt(), "a number that is no finding stays a number");
        String body = stream(HEAD + "\"choices\":[],\"message\":{\"content\":\"Voldemort\"}}\n\n", DONE);
        assertFalse(body.contains("Voldemort"), body);
    }

    @Test
    void protocolFieldsThatSpellAFindingBlockTheChoice() {
        JsonNode got = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"Voldemort-1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}");
        assertEquals("content_filter", got.at("/choices/0/finish_reason").asText(), got.toString());
        assertEquals("text-in-protocol-field", got.at("/guard/findings/1/rule").asText(), got.toString());
        assertFalse(got.toString().contains("Voldemort-1"));
    }

    @Test
    void anUndeclaredToolNameIsScannedWholeAndSentInTheFirstDelta() {
        String body = stream(delta("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}", "tool_calls"), DONE);
        // the tool call's first delta (its header is held until its arguments go out, red team 11 #8)
        JsonNode first = chunks(sse(body)).stream().map(c -> c.at("/choices/0/delta/tool_calls/0"))
                .filter(JsonNode::isObject).findFirst().orElseThrow();
        assertEquals("get_weather", first.at("/function/name").asText(), body);
        assertEquals("call_1", first.path("id").asText(), body);
        assertEquals("{}", first.at("/function/arguments").asText(), body);
    }

    // ---- 4. error paths carry model text

    @Test
    void anUpstreamErrorQuotingTheModelIsWithheldAndA5xxIs502() {
        ObjectNode x = Json.object().put("status", 500).put("body",
                "{\"error\":{\"code\":500,\"message\":\"Failed to parse input at pos 3: <tool_call>Voldemort</tool_call>\",\"type\":\"server_error\"}}");
        Response r = post("/v1/chat/completions", chat(MODEL, false, x));
        assertEquals(502, r.statusCode());
        assertFalse(r.asString().contains("Voldemort"), r.asString());
        assertEquals(ErrorGuard.WITHHELD, json(r.asString()).at("/error/message").asText());
        assertEquals("server_error", json(r.asString()).at("/error/type").asText());

        ObjectNode clean = Json.object().put("status", 500).put("body",
                "{\"error\":{\"code\":500,\"message\":\"out of memory\",\"type\":\"server_error\"}}");
        Response c = post("/v1/chat/completions", chat(MODEL, false, clean));
        assertEquals(502, c.statusCode());
        assertEquals("out of memory", json(c.asString()).at("/error/message").asText());
    }

    @Test
    void llamaCppsErrorLineEndsTheStreamWithAnErrorEvent() {
        String body = stream(delta("{\"content\":\"Partial answer \"}", null),
                "error: {\"code\":500,\"message\":\"the model wrote Voldemort\",\"type\":\"server_error\"}\n\n", DONE);

        List<String> p = sse(body);
        assertEquals("[DONE]", p.get(p.size() - 1), body);
        JsonNode err = json(p.get(p.size() - 2)).get("error");
        assertNotNull(err, "the stream must not end as if complete: " + body);
        assertEquals(ErrorGuard.WITHHELD, err.path("message").asText());
        assertFalse(body.contains("Voldemort"));
    }

    @Test
    void anErrorBodyCarriesOnlyItsErrorObject() {
        Response r = post("/v1/chat/completions", chat(MODEL, false, Json.object().put("status", 200).put("body",
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi Voldemort\"}}],\"error\":{\"message\":\"partial\"},"
                        + "\"detail\":\"Voldemort\"}")));
        assertEquals(502, r.statusCode());
        assertFalse(r.asString().contains("Voldemort"), r.asString());
        assertEquals("partial", json(r.asString()).at("/error/message").asText());
        Response t = post("/v1/chat/completions", chat(MODEL, false, Json.object().put("status", 400).put("body",
                "{\"error\":{\"message\":\"x\",\"type\":\"Voldemort\",\"code\":\"Voldemort\"}}")));
        assertEquals(400, t.statusCode());
        assertFalse(t.asString().contains("Voldemort"), t.asString());
    }

    @Test
    void aMidStreamErrorObjectIsScanned() {
        String body = stream(delta("{\"content\":\"Hi \"}", null),
                "data: {\"error\":{\"message\":\"context overflow near Horcrux\",\"type\":\"invalid_request_error\",\"code\":400}}\n\n");
        assertFalse(body.contains("Horcrux"), body);
        assertTrue(body.contains(ErrorGuard.WITHHELD), body);
    }

    // ---- 5. the envelope and what rides on it

    @Test
    void azuresEmptyFirstChunkDoesNotEmptyTheGatewaysOwnChunks() {
        String body = stream("data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                        + "[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n",
                "data: {\"choices\":[{\"content_filter_results\":{},\"delta\":{\"content\":\"A Horcrux\"},\"finish_reason\":null,\"index\":0}],"
                        + "\"created\":1733000000,\"id\":\"chatcmpl-AZ\",\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\"}\n\n",
                DONE);
        List<JsonNode> cs = chunks(sse(body));
        JsonNode refusal = cs.get(cs.size() - 1);
        assertEquals("content_filter", refusal.at("/choices/0/finish_reason").asText(), body);
        assertEquals("chatcmpl-AZ", refusal.path("id").asText());
        assertEquals("gpt-4o-2024-08-06", refusal.path("model").asText());
        assertEquals("chat.completion.chunk", refusal.path("object").asText());
        assertNotEquals(0, refusal.path("created").asLong());
    }

    @Test
    void logprobsOfHeldButBenignTextStillReachTheClient() {
        String body = stream(
                chunk("[{\"index\":0,\"delta\":{\"content\":\"A Vol\"},\"logprobs\":{\"content\":[{\"token\":\"A\",\"logprob\":-0.1},"
                        + "{\"token\":\" Vol\",\"logprob\":-0.2}]},\"finish_reason\":null}]"),
                chunk("[{\"index\":0,\"delta\":{\"content\":\"ume up\"},\"logprobs\":{\"content\":[{\"token\":\"ume\",\"logprob\":-0.3},"
                        + "{\"token\":\" up\",\"logprob\":-0.4}]},\"finish_reason\":null}]"),
                chunk("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]"), DONE);
        List<JsonNode> cs = chunks(sse(body));
        StringBuilder tokens = new StringBuilder();
        for (JsonNode c : cs) {
            for (JsonNode e : c.at("/choices/0/logprobs/content")) {
                tokens.append(e.path("token").asText());
            }
        }
        assertEquals("A Volume up", concat(cs, 0, "/delta/content"));
        assertEquals("A Volume up", tokens.toString(), "every released token keeps its logprob: " + body);
    }

    @Test
    void alternativesThatSpellAFindingAcrossPositionsAreWithheld() {
        String body = stream(
                chunk("[{\"index\":0,\"delta\":{\"content\":\"I met\"},\"logprobs\":{\"content\":["
                        + "{\"token\":\"I\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"Vol\",\"logprob\":-2}]},"
                        + "{\"token\":\" met\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"de\",\"logprob\":-2}]}]},\"finish_reason\":null}]"),
                chunk("[{\"index\":0,\"delta\":{\"content\":\" him\"},\"logprobs\":{\"content\":["
                        + "{\"token\":\" him\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"mort\",\"logprob\":-2}]}]},\"finish_reason\":null}]"),
                chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"), DONE);
        List<JsonNode> cs = chunks(sse(body));
        StringBuilder tokens = new StringBuilder();
        StringBuilder alts = new StringBuilder();
        for (JsonNode c : cs) {
            for (JsonNode e : c.at("/choices/0/logprobs/content")) {
                tokens.append(e.path("token").asText());
                for (JsonNode a : e.path("top_logprobs")) {
                    alts.append(a.path("token").asText());
                }
            }
        }
        assertEquals("I met him", concat(cs, 0, "/delta/content"), body);
        assertEquals("I met him", tokens.toString(), "the tokens keep their logprobs: " + body);
        assertFalse(alts.toString().contains("Vol") && alts.toString().contains("mort"), body);
        assertFalse(body.contains("\"mort\""), body);
    }

    @Test
    void streamedAnswersCarryTheGuardObjectOnTheChunkThatEndsTheChoice() {
        String body = stream(
                chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi Voldemort\"},\"finish_reason\":null},"
                        + "{\"index\":1,\"delta\":{\"content\":\"a Horcrux\"},\"finish_reason\":null}]"),
                chunk("[{\"index\":0,\"delta\":{\"content\":\".\"},\"finish_reason\":\"stop\"}]"),
                chunk("[{\"index\":2,\"delta\":{\"content\":\"clean\"},\"finish_reason\":\"stop\"}]"), DONE);
        List<JsonNode> cs = chunks(sse(body));
        JsonNode redacted = null;
        JsonNode blocked = null;
        for (JsonNode c : cs) {
            for (JsonNode ch : c.path("choices")) {
                if (ch.path("index").asInt() == 0 && "stop".equals(ch.path("finish_reason").asText())) {
                    redacted = c;
                }
                if (ch.path("index").asInt() == 1 && "content_filter".equals(ch.path("finish_reason").asText())) {
                    blocked = c;
                }
                if (ch.path("index").asInt() == 2) {
                    assertFalse(c.has("guard"), "a clean choice's end carries no guard object");
                }
            }
        }
        assertNotNull(redacted, body);
        assertEquals("redact", redacted.at("/guard/action").asText(), body);
        assertEquals("erasure-voldemort", redacted.at("/guard/findings/0/erasure_id").asText());
        assertEquals(1, redacted.at("/guard/findings").size(), "only its own choice's findings");
        assertNotNull(blocked, body);
        assertEquals("block", blocked.at("/guard/action").asText());
        assertEquals(1, blocked.at("/guard/findings/0/choice").asInt());
    }

    @Test
    void aCompressedBodyTheGatewayDidNotAskForIsRefused() {
        ObjectNode x = Json.object().put("body", "\u001f\u008b garbage").put("content_encoding", "gzip").put("tag", "enc");
        Response r = post("/v1/chat/completions", chat(MODEL, false, x));
        assertEquals(502, r.statusCode());
        assertEquals("upstream_bad_response", json(r.asString()).at("/error/code").asText());
        assertEquals("identity", TestHttp.upstreamSaw("enc").path("headers").path("accept-encoding").asText(),
                "the gateway asks for bodies it can read");
    }

    // ---- 7. the routes clients use now

    @Test
    void embeddingsPassThroughAndUnknownRoutesAnswerJson() {
        String upstream = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,-0.25]}],"
                + "\"model\":\"fake-model\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
        ObjectNode req = Json.object().put("model", MODEL).put("input", "Voldemort");
        req.set("x_fake", Json.object().put("body", upstream));
        Response r = post("/v1/embeddings", req);
        assertEquals(200, r.statusCode());
        assertEquals(upstream, r.asString());

        for (String path : List.of("/v1/files", "/v1/audio/transcriptions", "/v1/images/generations")) {
            Response u = given().contentType("application/json").body("{}").post(path);
            assertEquals(404, u.statusCode(), path);
            assertTrue(u.contentType().startsWith("application/json"), path);
            assertEquals("unknown_route", json(u.asString()).at("/error/code").asText());
        }
        Response g = given().get("/v1/nope");
        assertEquals(404, g.statusCode());
        assertEquals("unknown_route", json(g.asString()).at("/error/code").asText());
        for (String path : List.of("/", "/chat/completions", "/V1/chat/completions")) {
            Response n = given().contentType("application/json").body("{}").post(path);
            assertEquals(404, n.statusCode(), path);
            assertTrue(n.contentType().startsWith("application/json"), path + " " + n.contentType());
        }
        assertEquals(200, given().get("/q/health/live").statusCode(), "Quarkus' own endpoints still answer");
        Response m = given().get("/v1/models/fake-model");
        assertEquals(200, m.statusCode(), m.asString());
        assertEquals("fake-model", json(m.asString()).path("id").asText());
        assertEquals("model_not_found", json(given().get("/v1/models/nope").asString()).at("/error/code").asText());
    }
}
