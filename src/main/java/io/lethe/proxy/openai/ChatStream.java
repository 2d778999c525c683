package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream translator of {@code /v1/chat/completions} and legacy {@code /v1/completions}: every text of
 * every choice ({@link ChoiceWalker}, default-deny) goes through the session; chunks carry only released
 * text and are forwarded as the upstream's exact bytes when the guard changed nothing.
 *
 * <p>Per choice: text released later than its own chunk rides on the next chunk of that choice, at the path
 * where the channel's text last was; the choice's {@code finish_reason} finishes its channels (the remainder
 * rides on that chunk, which waits while a classifier still scores); a block ends the choice with a
 * {@code content_filter} chunk carrying the refusal and drops everything the upstream sends for it
 * afterwards. The chunk that ends a choice with findings carries the {@code guard} object (API.md). A tool
 * call's header waits for the call's first released arguments ({@link #headers}), and a choice's tool-call deltas
 * all wait for its end ({@link ChoiceState#held}): they go out just before its finish, or never when it is
 * blocked, so no client accumulates a cut call or a clean one beside a block.
 * Logprobs and token ids go out with the text they describe ({@link Probes}). A choice the walker cannot
 * take apart is blocked; a chunk whose choices cannot be attributed fails the stream ({@link Unwalkable}), and
 * so does a chunk without choices that carries more than the protocol's metadata (a native TGI or llama.cpp
 * stream, whose whole answer travels outside any choice).
 */
public final class ChatStream implements StreamTranslator {

    private static final List<WireEvent> DONE = List.of(WireEvent.data("[DONE]"));
    /** Choice-level fields that need not reach the client when the choice's text was all held. */
    private static final Set<String> CHOICE_PLUMBING = Set.of("index", "delta", "message", "text", "logprobs",
            "finish_reason", "token_ids", "stop_reason", "native_finish_reason", "content_filter_results");

    private final GuardSession session;
    private final boolean legacy;
    private final Declared declared;
    private final Atoms atoms;
    /** The last chunk's fields beside the choices, when the guard left them unchanged ({@link #sameTop}); else null. */
    private Map<String, JsonNode> cleanTop;
    private final Envelope envelope;
    private final Map<Integer, ChoiceState> choices = new LinkedHashMap<>();
    /** Choice fields that describe its finish (vLLM's and SGLang's stop, OpenRouter's native reason). */
    static final List<String> FINISH_FIELDS = List.of("stop_reason", "matched_stop", "native_finish_reason");

    private static final class ChoiceState {
        boolean blocked;
        /** The choice's finish_reason went by: its channels are closed. */
        boolean finished;
        /** The finish_reason held back until asynchronous stages released the choice's last text. */
        JsonNode deferredFinish;
        /** The fields the server sent with that finish ({@link #FINISH_FIELDS}), held back with it. */
        final Map<String, JsonNode> deferredWithFinish = new LinkedHashMap<>(0);
        /** Where each channel's text last was: text released later goes to the same path. */
        final Map<Channel, List<TextLeaf.Step>> lastPath = new HashMap<>();
        /** The field name ({@code reasoning_content} or {@code reasoning}) the choice's reasoning text came in. */
        String reasoningField;
        /** Paths that mirror a channel's text (both reasoning field names): they get what it releases later. */
        final Map<Channel, List<List<TextLeaf.Step>>> mirrorPaths = new HashMap<>();
        /** The last chunk's values of the choice's own unknown fields, by name ({@link #fragmentsInOwnFields}). */
        final Map<String, JsonNode> ownFields = new HashMap<>(2);
        /** Per {@code content_filter_*} field, its leaves by path as first seen ({@link #filterResultsSpell}). */
        final Map<String, Map<String, String>> filterPaths = new HashMap<>(2);
        /** The first value of each protocol value the server repeats per chunk ({@link #changedRepeat}). */
        final Map<String, JsonNode> repeated = new HashMap<>(0);
        final Probes probes;

        ChoiceState(GuardSession session) {
            this.probes = new Probes(session);
        }
        boolean guardSent;
        boolean ended;
        /**
         * Per tool or function name, the pieces the upstream sent for it so far: SDKs' stream accumulators join
         * them, so later pieces are scanned joined with the first ({@link #name}), also when the first was a
         * name the request declared (which alone is not scanned).
         */
        final Map<Channel, NameState> names = new HashMap<>(0);
        /** Per tool index, the tool call's header, held until its arguments go out ({@link #headers}). */
        final Map<Integer, ToolHeader> headers = new HashMap<>(0);
        /** The legacy {@code function_call}'s header (its name), held as a tool call's ({@link #headers}). */
        ToolHeader functionHeader;
        /** Upstream chunks carrying only tool call headers, held as sent ({@link #headerOnly}). */
        final List<String> pendingRaw = new ArrayList<>(0);
        /** The choice sent a tool call or function call: what goes out for it waits in {@link #held}. */
        boolean holding;
        /** The choice's chunks since its first tool call, in order, sent just before its finish ({@link #release}). */
        final List<WireEvent> held = new ArrayList<>(0);
    }

    /**
     * Where a choice's next chunk goes: held while the choice has tool calls and has not ended (SDKs' accumulators
     * join a call's argument deltas by index and no later delta removes a call, so a call must not start going out
     * before the choice is known not to be blocked), else out.
     */
    private static List<WireEvent> sink(ChoiceState st, List<WireEvent> out) {
        return st.holding ? st.held : out;
    }

    /** Sends what a choice held since its first tool call: its finish is going out next. */
    private static void release(ChoiceState st, List<WireEvent> out) {
        flush(st, out);
        if (!st.blocked) {
            out.addAll(st.held);
        }
        st.held.clear();
        st.holding = false;
    }

    /**
     * Moves a choice's tool calls and function call out of its delta into a choice of their own (index, delta,
     * null finish), for {@link ChoiceState#held}; null when it has none. What stays (role, content, logprobs) goes
     * on: openai-node's accumulator wants the role before the end.
     */
    private static ObjectNode takeTools(ObjectNode choice) {
        if (!(choice.get("delta") instanceof ObjectNode delta)
                || !(delta.hasNonNull("tool_calls") || delta.hasNonNull("function_call"))) {
            return null;
        }
        ObjectNode own = Json.object();
        if (choice.has("index")) {
            own.set("index", choice.get("index"));
        }
        ObjectNode d = own.putObject("delta");
        for (String f : List.of("tool_calls", "function_call")) {
            JsonNode v = delta.remove(f);
            if (v != null && !v.isNull()) {
                d.set(f, v);
            }
        }
        own.putNull("finish_reason");
        return own;
    }

    /** Whether a choice holds anything beside its index and null fields (its delta's fields included). */
    private static boolean leftover(ObjectNode choice) {
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("index") || e.getValue().isNull()) {
                continue;
            }
            if (!(e.getKey().equals("delta") && e.getValue() instanceof ObjectNode d && allNull(d))) {
                return true;
            }
        }
        return false;
    }

    private static boolean allNull(ObjectNode o) {
        for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
            if (!it.next().isNull()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a chunk the gateway writes for one choice (released text, a deferred end): while the choice holds its
     * tool calls and this is not its end, the calls in it are held and only the rest goes out.
     */
    private void send(ChoiceState st, ObjectNode choice, ObjectNode guard, List<WireEvent> out) {
        if (st != null && st.holding && !finishes(choice.get("finish_reason"))) {
            ObjectNode calls = takeTools(choice);
            if (calls != null) {
                st.held.add(WireEvent.data(Json.write(withEnvelope(calls))));
            }
            if (!leftover(choice) && guard == null) {
                return;
            }
        }
        ObjectNode chunk = withEnvelope(choice);
        if (guard != null) {
            chunk.set("guard", guard);
        }
        out.add(WireEvent.data(Json.write(chunk)));
    }

    /**
     * Whether a choice carries nothing but its index, tool calls or a function call, and null fields ({@link
     * #takeTools} then {@link #leftover}, read without copying the chunk: this runs on every held chunk).
     */
    private static boolean toolsOnly(ObjectNode choice) {
        if (!(choice.get("delta") instanceof ObjectNode delta)
                || !(delta.hasNonNull("tool_calls") || delta.hasNonNull("function_call"))) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("index") || e.getValue().isNull() || e.getKey().equals("delta")) {
                continue;
            }
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull() && !e.getKey().equals("tool_calls") && !e.getKey().equals("function_call")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a choice's delta carries a tool call or a legacy function call. */
    private boolean startsTools(ObjectNode choice) {
        if (legacy || !(choice.get("delta") instanceof ObjectNode delta)) {
            return false;
        }
        return (delta.get("tool_calls") instanceof ArrayNode calls && !calls.isEmpty())
                || (delta.hasNonNull("function_call"));
    }

    /** Sends the header chunks a choice held, as the upstream sent them, before anything more of it goes out. */
    private static void flush(ChoiceState st, List<WireEvent> out) {
        if (!st.blocked) {
            for (String raw : st.pendingRaw) {
                sink(st, out).add(WireEvent.data(raw));
            }
        }
        st.pendingRaw.clear();
    }

    /**
     * Whether a choice's delta carries nothing but the headers (id, type, name) of tool calls that have none yet,
     * without arguments: the chunk can be held whole and sent unchanged once the calls' first arguments are
     * released, so a clean stream goes out byte for byte as the upstream sent it. The calls' headers count as
     * sent: the held chunk carries them.
     */
    private boolean headerOnly(ChoiceState st, ObjectNode choice) {
        if (legacy || !(choice.get("delta") instanceof ObjectNode delta)
                || !(delta.get("tool_calls") instanceof ArrayNode calls) || calls.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("index") && !e.getKey().equals("delta") && !e.getValue().isNull()) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("tool_calls") && !e.getValue().isNull()) {
                return false;
            }
        }
        List<Integer> ks = new ArrayList<>(calls.size());
        for (int p = 0; p < calls.size(); p++) {
            if (!(calls.get(p) instanceof ObjectNode call) || hasArguments(call) || !call.hasNonNull("index")
                    || !(call.hasNonNull("id") || call.hasNonNull("type") || call.path("function").hasNonNull("name"))) {
                return false; // (a call without an index gets one: headers)
            }
            JsonNode i = call.get("index");
            int k = i != null && i.isIntegralNumber() && i.canConvertToInt() ? i.asInt() : p;
            ToolHeader h = st.headers.get(k);
            if (h != null && (h.sent || h.any())) {
                return false;
            }
            ks.add(k);
        }
        for (int k : ks) {
            st.headers.computeIfAbsent(k, x -> new ToolHeader()).sent = true;
        }
        return true;
    }

    /**
     * A streamed tool call's header (id, type, name and any other field beside its index and arguments) as the
     * client would have accumulated it, held until the first of the call's arguments is released. SDKs turn a
     * header into a call to run (openai-node's final message, LangChain's tool calls), so a call the guard blocks
     * before any of its arguments went out must not have sent one: the whole answer has no such call either
     * (red team 11 #8).
     */
    private static final class ToolHeader {
        /** Fields of the call beside index and function, accumulated (strings joined, {@code type} replaced). */
        final ObjectNode top = Json.object();
        /** The function's fields beside its arguments (its name, joined from its pieces). */
        final ObjectNode function = Json.object();
        boolean sent;

        /** Moves the header's fields out of one delta's tool call into this header. */
        void take(ObjectNode call) {
            for (Iterator<Map.Entry<String, JsonNode>> it = call.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("index") || (e.getKey().equals("function") && e.getValue().isObject())) {
                    continue;
                }
                join(top, e.getKey(), e.getValue());
                it.remove();
            }
            if (call.get("function") instanceof ObjectNode fn) {
                for (Iterator<Map.Entry<String, JsonNode>> it = fn.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().equals("arguments") && !e.getKey().equals("parameters")) {
                        join(function, e.getKey(), e.getValue());
                        it.remove();
                    }
                }
            }
        }

        /** As openai-python's accumulator: strings are joined, except {@code type}; other values replace. */
        private static void join(ObjectNode into, String field, JsonNode v) {
            JsonNode before = into.get(field);
            if (v.isTextual() && before != null && before.isTextual() && !field.equals("type")) {
                into.put(field, before.textValue() + v.textValue());
            } else if (!v.isNull() || before == null) {
                into.set(field, v);
            }
        }

        /** Whether there is a header to send. */
        boolean any() {
            return !top.isEmpty() || !function.isEmpty();
        }

        /** Puts the held header into a delta's tool call (which then carries the first released arguments). */
        void putInto(ObjectNode call) {
            ObjectNode out = Json.object();
            if (call.has("index")) {
                out.set("index", call.get("index"));
            }
            out.setAll(top);
            ObjectNode fn = call.get("function") instanceof ObjectNode f ? f : null;
            if (!function.isEmpty() || fn != null) {
                ObjectNode f2 = out.putObject("function");
                f2.setAll(function);
                if (fn != null) {
                    f2.setAll(fn);
                }
                if (!f2.has("arguments") && !f2.has("parameters") && f2.has("name")) {
                    f2.put("arguments", ""); // where SDKs expect a string
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = call.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            }
            call.removeAll();
            call.setAll(out);
            sent = true;
        }
    }

    /**
     * Top-level fields a chunk without choices may carry (the envelope, usage, Azure's prompt filter results,
     * llama.cpp's timings, OpenAI's padding): any other value there is text the protocol does not have, as
     * TGI's and llama.cpp's native streams carry the whole answer a token per chunk.
     */
    private static final Set<String> CHOICELESS = Set.of("choices", "id", "object", "created", "model",
            "system_fingerprint", "service_tier", "usage", "prompt_filter_results", "timings", Padding.FIELD);
    /** The last value of each other top-level field beside choices (OpenRouter's provider): may be repeated. */
    private final Map<String, JsonNode> metadata = new HashMap<>();

    /**
     * One undeclared name sent in pieces: the first went out whole on its own (scanned alone, where SDKs expect
     * it); from the second on, all of them are one streamed channel (the leaf's own channel), whose released text
     * skips the {@code skip} raw chars the client already has.
     */
    private static final class NameState {
        final StringBuilder first = new StringBuilder();
        /** Raw chars at the name's start the client has from its first piece. */
        int sent;
        /** Of those, the ones the joined channel has not released yet (its released text starts with them). */
        int skip;
        boolean joined;
    }

    /**
     * @param legacy    {@code /v1/completions} ({@code choices[i].text})
     * @param declared  what the request declared (tool names)
     * @param requestId the gateway's request id (names chunks written before the upstream named its own)
     * @param model     the model the client asked for
     */
    public ChatStream(GuardSession session, boolean legacy, Declared declared, String requestId, String model) {
        this.session = session;
        this.legacy = legacy;
        this.declared = declared;
        session.declareKeys(declared.keys());
        this.atoms = new Atoms(session);
        this.envelope = new Envelope((legacy ? "cmpl-" : "chatcmpl-") + requestId,
                legacy ? "text_completion" : "chat.completion.chunk", model, System.currentTimeMillis() / 1000);
        this.own = new Envelope((legacy ? "cmpl-" : "chatcmpl-") + requestId,
                legacy ? "text_completion" : "chat.completion.chunk", model, System.currentTimeMillis() / 1000);
    }

    @Override
    public void onEvent(String event, ObjectNode chunk, String raw, List<WireEvent> out) throws Unwalkable {
        JsonNode choicesNode = chunk.get("choices");
        if (choicesNode != null && !choicesNode.isNull() && !(choicesNode instanceof ArrayNode)) {
            throw new Unwalkable("a chunk's 'choices' is not an array");
        }
        Padding.Taken padding = Padding.take(chunk); // not scanned: replaced
        // the gateway's own field: an upstream's would forge findings for the client (helper-63)
        boolean forged = chunk.remove("guard") != null;
        forged |= pinIdentity(chunk);
        forged |= own.replaceNaming(chunk, atoms, IDENTITY_TEXT);
        if (choicesNode instanceof ArrayNode a && !a.isEmpty()) {
            remember(chunk);
            boolean firstTop = !topSeen;
            if (topSpells(chunk)) {
                throw new Unwalkable("a top-level field's text changes from chunk to chunk");
            }
            // each is scanned whole per chunk; joined once (they cannot change after, see topSpells), as a
            // client might join them ("x_a": "Corwin", "x_b": " Ashdale" on every chunk; helper-63)
            if (firstTop && ChoiceWalker.topJoinedFinds(chunk, declared, atoms)) {
                throw new Unwalkable("the fields beside the choices name someone joined");
            }
        } else {
            choiceless(chunk);
        }
        // text outside the choices first (a field with a finding is removed), then the envelope is taken
        boolean changed = forged;
        if (cleanTop == null || !sameTop(chunk)) {
            // the fields beside the choices repeat on every chunk (id, object, created, model): walked again only
            // when they differ from the last chunk's that went out unchanged (each text's outcome is Atoms' cache)
            // identity fields were made clean by replaceNaming above: guardTop removes none of them here
            boolean topChanged = ChoiceWalker.guardTop(chunk, declared, atoms);
            changed |= topChanged;
            cleanTop = topChanged ? null : topOf(chunk);
        }
        Padding.put(chunk, padding);
        if (padding != null && !changed) {
            raw = Padding.inRaw(raw, padding); // the rest as sent; null: written from the tree
            changed = raw == null;
        }
        envelope.take(chunk);
        if (!(choicesNode instanceof ArrayNode arr) || arr.isEmpty()) {
            out.add(WireEvent.data(changed ? Json.write(chunk) : raw)); // usage-only chunk and the like
            return;
        }
        List<Integer> blockedNow = new ArrayList<>(1);
        List<Integer> ended = new ArrayList<>(1);
        List<ChoiceState> kept = new ArrayList<>(1);
        java.util.Set<Integer> seen = new java.util.HashSet<>(2);
        int position = 0; // in the upstream's array: removals below shift p, not this
        for (int p = 0; p < arr.size(); p++) {
            if (!(arr.get(p) instanceof ObjectNode choice)) {
                throw new Unwalkable("a chunk's choice is not an object");
            }
            int index = index(choice, position++);
            if (!seen.add(index)) {
                throw new Unwalkable("two choices of a chunk have the same index");
            }
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState(session));
            if (st.blocked) {
                arr.remove(p--);
                changed = true;
                continue;
            }
            // an index written 0.0 or "0" goes out as the integer the client merges calls by
            changed |= !legacy && ChoiceWalker.integralToolIndexes(choice);
            st.holding |= startsTools(choice);
            ChoiceWalker.Walk w = ChoiceWalker.choice(index, choice, legacy, declared, true);
            if (fragmentsInOwnFields(st, choice) || changedRepeat(st, w)) {
                w.unwalkable = true;
            }
            if (st.finished && (hasStreamedText(w) || w.unwalkable)) {
                // Text after the choice's end cannot be scanned as part of its channels: not forwarded
                // (out of protocol). Values scanned whole on their own may come (Azure's asynchronous filter
                // sends its last annotations after the finish: helper-63 saw them dropped)
                arr.remove(p--);
                changed = true;
                continue;
            }
            Outcome o = feed(choice, index, st, w);
            if (!o.blocked && !o.before.isEmpty()) {
                flush(st, out);
            }
            for (ObjectNode own : o.before) {
                if (!o.blocked) {
                    headers(st, own, false);
                }
                own.putNull("finish_reason");
                send(st, own, null, out);
            }
            if (o.blocked) {
                block(st, index, blockedNow);
                arr.remove(p--);
                changed = true;
                continue;
            }
            if (o.ended) {
                ended.add(index);
            }
            if (arr.size() == 1 && !changed && !o.modified && !o.ended && st.deferredFinish == null
                    && !chunk.hasNonNull("usage") && headerOnly(st, choice)) {
                // a chunk carrying only tool call headers: it goes out as sent before the calls' first
                // arguments, or never (the choice blocked first)
                st.pendingRaw.add(raw);
                return;
            }
            o.modified |= headers(st, choice, o.ended);
            if (o.modified) {
                changed = true;
                if (o.hadText && !o.releasedText && !interesting(choice, w)) {
                    arr.remove(p--);
                    continue;
                }
            }
            if (st.holding && !o.ended) {
                // the choice's tool calls in this chunk wait for its end: as sent when they are the whole chunk
                flush(st, out);
                if (arr.size() == 1 && !changed && toolsOnly(choice)) {
                    st.held.add(WireEvent.data(raw));
                    return;
                }
                ObjectNode calls = takeTools(choice);
                if (calls != null) {
                    changed = true;
                    // the chunk's usage (continuous usage: on every chunk) goes with the calls when nothing else of
                    // the chunk goes now, so the client gets as many chunks as were sent
                    boolean whole = arr.size() == 1 && !leftover(choice);
                    ObjectNode alone = chunk.deepCopy();
                    if (!whole) {
                        alone.remove("usage");
                    }
                    alone.putArray("choices").add(calls);
                    st.held.add(WireEvent.data(Json.write(alone)));
                    if (whole) {
                        chunk.remove("usage");
                    }
                    if (!leftover(choice)) {
                        arr.remove(p--);
                        continue;
                    }
                }
            }
            kept.add(st);
        }
        // The refusal first: what remains of this chunk (other choices, continuous usage) comes after it.
        for (int index : blockedNow) {
            out.add(WireEvent.data(Json.write(refusalChunk(index))));
        }
        ObjectNode guard = guard(ended);
        if (guard != null) {
            chunk.set("guard", guard);
            changed = true;
        }
        for (ChoiceState st : kept) {
            if (st.ended) {
                release(st, out); // its tool calls go just before the chunk that ends it
            } else {
                flush(st, out);
            }
        }
        if (!changed) {
            out.add(WireEvent.data(raw));
        } else if (!arr.isEmpty() || chunk.hasNonNull("usage")) {
            out.add(WireEvent.data(Json.write(chunk)));
        }
    }

    /**
     * Whether a choice's own unknown field (beside {@code delta}; Azure's {@code content_filter_*} excepted) has a
     * value other than the last chunk's at the same field: a string, number, literal, array or object, at any
     * depth. Such fields are scanned per chunk, each value whole (Azure repeats its filter results in every chunk,
     * so they are not joined); a value that changes from chunk to chunk may be text spelt a piece per chunk
     * ({@code choices[0].obfuscation} = "C", "o", ... or the digits 4, 1, 5 as numbers, or a number growing a digit
     * per chunk), which no scan of one value would see. No server the gateway knows sends one, so the choice is
     * not walkable and is blocked (red team 9/10). A value sent once, or repeated unchanged, passes; {@code null}
     * counts as absent.
     */
    private static boolean fragmentsInOwnFields(ChoiceState st, ObjectNode choice) {
        boolean fragments = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull() || ChoiceWalker.isDeltaName(k)) {
                continue;  // null as absent: compared with the next value given
            }
            if (k.startsWith("content_filter")) {
                fragments |= filterResultsSpell(st, k, v);
                continue;
            }
            // known fields are compared too where they are walked as text: vLLM's prompt logprobs (decoded prompt
            // tokens, sent once) and token ids that are not all numbers (an outside tester spelt a name in both)
            boolean walked = switch (k) {
                case "prompt_logprobs" -> true;
                case "token_ids", "prompt_token_ids" -> !(v.isArray() && Json.allNumbers(v, false));
                default -> !ChoiceWalker.CHOICE_FIELDS.contains(k);
            };
            if (walked) {
                JsonNode before = st.ownFields.get(k);
                if (before == null || !before.equals(v)) {
                    st.ownFields.put(k, v.deepCopy());
                }
                fragments |= before != null && !before.equals(v);
            }
        }
        return fragments;
    }

    /**
     * Whether Azure's filter results (a {@code content_filter_*} field) spell text from chunk to chunk. Azure sends
     * {@code {}} first, then the same categories on every chunk, their severities and flags changing and their
     * offsets growing, a category sometimes added. So numbers, booleans and severities
     * ({@link #SEVERITIES}) may change, and a path may appear later when its keys are Azure's
     * ({@link #FILTER_KEYS}) and its value no other string; any other string that changes at its path, or comes
     * later at a new one, and a key of another name added later, could be a name spelt a piece per chunk (an outside
     * tester's {@code content_filter_offsets.end_offset}: "C", "o", ...).
     */
    private static boolean filterResultsSpell(ChoiceState st, String field, JsonNode v) {
        Map<String, String> now = new LinkedHashMap<>();
        flatten(v, field, now, 0);
        Map<String, String> seen = st.filterPaths.computeIfAbsent(field, x -> new HashMap<>());
        boolean first = seen.isEmpty();
        boolean spells = false;
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = seen.putIfAbsent(e.getKey(), e.getValue());
            if (before != null) {
                spells |= !before.equals(e.getValue());
            } else if (!first) {
                spells |= !e.getValue().equals(MASKED) || !azureKeys(e.getKey(), field.length());
            }
        }
        return spells;
    }

    private static final String MASKED = "\u0000";
    /** Azure's severity levels (content filtering docs: safe, low, medium, high). */
    private static final Set<String> SEVERITIES = Set.of("safe", "low", "medium", "high");
    /** The keys of Azure's filter results and offsets (content filtering docs, 2024-10 API). */
    private static final Set<String> FILTER_KEYS = Set.of("hate", "sexual", "violence", "self_harm", "jailbreak",
            "profanity", "protected_material_text", "protected_material_code", "custom_blocklists", "indirect_attack",
            "ungrounded_material", "task_adherence", "filtered", "severity", "detected", "details", "id", "error",
            "code", "message", "citation", "URL", "url", "license", "check_offset", "start_offset", "end_offset");

    /** Leaves of {@code v} by path: numbers, booleans and severities masked, other strings as they are. */
    private static void flatten(JsonNode v, String path, Map<String, String> out, int depth) {
        if (depth > ChoiceWalker.MAX_DEPTH) {
            out.put(path, "\u0001deep");  // walked as unwalkable anyway
        } else if (v instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path + "." + e.getKey(), out, depth + 1);
            }
        } else if (v instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                flatten(a.get(i), path + "[" + i + "]", out, depth + 1);
            }
        } else if (v.isTextual() && !SEVERITIES.contains(v.textValue())) {
            out.put(path, v.textValue());
        } else if (!v.isNull()) {
            out.put(path, MASKED);
        }
    }

    /** Whether every key of {@code path} after its field's name ({@code from} chars) is one of Azure's. */
    private static boolean azureKeys(String path, int from) {
        for (String part : path.substring(from).split("\\.")) {
            String key = part.replaceAll("(\\[[0-9]+])+$", "");  // array positions are no keys
            if (!part.isEmpty() && !FILTER_KEYS.contains(key)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a value the server repeats on every chunk of a choice (an audio object's id and expiry, {@link
     * ChoiceWalker.Walk#repeated}) differs from the one it first sent. Each is verified whole, per chunk, and goes
     * out as sent; a value that changes could spell a name a piece per chunk, which no whole scan would see, so
     * the choice is not walkable. An empty string counts as absent.
     */
    private static boolean changedRepeat(ChoiceState st, ChoiceWalker.Walk w) {
        boolean changed = false;
        for (Map.Entry<String, JsonNode> e : w.repeated.entrySet()) {
            JsonNode v = e.getValue();
            if (v.isTextual() && v.textValue().isEmpty()) {
                continue;
            }
            JsonNode first = st.repeated.putIfAbsent(e.getKey(), v.deepCopy());
            changed |= first != null && !first.equals(v);
        }
        return changed;
    }

    /**
     * Whether a top-level field beside the choices (outside the envelope) spells text from chunk to chunk: each
     * value is scanned whole per chunk, so a string that changes at its path ({@code usage.note}: "C", "o", ...)
     * or a string at a path first given after the first chunk with choices could be a name a piece per chunk (an
     * outside tester's vLLM {@code continuous_usage_stats} shape). Numbers and booleans may change (usage grows);
     * a value repeated as it was (OpenRouter's provider, Groq's request id) passes.
     */
    private boolean topSpells(ObjectNode chunk) {
        Map<String, String> now = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = chunk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("choices") && !ChoiceWalker.ENVELOPE.contains(e.getKey())) {
                flatten(e.getValue(), e.getKey(), now, 0);
            }
        }
        boolean first = !topSeen;
        topSeen = true;
        boolean spells = false;
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = topPaths.putIfAbsent(e.getKey(), e.getValue());
            spells |= before != null ? !before.equals(e.getValue()) : !first && !e.getValue().equals(MASKED);
        }
        return spells;
    }

    /**
     * Writes each identity field ({@link ChoiceWalker#ENVELOPE}: {@code id}, {@code object}, {@code created},
     * {@code model}, {@code system_fingerprint}, {@code service_tier}) with the first value the upstream gave it that
     * is not empty: a later chunk's other value is replaced by it. They are the serving software's, one value a
     * stream (old llama.cpp and LiteLLM numbered every chunk anew, and fixed it as a bug: llama.cpp #5876, LiteLLM
     * #1571); each value is scanned whole, so one that changed from chunk to chunk could spell a name or phone past
     * every scan ("+1 415 555" then "0142" in {@code id}: helper-65). Empty strings, zeros, nulls and objects are
     * left as they are (Azure's first chunk has an empty {@code id} and {@code model}; objects are scanned whole).
     *
     * @return whether a value was replaced
     */
    private boolean pinIdentity(ObjectNode chunk) {
        boolean changed = false;
        for (String f : ChoiceWalker.ENVELOPE) {
            JsonNode v = chunk.get(f);
            if (v == null || !v.isValueNode() || v.isNull() || (v.isTextual() && v.textValue().isEmpty())
                    || (v.isNumber() && v.asDouble() == 0)) {
                continue;
            }
            JsonNode first = identity.putIfAbsent(f, v);
            if (first != null && !first.equals(v)) {
                chunk.set(f, first);
                changed = true;
            }
        }
        return changed;
    }

    /** A copy of the chunk's fields beside {@code choices}. */
    private static Map<String, JsonNode> topOf(ObjectNode chunk) {
        Map<String, JsonNode> top = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = chunk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("choices")) {
                top.put(e.getKey(), e.getValue().deepCopy());
            }
        }
        return top;
    }

    /** Whether the chunk's fields beside {@code choices} are {@link #cleanTop}'s, key for key and value for value. */
    private boolean sameTop(ObjectNode chunk) {
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = chunk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("choices")) {
                continue;
            }
            n++;
            if (!e.getValue().equals(cleanTop.get(e.getKey()))) {
                return false;
            }
        }
        return n == cleanTop.size();
    }

    /** The identity fields that hold text ({@link Envelope#replaceNaming}). */
    static final String[] IDENTITY_TEXT = {"id", "object", "model", "system_fingerprint", "service_tier"};
    /** The gateway's own identity values, for an upstream's that name someone. */
    private final Envelope own;

    /** The first non-empty value of each identity field ({@link #pinIdentity}). */
    private final Map<String, JsonNode> identity = new HashMap<>();

    /** Leaves of the top-level fields by path ({@link #flatten}), as first given in a chunk with choices. */
    private final Map<String, String> topPaths = new HashMap<>();
    private boolean topSeen;

    /** Keeps the values of a chunk's top-level fields outside {@link #CHOICELESS}, for {@link #choiceless}. */
    private void remember(ObjectNode chunk) {
        for (Iterator<Map.Entry<String, JsonNode>> it = chunk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CHOICELESS.contains(e.getKey()) && !e.getValue().equals(metadata.get(e.getKey()))) {
                metadata.put(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /**
     * A chunk without choices (absent, null or empty) may carry the protocol's metadata only: strings that repeat,
     * at the same place, what a chunk with choices had (OpenRouter's provider, Groq's request id), and numbers
     * and lower-case keys inside an object (Groq's {@code x_groq.usage}). Any other string, or a number standing
     * alone as a field's value, cannot be attributed to a choice, and scanned chunk by chunk a name a char per
     * chunk would pass (TGI's and llama.cpp's native streams carry the whole answer so).
     */
    private void choiceless(ObjectNode chunk) throws Unwalkable {
        for (Iterator<Map.Entry<String, JsonNode>> it = chunk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CHOICELESS.contains(e.getKey()) && !metadataOnly(e.getValue(), metadata.get(e.getKey()), 0)) {
                throw new Unwalkable("a chunk without choices carries a field the protocol does not have");
            }
        }
    }

    private static final java.util.regex.Pattern METADATA_KEY = java.util.regex.Pattern.compile("[a-z0-9_]{1,40}");

    /** Whether {@code v} holds only metadata, given what a chunk with choices had at the same place ({@code seen}). */
    private static boolean metadataOnly(JsonNode v, JsonNode seen, int depth) {
        if (v.isTextual()) {
            return v.textValue().isEmpty() || (seen != null && seen.isTextual() && seen.textValue().equals(v.textValue()));
        }
        if (v.isNumber()) {
            return depth > 0 || v.equals(seen);
        }
        if (depth > 8) {
            return false;
        }
        if (v instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean knownKey = seen != null && seen.has(e.getKey());
                if ((!knownKey && !METADATA_KEY.matcher(e.getKey()).matches())
                        || !metadataOnly(e.getValue(), seen == null ? null : seen.get(e.getKey()), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (!metadataOnly(a.get(i), seen == null ? null : seen.get(i), depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code leaf} carries the choice's reasoning text under the other of its two field names than the
     * choice's earlier chunks did (mirrors, the same text under both names in one chunk, are not leaves).
     */
    private static boolean switchesReasoningField(ChoiceState st, TextLeaf leaf) {
        String f = leaf.field();
        if (leaf.channel.kind() != io.lethe.guard.ChannelKind.REASONING
                || !("reasoning_content".equals(f) || "reasoning".equals(f))) {
            return false;
        }
        if (st.reasoningField == null) {
            st.reasoningField = f;
            return false;
        }
        return !st.reasoningField.equals(f);
    }

    /** What one choice of one chunk did. */
    private static final class Outcome {
        /** Choices with released text that could not ride on the upstream's chunk: sent just before it. */
        final List<ObjectNode> before = new ArrayList<>(0);
        boolean hadText;
        boolean releasedText;
        boolean modified;
        boolean blocked;
        boolean ended;
    }

    private Outcome feed(ObjectNode choice, int index, ChoiceState st, ChoiceWalker.Walk w) {
        Outcome o = new Outcome();
        if (w.unwalkable) {
            session.blockChoice(index, "unwalkable");
        }
        if (session.isBlocked(index)) {
            o.blocked = true;
            return o;
        }
        Probes.Ranges ranges = new Probes.Ranges();
        Map<TextLeaf, String> released = new HashMap<>();
        List<TextLeaf> leaves = w.leaves;
        if (!w.declaredNames.isEmpty()) {
            leaves = new ArrayList<>(w.leaves);
            leaves.addAll(w.declaredNames);
        }
        for (TextLeaf leaf : leaves) {
            if (leaf.text.isEmpty()) {
                continue;
            }
            if (leaf.mode == TextLeaf.Mode.ATOMIC && isName(leaf.channel)) {
                NameState ns = st.names.computeIfAbsent(leaf.channel, k -> new NameState());
                if (ns.sent == 0 && !ns.joined) {
                    ns.first.append(leaf.text);
                    ns.sent = ns.skip = leaf.text.length();
                    if (w.declaredNames.contains(leaf)) {
                        continue; // a declared name as it stands is the client's; what follows it is joined to it
                    }
                } else {
                    // a later piece of the same name: joined with everything before, as a stream
                    leaf = TextLeaf.inObject(leaf.channel, leaf.path, leaf.holder(), leaf.field());
                    String feedText = ns.joined ? leaf.text : ns.first + leaf.text;
                    ns.joined = true;
                    Release r = session.append(leaf.channel, feedText);
                    String text = r.blockedNow() ? null : name(st, leaf.channel, r.text(), index);
                    if (text == null || session.isBlocked(index)) {
                        o.blocked = true;
                        return o;
                    }
                    st.lastPath.put(leaf.channel, leaf.path);
                    o.hadText = true;
                    o.modified |= leaf.write(text, false);
                    o.releasedText |= !text.isEmpty();
                    continue;
                }
            }
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                o.modified |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
                if (session.isBlocked(index)) {
                    o.blocked = true;
                    return o;
                }
                continue;
            }
            if (switchesReasoningField(st, leaf)) {
                // a client accumulates each field apart; joined on one channel, held text would move between
                // them and a form spanning the switch would be read wrongly (helper-79): default-deny
                session.blockChoice(index, "unwalkable");
                o.blocked = true;
                return o;
            }
            o.hadText = true;
            if (declared.jsonOutput() && leaf.channel.kind() == io.lethe.guard.ChannelKind.CONTENT) {
                session.treatAsJson(leaf.channel);
            }
            int from = session.length(leaf.channel);
            Release r = session.append(leaf.channel, leaf.text);
            String text = r.text();
            if (!r.blockedNow() && leaf.json) {
                // a JSON value arrives whole: its channel ends with it, so it can be written back as JSON
                Release fin = session.finish(leaf.channel);
                if (fin.blockedNow()) {
                    r = fin;
                }
                text += fin.text();
            }
            if (r.blockedNow() || session.isBlocked(index)) {
                o.blocked = true;
                return o;
            }
            ranges.add(leaf.channel, from, from + leaf.text.length(), leaf.text);
            st.lastPath.put(leaf.channel, leaf.path);
            boolean whole = session.released(leaf.channel) >= session.length(leaf.channel);
            o.modified |= leaf.write(text, whole);
            o.releasedText |= !text.isEmpty();
            released.put(leaf, text);
        }
        for (ChoiceWalker.Mirror m : w.mirrors) {
            String text = released.get(m.source());
            if (text != null && !text.equals(Json.text(m.holder(), m.field()))) {
                m.holder().put(m.field(), text);
                o.modified = true;
            }
            List<TextLeaf.Step> mirrorPath = new ArrayList<>(m.source().path);
            mirrorPath.set(mirrorPath.size() - 1, TextLeaf.Step.field(m.field()));
            List<List<TextLeaf.Step>> paths = st.mirrorPaths.computeIfAbsent(m.source().channel, k -> new ArrayList<>(1));
            if (!paths.contains(mirrorPath)) {
                paths.add(mirrorPath);
            }
        }
        boolean older = !st.probes.isEmpty();
        st.probes.take(choice, index, ranges);
        JsonNode finish = choice.get("finish_reason");
        if (finishes(finish)) {
            st.finished = true;
            // cut (the token limit, an abort): what was held at the cut could be the start of a name, it is dropped
            Map<Channel, Release> last = cutOff(finish) ? session.cutChoice(index) : session.finishChoice(index);
            for (Map.Entry<Channel, Release> e : last.entrySet()) {
                Release r = e.getValue();
                String text = r.blockedNow() ? null : name(st, e.getKey(), r.text(), index);
                if (text == null) {
                    o.blocked = true;
                    return o;
                }
                if (!text.isEmpty()) {
                    if (!appendRemainder(choice, e.getKey(), text, st)) {
                        ObjectNode own = emptyChoice(index);
                        appendRemainder(own, e.getKey(), text, st);
                        o.before.add(own);
                    }
                    o.modified = true;
                    o.releasedText = true;
                }
            }
            st.probes.finish(cutOff(finish));
            if (!settled(index)) {
                st.deferredFinish = finish;
                choice.putNull("finish_reason");
                for (String f : FINISH_FIELDS) {
                    // vLLM's stop_reason and the like go out with the finish they describe, not before the text
                    JsonNode v = choice.get(f);
                    if (v != null && !v.isNull()) {
                        st.deferredWithFinish.put(f, v);
                        choice.remove(f);
                    }
                }
                o.modified = true;
            } else {
                o.ended = true;
                st.ended = true;
            }
        }
        Probes.Ready ready = st.probes.ready(session);
        if (older || ready.dropped > 0 || !st.probes.isEmpty() || o.modified) {
            Probes.write(choice, choice, ready, legacy);
            o.modified |= older || ready.dropped > 0 || !st.probes.isEmpty();
        }
        if (!w.opaque.isEmpty() && !session.findings(index).isEmpty()) {
            // audio cannot be scanned: once its transcript had a finding, no more of it goes out
            for (ObjectNode audio : w.opaque) {
                if (audio.remove("data") != null) {
                    o.modified = true;
                }
            }
        }
        return o;
    }

    private void block(ChoiceState st, int index, List<Integer> blockedNow) {
        st.blocked = true;
        st.deferredFinish = null;
        st.deferredWithFinish.clear();
        st.pendingRaw.clear(); // the calls' headers never go out
        st.held.clear(); // nor any of the choice's tool calls: a client would run the clean ones, or parse cut ones
        st.holding = false;
        st.probes.clear();
        blockedNow.add(index);
    }

    /**
     * Holds each streamed tool call's header ({@link ToolHeader}) until the call's first arguments are released:
     * a delta's tool call whose arguments (as released) are empty gives up its id, type and name to the held
     * header, and is dropped when nothing else is left in it; the first one with released arguments gets the
     * header back. When the choice finishes ({@code finishing}) a header still held goes out on the finishing
     * chunk (a call whose arguments were empty, or all held to the end). A blocked choice never sends it. The
     * legacy {@code function_call} is treated as one call's {@code function}: its name waits for its arguments.
     *
     * @return whether the choice changed
     */
    private boolean headers(ChoiceState st, ObjectNode choice, boolean finishing) {
        if (legacy || !(choice.get("delta") instanceof ObjectNode delta)) {
            return false;
        }
        boolean changed = functionHeader(st, delta, finishing);
        Set<Integer> present = new java.util.HashSet<>(2);
        if (delta.get("tool_calls") instanceof ArrayNode calls) {
            int position = 0;
            for (int p = 0; p < calls.size(); p++) {
                if (!(calls.get(p) instanceof ObjectNode call)) {
                    position++;
                    continue;
                }
                JsonNode i = call.get("index");
                int k = i != null && i.isIntegralNumber() && i.canConvertToInt() ? i.asInt() : position;
                position++;
                present.add(k);
                if (i == null || i.isNull()) {
                    // Mistral's dialect: each call whole, without an index; a tail the guard held goes out in a
                    // later delta, which SDKs join to its call by index only (helper-67)
                    call.put("index", k);
                    changed = true;
                }
                ToolHeader h = st.headers.computeIfAbsent(k, x -> new ToolHeader());
                if (h.sent) {
                    continue;
                }
                ObjectNode before = call.deepCopy();
                h.take(call);
                if (hasArguments(call) || (finishing && h.any())) {
                    h.putInto(call);
                } else if (bare(call)) {
                    calls.remove(p--);
                    changed = true;
                    continue;
                }
                changed |= !call.equals(before);
            }
            if (calls.isEmpty()) {
                delta.remove("tool_calls");
            }
        }
        if (finishing) {
            for (Map.Entry<Integer, ToolHeader> e : st.headers.entrySet()) {
                ToolHeader h = e.getValue();
                if (!h.sent && !present.contains(e.getKey()) && h.any()) {
                    ArrayNode calls = delta.get("tool_calls") instanceof ArrayNode a ? a : delta.putArray("tool_calls");
                    ObjectNode call = calls.addObject();
                    call.put("index", e.getKey());
                    h.putInto(call);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * {@link #headers} for a delta's legacy {@code function_call}: its name is held until its first released
     * arguments (an asynchronous stage may hold them past the chunk that named the function), or the finish.
     */
    private static boolean functionHeader(ChoiceState st, ObjectNode delta, boolean finishing) {
        ToolHeader h = st.functionHeader;
        if (delta.get("function_call") instanceof ObjectNode fc) {
            if (h == null) {
                h = st.functionHeader = new ToolHeader();
            }
            if (h.sent) {
                return false;
            }
            ObjectNode before = fc.deepCopy();
            ObjectNode call = Json.object();
            call.set("function", fc);
            h.take(call);
            if (hasArguments(call) || (finishing && h.any())) {
                h.putInto(call);
                delta.set("function_call", call.get("function"));
                return !before.equals(delta.get("function_call"));
            }
            if (bare(call)) {
                delta.remove("function_call");
                return true;
            }
            return !before.equals(fc);
        }
        if (finishing && h != null && !h.sent && h.any()) {
            ObjectNode call = Json.object();
            h.putInto(call);
            delta.set("function_call", call.get("function"));
            return true;
        }
        return false;
    }

    /** Whether a delta's tool call carries argument text (as released). */
    private static boolean hasArguments(ObjectNode call) {
        JsonNode fn = call.get("function");
        if (fn == null) {
            return false;
        }
        for (String f : List.of("arguments", "parameters")) {
            JsonNode a = fn.get(f);
            if (a != null && !a.isNull() && !(a.isTextual() && a.textValue().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a delta's tool call carries nothing but its index and empty arguments. */
    private static boolean bare(ObjectNode call) {
        for (Iterator<Map.Entry<String, JsonNode>> it = call.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("index") || e.getValue().isNull()) {
                continue;
            }
            if (!(e.getKey().equals("function") && e.getValue() instanceof ObjectNode fn && !hasArguments(call)
                    && fieldsOnly(fn, Set.of("arguments", "parameters")))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fieldsOnly(ObjectNode o, Set<String> names) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            if (!names.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a channel is an undeclared tool or function name's ({@link ChoiceWalker}'s name channels). */
    private static boolean isName(Channel ch) {
        return ch.kind() == io.lethe.guard.ChannelKind.OTHER
                && (ch.field().equals("tool_calls.function.name") || ch.field().equals("function_call.name"));
    }

    /**
     * The text of a release as the client may get it: for a joined name channel, without the chars the client
     * already has from the name's first piece; null (and the choice blocked) when a redaction reaches into those
     * chars, which cannot be taken back. Other channels' text is returned as is.
     */
    private String name(ChoiceState st, Channel ch, String text, int index) {
        NameState ns = st.names.get(ch);
        if (ns == null || !ns.joined) {
            return text;
        }
        if (ns.sent > 0 && session.redacted(ch, 0, ns.sent)) {
            session.blockChoice(index, "split-across-chunks");
            return null;
        }
        int cut = Math.min(ns.skip, text.length());
        ns.skip -= cut;
        return text.substring(cut);
    }

    /**
     * Finish reasons of an answer that ended where the model chose to, compared ignoring case: OpenAI's
     * {@code stop}, {@code tool_calls} and {@code function_call}, TGI's {@code eos_token} and {@code stop_sequence},
     * Anthropic's {@code end_turn}, {@code stop_sequence} and {@code tool_use}, Gemini's {@code STOP}.
     */
    static final Set<String> NATURAL_ENDS = Set.of("stop", "tool_calls", "function_call", "eos_token", "eos",
            "stop_sequence", "end_turn", "tool_use");

    /**
     * Whether a finish reason says the answer was cut: the token limit ({@code "length"}, Anthropic's
     * {@code max_tokens}, Mistral's {@code model_length}), an abort, an upstream's own filter, or any reason not
     * among {@link #NATURAL_ENDS} (not a string either). The text the guard still held then, which could still
     * have become a finding, is dropped ({@link GuardSession#cutChoice}), not released. False for none
     * ({@link #finishes}).
     */
    static boolean cutOff(JsonNode finish) {
        if (!finishes(finish)) {
            return false;
        }
        return !finish.isTextual() || !NATURAL_ENDS.contains(finish.textValue().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Whether a choice's {@code finish_reason} ends it: present and not null, nor a blank string, which TGI and
     * other servers send on every chunk before the last for "not finished" (helper-89: taken for an end, the
     * answer's text after it was all dropped).
     */
    static boolean finishes(JsonNode finish) {
        return finish != null && !finish.isNull() && !(finish.isTextual() && finish.textValue().isBlank());
    }

    static int index(ObjectNode choice, int position) throws Unwalkable {
        JsonNode i = choice.get("index");
        if (i == null || i.isNull()) {
            return position;
        }
        if (!(i.isIntegralNumber() && i.canConvertToInt() && i.asInt() >= 0)) {
            throw new Unwalkable("a choice's 'index' is not a non-negative integer");
        }
        if (i.asInt() >= Probes.ALT) {
            throw new Unwalkable("a choice's 'index' is beyond 2^30"); // the alternatives' pseudo-choices
        }
        return i.asInt();
    }

    /** Whether a walk has text for the choice's channels (not only values each scanned whole on its own). */
    private static boolean hasStreamedText(ChoiceWalker.Walk w) {
        for (TextLeaf l : w.leaves) {
            if (!l.text.isEmpty() && l.mode == TextLeaf.Mode.STREAM) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean waiting() {
        for (ChoiceState st : choices.values()) {
            if (st.deferredFinish != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onWake(List<WireEvent> out) {
        Map<Integer, ObjectNode> released = new LinkedHashMap<>();
        for (Map.Entry<Channel, Release> e : session.poll().entrySet()) {
            int index = e.getKey().choice();
            if (index >= Probes.ALT) {
                continue; // alternatives: released text is not the answer's
            }
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState(session));
            if (st.blocked) {
                continue;
            }
            String text = e.getValue().blockedNow() ? null : name(st, e.getKey(), e.getValue().text(), index);
            if (text == null) {
                List<Integer> now = new ArrayList<>(1);
                block(st, index, now);
                released.remove(index);
                out.add(WireEvent.data(Json.write(refusalChunk(index))));
                continue;
            }
            if (text.isEmpty()) {
                continue;
            }
            if (!appendRemainder(released.computeIfAbsent(index, this::emptyChoice), e.getKey(), text, st)) {
                ObjectNode own = emptyChoice(index);
                appendRemainder(own, e.getKey(), text, st);
                flush(st, out);
                headers(st, own, false);
                own.putNull("finish_reason");
                send(st, own, null, out);
            }
        }
        List<Integer> ended = new ArrayList<>(1);
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            ChoiceState st = e.getValue();
            if (st.deferredFinish != null && !st.blocked && settled(e.getKey())) {
                ObjectNode last = released.computeIfAbsent(e.getKey(), this::emptyChoice);
                last.set("finish_reason", st.deferredFinish);
                st.deferredWithFinish.forEach(last::set);
                st.deferredWithFinish.clear();
                st.deferredFinish = null;
                st.ended = true;
                ended.add(e.getKey());
            }
        }
        emit(released, ended, out);
    }

    @Override
    public boolean settled() {
        if (choices.isEmpty()) {
            return false; // no choice ever came: nothing finished
        }
        for (ChoiceState st : choices.values()) {
            if (!st.finished && !st.blocked) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onEnd(List<WireEvent> out) {
        end(false, out);
    }

    @Override
    public void onCut(List<WireEvent> out) {
        end(true, out);
    }

    /** {@link #onEnd}, or with {@code cut} {@link #onCut}: the open channels finished, or cut. */
    private void end(boolean cut, List<WireEvent> out) {
        Map<Integer, List<Channel>> open = new LinkedHashMap<>();
        for (Channel ch : session.openChannels()) {
            open.computeIfAbsent(ch.choice(), k -> new ArrayList<>()).add(ch);
        }
        for (ChoiceState st : choices.values()) {
            st.probes.finish(cut);
        }
        Map<Integer, ObjectNode> released = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Channel>> e : open.entrySet()) {
            int index = e.getKey();
            if (index >= Probes.ALT) {
                // alternatives' pseudo-choices: ended so their entries are decided, never a choice of the answer
                // (helper-72: a block in them went out as a refusal of choice 1073741824)
                for (Channel ch : e.getValue()) {
                    if (cut) {
                        session.cut(ch);
                    } else {
                        session.finish(ch);
                    }
                }
                continue;
            }
            ChoiceState st = choices.computeIfAbsent(index, k -> new ChoiceState(session));
            if (st.blocked) {
                continue;
            }
            ObjectNode choice = emptyChoice(index);
            boolean any = false;
            boolean blocked = false;
            for (Channel ch : e.getValue()) {
                Release r = cut ? session.cut(ch) : session.finish(ch);
                String text = r.blockedNow() ? null : name(st, ch, r.text(), index);
                if (text == null) {
                    blocked = true;
                    break;
                }
                if (!text.isEmpty()) {
                    if (!appendRemainder(choice, ch, text, st)) {
                        ObjectNode own = emptyChoice(index);
                        appendRemainder(own, ch, text, st);
                        flush(st, out);
                        headers(st, own, false);
                        own.putNull("finish_reason");
                        send(st, own, null, out);
                    }
                    any = true;
                }
            }
            if (blocked) {
                block(st, index, new ArrayList<>(1));
                out.add(WireEvent.data(Json.write(refusalChunk(index))));
            } else if (any) {
                released.put(index, choice);
            }
        }
        // Choices with findings whose end never came (no finish_reason): their guard object rides on the last
        // chunk written for them, or on an empty one.
        List<Integer> unreported = new ArrayList<>(1);
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            ChoiceState st = e.getValue();
            if (e.getKey() < Probes.ALT && !st.blocked && !st.guardSent && !st.ended && st.deferredFinish == null
                    && !findings(e.getKey()).isEmpty()) {
                released.computeIfAbsent(e.getKey(), this::emptyChoice);
                unreported.add(e.getKey());
            }
        }
        emit(released, unreported, out);
    }

    /** Writes one chunk per choice with released text, token data and, for choices that ended, the guard. */
    private void emit(Map<Integer, ObjectNode> released, Collection<Integer> ended, List<WireEvent> out) {
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            ChoiceState st = e.getValue();
            if (st.blocked || st.probes.isEmpty()) {
                continue;
            }
            Probes.Ready ready = st.probes.ready(session);
            if (ready.content.isEmpty() && ready.refusal.isEmpty() && ready.legacy.isEmpty() && ready.tokenIds.isEmpty()) {
                continue;
            }
            Probes.write(released.computeIfAbsent(e.getKey(), this::emptyChoice), null, ready, legacy);
        }
        for (Map.Entry<Integer, ObjectNode> e : released.entrySet()) {
            ObjectNode choice = e.getValue();
            ChoiceState st = choices.get(e.getKey());
            if (st != null) {
                headers(st, choice, finishes(choice.get("finish_reason")));
            }
            if (!choice.has("finish_reason")) {
                choice.putNull("finish_reason");
            }
            boolean finishing = finishes(choice.get("finish_reason"));
            if (st != null && finishing) {
                release(st, out);
            } else if (st != null) {
                flush(st, out);
            }
            send(st, choice, ended.contains(e.getKey()) ? guard(List.of(e.getKey())) : null, out);
        }
    }

    @Override
    public List<WireEvent> trailer() {
        return DONE;
    }

    @Override
    public WireEvent error(ObjectNode errorBody) {
        return WireEvent.data(Json.write(errorBody));
    }

    @Override
    public boolean terminal(String event, String data) {
        return data != null && data.strip().equals("[DONE]");
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

    /** @return false when the text could not go into this choice (a field of another shape is in the way) */
    private boolean appendRemainder(ObjectNode choice, Channel ch, String text, ChoiceState st) {
        if (ch.choice() >= Probes.ALT) {
            return true; // alternatives are not text of the answer: nothing to place
        }
        List<TextLeaf.Step> path = st.lastPath.get(ch);
        if (path == null) {
            path = List.of(TextLeaf.Step.field(legacy ? "text" : "delta"), TextLeaf.Step.field("content"));
            if (legacy) {
                path = List.of(TextLeaf.Step.field("text"));
            }
        }
        // text that came in a "message" object of a chunk goes on as a delta
        if (!TextLeaf.appendAt(choice, delta(path), text)) {
            return false;
        }
        for (List<TextLeaf.Step> mirror : st.mirrorPaths.getOrDefault(ch, List.of())) {
            if (!mirror.equals(st.lastPath.get(ch))) {
                TextLeaf.appendAt(choice, delta(mirror), text);
            }
        }
        return true;
    }

    /** A path from a chunk's "message" continued as a delta. */
    private List<TextLeaf.Step> delta(List<TextLeaf.Step> path) {
        if (!legacy && !path.isEmpty() && path.get(0).field().equals("message")) {
            List<TextLeaf.Step> p = new ArrayList<>(path);
            p.set(0, TextLeaf.Step.field("delta"));
            return p;
        }
        return path;
    }

    /** Whether a choice whose text was all held still carries something the client needs. */
    private boolean interesting(ObjectNode choice, ChoiceWalker.Walk w) {
        if (finishes(choice.get("finish_reason"))) {
            return true;
        }
        Set<String> textKeys = new java.util.HashSet<>();
        for (TextLeaf l : w.leaves) {
            if (l.path.isEmpty()) {
                continue; // a verified value, not a place in the choice
            }
            if (l.path.size() > 1) {
                textKeys.add(l.path.get(1).field());
            } else {
                textKeys.add(l.path.get(0).field());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CHOICE_PLUMBING.contains(e.getKey()) && !textKeys.contains(e.getKey()) && !e.getValue().isNull()) {
                return true;
            }
        }
        JsonNode lp = choice.get("logprobs");
        if (lp != null && lp.path("content").size() + lp.path("refusal").size() + lp.path("tokens").size() > 0) {
            return true;
        }
        if (choice.path("token_ids").size() > 0) {
            return true;
        }
        if (choice.get("delta") instanceof ObjectNode delta) {
            for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!textKeys.contains(e.getKey()) && !e.getValue().isNull()) {
                    return true; // role, ...
                }
            }
            if (delta.get("audio") instanceof ObjectNode audio
                    && (audio.hasNonNull("id") || audio.hasNonNull("expires_at") || audio.hasNonNull("data"))) {
                return true; // the audio's id and data go out though its transcript is held
            }
            if (delta.get("tool_calls") instanceof ArrayNode calls) {
                for (JsonNode c : calls) {
                    // a name piece the guard holds was written as "": nothing the client needs
                    if (c.hasNonNull("id") || c.hasNonNull("type") || !c.path("function").path("name").asText("").isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A choice's findings: in its text, and in its alternatives ({@code top_logprobs}, scanned as the pseudo-choice
     * {@link Probes#ALT} + index), which the whole answer's guard object lists too.
     */
    private List<DecidedFinding> findings(int index) {
        List<DecidedFinding> found = new ArrayList<>(session.findings(index));
        found.addAll(session.findings(Probes.ALT + index));
        return found;
    }

    /**
     * Whether a choice's text and its alternatives are all released: its end may go out, with the last of its
     * logprobs (which wait for their alternatives) on the same chunk, never after it.
     */
    private boolean settled(int index) {
        return session.settled(index) && session.settled(Probes.ALT + index);
    }

    /** The guard object for choices that ended, or null when they had no findings. */
    private ObjectNode guard(Collection<Integer> ended) {
        List<DecidedFinding> found = new ArrayList<>();
        for (int index : ended) {
            ChoiceState st = choices.get(index);
            if (st != null && !st.guardSent) {
                st.guardSent = true;
                found.addAll(findings(index));
            }
        }
        return found.isEmpty() ? null : GuardObject.of(found, declared.erasureIds());
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
        ObjectNode chunk = withEnvelope(choice);
        ObjectNode guard = guard(List.of(index));
        if (guard != null) {
            chunk.set("guard", guard);
        }
        return chunk;
    }

    private ObjectNode withEnvelope(ObjectNode choice) {
        ObjectNode chunk = envelope.chunk();
        chunk.putArray("choices").add(choice);
        return chunk;
    }
}
