package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.StreamTranslator;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers of the proxy's tests without HTTP: upstream chat chunks, fed to a stream translator or rewritten whole,
 * and what the client would get.
 */
final class TestWire {

    /** A chat chunk's fields before its choices. */
    static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";

    private TestWire() {
    }

    /** A session of {@code p} for request "r", model "m", user "u". */
    static GuardSession session(GuardPipeline p) {
        return p.open(new ScanContext("r", "m", null, "u"), null);
    }

    /** A chat chunk of choice 0: {@code delta} (JSON) and its finish reason, null while the choice goes on. */
    static String chunk(String delta, String finish) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    /** The data of every event {@code t} sends for these upstream payloads and the stream's end, in order. */
    static List<String> sent(StreamTranslator t, List<String> payloads) {
        List<WireEvent> events = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String p : payloads) {
            events.clear();  // as the gateway feeds a translator: a fresh list per upstream event
            try {
                t.onEvent(null, (ObjectNode) Json.parseObjectOrNull(p), p, events);
            } catch (Unwalkable e) {
                throw new AssertionError(e);
            }
            events.forEach(e -> out.add(e.data()));
        }
        events.clear();
        t.onEnd(events);
        events.forEach(e -> out.add(e.data()));
        return out;
    }

    /** The whole answer {@code json} as {@link ChatWhole} rewrites it in session {@code s}. */
    static ObjectNode whole(GuardSession s, String json, boolean legacy) {
        ObjectNode b = (ObjectNode) Json.parseObjectOrNull(json);
        try {
            ChatWhole.start(s, b, legacy, Declared.NONE).apply();
        } catch (Unwalkable e) {
            throw new AssertionError(e);
        }
        return b;
    }

    /** The one chunk of a stream that ends choice 0 (its finish_reason); fails unless there is exactly one. */
    static JsonNode finishChunk(List<String> out) {
        List<JsonNode> ends = new ArrayList<>();
        for (String line : out) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c != null && c.at("/choices/0/finish_reason").isTextual()) {
                ends.add(c);
            }
        }
        assertThat(ends).hasSize(1);
        return ends.get(0);
    }
}
