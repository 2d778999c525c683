package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-answer translator of {@code /v1/chat/completions} and legacy {@code /v1/completions}: every
 * text of every choice ({@link ChoiceWalker}, default-deny) is fed to the session as if it had been
 * streamed in one chunk, so the answer equals the concatenated stream. Redactions are written in place; a
 * blocked choice gets the refusal as its content and loses every other text, its token data and tool calls,
 * and finishes with {@code content_filter}; logprobs of redacted text are dropped, the rest kept
 * ({@link Probes}). With findings, a top-level {@code guard} object names them.
 */
public final class ChatWhole implements WholeTranslator {

    /** The roles an answer's message may have; a blocked choice keeps no other value. */
    private static final java.util.Set<String> ROLES = java.util.Set.of("assistant", "tool", "function", "system",
            "user", "developer");

    private final GuardSession session;
    private final ObjectNode body;
    private final boolean legacy;
    private final Declared declared;
    private final Atoms atoms;
    private boolean topChanged;
    /** A number or undeclared name written back as released: the body changed. */
    private boolean atomsChanged;
    private final Map<Integer, ChoiceEntry> choices = new LinkedHashMap<>();
    private final LeafReleases released = new LeafReleases();
    /** Per choice, its texts per channel, checked for forms split across parts once all are finished. */
    private final Map<Integer, Parts> split = new LinkedHashMap<>();

    private record ChoiceEntry(ObjectNode choice, ChoiceWalker.Walk walk, Probes probes) {
    }

    private ChatWhole(GuardSession session, ObjectNode body, boolean legacy, Declared declared) {
        this.session = session;
        this.body = body;
        this.legacy = legacy;
        this.declared = declared;
        this.atoms = new Atoms(session);
    }

    /**
     * Feeds every text of the answer to the session and finishes every channel.
     *
     * @param declared what the request declared (tool names)
     * @throws Unwalkable when {@code choices} is not an array of objects
     */
    public static ChatWhole start(GuardSession session, ObjectNode body, boolean legacy, Declared declared)
            throws Unwalkable {
        return start(session, body, legacy, declared, null, null);
    }

    /**
     * {@link #start(GuardSession, ObjectNode, boolean, Declared)}; an identity field ({@code id}, {@code object},
     * {@code created}, {@code model}) the guard removes is written with the gateway's own value.
     *
     * @param requestId the gateway's request id, or {@code null} to leave a removed identity field out
     * @param model     the model the client asked for, or {@code null}
     */
    public static ChatWhole start(GuardSession session, ObjectNode body, boolean legacy, Declared declared,
                                  String requestId, String model) throws Unwalkable {
        Envelope own = requestId == null ? null : new Envelope((legacy ? "cmpl-" : "chatcmpl-") + requestId,
                legacy ? "text_completion" : "chat.completion", model, System.currentTimeMillis() / 1000);
        java.util.Set<String> had = Envelope.present(body);
        boolean renamed = own != null && own.replaceNaming(body, new Atoms(session), ChatStream.IDENTITY_TEXT);
        ChatWhole w = startWalk(session, body, legacy, declared);
        w.topChanged |= renamed;
        if (own != null && w.topChanged) {
            own.refill(body, had);
        }
        return w;
    }

    private static ChatWhole startWalk(GuardSession session, ObjectNode body, boolean legacy, Declared declared)
            throws Unwalkable {
        session.wholeAnswer();
        session.declareKeys(declared.keys());
        ChatWhole w = new ChatWhole(session, body, legacy, declared);
        JsonNode choicesNode = body.get("choices");
        if (choicesNode != null && !choicesNode.isNull() && !(choicesNode instanceof ArrayNode)) {
            throw new Unwalkable("the answer's 'choices' is not an array");
        }
        if (!(choicesNode instanceof ArrayNode arr)) {
            w.topChanged = ChoiceWalker.guardTop(body, declared, w.atoms, true);
            return w;
        }
        for (int p = 0; p < arr.size(); p++) {
            if (!(arr.get(p) instanceof ObjectNode choice)) {
                throw new Unwalkable("a choice of the answer is not an object");
            }
            w.feed(ChatStream.index(choice, p), choice);
        }
        for (ChoiceEntry c : w.choices.values()) {
            c.probes().finish(ChatStream.cutOff(c.choice().get("finish_reason")));
        }
        for (Channel ch : new ArrayList<>(session.openChannels())) {
            ChoiceEntry c = w.choices.get(ch.choice());
            if (c != null && ChatStream.cutOff(c.choice().get("finish_reason"))) {
                w.released.add(ch, session.cut(ch)); // as streamed: what was held at the token limit's cut is dropped
            } else {
                w.released.add(ch, session.finish(ch));
            }
        }
        // once every part is finished (a name ending a part is found only at its end)
        w.split.forEach(w::splitAcrossParts);
        w.choices.forEach(w::splitAcrossUnknownFields);
        // the fields beside the choices after them, as they stand in the body: a person the answer named makes
        // their surname a finding there too ({"usage": {"note": "Ashdale"}}; an outside tester, helper-62)
        w.topChanged = ChoiceWalker.guardTop(body, declared, w.atoms, true);
        return w;
    }

    private void feed(int index, ObjectNode choice) throws Unwalkable {
        if (choices.containsKey(index)) {
            throw new Unwalkable("two choices of the answer have the same index");
        }
        atomsChanged |= !legacy && ChoiceWalker.integralToolIndexes(choice); // 0.0 or "0": written as 0
        ChoiceWalker.Walk walk = ChoiceWalker.choice(index, choice, legacy, declared);
        Probes probes = new Probes(session);
        choices.put(index, new ChoiceEntry(choice, walk, probes));
        if (walk.unwalkable) {
            session.blockChoice(index, "unwalkable");
        }
        Probes.Ranges ranges = new Probes.Ranges();
        List<TextLeaf> fed = new ArrayList<>(walk.leaves.size());
        List<TextLeaf> leaves = namingFirst(walk.leaves);
        List<Channel> on = new ArrayList<>(walk.leaves.size());
        boolean parts = false;
        for (TextLeaf leaf : leaves) {
            if (leaf.text.isEmpty() || session.isBlocked(index)) {
                continue;
            }
            if (leaf.mode != TextLeaf.Mode.STREAM) {
                atomsChanged |= atoms.handle(leaf, true) == Atoms.Outcome.CHANGED;
                continue;
            }
            Channel channel = own(leaf, fed);
            fed.add(leaf);
            on.add(channel);
            parts |= !channel.equals(leaf.channel);
            if (declared.jsonOutput() && channel.kind() == io.lethe.guard.ChannelKind.CONTENT) {
                session.treatAsJson(channel);
            }
            int from = session.length(channel);
            Release r = session.append(channel, leaf.text);
            // token ids stand for every part's range (a redaction in any part drops them); logprobs spell the
            // first part's text only, so entries for further parts cannot be attributed and are dropped
            ranges.add(channel, from, from + leaf.text.length(), channel.equals(leaf.channel) ? leaf.text : "");
            released.appended(leaf, channel, r.text());
        }
        probes.take(choice, index, ranges);
        if (parts) {
            split.put(index, new Parts(fed, on));
        }
    }

    /**
     * A choice's leaves with the texts of the channels that find something on their own first (each channel's texts
     * in their order), the rest after them in the walk's order: every channel of a choice then follows the mentions
     * of the others, whatever order the fields stand in (helper-74: a surname in {@code reasoning_content} after the
     * {@code content} that named the person was no follow-up, though a stream that sends it later redacts it). Within
     * a channel, positions still decide, as in a stream. The walk's order when only one channel has text.
     */
    private List<TextLeaf> namingFirst(List<TextLeaf> leaves) {
        Map<Channel, StringBuilder> texts = new LinkedHashMap<>();
        for (TextLeaf leaf : leaves) {
            if (leaf.mode == TextLeaf.Mode.STREAM && !leaf.text.isEmpty()) {
                texts.computeIfAbsent(leaf.channel, k -> new StringBuilder()).append(leaf.text);
            }
        }
        if (texts.size() < 2) {
            return leaves;
        }
        java.util.Set<Channel> naming = new java.util.HashSet<>();
        texts.forEach((ch, t) -> {
            if (session.findsActedOn(t.toString())) {
                naming.add(ch);
            }
        });
        if (naming.isEmpty() || naming.size() == texts.size()) {
            return leaves;
        }
        List<TextLeaf> out = new ArrayList<>(leaves.size());
        for (TextLeaf leaf : leaves) {
            if (naming.contains(leaf.channel)) {
                out.add(leaf);
            }
        }
        for (TextLeaf leaf : leaves) {
            if (!naming.contains(leaf.channel)) {
                out.add(leaf);
            }
        }
        return out;
    }

    /**
     * The strings of a choice's unknown fields (its own, its message's, any depth), each clean alone, that find
     * something joined as a client would join them ({@code {"a": "Cor", "b": "win Ashdale"}}, vLLM's
     * {@code prompt_logprobs}; an outside tester, helper-63): no string alone can be redacted, so the choice is
     * blocked ({@code split-across-parts}).
     */
    private void splitAcrossUnknownFields(int index, ChoiceEntry c) {
        if (session.isBlocked(index)) {
            return;
        }
        List<TextLeaf> unknown = new ArrayList<>();
        for (TextLeaf leaf : c.walk().leaves) {
            if (leaf.channel.kind() == io.lethe.guard.ChannelKind.OTHER) {
                unknown.add(leaf);
            }
        }
        for (io.lethe.guard.pipeline.DecidedFinding f : session.findings(index)) {
            if (f.finding().channel().kind() == io.lethe.guard.ChannelKind.OTHER) {
                return;  // redacted where found already
            }
        }
        if (atoms.joinedFinds(unknown) || atoms.promptTokensFind(c.choice().get("prompt_logprobs"))) {
            session.blockChoice(index, "split-across-parts");
        }
    }

    /** A choice's texts, in order, and the channel each was scanned on (kept only when some are parts). */
    private record Parts(List<TextLeaf> leaves, List<Channel> on) {
    }

    /**
     * A form split across the text parts of one channel ("... Corwin" | " Ashdale ..."), which a client joins: when
     * the parts joined hold a finding and no part alone held one, the choice is blocked (it cannot be redacted in
     * parts that each look clean).
     */
    private void splitAcrossParts(int index, Parts p) {
        Map<Channel, List<Channel>> own = new LinkedHashMap<>();
        Map<Channel, StringBuilder> joined = new LinkedHashMap<>();
        for (int i = 0; i < p.leaves().size(); i++) {
            TextLeaf leaf = p.leaves().get(i);
            own.computeIfAbsent(leaf.channel, k -> new ArrayList<>()).add(p.on().get(i));
            joined.computeIfAbsent(leaf.channel, k -> new StringBuilder()).append(leaf.text);
        }
        for (Map.Entry<Channel, List<Channel>> e : own.entrySet()) {
            if (e.getValue().size() < 2 || session.isBlocked(index)) {
                continue;
            }
            boolean partsFound = false;
            for (io.lethe.guard.pipeline.DecidedFinding f : session.findings(index)) {
                partsFound |= e.getValue().contains(f.finding().channel());
            }
            if (!partsFound && session.findsActedOn(joined.get(e.getKey()).toString())) {
                session.blockChoice(index, "split-across-parts");
            }
        }
    }

    /**
     * The channel a whole answer's text is scanned on: the leaf's own, unless an earlier text of the choice sat on
     * that channel at the same place (another element of the same array: the second text part of a
     * {@code content} array), which gets a numbered one ({@code content[1]}). The parts of one answer are separate
     * texts: joined, "... Corwin Ashdale" and "fine" read "Ashdalefine", no name, and the released text moved
     * across part boundaries. Texts of one channel at different places (a {@code reasoning} field and a thinking
     * part) stay one text, as a stream delivers them.
     */
    private static Channel own(TextLeaf leaf, List<TextLeaf> before) {
        Channel channel = leaf.channel;
        if (channel.kind() == io.lethe.guard.ChannelKind.TOOL_ARGUMENTS || channel.index() >= 0) {
            return channel;
        }
        int n = 0;
        for (TextLeaf b : before) {
            if (b.channel.equals(channel) && samePlace(b.path, leaf.path)) {
                n++;
            }
        }
        return n == 0 ? channel : new Channel(channel.choice(), channel.kind(), n, channel.field());
    }

    /** The same fields and array elements from the choice down (element identities aside). */
    private static boolean samePlace(List<TextLeaf.Step> a, List<TextLeaf.Step> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).element() != b.get(i).element() || !a.get(i).field().equals(b.get(i).field())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void collect(Map<Channel, Release> releases) {
        released.collect(releases);
    }

    @Override
    public boolean apply() {
        boolean changed = topChanged || atomsChanged;
        for (Map.Entry<Integer, ChoiceEntry> e : choices.entrySet()) {
            int index = e.getKey();
            ChoiceEntry c = e.getValue();
            if (session.isBlocked(index)) {
                block(index, c);
                changed = true;
                continue;
            }
            boolean modified = false;
            Map<TextLeaf, String> out = new HashMap<>();
            for (TextLeaf leaf : c.walk().leaves) {
                String r = released.of(leaf);
                if (r != null) {
                    modified |= leaf.write(r, true);
                    out.put(leaf, r);
                }
            }
            for (ChoiceWalker.Mirror m : c.walk().mirrors) {
                String text = out.get(m.source());
                if (text != null && !text.equals(Json.text(m.holder(), m.field()))) {
                    m.holder().put(m.field(), text);
                    modified = true;
                }
            }
            Probes.Ready ready = c.probes().ready(session);
            if (ready.dropped > 0) {
                Probes.write(c.choice(), c.choice(), ready, legacy);
                modified = true;
            }
            if (!c.walk().opaque.isEmpty() && !session.findings(index).isEmpty()) {
                for (ObjectNode audio : c.walk().opaque) {
                    modified |= audio.remove("data") != null;
                }
            }
            changed |= modified;
        }
        if (!session.findings().isEmpty()) {
            body.set("guard", GuardObject.of(session.findings(), declared.erasureIds()));
            changed = true;
        }
        return changed;
    }

    /**
     * The refusal in place of every text of the choice: the choice keeps its index and, in chat, the message's
     * role when it is one of the protocol's ({@code assistant} otherwise); every other field goes (default-deny:
     * a field the walker could not take apart may hold text).
     */
    private void block(int index, ChoiceEntry c) {
        ObjectNode choice = c.choice();
        String refusal = session.refusal(index);
        JsonNode old = choice.get("message");
        JsonNode idx = choice.get("index");
        choice.removeAll();
        if (idx != null) {
            choice.set("index", idx);
        }
        if (legacy) {
            choice.put("text", refusal);
        } else {
            ObjectNode message = Json.object();
            String role = old instanceof ObjectNode o ? Json.text(o, "role") : null;
            // the role only when it is one of the protocol's: any other value is text, gone with the rest
            message.put("role", role != null && ROLES.contains(role) ? role : "assistant");
            message.put("content", refusal);
            choice.set("message", message);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", "content_filter");
    }
}
