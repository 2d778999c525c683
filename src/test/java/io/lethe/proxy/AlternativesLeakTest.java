package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.PersonPipelines;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lethe.proxy.TestWire.finishChunk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red team 13, F10 and F11: a registered person spelled by the alternatives ({@code top_logprobs}) of an answer
 * whose text is clean — in a non-streamed legacy completion (with and without its {@code tokens}), and by the
 * unchosen alternative whose rank moves with the chosen token's (chat and legacy, streamed and whole). No piece of
 * the name goes out, and the answer carries the same {@code guard} object streamed and whole.
 */
class AlternativesLeakTest {

    private static final GuardPipeline PIPELINE = PersonPipelines.person("Miranda Quillsworth", null);
    private static final String[] TOKENS = {"The", " cat", " sat", " on", " the", " mat"};
    private static final String TEXT = String.join("", TOKENS);
    private static final String[] PIECES = {"Mir", "anda", "Quill", "sworth"};

    private static GuardSession session() {
        return TestWire.session(PIPELINE);
    }

    /** Per position, the alternatives in rank order (token → logprob). */
    private static String[][] spelledAtRank(int rank) {
        String[] name = {"The", " Mir", "anda", " Quill", "sworth", "."};
        String[][] alts = new String[TOKENS.length][];
        for (int i = 0; i < TOKENS.length; i++) {
            alts[i] = rank == 0 ? new String[]{name[i]} : new String[]{TOKENS[i], name[i]};
            if (i == 0 || i == TOKENS.length - 1) {
                alts[i] = new String[]{TOKENS[i]};
            }
        }
        return alts;
    }

    /** F11's shape: the unchosen alternative spells the name, at rank 1 where the chosen token is at rank 2. */
    private static final String[][] ALTERNATING = {{"The"}, {" Mir", " cat"}, {" sat", "anda"}, {" Quill", " on"},
            {" the", "sworth"}, {" mat"}};

    private static String legacyTop(String[] alts) {
        ObjectNode o = Json.object();
        for (int r = 0; r < alts.length; r++) {
            o.put(alts[r], r == 0 ? -0.1 : -1.0);
        }
        return Json.write(o);
    }

    private static String chatTop(String[] alts) {
        ArrayNode a = Json.object().arrayNode();
        for (int r = 0; r < alts.length; r++) {
            a.addObject().put("token", alts[r]).put("logprob", r == 0 ? -0.1 : -1.0);
        }
        return Json.write(a);
    }

    private static ObjectNode legacyWhole(String[][] alts, boolean tokens) {
        List<String> tops = new ArrayList<>();
        List<String> toks = new ArrayList<>();
        List<String> lps = new ArrayList<>();
        List<String> offs = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < TOKENS.length; i++) {
            tops.add(legacyTop(alts[i]));
            toks.add(Json.write(Json.object().textNode(TOKENS[i])));
            lps.add("-0.1");
            offs.add(String.valueOf(off));
            off += TOKENS[i].length();
        }
        String lp = (tokens ? "\"tokens\":[" + String.join(",", toks) + "]," : "") + "\"token_logprobs\":["
                + String.join(",", lps) + "],\"top_logprobs\":[" + String.join(",", tops) + "],\"text_offset\":["
                + String.join(",", offs) + "]";
        return whole("{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"" + TEXT + "\",\"logprobs\":{" + lp + "},\"finish_reason\":\"stop\"}]}", true);
    }

    private static List<String> legacyStream(String[][] alts, boolean tokens) {
        List<String> in = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < TOKENS.length; i++) {
            String tok = Json.write(Json.object().textNode(TOKENS[i]));
            in.add("{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"text\":" + tok + ",\"logprobs\":{" + (tokens ? "\"tokens\":[" + tok + "]," : "")
                    + "\"token_logprobs\":[-0.1],\"top_logprobs\":[" + legacyTop(alts[i]) + "],\"text_offset\":[" + off
                    + "]},\"finish_reason\":" + (i == TOKENS.length - 1 ? "\"stop\"" : "null") + "}]}");
            off += TOKENS[i].length();
        }
        return in;
    }

    private static String chatEntry(int i, String[][] alts) {
        return "{\"token\":" + Json.write(Json.object().textNode(TOKENS[i])) + ",\"logprob\":-0.1,\"top_logprobs\":"
                + chatTop(alts[i]) + "}";
    }

    private static ObjectNode chatWhole(String[][] alts) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < TOKENS.length; i++) {
            entries.add(chatEntry(i, alts));
        }
        return whole("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + TEXT + "\"},\"logprobs\":{\"content\":["
                + String.join(",", entries) + "]},\"finish_reason\":\"stop\"}]}", false);
    }

    private static List<String> chatStream(String[][] alts) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < TOKENS.length; i++) {
            in.add("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":" + Json.write(Json.object().textNode(TOKENS[i])) + "},\"logprobs\":{\"content\":["
                    + chatEntry(i, alts) + "]},\"finish_reason\":" + (i == TOKENS.length - 1 ? "\"stop\"" : "null") + "}]}");
        }
        return in;
    }

    private static ObjectNode whole(String json, boolean legacy) {
        return TestWire.whole(session(), json, legacy);
    }

    /** Every payload the translator sends for these upstream payloads and the stream's end. */
    private static List<String> stream(boolean legacy, List<String> payloads) {
        return TestWire.sent(new ChatStream(session(), legacy, Declared.NONE, "r", "m"), payloads);
    }

    private static String text(List<String> out, boolean legacy) {
        StringBuilder sb = new StringBuilder();
        for (String line : out) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c != null) {
                sb.append(c.at(legacy ? "/choices/0/text" : "/choices/0/delta/content").asText(""));
            }
        }
        return sb.toString();
    }

    private static void noPieceOfTheName(String out) {
        for (String p : PIECES) {
            assertThat(out).as("a piece of the name").doesNotContain(p);
        }
    }

    private static void alternativesWithheld(JsonNode guard) {
        assertThat(guard).as("guard").isNotNull();
        assertThat(guard.get("action").textValue()).isEqualTo("redact");
        assertThat(guard.at("/findings/0/channel").textValue()).startsWith("other:logprobs.");
        assertThat(guard.at("/findings/0/choice").intValue()).isZero();
    }

    @Test
    void aNonStreamedLegacyCompletionsAlternativesSpellingANameAtRank1Or2OrAlternatingAreWithheld() {
        for (String[][] alts : List.of(spelledAtRank(0), spelledAtRank(1), ALTERNATING)) {
            for (boolean tokens : new boolean[]{true, false}) {
                ObjectNode whole = legacyWhole(alts, tokens);
                String shape = "tokens " + tokens + ", " + Json.write(whole);
                noPieceOfTheName(Json.write(whole));
                if (tokens || alts != ALTERNATING) {
                    alternativesWithheld(whole.get("guard"));
                } // else: without tokens no alternative is known to be unchosen; they are dropped unattributed
                assertThat(whole.at("/choices/0/text").textValue()).as(shape).isEqualTo(TEXT);
                assertThat(whole.at("/choices/0/finish_reason").textValue()).isEqualTo("stop");
                List<String> streamed = stream(true, legacyStream(alts, tokens));
                noPieceOfTheName(String.join("\n", streamed));
                assertThat(text(streamed, true)).isEqualTo(TEXT);
                assertThat(finishChunk(streamed).get("guard")).as(shape).isEqualTo(whole.get("guard"));
            }
        }
    }

    @Test
    void legacyArraysWithoutTheirTokensNeverGoOut() {
        ObjectNode whole = legacyWhole(spelledAtRank(1), false);
        JsonNode lp = whole.at("/choices/0/logprobs");
        for (String f : List.of("top_logprobs", "token_logprobs", "text_offset")) {
            assertThat(lp.path(f).size()).as(f).isZero();
        }
    }

    @Test
    void aLegacyChoicesTokenLogprobsAndTextOffsetsThatAreNotNumbersAreScannedAsText() {
        for (String field : List.of("token_logprobs", "text_offset")) {
            String lp = "\"tokens\":[\"The\",\" cat\"],\"token_logprobs\":[-0.1,-0.2],\"top_logprobs\":null,"
                    + "\"text_offset\":[0,3]";
            lp = lp.replace("\"" + field + "\":[" + (field.equals("text_offset") ? "0" : "-0.1"),
                    "\"" + field + "\":[\"Miranda Quillsworth\"");
            String json = "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"The cat\",\"logprobs\":{"
                    + lp + "},\"finish_reason\":\"stop\"}]}";
            ObjectNode whole = whole(json, true);
            noPieceOfTheName(Json.write(whole));
            assertThat(whole.get("guard")).as(field).isNotNull();
            List<String> streamed = stream(true, List.of(json.replace("\"object\":\"text_completion\",",
                    "\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",")));
            noPieceOfTheName(String.join("\n", streamed));
        }
    }

    @Test
    void aNameSpelledByTheUnchosenAlternativeAcrossRanksIsWithheldInChat() {
        ObjectNode whole = chatWhole(ALTERNATING);
        noPieceOfTheName(Json.write(whole));
        alternativesWithheld(whole.get("guard"));
        assertThat(whole.at("/choices/0/message/content").textValue()).isEqualTo(TEXT);
        List<String> streamed = stream(false, chatStream(ALTERNATING));
        noPieceOfTheName(String.join("\n", streamed));
        assertThat(text(streamed, false)).isEqualTo(TEXT);
        assertThat(finishChunk(streamed).get("guard")).isEqualTo(whole.get("guard"));
    }

    @Test
    void cleanAlternativesAcrossRanksGoOutAsSent() {
        String[][] clean = {{"The"}, {" dog", " cat"}, {" sat", " lay"}, {" up", " on"}, {" the", " a"}, {" mat"}};
        ObjectNode whole = chatWhole(clean);
        assertThat(whole.has("guard")).isFalse();
        assertThat(whole.at("/choices/0/logprobs/content/1/top_logprobs/0/token").textValue()).isEqualTo(" dog");
        // streamed, the entries ride with the text they describe (the guard may hold text, and its entries with it)
        List<JsonNode> sent = new ArrayList<>();
        for (String line : stream(false, chatStream(clean))) {
            Json.parseObjectOrNull(line).at("/choices/0/logprobs/content").forEach(sent::add);
        }
        assertThat(sent).containsExactlyElementsOf(whole.at("/choices/0/logprobs/content"));
        ObjectNode legacy = legacyWhole(clean, true);
        assertThat(legacy.has("guard")).isFalse();
        assertThat(legacy.at("/choices/0/logprobs/top_logprobs/2").has(" lay")).isTrue();
    }
}
