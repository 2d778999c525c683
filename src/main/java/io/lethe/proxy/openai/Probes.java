package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Redaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A choice's token-level data — chat {@code logprobs.content} / {@code logprobs.refusal}, legacy
 * {@code logprobs} (tokens, token_logprobs, top_logprobs, text_offset) and vLLM's {@code token_ids} — sent
 * only once the text they describe is released, and dropped where that text was redacted (they would
 * reveal it). Entries are matched to raw ranges of their channel: per token where the tokens spell the
 * chunk's text exactly, else all of the chunk's entries share its range. Order is kept. One per choice;
 * not thread-safe.
 */
final class Probes {

    /** One entry and the raw ranges of text it stands for. */
    private record Item(JsonNode entry, Channel[] channels, int[] from, int[] to) {
    }

    private final ArrayDeque<Item> content = new ArrayDeque<>();
    private final ArrayDeque<Item> refusal = new ArrayDeque<>();
    private final ArrayDeque<Item> legacy = new ArrayDeque<>();
    private final ArrayDeque<Item> tokenIds = new ArrayDeque<>();
    /** Entries dropped at take because they could not be attributed to text (never sent). */
    private int unattributed;
    /** Alternatives scanned so far (each scan gets its own channel). */
    private int scans;
    /** The legacy entries' fields other than the four parallel arrays, kept from the latest chunk. */
    private final List<String> legacyArrays = List.of("tokens", "token_logprobs", "top_logprobs", "text_offset");

    /** Where one chunk's text went: per channel, the raw range its leaves were appended to. */
    static final class Ranges {
        final List<Channel> channels = new ArrayList<>(2);
        final List<int[]> ranges = new ArrayList<>(2);
        final StringBuilder contentText = new StringBuilder();
        final StringBuilder refusalText = new StringBuilder();
        final StringBuilder legacyText = new StringBuilder();

        void add(Channel ch, int from, int to, String text) {
            int i = channels.indexOf(ch);
            if (i < 0) {
                channels.add(ch);
                ranges.add(new int[]{from, to});
            } else {
                ranges.get(i)[1] = to;
            }
            switch (ch.kind()) {
                case CONTENT -> contentText.append(text);
                case REFUSAL -> refusalText.append(text);
                case TEXT -> legacyText.append(text);
                default -> {
                }
            }
        }

        int[] of(Channel ch) {
            int i = channels.indexOf(ch);
            return i < 0 ? null : ranges.get(i);
        }
    }

    boolean isEmpty() {
        return content.isEmpty() && refusal.isEmpty() && legacy.isEmpty() && tokenIds.isEmpty();
    }

    void clear() {
        content.clear();
        refusal.clear();
        legacy.clear();
        tokenIds.clear();
    }

    /** Takes a chunk's (or whole choice's) token data, to be sent once its text is. */
    void take(ObjectNode choice, int index, Ranges r) {
        JsonNode lp = choice.get("logprobs");
        if (lp instanceof ObjectNode o) {
            if (o.get("content") instanceof ArrayNode a) {
                queue(content, a, Channel.content(index), r.of(Channel.content(index)), r.contentText);
            }
            if (o.get("refusal") instanceof ArrayNode a) {
                queue(refusal, a, Channel.refusal(index), r.of(Channel.refusal(index)), r.refusalText);
            }
            if (o.get("tokens") instanceof ArrayNode tokens) {
                int[] range = r.of(Channel.text(index));
                if (range == null || !spells(tokens, r.legacyText.toString())) {
                    unattributed += tokens.size();
                } else {
                    int at = range[0];
                    for (int i = 0; i < tokens.size(); i++) {
                        ObjectNode e = Json.object();
                        for (String f : legacyArrays) {
                            JsonNode arr = o.get(f);
                            e.set(f, arr instanceof ArrayNode a && i < a.size() ? a.get(i) : Json.object().nullNode());
                        }
                        int len = tokens.get(i).asText().length();
                        legacy.add(new Item(e, new Channel[]{Channel.text(index)}, new int[]{at}, new int[]{at + len}));
                        at += len;
                    }
                }
            }
        }
        if (choice.get("token_ids") instanceof ArrayNode ids) {
            Channel[] chs = r.channels.toArray(Channel[]::new);
            int[] from = new int[chs.length];
            int[] to = new int[chs.length];
            for (int i = 0; i < chs.length; i++) {
                from[i] = r.ranges.get(i)[0];
                to[i] = r.ranges.get(i)[1];
            }
            for (JsonNode id : ids) {
                tokenIds.add(new Item(id, chs, from, to));
            }
        }
    }

    /**
     * Takes the logprob entries of one Responses API text delta (or whole text) over {@code [from, to)} of its
     * channel; they come out through {@link Ready#content}.
     */
    void takeEntries(ArrayNode entries, Channel ch, int from, int to, String text) {
        queue(content, entries, ch, new int[]{from, to}, text);
    }

    /**
     * Queues entries against their channel's range: per token. Entries whose tokens do not spell the chunk's
     * text exactly (byte-level tokens, entries for text the chunk did not carry) cannot be attributed to text
     * and are dropped.
     */
    private void queue(ArrayDeque<Item> q, ArrayNode entries, Channel ch, int[] range, CharSequence text) {
        if (entries.isEmpty()) {
            return;
        }
        if (range == null || !spells(entries, "token", text.toString())) {
            unattributed += entries.size();
            return;
        }
        int at = range[0];
        for (JsonNode e : entries) {
            int len = e.get("token").textValue().length();
            q.add(new Item(e, new Channel[]{ch}, new int[]{at}, new int[]{at + len}));
            at += len;
        }
    }

    private static boolean spells(ArrayNode entries, String field, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (JsonNode e : entries) {
            JsonNode t = e.get(field);
            if (t == null || !t.isTextual()) {
                return false;
            }
            sb.append(t.textValue());
        }
        return sb.toString().equals(text);
    }

    private static boolean spells(ArrayNode tokens, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (JsonNode t : tokens) {
            if (!t.isTextual()) {
                return false;
            }
            sb.append(t.textValue());
        }
        return sb.toString().equals(text);
    }

    /**
     * The logprobs beside a whole text (a Responses API part or done event) as they may go out: none when their
     * tokens do not spell the text exactly (they cannot be attributed); else those whose token overlaps no
     * redaction, each as {@link #entry} lets it out.
     *
     * @param raw the channel's raw text
     */
    ArrayNode whole(ArrayNode entries, String raw, Channel ch, GuardSession session) {
        ArrayNode kept = Json.object().arrayNode();
        if (!spells(entries, "token", raw)) {
            return kept;
        }
        List<Redaction> reds = session.redactions(ch);
        int at = 0;
        for (JsonNode en : entries) {
            int len = en.get("token").textValue().length();
            boolean clean = true;
            for (Redaction r : reds) {
                clean &= !r.overlaps(at, Math.max(at + len, at + 1));
            }
            if (clean) {
                kept.add(entry(en, session, ch));
            }
            at += len;
        }
        return kept;
    }

    /** What became sendable: entries whose text is all released and none of it redacted. */
    static final class Ready {
        final List<JsonNode> content = new ArrayList<>();
        final List<JsonNode> refusal = new ArrayList<>();
        final List<JsonNode> legacy = new ArrayList<>();
        final List<JsonNode> tokenIds = new ArrayList<>();
        int taken;
        int dropped;
    }

    /** Takes out what is ready, in order (an entry waits for every earlier one). */
    Ready ready(GuardSession session) {
        Ready r = new Ready();
        r.dropped += unattributed;
        unattributed = 0;
        drain(content, session, r.content, r, true);
        drain(refusal, session, r.refusal, r, true);
        drainLegacy(session, r);
        drain(tokenIds, session, r.tokenIds, r, false);
        return r;
    }

    private void drain(ArrayDeque<Item> q, GuardSession session, List<JsonNode> out, Ready r, boolean entries) {
        while (!q.isEmpty()) {
            Item it = q.peek();
            int state = state(it, session);
            if (state < 0) {
                return;
            }
            q.poll();
            r.taken++;
            if (state == 1) {
                JsonNode e = !entries || it.channels().length == 0 ? it.entry() : entry(it.entry(), session, it.channels()[0]);
                if (e != it.entry()) {
                    r.dropped++; // changed: the chunk cannot go out as it came
                }
                out.add(e);
            } else {
                r.dropped++;
            }
        }
    }

    /**
     * An entry as it may go out: its token (already released with its text), log probability and bytes, and
     * the alternatives ({@code top_logprobs}) only when their tokens, scanned as text, pass the guard
     * unchanged; other fields are dropped (default-deny). Returns the entry itself when nothing changed.
     */
    JsonNode entry(JsonNode entry, GuardSession session, Channel ch) {
        if (!(entry instanceof ObjectNode o)) {
            return Json.object();
        }
        boolean changed = false;
        ObjectNode out = Json.object();
        for (var it = o.fields(); it.hasNext(); ) {
            var f = it.next();
            switch (f.getKey()) {
                case "token", "logprob", "bytes" -> out.set(f.getKey(), f.getValue());
                case "top_logprobs" -> {
                    JsonNode alts = f.getValue();
                    if (alts.isArray() && alternativesClean(alts, session, ch)) {
                        out.set("top_logprobs", alts);
                    } else {
                        out.putArray("top_logprobs");
                        changed = true;
                    }
                }
                default -> changed = true;
            }
        }
        return changed ? out : entry;
    }

    /** Scans the alternative tokens (one per line) as one text on a channel of their own. */
    private boolean alternativesClean(JsonNode alts, GuardSession session, Channel ch) {
        StringBuilder text = new StringBuilder();
        for (JsonNode a : alts) {
            if (a instanceof ObjectNode ao) {
                for (var it = ao.fields(); it.hasNext(); ) {
                    var f = it.next();
                    switch (f.getKey()) {
                        case "token" -> text.append(f.getValue().asText()).append('\n');
                        case "logprob", "bytes" -> {
                        }
                        default -> text.append(f.getKey()).append('\n').append(f.getValue().asText()).append('\n');
                    }
                }
            } else {
                return false;
            }
        }
        if (text.length() == 0) {
            return true;
        }
        Channel scan = Channel.other(ch.choice(), ch.index(), "logprobs.top_logprobs#" + (scans++) + "." + ch.kind().wireName());
        String original = text.toString();
        String released = session.append(scan, original).text() + session.finish(scan).text();
        return released.equals(original) && session.settled(scan) && !session.isBlocked(ch.choice());
    }

    private void drainLegacy(GuardSession session, Ready r) {
        // legacy alternatives are objects keyed by token: scanned the same way
        while (!legacy.isEmpty()) {
            Item it = legacy.peek();
            int state = state(it, session);
            if (state < 0) {
                return;
            }
            legacy.poll();
            r.taken++;
            if (state != 1) {
                r.dropped++;
                continue;
            }
            ObjectNode e = ((ObjectNode) it.entry()).deepCopy();
            JsonNode alt = e.get("top_logprobs");
            if (alt instanceof ObjectNode ao && !ao.isEmpty()) {
                ArrayNode asEntries = Json.object().arrayNode();
                ao.fieldNames().forEachRemaining(t -> asEntries.addObject().put("token", t));
                if (!alternativesClean(asEntries, session, it.channels()[0])) {
                    e.putNull("top_logprobs");
                    r.dropped++;
                }
            } else if (alt != null && !alt.isNull()) {
                e.putNull("top_logprobs");
                r.dropped++;
            }
            JsonNode off = e.get("text_offset");
            if (off != null && off.canConvertToInt() && it.channels().length == 1) {
                // redactions before the token moved it: shift its offset by their change in length
                int shift = 0;
                for (Redaction red : session.redactions(it.channels()[0])) {
                    if (red.end() <= it.from()[0]) {
                        shift += red.replacementLength() - (red.end() - red.start());
                    }
                }
                e.put("text_offset", off.asInt() + shift);
            }
            r.legacy.add(e);
        }
    }

    /** -1 not yet released, 0 released with a redaction in it (dropped), 1 released clean. */
    private static int state(Item it, GuardSession session) {
        boolean clean = true;
        for (int i = 0; i < it.channels().length; i++) {
            Channel ch = it.channels()[i];
            if (session.released(ch) < it.to()[i]) {
                return -1;
            }
            clean &= !session.redacted(ch, it.from()[i], Math.max(it.to()[i], it.from()[i] + 1));
        }
        return clean ? 1 : 0;
    }

    /**
     * Writes what is ready into an outgoing choice: {@code logprobs} and {@code token_ids} replaced by the
     * ready entries (a field the upstream sent stays, possibly empty; one it did not send is added only
     * when there is something to send).
     *
     * @param original the upstream's choice ({@code null} for a choice the gateway built)
     */
    static void write(ObjectNode out, ObjectNode original, Ready r, boolean legacyChoice) {
        JsonNode lp = original == null ? null : original.get("logprobs");
        boolean hadLogprobs = lp != null && !lp.isNull();
        if (legacyChoice) {
            if (hadLogprobs || !r.legacy.isEmpty()) {
                ObjectNode l = lp instanceof ObjectNode o ? o.deepCopy() : Json.object();
                for (String f : List.of("tokens", "token_logprobs", "top_logprobs", "text_offset")) {
                    ArrayNode a = l.putArray(f);
                    for (JsonNode e : r.legacy) {
                        a.add(e.get(f));
                    }
                }
                out.set("logprobs", l);
            }
        } else if (hadLogprobs || !r.content.isEmpty() || !r.refusal.isEmpty()) {
            ObjectNode l = lp instanceof ObjectNode o ? o.deepCopy() : Json.object();
            if (l.has("content") || !r.content.isEmpty()) {
                ArrayNode a = l.putArray("content");
                r.content.forEach(a::add);
            }
            if ((l.has("refusal") && !l.get("refusal").isNull()) || !r.refusal.isEmpty()) {
                ArrayNode a = l.putArray("refusal");
                r.refusal.forEach(a::add);
            }
            out.set("logprobs", l);
        }
        boolean hadIds = original != null && original.has("token_ids") && !original.get("token_ids").isNull();
        if (hadIds || !r.tokenIds.isEmpty()) {
            ArrayNode ids = out.putArray("token_ids");
            r.tokenIds.forEach(ids::add);
        }
    }
}
