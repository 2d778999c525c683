package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.PersonPipelines;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lethe.proxy.TestWire.HEAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follow-up rule across the channels of one response (helper-74): once a person is named, their surname alone is
 * a finding in every channel, whole and streamed alike, over a real name detector without the application.
 */
class FollowUpAcrossChannelsTest {

    private static final GuardPipeline PIPELINE = PersonPipelines.person("Corwin Ashdale", null);

    private static String text(String s) {
        return Json.write(Json.object().textNode(s));
    }

    /** A chat chunk of one choice with one delta field. */
    private static String delta(int choice, String field, String value, String finish) {
        return HEAD + "\"choices\":[{\"index\":" + choice + ",\"delta\":" + (field == null ? "{}"
                : "{\"" + field + "\":" + text(value) + "}") + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    /** What the client reads of one field of one choice of a stream: its deltas joined. */
    private static String joined(List<String> sent, int choice, String field) {
        StringBuilder out = new StringBuilder();
        for (String o : sent) {
            JsonNode n = Json.parseObjectOrNull(o);
            for (JsonNode c : n == null ? Json.object() : n.path("choices")) {
                if (c.path("index").asInt() == choice && c.path("delta").path(field).isTextual()) {
                    out.append(c.path("delta").path(field).asText());
                }
            }
        }
        return out.toString();
    }

    private static List<String> streamed(List<String> chunks) {
        return TestWire.sent(new ChatStream(TestWire.session(PIPELINE), false, Declared.NONE, "r", "m"), chunks);
    }

    @Test
    void aSurnameInTheReasoningOfAWholeAnswerFollowsTheContentThatNamedThePerson() {
        // given: the content names the person, the reasoning has the surname alone
        String content = "Corwin Ashdale wrote it.";
        String reasoning = "Ashdale again, I think.";

        // when
        ObjectNode whole = TestWire.whole(TestWire.session(PIPELINE), "{\"choices\":[{\"index\":0,\"message\":{"
                + "\"role\":\"assistant\",\"content\":" + text(content) + ",\"reasoning_content\":" + text(reasoning)
                + "},\"finish_reason\":\"stop\"}]}", false);
        List<String> sent = streamed(List.of(delta(0, "content", content, null),
                delta(0, "reasoning_content", reasoning, null), delta(0, null, null, "stop")));

        // then: a follow-up in both, as the stream that received the reasoning later has it
        assertThat(whole.at("/choices/0/message/reasoning_content").asText()).isEqualTo("[REDACTED] again, I think.");
        assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo("[REDACTED] wrote it.");
        assertThat(joined(sent, 0, "reasoning_content")).isEqualTo("[REDACTED] again, I think.");
        assertThat(joined(sent, 0, "content")).isEqualTo("[REDACTED] wrote it.");
        // the other way round too; and a surname before the mention in its own channel is still no follow-up
        ObjectNode reverse = TestWire.whole(TestWire.session(PIPELINE), "{\"choices\":[{\"index\":0,\"message\":{"
                + "\"content\":" + text("Ashdale said so. Then Corwin Ashdale left.") + ",\"reasoning_content\":"
                + text("Who is Corwin Ashdale?") + "}}]}", false);
        assertThat(reverse.at("/choices/0/message/content").asText()).isEqualTo("[REDACTED] said so. Then [REDACTED] left.");
        ObjectNode own = TestWire.whole(TestWire.session(PIPELINE), "{\"choices\":[{\"index\":0,\"message\":{"
                + "\"content\":" + text("Ashdale said so. Then Corwin Ashdale left.") + ",\"reasoning_content\":"
                + text("Let me think.") + "}}]}", false);
        assertThat(own.at("/choices/0/message/content").asText()).isEqualTo("Ashdale said so. Then [REDACTED] left.");
    }
}
