package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;
import io.lethe.proxy.openai.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts every text delta of a streamed answer through the {@link GuardSession} and rewrites the chunks to
 * carry only released text. Chunks the guard did not change are forwarded as the upstream's exact bytes.
 *
 * <p>Per choice: deltas of {@code content}, {@code reasoning_content}/{@code reasoning}, tool-call
 * {@code arguments} (chat) or {@code text} (legacy completions) are appended to their channels; the
 * choice's {@code finish_reason} finishes its channels and the released remainder rides on that chunk; a
 * block ends the choice with a {@code content_filter} chunk carrying the refusal and drops everything the
 * upstream sends for it afterwards. Not thread-safe: one per response, on its event loop.
 */
public final class StreamGuard {

    private static final String[] REASONING_FIELDS = {"reasoning_content", "reasoning"};
    /** Choice-level fields that carry nothing a client needs when the chunk's text was all held. */
    private static final Set<String> CHOICE_PLUMBING = Set.of("index", "delta", "text", "logprobs",
            "finish_reason", "token_ids", "stop_reason");
    private static final Set<String> DELTA_TEXT = Set.of("content", "reasoning_content", "reasoning", "tool_calls",
            "refusal", "function_call");
    private static final Set<String> ENVELOPE = Set.of("id", "object", "created", "model", "system_fingerprint");

    private final GuardSession session;
    private final boolean legacy;
    private final Map<Integer, ChoiceState> choices = new HashMap<>();
    private ObjectNode envelope;

    /** @param legacy true for {@code /v1/completions} ({@code choices[i].text}) */
    public StreamGuard(GuardSession session, boolean legacy) {
        this.session = session;
        this.legacy = legacy;
    }

    private static final class ChoiceState {
        String reasoningField = "reasoning_content";
        /** The other reasoning field name, when the upstream sends the same text under both. */
        String reasoningMirror;
        boolean blocked;
        /** The choice's finish_reason went by: its channels are closed. */
        boolean finished;
        /** The finish_reason held back until the classifier has released the choice's last sentences. */
        JsonNode deferredFinish;
    }

    /** What one choice of one chunk did. */
    private static final class Scan {
        boolean hadText;
        boolean releasedText;
        boolean modified;
        boolean blocked;
    }

    /**
     * Processes one upstream chunk.
     *
     * @param chunk the parsed event (modified in place when the guard changes it)
     * @param raw   the event's data as received, forwarded as is when nothing changed
     * @param out   payloads to send, in order
     */
    public void onChunk(ObjectNode chunk, String raw, List<String> out) {
        if (envelope == null) {
            envelope = Json.object();
            for (String f : ENVELOPE) {
                if (chunk.has(f)) {
                    envelope.set(f, chunk.get(f));
                }
            }
        }
        JsonNode choicesNode = chunk.get("choices");
        if (!(choicesNode instanceof ArrayNode arr) || arr.isEmpty()) {
            out.add(raw); // usage-only chunk and the like: no text to scan
            return;
        }
        boolean changed = false;
        List<Integer> blockedNow = new ArrayList<>(1);
        for (int p = 0; p < arr.size(); p++) {
            if (!(arr.get(p) instanceof ObjectNode choice)) {
                continue;
            }
            int index = choice.path("index").canConvertToInt() ? choice.get("index").asInt() : p;
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState());
            if (st.blocked || (st.finished && hasText(choice))) {
                // Blocked: drop everything. Finished: text after the end cannot be scanned as part of the
                // channel any more, so it is not forwarded either (out of protocol; seen from no server).
                arr.remove(p--);
                changed = true;
                continue;
            }
            Scan s = legacy ? scanLegacy(choice, index, st) : scanChat(choice, index, st);
            if (s.blocked) {
                st.blocked = true;
                blockedNow.add(index);
                arr.remove(p--);
                changed = true;
                continue;
            }
            if (s.modified) {
                // Token ids and logprobs would reveal the text the guard held back or rewrote.
                choice.remove("logprobs");
                choice.remove("token_ids");
                changed = true;
                if (s.hadText && !s.releasedText && !interesting(choice)) {
                    arr.remove(p--);
                }
            }
        }
        // The refusal first: what remains of this chunk (other choices, continuous usage) comes after it.
        for (int index : blockedNow) {
            out.add(Json.write(refusalChunk(index)));
        }
        if (!changed) {
            out.add(raw);
        } else if (!arr.isEmpty() || hasUsage(chunk)) {
            out.add(Json.write(chunk));
        }
    }

    /**
     * Whether a choice's end waits for asynchronous stages: the caller must queue later upstream events and
     * call {@link #onWake} when the session's pending work completes.
     */
    public boolean waiting() {
        for (ChoiceState st : choices.values()) {
            if (st.deferredFinish != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asynchronous work of the session completed: adds a chunk per choice with the text it released (or its
     * refusal), and the held-back finish_reason of choices now fully released.
     */
    public void onWake(List<String> out) {
        Map<Integer, ObjectNode> released = new LinkedHashMap<>();
        for (Map.Entry<Channel, Release> e : session.poll().entrySet()) {
            int index = e.getKey().choice();
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState());
            if (st.blocked) {
                continue;
            }
            if (e.getValue().blockedNow()) {
                st.blocked = true;
                st.deferredFinish = null;
                released.remove(index);
                out.add(Json.write(refusalChunk(index)));
                continue;
            }
            appendRemainder(released.computeIfAbsent(index, this::emptyChoice), e.getKey(), e.getValue().text(), st);
        }
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            ChoiceState st = e.getValue();
            if (st.deferredFinish != null && !st.blocked && session.settled(e.getKey())) {
                released.computeIfAbsent(e.getKey(), this::emptyChoice).set("finish_reason", st.deferredFinish);
                st.deferredFinish = null;
            }
        }
        for (ObjectNode choice : released.values()) {
            if (!choice.has("finish_reason")) {
                choice.putNull("finish_reason");
            }
            out.add(Json.write(withEnvelope(choice)));
        }
    }

    private ObjectNode emptyChoice(int index) {
        ObjectNode choice = Json.object();
        choice.put("index", index);
        if (legacy) {
            choice.put("text", "");
        } else {
            choice.set("delta", Json.object());
        }
        return choice;
    }

    /**
     * The upstream ended (with or without {@code [DONE]}): finishes every open channel and adds a chunk per
     * choice with what was still held (or its refusal).
     */
    public void onEnd(List<String> out) {
        Map<Integer, List<Channel>> open = new LinkedHashMap<>();
        for (Channel ch : session.openChannels()) {
            open.computeIfAbsent(ch.choice(), k -> new ArrayList<>()).add(ch);
        }
        for (Map.Entry<Integer, List<Channel>> e : open.entrySet()) {
            int index = e.getKey();
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState());
            if (st.blocked) {
                continue;
            }
            ObjectNode choice = emptyChoice(index);
            boolean any = false;
            boolean blocked = false;
            for (Channel ch : e.getValue()) {
                Release r = session.finish(ch);
                if (r.blockedNow()) {
                    blocked = true;
                    break;
                }
                if (!r.text().isEmpty()) {
                    appendRemainder(choice, ch, r.text(), st);
                    any = true;
                }
            }
            if (blocked) {
                st.blocked = true;
                out.add(Json.write(refusalChunk(index)));
            } else if (any) {
                choice.putNull("finish_reason");
                out.add(Json.write(withEnvelope(choice)));
            }
        }
    }

    private Scan scanChat(ObjectNode choice, int index, ChoiceState st) {
        Scan s = new Scan();
        if (choice.get("delta") instanceof ObjectNode delta) {
            scanField(delta, "content", Channel.content(index), s);
            if (!s.blocked) {
                scanReasoning(delta, index, st, s);
            }
            if (!s.blocked && delta.get("tool_calls") instanceof ArrayNode calls) {
                scanToolCalls(delta, calls, index, s);
            }
            if (!s.blocked) {
                scanField(delta, "refusal", Channel.refusal(index), s);
            }
            if (!s.blocked && delta.get("function_call") instanceof ObjectNode fc) {
                scanField(fc, "arguments", Channel.functionCall(index), s);
            }
        }
        if (!s.blocked) {
            finishIfDone(choice, index, st, s);
        }
        return s;
    }

    /**
     * Reasoning arrives as {@code reasoning_content} or {@code reasoning}; some servers send both with the
     * same text. One channel either way: the text is scanned once and the released text goes into every
     * field that carried it. Two different texts in one delta are not guessed at: the second is dropped.
     */
    private void scanReasoning(ObjectNode delta, int index, ChoiceState st, Scan s) {
        String first = null;
        for (String f : REASONING_FIELDS) {
            String v = Json.text(delta, f);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = f;
                st.reasoningField = f; // answer in the name this upstream uses
                scanField(delta, f, Channel.reasoning(index), s);
            } else if (!s.blocked) {
                st.reasoningMirror = f;
                String released = Json.text(delta, first);
                s.modified |= !v.equals(released);
                delta.put(f, released);
            }
        }
    }

    private static boolean hasText(ObjectNode choice) {
        String text = Json.text(choice, "text");
        if (text != null && !text.isEmpty()) {
            return true;
        }
        if (!(choice.get("delta") instanceof ObjectNode d)) {
            return false;
        }
        for (String f : new String[]{"content", "reasoning_content", "reasoning", "refusal"}) {
            String v = Json.text(d, f);
            if (v != null && !v.isEmpty()) {
                return true;
            }
        }
        String fa = Json.text(d.get("function_call"), "arguments");
        if (fa != null && !fa.isEmpty()) {
            return true;
        }
        if (d.get("tool_calls") instanceof ArrayNode calls) {
            for (JsonNode c : calls) {
                String a = Json.text(c.get("function"), "arguments");
                if (a != null && !a.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private void scanToolCalls(ObjectNode delta, ArrayNode calls, int index, Scan s) {
        for (int q = 0; q < calls.size() && !s.blocked; q++) {
            if (!(calls.get(q) instanceof ObjectNode call) || !(call.get("function") instanceof ObjectNode fn)) {
                continue;
            }
            int k = call.path("index").canConvertToInt() ? call.get("index").asInt() : q;
            Scan one = new Scan();
            scanField(fn, "arguments", Channel.toolArguments(index, k), one);
            s.hadText |= one.hadText;
            s.releasedText |= one.releasedText;
            s.modified |= one.modified;
            s.blocked |= one.blocked;
            if (one.modified && !one.releasedText && !call.hasNonNull("id") && !call.hasNonNull("type")
                    && !fn.hasNonNull("name")) {
                calls.remove(q--); // an entry that only carried held argument text
            }
        }
        if (calls.isEmpty() && s.modified) {
            delta.remove("tool_calls");
        }
    }

    private Scan scanLegacy(ObjectNode choice, int index, ChoiceState st) {
        Scan s = new Scan();
        scanField(choice, "text", Channel.text(index), s);
        if (!s.blocked) {
            finishIfDone(choice, index, st, s);
        }
        return s;
    }

    private void scanField(ObjectNode holder, String field, Channel channel, Scan s) {
        JsonNode v = holder.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            return;
        }
        String original = v.textValue();
        s.hadText = true;
        Release r = session.append(channel, original);
        if (r.blockedNow()) {
            s.blocked = true;
            return;
        }
        if (!r.text().equals(original)) {
            holder.put(field, r.text());
            s.modified = true;
        }
        if (!r.text().isEmpty()) {
            s.releasedText = true;
        }
    }

    /** On the choice's finish_reason: resolve everything held and put the remainder in this chunk. */
    private void finishIfDone(ObjectNode choice, int index, ChoiceState st, Scan s) {
        JsonNode finish = choice.get("finish_reason");
        if (finish == null || finish.isNull()) {
            return;
        }
        st.finished = true;
        for (Map.Entry<Channel, Release> e : session.finishChoice(index).entrySet()) {
            Release r = e.getValue();
            if (r.blockedNow()) {
                s.blocked = true;
                return;
            }
            if (!r.text().isEmpty()) {
                appendRemainder(choice, e.getKey(), r.text(), st);
                s.modified = true;
                s.releasedText = true;
            }
        }
        if (!session.settled(index)) {
            // The classifier still holds the last sentences: the end goes out after them.
            st.deferredFinish = finish;
            choice.putNull("finish_reason");
            s.modified = true;
        }
    }

    private void appendRemainder(ObjectNode choice, Channel ch, String text, ChoiceState st) {
        switch (ch.kind()) {
            case TEXT -> appendText(choice, "text", text);
            case CONTENT -> appendText(delta(choice), "content", text);
            case REASONING -> {
                appendText(delta(choice), st.reasoningField, text);
                if (st.reasoningMirror != null) {
                    appendText(delta(choice), st.reasoningMirror, text);  // text held past the delta that carried both
                }
            }
            case REFUSAL -> appendText(delta(choice), "refusal", text);
            case FUNCTION_CALL -> {
                ObjectNode delta = delta(choice);
                ObjectNode fc = delta.get("function_call") instanceof ObjectNode f ? f : delta.putObject("function_call");
                appendText(fc, "arguments", text);
            }
            case TOOL_ARGUMENTS -> {
                ObjectNode delta = delta(choice);
                ArrayNode calls = delta.get("tool_calls") instanceof ArrayNode a ? a : delta.putArray("tool_calls");
                ObjectNode target = null;
                for (JsonNode c : calls) {
                    if (c instanceof ObjectNode o && o.path("index").asInt(-1) == ch.toolIndex()) {
                        target = o;
                    }
                }
                if (target == null) {
                    target = calls.addObject();
                    target.put("index", ch.toolIndex());
                }
                ObjectNode fn = target.get("function") instanceof ObjectNode f ? f : target.putObject("function");
                appendText(fn, "arguments", text);
            }
        }
    }

    private static ObjectNode delta(ObjectNode choice) {
        return choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
    }

    private static void appendText(ObjectNode holder, String field, String text) {
        String existing = Json.text(holder, field);
        holder.put(field, existing == null ? text : existing + text);
    }

    /** Whether a choice whose text was all held still carries something the client needs. */
    private boolean interesting(ObjectNode choice) {
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CHOICE_PLUMBING.contains(e.getKey()) && !e.getValue().isNull()) {
                return true;
            }
        }
        if (choice.hasNonNull("finish_reason")) {
            return true;
        }
        if (choice.get("delta") instanceof ObjectNode delta) {
            for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!DELTA_TEXT.contains(e.getKey()) && !e.getValue().isNull()) {
                    return true; // role, refusal, ...
                }
            }
            return delta.get("tool_calls") instanceof ArrayNode calls && !calls.isEmpty();
        }
        return false;
    }

    private static boolean hasUsage(ObjectNode chunk) {
        return chunk.hasNonNull("usage");
    }

    private ObjectNode refusalChunk(int index) {
        ObjectNode choice = Json.object();
        choice.put("index", index);
        if (legacy) {
            choice.put("text", session.refusal(index));
        } else {
            choice.putObject("delta").put("content", session.refusal(index));
        }
        choice.put("finish_reason", "content_filter");
        return withEnvelope(choice);
    }

    private ObjectNode withEnvelope(ObjectNode choice) {
        ObjectNode chunk = Json.object();
        if (envelope != null) {
            chunk.setAll(envelope);
        }
        chunk.putArray("choices").add(choice);
        return chunk;
    }
}
