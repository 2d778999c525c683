package io.lethe.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.Unwalkable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatWholeTest {

    /** The proxy's whole-answer path; the test pipeline has no asynchronous stage, so nothing is pending. */
    static boolean apply(io.lethe.guard.pipeline.GuardSession session, com.fasterxml.jackson.databind.node.ObjectNode b) {
        try {
            return ChatWhole.start(session, b, false, io.lethe.proxy.openai.Declared.NONE).apply();
        } catch (Unwalkable e) {
            throw new AssertionError(e);
        }
    }


    private final GuardSession session = TestPipelineSource.PIPELINE.open(new ScanContext("r", "m", null, "u"), null);

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parseObjectOrNull(json);
    }

    @Test
    void cleanBodyIsReportedUnchanged() {
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"fine\",\"reasoning_content\":\"ok\"},\"logprobs\":{}}]}");
        String before = Json.write(b);

        assertFalse(apply(session, b));
        assertEquals(before, Json.write(b));
    }

    @Test
    void duplicatedReasoningFieldsAreScannedOnce() {
        ObjectNode b = body("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"x\",\"reasoning_content\":\"a Voldemort\",\"reasoning\":\"a Voldemort\"}}]}");

        assertTrue(apply(session, b));

        assertEquals("a [REDACTED]", b.at("/choices/0/message/reasoning_content").textValue());
        assertEquals("a [REDACTED]", b.at("/choices/0/message/reasoning").textValue());
        assertEquals(1, b.at("/guard/findings").size());
    }

    @Test
    void choicesWithoutIndexUseTheirPosition() {
        ObjectNode b = body("{\"choices\":[{\"message\":{\"content\":\"ok\"}},{\"message\":{\"content\":\"Horcrux\"},\"finish_reason\":\"stop\"}]}");

        apply(session, b);

        assertEquals("ok", b.at("/choices/0/message/content").textValue());
        assertEquals("content_filter", b.at("/choices/1/finish_reason").textValue());
        assertEquals(1, b.at("/guard/findings/0/choice").intValue());
    }
}
