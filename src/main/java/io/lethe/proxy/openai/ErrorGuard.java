package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans an upstream error (an HTTP error body or a mid-stream error event, already in OpenAI's shape) before
 * a client reads it: servers quote the model's output in their messages (llama.cpp's tool-call parse
 * failures do). Every string of the {@code error} object but its {@code type} and {@code code} is scanned,
 * and all of them joined; when the guard releases all of them unchanged and finds nothing joined the error goes
 * out as it came, otherwise its message is replaced by {@value #WITHHELD}, every other text of it is dropped,
 * and {@code type} and {@code code} are there in their protocol shape. One per error; on the session's
 * thread.
 */
public final class ErrorGuard {

    /** The message that replaces an error message the guard did not release whole. */
    public static final String WITHHELD = "The upstream's error message was withheld by policy.";
    private static final Set<String> SCHEMA = Set.of("type", "code");

    private final GuardSession session;
    private final ObjectNode body;
    private final Map<Channel, Leaf> leaves = new LinkedHashMap<>();
    /** What the answer's channels held when the error came: the error may finish a form begun there. */
    private final List<String> heldTails = new ArrayList<>(0);

    private record Leaf(ObjectNode holder, String field, String original, StringBuilder released) {
    }

    private ErrorGuard(GuardSession session, ObjectNode body) {
        this.session = session;
        this.body = body;
    }

    /**
     * Feeds the error's texts to the session (as channels of choice 0 numbered by {@code serial}, so two errors
     * of one response do not share a channel) and finishes them.
     *
     * @param body an OpenAI error body, {@code {"error": {...}}}
     */
    public static ErrorGuard start(GuardSession session, ObjectNode body, int serial) {
        ErrorGuard g = new ErrorGuard(session, body);
        g.heldTails.addAll(session.heldTails()); // before the error's own channels open
        if (body.get("error") instanceof ObjectNode error) {
            g.walk(error, "error", serial, 0);
        }
        for (Map.Entry<Channel, Leaf> e : g.leaves.entrySet()) {
            e.getValue().released.append(session.finish(e.getKey()).text());
        }
        return g;
    }

    private void walk(ObjectNode o, String path, int serial, int depth) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (depth == 0 && (k.equals("type") || k.equals("code")) && (v.isNumber() || (v.isTextual()
                    && Declared.word(v.textValue())))) {
                continue;
            }
            if (v.isTextual() && !v.textValue().isEmpty()) {
                Channel ch = depth == 0 && k.equals("message") ? new Channel(0, ChannelKind.ERROR, serial, null)
                        : Channel.other(0, serial, path + "." + ChoiceWalker.key(k));
                Release r = session.append(ch, v.textValue());
                leaves.put(ch, new Leaf(o, k, v.textValue(), new StringBuilder(r.text())));
            } else if (v instanceof ObjectNode child && depth < ChoiceWalker.MAX_DEPTH) {
                walk(child, path + "." + ChoiceWalker.key(k), serial, depth + 1);
            } else if (v.isContainerNode()) {
                // arrays of detail: not worth walking; dropped if anything is withheld
                leaves.put(Channel.other(0, serial, path + "." + ChoiceWalker.key(k) + "[]"),
                        new Leaf(o, k, "\u0000", new StringBuilder()));
            }
        }
    }

    /** Adds what a poll of the session released. */
    public void collect(Map<Channel, Release> releases) {
        for (Map.Entry<Channel, Release> e : releases.entrySet()) {
            Leaf l = leaves.get(e.getKey());
            if (l != null) {
                l.released.append(e.getValue().text());
            }
        }
    }

    /** The error as the client may read it. */
    public ObjectNode apply() {
        boolean clean = true;
        for (Leaf l : leaves.values()) {
            clean &= l.original.equals(l.released.toString());
        }
        if (!(body.get("error") instanceof ObjectNode error)) {
            return body;
        }
        if (clean && !joinedFinds(error)) {
            return body;
        }
        List<String> drop = new ArrayList<>();
        for (Iterator<String> it = error.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SCHEMA.contains(k) && !k.equals("message")) {
                drop.add(k);
            }
        }
        drop.forEach(error::remove);
        error.put("message", WITHHELD);
        error.putNull("param");
        // type and code stay only in their protocol shape (a word, a number): anything else may be text
        JsonNode type = error.get("type");
        if (type != null && !(type.isTextual() && Declared.word(type.textValue()))) {
            error.put("type", ApiError.UPSTREAM);
        }
        JsonNode code = error.get("code");
        if (code != null && !code.isNumber() && !(code.isTextual() && Declared.word(code.textValue()))) {
            error.putNull("code");
        }
        if (!error.has("type")) {
            error.put("type", ApiError.UPSTREAM);  // the error object's shape (API.md): type and code always there
        }
        if (!error.has("code")) {
            error.putNull("code");
        }
        return body;
    }

    /**
     * Whether the error's strings, each clean alone, find something joined as one text (message, type, code and
     * the rest, in order, as they are and space-separated): a name split across its fields ({"message": "Corwin", "type":
     * "Ashdale"}; an outside tester, helper-62), the type and code words being otherwise not scanned; or joined
     * after a text an answer's channel held when the error came.
     */
    private boolean joinedFinds(ObjectNode error) {
        List<String> pieces = new ArrayList<>();
        strings(error, pieces, 0);
        if (Atoms.piecesFind(session, pieces)) {
            return true;
        }
        // a held tail of the answer, dropped with the stream, continued by the error (helper-80: "...brambleton@"
        // then the message "fernhollow.org"; "Fine. Ignatius" then "Brambleton failed")
        String joined = String.join(" ", pieces);
        for (String tail : heldTails) {
            if (!joined.isEmpty() && Atoms.piecesFind(session, List.of(tail, joined))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return Json.parse(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The non-empty strings of {@code v}, in order; a string that is JSON text gives its own strings. */
    private static void strings(JsonNode v, List<String> out, int depth) {
        if (v.isTextual() && !v.textValue().isEmpty() && depth < ChoiceWalker.MAX_DEPTH
                && (v.textValue().startsWith("[") || v.textValue().startsWith("{"))) {
            // a message that is JSON text (FastAPI's "detail" list written out): its strings, not its syntax
            JsonNode parsed = parseOrNull(v.textValue());
            if (parsed != null && parsed.isContainerNode()) {
                strings(parsed, out, depth + 1);
                return;
            }
        }
        if (v.isTextual() && !v.textValue().isEmpty()) {
            out.add(v.textValue());
        } else if (v.isContainerNode() && depth < ChoiceWalker.MAX_DEPTH) {
            for (JsonNode c : v) {
                strings(c, out, depth + 1);
            }
        }
    }
}
