package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.PersonPipelines;
import io.lethe.guard.Action;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.StreamTranslator;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.lethe.proxy.TestWire.chunk;
import static io.lethe.proxy.TestWire.sent;
import static io.lethe.proxy.TestWire.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red team 13, F15: a streamed choice with two tool calls whose second is blocked part-way through its arguments.
 * SDKs' accumulators (openai-node's {@code finalChatCompletion()}, openai-python's stream helper) join
 * {@code arguments} deltas by index and never drop a call, so what a choice sent of its tool calls before a block
 * stays: cut arguments that do not parse, or a clean call beside a {@code content_filter} finish. The tool calls of
 * a streamed choice are held until it ends: all go out before its finish, or none (blocked).
 */
class ToolCallBlockTest {

    private static final GuardPipeline BLOCKING = PersonPipelines.person("Miranda Quillsworth", Action.BLOCK);

    private static String call(int index, String id, String name, String args) {
        ObjectNode c = Json.object();
        c.put("index", index);
        if (id != null) {
            c.put("id", id).put("type", "function");
        }
        ObjectNode fn = c.putObject("function");
        if (name != null) {
            fn.put("name", name);
        }
        fn.put("arguments", args);
        return chunk("{\"tool_calls\":[" + Json.write(c) + "]}", null);
    }

    /** Call 0 whole, then call 1 whose arguments come {@code step} chars per chunk, then the finish. */
    private static List<String> twoCalls(String who, int step) {
        List<String> in = new ArrayList<>();
        in.add(chunk("{\"role\":\"assistant\",\"content\":null}", null));
        in.add(call(0, "call_0", "weather", ""));
        in.add(call(0, null, null, "{\"city\": \"Paris\"}"));
        if (step == 7) { // call 1's header and first arguments share a chunk with text (some servers' shape)
            in.add(call(1, "call_1", "lookup", "{\"who\": \"").replace("{\"tool_calls\"",
                    "{\"content\":\"Looking up. \",\"tool_calls\""));
            String rest = who + "\"}";
            for (int i = 0; i < rest.length(); i += 4) {
                in.add(call(1, null, null, rest.substring(i, Math.min(rest.length(), i + 4))));
            }
            in.add(chunk("{}", "tool_calls"));
            return in;
        }
        in.add(call(1, "call_1", "lookup", ""));
        String args = "{\"who\": \"" + who + "\"}";
        for (int i = 0; i < args.length(); i += step) {
            in.add(call(1, null, null, args.substring(i, Math.min(args.length(), i + step))));
        }
        in.add(chunk("{}", "tool_calls"));
        return in;
    }

    /** What an SDK accumulates from the client's chunks. */
    private record Final(Map<Integer, String[]> calls, String finish, String content) {
    }

    /** As openai-node and openai-python do: per tool index, id and name set, arguments concatenated. */
    private static Final accumulate(List<String> out) {
        Map<Integer, String[]> calls = new TreeMap<>();
        String finish = null;
        StringBuilder content = new StringBuilder();
        for (String line : out) {
            JsonNode c = Json.parseObjectOrNull(line);
            if (c == null) {
                continue;
            }
            JsonNode choice = c.at("/choices/0");
            content.append(choice.at("/delta/content").asText(""));
            for (JsonNode call : choice.at("/delta/tool_calls")) {
                String[] acc = calls.computeIfAbsent(call.get("index").asInt(), k -> new String[]{"", "", ""});
                if (call.hasNonNull("id")) {
                    acc[0] = call.get("id").asText();
                }
                acc[1] += call.at("/function/name").asText("");
                acc[2] += call.at("/function/arguments").asText("");
            }
            if (choice.path("finish_reason").isTextual()) {
                assertThat(finish).as("one finish").isNull();
                finish = choice.get("finish_reason").asText();
            }
        }
        return new Final(calls, finish, content.toString());
    }

    @Test
    void aToolCallBlockedPartWayLeavesNoCallAtAll() {
        for (int step : new int[]{1, 4, 7}) {
            List<String> out = sent(new ChatStream(session(BLOCKING), false, Declared.NONE, "r", "m"),
                    twoCalls("Miranda Quillsworth", step));
            Final f = accumulate(out);
            assertThat(f.finish()).isEqualTo("content_filter");
            assertThat(f.content()).endsWith(TestPipelineSource.REFUSAL);
            assertThat(f.calls()).as("no call, clean or cut, beside a block (step " + step + ")").isEmpty();
            for (String p : List.of("Mir", "Quill", "sworth")) {
                assertThat(String.join("\n", out)).doesNotContain(p);
            }
            assertThat(Json.parseObjectOrNull(out.get(out.size() - 1)).has("guard")).isTrue();
        }
    }

    @Test
    void aLegacyFunctionCallBlockedPartWaySendsNoneOfIt() {
        List<String> in = new ArrayList<>();
        in.add(chunk("{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"lookup\",\"arguments\":\"\"}}", null));
        String args = "{\"who\": \"Miranda Quillsworth\"}";
        for (int i = 0; i < args.length(); i += 4) {
            in.add(chunk("{\"function_call\":{\"arguments\":" + Json.write(Json.object().textNode(
                    args.substring(i, Math.min(args.length(), i + 4)))) + "}}", null));
        }
        in.add(chunk("{}", "function_call"));
        List<String> out = sent(new ChatStream(session(BLOCKING), false, Declared.NONE, "r", "m"), in);
        String all = String.join("\n", out);
        assertThat(all).doesNotContain("function_call\":{").doesNotContain("lookup").contains("content_filter")
                .contains("\"role\":\"assistant\"");
    }

    @Test
    void cleanToolCallsArriveWholeBeforeTheFinishAndParse() {
        for (int step : new int[]{4, 7}) {
            List<String> out = sent(new ChatStream(session(BLOCKING), false, Declared.NONE, "r", "m"),
                    twoCalls("the Paris office", step));
            Final f = accumulate(out);
            assertThat(f.finish()).isEqualTo("tool_calls");
            assertThat(f.content()).isEqualTo(step == 7 ? "Looking up. " : "");
            assertThat(f.calls()).hasSize(2);
            assertThat(f.calls().get(0)).containsExactly("call_0", "weather", "{\"city\": \"Paris\"}");
            assertThat(f.calls().get(1)).containsExactly("call_1", "lookup", "{\"who\": \"the Paris office\"}");
            for (String[] c : f.calls().values()) {
                assertThat(Json.parseObjectOrNull(c[2])).as(c[2]).isNotNull();
            }
        }
    }

    @Test
    void aToolIndexWrittenAsAnIntegralNumberOrDigitsIsThatIndexAndGoesOutAsAnInteger() {
        // helper-73: "index": 0.0 or "0" blocked the choice
        for (String form : new String[] {"%d.0", "\"%d\"", "%de0"}) {
            // given: every call's index in that form
            List<String> in = new ArrayList<>();
            for (String c : twoCalls("the Paris office", 4)) {
                in.add(c.replace("\"tool_calls\":[{\"index\":0,", "\"tool_calls\":[{\"index\":" + String.format(form, 0) + ",")
                        .replace("\"tool_calls\":[{\"index\":1,", "\"tool_calls\":[{\"index\":" + String.format(form, 1) + ","));
            }
            assertThat(String.join("", in)).contains("\"index\":" + String.format(form, 1));

            // when
            List<String> out = sent(new ChatStream(session(BLOCKING), false, Declared.NONE, "r", "m"), in);
            ObjectNode whole = TestWire.whole(session(BLOCKING), "{\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":" + String.format(form, 0) + ",\"id\":"
                    + "\"call_0\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]},"
                    + "\"finish_reason\":\"tool_calls\"}]}", false);

            // then: the calls pass, each index an integer
            Final f = accumulate(out);
            assertThat(f.finish()).as(form).isEqualTo("tool_calls");
            assertThat(f.calls().get(1)).containsExactly("call_1", "lookup", "{\"who\": \"the Paris office\"}");
            for (String line : out) {
                for (JsonNode call : Json.parseObjectOrNull(line).at("/choices/0/delta/tool_calls")) {
                    assertThat(call.get("index").isInt()).as(line).isTrue();
                }
            }
            assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
            assertThat(whole.at("/choices/0/message/tool_calls/0/index").isInt()).isTrue();
        }
        // anything else is no index: the choice is blocked, as before
        List<String> odd = new ArrayList<>();
        for (String c : twoCalls("Oslo", 4)) {
            odd.add(c.replace("\"tool_calls\":[{\"index\":1,", "\"tool_calls\":[{\"index\":1.5,"));
        }
        assertThat(accumulate(sent(new ChatStream(session(BLOCKING), false, Declared.NONE, "r", "m"), odd)).finish())
                .isEqualTo("content_filter");
    }

    @Test
    void aCleanToolCallStreamGoesOutByteForByteAsSent() {
        List<String> in = twoCalls("Oslo", 3);
        StreamTranslator t = new ChatStream(session(TestPipelineSource.PIPELINE), false, Declared.NONE, "r", "m");
        assertThat(sent(t, in)).containsExactlyElementsOf(in);
    }

    @Test
    void toolCallDeltasWaitForTheChoicesEnd() {
        List<String> in = twoCalls("Oslo", 3);
        StreamTranslator t = new ChatStream(session(TestPipelineSource.PIPELINE), false, Declared.NONE, "r", "m");
        List<WireEvent> events = new ArrayList<>();
        try {
            for (String p : in.subList(0, in.size() - 1)) {
                t.onEvent(null, (ObjectNode) Json.parseObjectOrNull(p), p, events);
            }
        } catch (Unwalkable e) {
            throw new AssertionError(e);
        }
        for (WireEvent e : events) {
            assertThat(e.data()).as("nothing of a tool call before the choice ends").doesNotContain("tool_calls");
        }
    }
}
