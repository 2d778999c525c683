package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Redaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A choice's token-level data — chat {@code logprobs.content} / {@code logprobs.refusal}, legacy
 * {@code logprobs} (tokens, token_logprobs, top_logprobs, text_offset), the Responses API's delta logprobs and
 * vLLM's {@code token_ids} — sent only once the text they describe is released, and dropped where that text
 * was redacted (they would reveal it). Entries are matched to raw ranges of their channel, token by token;
 * entries whose tokens do not spell the chunk's text exactly (byte-level tokens, entries for text the chunk
 * did not carry) cannot be attributed and are dropped.
 *
 * <p>The alternatives ({@code top_logprobs}) are text the model nearly wrote: the alternatives of each rank, in
 * order, are a stream of their own, and so are the alternatives other than the chosen token, in rank order,
 * scanned like any channel (of a pseudo-choice, {@link #ALT}, so a finding there drops alternatives instead of
 * blocking the answer). An entry's alternatives go out only once every such stream up to it is released clean;
 * else the entry goes without them. Legacy arrays without the {@code tokens} they describe, and entries that
 * cannot be attributed, never go out; their alternatives are scanned all the same. Only the entries' own fields
 * (token, logprob, bytes, top_logprobs) go out. Order is kept. One per choice (or Responses text); not
 * thread-safe.
 */
final class Probes {

    /** Pseudo-choices of alternatives: {@code ALT + choice} (below {@link Atoms#TOP}). */
    static final int ALT = 1 << 30;
    private static final List<String> LEGACY_ARRAYS = List.of("tokens", "token_logprobs", "top_logprobs", "text_offset");

    /**
     * One entry, the raw range of text it stands for, and the ranges of its alternatives in their rank streams.
     *
     * @param alternatives false when the entry's alternatives are malformed and go out in no case
     */
    private record Item(JsonNode entry, Channel[] channels, int[] from, int[] to, Channel[] alt, int[] altFrom,
                        int[] altTo, boolean alternatives) {

        static Item of(JsonNode entry, Channel ch, int from, int to) {
            return new Item(entry, new Channel[]{ch}, new int[]{from}, new int[]{to}, new Channel[0], new int[0],
                    new int[0], true);
        }
    }

    private final GuardSession session;
    private final ArrayDeque<Item> content = new ArrayDeque<>();
    private final ArrayDeque<Item> refusal = new ArrayDeque<>();
    private final ArrayDeque<Item> legacy = new ArrayDeque<>();
    private final ArrayDeque<Item> tokenIds = new ArrayDeque<>();
    /** Every rank stream opened: finished with the choice. */
    private final Set<Channel> altStreams = new LinkedHashSet<>();
    /** Entries dropped at take because they could not be attributed to text (never sent). */
    private int unattributed;

    Probes(GuardSession session) {
        this.session = session;
    }

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

    /** Ends the alternatives' rank streams (the choice ended): what they still hold is decided. */
    void finish() {
        finish(false);
    }

    /**
     * Ends the alternatives' rank streams; with {@code cut} (the choice was cut at its token limit) what they still
     * hold is dropped, as the choice's own text is: an entry whose alternatives' text was held goes without them
     * (" Corwin", " Ash" as the last rank-2 alternatives: helper-65).
     */
    void finish(boolean cut) {
        for (Channel ch : altStreams) {
            if (cut) {
                session.cut(ch);
            } else {
                session.finish(ch);
            }
        }
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
                takeLegacy(o, tokens, index, r);
            } else if (legacyArrays(o) > 0) {
                // legacy arrays without the tokens they describe cannot be attributed to text: scanned (so a name in
                // the alternatives is a finding, as when they can be attributed), then dropped
                unattributed += legacyArrays(o);
                scanUnattributed(o.get("top_logprobs"), Channel.text(index));
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
                tokenIds.add(new Item(id, chs, from, to, new Channel[0], new int[0], new int[0], true));
            }
        }
    }

    /** The longest of a legacy logprobs object's parallel arrays (0 when it has none with an element). */
    private static int legacyArrays(ObjectNode o) {
        int n = 0;
        for (String f : LEGACY_ARRAYS) {
            if (o.get(f) instanceof ArrayNode a) {
                n = Math.max(n, a.size());
            }
        }
        return n;
    }

    /**
     * Alternatives that go out in no case (their entries cannot be attributed to text), appended to their rank
     * streams all the same: a name in them is a finding, and the streams stay what a client would have read.
     */
    private void scanUnattributed(JsonNode top, Channel ch) {
        if (!(top instanceof ArrayNode a)) {
            return;
        }
        for (JsonNode position : a) {
            List<String> alts = new ArrayList<>();
            if (position instanceof ObjectNode t) {
                t.fieldNames().forEachRemaining(alts::add);
            } else if (position instanceof ArrayNode chat) {
                for (JsonNode alt : chat) {
                    if (alt.path("token").isTextual()) {
                        alts.add(alt.get("token").textValue());
                    }
                }
            }
            appendAlternatives(ch, null, alts);
        }
    }

    private void takeLegacy(ObjectNode o, ArrayNode tokens, int index, Ranges r) {
        int[] range = r.of(Channel.text(index));
        if (range == null || !spells(tokens, r.legacyText.toString())) {
            unattributed += Math.max(tokens.size(), legacyArrays(o));
            scanUnattributed(o.get("top_logprobs"), Channel.text(index));
            return;
        }
        Channel ch = Channel.text(index);
        int at = range[0];
        for (int i = 0; i < tokens.size(); i++) {
            ObjectNode e = Json.object();
            for (String f : LEGACY_ARRAYS) {
                JsonNode arr = o.get(f);
                e.set(f, arr instanceof ArrayNode a && i < a.size() ? a.get(i) : Json.object().nullNode());
            }
            int len = tokens.get(i).asText().length();
            // legacy alternatives: an object whose keys are the tokens, in rank order
            List<String> alts = new ArrayList<>();
            JsonNode top = e.get("top_logprobs");
            boolean ok = top.isNull() || (top.isObject() && Json.allNumbers(top, false)); // token -> logprob, nothing else
            if (top instanceof ObjectNode t) {
                t.fieldNames().forEachRemaining(alts::add);
            }
            legacy.add(withAlternatives(e, ch, at, at + len, tokens.get(i).asText(), alts, ok));
            at += len;
        }
    }

    /**
     * Takes the logprob entries of one Responses API text delta over {@code [from, to)} of its channel; they
     * come out through {@link Ready#content}.
     */
    void takeEntries(ArrayNode entries, Channel ch, int from, int to, String text) {
        queue(content, entries, ch, new int[]{from, to}, text);
    }

    private void queue(ArrayDeque<Item> q, ArrayNode entries, Channel ch, int[] range, CharSequence text) {
        if (entries.isEmpty()) {
            return;
        }
        if (range == null || !spells(entries, "token", text.toString())) {
            unattributed += entries.size();
            for (JsonNode e : entries) {
                scanUnattributed(Json.object().arrayNode().add(e.path("top_logprobs")), ch);
            }
            return;
        }
        int at = range[0];
        for (JsonNode e : entries) {
            int len = e.get("token").textValue().length();
            List<String> alts = new ArrayList<>();
            JsonNode top = e.get("top_logprobs");
            boolean ok = top == null || top.isNull() || top.isArray();
            if (top instanceof ArrayNode a) {
                for (JsonNode alt : a) {
                    if (alt instanceof ObjectNode ao && ao.path("token").isTextual()) {
                        alts.add(ao.get("token").textValue());
                    } else {
                        ok = false;
                    }
                }
            }
            q.add(withAlternatives(e, ch, at, at + len, e.get("token").textValue(), alts, ok));
            at += len;
        }
    }

    /** An item whose alternatives are appended to their streams now. */
    private Item withAlternatives(JsonNode e, Channel ch, int from, int to, String chosen, List<String> alts,
                                  boolean ok) {
        if (!ok || alts.isEmpty()) {
            Item plain = Item.of(e, ch, from, to);
            return ok ? plain : new Item(e, plain.channels(), plain.from(), plain.to(), new Channel[0], new int[0],
                    new int[0], false);
        }
        Streams s = appendAlternatives(ch, chosen, alts);
        return new Item(e, new Channel[]{ch}, new int[]{from}, new int[]{to}, s.channels(), s.from(), s.to(), true);
    }

    /** Where one position's alternatives went: per stream, the range appended. */
    private record Streams(Channel[] channels, int[] from, int[] to) {
    }

    /**
     * Appends one position's alternatives to the choice's alternative streams: rank {@code r}'s to stream
     * {@code top<r>}, and the alternatives other than the chosen token, in rank order, the {@code j}-th to stream
     * {@code alt<j>}. The second family reads what the model nearly wrote instead of what it wrote: a name spelled
     * by the best unchosen alternative whose rank moves as the chosen token's does ({@code [" Mir", " cat"]},
     * {@code [" sat", "anda"]}) is one text there, never in any one rank. Two streams per rank at most: bounded by
     * what the request asked for, linear in the answer. Without a chosen token (unattributed entries) the second
     * family gets every alternative, so positions stay aligned.
     */
    private Streams appendAlternatives(Channel ch, String chosen, List<String> alts) {
        int skip = chosen == null ? -1 : alts.indexOf(chosen);
        int others = skip < 0 ? alts.size() : alts.size() - 1;
        Channel[] out = new Channel[alts.size() + others];
        int[] from = new int[out.length];
        int[] to = new int[out.length];
        int k = 0;
        for (int rank = 0; rank < alts.size(); rank++) {
            append(Channel.other(ALT + ch.choice(), ch.index(), "logprobs.top" + rank + "." + ch.kind().wireName()),
                    alts.get(rank), k++, out, from, to);
        }
        int j = 0;
        for (int rank = 0; rank < alts.size(); rank++) {
            if (rank != skip) {
                append(Channel.other(ALT + ch.choice(), ch.index(), "logprobs.alt" + j++ + "." + ch.kind().wireName()),
                        alts.get(rank), k++, out, from, to);
            }
        }
        return new Streams(out, from, to);
    }

    private void append(Channel rc, String text, int k, Channel[] out, int[] from, int[] to) {
        altStreams.add(rc);
        out[k] = rc;
        from[k] = session.length(rc);
        if (!session.isBlocked(rc.choice())) {
            session.append(rc, text);
        }
        to[k] = from[k] + text.length();
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
     * redaction, with their alternatives only when every rank's alternatives, read as a text, pass the guard
     * unchanged.
     *
     * @param raw the channel's raw text
     */
    ArrayNode whole(ArrayNode entries, String raw, Channel ch, GuardSession session) {
        ArrayNode kept = Json.object().arrayNode();
        if (!spells(entries, "token", raw)) {
            return kept;
        }
        // the same two families of streams as appendAlternatives: by rank, and the unchosen in rank order
        List<StringBuilder> ranks = new ArrayList<>();
        List<StringBuilder> unchosen = new ArrayList<>();
        boolean ok = true;
        for (JsonNode en : entries) {
            JsonNode top = en.get("top_logprobs");
            if (top instanceof ArrayNode a) {
                String chosen = en.get("token").textValue();
                boolean skipped = false;
                int j = 0;
                for (int r = 0; r < a.size(); r++) {
                    if (!(a.get(r) instanceof ObjectNode ao) || !ao.path("token").isTextual()) {
                        ok = false;
                        continue;
                    }
                    String alt = ao.get("token").textValue();
                    at(ranks, r).append(alt);
                    if (!skipped && alt.equals(chosen)) {
                        skipped = true;
                    } else {
                        at(unchosen, j++).append(alt);
                    }
                }
            } else if (top != null && !top.isNull()) {
                ok = false;
            }
        }
        for (int r = 0; r < ranks.size() && ok; r++) {
            ok = clean(session, ranks.get(r).toString(), ch, "top" + r, entries);
        }
        for (int j = 0; j < unchosen.size() && ok; j++) {
            ok = clean(session, unchosen.get(j).toString(), ch, "alt" + j, entries);
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
                kept.add(entry(en, ok));
            }
            at += len;
        }
        return kept;
    }

    private static StringBuilder at(List<StringBuilder> streams, int i) {
        while (streams.size() <= i) {
            streams.add(new StringBuilder());
        }
        return streams.get(i);
    }

    /** Whether one stream of a whole text's alternatives passes the guard unchanged. */
    private static boolean clean(GuardSession session, String text, Channel ch, String stream, ArrayNode entries) {
        String out = session.scanAtom(Channel.other(ALT + ch.choice(), ch.index(),
                "logprobs." + stream + "." + ch.kind().wireName() + "#" + System.identityHashCode(entries)), text);
        return text.equals(out);
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
        drain(content, r.content, r, false);
        drain(refusal, r.refusal, r, false);
        drain(legacy, r.legacy, r, true);
        drain(tokenIds, r.tokenIds, r, false);
        return r;
    }

    private void drain(ArrayDeque<Item> q, List<JsonNode> out, Ready r, boolean legacyEntry) {
        while (!q.isEmpty()) {
            Item it = q.peek();
            int state = state(it);
            if (state < 0) {
                return;
            }
            q.poll();
            r.taken++;
            if (state == 0) {
                r.dropped++;
                continue;
            }
            JsonNode e;
            if (it.alt().length == 0 && it.alternatives() && !(it.entry() instanceof ObjectNode)) {
                e = it.entry(); // a token id
            } else if (legacyEntry) {
                e = legacyEntry((ObjectNode) it.entry(), it, state == 2);
            } else {
                e = entry(it.entry(), state == 2);
            }
            if (e != it.entry()) {
                r.dropped++; // changed: the chunk cannot go out as it came
            }
            out.add(e);
        }
    }

    /**
     * -1 not yet released; 0 released with a redaction in its text (dropped); 1 released clean, alternatives
     * withheld; 2 released clean with its alternatives.
     */
    private int state(Item it) {
        boolean clean = true;
        for (int i = 0; i < it.channels().length; i++) {
            Channel ch = it.channels()[i];
            if (session.released(ch) < it.to()[i]) {
                return session.settled(ch) ? 0 : -1; // settled short of it: its text was cut away (dropped)
            }
            clean &= !session.redacted(ch, it.from()[i], Math.max(it.to()[i], it.from()[i] + 1));
        }
        if (!clean) {
            return 0;
        }
        if (!it.alternatives()) {
            return 1;
        }
        boolean alts = true;
        for (int i = 0; i < it.alt().length; i++) {
            Channel rc = it.alt()[i];
            if (session.isBlocked(rc.choice())) {
                alts = false;
                break;
            }
            if (session.released(rc) < it.altTo()[i]) {
                if (session.settled(rc)) {
                    alts = false; // settled short of it: cut away at a token limit, the entry goes without them
                    break;
                }
                return -1;
            }
            alts &= !session.redacted(rc, it.altFrom()[i], Math.max(it.altTo()[i], it.altFrom()[i] + 1));
        }
        return alts ? 2 : 1;
    }

    /** An entry with its own fields only; its alternatives when they may go, else an empty list. */
    static JsonNode entry(JsonNode entry, boolean alternatives) {
        if (!(entry instanceof ObjectNode o)) {
            return Json.object();
        }
        boolean changed = false;
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "token", "logprob", "bytes" -> {
                    if (own(f.getKey(), f.getValue()) && ownBytes(o, f.getKey())) {
                        out.set(f.getKey(), f.getValue());
                    } else {
                        changed = true;
                        if (f.getKey().equals("bytes")) {
                            out.putNull("bytes");
                        }
                    }
                }
                case "top_logprobs" -> {
                    if (alternatives) {
                        JsonNode alts = alternatives(f.getValue());
                        out.set("top_logprobs", alts);
                        changed |= alts != f.getValue();
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

    /**
     * Whether a field of a logprob entry or alternative has the protocol's type: the token a string (scanned as
     * the text it spells), the logprob a number, the bytes an array of numbers; anything else may be text.
     */
    private static boolean own(String field, JsonNode v) {
        return switch (field) {
            case "token" -> v.isTextual();
            case "logprob" -> v.isNumber() || v.isNull();
            case "bytes" -> v.isNull() || (v.isArray() && Json.allNumbers(v, false));
            default -> false;
        };
    }

    /** Most bytes of a token's {@code bytes} that need not spell its token: a piece of one UTF-8 char (RFC 3629). */
    private static final int MAX_CHAR_PIECE = 3;

    /**
     * Whether an entry's {@code bytes} (when {@code field} names them) are its token's: the token's UTF-8, or at
     * most three bytes of 0x80 and above that are no whole char (a piece of one multi-byte char, whose token a server writes as an
     * escape such as {@code "\\xe5\\xbc"}). Other bytes would spell text nobody scanned to a client that decodes
     * them (helper-66): they go out as {@code null}, which the API allows.
     */
    private static boolean ownBytes(ObjectNode entry, String field) {
        JsonNode bytes = entry.get(field);
        if (!field.equals("bytes") || bytes == null || bytes.isNull()) {
            return true;
        }
        JsonNode token = entry.get("token");
        byte[] want = token != null && token.isTextual()
                ? token.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
        boolean piece = bytes.size() <= MAX_CHAR_PIECE;
        boolean same = bytes.size() == want.length;
        byte[] got = new byte[bytes.size()];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.get(i).asInt();
            piece &= b >= 0x80 && b <= 0xFF;
            same &= i < want.length && (want[i] & 0xFF) == b;
            got[i] = (byte) b;
        }
        // a piece is no whole char: "\ufffd" tokens with a full-width letter's three bytes each spelt a name (helper-73)
        return same || (piece && !wholeChars(got));
    }

    /** Whether the bytes decode as UTF-8 to whole chars, none of them U+FFFD. */
    private static boolean wholeChars(byte[] b) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Alternatives with their own fields only (token, logprob, bytes): the same node when nothing else was there. */
    private static JsonNode alternatives(JsonNode top) {
        if (!(top instanceof ArrayNode a)) {
            return Json.object().arrayNode();
        }
        boolean changed = false;
        ArrayNode out = Json.object().arrayNode();
        for (JsonNode alt : a) {
            if (!(alt instanceof ObjectNode o)) {
                changed = true;
                continue;
            }
            ObjectNode e = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (own(f.getKey(), f.getValue()) && ownBytes(o, f.getKey())) {
                    e.set(f.getKey(), f.getValue());
                } else {
                    changed = true;
                    if (f.getKey().equals("bytes")) {
                        e.putNull("bytes");
                    }
                }
            }
            out.add(e);
        }
        return changed ? out : top;
    }

    /** A legacy entry (one position of the parallel arrays), its offset moved by the redactions before it. */
    private JsonNode legacyEntry(ObjectNode entry, Item it, boolean alternatives) {
        ObjectNode e = entry.deepCopy();
        if (!alternatives && e.hasNonNull("top_logprobs")) {
            e.putNull("top_logprobs");
        }
        JsonNode off = e.get("text_offset");
        if (off != null && off.canConvertToInt() && it.channels().length == 1) {
            int shift = 0;
            for (Redaction red : session.redactions(it.channels()[0])) {
                if (red.end() <= it.from()[0]) {
                    shift += red.replacementLength() - (red.end() - red.start());
                }
            }
            e.put("text_offset", off.asInt() + shift);
        }
        return e.equals(entry) ? entry : e;
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
        if (hadLogprobs || !r.legacy.isEmpty() || !r.content.isEmpty() || !r.refusal.isEmpty()) {
            // Both families are rewritten from what was released, whichever kind of choice carries them: a chat
            // choice's legacy arrays or a legacy choice's "content" (arrays the walker leaves to this class) would
            // otherwise go out as the upstream sent them, unscanned (found by WireFuzzTest's random chunks).
            ObjectNode l = lp instanceof ObjectNode o ? o.deepCopy() : Json.object();
            boolean legacyArrays = legacyChoice || !r.legacy.isEmpty();
            for (String f : LEGACY_ARRAYS) {
                legacyArrays |= l.has(f) && !l.get(f).isNull();
            }
            if (legacyArrays) {
                for (String f : LEGACY_ARRAYS) {
                    ArrayNode a = l.putArray(f);
                    for (JsonNode e : r.legacy) {
                        a.add(e.get(f));
                    }
                }
            }
            if ((l.has("content") && (!legacyChoice || !l.get("content").isNull())) || !r.content.isEmpty()) {
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
