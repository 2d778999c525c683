package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-answer translator of {@code POST /v1/responses}: every text of the response object
 * ({@link ItemWalker}, default-deny) is scanned; redactions are written in place (logprobs of redacted
 * tokens dropped); a blocked response becomes {@code status: "incomplete"} with
 * {@code incomplete_details.reason: "content_filter"} and the refusal as its one output message. With
 * findings, a top-level {@code guard} object names them. Each text no delta could have announced (an
 * annotation, an unknown field) is scanned on its own. The output_text parts, and the refusal parts among them,
 * are also checked joined, as a stream checks them ({@link MessageTextJoins}).
 */
public final class ResponsesWhole implements WholeTranslator {

    private final GuardSession session;
    private final ObjectNode body;
    private final String requestId;
    private final String model;
    private final ChoiceWalker.Walk walk;
    private final Declared declared;
    private final Map<TextLeaf, Channel> channelOf = new LinkedHashMap<>();
    private final Map<Channel, StringBuilder> raw = new HashMap<>();
    private final LeafReleases released = new LeafReleases();
    private final Probes probes;
    /** A number or undeclared name was written back as released. */
    private boolean atomsChanged;

    private ResponsesWhole(GuardSession session, ObjectNode body, Declared declared, String requestId, String model) {
        this.session = session;
        this.body = body;
        this.requestId = requestId;
        this.model = model;
        this.probes = new Probes(session);
        this.walk = ItemWalker.response(body, declared);
        this.declared = declared;
    }

    /** Feeds every text of the response to the session and finishes every channel. */
    public static ResponsesWhole start(GuardSession session, ObjectNode body, Declared declared, String requestId,
                                       String model) {
        session.wholeAnswer();
        session.declareKeys(declared.keys());
        // an identity naming someone gets the gateway's own (helper-86: the id went out and the answer was blocked)
        ObjectNode own = Json.object().put("id", "resp_" + requestId).put("object", "response");
        if (model != null) {
            own.put("model", model);
        }
        boolean renamed = new Envelope(own).replaceNaming(body, new Atoms(session), "id", "object", "model");
        ResponsesWhole w = new ResponsesWhole(session, body, declared, requestId, model);
        w.atomsChanged = renamed;
        if (w.walk.unwalkable) {
            session.blockChoice(0, "unwalkable");
        }
        int serial = 0;
        Atoms atoms = new Atoms(session);
        for (TextLeaf leaf : w.walk.leaves) {
            if (leaf.text.isEmpty() || session.isBlocked(0)) {
                continue;
            }
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                w.atomsChanged |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
                continue;
            }
            Channel ch = leaf.channel;
            if (ch.kind() == ChannelKind.OTHER) {
                // a name no atom took (Atoms names its channels alike)
                do {
                    ch = Channel.other(0, leaf.channel.index(), leaf.channel.field() + "#" + (serial++));
                } while (session.hasChannel(ch));
            }
            w.channelOf.put(leaf, ch);
            if (declared.jsonOutput() && ch.kind() == ChannelKind.CONTENT) {
                session.treatAsJson(ch);
            }
            w.raw.computeIfAbsent(ch, k -> new StringBuilder()).append(leaf.text);
            Release r = session.append(ch, leaf.text);
            w.released.appended(leaf, ch, r.text());
        }
        for (Channel ch : new ArrayList<>(session.openChannels())) {
            // as streamed: a response or item that did not complete (max_output_tokens) drops what was held at its cut
            w.released.add(ch, cutOff(body, ch.index()) && !errorText(ch) ? session.cut(ch) : session.finish(ch));
        }
        w.splitAcrossParts();
        w.splitAcrossElements(atoms);
        return w;
    }

    /**
     * Whether the texts of a response's output item were cut before their end: the response's or the item's
     * {@code status} is there and is not {@code "completed"} ({@code "incomplete"} at {@code max_output_tokens} or
     * the upstream's own filter, {@code "failed"}, {@code "cancelled"}). Then what the guard still held, which could
     * have become a finding ("Corwin Ash"), is dropped ({@link GuardSession#cut}), not released. No status at all
     * is taken as complete, as a chat answer without a finish reason is.
     *
     * @param response    the response object (a whole answer, or a stream's terminal snapshot)
     * @param outputIndex the item's index in {@code output} (-1: a text outside the items)
     */
    static boolean cutOff(ObjectNode response, int outputIndex) {
        if (itemCut(response)) {
            return true;
        }
        JsonNode item = outputIndex >= 0 ? response.path("output").path(outputIndex) : null;
        return item instanceof ObjectNode o && itemCut(o);
    }

    /**
     * Whether a channel is a text of the response's {@code error} object: the server's whole message, not output the
     * generation cut, so a failed response's status does not cut it (helper-89: the tail held at its end, "_error" of
     * the code and the message's last ".", was dropped).
     */
    static boolean errorText(Channel ch) {
        return ch.kind() == ChannelKind.OTHER && ch.field() != null && ch.field().startsWith("response.error.");
    }

    /** Whether a response or output item says it did not complete: a {@code status} there that is not {@code "completed"}. */
    static boolean itemCut(ObjectNode item) {
        JsonNode status = item.get("status");
        return status != null && !status.isNull() && !"completed".equals(status.asText());
    }

    /**
     * The strings of the response's unknown fields (an output item's {@code tokens}, a top-level array, an unknown
     * object's values; each scanned whole on its own) that are clean alone but find something joined as a client
     * joins them ({@code ["Cor", "win", " Ash", "dale"]}, {@code {"a": "Corwin", "b": " Ashdale"}}; outside
     * testers, helper-62 and -63): no string alone can be redacted, so the response is blocked, as a chat answer's
     * parts are ({@code split-across-parts}).
     */
    private void splitAcrossElements(Atoms atoms) {
        if (session.isBlocked(0)) {
            return;
        }
        for (io.lethe.guard.pipeline.DecidedFinding f : session.findings(0)) {
            if (f.finding().channel().kind() == ChannelKind.OTHER) {
                return;  // redacted where found already
            }
        }
        List<TextLeaf> unknown = new ArrayList<>();
        for (TextLeaf leaf : walk.leaves) {
            if (leaf.channel.kind() == ChannelKind.OTHER) {
                unknown.add(leaf);
            }
        }
        if (atoms.joinedFinds(unknown)) {
            session.blockChoice(0, "split-across-parts");
        }
    }

    /**
     * A form split across output_text parts or messages ("... Corwin" | " Ashdale ..."), which the SDKs'
     * {@code output_text} joins, or across refusal parts among them, which a client shows beside them
     * ({@link MessageTextJoins}): checked as a stream checks it ({@link OutputTextJoin}), so both end alike; a
     * form that crosses a part boundary blocks the response (no part alone can be redacted).
     */
    private void splitAcrossParts() {
        MessageTextJoins join = new MessageTextJoins(session, false);
        for (Map.Entry<TextLeaf, Channel> e : channelOf.entrySet()) {
            if (MessageTextJoins.isPart(e.getValue())) {
                join.append(e.getValue(), e.getKey().text);
            }
        }
        for (Channel ch : new java.util.LinkedHashSet<>(channelOf.values())) {
            if (MessageTextJoins.isPart(ch)) {
                join.ended(ch);
            }
        }
    }

    @Override
    public void collect(Map<Channel, Release> releases) {
        released.collect(releases);
    }

    @Override
    public boolean apply() {
        if (session.isBlocked(0)) {
            block();
            return true;
        }
        boolean changed = atomsChanged;
        for (Map.Entry<TextLeaf, Channel> e : channelOf.entrySet()) {
            TextLeaf leaf = e.getKey();
            changed |= leaf.write(released.of(leaf), true);
            changed |= filterLogprobs(leaf, e.getValue());
        }
        if (!session.findings().isEmpty()) {
            body.set("guard", GuardObject.of(session.findings(), declared.erasureIds()));
            changed = true;
        }
        return changed;
    }

    /** Logprobs next to a text: only those that spell it and cover no redaction ({@link Probes#whole}). */
    private boolean filterLogprobs(TextLeaf leaf, Channel ch) {
        ObjectNode holder = leaf.holder();
        if (holder == null || !(holder.get("logprobs") instanceof ArrayNode entries) || entries.isEmpty()) {
            return false;
        }
        ArrayNode kept = probes.whole(entries, raw.get(ch).toString(), ch, session);
        holder.set("logprobs", kept);
        return !kept.equals(entries);
    }

    /** Every text replaced by the refusal: an incomplete response for content_filter. */
    private void block() {
        ObjectNode refused = ResponsesStream.refused(body, session, requestId, model, declared.erasureIds());
        List<String> drop = new ArrayList<>();
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ItemWalker.RESPONSE_FIELDS.contains(f) || !(declared.exempt(f, body.get(f)) || declared.echoes(f, body.get(f)))) {
                drop.add(f); // anything but the response's own settings and the request's echoes may hold text
            }
        }
        for (String f : drop) {
            body.remove(f);
        }
        for (String f : List.of("status", "incomplete_details", "output", "guard")) {
            body.set(f, refused.get(f));
        }

    }
}
