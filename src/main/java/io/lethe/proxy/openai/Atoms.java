package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;

import java.util.HashMap;
import java.util.Map;

/**
 * Whole short texts of a response scanned on their own, once per distinct text: protocol fields' values (ids,
 * types, roles), object keys, numbers in unknown fields, undeclared tool names, text outside the choices. A
 * chunk repeats most of them (the chunk id, the model), so each is scanned the first time only. Text outside
 * the choices belongs to no choice ({@link #TOP}): a finding there removes the field, it blocks nothing. One
 * per response; not thread-safe.
 */
final class Atoms {

    /** The pseudo-choice of text outside the choices (never blocked). */
    static final int TOP = Integer.MAX_VALUE;

    private final GuardSession session;
    private final Map<String, String> released = new HashMap<>();
    /** The next number of each atom channel name (a choice's field and index). */
    private final Map<Channel, Integer> distinct = new HashMap<>();

    Atoms(GuardSession session) {
        this.session = session;
    }

    /**
     * {@link #scan} of a field beside the choices ({@code top.<field>}), answered from the cache without building a
     * channel: identity fields repeat on every chunk.
     */
    String scanTop(String field, String text) {
        String r = released.get(text);
        return r != null ? r : scan(io.lethe.guard.Channel.other(TOP, -1, "top." + field), text);
    }

    /**
     * The text as the guard releases it, scanned whole on a channel of its own by the synchronous stages
     * ({@link GuardSession#scanAtom}); null when the choice is blocked. The channel is named after the leaf's
     * ({@code leaf}'s field, "#", a number counted per such name, past any name the session has used), so a
     * response's findings name the same channel streamed and whole (a count over all atoms differed: chunks repeat
     * other fields).
     */
    String scan(Channel leaf, String text) {
        String r = released.get(text);
        if (r != null) {
            return r;
        }
        String field = leaf.field() != null ? leaf.field() : leaf.kind().wireName();
        Channel base = Channel.other(leaf.choice(), leaf.index(), field);
        int n = distinct.getOrDefault(base, 0);
        Channel atom = Channel.other(leaf.choice(), leaf.index(), field + "#" + n);
        while (session.hasChannel(atom)) {
            // a name taken already (another leaf kind with this field and index, a field that ends so itself)
            atom = Channel.other(leaf.choice(), leaf.index(), field + "#" + ++n);
        }
        distinct.put(base, n + 1);
        String out = session.scanAtom(atom, text);
        if (out != null) {
            released.put(text, out);
        }
        return out;
    }

    /**
     * Whether the strings of {@code leaves} (two or more; numbers, keys and protocol values left out), joined in
     * order as a client joins pieces, hold something the guard acts on ({@link GuardSession#findsActedOn}).
     */
    boolean joinedFinds(java.util.List<TextLeaf> leaves) {
        return joinedFinds(java.util.List.of(leaves));
    }

    /**
     * {@link #joinedFinds} over several fields' leaves: the strings of each place (leaves of one channel: the
     * elements of an array) joined as they are ("Cor" "win" " Ash" "dale"), and all of them joined, as they are
     * and one space apart ("Corwin" "Ashdale" in two fields, "Cor" "win" in two).
     */
    boolean joinedFinds(java.util.Collection<java.util.List<TextLeaf>> fields) {
        java.util.Map<Channel, java.util.List<String>> places = new java.util.LinkedHashMap<>();
        java.util.List<String> all = new java.util.ArrayList<>();
        for (java.util.List<TextLeaf> leaves : fields) {
            for (TextLeaf l : leaves) {
                if (joinable(l)) {
                    places.computeIfAbsent(l.channel, c -> new java.util.ArrayList<>()).add(l.text);
                    all.add(l.text);
                }
            }
        }
        if (all.size() < 2) {
            return false;
        }
        for (java.util.List<String> place : places.values()) {
            if (place.size() >= 2 && place.size() < all.size() && session.findsActedOn(String.join("", place))) {
                return true;
            }
        }
        return piecesFind(session, all);
    }

    /**
     * Whether two or more pieces of text, each clean alone, find something acted on joined as they are ("Cor"
     * "win": split inside a word) or one space apart ("Corwin" "Ashdale": two fields); for every joined scan of
     * this package (fields, arrays, an error's fields).
     */
    static boolean piecesFind(GuardSession session, java.util.List<String> pieces) {
        return pieces.size() >= 2 && (session.findsActedOn(String.join("", pieces))
                || session.findsActedOn(String.join(" ", pieces)));
    }

    /** Whether some leaf holds a string that {@link #joinedFinds} joins. */
    boolean hasStrings(java.util.List<TextLeaf> leaves) {
        for (TextLeaf l : leaves) {
            if (joinable(l)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether vLLM's {@code prompt_logprobs} (per prompt position {@code null} or an object of token ids, each
     * {@code {"logprob", "rank", "decoded_token"}}) spell something acted on: the decoded token ranked 1 (else the
     * first) of each position, joined. Alternatives between them broke any join of all strings.
     */
    boolean promptTokensFind(JsonNode promptLogprobs) {
        if (!(promptLogprobs instanceof com.fasterxml.jackson.databind.node.ArrayNode positions)) {
            return false;
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode at : positions) {
            JsonNode pick = null;
            for (JsonNode token : at) {
                if (pick == null || token.path("rank").asInt(-1) == 1) {
                    pick = token;
                }
            }
            if (pick != null && pick.path("decoded_token").isTextual()) {
                joined.append(pick.path("decoded_token").textValue());
            }
        }
        return joined.length() > 0 && session.findsActedOn(joined.toString());
    }

    private static boolean joinable(TextLeaf l) {
        return l.mode != TextLeaf.Mode.VERIFY && !l.text.isEmpty() && l.string();
    }

    /** What {@link #handle} did. */
    enum Outcome { UNCHANGED, CHANGED, FAILED }

    /**
     * Handles one leaf that is not streamed: a VERIFY leaf fails when the guard would change it; an ATOMIC leaf
     * is written back as released, and fails when the guard cannot release it.
     *
     * @param block on failure, block the leaf's choice (protocol fields inside a choice); otherwise the caller
     *              removes the field (text outside the choices)
     */
    Outcome handle(TextLeaf leaf, boolean block) {
        int choice = leaf.channel.choice();
        String r = scan(leaf.channel, leaf.text);
        boolean failed = r == null || (leaf.mode == TextLeaf.Mode.VERIFY && !r.equals(leaf.text));
        if (failed) {
            if (block) {
                session.blockChoice(choice, leaf.mode == TextLeaf.Mode.VERIFY ? "text-in-protocol-field" : "unscannable");
            }
            return Outcome.FAILED;
        }
        return leaf.write(r, true) ? Outcome.CHANGED : Outcome.UNCHANGED;
    }
}
