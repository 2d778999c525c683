package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.ResponsesStream;
import io.lethe.proxy.openai.ResponsesWhole;
import io.lethe.proxy.openai.StreamTranslator;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lethe.proxy.TestWire.HEAD;
import static io.lethe.proxy.TestWire.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Leaks an outside black-box test found on the wire (red-team findings C, D, E and item 9), without HTTP: a
 * session over {@link TestStage} ({@code Voldemort} redacts, {@code Horcrux} blocks, a trailing prefix of either is
 * held). Each test feeds what the upstream sent and checks what the client would get.
 */
class WireLeaksTest {

    private static GuardSession session() {
        return TestWire.session(TestPipelineSource.PIPELINE);
    }

    /** Everything a stream translator sends for these upstream payloads and the stream's end, joined. */
    private static String stream(StreamTranslator t, String... payloads) {
        return String.join("\n", TestWire.sent(t, List.of(payloads)));
    }

    private static ObjectNode whole(String json, boolean legacy) {
        return TestWire.whole(session(), json, legacy);
    }

    /**
     * helper-79: {@code reasoning_content} and {@code reasoning} with different texts were one channel: joined, a
     * held "Vol" went out in the other field and the term spanning the two fields was read as one word. A client
     * keeps each field apart, so neither the join nor the move is what it reads: default-deny.
     */
    @Test
    void twoDifferentReasoningFieldsBlockTheChoiceWholeAndStreamed() {
        ObjectNode w = whole("""
                {"id":"c","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok",
                 "reasoning_content":"Mail x Vol","reasoning":"demort now"}}]}""", false);
        assertThat(Json.write(w)).doesNotContain("demort").doesNotContain("Vol");
        assertThat(w.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        String s = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Mail x Vol\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"demort now\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        assertThat(s).doesNotContain("demort").doesNotContain("Vol").contains("content_filter");
        // the same text under both names (vLLM) is one text, as before
        ObjectNode mirrored = whole("""
                {"id":"c","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok",
                 "reasoning_content":"Think first.","reasoning":"Think first."}}]}""", false);
        assertThat(mirrored.at("/choices/0/message/reasoning").asText()).isEqualTo("Think first.");
        assertThat(mirrored.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    // E2/E3: the token limit cut the answer while the guard held a possible start of a name

    @Test
    void aStreamedAnswerCutByTheTokenLimitDropsWhatWasHeld() {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"content\":\"Hello \"}", null), chunk("{\"content\":\"Voldem\"}", null),
                chunk("{}", "length"));
        assertThat(out).doesNotContain("Voldem").doesNotContain("Vol").contains("Hello ").contains("\"length\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"max_tokens\"", "\"model_length\"", "\"abort\"", "\"content_filter\"",
            "\"LENGTH\"", "\"some_new_reason\"", "1", "{\"type\":\"x\"}"})
    void anyFinishReasonButANaturalEndIsACut(String reason) {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"content\":\"Hello \"}", null), chunk("{\"content\":\"Voldem\"}", null),
                chunk("{}", null).replace("\"finish_reason\":null", "\"finish_reason\":" + reason));
        assertThat(out).doesNotContain("Vol").contains("Hello ");
        ObjectNode b = whole("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hello Voldem\"},"
                + "\"finish_reason\":" + reason + "}]}", false);
        assertThat(Json.write(b)).doesNotContain("Vol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop", "eos_token", "stop_sequence", "end_turn", "tool_calls", "STOP"})
    void aNaturalEndReleasesWhatWasHeld(String reason) {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"content\":\"Hello \"}", null), chunk("{\"content\":\"Voldem\"}", null),
                chunk("{}", reason));
        assertThat(out).contains("Voldem");
    }

    /** A chat chunk of one token with its logprobs: the chosen token and one rank-2 alternative. */
    private static String tokenChunk(String token, String alternative, String finish) {
        String t = Json.write(Json.object().textNode(token));
        String a = Json.write(Json.object().textNode(alternative));
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":" + t + "},\"logprobs\":{\"content\":[{\"token\":" + t + ",\"logprob\":-0.1,"
                + "\"top_logprobs\":[{\"token\":" + t + ",\"logprob\":-0.1},{\"token\":" + a + ",\"logprob\":-2.5}]}]},"
                + "\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    @Test
    void alternativesHeldAtATokenLimitCutAreDroppedAsTheTextIs() {
        // helper-65: the rank-2 alternatives " Vol" "dem" at the last positions went out at a length cut
        String[][] tokens = {{"I", "We"}, {" met", " saw"}, {" him", " Vol"}, {" today", "dem"}};
        for (String end : List.of("length", "stop")) {
            List<String> chunks = new ArrayList<>();
            for (String[] t : tokens) {
                chunks.add(tokenChunk(t[0], t[1], null));
            }
            chunks.add(chunk("{}", end));
            String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
            assertThat(out).as(end).contains("\"token\":\" today\"").contains("\" saw\"");
            if (end.equals("length")) {
                assertThat(out).doesNotContain("Vol").doesNotContain("\"dem\"");
            } else {
                assertThat(out).contains("\" Vol\"").contains("\"dem\"");
            }
            StringBuilder entries = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (String[] t : tokens) {
                String tok = Json.write(Json.object().textNode(t[0]));
                entries.append(entries.length() == 0 ? "" : ",").append("{\"token\":").append(tok).append(",\"logprob\":-0.1,")
                        .append("\"top_logprobs\":[{\"token\":").append(tok).append(",\"logprob\":-0.1},{\"token\":")
                        .append(Json.write(Json.object().textNode(t[1]))).append(",\"logprob\":-2.5}]}");
                text.append(t[0]);
            }
            String w = Json.write(whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                    + "\"},\"logprobs\":{\"content\":[" + entries + "]},\"finish_reason\":\"" + end + "\"}]}", false));
            assertThat(w).as(end).contains("\"token\":\" today\"").contains("\" saw\"");
            assertThat(w.contains("\" Vol\"")).as(end).isEqualTo(end.equals("stop"));
        }
    }

    @Test
    void aBlockedNameInAlternativesOnlyDropsThemAndSendsNoChoiceOfItsOwn() {
        // helper-72: the alternatives' pseudo-choice (index 2^30) went out as a chunk of its own with a guard
        // object; openai-node's stream helper spun, then threw "missing finish_reason for choice 1073741824"
        String[][] tokens = {{"We", "Hor"}, {" met", "crux"}, {" today", " x"}};
        List<String> chunks = new ArrayList<>();
        for (String[] t : tokens) {
            chunks.add(tokenChunk(t[0], t[1], null));
        }
        chunks.add(chunk("{}", "stop"));
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        assertThat(out).doesNotContain("\"Hor\"").doesNotContain("\"crux\"").doesNotContain(String.valueOf(1 << 30));
        StringBuilder text = new StringBuilder();
        int finishes = 0;
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e == null) {
                continue;
            }
            for (JsonNode c : e.path("choices")) {
                assertThat(c.path("index").asInt()).as(line).isZero();
                text.append(c.at("/delta/content").asText());
                finishes += c.hasNonNull("finish_reason") ? 1 : 0;
            }
        }
        assertThat(text.toString()).isEqualTo("We met today");
        assertThat(finishes).isEqualTo(1);
        assertThatCode(() -> whole("{\"choices\":[{\"index\":1073741824,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}", false)).hasCauseInstanceOf(Unwalkable.class);
    }

    @Test
    void aLegacyStreamCutByTheTokenLimitDropsWhatWasHeld() {
        String c = "{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"%s\",\"finish_reason\":%s}]}";
        String out = stream(new ChatStream(session(), true, Declared.NONE, "r", "m"),
                c.formatted("Hello ", "null"), c.formatted("Horcr", "\"length\""));
        assertThat(out).doesNotContain("Hor").contains("Hello ");
    }

    @Test
    void aWholeAnswerCutByTheTokenLimitDropsWhatAStreamWouldHaveHeld() {
        ObjectNode b = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello Voldem\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"Hello \",\"logprob\":-1,\"top_logprobs\":[]},"
                + "{\"token\":\"Voldem\",\"logprob\":-1,\"top_logprobs\":[]}]},\"finish_reason\":\"length\"}]}", false);
        assertThat(b.at("/choices/0/message/content").textValue()).isEqualTo("Hello ");
        assertThat(Json.write(b)).doesNotContain("Vol");
        assertThat(b.at("/choices/0/finish_reason").textValue()).isEqualTo("length");
        // the same text finished by a stop is whole: nothing was cut
        ObjectNode stop = whole("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hello Voldem\"},"
                + "\"finish_reason\":\"stop\"}]}", false);
        assertThat(stop.at("/choices/0/message/content").textValue()).isEqualTo("Hello Voldem");
    }

    @Test
    void aWholeLegacyCompletionCutByTheTokenLimitDropsItsHeldTailAndItsTokens() {
        ObjectNode b = whole("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"Hi Horc\","
                + "\"logprobs\":{\"tokens\":[\"Hi \",\"Horc\"],\"token_logprobs\":[-1,-1],\"top_logprobs\":null,"
                + "\"text_offset\":[0,3]},\"finish_reason\":\"length\"}]}", true);
        assertThat(b.at("/choices/0/text").textValue()).isEqualTo("Hi ");
        assertThat(Json.write(b)).doesNotContain("Horc");
    }

    // C4/C5: an undeclared tool name sent in pieces, which SDKs' stream accumulators join

    private static String toolName(String name, boolean first) {
        return chunk("{\"tool_calls\":[{\"index\":0," + (first ? "\"id\":\"call_1\",\"type\":\"function\"," : "")
                + "\"function\":{\"name\":" + Json.write(Json.object().textNode(name)) + ",\"arguments\":\"\"}}]}", null);
    }

    /** The tool call's name as openai-python's accumulator builds it: every piece joined. */
    private static String joinedName(String out) {
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c != null) {
                sb.append(c.at("/choices/0/delta/tool_calls/0/function/name").asText(""));
            }
        }
        return sb.toString();
    }

    @Test
    void aToolNameSentOneCharacterPerDeltaIsScannedJoined() {
        List<String> payloads = new ArrayList<>();
        String name = "Voldemort";
        for (int i = 0; i < name.length(); i++) {
            payloads.add(toolName(name.substring(i, i + 1), i == 0));
        }
        payloads.add(chunk("{}", "tool_calls"));
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), payloads.toArray(String[]::new));
// a call blocked before any of its arguments went out sends no header (red team 11 #8)
        assertThat(joinedName(out)).isEmpty();
        assertThat(out).contains("content_filter");
    }

    @Test
    void aToolNameSentInTwoPiecesIsScannedJoined() {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                toolName("Vol", true), toolName("demort", false), chunk("{}", "tool_calls"));
        assertThat(out).doesNotContain("\"demort\"").contains("content_filter");
        // a call blocked before any of its arguments went out sends no header (red team 11 #8)
        assertThat(joinedName(out)).isEmpty();
    }

    @Test
    void aCleanToolNameSentInPiecesArrivesJoinedAsSent() {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                toolName("get_", true), toolName("wea", false), toolName("ther", false), chunk("{}", "tool_calls"));
        assertThat(joinedName(out)).isEqualTo("get_weather");
        assertThat(out).doesNotContain("content_filter");
    }

    // item 9: a finding in a legacy completion's alternatives

    @Test
    void aFindingInALegacyCompletionsAlternativesIsReportedOnItsChoiceAsWhatItDid() {
        ObjectNode b = whole("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ok\","
                + "\"logprobs\":{\"tokens\":[\"ok\"],\"token_logprobs\":[-0.1],\"top_logprobs\":[{\"ok\":-0.1,\"Horcrux\":-2.5}],"
                + "\"text_offset\":[0]},\"finish_reason\":\"stop\"}]}", true);
        assertThat(Json.write(b)).doesNotContain("Horcrux");
        assertThat(b.at("/choices/0/text").textValue()).isEqualTo("ok");
        assertThat(b.at("/choices/0/finish_reason").textValue()).isEqualTo("stop");
        assertThat(b.at("/guard/findings/0/choice").intValue()).isZero();
        assertThat(b.at("/guard/action").textValue()).as("the choice was not blocked: its alternatives were withheld")
                .isEqualTo("redact");
    }

    // D1-D6: non-streamed fields that were forwarded unscanned

    private static String chatWith(String choiceExtra, String message) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":" + message + ",\"finish_reason\":\"stop\"" + choiceExtra + "}]}";
    }

    private static final String OK = "{\"role\":\"assistant\",\"content\":\"ok\"}";

    @Test
    void azureFilterResultsOfAChoiceAreScanned() {
        ObjectNode b = whole(chatWith(",\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"Voldemort\"},"
                + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}", OK), false);
        assertThat(Json.write(b)).doesNotContain("Voldemort");
        ObjectNode clean = whole(chatWith(",\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}",
                OK), false);
        assertThat(clean.at("/choices/0/content_filter_results/hate/severity").textValue()).isEqualTo("safe");
        assertThat(clean.has("guard")).isFalse();
    }

    @Test
    void promptLogprobsValuesAndKeysAreScannedInChatAndLegacy() {
        ObjectNode value = whole(chatWith(",\"prompt_logprobs\":[null,{\"17\":{\"logprob\":-1,\"rank\":1,"
                + "\"decoded_token\":\"Voldemort\"}}]", OK), false);
        assertThat(Json.write(value)).doesNotContain("Voldemort");
        ObjectNode key = whole(chatWith(",\"prompt_logprobs\":[null,{\"Horcrux\":{\"logprob\":-1}}]", OK), false);
        assertThat(Json.write(key)).doesNotContain("Horcrux");
        ObjectNode legacy = whole("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ok\",\"prompt_logprobs\":"
                + "[null,{\"17\":{\"logprob\":-1,\"decoded_token\":\"Voldemort\"}}],\"finish_reason\":\"stop\"}]}", true);
        assertThat(Json.write(legacy)).doesNotContain("Voldemort");
    }

    @Test
    void extraFieldsOfAlternativesAndUnknownKeysOfLogprobsDoNotGoOut() {
        ObjectNode extra = whole(chatWith(",\"logprobs\":{\"content\":[{\"token\":\"ok\",\"logprob\":-1,\"bytes\":[111,107],"
                + "\"top_logprobs\":[{\"token\":\"x\",\"logprob\":-1,\"bytes\":[120],\"extra\":\"Voldemort\"}]}]}", OK), false);
        assertThat(Json.write(extra)).doesNotContain("Voldemort");
        assertThat(extra.at("/choices/0/logprobs/content/0/top_logprobs/0/token").textValue()).isEqualTo("x");
        ObjectNode key = whole(chatWith(",\"logprobs\":{\"content\":[],\"Horcrux\":1}", OK), false);
        assertThat(Json.write(key)).doesNotContain("Horcrux");
        ObjectNode legacyValue = whole("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"ok\",\"logprobs\":"
                + "{\"tokens\":[\"ok\"],\"token_logprobs\":[-1],\"top_logprobs\":[{\"ok\":\"Voldemort\"}],\"text_offset\":[0]},"
                + "\"finish_reason\":\"stop\"}]}", true);
        assertThat(Json.write(legacyValue)).doesNotContain("Voldemort");
    }

    @Test
    void logprobBytesThatDoNotSpellTheirTokenGoOutAsNull() {
        // helper-66: bytes are what a client decodes; "ok" with the bytes of a phone spelt it unscanned
        StringBuilder phone = new StringBuilder();
        for (char c : PHONE.toCharArray()) {
            phone.append(phone.length() == 0 ? "" : ",").append((int) c);
        }
        ObjectNode b = whole(chatWith(",\"logprobs\":{\"content\":[{\"token\":\"ok\",\"logprob\":-1,\"bytes\":[" + phone
                + "],\"top_logprobs\":[{\"token\":\"ok\",\"logprob\":-1,\"bytes\":[111,107]},{\"token\":\"x\","
                + "\"logprob\":-2,\"bytes\":[" + phone + "]},{\"token\":\"\\\\xe5\",\"logprob\":-3,\"bytes\":[229,188]}]}]}", OK),
                false);
        JsonNode entry = b.at("/choices/0/logprobs/content/0");
        assertThat(entry.path("token").textValue()).isEqualTo("ok");
        assertThat(entry.get("bytes").isNull()).isTrue();
        assertThat(entry.at("/top_logprobs/0/bytes").toString()).isEqualTo("[111,107]");
        assertThat(entry.at("/top_logprobs/1/bytes").isNull()).isTrue();
        assertThat(entry.at("/top_logprobs/2/bytes").toString()).isEqualTo("[229,188]"); // a piece of one char
        // helper-73: a whole char's bytes under a U+FFFD token (a full-width letter each) spelt a name
        ObjectNode fw = whole(chatWith(",\"logprobs\":{\"content\":[{\"token\":\"\\ufffd\",\"logprob\":-1,"
                + "\"bytes\":[239,188,163],\"top_logprobs\":[]}]}", "{\"role\":\"assistant\",\"content\":\"\\ufffd\"}"), false);
        assertThat(fw.at("/choices/0/logprobs/content/0/bytes").isNull()).as(fw.toString()).isTrue();
        String streamed = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"),
                tokenChunk("ok", "x", null).replace("\"logprob\":-0.1,\"top", "\"logprob\":-0.1,\"bytes\":[" + phone + "],\"top"),
                tokenChunk(".", "!", "stop"));
        assertThat(streamed).contains("\"token\":\"ok\"").contains("\"bytes\":null").doesNotContain(phone.toString());
    }

    @Test
    void toolCallsWithoutAnIndexGoOutWithTheirPositionSoARedactedTailJoinsItsCall() {
        // helper-67: Mistral's dialect sends each call whole without an index; the released tail went out as an
        // index-less fragment, a call of its own to every accumulator
        String first = Json.write(Json.object().textNode("{\"q\": \"call\", \"phone\": \"" + PHONE + "\"}"));
        // a number at the arguments' end is held until the choice ends (it could grow): a tail released later
        String second = Json.write(Json.object().textNode("{\"q\": \"time\", \"n\": 42, \"tel\": " + PHONE));
        String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"),
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"tool_calls\":[{\"id\":\"Ab3dE5gH9\",\"function\":{\"name\":\"lookup\",\"arguments\":" + first
                        + "}},{\"id\":\"Zz9yX8wV7\",\"function\":{\"name\":\"lookup\",\"arguments\":" + second + "}}]}", null),
                chunk("{}", "tool_calls"));
        Map<Integer, StringBuilder> args = new java.util.TreeMap<>();
        Map<Integer, String> ids = new java.util.TreeMap<>();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e == null) {
                continue;
            }
            for (JsonNode call : e.at("/choices/0/delta/tool_calls")) {
                assertThat(call.path("index").isInt()).as(line).isTrue();
                int k = call.path("index").asInt();
                args.computeIfAbsent(k, x -> new StringBuilder()).append(call.at("/function/arguments").asText());
                if (call.hasNonNull("id")) {
                    ids.put(k, call.path("id").asText());
                }
            }
        }
        assertThat(ids).containsExactly(Map.entry(0, "Ab3dE5gH9"), Map.entry(1, "Zz9yX8wV7"));
        assertThat(Json.parseObjectOrNull(args.get(0).toString()).path("phone").asText()).isEqualTo("[REDACTED]");
        assertThat(args.get(1).toString()).isEqualTo("{\"q\": \"time\", \"n\": 42, \"tel\": \"[REDACTED]\"");
        assertThat(out.split("\n")).filteredOn(l -> l.contains("tool_calls")).hasSizeGreaterThan(1); // the tail apart
    }

    @Test
    void anUnknownKeyOfAChoiceOrMessageIsScanned() {
        assertThat(Json.write(whole(chatWith(",\"Horcrux\":true", OK), false))).doesNotContain("Horcrux");
        assertThat(Json.write(whole(chatWith("", "{\"role\":\"assistant\",\"content\":\"ok\",\"Horcrux\":null}"), false)))
                .doesNotContain("Horcrux");
    }

    @Test
    void aBlockedChoiceDoesNotCarryARoleThatIsNotTheProtocols() {
        ObjectNode b = whole(chatWith("", "{\"role\":\"Horcrux\",\"content\":\"ok\"}"), false);
        assertThat(Json.write(b)).doesNotContain("Horcrux\"").doesNotContain(":\"Horcrux");
        assertThat(b.at("/choices/0/message/role").textValue()).isEqualTo("assistant");
        assertThat(b.at("/choices/0/finish_reason").textValue()).isEqualTo("content_filter");
    }

    // C6: a Responses stream's event of an unknown type, one char per event

    private static String notes(String text) {
        List<String> events = new ArrayList<>();
        events.add("{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}}");
        for (int i = 0; i < text.length(); i++) {
            events.add("{\"type\":\"response.vendor.note\",\"sequence_number\":" + (i + 1) + ",\"note\":"
                    + Json.write(Json.object().textNode(text.substring(i, i + 1))) + "}");
        }
        events.add("{\"type\":\"response.completed\",\"sequence_number\":" + (text.length() + 1) + ",\"response\":{\"id\":\"resp_1\","
                + "\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}");
        String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"), events.toArray(String[]::new));
        StringBuilder joined = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null && "response.vendor.note".equals(e.path("type").asText())) {
                joined.append(e.path("note").asText(""));
            }
        }
        return joined.toString();
    }

    @Test
    void anUnknownResponsesEventTypesStringsAreOneStreamPerTypeAndField() {
        assertThat(notes("Voldemort")).doesNotContain("Vold").isEmpty();
        assertThat(notes("a Voldemort b")).isEqualTo("a [REDACTED] b");
        assertThat(notes("hello")).isEqualTo("hello");
    }

    // E4: a name split across output_text parts or messages of a whole Responses answer

    private static ObjectNode response(String output) {
        ObjectNode b = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":" + output + "}");
        ResponsesWhole.start(session(), b, Declared.NONE, "r", "m").apply();
        return b;
    }

    private static String message(String id, String... texts) {
        return message(id, java.util.Set.of(), texts);
    }

    /** A message whose parts at {@code refusals} are refusal parts, the others output_text. */
    private static String message(String id, java.util.Set<Integer> refusals, String... texts) {
        StringBuilder sb = new StringBuilder("{\"type\":\"message\",\"id\":\"" + id + "\",\"role\":\"assistant\",\"status\":"
                + "\"completed\",\"content\":[");
        for (int i = 0; i < texts.length; i++) {
            sb.append(i == 0 ? "" : ",").append(refusals.contains(i) ? "{\"type\":\"refusal\",\"refusal\":\""
                    : "{\"type\":\"output_text\",\"annotations\":[],\"text\":\"").append(texts[i]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void aNameSplitAcrossOutputTextPartsOrMessagesBlocksTheResponse() {
        ObjectNode parts = response("[" + message("msg_1", "Our guest is Vol", "demort, who writes.") + "]");
        assertThat(Json.write(parts)).doesNotContain("demort").doesNotContain("guest is Vol");
        ObjectNode messages = response("[" + message("msg_1", "Our guest is Vol") + "," + message("msg_2", "demort.") + "]");
        assertThat(Json.write(messages)).doesNotContain("demort").doesNotContain("guest is Vol");
        ObjectNode clean = response("[" + message("msg_1", "Hello.", " World.") + "]");
        assertThat(clean.at("/output/0/content/1/text").textValue()).isEqualTo(" World.");
        assertThat(clean.has("guard")).isFalse();
    }

    // E4, streamed: a name split across output_text parts or messages of a streamed Responses answer

    /**
     * The events of a streamed Responses answer: per message its parts, per part its deltas; with the
     * {@code .done} events and parts the API sends, or (as some servers do) deltas and the final response only.
     */
    private static String[] streamedResponse(boolean doneEvents, List<List<List<String>>> messages) {
        return streamedResponse(doneEvents, messages, java.util.Set.of());
    }

    /** {@link #streamedResponse(boolean, List)} with the parts named "oi/ci" in {@code refusals} as refusal parts. */
    private static String[] streamedResponse(boolean doneEvents, List<List<List<String>>> messages,
                                             java.util.Set<String> refusals) {
        List<String> ev = new ArrayList<>();
        ev.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}}");
        StringBuilder output = new StringBuilder();
        for (int oi = 0; oi < messages.size(); oi++) {
            String id = "msg_" + oi;
            String at = "\"item_id\":\"" + id + "\",\"output_index\":" + oi;
            ev.add("{\"type\":\"response.output_item.added\",\"output_index\":" + oi + ",\"item\":{\"type\":\"message\","
                    + "\"id\":\"" + id + "\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}");
            List<String> texts = new ArrayList<>();
            java.util.Set<Integer> refused = new java.util.HashSet<>();
            for (int ci = 0; ci < messages.get(oi).size(); ci++) {
                String in = at + ",\"content_index\":" + ci;
                boolean refusal = refusals.contains(oi + "/" + ci);
                String kind = refusal ? "refusal" : "output_text";
                String field = refusal ? "refusal" : "text";
                String extra = refusal ? "" : "\"annotations\":[],";
                if (refusal) {
                    refused.add(ci);
                }
                ev.add("{\"type\":\"response.content_part.added\"," + in
                        + ",\"part\":{\"type\":\"" + kind + "\"," + extra + "\"" + field + "\":\"\"}}");
                StringBuilder text = new StringBuilder();
                for (String d : messages.get(oi).get(ci)) {
                    text.append(d);
                    ev.add("{\"type\":\"response." + kind + ".delta\"," + in + ",\"delta\":" + quote(d) + "}");
                }
                texts.add(text.toString());
                if (doneEvents) {
                    ev.add("{\"type\":\"response." + kind + ".done\"," + in + ",\"" + field + "\":" + quote(text.toString()) + "}");
                    ev.add("{\"type\":\"response.content_part.done\"," + in + ",\"part\":{\"type\":\"" + kind + "\","
                            + extra + "\"" + field + "\":" + quote(text.toString()) + "}}");
                }
            }
            String item = message(id, refused, texts.stream().map(t -> quote(t).substring(1, quote(t).length() - 1))
                    .toArray(String[]::new));
            if (doneEvents) {
                ev.add("{\"type\":\"response.output_item.done\",\"output_index\":" + oi + ",\"item\":" + item + "}");
            }
            output.append(oi == 0 ? "" : ",").append(item);
        }
        ev.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"completed\",\"output\":[" + output + "]}}");
        for (int i = 0; i < ev.size(); i++) {
            ev.set(i, ev.get(i).replaceFirst("^\\{\"type\":(\"[a-z_.]+\"),", "{\"type\":$1,\"sequence_number\":" + i + ","));
        }
        return ev.toArray(String[]::new);
    }

    private static String quote(String s) {
        return Json.write(Json.object().textNode(s));
    }

    /**
     * What a client shows of a final response: its output_text joined, or the refusal of a blocked one (the last
     * output item, after those the stream had announced).
     */
    private static String shown(JsonNode response) {
        if ("content_filter".equals(response.at("/incomplete_details/reason").asText())) {
            JsonNode output = response.path("output");
            return "blocked: " + output.path(output.size() - 1).at("/content/0/text").asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : response.path("output")) {
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText())) {
                    sb.append(part.path("text").asText());
                }
            }
        }
        return sb.toString();
    }

    /** What the client of a stream got: every event's data, in order. */
    private static List<JsonNode> streamed(boolean doneEvents, List<List<List<String>>> messages) {
        return streamed(doneEvents, messages, java.util.Set.of());
    }

    /** {@link #streamed(boolean, List)} with the parts named "oi/ci" in {@code refusals} as refusal parts. */
    private static List<JsonNode> streamed(boolean doneEvents, List<List<List<String>>> messages, java.util.Set<String> refusals) {
        String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"),
                streamedResponse(doneEvents, messages, refusals));
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            events.add(Json.parseObjectOrNull(line));
        }
        return events;
    }

    /** The final response of a stream (completed, or incomplete when blocked). */
    private static JsonNode finalResponse(List<JsonNode> events) {
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asText()).isIn("response.completed", "response.incomplete");
        return last.path("response");
    }

    /** Per output_text part ("oi/ci"), the deltas the client got, joined. */
    private static java.util.Map<String, String> deltasByPart(List<JsonNode> events) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode e : events) {
            if ("response.output_text.delta".equals(e.path("type").asText())) {
                out.merge(e.path("output_index").asInt() + "/" + e.path("content_index").asInt(), e.path("delta").asText(),
                        String::concat);
            }
        }
        return out;
    }

    /** The same answer whole: parts per message, as in {@link #streamedResponse}. */
    private static String shownWhole(List<List<List<String>>> messages) {
        StringBuilder output = new StringBuilder("[");
        for (int oi = 0; oi < messages.size(); oi++) {
            String[] texts = messages.get(oi).stream().map(p -> {
                String q = quote(String.join("", p));
                return q.substring(1, q.length() - 1);
            }).toArray(String[]::new);
            output.append(oi == 0 ? "" : ",").append(message("msg_" + oi, texts));
        }
        return shown(response(output.append("]").toString()));
    }

    /** Each part as one list of deltas of {@code size} chars. */
    private static List<List<String>> chunked(int size, String... parts) {
        List<List<String>> out = new ArrayList<>();
        for (String p : parts) {
            List<String> deltas = new ArrayList<>();
            for (int i = 0; i < p.length(); i += size) {
                deltas.add(p.substring(i, Math.min(p.length(), i + size)));
            }
            out.add(deltas);
        }
        return out;
    }

    private static final String BLOCKED = "blocked: " + TestPipelineSource.REFUSAL;

    @Test
    void aNameSplitAcrossStreamedOutputTextPartsBlocksTheResponse() {
        List<JsonNode> events = streamed(true, List.of(chunked(100, "Our guest is Vol", "demort, who writes.")));
        assertThat(events.toString()).doesNotContain("demort");
        assertThat(shown(finalResponse(events))).isEqualTo(BLOCKED);
        assertThat(finalResponse(events).at("/guard/findings/0/rule").asText()).isEqualTo("split-across-parts");
        // a clean answer's parts go out as sent, each on its own part, not joined
        List<JsonNode> clean = streamed(true, List.of(chunked(3, "Hello Vol", "ume two.")));
        assertThat(deltasByPart(clean)).containsExactly(java.util.Map.entry("0/0", "Hello Vol"),
                java.util.Map.entry("0/1", "ume two."));
        JsonNode done = finalResponse(clean);
        assertThat(done.at("/output/0/content/0/text").asText()).isEqualTo("Hello Vol");
        assertThat(done.at("/output/0/content/1/text").asText()).isEqualTo("ume two.");
        assertThat(done.has("guard")).isFalse();
    }

    @Test
    void aNameSplitAcrossStreamedMessagesBlocksTheResponse() {
        List<JsonNode> events = streamed(true, List.of(chunked(4, "Our guest is Hor"), chunked(4, "crux, who writes.")));
        assertThat(events.toString()).doesNotContain("crux");
        assertThat(shown(finalResponse(events))).isEqualTo(BLOCKED);
        List<JsonNode> clean = streamed(true, List.of(chunked(4, "One."), chunked(4, " Two.")));
        assertThat(deltasByPart(clean)).containsExactly(java.util.Map.entry("0/0", "One."), java.util.Map.entry("1/0", " Two."));
        assertThat(shown(finalResponse(clean))).isEqualTo("One. Two.");
    }

    @Test
    void aNameSplitAcrossStreamedPartsBlocksAtEveryCutAndChunkingAsTheWholeAnswerDoes() {
        String text = "Voldemort met Voldemort, who writes.";
        int name = text.indexOf("Voldemort", 1);
        for (int cut = name + 1; cut < name + "Voldemort".length(); cut++) {
            for (int size : new int[] {1, 2, 5, 100}) {
                for (boolean doneEvents : new boolean[] {true, false}) {
                    List<List<List<String>>> parts = List.of(chunked(size, text.substring(0, cut), text.substring(cut)));
                    List<List<List<String>>> messages = List.of(chunked(size, text.substring(0, cut)),
                            chunked(size, text.substring(cut)));
                    for (List<List<List<String>>> answer : List.of(parts, messages)) {
                        List<JsonNode> events = streamed(doneEvents, answer);
                        String what = "cut " + cut + ", deltas of " + size + (doneEvents ? "" : ", no done events");
                        assertThat(events.toString()).as(what).doesNotContain("Voldemort").doesNotContain(text.substring(cut))
                                .doesNotContain("met " + text.substring(name, cut)); // nor the held start (helper-76)
                        assertThat(shown(finalResponse(events))).as(what).isEqualTo(BLOCKED).isEqualTo(shownWhole(answer));
                    }
                }
            }
        }
    }

    @Test
    void aNameSplitWhereTheLastPartEndsTheResponseBlocks() {
        for (boolean doneEvents : new boolean[] {true, false}) {
            for (int size : new int[] {1, 3, 100}) {
                List<List<List<String>>> answer = List.of(chunked(size, "Our guest is Vol", "demort"));
                List<JsonNode> events = streamed(doneEvents, answer);
                assertThat(events.toString()).as("deltas of " + size).doesNotContain("demort");
                assertThat(shown(finalResponse(events))).isEqualTo(BLOCKED).isEqualTo(shownWhole(answer));
            }
        }
    }

    /**
     * helper-80: a refusal part is model text a client shows beside the message's other parts, but only
     * output_text parts were joined, so a name split across two refusal parts, or an output_text part then a
     * refusal part, went out. Every message part is now joined in order besides the SDKs' output_text (which
     * skips refusals), whole and streamed, with the same hold: the name's start never reaches the client.
     */
    @Test
    void aNameSplitAcrossRefusalPartsBlocksWholeAndStreamed() {
        for (java.util.Set<String> refusals : List.of(java.util.Set.of("0/0", "0/1"), java.util.Set.of("0/1"),
                java.util.Set.of("0/0"))) {
            java.util.Set<Integer> inMessage = new java.util.HashSet<>();
            refusals.forEach(r -> inMessage.add(Integer.parseInt(r.substring(2))));
            ObjectNode whole = response("[" + message("msg_1", inMessage, "Our guest is Vol", "demort, who writes.") + "]");
            assertThat(Json.write(whole)).as("whole, refusal parts " + refusals).doesNotContain("demort")
                    .doesNotContain("guest is Vol");
            assertThat(whole.at("/guard/findings/0/rule").asText()).isEqualTo("split-across-parts");
            for (int size : new int[] {1, 3, 100}) {
                for (boolean doneEvents : new boolean[] {true, false}) {
                    String what = "refusal parts " + refusals + ", deltas of " + size + (doneEvents ? "" : ", no done events");
                    List<JsonNode> events = streamed(doneEvents, List.of(chunked(size, "Our guest is Vol",
                            "demort, who writes.")), refusals);
                    assertThat(events.toString()).as(what).doesNotContain("demort").doesNotContain("is Vol");
                    assertThat(shown(finalResponse(events))).as(what).isEqualTo(BLOCKED);
                    assertThat(finalResponse(events).at("/guard/findings/0/rule").asText()).as(what)
                            .isEqualTo("split-across-parts");
                }
            }
        }
        // across messages: an output_text message, then a refusal message
        List<JsonNode> events = streamed(true, List.of(chunked(4, "Our guest is Vol"), chunked(4, "demort.")),
                java.util.Set.of("1/0"));
        assertThat(events.toString()).doesNotContain("demort").doesNotContain("is Vol");
        assertThat(shown(finalResponse(events))).isEqualTo(BLOCKED);
        // a clean refusal after text goes out as sent, on its own part
        List<JsonNode> clean = streamed(true, List.of(chunked(3, "Hello Vol", "ume two.")), java.util.Set.of("0/1"));
        JsonNode done = finalResponse(clean);
        assertThat(done.at("/output/0/content/0/text").asText()).isEqualTo("Hello Vol");
        assertThat(done.at("/output/0/content/1/refusal").asText()).isEqualTo("ume two.");
        assertThat(done.has("guard")).isFalse();
    }

    /** A refusal between two output_text parts: the SDKs' output_text still joins the two around it. */
    @Test
    void aNameSplitAroundARefusalPartStillBlocks() {
        ObjectNode whole = response("[" + message("msg_1", java.util.Set.of(1), "Our guest is Vol", "No.",
                "demort, who writes.") + "]");
        assertThat(Json.write(whole)).doesNotContain("demort").doesNotContain("guest is Vol");
        List<JsonNode> events = streamed(true, List.of(chunked(2, "Our guest is Vol", "No.", "demort, who writes.")),
                java.util.Set.of("0/1"));
        assertThat(events.toString()).doesNotContain("demort").doesNotContain("is Vol");
        assertThat(shown(finalResponse(events))).isEqualTo(BLOCKED);
    }

    @Test
    void aStreamedAnswerShowsWhatTheWholeAnswerShows() {
        List<String[]> answers = List.of(new String[] {"Hello ", "world."}, new String[] {"A Voldemort ", "and more."},
                new String[] {"Vol", "ume and Voldemort."}, new String[] {"Voldemort met Vol", "demort."},
                new String[] {"Hor", "crux"}, new String[] {"Hello Vol", "de", "mort."}, new String[] {"x", "", "y"});
        for (String[] a : answers) {
            for (int size : new int[] {1, 2, 100}) {
                for (boolean doneEvents : new boolean[] {true, false}) {
                    List<List<List<String>>> answer = List.of(chunked(size, a));
                    String what = String.join("|", a).replace("Voldemort", "V*").replace("Horcrux", "H*") + " by " + size;
                    List<JsonNode> events = streamed(doneEvents, answer);
                    assertThat(shown(finalResponse(events))).as(what).isEqualTo(shownWhole(answer));
                    assertThat(events.toString()).as(what).doesNotContain("Voldemort").doesNotContain("Horcrux")
                            .doesNotContain("demort.");
                }
            }
        }
    }

    // Red team 7, item 1: streams whose chunks carry no choices (TGI's and llama.cpp's native streams, a Responses
    // event stream on the chat route) had each top-level string scanned alone

    /** Per char of "Voldemort", the payload a stream of this shape carries it in. */
    private static List<String> perChar(String shape) {
        List<String> out = new ArrayList<>();
        String name = "Voldemort";
        for (int i = 0; i < name.length(); i++) {
            out.add(shape.replace("%c", name.substring(i, i + 1)).replace("%i", Integer.toString(i)));
        }
        return out;
    }

    /** The events a stream sent before the first payload it could not walk; fails when it walked them all. */
    private static String untilUnwalkable(StreamTranslator t, List<String> payloads) {
        List<WireEvent> events = new ArrayList<>();
        for (String p : payloads) {
            try {
                t.onEvent(null, (ObjectNode) Json.parseObjectOrNull(p), p, events);
            } catch (Unwalkable e) {
                assertThat(e.getMessage()).doesNotContain("Vol");
                return String.join("\n", events.stream().map(WireEvent::data).toList());
            }
        }
        throw new AssertionError("every payload was walked: " + events.stream().map(WireEvent::data).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"index\":%i,\"token\":{\"id\":%i,\"text\":\"%c\",\"logprob\":-0.1,\"special\":false},\"generated_text\":null,\"details\":null}",
        "{\"content\":\"%c\",\"stop\":false,\"id_slot\":0}",
        "{\"id\":\"a\",\"text\":\"%c\"}",
        "{\"choices\":null,\"x\":\"%c\"}",
        "{\"id\":\"a\",\"choices\":[],\"note\":\"%c\"}",
        "{\"type\":\"response.output_text.delta\",\"sequence_number\":%i,\"item_id\":\"msg_1\",\"output_index\":0,"
            + "\"content_index\":0,\"delta\":\"%c\"}",
        "{\"id\":\"a\",\"choices\":[],\"n\":%i}",
        "{\"id\":\"a\",\"choices\":[],\"x\":{\"t\":\"%c\"}}"})
    void aChunkWithoutChoicesThatCarriesTextIsNotWalkable(String shape) {
        for (boolean legacy : new boolean[] {false, true}) {
            String out = untilUnwalkable(new ChatStream(session(), legacy, Declared.NONE, "r", "m"), perChar(shape));
            assertThat(out).isEmpty(); // the first such chunk already fails the stream
        }
    }

    @Test
    void chunksWithoutChoicesThatCarryOnlyProtocolMetadataPass() {
        String azure = "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]}";
        String first = HEAD + "\"provider\":\"OpenAI\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}";
        String last = HEAD + "\"provider\":\"OpenAI\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
        String usage = HEAD + "\"provider\":\"OpenAI\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"total_tokens\":2},\"timings\":{\"predicted_ms\":1.5},\"system_fingerprint\":\"fp_1\",\"service_tier\":\"default\","
                + "\"stop\":true,\"empty\":\"\"}";
        ChatStream t = new ChatStream(session(), false, Declared.NONE, "r", "m");
        String out = stream(t, azure, first, last, usage);
        assertThat(out.split("\n")).containsExactly(azure, first, last, usage);
        assertThat(t.settled()).isTrue();
        // Groq's x_groq: its id as the first chunk had it, usage numbers added at the end
        String groqFirst = HEAD + "\"x_groq\":{\"id\":\"req_1\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                + "\"finish_reason\":\"stop\"}]}";
        String groqLast = HEAD + "\"choices\":[],\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"queue_time\":0.01,"
                + "\"prompt_tokens\":5}}}";
        ChatStream groq = new ChatStream(session(), false, Declared.NONE, "r", "m");
        assertThat(stream(groq, groqFirst, groqLast).split("\n")).containsExactly(groqFirst, groqLast);
        // a value beside choices that no chunk with choices had first is not metadata repeated
        untilUnwalkable(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                List.of(first, usage.replace("\"OpenAI\"", "\"OpenAI2\"")));
    }

    @Test
    void aStreamInWhichNoChoiceCameIsNotFinished() {
        ChatStream usageOnly = new ChatStream(session(), false, Declared.NONE, "r", "m");
        stream(usageOnly, HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":0,\"total_tokens\":1}}");
        assertThat(usageOnly.settled()).as("the relay ends it with upstream_stream_truncated").isFalse();
        assertThat(new ChatStream(session(), false, Declared.NONE, "r", "m").settled()).isFalse();
        ChatStream finished = new ChatStream(session(), false, Declared.NONE, "r", "m");
        stream(finished, chunk("{\"content\":\"Hi\"}", "stop"));
        assertThat(finished.settled()).isTrue();
    }

    // items 2 and 3: numbers where the protocol has text, one digit per chunk; numbers in Responses output items

    private static final String PHONE = "4155550142";

    private static GuardSession phoneSession() {
        java.util.Map<String, io.lethe.guard.Action> terms = new java.util.HashMap<>(TestStage.TERMS);
        terms.put(PHONE, io.lethe.guard.Action.REDACT);
        return TestWire.session(new io.lethe.guard.pipeline.GuardPipeline(List.of(new TestStage(terms)),
                TestPipelineSource.policy()));
    }

    /** What a JavaScript client's {@code text += value} builds from the value at {@code pointer} of every event. */
    private static String accumulated(String out, String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c != null && c.at(pointer).isValueNode() && !c.at(pointer).isNull()) {
                sb.append(c.at(pointer).asText());
            }
        }
        return sb.toString();
    }

    private static List<String> digits(String shape) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < PHONE.length(); i++) {
            out.add(shape.replace("%d", PHONE.substring(i, i + 1)).replace("%i", Integer.toString(i)));
        }
        return out;
    }

    @Test
    void aNumberInAChatTextFieldJoinsItsChannelLikeTheWholeAnswer() {
        List<String> chunks = new ArrayList<>(digits(chunk("{\"content\":%d}", null)));
        chunks.add(chunk("{}", "stop"));
        String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        String streamed = accumulated(out, "/choices/0/delta/content");
        assertThat(streamed).doesNotContain("41555").isEqualTo("[REDACTED]");
        ObjectNode b = TestWire.whole(phoneSession(), "{\"choices\":[{\"index\":0,\"message\":{\"content\":" + PHONE
                + "},\"finish_reason\":\"stop\"}]}", false);
        assertThat(b.at("/choices/0/message/content").asText()).isEqualTo(streamed);
        // a clean number stays a number
        String clean = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"), chunk("{\"content\":7}", "stop"));
        assertThat(Json.parseObjectOrNull(clean).at("/choices/0/delta/content").isNumber()).isTrue();
    }

    @Test
    void aNumberInAnUnknownDeltaFieldJoinsItsChannelAsItsTextWould() {
        List<String> chunks = new ArrayList<>(digits(chunk("{\"thoughts\":%d}", null)));
        chunks.add(chunk("{}", "stop"));
        String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        assertThat(accumulated(out, "/choices/0/delta/thoughts")).doesNotContain("41555").contains("REDACTED");
    }

    @Test
    void aNumberInALegacyTextOrToolArgumentsJoinsItsChannel() {
        String legacy = "{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":%d,\"finish_reason\":null}]}";
        List<String> chunks = new ArrayList<>(digits(legacy));
        chunks.add(legacy.replace("%d", "\"\"").replace("null}", "\"stop\"}"));
        String out = stream(new ChatStream(phoneSession(), true, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        assertThat(accumulated(out, "/choices/0/text")).doesNotContain("41555").contains("REDACTED");

        List<String> calls = new ArrayList<>();
        calls.add(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
                + "\"arguments\":\"\"}}]}", null));
        calls.addAll(digits(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":%d}}]}", null)));
        calls.add(chunk("{}", "tool_calls"));
        String args = stream(new ChatStream(phoneSession(), false, new Declared(java.util.Set.of("lookup"), null, false), "r", "m"),
                calls.toArray(String[]::new));
        assertThat(accumulated(args, "/choices/0/delta/tool_calls/0/function/arguments")).doesNotContain("41555")
                .contains("REDACTED");
    }

    /** A streamed Responses answer of one message whose text comes as these delta payloads ({@code %s}). */
    private static List<String> responseEvents(List<String> deltas, String doneText, String extraPart, String extraItem) {
        List<String> ev = new ArrayList<>();
        String at = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
        ev.add("{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\","
                + "\"output\":[]}}");
        ev.add("{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\","
                + "\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}");
        ev.add("{\"type\":\"response.content_part.added\"," + at + ",\"part\":{\"type\":\"output_text\",\"annotations\":[],"
                + "\"text\":\"\"}}");
        for (String d : deltas) {
            ev.add("{\"type\":\"response.output_text.delta\"," + at + "," + d + "}");
        }
        String part = "{\"type\":\"output_text\",\"annotations\":[],\"text\":" + doneText + extraPart + "}";
        String item = "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":["
                + part + "]" + extraItem + "}";
        ev.add("{\"type\":\"response.output_text.done\"," + at + ",\"text\":" + doneText + "}");
        ev.add("{\"type\":\"response.content_part.done\"," + at + ",\"part\":" + part + "}");
        ev.add("{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + item + "}");
        ev.add("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":[" + item + "]}}");
        return ev;
    }

    /** A Responses stream cut at max_output_tokens: the done copies come first, the item's status and the terminal after. */
    private static List<String> incomplete(List<String> events, boolean itemDone) {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            if (!itemDone && e.contains("\"response.output_item.done\"")) {
                continue;
            }
            out.add(e.replace("\"status\":\"completed\"", "\"status\":\"incomplete\"")
                    .replace("\"type\":\"response.completed\",\"response\":{",
                            "\"type\":\"response.incomplete\",\"response\":{\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"));
        }
        return out;
    }

    /** The text of every output_text delta and done copy a client got, in order. */
    private static String responsesText(String out) {
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null && "response.output_text.delta".equals(e.path("type").asText())) {
                b.append(e.path("delta").asText());
            }
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aResponsesStreamCutAtItsTokenLimitDropsWhatWasHeldThoughItsDoneCopiesComeFirst(boolean itemDone) {
        // helper-63: output_text.done and content_part.done come before the item and the response say "incomplete";
        // they released the held tail ("Voldem") as complete text
        List<String> deltas = List.of("\"delta\":\"Hello \"", "\"delta\":\"Voldem\"");
        String cut = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"),
                incomplete(responseEvents(deltas, "\"Hello Voldem\"", "", ""), itemDone).toArray(String[]::new));
        assertThat(cut).doesNotContain("Vol").contains("response.output_text.done").contains("response.incomplete");
        assertThat(responsesText(cut)).isEqualTo("Hello ");
        JsonNode last = Json.parseObjectOrNull(cut.substring(cut.lastIndexOf('\n') + 1));
        assertThat(last.at("/response/output/0/content/0/text").asText()).isEqualTo("Hello ");
        assertThat(last.at("/response/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        // the same text completed is released whole, its copies in their order
        String done = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"),
                responseEvents(deltas, "\"Hello Voldem\"", "", "").toArray(String[]::new));
        assertThat(responsesText(done)).isEqualTo("Hello Voldem");
        List<String> types = new ArrayList<>();
        for (String line : done.split("\n")) {
            types.add(Json.parseObjectOrNull(line).path("type").asText());
        }
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
    }

    @Test
    void aResponsesStreamCutIsToldByAnyLaterEventThatSaysSo() {
        // helper-66: vLLM marks the message item completed and only the final response incomplete (inside
        // response.completed); events between the done copies and the item's done told nothing either
        List<String> deltas = List.of("\"delta\":\"Hello \"", "\"delta\":\"Voldem\"");
        List<String> vllm = new ArrayList<>(responseEvents(deltas, "\"Hello Voldem\"", "", ""));
        int last = vllm.size() - 1;
        vllm.set(last, vllm.get(last).replace("\"object\":\"response\",\"status\":\"completed\"",
                "\"object\":\"response\",\"status\":\"incomplete\""));
        List<String> between = new ArrayList<>(incomplete(responseEvents(deltas, "\"Hello Voldem\"", "", ""), true));
        int itemDone = between.size() - 2;
        between.add(itemDone, "{\"type\":\"response.in_progress\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}}");
        between.add(itemDone, "{\"type\":\"response.keepalive\"}");
        between.add(itemDone, "{\"type\":\"response.output_text.annotation.added\",\"item_id\":\"msg_1\",\"output_index\":0,"
                + "\"content_index\":0,\"annotation_index\":0,\"annotation\":{\"type\":\"url_citation\",\"url\":\"https://x.org\"}}");
        for (List<String> events : List.of(vllm, between)) {
            String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"), events.toArray(String[]::new));
            assertThat(out).doesNotContain("Vol").contains("response.output_item.done");
            assertThat(responsesText(out)).isEqualTo("Hello ");
        }
        // a second item after the first tells that the first was not cut: its tail goes out at once
        List<String> two = new ArrayList<>(responseEvents(deltas, "\"Hello Voldem\"", "", ""));
        two.add(two.size() - 1, "{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"message\","
                + "\"id\":\"msg_2\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}");
        String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"), two.toArray(String[]::new));
        assertThat(responsesText(out)).isEqualTo("Hello Voldem");
    }

    @Test
    void aWholeResponseThatDidNotCompleteDropsWhatAStreamWouldHaveHeld() {
        String item = "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",%s\"content\":"
                + "[{\"type\":\"output_text\",\"annotations\":[],\"text\":\"Hello Voldem\"}]}";
        for (String[] c : new String[][]{{"incomplete", "incomplete"}, {"completed", "incomplete"}, {"failed", "completed"},
                {"incomplete", null}}) {
            ObjectNode b = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"resp_1\",\"object\":\"response\","
                    + "\"status\":\"" + c[0] + "\"," + "\"output\":[" + item.formatted(status(c[1])) + "]}");
            ResponsesWhole.start(session(), b, Declared.NONE, "r", "m").apply();
            assertThat(b.at("/output/0/content/0/text").asText()).as(String.join("/", String.valueOf(c[0]), c[1]))
                    .isEqualTo("Hello ");
        }
        ObjectNode ok = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":[" + item.formatted(status("completed")) + "]}");
        ResponsesWhole.start(session(), ok, Declared.NONE, "r", "m").apply();
        assertThat(ok.at("/output/0/content/0/text").asText()).isEqualTo("Hello Voldem");
        // no status at all is taken as complete (as a chat answer without a finish reason)
        ObjectNode bare = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"output\":[" + item.formatted(status(null)) + "]}");
        ResponsesWhole.start(session(), bare, Declared.NONE, "r", "m").apply();
        assertThat(bare.at("/output/0/content/0/text").asText()).isEqualTo("Hello Voldem");
    }

    private static String status(String s) {
        return s == null ? "" : "\"status\":\"" + s + "\",";
    }

    @Test
    void contentThatOpensAJsonObjectIsJsonUntilItClosesThenProse() {
        // helper-66: prose after the object was redacted as JSON strings ("Call "[REDACTED]"", its full stop lost)
        String content = "{\"phone\": " + PHONE + ", \"ok\": true}\nCall " + PHONE + ". Or " + PHONE;
        String expected = "{\"phone\": \"[REDACTED]\", \"ok\": true}\nCall [REDACTED]. Or [REDACTED]";
        ObjectNode b = TestWire.whole(phoneSession(), "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + Json.write(Json.object().textNode(content)) + "},\"finish_reason\":\"stop\"}]}", false);
        assertThat(b.at("/choices/0/message/content").textValue()).isEqualTo(expected);
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < content.length(); i++) {
            chunks.add(chunk("{\"content\":" + Json.write(Json.object().textNode(content.substring(i, i + 1))) + "}", null));
        }
        chunks.add(chunk("{}", "stop"));
        String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        StringBuilder streamed = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null && e.at("/choices/0/delta/content").isTextual()) {
                streamed.append(e.at("/choices/0/delta/content").asText());
            }
        }
        assertThat(streamed.toString()).isEqualTo(expected);
    }

    @Test
    void jsonInAMarkdownFenceOrAnArrayOfObjectsStaysJsonWhenANumberIsRedacted() {
        // helper-73: fenced or array JSON was prose, a phone as a number became a bare [REDACTED] that broke it
        String[][] cases = {
                {"```json\n{\"phone\": " + PHONE + "}\n```\nCall " + PHONE + ".",
                        "```json\n{\"phone\": \"[REDACTED]\"}\n```\nCall [REDACTED]."},
                {"[{\"phone\": " + PHONE + "}, {\"n\": 1}]", "[{\"phone\": \"[REDACTED]\"}, {\"n\": 1}]"},
                {"```\nsee " + PHONE + "\n```", "```\nsee [REDACTED]\n```"},
                {"[link](x) " + PHONE, "[link](x) [REDACTED]"}};
        for (String[] c : cases) {
            ObjectNode b = TestWire.whole(phoneSession(), "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":" + Json.write(Json.object().textNode(c[0])) + "},\"finish_reason\":\"stop\"}]}", false);
            assertThat(b.at("/choices/0/message/content").textValue()).as(c[0]).isEqualTo(c[1]);
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < c[0].length(); i++) {
                chunks.add(chunk("{\"content\":" + Json.write(Json.object().textNode(c[0].substring(i, i + 1))) + "}", null));
            }
            chunks.add(chunk("{}", "stop"));
            String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
            StringBuilder streamed = new StringBuilder();
            for (String line : out.split("\n")) {
                JsonNode e = Json.parseObjectOrNull(line);
                if (e != null && e.at("/choices/0/delta/content").isTextual()) {
                    streamed.append(e.at("/choices/0/delta/content").asText());
                }
            }
            assertThat(streamed.toString()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void streamedAnnotationsGoOutWholeAsSentAndANamedTitleIsRedactedInPlace() {
        // helper-74: a delta's url_citation was joined as text across chunks: one citation became three entries,
        // "type" empty then doubled, offsets strings
        String clean = "{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://news.example.com/w\","
                + "\"title\":\"Weather report\",\"start_index\":0,\"end_index\":3}}";
        String named = "{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://example.com/p\","
                + "\"title\":\"About Voldemort\",\"start_index\":4,\"end_index\":9}}";
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"role\":\"assistant\",\"content\":\"Sun. \"}", null),
                chunk("{\"annotations\":[" + clean + "]}", null),
                chunk("{\"content\":\"Rain.\",\"annotations\":[" + named + "]}", null),
                chunk("{}", "stop"));
        List<JsonNode> annotations = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null) {
                e.at("/choices/0/delta/annotations").forEach(annotations::add);
            }
        }
        assertThat(annotations).hasSize(2);
        assertThat(annotations.get(0)).isEqualTo(Json.parseObjectOrNull(clean));
        assertThat(annotations.get(1).at("/url_citation/title").asText()).isEqualTo("About [REDACTED]");
        assertThat(annotations.get(1).at("/url_citation/start_index").isInt()).isTrue();
        assertThat(annotations.get(1).at("/url_citation/url").asText()).isEqualTo("https://example.com/p");
    }

    @Test
    void aResponsesAnnotationEventGoesOutWholeWithANamedTitleRedacted() {
        // helper-74: annotation.added was read as an unknown event's deltas: "type":"", the url cut at "https://"
        String at = "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0";
        String clean = "{\"type\":\"url_citation\",\"url\":\"https://news.example.com/w\",\"title\":\"Weather report\","
                + "\"start_index\":0,\"end_index\":4}";
        String named = "{\"type\":\"url_citation\",\"url\":\"https://example.com/p\",\"title\":\"About Voldemort\","
                + "\"start_index\":0,\"end_index\":4}";
        List<String> events = new ArrayList<>(responseEvents(List.of("\"delta\":\"Sun.\""), "\"Sun.\"", "", ""));
        events.add(4, "{\"type\":\"response.output_text.annotation.added\"," + at + ",\"annotation_index\":0,"
                + "\"annotation\":" + clean + "}");
        events.add(5, "{\"type\":\"response.output_text.annotation.added\"," + at + ",\"annotation_index\":1,"
                + "\"annotation\":" + named + "}");
        String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"), events.toArray(String[]::new));
        List<JsonNode> annotations = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null && "response.output_text.annotation.added".equals(e.path("type").asText())) {
                annotations.add(e.path("annotation"));
            }
        }
        assertThat(annotations).hasSize(2);
        assertThat(annotations.get(0)).isEqualTo(Json.parseObjectOrNull(clean));
        assertThat(annotations.get(1).path("title").asText()).isEqualTo("About [REDACTED]");
        assertThat(annotations.get(1).path("url").asText()).isEqualTo("https://example.com/p");
        assertThat(annotations.get(1).path("start_index").isInt()).isTrue();
        assertThat(out).doesNotContain("Voldemort");
    }

    @Test
    void aNumberInAResponsesDeltaJoinsItsChannel() {
        List<String> deltas = new ArrayList<>();
        for (char c : PHONE.toCharArray()) {
            deltas.add("\"delta\":" + c);
        }
        String out = stream(new ResponsesStream(phoneSession(), Declared.NONE, "r", "m"),
                responseEvents(deltas, PHONE, "", "").toArray(String[]::new));
        StringBuilder joined = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if ("response.output_text.delta".equals(e.path("type").asText())) {
                joined.append(e.path("delta").asText());
            }
        }
        assertThat(joined.toString()).doesNotContain("41555").isEqualTo("[REDACTED]");
        assertThat(out).doesNotContain(":" + PHONE).doesNotContain("\"" + PHONE); // (the test's erasure id names it)
    }

    @Test
    void numbersInResponsesOutputItemsAreScannedWholeAndStreamed() {
        ObjectNode text = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":[{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"phone\":" + PHONE + ",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":" + PHONE + ",\"x\":" + PHONE + "}]}]}");
        ResponsesWhole.start(phoneSession(), text, Declared.NONE, "r", "m").apply();
        assertThat(Json.write(text)).doesNotContain(":" + PHONE);
        assertThat(text.at("/output/0/content/0/text").asText()).isEqualTo("[REDACTED]");
        assertThat(text.at("/output/0/phone").asText()).isEqualTo("[REDACTED]");
        assertThat(text.at("/output/0/content/0/x").asText()).isEqualTo("[REDACTED]");

        String out = stream(new ResponsesStream(phoneSession(), Declared.NONE, "r", "m"),
                responseEvents(List.of("\"delta\":\"hi\""), "\"hi\"", ",\"x\":" + PHONE, ",\"phone\":" + PHONE)
                        .toArray(String[]::new));
        assertThat(out).doesNotContain(":" + PHONE).contains("\"hi\"");
        JsonNode completed = Json.parseObjectOrNull(out.substring(out.lastIndexOf('\n') + 1));
        assertThat(completed.at("/response/output/0/phone").asText()).isEqualTo("[REDACTED]");
        assertThat(completed.at("/response/output/0/content/0/text").asText()).isEqualTo("hi");
    }

    // item 4: a declared tool name's first piece followed by more pieces

    @Test
    void piecesAfterADeclaredToolNameAreJoinedWithIt() {
        Declared vol = new Declared(java.util.Set.of("Vol", "get_weather"), null, false);
        String out = stream(new ChatStream(session(), false, vol, "r", "m"),
                toolName("Vol", true), toolName("demort", false), chunk("{}", "tool_calls"));
        assertThat(out).doesNotContain("\"demort").contains("content_filter");
        // a call blocked before any of its arguments went out sends no header (red team 11 #8)
        assertThat(joinedName(out)).isEmpty();
        String volume = stream(new ChatStream(session(), false, vol, "r", "m"),
                toolName("Vol", true), toolName("ume", false), chunk("{}", "tool_calls"));
        assertThat(joinedName(volume)).isEqualTo("Volume");
        String declared = stream(new ChatStream(session(), false, vol, "r", "m"),
                toolName("get_weather", true), chunk("{}", "tool_calls"));
        assertThat(joinedName(declared)).isEqualTo("get_weather");
        assertThat(declared).doesNotContain("content_filter");
    }

    // item 5: a finish reason in an odd shape is a protocol value, verified whole

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"stop\"}", "[\"stop\"]", "\"STOP\"", "\"MAX_TOKENS\"", "{\"type\":\"max_Vol\"}",
            "[\"end_Nag\"]", "\"Stop_Vol\""})
    void aFinishReasonInAnOddShapeIsNotCutLikeHeldText(String reason) {
        ObjectNode b = whole("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hello\"},\"finish_reason\":" + reason + "}]}",
                false);
        assertThat(Json.write(b.at("/choices/0/finish_reason"))).isEqualTo(reason);
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunk("{\"content\":\"Hello\"}", null),
                chunk("{}", null).replace("\"finish_reason\":null", "\"finish_reason\":" + reason));
        assertThat(out).contains("\"finish_reason\":" + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Voldemort\"", "{\"type\":\"Voldemort\"}", "[\"Horcrux\"]"})
    void aFinishReasonThatNamesSomeoneBlocksTheChoice(String reason) {
        ObjectNode b = whole("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hello\"},\"finish_reason\":" + reason + "}]}",
                false);
        assertThat(Json.write(b)).doesNotContain("Voldemort").doesNotContain("Horcrux");
        assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(b.at("/guard/findings/0/rule").asText()).isNotEmpty();
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunk("{\"content\":\"Hello\"}", null),
                chunk("{}", null).replace("\"finish_reason\":null", "\"finish_reason\":" + reason));
        assertThat(out).doesNotContain("Voldemort").doesNotContain("Horcrux").contains("content_filter");
    }

    // item 6: OpenAI's obfuscation padding and vLLM's stop_reason, a char per event

    @Test
    void obfuscationPaddingIsReplacedNotRelayed() {
        List<String> events = new ArrayList<>();
        for (String c : perChar("%c")) {
            events.add("\"delta\":\"x\",\"obfuscation\":\"" + c + "\"");
        }
        String out = stream(new ResponsesStream(session(), Declared.NONE, "r", "m"),
                responseEvents(events, "\"xxxxxxxxx\"", "", "").toArray(String[]::new));
        String pad = accumulated(out, "/obfuscation");
        assertThat(pad).hasSize("Voldemort".length()).isNotEqualTo("Voldemort").doesNotContain("Vold");
        List<String> chunks = new ArrayList<>();
        for (String c : perChar("%c")) {
            chunks.add(chunk("{\"content\":\"x\"}", null).replace("\"choices\"", "\"obfuscation\":\"" + c + "\",\"choices\""));
        }
        chunks.add(HEAD + "\"obfuscation\":\"abc\",\"choices\":[],\"usage\":{\"total_tokens\":1}}");
        String chat = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        assertThat(accumulated(chat, "/obfuscation")).hasSize("Voldemort".length() + 3).doesNotContain("Vold");
    }

    /**
     * A choice's own unknown field spelling text a piece per chunk (red team 9/10: {@code choices[0].obfuscation})
     * is not walkable: each chunk's piece scanned alone would pass. That holds for strings, for digits sent as
     * JSON numbers and for a number growing a digit per chunk. Values that repeat, and Azure's
     * {@code content_filter_*} results whose offsets grow, stay per-chunk values.
     */
    @Test
    void aChoicesOwnFieldSpellingTextAPiecePerChunkBlocksTheChoice() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"a\"},\"%s\":%s,\"finish_reason\":%s}]}";
        String phone = "4155550142";
        Map<String, List<String>> spelt = new java.util.LinkedHashMap<>();
        spelt.put("chars in an object", perChar("%c").stream().map(ch -> "{\"y\":\"" + ch + "\"}").toList());
        spelt.put("digits as numbers", phone.chars().mapToObj(d -> String.valueOf((char) d)).toList());
        spelt.put("a number growing", java.util.stream.IntStream.rangeClosed(1, phone.length())
                .mapToObj(n -> phone.substring(0, n)).toList());
        spelt.put("chars in an array", perChar("%c").stream().map(ch -> "[\"" + ch + "\"]").toList());
        spelt.put("pieces of words", List.of("\"Vol\"", "\"demort\"", "\" was here\""));
        for (Map.Entry<String, List<String>> e : spelt.entrySet()) {
            List<String> chunks = new ArrayList<>();
            for (String v : e.getValue()) {
                chunks.add(c.formatted("x", v, "null"));
            }
            chunks.add(c.formatted("x", "null", "\"stop\""));
            String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
            assertThat(out).as(e.getKey()).doesNotContain("\"y\":\"o\"").doesNotContain("\"x\":415")
                    .doesNotContain("\"x\":1,").doesNotContain("demort").contains("content_filter");
        }
        List<String> steady = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steady.add(c.formatted("x", "{\"severity\":\"safe\",\"tier\":2}", "null"));
            steady.add(c.formatted("content_filter_offsets", "{\"check_offset\":" + i + ",\"end_offset\":" + (i + 3) + "}",
                    "null"));
        }
        steady.add(c.formatted("x", "null", "\"stop\""));
        String clean = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), steady.toArray(String[]::new));
        assertThat(clean).doesNotContain("content_filter\"").contains("\"end_offset\":7").contains("\"tier\":2");
    }

    /**
     * Known choice fields walked as text are compared from chunk to chunk too (an outside tester, helper-62, joined
     * a name from each): vLLM's {@code prompt_logprobs}, {@code token_ids} that are not numbers, and Azure's
     * {@code content_filter_*} beyond its own shape (a string that changes, a key of another name added later).
     * Azure's own stream still passes: {@code {}} first, then categories, severities changing, offsets growing, a
     * category added.
     */
    @Test
    void knownChoiceFieldsSpellingTextAPiecePerChunkBlockTheChoice() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"a\"},\"%s\":%s,\"finish_reason\":%s}]}";
        Map<String, List<String>> spelt = new java.util.LinkedHashMap<>();
        spelt.put("prompt_logprobs", perChar("[{\"1\":{\"logprob\":-1.0,\"decoded_token\":\"%c\"}}]"));
        spelt.put("token_ids", perChar("[\"%c\"]"));
        spelt.put("content_filter_offsets", perChar("{\"check_offset\":%i,\"end_offset\":\"%c\"}"));
        spelt.put("content_filter_results", perChar("{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"custom\":{\"detail\":\"%c\"}}"));
        spelt.put("content_filter_x", perChar("{\"%c\":{\"filtered\":false}}"));
        for (Map.Entry<String, List<String>> e : spelt.entrySet()) {
            List<String> chunks = new ArrayList<>();
            for (String v : e.getValue()) {
                chunks.add(c.formatted(e.getKey(), v, "null"));
            }
            chunks.add(c.formatted("x", "null", "\"stop\""));
            String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
            assertThat(out).as(e.getKey()).doesNotContain("\"o\"").doesNotContain("\"l\"").contains("content_filter\"");
        }
        String results = "{\"hate\":{\"filtered\":false,\"severity\":\"%s\"},\"violence\":{\"filtered\":%s,\"severity\":\"safe\"}%s}";
        List<String> azure = new ArrayList<>();
        azure.add(c.formatted("content_filter_results", "{}", "null"));
        for (int i = 0; i < 6; i++) {
            String added = i >= 3 ? ",\"protected_material_text\":{\"filtered\":false,\"detected\":false}" : "";
            azure.add(c.formatted("content_filter_results", results.formatted(i < 2 ? "safe" : "low", i == 5, added), "null"));
            azure.add(c.formatted("content_filter_offsets", "{\"check_offset\":" + i + ",\"start_offset\":0,\"end_offset\":"
                    + (i + 3) + "}", "null"));
        }
        azure.add(c.formatted("content_filter_results", "{}", "\"stop\""));
        String clean = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), azure.toArray(String[]::new));
        assertThat(clean).doesNotContain("content_filter\"").contains("\"end_offset\":8").contains("protected_material_text")
                .contains("\"severity\":\"low\"");
        String once = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                c.formatted("prompt_logprobs", "[null,{\"9\":{\"logprob\":-1.0,\"decoded_token\":\"Hi\"}}]", "null"),
                c.formatted("x", "null", "null"), c.formatted("x", "null", "\"stop\""));
        assertThat(once).as("prompt logprobs sent once, as vLLM does").doesNotContain("content_filter\"")
                .contains("decoded_token");
    }

    /**
     * A top-level field beside the choices whose text changes from chunk to chunk fails the stream (an outside
     * tester spelt a name in {@code usage.note} of vLLM's continuous usage chunks, and in a vendor field); usage
     * numbers growing and a provider repeated pass.
     */
    @Test
    void identityFieldsKeepTheirFirstValueSoTheyCannotSpellANameAPiecePerChunk() {
        // helper-65: "+1 415 555" then "0142" in id, "Corwin" then "Ashdale" in model, each scanned whole, passed
        for (String field : List.of("id", "model", "system_fingerprint", "object", "service_tier")) {
            String c = "{\"" + field + "\":\"%c\",\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
                    + "\"finish_reason\":null}]}";
            List<String> chunks = new ArrayList<>(perChar(c));
            chunks.add(0, c.replace("%c", "")); // Azure's first chunk: empty identity fields
            String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
            StringBuilder seen = new StringBuilder();
            for (String line : out.split("\n")) {
                JsonNode e = Json.parseObjectOrNull(line);
                if (e != null && e.path(field).isTextual()) {
                    seen.append(e.path(field).asText());
                }
            }
            assertThat(seen.toString()).as(field).doesNotContain("o").startsWith("VVV");
        }
        // digits of a phone across created-like numbers and ids: the first value stands for all
        String p = "{\"id\":\"%s\",\"created\":%d,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}";
        String out = stream(new ChatStream(phoneSession(), false, Declared.NONE, "r", "m"),
                p.formatted("415555", 415555), p.formatted("0142", 142), p.formatted("chatcmpl-1", 1));
        assertThat(out).doesNotContain("0142").doesNotContain("chatcmpl-1").doesNotContain(":142");
    }

    /**
     * helper-80: an identity field naming someone was rewritten in a whole answer but failed the stream. Each chunk
     * repeats it, so it is redacted the same way in every chunk and the stream goes on; {@code model} keeps a value.
     */
    @Test
    void anIdentityFieldNamingSomeoneIsRedactedInEveryChunkAndTheStreamGoesOn() {
        String c = "{\"id\":\"chatcmpl-Voldemort\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"Voldemort-7b\",\"system_fingerprint\":\"fp_Voldemort\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}]}";
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), c.formatted("Hello ", "null"),
                c.formatted("there.", "null"), c.formatted("", "\"stop\""));
        assertThat(out).doesNotContain("Voldemort").doesNotContain("\"error\"").contains("there.");
        for (String line : out.split("\n")) {
            JsonNode e = Json.parseObjectOrNull(line);
            if (e != null && e.has("choices")) {
                assertThat(e.path("model").asText()).as(line).isEqualTo("m");
                assertThat(e.path("id").asText()).as(line).isEqualTo("chatcmpl-r");
            }
        }
        ObjectNode b = (ObjectNode) Json.parseObjectOrNull(c.formatted("Hello", "\"stop\"").replace("\"delta\"", "\"message\""));
        try {
            ChatWhole.start(session(), b, false, Declared.NONE, "r", "m").apply();
        } catch (Unwalkable e) {
            throw new AssertionError(e);
        }
        assertThat(b.toString()).doesNotContain("Voldemort");
        assertThat(b.path("model").asText()).isEqualTo("m");
        assertThat(b.path("id").asText()).isEqualTo("chatcmpl-r");
    }

    /**
     * helper-86: an identity field that is exactly a registered name failed a chat stream ("the fields beside the
     * choices name someone joined"), came out "[REDACTED]" as a model, and a whole Responses answer kept its id and
     * was blocked. The gateway's own values stand in, and the answer goes on.
     */
    @Test
    void anIdentityFieldThatIsExactlyANameGetsTheGatewaysOwnValue() {
        String c = "{\"id\":\"Voldemort\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"Voldemort\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}]}";
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), c.formatted("Hello", "null"),
                c.formatted("", "\"stop\""));
        assertThat(out).doesNotContain("Voldemort").doesNotContain("REDACTED").contains("Hello")
                .contains("\"id\":\"chatcmpl-r\"").contains("\"model\":\"m\"");

        ObjectNode b = (ObjectNode) Json.parseObjectOrNull("{\"id\":\"Voldemort\",\"object\":\"response\","
                + "\"model\":\"Voldemort\",\"status\":\"completed\",\"output\":[" + message("m1", "Hello there.") + "]}");
        ResponsesWhole.start(session(), b, Declared.NONE, "r", "m").apply();
        assertThat(b.toString()).doesNotContain("Voldemort").contains("Hello there.");
        assertThat(b.path("id").asText()).isEqualTo("resp_r");
        assertThat(b.path("model").asText()).isEqualTo("m");
        assertThat(b.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aTopLevelFieldSpellingTextAPiecePerChunkFailsTheStream() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",%s\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}";
        for (String shape : List.of("\"usage\":{\"completion_tokens\":%i,\"note\":\"%c\"},", "\"x_vendor\":\"%c\",",
                "\"x_%c\":1,\"x_vendor\":{\"k%i\":\"%c\"},")) {
            List<String> chunks = perChar(c.formatted(shape));
            ChatStream t = new ChatStream(session(), false, Declared.NONE, "r", "m");
            List<WireEvent> out = new ArrayList<>();
            Unwalkable thrown = null;
            for (String chunk : chunks) {
                try {
                    t.onEvent(null, Json.parseObjectOrNull(chunk), chunk, out);
                } catch (Unwalkable e) {
                    thrown = e;
                    break;
                }
            }
            assertThat(thrown).as(shape).isNotNull();
            assertThat(out.toString()).as(shape).doesNotContain("\"o\"");
        }
        List<String> steady = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steady.add(c.formatted("\"provider\":\"Acme\",\"usage\":{\"completion_tokens\":" + i + ",\"total_tokens\":" + (i + 9)
                    + ",\"cached\":" + (i > 2) + "},"));
        }
        String clean = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), steady.toArray(String[]::new));
        assertThat(clean).contains("\"total_tokens\":13").contains("Acme");
    }

    /**
     * Two keys of an unknown object whose values share a channel (keys that are not schema words): text held at
     * the first value for a possible name and released at the second stayed with the second, so an outside tester
     * (helper-62) got {@code {"Corwin": "", "Ash": "ab"}} back for {@code {"Corwin": "a", "Ash": "b"}}. Each
     * value now keeps its own text when nothing was found.
     */
    @Test
    void valuesOfAnUnknownObjectStayWithTheirKeysInAWholeAnswer() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"x\":%s},\"finish_reason\":\"stop\"}]}";
        for (String x : List.of("{\"Corwin\":\"a\",\"Ash\":\"b\"}", "{\"Cor\":1,\"win Ash\":2}", "[{\"Corwin\":\"a\",\"Ash\":\"b\"}]")) {
            ObjectNode out = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                    body.formatted(x), false);
            assertThat(out.at("/choices/0/message/x").toString()).isEqualTo(x);
        }
    }

    /**
     * A whole answer's fields beside the choices are scanned after them: a person the answer names makes the
     * surname a finding there ({@code "usage": {"note": "Ashdale"}} passed: the top level was scanned first).
     */
    @Test
    void aSurnameBesideTheChoicesOfAWholeAnswerIsAFollowUp() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"I believe Corwin Ashdale wrote it.\"},\"finish_reason\":\"stop\"}],"
                + "\"x_note\":\"Ashdale\",\"usage\":{\"prompt_tokens\":1,\"note\":\"Ashdale\"}}";
        ObjectNode out = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                body, false);
        assertThat(out.toString()).doesNotContain("Ashdale").contains("\"prompt_tokens\":1");
    }

    /**
     * A whole answer's field beside the choices whose pieces are clean alone but name someone joined (an array
     * of tokens, TGI's {@code details.tokens[].text}) is removed, as a stream drops it; clean pieces stay.
     */
    @Test
    void piecesBesideTheChoicesThatNameSomeoneJoinedAreRemovedFromAWholeAnswer() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],%s}";
        for (String field : List.of("\"tokens\":[\"Cor\",\"win\",\" Ash\",\"dale\"]",
                "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":4,\"tokens\":[{\"id\":1,\"text\":\"Cor\","
                        + "\"logprob\":-0.1,\"special\":false},{\"id\":2,\"text\":\"win\"},{\"id\":3,\"text\":\" Ash\"},{\"id\":4,\"text\":\"dale\"}]}",
                "\"details\":{\"tokens\":[{\"id\":1,\"text\":\"Cor\"},{\"id\":2,\"text\":\"win\"},{\"id\":3,\"text\":\" Ashdale\"}]}")) {
            ObjectNode out = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                    body.formatted(field), false);
            assertThat(out.toString()).as(field).doesNotContain("win").contains("\"content\":\"hi\"");
        }
        ObjectNode two = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                body.formatted("\"x_first\":\"Corwin\",\"x_last\":\"Ashdale\",\"usage\":{\"total_tokens\":3}"), false);
        assertThat(two.toString()).as("a name split across two fields").doesNotContain("Corwin").contains("\"total_tokens\":3");
        String clean = "\"tokens\":[\"The\",\" cat\",\" sat\"]";
        ObjectNode out = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                body.formatted(clean), false);
        assertThat(out.toString()).contains(clean);
    }

    /**
     * An upstream error whose fields are clean alone but name someone joined ({"message": "Corwin", "type":
     * "Ashdale"}, returned as sent to an outside tester) is withheld, its type and code in protocol shape.
     */
    @Test
    void anErrorNamingSomeoneAcrossItsFieldsIsWithheld() {
        for (String error : List.of("{\"message\":\"Corwin\",\"type\":\"Ashdale\",\"param\":\"x\",\"code\":\"y\"}",
                "{\"message\":\"Corwin\",\"param\":\"Ashdale\"}", "{\"message\":\"Cor\",\"type\":\"win\",\"param\":\" Ash\",\"code\":\"dale\"}",
                "{\"message\":\"[{\\\"loc\\\":[\\\"body\\\",\\\"Corwin\\\"],\\\"msg\\\":\\\"Ashdale\\\"}]\"}")) {
            ObjectNode body = (ObjectNode) Json.parseObjectOrNull("{\"error\":" + error + "}");
            ObjectNode out = io.lethe.proxy.openai.ErrorGuard.start(
                    TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)), body, 0).apply();
            assertThat(out.toString()).as(error).doesNotContain("Corwin").doesNotContain("Ashdale");
            assertThat(out.at("/error/type").asText()).as(error).isNotEmpty();
            assertThat(out.at("/error").has("code")).as(error).isTrue();
        }
        ObjectNode clean = (ObjectNode) Json.parseObjectOrNull("{\"error\":{\"message\":\"out of memory\",\"type\":\"server_error\"}}");
        assertThat(io.lethe.proxy.openai.ErrorGuard.start(TestWire.session(io.lethe.erasure.PersonPipelines.person(
                "Corwin Ashdale", null)), clean, 0).apply().at("/error/message").asText()).isEqualTo("out of memory");
    }

    /**
     * A whole Responses answer whose unknown array (an item's tokens, a top-level array) names someone only joined
     * is blocked (an outside tester got it back as sent); clean arrays pass.
     */
    @Test
    void aResponsesArrayNamingSomeoneJoinedBlocksTheResponse() {
        String head = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",";
        String msg = "{\"type\":\"message\",\"id\":\"m1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":"
                + "\"output_text\",\"annotations\":[],\"text\":\"hi\"}]}";
        for (String body : List.of(head + "\"output\":[" + msg + ",{\"type\":\"x_widget\",\"id\":\"w1\",\"tokens\":[\"Cor\",\"win\",\" Ash\",\"dale\"]}]}",
                head + "\"x_tokens\":[\"Cor\",\"win\",\" Ash\",\"dale\"],\"output\":[" + msg + "]}",
                head + "\"output\":[" + msg + ",{\"type\":\"x_widget\",\"id\":\"w1\",\"data\":{\"a\":\"Corwin\",\"b\":\" Ashdale\"}}]}")) {
            ObjectNode b = (ObjectNode) Json.parseObjectOrNull(body);
            ResponsesWhole.start(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)), b,
                    Declared.NONE, "r", "m").apply();
            assertThat(b.toString()).as(body).doesNotContain("win");
        }
        ObjectNode clean = (ObjectNode) Json.parseObjectOrNull(head + "\"output\":[" + msg
                + ",{\"type\":\"x_widget\",\"id\":\"w1\",\"tokens\":[\"The\",\" cat\"]}]}");
        ResponsesWhole.start(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)), clean,
                Declared.NONE, "r", "m").apply();
        assertThat(clean.toString()).contains("\" cat\"").contains("\"hi\"");
    }

    /**
     * A whole chat choice whose unknown fields' strings name someone only joined (an object's values, vLLM's
     * prompt logprobs with their alternatives) is blocked; clean ones pass (helper-63).
     */
    @Test
    void aChoiceWhoseUnknownFieldsNameSomeoneJoinedIsBlocked() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"%s},\"finish_reason\":\"stop\"%s}]%s}";
        String alternatives = "\"prompt_logprobs\":[null,{\"100\":{\"logprob\":-1,\"rank\":1,\"decoded_token\":\"Cor\"},"
                + "\"9\":{\"logprob\":-2,\"rank\":2,\"decoded_token\":\"x\"}},{\"8\":{\"logprob\":-2,\"rank\":2,\"decoded_token\":\"y\"},"
                + "\"101\":{\"logprob\":-1,\"rank\":1,\"decoded_token\":\"win Ashdale\"}}]";
        for (String[] at : List.of(new String[]{",\"x_meta\":{\"a\":\"Cor\",\"b\":\"win\",\"c\":\" Ash\",\"d\":\"dale\"}", "", ""},
                new String[]{"", ",\"x\":{\"a\":\"Corwin\",\"b\":\" Ashdale\"}", ""}, new String[]{"", "," + alternatives, ""},
                new String[]{"", "", "," + alternatives})) {
            ObjectNode out = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                    body.formatted((Object[]) at), false);
            assertThat(out.toString()).as(String.join("", at)).doesNotContain("win");
        }
        ObjectNode clean = TestWire.whole(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                body.formatted(",\"x_meta\":{\"a\":\"The\",\"b\":\" cat\"}", "", ""), false);
        assertThat(clean.toString()).contains("\" cat\"").contains("\"hi\"");
    }

    /** An upstream's own {@code guard} object on a chunk is dropped: it would forge findings (helper-63). */
    @Test
    void anUpstreamsGuardObjectIsNotForwarded() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"guard\":{\"action\":\"block\","
                + "\"findings\":[{\"erasure_id\":\"p1\"}]},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello \"},\"finish_reason\":%s}]}";
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), c.formatted("null"), c.formatted("\"stop\""));
        assertThat(out).doesNotContain("p1").doesNotContain("\"guard\"").contains("hello");
    }

    /** Fields beside the choices repeated on every chunk that name someone joined fail the stream (helper-63). */
    @Test
    void constantFieldsBesideTheChoicesNamingSomeoneJoinedFailTheStream() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",%s\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}";
        for (String fields : List.of("\"x_a\":\"Corwin\",\"x_b\":\" Ashdale\",", "\"x_v\":[\"Cor\",\"win\",\" Ash\",\"dale\"],")) {
            ChatStream t = new ChatStream(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                    false, Declared.NONE, "r", "m");
            Unwalkable thrown = null;
            try {
                t.onEvent(null, Json.parseObjectOrNull(c.formatted(fields)), c.formatted(fields), new ArrayList<>());
            } catch (Unwalkable e) {
                thrown = e;
            }
            assertThat(thrown).as(fields).isNotNull();
        }
        ChatStream t = new ChatStream(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                false, Declared.NONE, "r", "m");
        List<WireEvent> out = new ArrayList<>();
        String clean = c.formatted("\"provider\":\"Acme\",\"x_b\":\"eu-west\",");
        assertThatCode(() -> t.onEvent(null, Json.parseObjectOrNull(clean), clean, out)).doesNotThrowAnyException();
    }

    /**
     * After a choice's finish, Azure's asynchronous filter may still send annotations (scanned whole, each on its
     * own): they pass (helper-63 saw them dropped). Text for the choice's channels after its end does not.
     */
    @Test
    void annotationsAfterAChoicesFinishPassButTextDoesNot() {
        String c = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":%s,\"finish_reason\":%s%s}]}";
        String annotation = ",\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}},"
                + "\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,\"end_offset\":12}";
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                c.formatted("{\"content\":\"hello there\"}", "null", ""), c.formatted("{}", "\"stop\"", ""),
                c.formatted("{}", "null", annotation), c.formatted("{\"content\":\" Voldemort\"}", "null", ""));
        assertThat(out).contains("\"end_offset\":12").doesNotContain("Voldemort");
    }

    /**
     * A Responses stream's final copy whose unknown fields name someone only joined (a snapshot's token array, an
     * item's object of pieces) is not walkable: the response is refused (helper-63); clean ones pass.
     */
    @Test
    void aResponsesStreamsFinalCopyNamingSomeoneJoinedIsRefused() {
        String created = "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}}";
        String completed = "{\"type\":\"response.completed\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\","
                + "\"object\":\"response\",\"status\":\"completed\",\"output\":[]%s}}";
        for (String extra : List.of(",\"x_v\":[\"Cor\",\"win\",\" Ash\",\"dale\"]", ",\"x_v\":{\"a\":\"Corwin\",\"b\":\" Ashdale\"}")) {
            String out = stream(new ResponsesStream(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                    Declared.NONE, "r", "m"), created, completed.formatted(extra));
            assertThat(out).as(extra).doesNotContain("win");
        }
        String clean = stream(new ResponsesStream(TestWire.session(io.lethe.erasure.PersonPipelines.person("Corwin Ashdale", null)),
                Declared.NONE, "r", "m"), created, completed.formatted(",\"x_v\":[\"The\",\" cat\"]"));
        assertThat(clean).contains("\" cat\"").contains("response.completed");
    }

    @Test
    void aStopReasonBeforeTheChoiceEndsIsNotWalkableAndTheLastOneIsScanned() {
        String c = "{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"a\",\"stop_reason\":%s,\"finish_reason\":%s}]}";
        List<String> chunks = new ArrayList<>();
        for (String ch : perChar("%c")) {
            chunks.add(c.formatted("\"" + ch + "\"", "null"));
        }
        chunks.add(c.formatted("null", "\"stop\""));
        String out = stream(new ChatStream(session(), true, Declared.NONE, "r", "m"), chunks.toArray(String[]::new));
        assertThat(out).doesNotContain("\"stop_reason\":\"o\"").contains("content_filter");
        String last = stream(new ChatStream(session(), true, Declared.NONE, "r", "m"),
                c.formatted("null", "null"), c.formatted("\"Voldemort\"", "\"stop\""));
        assertThat(last).doesNotContain("Voldemort");
        String clean = stream(new ChatStream(session(), true, Declared.NONE, "r", "m"),
                c.formatted("null", "null"), c.formatted("\"\\n\\n\"", "\"stop\""));
        assertThat(clean).contains("\"stop_reason\":\"\\n\\n\"").doesNotContain("content_filter");
    }

    // Red team 11, finding 9: a streamed audio object's id, repeated on every chunk, was joined like a delta

    /** One chunk per char of {@code transcript}, each repeating the audio's id (the first also its expiry). */
    private static List<String> audioChunks(String id, String transcript) {
        List<String> out = new ArrayList<>();
        out.add(chunk("{\"role\":\"assistant\"}", null));
        for (int i = 0; i < transcript.length(); i++) {
            out.add(chunk("{\"audio\":{\"id\":\"" + id + "\",\"transcript\":\"" + transcript.charAt(i) + "\""
                    + (i == 0 ? ",\"expires_at\":1729018505" : "") + "}}", null));
        }
        out.add(chunk("{\"audio\":{\"id\":\"" + id + "\",\"data\":\"UklGRg==\"}}", null));
        out.add(chunk("{}", "stop"));
        return out;
    }

    @Test
    void aStreamedAudioIdRepeatedPerChunkGoesOutAsSentAndItsTranscriptStreams() {
        // the id ends like the start of a term (as "audio_…Ho" may): joined as deltas, the guard held its tail
        List<String> in = audioChunks("audio_67Ho", "Hello there");
        List<WireEvent> events = new ArrayList<>();
        ChatStream t = new ChatStream(session(), false, Declared.NONE, "r", "m");
        StringBuilder transcript = new StringBuilder();
        int ids = 0;
        for (int i = 0; i < in.size(); i++) {
            events.clear();
            try {
                t.onEvent(null, (ObjectNode) Json.parseObjectOrNull(in.get(i)), in.get(i), events);
            } catch (Unwalkable e) {
                throw new AssertionError(e);
            }
            for (WireEvent e : events) {
                JsonNode audio = Json.parseObjectOrNull(e.data()).at("/choices/0/delta/audio");
                if (audio.isObject()) {
                    assertThat(audio.get("id").textValue()).as("chunk " + i).isEqualTo("audio_67Ho");
                    ids++;
                    transcript.append(audio.path("transcript").asText(""));
                    if (audio.has("expires_at")) {
                        assertThat(audio.get("expires_at").isNumber()).isTrue();
                        assertThat(audio.get("expires_at").longValue()).isEqualTo(1729018505L);
                    }
                }
            }
            if (i == 5) {
                assertThat(transcript.toString()).as("released before the stream ends").startsWith("Hell");
            }
        }
        assertThat(ids).as("every chunk's audio, none merged").isEqualTo(in.size() - 2);
        assertThat(transcript.toString()).isEqualTo("Hello there");
    }

    @Test
    void anAudioIdThatChangesFromChunkToChunkOrNamesSomeoneBlocksTheChoice() {
        // identifier-shaped pieces that spell a name only joined
        List<String> in = new ArrayList<>();
        for (String piece : List.of("Vol_", "dem_", "ort_")) {
            in.add(chunk("{\"audio\":{\"id\":\"" + piece + "\",\"transcript\":\"a\"}}", null));
        }
        in.add(chunk("{}", "stop"));
        String changing = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), in.toArray(String[]::new));
        assertThat(changing).doesNotContain("dem_").contains("content_filter");
        String named = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                audioChunks("audio_Horcrux_1", "Hi").toArray(String[]::new));
        assertThat(named).doesNotContain("Horcrux").contains("content_filter");
        ObjectNode whole = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"audio\":{\"id\":\"audio_Horcrux_1\",\"expires_at\":1,\"transcript\":\"Hi\",\"data\":\"UklGRg==\"}},"
                + "\"finish_reason\":\"stop\"}]}", false);
        assertThat(Json.write(whole)).doesNotContain("Horcrux");
        ObjectNode clean = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"audio\":{\"id\":\"audio_abc\",\"expires_at\":1,\"transcript\":\"Hi\",\"data\":\"UklGRg==\"}},"
                + "\"finish_reason\":\"stop\"}]}", false);
        assertThat(clean.at("/choices/0/message/audio/expires_at").isNumber()).isTrue();
        assertThat(clean.at("/choices/0/message/audio/data").textValue()).isEqualTo("UklGRg==");
    }

    @Test
    void audioDataThatIsNotBase64IsScannedAsText() {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"audio\":{\"id\":\"audio_abc\",\"data\":\"about Voldemort here\"}}", null), chunk("{}", "stop"));
        assertThat(out).doesNotContain("Voldemort");
    }

    // Red team 11, finding 10: a finding only in the alternatives (top_logprobs) of a streamed answer

    private static final String[] TOKENS = {"We", " met", " the", " team."};
    /** Rank 1 alternatives, position after position: they spell a name (redact). */
    private static final String[] RANK1 = {"Vol", "dem", "ort", " x"};

    private static List<String> chatWithAlternatives() {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < TOKENS.length; i++) {
            in.add(chunk("{\"content\":\"" + TOKENS[i] + "\"}", i == TOKENS.length - 1 ? "stop" : null)
                    .replace("\"finish_reason\"", "\"logprobs\":{\"content\":[{\"token\":\"" + TOKENS[i]
                            + "\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"" + TOKENS[i] + "\",\"logprob\":-0.1},"
                            + "{\"token\":\"" + RANK1[i] + "\",\"logprob\":-2}]}]},\"finish_reason\""));
        }
        return in;
    }

    private static List<String> legacyWithAlternatives() {
        String c = "{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"%s\",\"logprobs\":{\"tokens\":[\"%s\"],\"token_logprobs\":[-0.1],\"top_logprobs\":[{\"%s\":-0.1,"
                + "\"%s\":-2}],\"text_offset\":[%d]},\"finish_reason\":%s}]}";
        List<String> in = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < TOKENS.length; i++) {
            in.add(c.formatted(TOKENS[i], TOKENS[i], TOKENS[i], RANK1[i], offset, i == TOKENS.length - 1 ? "\"stop\"" : "null"));
            offset += TOKENS[i].length();
        }
        return in;
    }

    /** The one chunk of a stream that ends choice 0 (its finish_reason); fails unless there is exactly one. */
    private static JsonNode finishChunk(String out) {
        return TestWire.finishChunk(List.of(out.split("\n")));
    }

    @Test
    void aFindingOnlyInTheAlternativesGivesTheStreamsFinishChunkTheWholeAnswersGuardObject() {
        String chat = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chatWithAlternatives().toArray(String[]::new));
        ObjectNode chatWhole = whole("{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"We met the team.\"},\"logprobs\":{\"content\":["
                + "{\"token\":\"We\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"We\",\"logprob\":-0.1},{\"token\":\"Vol\",\"logprob\":-2}]},"
                + "{\"token\":\" met\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\" met\",\"logprob\":-0.1},{\"token\":\"dem\",\"logprob\":-2}]},"
                + "{\"token\":\" the\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\" the\",\"logprob\":-0.1},{\"token\":\"ort\",\"logprob\":-2}]},"
                + "{\"token\":\" team.\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\" team.\",\"logprob\":-0.1},{\"token\":\" x\",\"logprob\":-2}]}"
                + "]},\"finish_reason\":\"stop\"}]}", false);
        String legacy = stream(new ChatStream(session(), true, Declared.NONE, "r", "m"),
                legacyWithAlternatives().toArray(String[]::new));
        ObjectNode legacyWhole = whole("{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"We met the team.\","
                + "\"logprobs\":{\"tokens\":[\"We\",\" met\",\" the\",\" team.\"],\"token_logprobs\":[-0.1,-0.1,-0.1,-0.1],"
                + "\"top_logprobs\":[{\"We\":-0.1,\"Vol\":-2},{\" met\":-0.1,\"dem\":-2},{\" the\":-0.1,\"ort\":-2},"
                + "{\" team.\":-0.1,\" x\":-2}],\"text_offset\":[0,2,6,10]},\"finish_reason\":\"stop\"}]}", true);
        for (String out : List.of(chat, legacy)) {
            assertThat(out).doesNotContain("\"dem\"").doesNotContain("Vol").doesNotContain("content_filter");
            JsonNode guard = finishChunk(out).get("guard");
            assertThat(guard).as("guard on the finish chunk").isNotNull();
            assertThat(guard.get("action").textValue()).isEqualTo("redact");
            assertThat(guard.at("/findings/0/choice").intValue()).isZero();
            assertThat(out.split("\"guard\"", -1)).as("one guard object").hasSize(2);
        }
        assertThat(finishChunk(chat).get("guard")).isEqualTo(chatWhole.get("guard"));
        assertThat(finishChunk(legacy).get("guard")).isEqualTo(legacyWhole.get("guard"));
    }

    // Red team 11, finding 8: a tool call blocked before any of its arguments went out stayed in SDKs' final
    // message as a call to run (its header had gone out in the first delta)

    /** A tool call's delta: with its header (and the role, when {@code role}) or its arguments only. */
    private static String toolArgs(String args, boolean header) {
        return toolArgs(args, header, header);
    }

    private static String toolArgs(String args, boolean header, boolean role) {
        return chunk("{" + (role ? "\"role\":\"assistant\",\"content\":null," : "") + "\"tool_calls\":[{\"index\":0,"
                + (header ? "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":"
                : "\"function\":{\"arguments\":") + Json.write(Json.object().textNode(args)) + "}}]}", null);
    }

    /** The tool call as openai-python's accumulator builds it from the client's chunks: id|name|arguments. */
    private static String accumulatedCall(String out) {
        StringBuilder id = new StringBuilder();
        StringBuilder name = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (String line : out.split("\n")) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c != null) {
                JsonNode call = c.at("/choices/0/delta/tool_calls/0");
                id.append(call.path("id").asText(""));
                name.append(call.path("function").path("name").asText(""));
                args.append(call.path("function").path("arguments").asText(""));
            }
        }
        return id + "|" + name + "|" + args;
    }

    @Test
    void aToolCallBlockedBeforeItsArgumentsWentOutSendsNoHeader() {
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                toolArgs("", true), toolArgs("{\"who\":\"Horcrux\"}", false), chunk("{}", "tool_calls"));
        assertThat(out).contains("content_filter").doesNotContain("call_1").doesNotContain("lookup")
                .doesNotContain("tool_calls\":[{").contains("\"role\":\"assistant\"");
        // the header in a chunk of its own (OpenAI's shape), arguments held by the guard and then blocked
        String own = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                chunk("{\"role\":\"assistant\",\"content\":null}", null), toolArgs("", true, false),
                toolArgs("Hor", false), toolArgs("crux", false), chunk("{}", "tool_calls"));
        assertThat(own).contains("content_filter").doesNotContain("call_1").doesNotContain("lookup")
                .doesNotContain("Hor");
        // as the whole answer: no call to run
        ObjectNode whole = whole("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
                + "\"arguments\":\"{\\\"who\\\":\\\"Horcrux\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}", false);
        assertThat(Json.write(whole)).doesNotContain("call_1");
    }

    @Test
    void aCleanToolCallsHeaderGoesOutOnceWithItsFirstArguments() {
        List<String> in = new ArrayList<>();
        in.add(toolArgs("", true));
        String args = "{\"city\":\"Oslo\"}";
        for (int i = 0; i < args.length(); i++) {
            in.add(toolArgs(args.substring(i, i + 1), false));
        }
        in.add(chunk("{}", "tool_calls"));
        String out = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), in.toArray(String[]::new));
        assertThat(accumulatedCall(out)).isEqualTo("call_1|lookup|" + args);
        JsonNode first = null;
        for (String line : out.split("\n")) {
            JsonNode call = Json.parseObjectOrNull(line).at("/choices/0/delta/tool_calls/0");
            if (call.isObject() && first == null) {
                first = call;
            }
        }
        assertThat(first.path("id").asText()).as("the header comes first, with arguments").isEqualTo("call_1");
        assertThat(first.at("/function/arguments").asText()).isNotEmpty();
        assertThat(first.path("type").asText()).isEqualTo("function");
        // the header in a chunk of its own: the clean stream goes out byte for byte as sent
        List<String> own = new ArrayList<>();
        own.add(chunk("{\"role\":\"assistant\",\"content\":null}", null));
        own.add(toolArgs("", true, false));
        own.add(toolArgs("{\"ci", false));
        own.add(toolArgs("ty\":\"Oslo\"}", false));
        own.add(chunk("{}", "tool_calls"));
        assertThat(stream(new ChatStream(session(), false, Declared.NONE, "r", "m"), own.toArray(String[]::new)))
                .isEqualTo(String.join("\n", own));
        // a call whose arguments stay empty: its header goes out on the finishing chunk
        String empty = stream(new ChatStream(session(), false, Declared.NONE, "r", "m"),
                toolArgs("", true), chunk("{}", "tool_calls"));
        assertThat(accumulatedCall(empty)).isEqualTo("call_1|lookup|");
        assertThat(finishChunk(empty).at("/choices/0/delta/tool_calls/0/id").asText()).isEqualTo("call_1");
    }
}
