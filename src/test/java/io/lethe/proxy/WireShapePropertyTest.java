package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Default-deny over any shape: random messages (known fields, content parts, tool calls with string or object
 * arguments, unknown keys, nested objects and arrays, escapes) with the test stage's term planted in random
 * string leaves, answered whole and streamed with each text cut into random pieces. Nothing planted reaches
 * the client, and per channel the streamed text equals the whole answer's.
 */
class WireShapePropertyTest {

    static final String TERM = "Voldemort";
    private static final String[] WORDS = {"the ", "a ", "Vol", "de", "mort", "Volume ", "é", "\\n", "\"", "🙂", " ", "x",
            "Voldemort", "\\u00e9", "Horcrux "};

    /** A message with its texts in order: where each sits (a path of steps) and the text. */
    record Shape(ObjectNode message, List<Leaf> leaves, long seed) {
    }

    record Leaf(List<Object> path, String text) {
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Arbitraries.longs().map(WireShapePropertyTest::shape);
    }

    static Shape shape(long seed) {
        Random r = new Random(seed);
        ObjectNode m = Json.object();
        m.put("role", "assistant");
        List<Leaf> leaves = new ArrayList<>();
        int fields = 1 + r.nextInt(4);
        for (int f = 0; f < fields; f++) {
            switch (r.nextInt(7)) {
                case 0 -> m.put("content", text(r));
                case 1 -> {
                    ArrayNode parts = m.putArray("content");
                    ObjectNode think = parts.addObject().put("type", "thinking");
                    think.putArray("thinking").addObject().put("type", "text").put("text", text(r));
                    parts.addObject().put("type", "text").put("text", text(r));
                }
                case 2 -> m.put(r.nextBoolean() ? "reasoning_content" : "reasoning", text(r));
                case 3 -> {
                    ArrayNode calls = m.putArray("tool_calls");
                    int n = 1 + r.nextInt(2);
                    for (int k = 0; k < n; k++) {
                        ObjectNode fn = calls.addObject().put("index", k).put("id", "call_" + k).put("type", "function")
                                .putObject("function").put("name", "f" + k);
                        if (r.nextBoolean()) {
                            fn.put("arguments", "{\"a\":\"" + text(r) + "\",\"n\":" + r.nextInt(100) + "}");
                        } else {
                            fn.putObject("arguments").put("a", text(r)).put("n", r.nextInt(100));
                        }
                    }
                }
                case 4 -> m.put("refusal", text(r));
                default -> m.set("x_" + r.nextInt(3), unknown(r, 0));
            }
        }
        collect(m, new ArrayList<>(), leaves);
        return new Shape(m, leaves, seed);
    }

    /** A random unknown value: strings, nested objects, arrays of typed parts, numbers. */
    static JsonNode unknown(Random r, int depth) {
        int k = depth > 3 ? 0 : r.nextInt(4);
        return switch (k) {
            case 0 -> Json.object().textNode(text(r));
            case 1 -> {
                ObjectNode o = Json.object();
                o.set("k" + r.nextInt(3), unknown(r, depth + 1));
                if (r.nextBoolean()) {
                    o.put("n", r.nextInt(9));
                }
                yield o;
            }
            case 2 -> {
                ArrayNode a = Json.object().arrayNode();
                ObjectNode part = a.addObject().put("type", "t" + r.nextInt(2));
                part.set("text", unknown(r, depth + 1));
                yield a;
            }
            default -> Json.object().numberNode(r.nextInt(1000));
        };
    }

    /** Decoded JSON escapes would double-count: the texts here use the escape sequences literally. */
    static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(3) == 0) {
            sb.insert(r.nextInt(sb.length() + 1), " " + TERM + " ");
        }
        return sb.toString();
    }

    /** The string leaves of a message in document order, with the path to each (field names, element identities). */
    static void collect(JsonNode node, List<Object> path, List<Leaf> out) {
        if (node.isTextual()) {
            out.add(new Leaf(List.copyOf(path), node.textValue()));
        } else if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (List.of("role", "type", "id", "index", "name").contains(e.getKey())) {
                    continue;
                }
                if (e.getKey().equals("arguments") && e.getValue().isObject()) {
                    // an object's JSON text arrives whole in one delta
                    List<Object> p = new ArrayList<>(path);
                    p.add("arguments");
                    out.add(new Leaf(List.copyOf(p), null));
                    continue;
                }
                path.add(e.getKey());
                collect(e.getValue(), path, out);
                path.remove(path.size() - 1);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode el : a) {
                ObjectNode identity = Json.object();
                for (String f : new String[]{"type", "index", "id"}) {
                    if (el.has(f)) {
                        identity.set(f, el.get(f));
                    }
                }
                path.add(identity);
                collect(el, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /** A delta carrying one piece of one leaf, on the leaf's path. */
    static ObjectNode deltaFor(ObjectNode message, List<Object> path, JsonNode piece) {
        ObjectNode delta = Json.object();
        JsonNode at = delta;
        JsonNode src = message;
        for (int i = 0; i < path.size(); i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            if (step instanceof String field) {
                src = src.get(field);
                if (last) {
                    ((ObjectNode) at).set(field, piece);
                } else if (path.get(i + 1) instanceof ObjectNode) {
                    at = ((ObjectNode) at).putArray(field);
                } else {
                    at = ((ObjectNode) at).putObject(field);
                }
            } else {
                ObjectNode identity = (ObjectNode) step;
                JsonNode match = null;
                for (JsonNode el : src) {
                    boolean ok = true;
                    for (Iterator<String> f = identity.fieldNames(); f.hasNext(); ) {
                        String k = f.next();
                        ok &= identity.get(k).equals(el.get(k));
                    }
                    if (ok) {
                        match = el;
                        break;
                    }
                }
                src = match;
                if (last) {
                    ((ArrayNode) at).add(piece);
                } else {
                    ObjectNode el = ((ArrayNode) at).addObject();
                    el.setAll(identity.deepCopy());
                    at = el;
                }
            }
        }
        return delta;
    }

    static final ScanContext CTX = new ScanContext("r", "m", null, "u");

    @Property(tries = 1000)
    void nothingPlantedLeavesAndStreamedEqualsWhole(@ForAll("shapes") Shape s) throws Unwalkable {
        // whole
        ObjectNode body = Json.object();
        body.put("id", "c");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").set("message", s.message().deepCopy());
        GuardSession ws = TestPipelineSource.PIPELINE.open(CTX, null);
        ChatWhole.start(ws, body, false, io.lethe.proxy.openai.Declared.NONE).apply();
        assertClean(Json.write(body));

        // streamed, each text cut at random
        Random r = new Random(s.seed() ^ 0x5DEECE66DL);
        GuardSession ss = TestPipelineSource.PIPELINE.open(CTX, null);
        ChatStream stream = new ChatStream(ss, false, io.lethe.proxy.openai.Declared.NONE, "r", "m");
        List<WireEvent> out = new ArrayList<>();
        for (Leaf leaf : s.leaves()) {
            if (leaf.text() == null) {
                JsonNode obj = s.message();
                for (Object step : leaf.path()) {
                    obj = step instanceof String f ? obj.get(f) : find(obj, (ObjectNode) step);
                }
                feed(stream, deltaFor(s.message(), leaf.path(), obj.deepCopy()), null, out);
                continue;
            }
            String t = leaf.text();
            int at = 0;
            while (at < t.length()) {
                int n = Math.min(t.length() - at, 1 + r.nextInt(6));
                if (n < t.length() - at && Character.isHighSurrogate(t.charAt(at + n - 1))) {
                    n++;
                }
                feed(stream, deltaFor(s.message(), leaf.path(), Json.object().textNode(t.substring(at, at + n))), null, out);
                at += n;
            }
        }
        feed(stream, Json.object(), "stop", out);
        StringBuilder all = new StringBuilder();
        out.forEach(e -> all.append(e.data()).append('\n'));
        assertClean(all.toString());

        if (!ws.isBlocked(0) && !ss.isBlocked(0)) {
            assertThat(perChannel(out)).isEqualTo(perChannel(body));
        } else {
            assertThat(ss.isBlocked(0)).isEqualTo(ws.isBlocked(0));
        }
    }

    static JsonNode find(JsonNode arr, ObjectNode identity) {
        for (JsonNode el : arr) {
            boolean ok = true;
            for (Iterator<String> f = identity.fieldNames(); f.hasNext(); ) {
                String k = f.next();
                ok &= identity.get(k).equals(el.get(k));
            }
            if (ok) {
                return el;
            }
        }
        throw new IllegalStateException("no element");
    }

    static void feed(ChatStream stream, ObjectNode delta, String finish, List<WireEvent> out) throws Unwalkable {
        ObjectNode chunk = Json.object();
        chunk.put("id", "c");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        String raw = Json.write(chunk);
        stream.onEvent(null, (ObjectNode) Json.parseObjectOrNull(raw), raw, out);
    }

    /** No planted term outside the guard object's ids. */
    static void assertClean(String text) {
        String t = text.replace("erasure-voldemort", "").replace("term-voldemort", "").replace("erasure-horcrux", "")
                .replace("term-horcrux", "");
        assertThat(t).doesNotContain(TERM).doesNotContain("Horcrux");
    }

    /** Per channel, the text the client reads (whole body or concatenated stream), by the walker's own channels. */
    static Map<String, String> perChannel(List<WireEvent> events) {
        Map<String, String> out = new LinkedHashMap<>();
        for (WireEvent e : events) {
            JsonNode c = Json.parseObjectOrNull(e.data());
            for (JsonNode ch : c.path("choices")) {
                texts(ch.path("delta"), "", out);
            }
        }
        out.entrySet().removeIf(x -> x.getValue().isEmpty());
        return out;
    }

    static Map<String, String> perChannel(ObjectNode body) {
        Map<String, String> out = new LinkedHashMap<>();
        texts(body.at("/choices/0/message"), "", out);
        out.entrySet().removeIf(x -> x.getValue().isEmpty());
        return out;
    }

    /** Concatenates texts by a path key that ignores positions (the way channels are keyed). */
    static void texts(JsonNode node, String key, Map<String, String> out) {
        if (node.isTextual()) {
            String k = key.replace("/reasoning_content", "/reasoning");
            out.merge(k, node.textValue(), String::concat);
        } else if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (List.of("role", "type", "id", "index", "name").contains(e.getKey())) {
                    continue;
                }
                if (e.getKey().equals("arguments") && e.getValue().isObject()) {
                    out.merge(key + "/arguments{}", Json.write(e.getValue()), String::concat);
                    continue;
                }
                texts(e.getValue(), key + "/" + e.getKey(), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode el : a) {
                String id = el.path("type").asText("") + "#" + el.path("index").asText("");
                texts(el, key + "[" + id + "]", out);
            }
        }
    }

    static Channel unused() {
        return Channel.content(0);
    }
}
