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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-answer translator of {@code POST /v1/responses}: every text of the response object
 * ({@link ItemWalker}, default-deny) is scanned; redactions are written in place (logprobs of redacted
 * tokens dropped); a blocked response becomes {@code status: "incomplete"} with
 * {@code incomplete_details.reason: "content_filter"} and the refusal as its one output message. With
 * findings, a top-level {@code guard} object names them. Each text no delta could have announced (an
 * annotation, an unknown field) is scanned on its own.
 */
public final class ResponsesWhole implements WholeTranslator {

    private final GuardSession session;
    private final ObjectNode body;
    private final String requestId;
    private final String model;
    private final ChoiceWalker.Walk walk;
    private final Map<TextLeaf, Channel> channelOf = new LinkedHashMap<>();
    private final Map<Channel, StringBuilder> released = new HashMap<>();
    private final Map<Channel, StringBuilder> raw = new HashMap<>();
    private final Map<Channel, TextLeaf> lastLeaf = new HashMap<>();
    private final Map<TextLeaf, StringBuilder> leafReleased = new HashMap<>();

    private ResponsesWhole(GuardSession session, ObjectNode body, String requestId, String model) {
        this.session = session;
        this.body = body;
        this.requestId = requestId;
        this.model = model;
        this.walk = ItemWalker.response(body);
    }

    /** Feeds every text of the response to the session and finishes every channel. */
    public static ResponsesWhole start(GuardSession session, ObjectNode body, String requestId, String model) {
        session.wholeAnswer();
        ResponsesWhole w = new ResponsesWhole(session, body, requestId, model);
        if (w.walk.unwalkable) {
            session.blockChoice(0, "unwalkable");
        }
        int serial = 0;
        for (TextLeaf leaf : w.walk.leaves) {
            if (leaf.text.isEmpty() || session.isBlocked(0)) {
                continue;
            }
            Channel ch = leaf.channel;
            if (ch.kind() == ChannelKind.OTHER) {
                ch = Channel.other(0, ch.index(), ch.field() + "#" + (serial++));
            }
            w.channelOf.put(leaf, ch);
            w.raw.computeIfAbsent(ch, k -> new StringBuilder()).append(leaf.text);
            Release r = session.append(ch, leaf.text);
            w.leafReleased.put(leaf, new StringBuilder(r.text()));
            w.lastLeaf.put(ch, leaf);
        }
        for (Channel ch : new ArrayList<>(session.openChannels())) {
            w.add(ch, session.finish(ch));
        }
        return w;
    }

    private void add(Channel ch, Release r) {
        TextLeaf leaf = lastLeaf.get(ch);
        if (leaf != null && !r.text().isEmpty()) {
            leafReleased.get(leaf).append(r.text());
        }
    }

    @Override
    public void collect(Map<Channel, Release> releases) {
        for (Map.Entry<Channel, Release> e : releases.entrySet()) {
            add(e.getKey(), e.getValue());
        }
    }

    @Override
    public boolean apply() {
        if (session.isBlocked(0)) {
            block();
            return true;
        }
        boolean changed = false;
        for (Map.Entry<TextLeaf, Channel> e : channelOf.entrySet()) {
            TextLeaf leaf = e.getKey();
            changed |= leaf.write(leafReleased.get(leaf).toString(), true);
            changed |= filterLogprobs(leaf, e.getValue());
        }
        if (!session.findings().isEmpty()) {
            body.set("guard", GuardObject.of(session.findings()));
            changed = true;
        }
        return changed;
    }

    /** Entries of logprobs next to a redacted text whose tokens overlap a redaction are dropped. */
    private boolean filterLogprobs(TextLeaf leaf, Channel ch) {
        List<Redaction> reds = session.redactions(ch);
        ObjectNode holder = leaf.holder();
        if (reds.isEmpty() || holder == null || !(holder.get("logprobs") instanceof ArrayNode entries) || entries.isEmpty()) {
            return false;
        }
        StringBuilder spelled = new StringBuilder();
        for (JsonNode en : entries) {
            spelled.append(en.path("token").asText(""));
        }
        ArrayNode kept = holder.arrayNode();
        if (spelled.toString().contentEquals(raw.get(ch))) {
            int at = 0;
            for (JsonNode en : entries) {
                int len = en.path("token").asText("").length();
                boolean clean = true;
                for (Redaction r : reds) {
                    clean &= !r.overlaps(at, Math.max(at + len, at + 1));
                }
                if (clean) {
                    kept.add(en);
                }
                at += len;
            }
        }
        holder.set("logprobs", kept);
        return true;
    }

    /** Every text replaced by the refusal: an incomplete response for content_filter. */
    private void block() {
        ObjectNode refused = ResponsesStream.refused(body, session, requestId, model);
        List<String> drop = new ArrayList<>();
        for (TextLeaf leaf : walk.leaves) {
            String top = leaf.path.get(0).field();
            if (leaf.holder() == body && !top.equals("output")) {
                drop.add(top); // text outside the output (a top-level output_text, output_messages)
            }
        }
        for (String f : drop) {
            body.remove(f);
        }
        for (String f : List.of("status", "incomplete_details", "output", "guard")) {
            body.set(f, refused.get(f));
        }
        if (body.has("output_text")) {
            body.put("output_text", session.refusal(0));
        }
    }
}
