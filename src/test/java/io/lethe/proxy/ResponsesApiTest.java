package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lethe.proxy.TestHttp.json;
import static io.lethe.proxy.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /v1/responses} through the guard: typed events streamed (deltas and every whole copy of the
 * text: done events, parts, items, the final response) and whole responses, with the test stage's terms
 * (Voldemort: redact, Horcrux: block).
 */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class ResponsesApiTest {

    private static final String MODEL = "fake-model";
    /** The request's instructions echoed in every response object: the client's text, not the model's. */
    private static final String INSTRUCTIONS = "Be brief about Voldemort's foes.";

    /** One SSE event as the Responses API frames it. */
    record Ev(String event, JsonNode data) {
    }

    /** Builds an upstream Responses stream: a message, optionally a function call and a reasoning item. */
    static final class Stream {
        final List<String> events = new ArrayList<>();
        int seq;

        Stream add(String type, ObjectNode data) {
            data.put("type", type);
            data.put("sequence_number", seq++);
            ObjectNode ordered = Json.object();
            ordered.put("type", type);
            ordered.setAll(data);
            events.add("event: " + type + "\ndata: " + Json.write(ordered) + "\n\n");
            return this;
        }

        static ObjectNode response(String status, ArrayNode output) {
            ObjectNode r = Json.object();
            r.put("id", "resp_1");
            r.put("object", "response");
            r.put("created_at", 1759064129);
            r.put("status", status);
            r.put("model", MODEL);
            r.set("output", output == null ? Json.object().arrayNode() : output);
            r.put("instructions", "Be brief about Volde" + "mort's foes.");
            return r;
        }

        static ObjectNode message(String text) {
            ObjectNode m = Json.object();
            m.put("id", "msg_1");
            m.put("type", "message");
            m.put("status", "completed");
            m.put("role", "assistant");
            ObjectNode part = m.putArray("content").addObject();
            part.put("type", "output_text");
            part.putArray("annotations");
            part.put("text", text);
            return m;
        }

        /** A message streamed as {@code deltas}, announced and closed as the API does. */
        Stream message(int oi, List<String> deltas) {
            String text = String.join("", deltas);
            ObjectNode item = message("");
            item.put("status", "in_progress");
            ((ArrayNode) item.get("content")).removeAll();
            add("response.output_item.added", o().put("output_index", oi).set("item", item));
            ObjectNode part = Json.object().put("type", "output_text").put("text", "");
            part.putArray("annotations");
            add("response.content_part.added", o().put("item_id", "msg_1").put("output_index", oi).put("content_index", 0)
                    .set("part", part));
            for (String d : deltas) {
                add("response.output_text.delta", o().put("item_id", "msg_1").put("output_index", oi)
                        .put("content_index", 0).put("delta", d).put("obfuscation", "x9"));
            }
            add("response.output_text.done", o().put("item_id", "msg_1").put("output_index", oi).put("content_index", 0)
                    .put("text", text));
            ObjectNode donePart = part.deepCopy().put("text", text);
            add("response.content_part.done", o().put("item_id", "msg_1").put("output_index", oi).put("content_index", 0)
                    .set("part", donePart));
            add("response.output_item.done", o().put("output_index", oi).set("item", message(text)));
            return this;
        }

        Stream functionCall(int oi, List<String> deltas) {
            String args = String.join("", deltas);
            ObjectNode item = Json.object().put("id", "fc_1").put("type", "function_call").put("status", "in_progress")
                    .put("arguments", "").put("call_id", "call_1").put("name", "send_mail");
            add("response.output_item.added", o().put("output_index", oi).set("item", item));
            for (String d : deltas) {
                add("response.function_call_arguments.delta", o().put("item_id", "fc_1").put("output_index", oi)
                        .put("delta", d));
            }
            add("response.function_call_arguments.done", o().put("item_id", "fc_1").put("output_index", oi)
                    .put("arguments", args));
            add("response.output_item.done", o().put("output_index", oi).set("item",
                    item.deepCopy().put("status", "completed").put("arguments", args)));
            return this;
        }

        String body(ArrayNode finalOutput) {
            List<String> all = new ArrayList<>();
            all.add(events.isEmpty() ? "" : "");
            return String.join("", events);
        }
    }

    static ObjectNode o() {
        return Json.object();
    }

    static ObjectNode request(boolean stream, ObjectNode xFake) {
        ObjectNode body = Json.object();
        body.put("model", MODEL);
        body.put("input", "Tell me.");
        body.put("instructions", INSTRUCTIONS);
        body.put("stream", stream);
        body.set("x_fake", xFake);
        return body;
    }

    /** A full stream: created, in_progress, the items given, completed with their final output. */
    static ObjectNode upstream(List<String> deltas, List<String> argDeltas) {
        Stream s = new Stream();
        s.add("response.created", o().set("response", Stream.response("in_progress", null)));
        s.add("response.in_progress", o().set("response", Stream.response("in_progress", null)));
        s.message(0, deltas);
        ArrayNode output = Json.object().arrayNode();
        output.add(Stream.message(String.join("", deltas)));
        if (argDeltas != null) {
            s.functionCall(1, argDeltas);
            output.add(Json.object().put("id", "fc_1").put("type", "function_call").put("status", "completed")
                    .put("arguments", String.join("", argDeltas)).put("call_id", "call_1").put("name", "send_mail"));
        }
        s.add("response.completed", o().set("response", Stream.response("completed", output)));
        ObjectNode x = Json.object();
        ArrayNode a = x.putArray("events");
        s.events.forEach(a::add);
        x.put("content_type", "text/event-stream");
        return x;
    }

    static List<Ev> parse(String body) {
        List<Ev> out = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String event = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String v = line.substring(5).strip();
                    data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
                }
            }
            if (data != null) {
                out.add(new Ev(event, json(data.toString())));
            }
        }
        return out;
    }

    static String deltas(List<Ev> evs, String type) {
        StringBuilder sb = new StringBuilder();
        for (Ev e : evs) {
            if (type.equals(e.data().path("type").asText())) {
                sb.append(e.data().path("delta").asText());
            }
        }
        return sb.toString();
    }

    static JsonNode last(List<Ev> evs, String type) {
        JsonNode found = null;
        for (Ev e : evs) {
            if (type.equals(e.data().path("type").asText())) {
                found = e.data();
            }
        }
        return found;
    }

    @Test
    void aCleanStreamPassesByteForByte() {
        ObjectNode x = upstream(List.of("Hello ", "there, ", "friend."), List.of("{\"to\":", "\"ann\"}"));
        String expected = String.join("", x.withArray("events").valueStream().map(JsonNode::asText).toList());

        Response r = post("/v1/responses", request(true, x));

        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/event-stream"));
        // OpenAI's obfuscation padding is replaced by the gateway's own, of the same length
        String padding = "\"obfuscation\":\"[A-Za-z0-9]{2}\"";
        assertEquals(expected.replaceAll(padding, "PAD"), r.asString().replaceAll(padding, "PAD"));
        assertFalse(r.asString().contains("\"obfuscation\":\"x9\""));
    }

    @Test
    void aRedactionReachesEveryCopyOfTheTextAndNumbersStayInOrder() {
        ObjectNode x = upstream(List.of("Hello Vol", "de", "mort!"), List.of("{\"to\":\"Volde", "mort\"}"));

        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);

        assertFalse(body.replace(INSTRUCTIONS, "").contains("Vol"), body);
        assertEquals("Hello [REDACTED]!", deltas(evs, "response.output_text.delta"));
        assertEquals("Hello [REDACTED]!", last(evs, "response.output_text.done").path("text").asText());
        assertEquals("Hello [REDACTED]!", last(evs, "response.content_part.done").at("/part/text").asText());
        assertEquals("{\"to\":\"[REDACTED]\"}", deltas(evs, "response.function_call_arguments.delta"));
        assertEquals("{\"to\":\"[REDACTED]\"}", last(evs, "response.function_call_arguments.done").path("arguments").asText());
        JsonNode done = last(evs, "response.completed").path("response");
        assertEquals("Hello [REDACTED]!", done.at("/output/0/content/0/text").asText());
        assertEquals("{\"to\":\"[REDACTED]\"}", done.at("/output/1/arguments").asText());
        assertEquals(INSTRUCTIONS, done.path("instructions").asText(),
                "the request's own instructions are echoed, not scanned as output");
        assertEquals("redact", done.at("/guard/action").asText());
        assertEquals("erasure-voldemort", done.at("/guard/findings/0/erasure_id").asText());
        for (int i = 0; i < evs.size(); i++) {
            assertEquals(i, evs.get(i).data().path("sequence_number").asInt(), "renumbered from 0: " + body);
            assertEquals(evs.get(i).event(), evs.get(i).data().path("type").asText());
        }
        assertFalse(body.contains("[DONE]"), "the Responses API has no end marker");
    }

    @Test
    void aBlockEndsTheStreamWithAnIncompleteResponseForContentFilter() {
        ObjectNode x = upstream(List.of("The Hor", "crux is ", "hidden here."), null);

        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);

        String texts = body.replace("erasure-horcrux", "").replace("term-horcrux", "");
        assertFalse(texts.contains("Horcrux"), body);
        assertFalse(texts.contains("crux"), body);
        Ev end = evs.get(evs.size() - 1);
        assertEquals("response.incomplete", end.event());
        assertEquals("content_filter", end.data().at("/response/incomplete_details/reason").asText());
        // the message the client was sent keeps its id and place, with the text it was sent (red team 15 R19:
        // openai-node 7 fails on a refusal that takes an announced item's place); the refusal comes after it
        JsonNode output = end.data().at("/response/output");
        assertEquals(2, output.size(), body);
        assertEquals("msg_1", output.at("/0/id").asText());
        assertEquals("incomplete", output.at("/0/status").asText());
        assertEquals(deltas(evs, "response.output_text.delta"), output.at("/0/content/0/text").asText());
        assertEquals(TestPipelineSource.REFUSAL, output.at("/1/content/0/text").asText());
        assertEquals("block", end.data().at("/response/guard/action").asText());
        assertNull(last(evs, "response.completed"));
    }

    @Test
    void aFunctionCallGoesOutWholeOrNotAtAll() {
        // blocked part-way through its arguments: nothing of the call reaches the client (red team 15 R20)
        ObjectNode x = upstream(List.of("Sending it now."), List.of("{\"to\": \"", "Hor", "crux\"}"));
        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);
        assertFalse(body.replace("erasure-horcrux", "").replace("term-horcrux", "").contains("crux"), body);
        assertFalse(body.contains("function_call"), "no event of the blocked call: " + body);
        Ev end = evs.get(evs.size() - 1);
        assertEquals("response.incomplete", end.event());
        JsonNode output = end.data().at("/response/output");
        assertEquals(List.of("message", "message"), List.of(output.at("/0/type").asText(), output.at("/1/type").asText()));
        assertEquals("Sending it now.", output.at("/0/content/0/text").asText());
        for (int i = 0; i < evs.size(); i++) {
            assertEquals(i, evs.get(i).data().path("sequence_number").asInt(), "renumbered over what was sent: " + body);
        }

        // a clean call: every event of it, after the message, in the upstream's order
        ObjectNode clean = upstream(List.of("Sending it now."), List.of("{\"to\": \"", "Ann", "\"}"));
        List<Ev> sent = parse(post("/v1/responses", request(true, clean)).asString());
        assertEquals("{\"to\": \"Ann\"}", deltas(sent, "response.function_call_arguments.delta"));
        List<String> types = sent.stream().map(Ev::event).toList();
        assertTrue(types.indexOf("response.output_item.added") < types.lastIndexOf("response.function_call_arguments.delta"));
        assertEquals("response.completed", types.get(types.size() - 1));
    }

    /** A message of several output_text parts, each streamed as its deltas, closed as the API does. */
    static ObjectNode parts(List<List<String>> parts) {
        Stream s = new Stream();
        s.add("response.created", o().set("response", Stream.response("in_progress", null)));
        ObjectNode item = Stream.message("");
        item.put("status", "in_progress");
        ((ArrayNode) item.get("content")).removeAll();
        s.add("response.output_item.added", o().put("output_index", 0).set("item", item));
        ObjectNode done = item.deepCopy().put("status", "completed");
        for (int ci = 0; ci < parts.size(); ci++) {
            String text = String.join("", parts.get(ci));
            ObjectNode part = Json.object().put("type", "output_text").put("text", "");
            part.putArray("annotations");
            s.add("response.content_part.added", o().put("item_id", "msg_1").put("output_index", 0).put("content_index", ci)
                    .set("part", part));
            for (String d : parts.get(ci)) {
                s.add("response.output_text.delta", o().put("item_id", "msg_1").put("output_index", 0)
                        .put("content_index", ci).put("delta", d));
            }
            s.add("response.output_text.done", o().put("item_id", "msg_1").put("output_index", 0).put("content_index", ci)
                    .put("text", text));
            s.add("response.content_part.done", o().put("item_id", "msg_1").put("output_index", 0).put("content_index", ci)
                    .set("part", part.deepCopy().put("text", text)));
            ((ArrayNode) done.get("content")).add(part.deepCopy().put("text", text));
        }
        s.add("response.output_item.done", o().put("output_index", 0).set("item", done));
        ArrayNode output = Json.object().arrayNode().add(done);
        s.add("response.completed", o().set("response", Stream.response("completed", output)));
        ObjectNode x = Json.object();
        s.events.forEach(x.putArray("events")::add);
        x.put("content_type", "text/event-stream");
        return x;
    }

    @Test
    void aNameSplitAcrossStreamedOutputTextPartsBlocksAndACleanAnswerPassesAsSent() {
        ObjectNode x = parts(List.of(List.of("Our guest ", "is Vol"), List.of("demo", "rt, who writes.")));

        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);

        assertFalse(body.replace(INSTRUCTIONS, "").contains("demo"), body);
        Ev end = evs.get(evs.size() - 1);
        assertEquals("response.incomplete", end.event());
        assertEquals("content_filter", end.data().at("/response/incomplete_details/reason").asText());
        assertEquals("split-across-parts", end.data().at("/response/guard/findings/0/rule").asText());
        assertNull(last(evs, "response.completed"));

        ObjectNode clean = parts(List.of(List.of("Hello ", "there,"), List.of(" friend", ".")));
        String expected = String.join("", clean.withArray("events").valueStream().map(JsonNode::asText).toList());
        assertEquals(expected, post("/v1/responses", request(true, clean)).asString(), "each part as sent, not joined");
        // a part's tail the guard held ("Vol" could begin a name) goes out on its own part, not the next one
        List<Ev> held = parse(post("/v1/responses", request(true, parts(List.of(List.of("Hello ", "Vol"),
                List.of("ume ", "two."))))).asString());
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (Ev e : held) {
            if ("response.output_text.delta".equals(e.event())) {
                (e.data().path("content_index").asInt() == 0 ? first : second).append(e.data().path("delta").asText());
            }
        }
        assertEquals("Hello Vol", first.toString());
        assertEquals("ume two.", second.toString());
        JsonNode done = last(held, "response.completed").path("response");
        assertEquals("Hello Vol", done.at("/output/0/content/0/text").asText());
        assertEquals("ume two.", done.at("/output/0/content/1/text").asText());
    }

    @Test
    void aNamesStartEndingOnePartOrItemWaitsForTheNextAndGoesNowhereWhenTheNextCompletesIt() {
        // given: "Vol" ends a part (or a message), "demort" opens the next: only the join names someone
        ObjectNode acrossParts = parts(List.of(List.of("Our guest is ", "Vol"), List.of("demort, who writes.")));
        Stream s = new Stream();
        s.add("response.created", o().set("response", Stream.response("in_progress", null)));
        s.message(0, List.of("Our guest is ", "Vol"));
        s.message(1, List.of("demort, who writes."));
        s.add("response.completed", o().set("response", Stream.response("completed", Json.object().arrayNode()
                .add(Stream.message("Our guest is Vol")).add(Stream.message("demort, who writes.")))));
        ObjectNode acrossItems = Json.object().put("content_type", "text/event-stream");
        s.events.forEach(acrossItems.putArray("events")::add);

        for (ObjectNode x : List.of(acrossParts, acrossItems)) {
            // when
            String body = post("/v1/responses", request(true, x)).asString();

            // then: blocked, and the held start of the name never reached the client (deltas, copies, the refusal)
            List<Ev> evs = parse(body);
            assertEquals("response.incomplete", evs.get(evs.size() - 1).event(), body);
            assertFalse(body.replace(INSTRUCTIONS, "").contains("Vol"), body);
            assertEquals("Our guest is ", deltas(evs, "response.output_text.delta"));
        }
    }

    @Test
    void aCopyThatIsNotTheStreamedTextBlocks() {
        ObjectNode x = upstream(List.of("Hello ", "there."), null);
        ArrayNode events = x.withArray("events");
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i).asText();
            if (e.contains("response.output_text.done")) {
                events.set(i, Json.object().textNode(e.replace("Hello there.", "Goodbye Voldemort.")));
            }
        }

        String body = post("/v1/responses", request(true, x)).asString();

        assertFalse(body.replace(INSTRUCTIONS, "").contains("Voldemort"), body);
        Ev end = parse(body).get(parse(body).size() - 1);
        assertEquals("content_filter", end.data().at("/response/incomplete_details/reason").asText(), body);
        assertEquals("mismatched-copy", end.data().at("/response/guard/findings/0/rule").asText());
    }

    @Test
    void reasoningSummariesAndUnknownEventsAreScanned() {
        Stream s = new Stream();
        s.add("response.created", o().set("response", Stream.response("in_progress", null)));
        ObjectNode item = o().put("id", "rs_1").put("type", "reasoning");
        item.putArray("summary");
        s.add("response.output_item.added", o().put("output_index", 0).set("item", item));
        s.add("response.reasoning_summary_part.added", o().put("item_id", "rs_1").put("output_index", 0)
                .put("summary_index", 0).set("part", o().put("type", "summary_text").put("text", "")));
        s.add("response.reasoning_summary_text.delta", o().put("item_id", "rs_1").put("output_index", 0)
                .put("summary_index", 0).put("delta", "Think of Volde"));
        s.add("response.reasoning_summary_text.delta", o().put("item_id", "rs_1").put("output_index", 0)
                .put("summary_index", 0).put("delta", "mort."));
        s.add("response.reasoning_summary_text.done", o().put("item_id", "rs_1").put("output_index", 0)
                .put("summary_index", 0).put("text", "Think of Voldemort."));
        s.add("response.vendor_note.added", o().put("output_index", 0).put("note", "Voldemort again"));
        ObjectNode x = Json.object();
        s.events.forEach(x.putArray("events")::add);

        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);

        assertFalse(body.replace(INSTRUCTIONS, "").contains("Voldemort"), body);
        assertEquals("Think of [REDACTED].", deltas(evs, "response.reasoning_summary_text.delta"));
        assertEquals("[REDACTED] again", last(evs, "response.vendor_note.added").path("note").asText());
    }

    @Test
    void anErrorEventIsScannedAndSentAsTheApisErrorEvent() {
        Stream s = new Stream();
        s.add("response.created", o().set("response", Stream.response("in_progress", null)));
        ObjectNode x = Json.object();
        ArrayNode a = x.putArray("events");
        s.events.forEach(a::add);
        a.add("event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"Failed to parse: Voldemort\","
                + "\"param\":null,\"sequence_number\":1}\n\n");

        String body = post("/v1/responses", request(true, x)).asString();
        List<Ev> evs = parse(body);

        assertFalse(body.replace(INSTRUCTIONS, "").contains("Voldemort"), body);
        Ev err = evs.get(evs.size() - 1);
        assertEquals("error", err.event());
        assertEquals("error", err.data().path("type").asText());
        assertEquals(io.lethe.proxy.openai.ErrorGuard.WITHHELD, err.data().path("message").asText());
        assertFalse(body.contains("\"error\":{"), "no data frame with a top-level error object (SDKs throw on it)");
    }

    @Test
    void aWholeResponseIsRedactedInEveryTextAndBlockedAsIncomplete() {
        ArrayNode output = Json.object().arrayNode();
        ObjectNode reasoning = output.addObject().put("id", "rs_1").put("type", "reasoning")
                .put("encrypted_content", "gAAAAVoldemortOpaque");
        reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", "Recall Voldemort.");
        ObjectNode msg = Stream.message("Hello Voldemort!");
        ((ArrayNode) msg.at("/content/0/annotations")).addObject().put("type", "url_citation")
                .put("title", "About Voldemort").put("url", "https://example.org/v").put("start_index", 0).put("end_index", 5);
        ((ObjectNode) msg.at("/content/0")).putArray("logprobs").addObject().put("token", "Hello ").put("logprob", -0.1);
        ((ArrayNode) msg.at("/content/0/logprobs")).addObject().put("token", "Voldemort").put("logprob", -0.2);
        ((ArrayNode) msg.at("/content/0/logprobs")).addObject().put("token", "!").put("logprob", -0.3);
        output.add(msg);
        output.addObject().put("id", "fc_1").put("type", "function_call").put("call_id", "c").put("name", "f")
                .put("arguments", "{\"who\":\"Voldemort\",\"n\":1}");
        output.addObject().put("id", "ctc_1").put("type", "custom_tool_call").put("call_id", "c2").put("name", "g")
                .put("input", "free text Voldemort");
        ObjectNode resp = Stream.response("completed", output);
        resp.put("output_text", "Hello Voldemort!");
        ObjectNode x = Json.object().put("body", Json.write(resp));

        JsonNode got = json(post("/v1/responses", request(false, x)).asString());

        String all = Json.write(got);
        assertFalse(all.replace("gAAAAVoldemortOpaque", "").replace(INSTRUCTIONS, "").contains("Voldemort"), all);
        assertEquals("Recall [REDACTED].", got.at("/output/0/summary/0/text").asText());
        assertEquals("Hello [REDACTED]!", got.at("/output/1/content/0/text").asText());
        assertEquals("About [REDACTED]", got.at("/output/1/content/0/annotations/0/title").asText());
        assertEquals(2, got.at("/output/1/content/0/logprobs").size(), "the redacted token's logprob is dropped");
        assertEquals("{\"who\":\"[REDACTED]\",\"n\":1}", got.at("/output/2/arguments").asText());
        assertEquals("free text [REDACTED]", got.at("/output/3/input").asText());
        assertEquals("Hello [REDACTED]!", got.path("output_text").asText());
        assertEquals("redact", got.at("/guard/action").asText());

        ObjectNode blocked = Stream.response("completed", Json.object().arrayNode().add(Stream.message("A Horcrux.")));
        JsonNode b = json(post("/v1/responses", request(false, Json.object().put("body", Json.write(blocked)))).asString());
        assertEquals("incomplete", b.path("status").asText());
        assertEquals("content_filter", b.at("/incomplete_details/reason").asText());
        assertEquals(TestPipelineSource.REFUSAL, b.at("/output/0/content/0/text").asText());
        assertFalse(Json.write(b).contains("Horcrux"));
    }

    @Test
    void anEchoThatIsNotWhatTheRequestSentIsScanned() {
        ObjectNode resp = Stream.response("completed", Json.object().arrayNode().add(Stream.message("fine")));
        resp.put("instructions", "Voldemort says hi");
        ObjectNode req = request(false, Json.object().put("body", Json.write(resp)));
        req.remove("instructions");

        JsonNode got = json(post("/v1/responses", req).asString());

        assertEquals("[REDACTED] says hi", got.path("instructions").asText(), got.toString());
    }

    @Test
    void aResponsesRequestWithoutInputIsA400() {
        ObjectNode body = Json.object().put("model", MODEL);
        Response r = post("/v1/responses", body);
        assertEquals(400, r.statusCode());
        assertEquals("input", json(r.asString()).at("/error/param").asText());
    }
}
