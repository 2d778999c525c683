package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Redaction;
import io.lethe.guard.pipeline.Release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream translator of {@code POST /v1/responses} (OpenAI's Responses API, also served by vLLM): typed
 * events, {@code event: <type>} framing, no {@code [DONE]}.
 *
 * <p>Text arrives as deltas ({@code response.output_text.delta}, refusal, reasoning summary and reasoning
 * text, function and MCP call arguments, custom tool input, interpreter code; any other {@code *.delta}
 * event) and again, whole, in every later copy: the {@code *.done} events, {@code content_part.done},
 * {@code output_item.done} and the terminal response ({@code response.completed}, {@code .incomplete},
 * {@code .failed}), which is what SDKs return as the final response. Deltas go through the session and
 * carry only released text; text released later rides on a delta event the gateway writes on the same item
 * and part. Each whole copy must be the channel's text so far, possibly longer (the rest is scanned then);
 * anything else cannot be attributed and blocks the response. A copy goes out once its channels are finished
 * and released, with the released text in place of the original — later upstream events wait meanwhile.
 * Whole texts no delta announced (annotations, search queries, unknown fields) are scanned as such, each
 * copy on its own. Snapshots that are not final ({@code response.created}) carry only released text.
 * All output_text parts, across messages, are also checked joined ({@link OutputTextJoin}), as the SDKs'
 * {@code output_text} joins them, and with refusal parts among them as a client shows them ({@link MessageTextJoins}): a part after the first waits on the join's hold, and a form that crosses a part
 * boundary blocks the response, as it does the whole answer. A part that ends on text the join still holds (a given
 * name the next part may complete) holds every later event until the join has ruled on it or the response ends.
 *
 * <p>A block ends the stream at once with {@code response.incomplete}: {@code incomplete_details.reason}
 * {@code content_filter}, the output items already sent in their places (with their released text, those not
 * finished marked {@code incomplete}) and the refusal as a message after them, and the {@code guard} object;
 * the terminal response of an answer with findings carries {@code guard} too. Function, custom tool and MCP
 * calls go out only once the whole response is known clean: from the first call item's {@code output_item.added}
 * on, every event (later calls, and any item after a call, text included) waits for the upstream's terminal event
 * and then goes out in the upstream's order, output indexes unchanged; a blocked response sends none of it, so no
 * call of it reaches the client. Event {@code sequence_number}s are renumbered from 0 over what the client
 * receives. One per response; not thread-safe.
 */
public final class ResponsesStream implements StreamTranslator {

    private static final Set<String> LIFECYCLE = Set.of("response.created", "response.in_progress", "response.queued");
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");
    private static final Set<String> PART_ADDED = Set.of("response.content_part.added",
            "response.reasoning_summary_part.added", "response.reasoning_part.added");
    private static final Set<String> PART_DONE = Set.of("response.content_part.done",
            "response.reasoning_summary_part.done", "response.reasoning_part.done");
    private final GuardSession session;
    private final Declared d;
    private final Atoms atoms;
    private final String requestId;
    private final String model;
    private int seq;
    private boolean ended;
    private ObjectNode snapshot;
    /** Raw and released text per channel, as the client has it (deltas and copies). */
    private final Map<Channel, StringBuilder> raw = new HashMap<>();
    private final Map<Channel, StringBuilder> released = new HashMap<>();
    /** Per channel, the delta event to copy for text released later (type, item id, indices). */
    private final Map<Channel, ObjectNode> template = new HashMap<>();
    private final Map<Channel, Probes> probes = new HashMap<>();
    /** Content parts announced per output item (vLLM numbers some deltas past them). */
    private final Map<Integer, Integer> partsAdded = new HashMap<>();
    private final Set<Channel> opened = new HashSet<>();
    private Deferred deferred;
    /**
     * The upstream's events from a {@code *.done} copy on, until the event that tells whether its text was cut
     * (its item's {@code output_item.done}, the terminal event, or any other event: not cut).
     */
    private final java.util.ArrayDeque<Upstream> ahead = new java.util.ArrayDeque<>();
    /** {@link #ahead} holds that telling event: the queue goes through before any later upstream event. */
    private boolean draining;
    /** The channels ended now were cut: what they hold is dropped ({@link GuardSession#cut}), not released. */
    private boolean cutting;
    private int serial;
    /** The message parts joined as a client shows them ({@link MessageTextJoins}): a form only across parts blocks. */
    private final MessageTextJoins join;
    /** Item types whose events, and every event after them, are held until the response's end. */
    private static final Set<String> CALLS = Set.of("function_call", "custom_tool_call", "mcp_call");
    /** The events not sent yet, from the first call item's {@code output_item.added} on (null: no call yet). */
    private List<Sent> held;
    /** The output items the client was sent, by output index, as last sent (added, or done), parts included. */
    private final java.util.TreeMap<Integer, ObjectNode> sentItems = new java.util.TreeMap<>();
    private final Set<Integer> doneItems = new HashSet<>();
    /**
     * The events not sent yet since an output_text part ended with a tail the join still held (a given name the next
     * part's surname may complete: helper-76), until the joins release it ({@link MessageTextJoins#gateReleased}) or the response ends;
     * null when none waits.
     */
    private List<Sent> gated;
    /** Per channel, how much of its released text the client had when the gate closed (a block's output keeps that). */
    private Map<Channel, Integer> clientHas;

    /** An event for the client: its name, type, tree, the upstream's bytes when unchanged. */
    private record Sent(String name, String type, ObjectNode data, String rawData, boolean changed) {
    }

    /** An upstream event as received, waiting in {@link #ahead}. */
    private record Upstream(String event, ObjectNode data, String rawData) {
    }

    /** An event that carries whole copies, waiting for their channels to be settled. */
    private record Deferred(String event, ObjectNode data, Map<TextLeaf, Channel> copies, boolean terminal) {
    }

    /**
     * @param declared  what the request declared (tool names)
     * @param requestId the gateway's request id (names the refusal message of a blocked response)
     * @param model     the model the client asked for
     */
    public ResponsesStream(GuardSession session, Declared declared, String requestId, String model) {
        session.declareKeys(declared.keys());
        this.session = session;
        this.d = declared;
        this.atoms = new Atoms(session);
        this.requestId = requestId;
        this.model = model;
        this.join = new MessageTextJoins(session, true);
    }

    @Override
    public void onEvent(String event, ObjectNode data, String rawData, List<WireEvent> out) throws Unwalkable {
        if (ended) {
            return;
        }
        String type = type(event, data);
        if (type.isEmpty()) {
            // no type and no event name: not a Responses event (a chat or legacy completions chunk): relayed it would
            // reach the client as an event its SDK cannot read, rewritten as if a Responses event (helper-89)
            throw new Unwalkable("the upstream's stream is not a Responses event stream");
        }
        boolean cut = cuts(type, data);
        if (!cut && (PART_DONE.contains(type) || doneField(type) != null || type.equals("response.output_item.done")
                || (!ahead.isEmpty() && !decides(type)))) {
            // a whole copy of a text that ended: whether it ended complete or cut (max_output_tokens) is told by a
            // later event only: its item's status, or the terminal response's (vLLM marks every item completed and
            // the response incomplete: helper-66), or text that goes on (the model moved on: nothing was cut)
            ahead.add(new Upstream(event, data, rawData));
            if (ahead.size() <= MAX_AHEAD) {
                return;
            }
            cut = true; // no telling event in sight: what the copies' channels hold is dropped, not guessed clean
        }
        cutting = cut;
        if (!ahead.isEmpty()) {
            if (ahead.peekLast().data() != data) {
                ahead.add(new Upstream(event, data, rawData));
            }
            draining = true;
            drain(out);
            return;
        }
        process(event, data, rawData, out);
        cutting = false;
    }

    /** Events {@link #ahead} may hold before the one that tells whether their texts were cut. */
    static final int MAX_AHEAD = 64;

    /**
     * Whether an event tells that the texts ended before it were not cut: text goes on ({@code *.delta}), a new part
     * or item begins, or the response completes. ({@link #cuts} tells the opposite.) Lifecycle, annotation and
     * unknown events tell nothing and wait with the copies.
     */
    private static boolean decides(String type) {
        return TERMINAL.contains(type) || type.endsWith(".delta") || PART_ADDED.contains(type)
                || type.equals("response.output_item.added");
    }

    /** The upstream's events waiting in {@link #ahead}, in their order, while no copy waits to be settled. */
    private void drain(List<WireEvent> out) throws Unwalkable {
        while (!ahead.isEmpty() && deferred == null && !ended) {
            Upstream u = ahead.poll();
            process(u.event(), u.data(), u.rawData(), out);
        }
        if (ahead.isEmpty() || ended) {
            ahead.clear();
            draining = false;
            cutting = false;
        }
    }

    /**
     * Whether an event says the texts it ends were cut before their end: a terminal event other than
     * {@code response.completed} ({@code response.incomplete} at {@code max_output_tokens}, {@code response.failed}),
     * or an {@code output_item.done} whose item is not {@code completed} ({@link ResponsesWhole#itemCut}). A chat
     * choice's {@code finish_reason: "length"} is its counterpart ({@link ChatStream#cutOff}).
     */
    private static boolean cuts(String type, ObjectNode data) {
        if (TERMINAL.contains(type)) {
            return !type.equals("response.completed")
                    || (data.get("response") instanceof ObjectNode r && r.has("status")
                    && !"completed".equals(Json.text(r, "status")));
        }
        return type.equals("response.output_item.done") && data.get("item") instanceof ObjectNode item
                && ResponsesWhole.itemCut(item);
    }

    private static String type(String event, ObjectNode data) {
        String type = Json.text(data, "type");
        return type != null ? type : event == null ? "" : event;
    }

    private void process(String event, ObjectNode data, String rawData, List<WireEvent> out) throws Unwalkable {
        if (ended) {
            return;
        }
        String type = type(event, data);
        String name = eventName(event, type);
        boolean changed;
        Padding.Taken padding = Padding.take(data); // not scanned: replaced
        if (padding != null && rawData != null) {
            rawData = Padding.inRaw(rawData, padding); // the rest as sent; null: written from the tree
        }
        // Besides the fields each family is known to carry text in, every other string of an event is text too.
        ChoiceWalker.Walk extra = new ChoiceWalker.Walk();
        // an annotation event carries its annotation whole (url, title, offsets): values, not a text's deltas
        // (helper-74: joined per field across events, its url and title went out cut and its offsets as "")
        extra.atomicText = type.equals("response.output_text.annotation.added");
        other(extra, data, type, knownField(type));
        Padding.put(data, padding);
        if (LIFECYCLE.contains(type)) {
            changed = snapshot(data);
        } else if (TERMINAL.contains(type)) {
            ChoiceWalker.Walk w = data.get("response") instanceof ObjectNode r ? ItemWalker.response(r, d) : new ChoiceWalker.Walk();
            if (data.get("response") instanceof ObjectNode r) {
                snapshot = r;
            }
            w.leaves.addAll(extra.leaves);
            w.unwalkable |= extra.unwalkable || joinedUnknown(w);
            copies(name, data, w, true, out);
            return;
        } else if (type.equals("response.output_item.added") || type.equals("response.output_item.done")) {
            int oi = outputIndex(data);
            ChoiceWalker.Walk w = new ChoiceWalker.Walk();
            if (data.get("item") instanceof ObjectNode item) {
                ItemWalker.item(w, oi, item, d);
            }
            if (type.endsWith(".added")) {
                changed = opening(w);
            } else {
                w.leaves.addAll(extra.leaves);
                w.unwalkable |= extra.unwalkable || joinedUnknown(w);
                copies(name, data, w, false, out);
                return;
            }
        } else if (PART_ADDED.contains(type) || PART_DONE.contains(type)) {
            int oi = outputIndex(data);
            String field = type.contains("summary") ? "summary" : "content";
            int j = index(data, field.equals("summary") ? "summary_index" : "content_index");
            if (field.equals("content") && type.equals("response.content_part.added")) {
                partsAdded.merge(oi, 1, Integer::sum);
            }
            ChoiceWalker.Walk w = new ChoiceWalker.Walk();
            if (data.get("part") instanceof ObjectNode part) {
                ItemWalker.part(w, oi, field, j, part, "part", d);
            }
            if (PART_ADDED.contains(type)) {
                changed = opening(w);
            } else {
                w.leaves.addAll(extra.leaves);
                w.unwalkable |= extra.unwalkable;
                copies(name, data, w, false, out);
                return;
            }
        } else if (type.endsWith(".delta") && TextLeaf.scalarText(data.get("delta"))) {
            // (a number is a delta as a string is: a client's += appends it)
            changed = delta(type, data, out);
            if (ended) {
                return;
            }
            if (changed && data.path("delta").asText().isEmpty() && data.path("logprobs").isEmpty()) {
                return; // all of it held: nothing to send
            }
        } else if (type.endsWith(".done") && doneField(type) != null) {
            String f = doneField(type);
            ChoiceWalker.Walk w = new ChoiceWalker.Walk();
            if (data.get(f) != null && (TextLeaf.scalarText(data.get(f)) || data.get(f).isContainerNode())) {
                w.leaves.add(TextLeaf.inObject(deltaChannel(type, data), List.of(TextLeaf.Step.field(f)), data, f));
            }
            w.leaves.addAll(extra.leaves);
                w.unwalkable |= extra.unwalkable;
            copies(name, data, w, false, out);
            return;
        } else {
            // an event type of no known family: its strings are deltas, not whole texts (a value sent a char per
            // event would pass each scan alone), one channel per event type and field path
            changed = unknownEvent(extra);
            if (session.isBlocked(0)) {
                block(out);
                return;
            }
            emit(name, data, rawData, changed, out);
            return;
        }
        if (session.isBlocked(0)) {
            block(out);
            return;
        }
        if (!extra.leaves.isEmpty() || extra.unwalkable) {
            // strings no field names as text (annotations, unknown fields): scanned whole before the event goes
            copies(name, data, extra, false, out);
            return;
        }
        emit(name, data, rawData, changed, out);
    }

    /**
     * The strings of an event of an unknown type, each appended to the channel of its event type and field path
     * and written back as released (what is held at the response's end is dropped: no delta carries it).
     *
     * @return whether the event changed
     */
    private boolean unknownEvent(ChoiceWalker.Walk w) {
        if (w.unwalkable) {
            session.blockChoice(0, "unwalkable");
            return true;
        }
        boolean changed = false;
        for (TextLeaf leaf : w.leaves) {
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                changed |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
            } else if (!session.isBlocked(0)) {
                changed |= leaf.write(append(leaf.channel, leaf.text), false);
            }
            if (session.isBlocked(0)) {
                return true;
            }
        }
        return changed;
    }

    /** Strings of an event beyond its known fields (default-deny), as whole texts. */
    private void other(ChoiceWalker.Walk w, ObjectNode data, String type, String skip) {
        int oi = data.path("output_index").canConvertToInt() ? Math.max(-1, data.get("output_index").asInt()) : -1;
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            boolean ownLogprobs = k.equals("logprobs") && v.isArray()
                    && ((type.equals("response.output_text.delta") && data.path("delta").isTextual())
                    || (type.equals("response.output_text.done") && data.path("text").isTextual()));
            // the family's own field is walked on its own only in the shape it has there (an object, or text)
            boolean own = k.equals(skip) && (v.isObject() || ((TextLeaf.scalarText(v) || v.isContainerNode())
                    && !List.of("response", "item", "part").contains(k)));
            if (own || v.isNull() || ownLogprobs || (k.equals("delta") && TextLeaf.scalarText(v) && type.endsWith(".delta"))) {
                continue;
            }
            w.leaves.add(TextLeaf.verify(Channel.other(0, oi, "event.#key"), k));
            if (d.exempt(k, v)) {
                ChoiceWalker.verify(w, 0, ChoiceWalker.key(type) + "." + ChoiceWalker.key(k), v);
                continue;
            }
            ChoiceWalker.generic(w, 0, oi, ChoiceWalker.key(type) + "." + ChoiceWalker.key(k), data, k, e.getValue(),
                    List.of(TextLeaf.Step.field(k)), 1);
        }
    }

    /** The field an event family carries its text or object in (walked on its own), or null. */
    private static String knownField(String type) {
        if (LIFECYCLE.contains(type) || TERMINAL.contains(type)) {
            return "response";
        }
        if (type.equals("response.output_item.added") || type.equals("response.output_item.done")) {
            return "item";
        }
        if (PART_ADDED.contains(type) || PART_DONE.contains(type)) {
            return "part";
        }
        return doneField(type); // a textual "delta" is skipped by other() itself
    }

    /** The field of a {@code *.done} event that carries the whole text, or null for an unknown event. */
    static String doneField(String type) {
        return switch (type) {
            case "response.output_text.done", "response.reasoning_summary_text.done", "response.reasoning_text.done",
                    "response.audio.transcript.done" -> "text";
            case "response.refusal.done" -> "refusal";
            case "response.function_call_arguments.done", "response.mcp_call_arguments.done" -> "arguments";
            case "response.custom_tool_call_input.done" -> "input";
            case "response.code_interpreter_call_code.done" -> "code";
            default -> null;
        };
    }

    /** The channel a delta (or its {@code .done}) event's text belongs to. */
    private Channel deltaChannel(String type, ObjectNode data) throws Unwalkable {
        String base = type.substring(0, type.lastIndexOf('.'));
        int oi = data.has("output_index") ? outputIndex(data) : -1;
        switch (base) {
            case "response.output_text", "response.refusal", "response.reasoning_text" -> {
                int ci = index(data, "content_index");
                Integer added = partsAdded.get(oi);
                if (!base.equals("response.reasoning_text") && added != null && added > 0 && ci >= added) {
                    ci = added - 1; // a server that counts deltas as parts (seen from vLLM): the last announced part
                }
                ChannelKind kind = base.equals("response.refusal") ? ChannelKind.REFUSAL
                        : base.equals("response.reasoning_text") ? ChannelKind.REASONING : ChannelKind.CONTENT;
                return new Channel(0, kind, Math.max(oi, 0), "content[" + ci + "]");
            }
            case "response.reasoning_summary_text" -> {
                return new Channel(0, ChannelKind.REASONING, Math.max(oi, 0), "summary[" + index(data, "summary_index") + "]");
            }
            case "response.function_call_arguments", "response.mcp_call_arguments" -> {
                return new Channel(0, ChannelKind.TOOL_ARGUMENTS, Math.max(oi, 0), null);
            }
            case "response.custom_tool_call_input" -> {
                return Channel.other(0, oi, "custom_tool_call.input");
            }
            case "response.code_interpreter_call_code" -> {
                return Channel.other(0, oi, "code_interpreter_call.code");
            }
            case "response.audio.transcript" -> {
                return Channel.other(0, -1, "audio.transcript");
            }
            default -> {
                return Channel.other(0, oi, ChoiceWalker.key(base));
            }
        }
    }

    private boolean delta(String type, ObjectNode data, List<WireEvent> out) throws Unwalkable {
        Channel ch = deltaChannel(type, data);
        JsonNode value = data.get("delta");
        String text = value.isTextual() ? value.textValue() : Json.write(value);
        if (!template.containsKey(ch)) {
            // only the fields that place a delta: nothing else of the upstream's event rides on the gateway's own
            ObjectNode t = Json.object();
            t.put("type", type);
            for (String f : List.of("item_id", "output_index", "content_index", "summary_index")) {
                JsonNode v = data.get(f);
                if (v != null && d.exempt(f, v)) {
                    t.set(f, v);
                }
            }
            t.put("sequence_number", 0);
            template.put(ch, t);
        }
        if (session.finished(ch)) {
            // text after the channel's end cannot be scanned with it: not forwarded
            data.put("delta", "");
            return true;
        }
        int from = session.length(ch);
        String rel = append(ch, text);
        if (session.isBlocked(0)) {
            block(out);
            return true;
        }
        boolean changed = !rel.equals(text);
        if (changed) {
            data.put("delta", rel); // (an unchanged number stays one)
        }
        Probes p = probes.get(ch);
        if (data.get("logprobs") instanceof ArrayNode entries && !entries.isEmpty()) {
            if (p == null) {
                p = new Probes(session);
                probes.put(ch, p);
            }
        }
        if (p != null) {
            boolean older = !p.isEmpty();
            if (data.get("logprobs") instanceof ArrayNode entries) {
                p.takeEntries(entries, ch, from, from + text.length(), text);
            }
            Probes.Ready r = p.ready(session);
            if (older || changed || r.dropped > 0 || !p.isEmpty()) {
                ArrayNode a = data.putArray("logprobs");
                r.content.forEach(a::add);
                changed = true;
            }
        }
        return changed;
    }

    /** Text an added item or part already carries: appended to its (still open) channels. */
    private boolean opening(ChoiceWalker.Walk w) {
        boolean changed = false;
        for (TextLeaf leaf : w.leaves) {
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                changed |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
                continue;
            }
            if (leaf.text.isEmpty()) {
                opened.add(leaf.channel);
                continue;
            }
            if (leaf.channel.kind() == ChannelKind.OTHER) {
                // a whole text of its own (an annotation): scanned and finished here
                Channel ch = fresh(leaf.channel);
                String rel = append(ch, leaf.text) + finishText(ch);
                changed |= leaf.write(session.settled(ch) ? rel : "", true);
                continue;
            }
            opened.add(leaf.channel);
            if (session.finished(leaf.channel)) {
                changed |= leaf.clear();
                continue;
            }
            String rel = append(leaf.channel, leaf.text);
            changed |= leaf.write(rel, false);
        }
        if (w.unwalkable) {
            session.blockChoice(0, "unwalkable");
        }
        return changed;
    }

    /**
     * An event with whole copies of texts: each is reconciled with its channel (the rest of a longer copy is
     * scanned; a different one blocks), its channel finished; the event goes out once they are all settled.
     */
    private void copies(String name, ObjectNode data, ChoiceWalker.Walk w, boolean terminal, List<WireEvent> out) {
        if (w.unwalkable) {
            session.blockChoice(0, "unwalkable");
            block(out);
            return;
        }
        Map<TextLeaf, Channel> plan = new LinkedHashMap<>();
        for (TextLeaf leaf : w.leaves) {
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                atoms.handle(leaf, true);
                if (session.isBlocked(0)) {
                    block(out);
                    return;
                }
                continue;
            }
            Channel ch = leaf.channel;
            if (ch.kind() == ChannelKind.OTHER && !opened.contains(ch)) {
                ch = fresh(ch);
                emitReleased(ch, append(ch, leaf.text), out);
                emitReleased(ch, finishText(ch), out);
            } else {
                StringBuilder have = raw.computeIfAbsent(ch, k -> new StringBuilder());
                if (!session.finished(ch) && leaf.text.startsWith(have.toString())) {
                    String rest = leaf.text.substring(have.length());
                    if (!rest.isEmpty()) {
                        emitReleased(ch, append(ch, rest), out);
                    }
                    emitReleased(ch, finishText(ch), out);
                    Probes p = probes.get(ch);
                    if (p != null) {
                        p.finish(cutting);
                    }
                } else if (!session.finished(ch) || !leaf.text.contentEquals(have)) {
                    // a copy that is not the text streamed so far: cannot be attributed
                    session.blockChoice(0, "mismatched-copy");
                }
                opened.add(ch);
            }
            if (session.isBlocked(0)) {
                block(out);
                return;
            }
            plan.put(leaf, ch);
        }
        if (terminal) {
            // the end of the response: every channel still open is finished (a stream without .done events)
            probes.values().forEach(p -> p.finish(cutting));
            for (Channel ch : new ArrayList<>(session.openChannels())) {
                emitReleased(ch, finishText(ch), out);
            }
            if (session.isBlocked(0)) {
                block(out);
                return;
            }
        }
        deferred = new Deferred(name, data, plan, terminal);
        flush(out);
    }

    /** Sends the deferred event once its channels are settled. */
    private void flush(List<WireEvent> out) {
        Deferred d = deferred;
        if (d == null) {
            return;
        }
        for (Channel ch : d.copies().values()) {
            if (!session.settled(ch)) {
                return;
            }
        }
        if (d.terminal() && session.holding()) {
            return;
        }
        deferred = null;
        for (Map.Entry<TextLeaf, Channel> e : d.copies().entrySet()) {
            TextLeaf leaf = e.getKey();
            Channel ch = e.getValue();
            leaf.write(released.getOrDefault(ch, new StringBuilder()).toString(), true);
            filterLogprobs(leaf, ch);
        }
        if (d.terminal()) {
            ended = true;
            if (!session.findings().isEmpty() && d.data().get("response") instanceof ObjectNode r) {
                r.set("guard", GuardObject.of(session.findings(), this.d.erasureIds()));
            }
        }
        emit(d.event(), d.data(), null, true, out);
    }

    /** Logprobs next to a whole text: only those that spell it and cover no redaction ({@link Probes#whole}). */
    private void filterLogprobs(TextLeaf leaf, Channel ch) {
        ObjectNode holder = leaf.holder();
        if (holder != null && holder.get("logprobs") instanceof ArrayNode entries && !entries.isEmpty()) {
            Probes p = probes.computeIfAbsent(ch, k -> new Probes(session));
            holder.set("logprobs", p.whole(entries, raw.getOrDefault(ch, new StringBuilder()).toString(), ch, session));
        }
    }

    /**
     * Whether the strings of a final copy's unknown fields (a snapshot's {@code x_v: ["Cor", "win", " Ash",
     * "dale"]}, an item's {@code {"a": "Corwin", "b": " Ashdale"}}), each clean alone, name someone joined
     * ({@link Atoms#joinedFinds}; an outside tester, helper-63): then the copy is not walkable, as a whole answer
     * blocks it. A string that names someone alone is redacted where it stands instead.
     */
    private boolean joinedUnknown(ChoiceWalker.Walk w) {
        List<TextLeaf> unknown = new ArrayList<>();
        for (TextLeaf leaf : w.leaves) {
            if (leaf.channel.kind() == ChannelKind.OTHER) {
                unknown.add(leaf);
            }
        }
        if (!atoms.joinedFinds(unknown)) {
            return false;
        }
        for (TextLeaf leaf : unknown) {
            if (leaf.mode != TextLeaf.Mode.VERIFY && session.findsActedOn(leaf.text)) {
                return false;
            }
        }
        return true;
    }

    /** A non-final snapshot (response.created): its texts are replaced by what was released of them. */
    private boolean snapshot(ObjectNode data) {
        if (!(data.get("response") instanceof ObjectNode r)) {
            return false;
        }
        snapshot = r;
        ChoiceWalker.Walk w = ItemWalker.response(r, d);
        boolean changed = false;
        for (TextLeaf leaf : w.leaves) {
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                changed |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
                continue;
            }
            StringBuilder rel = released.get(leaf.channel);
            changed |= leaf.write(rel == null ? "" : rel.toString(), false);
        }
        return changed;
    }

    private String append(Channel ch, String text) {
        if (d.jsonOutput() && ch.kind() == ChannelKind.CONTENT) {
            session.treatAsJson(ch);
        }
        raw.computeIfAbsent(ch, k -> new StringBuilder()).append(text);
        String before = "";
        if (MessageTextJoins.isPart(ch)) {
            join.append(ch, text);
            if (session.isBlocked(0)) {
                return "";
            }
            before = session.fence(ch, join.fence(ch)).text();
        }
        Release r = session.append(ch, text);
        String out = before + r.text();
        released.computeIfAbsent(ch, k -> new StringBuilder()).append(out);
        return out;
    }

    private String finishText(Channel ch) {
        String before = "";
        if (MessageTextJoins.isPart(ch) && !session.finished(ch)) {
            // the part's end: the join so far is checked whole, then the part's own holds alone decide
            join.ended(ch);
            if (session.isBlocked(0)) {
                return "";
            }
            if (!cutting && join.holdsTail()) {
                closeGate(); // the part's held tail goes out only once the joins rule it out
            }
            before = session.fence(ch, Integer.MAX_VALUE).text();
        }
        Release r = cutting && !ResponsesWhole.errorText(ch) ? session.cut(ch) : session.finish(ch);
        String out = before + r.text();
        released.computeIfAbsent(ch, k -> new StringBuilder()).append(out);
        return out;
    }

    /**
     * Text released for a channel outside its own delta (already counted as released): a delta event of the
     * gateway's on the same part, when the channel was streamed as deltas.
     */
    private void emitReleased(Channel ch, String text, List<WireEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode t = template.get(ch);
        if (t == null) {
            return; // no delta was ever sent for it: the whole copies carry it
        }
        ObjectNode ev = t.deepCopy();
        ev.put("delta", text);
        emit(Json.text(ev, "type"), ev, null, true, out);
    }

    /** A channel of its own for one whole text that no delta announced. */
    /** A channel of its own for one text of an unknown field, skipping names the session used (atoms name theirs alike). */
    private Channel fresh(Channel like) {
        Channel ch = Channel.other(0, like.index(), like.field() + "#" + (serial++));
        while (session.hasChannel(ch)) {
            ch = Channel.other(0, like.index(), like.field() + "#" + (serial++));
        }
        return ch;
    }

    /** Holds every event from now on until the joins have released what they hold now (or the response ends). */
    private void closeGate() {
        if (gated == null) {
            gated = new ArrayList<>();
            clientHas = new HashMap<>();
            released.forEach((ch, sb) -> clientHas.put(ch, sb.length()));
        }
    }

    /** Sends the gated events, in their order, once the join has ruled on the tail they wait for. */
    private void openGate(boolean end, List<WireEvent> out) {
        if (gated == null || session.isBlocked(0) || !(end || join.gateReleased())) {
            return;
        }
        List<Sent> release = gated;
        gated = null;
        clientHas = null;
        for (Sent s : release) {
            pass(s, out);
        }
    }

    private void emit(String name, ObjectNode data, String rawData, boolean changed, List<WireEvent> out) {
        String type = Json.text(data, "type");
        Sent sent = new Sent(name, type, data, rawData, changed);
        if (gated != null) {
            // a terminal event comes after every part's end and the join's check of it
            openGate(TERMINAL.contains(type), out);
            if (gated != null) {
                gated.add(sent);
                return;
            }
        }
        pass(sent, out);
    }

    /** An event past the gate: held with the calls when one began, else delivered. */
    private void pass(Sent sent, List<WireEvent> out) {
        String type = sent.type();
        ObjectNode data = sent.data();
        if (held == null && "response.output_item.added".equals(type) && data.get("item") instanceof ObjectNode item
                && CALLS.contains(Json.text(item, "type"))) {
            // a call goes out only once the whole response is clean, as a blocked chat choice carries no tool call:
            // a client may run a call of a response that ends blocked (red team 15 R20, N6). What follows the call
            // waits with it: items reach the client in their order and places.
            held = new ArrayList<>();
        }
        if (held != null) {
            if (!TERMINAL.contains(type)) {
                held.add(sent);
                return;
            }
            List<Sent> release = held;
            held = null;
            for (Sent s : release) {
                deliver(s, out); // numbered now, in what the client receives
            }
        }
        deliver(sent, out);
    }

    /**
     * Writes an event for the client, numbered in what the client receives, noting the items and parts it
     * announces (the output a block keeps).
     */
    private void deliver(Sent s, List<WireEvent> out) {
        ObjectNode data = s.data();
        boolean changed = s.changed();
        JsonNode sn = data.get("sequence_number");
        if (sn != null) {
            if (!sn.canConvertToInt() || sn.asInt() != seq) {
                data.put("sequence_number", seq);
                changed = true;
            }
            seq++;
        }
        out.add(new WireEvent(s.name(), changed || s.rawData() == null ? Json.write(data) : s.rawData()));
        if (s.type() == null || !(s.type().startsWith("response.output_item.") || PART_ADDED.contains(s.type()))) {
            return;
        }
        int oi = data.path("output_index").asInt(-1);
        if (oi < 0) {
            return;
        }
        if (data.get("item") instanceof ObjectNode item) {
            sentItems.put(oi, item.deepCopy());
            if (s.type().equals("response.output_item.done")) {
                doneItems.add(oi);
            }
        } else if (data.get("part") instanceof ObjectNode part && sentItems.get(oi) != null) {
            ObjectNode item = sentItems.get(oi);
            String field = s.type().contains("summary") ? "summary" : "content";
            int j = data.path(field.equals("summary") ? "summary_index" : "content_index").asInt(-1);
            if (j < 0) {
                return;
            }
            ArrayNode parts = item.get(field) instanceof ArrayNode a ? a : item.putArray(field);
            while (parts.size() <= j) {
                parts.addNull();
            }
            parts.set(j, part.deepCopy());
        }
    }

    /**
     * The items the client was sent before a block, as a final response must list them (SDKs place the final
     * output by item id and position, and fail on an item that takes an announced one's place: red team 15 R19):
     * each with what was released of its texts, those not finished marked {@code incomplete}.
     */
    private List<ObjectNode> sentOutput() {
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<Integer, ObjectNode> e : sentItems.entrySet()) {
            int oi = e.getKey();
            ObjectNode item = e.getValue().deepCopy();
            if (!doneItems.contains(oi)) {
                if (item.has("status")) {
                    item.put("status", "incomplete");
                }
                releasedParts(item, "content", oi);
                releasedParts(item, "summary", oi);
            }
            items.add(item);
        }
        return items;
    }

    /** Puts each part's released text in place (parts never sent stay out: nulls are dropped). */
    private void releasedParts(ObjectNode item, String field, int oi) {
        if (!(item.get(field) instanceof ArrayNode parts)) {
            return;
        }
        ArrayNode kept = item.putArray(field);
        for (int j = 0; j < parts.size(); j++) {
            if (!(parts.get(j) instanceof ObjectNode part)) {
                continue;
            }
            String textField = part.has("refusal") ? "refusal" : "text";
            ChannelKind kind = field.equals("summary") || "reasoning_text".equals(Json.text(part, "type"))
                    ? ChannelKind.REASONING : textField.equals("refusal") ? ChannelKind.REFUSAL : ChannelKind.CONTENT;
            Channel ch = new Channel(0, kind, oi, field + "[" + j + "]");
            StringBuilder rel = released.get(ch);
            String text = rel == null ? "" : rel.toString();
            if (clientHas != null) {
                text = text.substring(0, Math.min(text.length(), clientHas.getOrDefault(ch, 0)));
            }
            part.put(textField, text);
            if (part.get("logprobs") instanceof ArrayNode) {
                part.putArray("logprobs"); // only the streamed deltas' filtered logprobs reached the client
            }
            kept.add(part);
        }
    }

    /** Ends the stream with the refusal: the response is incomplete for content_filter. */
    private void block(List<WireEvent> out) {
        if (ended) {
            return;
        }
        ended = true;
        deferred = null;
        held = null; // no call of a blocked response is sent, nor anything after it
        gated = null; // nor a part's tail the join found completing a form, nor anything after it
        ObjectNode ev = Json.object();
        ev.put("type", "response.incomplete");
        ev.put("sequence_number", seq);
        ev.set("response", refused(snapshot, sentOutput(), session, requestId, model, d.erasureIds()));
        emit("response.incomplete", ev, null, true, out);
    }

    /**
     * A response object for a blocked answer: the snapshot's identity, status {@code incomplete} with reason
     * {@code content_filter}, the refusal as the one output message, and the guard object.
     */
    static ObjectNode refused(ObjectNode snapshot, GuardSession session, String requestId, String model,
                               boolean erasureIds) {
        return refused(snapshot, List.of(), session, requestId, model, erasureIds);
    }

    /**
     * {@link #refused(ObjectNode, GuardSession, String, String, boolean)} with the output items a stream already
     * announced listed first, in their places, and the refusal message after them.
     */
    static ObjectNode refused(ObjectNode snapshot, List<ObjectNode> sent, GuardSession session, String requestId,
                               String model, boolean erasureIds) {
        ObjectNode r = Json.object();
        // the snapshot's identity may not have been scanned (the answer blocked first): each is kept only where
        // the guard finds nothing in it, else the gateway's own is written
        String id = snapshot == null ? null : Json.text(snapshot, "id");
        r.put("id", id != null && !session.findsActedOn(id) ? id : "resp_" + requestId);
        r.put("object", "response");
        JsonNode created = snapshot == null ? null : snapshot.get("created_at");
        if (created != null && created.isNumber() && !session.findsActedOn(created.asText())) {
            r.set("created_at", created);
        } else {
            r.put("created_at", System.currentTimeMillis() / 1000);
        }
        r.put("status", "incomplete");
        r.putObject("incomplete_details").put("reason", "content_filter");
        String m = snapshot == null ? null : Json.text(snapshot, "model");
        r.put("model", m != null && !session.findsActedOn(m) ? m : model);
        ArrayNode output = r.putArray("output");
        sent.forEach(output::add);
        ObjectNode msg = output.addObject();
        msg.put("id", "msg_" + requestId);
        msg.put("type", "message");
        msg.put("status", "incomplete");
        msg.put("role", "assistant");
        ObjectNode part = msg.putArray("content").addObject();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.put("text", session.refusal(0));
        r.putNull("error");
        r.putNull("usage");
        r.set("guard", GuardObject.of(session.findings(), erasureIds));
        return r;
    }

    @Override
    public boolean waiting() {
        return deferred != null || draining;
    }

    @Override
    public void onWake(List<WireEvent> out) {
        if (ended) {
            session.poll();
            return;
        }
        for (Map.Entry<Channel, Release> e : session.poll().entrySet()) {
            if (e.getKey().choice() >= Probes.ALT) {
                continue; // alternatives: their release only lets logprobs go
            }
            if (e.getValue().blockedNow()) {
                block(out);
                return;
            }
            released.computeIfAbsent(e.getKey(), k -> new StringBuilder()).append(e.getValue().text());
            emitReleased(e.getKey(), e.getValue().text(), out);
        }
        openGate(false, out);
        flush(out);
        if (draining && deferred == null) {
            try {
                drain(out);
            } catch (Unwalkable e) {
                session.blockChoice(0, "unwalkable");
                block(out);
            }
        }
    }

    @Override
    public void onEnd(List<WireEvent> out) {
        if (ended) {
            return;
        }
        probes.values().forEach(Probes::finish);
        for (Channel ch : new ArrayList<>(session.openChannels())) {
            emitReleased(ch, finishText(ch), out);
        }
        if (session.isBlocked(0)) {
            block(out);
            return;
        }
        openGate(true, out); // every part ended and the join was checked at each end
    }

    /**
     * The body ended before the terminal event: the events still queued in {@link #ahead} go out as after an event
     * that says their texts were cut (what their channels hold is dropped, as a chat stream's without its finish);
     * the relay then ends the client's stream with its truncation error.
     */
    @Override
    public void onCut(List<WireEvent> out) {
        if (ended || ahead.isEmpty()) {
            return;
        }
        cutting = true;
        draining = true;
        try {
            drain(out);
        } catch (Unwalkable e) {
            session.blockChoice(0, "unwalkable");
            block(out);
        }
    }

    @Override
    public List<WireEvent> trailer() {
        return List.of();
    }

    @Override
    public WireEvent error(ObjectNode errorBody) {
        JsonNode e = errorBody.path("error");
        ObjectNode ev = Json.object();
        ev.put("type", "error");
        ev.set("code", e.path("code").isMissingNode() ? Json.object().nullNode() : e.get("code"));
        ev.set("message", e.path("message").isMissingNode() ? Json.object().textNode("upstream error") : e.get("message"));
        ev.set("param", e.path("param").isMissingNode() ? Json.object().nullNode() : e.get("param"));
        ev.put("sequence_number", seq++);
        return new WireEvent("error", Json.write(ev));
    }

    @Override
    public boolean terminal(String event, String data) {
        return data != null && data.strip().equals("[DONE]");
    }

    @Override
    public boolean ended() {
        return ended;
    }

    /** The terminal event went by (or the response was blocked). */
    @Override
    public boolean settled() {
        return ended;
    }

    private static String eventName(String event, String type) {
        String n = event != null ? event : type;
        if (n == null || n.isEmpty() || n.length() > 100) {
            return null;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-')) {
                return null;
            }
        }
        return n;
    }

    private static int outputIndex(ObjectNode data) throws Unwalkable {
        return index(data, "output_index");
    }

    private static int index(ObjectNode data, String field) throws Unwalkable {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!(v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0)) {
            throw new Unwalkable("an event's '" + field + "' is not a non-negative integer");
        }
        return v.asInt();
    }
}
