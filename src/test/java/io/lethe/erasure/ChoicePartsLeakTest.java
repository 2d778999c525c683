package io.lethe.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two leaks an outside test of API.md found, with the real erasure stage (word-bounded, unlike the proxy tests'
 * substring stage): the text parts of one answer's {@code content} array were joined into one text, so a name
 * ending one part and the next part's first word read as one word ("...Ashdalefine") and passed; and a streamed
 * choice's own unknown field, repeated on every chunk, was joined as deltas the same way.
 */
class ChoicePartsLeakTest {

    private static final GuardPipeline PIPELINE = PersonPipelines.person("Corwin Ashdale", null);

    private static GuardSession session() {
        return PIPELINE.open(new ScanContext("r", "m", null, "u"), null);
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parseObjectOrNull(json);
    }

    private static boolean whole(ObjectNode b) throws Unwalkable {
        return ChatWhole.start(session(), b, false, Declared.NONE).apply();
    }

    @Test
    void eachTextPartOfAWholeAnswerIsItsOwnText() throws Unwalkable {
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"part about Corwin Ashdale\"},{\"type\":\"text\",\"text\":\"fine\"}]}}]}");
        assertThat(whole(b)).isTrue();
        assertThat(b.at("/choices/0/message/content/0/text").textValue()).isEqualTo("part about [REDACTED]");
        assertThat(b.at("/choices/0/message/content/1/text").textValue()).isEqualTo("fine");
        assertThat(b.at("/guard/findings/0/channel").textValue()).isEqualTo("content");
        // the name in a second part: found there, reported on that part
        ObjectNode second = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"Intro.\"},{\"type\":\"text\",\"text\":\"Ashdale, Corwin\"},"
                + "{\"type\":\"text\",\"text\":\"more\"}]}}]}");
        assertThat(whole(second)).isTrue();
        assertThat(Json.write(second)).doesNotContain("Ashdale").doesNotContain("Corwin");
        assertThat(second.at("/choices/0/message/content/0/text").textValue()).isEqualTo("Intro.");
        assertThat(second.at("/choices/0/message/content/2/text").textValue()).isEqualTo("more");
    }

    /**
     * A name complete at a token-limit cut is redacted and reported, not only dropped; the start of a name the cut
     * may have truncated is dropped; streamed and whole alike (an outside tester found the complete name dropped
     * with no finding reported).
     */
    @Test
    void aNameCompleteAtACutIsRedactedAndAPartOfOneDropped() throws Unwalkable {
        for (String[] c : new String[][]{{"The curator is Corwin Ashdale", "The curator is [REDACTED]"},
                // of the held tail only the finding's replacement goes out: the dot after it was held too
                {"The curator is Corwin Ashdale.", "The curator is [REDACTED]"},
                {"The curator is Corwin Ash", "The curator is "}}) {
            ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"" + c[0]
                    + "\"},\"finish_reason\":\"length\"}]}");
            GuardSession s = session();
            ChatWhole.start(s, b, false, Declared.NONE).apply();
            assertThat(b.at("/choices/0/message/content").textValue()).as(c[0]).isEqualTo(c[1]);
            assertThat(s.findings()).as(c[0]).hasSize(c[1].contains("[REDACTED]") ? 1 : 0);
            ChatStream stream = new ChatStream(session(), false, Declared.NONE, "r", "m");
            List<WireEvent> events = new ArrayList<>();
            String head = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,";
            for (int i = 0; i < c[0].length(); i += 3) {
                String json = head + "\"delta\":{\"content\":\"" + c[0].substring(i, Math.min(c[0].length(), i + 3))
                        + "\"},\"finish_reason\":" + (i + 3 >= c[0].length() ? "\"length\"" : "null") + "}]}";
                stream.onEvent(null, (ObjectNode) Json.parseObjectOrNull(json), json, events);
            }
            stream.onEnd(events);
            StringBuilder streamed = new StringBuilder();
            for (WireEvent e : events) {
                if (e.data().startsWith("{")) {
                    streamed.append(Json.parseObjectOrNull(e.data()).at("/choices/0/delta/content").asText(""));
                }
            }
            assertThat(streamed.toString()).as("streamed " + c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void tokenIdsOfAnAnswerWhoseLaterPartWasRedactedAreDropped() throws Unwalkable {
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"Intro.\"},{\"type\":\"text\",\"text\":\"Corwin Ashdale\"}]},"
                + "\"token_ids\":[101,102,103,104]}]}");
        assertThat(whole(b)).isTrue();
        assertThat(Json.write(b)).doesNotContain("Ashdale");
        assertThat(b.at("/choices/0/token_ids").size()).as("ids that decode to the redacted part").isZero();
    }

    @Test
    void aNameSplitAcrossTwoTextPartsBlocksTheChoice() throws Unwalkable {
        // a client joins the parts: "Our guest is Corwin Ashdale, who writes."; each part alone names nobody
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"Our guest is Corwin\"},{\"type\":\"text\",\"text\":\" Ashdale, who writes.\"}]},"
                + "\"finish_reason\":\"stop\"}]}");
        assertThat(whole(b)).isTrue();
        assertThat(Json.write(b)).doesNotContain("Ashdale").doesNotContain("Corwin");
        assertThat(b.at("/choices/0/finish_reason").textValue()).isEqualTo("content_filter");
    }

    @Test
    void cleanTextPartsKeepTheirBoundariesAndBytes() throws Unwalkable {
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"Hello.\"},{\"type\":\"text\",\"text\":\"World.\"}]}}]}");
        String before = Json.write(b);
        assertThat(whole(b)).isFalse();
        assertThat(Json.write(b)).isEqualTo(before);
    }

    @Test
    void aStreamedChoicesOwnUnknownFieldIsAValuePerChunkNotADelta() throws Unwalkable {
        ChatStream stream = new ChatStream(session(), false, Declared.NONE, "r", "m");
        List<WireEvent> events = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String head = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,";
        String[] words = {"The ", "user ", "asked ", "about ", "a ", "book."};
        for (int i = 0; i < words.length; i++) {
            String json = head + "\"delta\":{\"content\":\"" + words[i] + "\"},\"x_analysis\":\"the user means Corwin Ashdale\","
                    + "\"x_meta\":\"v1\",\"finish_reason\":" + (i == words.length - 1 ? "\"stop\"" : "null") + "}]}";
            events.clear();
            stream.onEvent(null, (ObjectNode) Json.parseObjectOrNull(json), json, events);
            events.forEach(e -> out.add(e.data()));
        }
        events.clear();
        stream.onEnd(events);
        events.forEach(e -> out.add(e.data()));
        String all = String.join("\n", out);
        assertThat(all).doesNotContain("Ashdale").doesNotContain("Corwin").doesNotContain("v1v1");
        StringBuilder content = new StringBuilder();
        for (String data : out) {
            ObjectNode chunk = (ObjectNode) Json.parseObjectOrNull(data);
            if (chunk == null || !chunk.has("choices") || chunk.get("choices").isEmpty()) {
                continue;
            }
            var choice = chunk.at("/choices/0");
            content.append(choice.at("/delta/content").asText(""));
            if (choice.has("x_analysis")) {
                assertThat(choice.get("x_analysis").textValue()).isEqualTo("the user means [REDACTED]");
            }
            if (choice.has("x_meta")) {
                assertThat(choice.get("x_meta").textValue()).isEqualTo("v1");
            }
        }
        assertThat(content.toString()).isEqualTo("The user asked about a book.");
    }
}
