package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.ResponsesStream;
import io.lethe.proxy.openai.ResponsesWhole;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed Responses answer's call items are held until the response ends (red team 15 N6): a call of a
 * response that ends blocked never reaches the client, and a clean response's calls go out after the upstream's
 * terminal event, in order, as the whole (non-streamed) answer has them. Terms of the test stage: Voldemort
 * (redact), Horcrux (block).
 */
class ResponsesCallHoldTest {

    /** An upstream answer, built as its stream (deltas of {@code chunk} characters) and its whole body alike. */
    private static final class Answer {
        final List<String> events = new ArrayList<>();
        final ArrayNode output = Json.object().arrayNode();
        final int chunk;
        int seq;

        Answer(int chunk) {
            this.chunk = chunk;
            add("response.created", Json.object().set("response", response("in_progress", Json.object().arrayNode())));
            add("response.in_progress", Json.object().set("response", response("in_progress", Json.object().arrayNode())));
        }

        private void add(String type, ObjectNode data) {
            ObjectNode e = Json.object().put("type", type);
            e.setAll(data);
            e.put("sequence_number", seq++);
            events.add(Json.write(e));
        }

        private static ObjectNode response(String status, ArrayNode output) {
            ObjectNode r = Json.object().put("id", "resp_1").put("object", "response").put("created_at", 1)
                    .put("status", status).put("model", "m");
            r.set("output", output.deepCopy());
            return r;
        }

        private List<String> pieces(String s) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < s.length(); i += chunk) {
                out.add(s.substring(i, Math.min(s.length(), i + chunk)));
            }
            return out;
        }

        Answer call(String id, String name, String args) {
            int oi = output.size();
            ObjectNode item = Json.object().put("id", id).put("type", "function_call").put("status", "in_progress")
                    .put("arguments", "").put("call_id", "call_" + id).put("name", name);
            add("response.output_item.added", Json.object().put("output_index", oi).set("item", item));
            for (String p : pieces(args)) {
                add("response.function_call_arguments.delta", Json.object().put("item_id", id).put("output_index", oi)
                        .put("delta", p));
            }
            add("response.function_call_arguments.done", Json.object().put("item_id", id).put("output_index", oi)
                    .put("arguments", args));
            ObjectNode done = item.deepCopy().put("status", "completed").put("arguments", args);
            add("response.output_item.done", Json.object().put("output_index", oi).set("item", done));
            output.add(done);
            return this;
        }

        Answer message(String id, String text) {
            int oi = output.size();
            ObjectNode item = Json.object().put("id", id).put("type", "message").put("status", "in_progress")
                    .put("role", "assistant");
            item.putArray("content");
            add("response.output_item.added", Json.object().put("output_index", oi).set("item", item));
            ObjectNode part = Json.object().put("type", "output_text").put("text", "");
            part.putArray("annotations");
            add("response.content_part.added", Json.object().put("item_id", id).put("output_index", oi)
                    .put("content_index", 0).set("part", part));
            for (String p : pieces(text)) {
                add("response.output_text.delta", Json.object().put("item_id", id).put("output_index", oi)
                        .put("content_index", 0).put("delta", p));
            }
            add("response.output_text.done", Json.object().put("item_id", id).put("output_index", oi)
                    .put("content_index", 0).put("text", text));
            ObjectNode whole = part.deepCopy().put("text", text);
            add("response.content_part.done", Json.object().put("item_id", id).put("output_index", oi)
                    .put("content_index", 0).set("part", whole));
            ObjectNode done = item.deepCopy().put("status", "completed");
            done.putArray("content").add(whole);
            add("response.output_item.done", Json.object().put("output_index", oi).set("item", done));
            output.add(done);
            return this;
        }

        /** The stream, ended by response.completed. */
        List<String> stream() {
            List<String> all = new ArrayList<>(events);
            ObjectNode end = Json.object().put("type", "response.completed");
            end.set("response", response("completed", output));
            end.put("sequence_number", seq);
            all.add(Json.write(end));
            return all;
        }

        /** The same answer not streamed, as the gateway rewrites it. */
        ObjectNode whole() {
            ObjectNode b = response("completed", output);
            ResponsesWhole.start(TestWire.session(TestPipelineSource.PIPELINE), b, Declared.NONE, "r", "m").apply();
            return b;
        }
    }

    /** What the gateway sends per upstream event (the last entry: at the stream's end). */
    private static List<List<JsonNode>> sentPerEvent(List<String> upstream) {
        ResponsesStream t = new ResponsesStream(TestWire.session(TestPipelineSource.PIPELINE), Declared.NONE, "r", "m");
        List<List<JsonNode>> per = new ArrayList<>();
        List<WireEvent> events = new ArrayList<>();
        for (String p : upstream) {
            events.clear();
            try {
                t.onEvent(null, (ObjectNode) Json.parseObjectOrNull(p), p, events);
            } catch (Unwalkable e) {
                throw new AssertionError(e);
            }
            per.add(events.stream().map(e -> (JsonNode) Json.parseObjectOrNull(e.data())).toList());
        }
        events.clear();
        t.onEnd(events);
        per.add(events.stream().map(e -> (JsonNode) Json.parseObjectOrNull(e.data())).toList());
        return per;
    }

    private static List<JsonNode> flat(List<List<JsonNode>> per) {
        return per.stream().flatMap(List::stream).toList();
    }

    private static JsonNode end(List<JsonNode> sent) {
        return sent.get(sent.size() - 1);
    }

    /** Sequence numbers from 0 without gaps, and items announced at the next output position each. */
    private static void assertNumbered(List<JsonNode> sent) {
        int position = 0;
        for (int i = 0; i < sent.size(); i++) {
            JsonNode e = sent.get(i);
            assertThat(e.path("sequence_number").asInt()).as("sequence of %s", e).isEqualTo(i);
            if ("response.output_item.added".equals(e.path("type").asText())) {
                assertThat(e.path("output_index").asInt()).as("output_index of %s", e).isEqualTo(position++);
            }
        }
    }

    /** What was sent, less the finding's erasure and rule ids (which name the term). */
    private static String withoutIds(List<JsonNode> sent) {
        return sent.toString().replace("erasure-horcrux", "").replace("term-horcrux", "");
    }

    private static List<String> types(List<JsonNode> output) {
        List<String> out = new ArrayList<>();
        output.forEach(o -> out.add(o.path("type").asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aCleanCallOfAResponseThatEndsBlockedIsNeverSent(int chunk) {
        Answer a = new Answer(chunk).call("fc_1", "lookup", "{\"q\": \"weather\"}")
                .call("fc_2", "notify", "{\"who\": \"Tom's Horcrux\"}");
        List<JsonNode> sent = flat(sentPerEvent(a.stream()));

        String all = withoutIds(sent);
        assertThat(all).doesNotContain("function_call").doesNotContain("weather").doesNotContain("crux");
        assertNumbered(sent);
        JsonNode end = end(sent);
        assertThat(end.path("type").asText()).isEqualTo("response.incomplete");
        assertThat(end.at("/response/incomplete_details/reason").asText()).isEqualTo("content_filter");
        assertThat(end.at("/response/output")).hasSize(1);
        assertThat(end.at("/response/output/0/content/0/text").asText()).isEqualTo(TestPipelineSource.REFUSAL);
        // as the whole answer has it
        assertThat(end.at("/response/output")).isEqualTo(a.whole().path("output"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void textSentBeforeTheCallsStaysInTheBlockedResponseAndNothingAfterTheFirstCallGoesOut(int chunk) {
        Answer a = new Answer(chunk).message("msg_1", "Calling.").call("fc_1", "lookup", "{\"q\": \"weather\"}")
                .message("msg_2", "And then").call("fc_2", "notify", "{\"who\": \"Horcrux\"}");
        List<JsonNode> sent = flat(sentPerEvent(a.stream()));

        assertThat(withoutIds(sent)).doesNotContain("function_call").doesNotContain("And then").doesNotContain("crux");
        assertNumbered(sent);
        JsonNode output = end(sent).at("/response/output");
        assertThat(types(List.of(output.get(0), output.get(1)))).containsExactly("message", "message");
        assertThat(output).hasSize(2);
        assertThat(output.at("/0/id").asText()).isEqualTo("msg_1");
        assertThat(output.at("/0/content/0/text").asText()).isEqualTo("Calling.");
        assertThat(output.at("/1/content/0/text").asText()).isEqualTo(TestPipelineSource.REFUSAL);
        StringBuilder deltas = new StringBuilder();
        sent.stream().filter(e -> "response.output_text.delta".equals(e.path("type").asText()))
                .forEach(e -> deltas.append(e.path("delta").asText()));
        assertThat(deltas.toString()).isEqualTo("Calling.");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void cleanCallsGoOutWholeInOrderOnceTheResponseEnds(int chunk) {
        Answer a = new Answer(chunk).message("msg_1", "Looking it up.").call("fc_1", "lookup", "{\"q\": \"a\"}")
                .call("fc_2", "notify", "{\"to\": \"Voldemort\"}").message("msg_2", "Done.");
        List<String> upstream = a.stream();
        List<List<JsonNode>> per = sentPerEvent(upstream);

        // text before the first call streams; from the first call on, nothing goes out before the terminal event
        int firstCall = 0;
        while (!upstream.get(firstCall).contains("function_call")) {
            firstCall++;
        }
        StringBuilder before = new StringBuilder();
        flat(per.subList(0, firstCall)).forEach(e -> before.append(e.path("delta").asText()));
        assertThat(before.toString()).isEqualTo("Looking it up.");
        // the message's done copies wait for an event that tells its text was not cut: the call's, which waits
        assertThat(per.get(firstCall)).allSatisfy(e -> assertThat(e.toString()).contains("msg_1").doesNotContain("fc_"));
        assertThat(per.get(firstCall).toString()).contains("Looking it up.");
        assertThat(flat(per.subList(firstCall + 1, upstream.size() - 1))).isEmpty();
        List<JsonNode> sent = flat(per);
        assertNumbered(sent);
        List<String> added = new ArrayList<>();
        StringBuilder args1 = new StringBuilder();
        StringBuilder args2 = new StringBuilder();
        for (JsonNode e : sent) {
            switch (e.path("type").asText()) {
                case "response.output_item.added" -> added.add(e.at("/item/id").asText());
                case "response.function_call_arguments.delta" ->
                        (e.path("item_id").asText().equals("fc_1") ? args1 : args2).append(e.path("delta").asText());
                default -> {
                }
            }
        }
        assertThat(added).containsExactly("msg_1", "fc_1", "fc_2", "msg_2");
        assertThat(args1.toString()).isEqualTo("{\"q\": \"a\"}");
        assertThat(args2.toString()).isEqualTo("{\"to\": \"[REDACTED]\"}");
        JsonNode end = end(sent);
        assertThat(end.path("type").asText()).isEqualTo("response.completed");
        JsonNode whole = a.whole();
        assertThat(end.at("/response/output")).isEqualTo(whole.path("output"));
        assertThat(end.at("/response/output/2/arguments").asText()).isEqualTo("{\"to\": \"[REDACTED]\"}");
        assertThat(end.at("/response/guard")).isEqualTo(whole.path("guard"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void oneCharacterDeltasGiveTheSameClientStreamAsLongerOnes(int chunk) {
        List<JsonNode> fine = flat(sentPerEvent(new Answer(chunk).call("fc_1", "lookup", "{\"q\": \"a\"}")
                .call("fc_2", "notify", "{\"q\": \"b\"}").stream()));
        List<JsonNode> coarse = flat(sentPerEvent(new Answer(64).call("fc_1", "lookup", "{\"q\": \"a\"}")
                .call("fc_2", "notify", "{\"q\": \"b\"}").stream()));
        assertThat(end(fine)).isEqualTo(((ObjectNode) end(coarse).deepCopy()).put("sequence_number", end(fine).path("sequence_number").asInt()));
        List<String> itemsFine = new ArrayList<>();
        fine.stream().filter(e -> e.path("type").asText().startsWith("response.output_item."))
                .forEach(e -> itemsFine.add(Json.write(e.path("item"))));
        List<String> itemsCoarse = new ArrayList<>();
        coarse.stream().filter(e -> e.path("type").asText().startsWith("response.output_item."))
                .forEach(e -> itemsCoarse.add(Json.write(e.path("item"))));
        assertThat(itemsFine).isEqualTo(itemsCoarse).hasSize(4);
    }
}
