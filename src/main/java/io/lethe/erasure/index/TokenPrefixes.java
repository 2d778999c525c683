package io.lethe.erasure.index;

/**
 * Whether a word still being written could yet become a registered token, typos included: the prefix filter
 * that lets a stream release a partial word at once when no registered name can begin with it ("Thurs" while
 * only "Ashdale" and "Corwin" are registered). A filter over the first {@link #DEPTH} folded chars of a word:
 * the hashes of every registered token's prefixes up to that length, of those prefixes less one char (and two
 * for tokens long enough to take two typos, see {@link CompiledErasures.Fuzzy}), in a bit set probed twice per
 * key, as a Bloom filter: a false positive only holds a word, a negative is exact.
 *
 * <p>Each typo budget (0, 1, 2) has its own keys, and a word is tested against each budget's keys with at most
 * that many of its own chars deleted: a word two deletions from a prefix of a token that takes one typo is not
 * held for it.
 *
 * <p>Why the deletions suffice: a word {@code p} is one edit (insertion, deletion, substitution, swap) from a
 * prefix {@code q} of a token exactly when {@code p} or {@code p} less one char equals {@code q} or {@code q}
 * less one char (symmetric delete, as in SymSpell); two edits, with two chars deleted on each side. Immutable.
 */
final class TokenPrefixes {

    /** Folded chars of a word that are tested; a longer word is tested by its first ones (a necessary test). */
    static final int DEPTH = 8;
    private static final int MIN_BITS = 1 << 12;
    private static final int MAX_BITS = 1 << 26;

    private final long[] bits;
    private final int mask;

    private TokenPrefixes(long[] bits) {
        this.bits = bits;
        this.mask = bits.length * 64 - 1;
    }

    /**
     * @param exact  tokens (as registered, any case) matched exactly
     * @param typo1  tokens that may be matched with one typo
     * @param typo2  tokens that may be matched with two typos
     */
    static TokenPrefixes of(java.util.Collection<String> exact, java.util.Collection<String> typo1,
                            java.util.Collection<String> typo2) {
        return of(exact, typo1, typo2, 0);
    }

    /**
     * {@link #of(java.util.Collection, java.util.Collection, java.util.Collection)} where a {@code typo2} token
     * shorter than {@code twoDeletionsFrom} letters is keyed as the matcher reads a word of that many letters
     * against it ({@code NameMatcher}'s deletion neighbourhoods hold no 2-deletion of such a token): one letter
     * short, whole and less one char (a letter inserted, and perhaps another edit); two letters short, whole
     * only (two letters inserted).
     */
    static TokenPrefixes of(java.util.Collection<String> exact, java.util.Collection<String> typo1,
                            java.util.Collection<String> typo2, int twoDeletionsFrom) {
        // two passes, counting first: keys are set straight into the bits, never collected (a registry of a
        // million people has tens of millions of them)
        long count = 0;
        for (int pass = 0; pass < 2; pass++) {
            TokenPrefixes p = pass == 0 ? null : sized(count);
            for (String t : exact) {
                count += keys(p, folded(t), 0, twoDeletionsFrom, -1);
            }
            for (String t : typo1) {
                count += keys(p, folded(t), 1, twoDeletionsFrom, -1);
            }
            for (String t : typo2) {
                count += keys(p, folded(t), 2, twoDeletionsFrom, -1);
            }
            if (p != null) {
                return p;
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Sets the keys of one token's prefixes for typo budget {@code budget} (0: exact) in the key space of trie
     * state {@code state} (-1: none), or counts them when {@code p} is null; returns the count (0 when set).
     */
    private static long keys(TokenPrefixes p, char[] f, int budget, int twoDeletionsFrom, int state) {
        long count = 0;
        for (int k = 1; k <= Math.min(DEPTH + budget, f.length); k++) {
            count += p == null ? 1 : p.set(key(hash(f, 0, k, -1, -1, budget), state));
            for (int i = 0; budget > 0 && i < k; i++) {
                if (budget == 1) {
                    // one typo: a char dropped anywhere (the word lacks it), or at a known position (the word
                    // has another char there)
                    count += p == null ? 2 : p.set(key(hash(f, 0, k, i, -1, DELETED), state))
                            + p.set(key(hash(f, 0, k, i, -1, SUBSTITUTED + i), state));
                    continue;
                }
                if (f.length < twoDeletionsFrom - 1) {
                    break;  // two letters short of two typos: only two inserted letters read it
                }
                count += p == null ? 1 : p.set(key(hash(f, 0, k, i, -1, budget), state));
                for (int j = i + 1; f.length >= twoDeletionsFrom && j < k; j++) {
                    count += p == null ? 1 : p.set(key(hash(f, 0, k, i, j, budget), state));
                }
            }
        }
        return count;
    }

    /** A key in the key space of trie state {@code state}, or as it is for -1. */
    private static long key(long key, int state) {
        return state < 0 ? key : inState(key, state);
    }

    /** An empty filter of about 24 bits per key for {@code keys} keys (counted with repeats: an upper bound). */
    private static TokenPrefixes sized(long keys) {
        int n = MIN_BITS;
        while (n < keys * 24L && n < MAX_BITS) {
            n <<= 1;
        }
        return new TokenPrefixes(new long[n / 64]);
    }

    /**
     * Whether the partial word {@code text[start, end)} could still begin a registered token with at most
     * {@code edits} typos (0 to 2).
     */
    boolean couldBegin(CharSequence text, int start, int end, int edits) {
        return couldBegin(text, start, end, edits, -1);
    }

    /**
     * Whether the partial word {@code text[start, end)} could still become, with at most {@code edits} typos,
     * a word that follows trie state {@code state} (a filter built by {@link #followers}; -1: any registered
     * token, a filter built by {@link #of}).
     */
    boolean couldBegin(CharSequence text, int start, int end, int edits, int state) {
        char[] f = new char[DEPTH];
        int n = fold(text, start, end, f);
        if (n == 0 || (edits > 0 && n <= edits)) {
            return true;  // nothing, or so little that a typo makes it anything
        }
        if (get(key(hash(f, 0, n, -1, -1, 0), state))) {
            return true;
        }
        if (edits >= 1 && oneEdit(f, n, state)) {
            return true;
        }
        // each typo budget in its own key space: a word two deletions from a prefix of a token that takes one
        // typo is no longer held for it
        for (int budget = 2; budget <= edits; budget++) {
            if (get(key(hash(f, 0, n, -1, -1, budget), state))) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (get(key(hash(f, 0, n, i, -1, budget), state))) {
                    return true;
                }
                for (int j = i + 1; budget == 2 && j < n; j++) {
                    if (get(key(hash(f, 0, n, i, j, budget), state))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether the word {@code f[0, n)} is one edit (Damerau: an insertion, a deletion, a substitution, two
     * neighbours swapped) from a prefix of a token that takes one typo, as the matcher reads one typo: exactly,
     * not any two words that drop a char each to the same form ("thrsday" less a char is not "Ashdale" less
     * one). With the word {@code p} and a prefix {@code q}: {@code p} less the char at {@code i} is {@code q}
     * (an insertion), {@code p} is {@code q} less one (a deletion), both less the char at the same {@code i}
     * (a substitution), or {@code p} with two neighbours swapped is {@code q}.
     */
    private boolean oneEdit(char[] f, int n, int state) {
        if (get(key(hash(f, 0, n, -1, -1, 1), state)) || get(key(hash(f, 0, n, -1, -1, DELETED), state))) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (get(key(hash(f, 0, n, i, -1, 1), state)) || get(key(hash(f, 0, n, i, -1, SUBSTITUTED + i), state))) {
                return true;
            }
        }
        for (int i = 0; i + 1 < n; i++) {
            char c = f[i];
            f[i] = f[i + 1];
            f[i + 1] = c;
            boolean swapped = get(key(hash(f, 0, n, -1, -1, 1), state));
            f[i + 1] = f[i];
            f[i] = c;
            if (swapped) {
                return true;
            }
        }
        return false;
    }

    /** Key space of one-typo prefixes less a char at any position (see {@link #oneEdit}). */
    private static final int DELETED = 3;
    /** Key spaces of one-typo prefixes less the char at position {@code i}: {@code SUBSTITUTED + i}. */
    private static final int SUBSTITUTED = 4;

    /**
     * Builds the filter of words that may follow in a name: for each state of the name trie with words after
     * it, the prefixes (up to {@link #DEPTH} chars) of those words, exactly, and with the typos each takes
     * (the matcher reads a word with a typo as any typo token of the same folded hash, whatever name it was
     * registered in).
     *
     * @param followers trie state → the words that follow it in some registered name
     * @param typo1     folded hashes ({@link Fold#foldedHash}) of the tokens that may be matched with one typo
     * @param typo2     folded hashes of the tokens that may be matched with two
     * @param twoDeletionsFrom see {@link #of(java.util.Collection, java.util.Collection, java.util.Collection, int)}
     */
    static TokenPrefixes followers(java.util.Map<Integer, ? extends java.util.Collection<String>> followers,
                                   java.util.Set<Long> typo1, java.util.Set<Long> typo2, int twoDeletionsFrom) {
        TokenPrefixes p = sized(followerKeys(followers, typo1, typo2, twoDeletionsFrom));
        followerPass(p, followers, typo1, typo2, twoDeletionsFrom);
        return p;
    }

    /** The keys {@link #followers} sets (counted with repeats), without hashing any. */
    static long followerKeys(java.util.Map<Integer, ? extends java.util.Collection<String>> followers,
                             java.util.Set<Long> typo1, java.util.Set<Long> typo2, int twoDeletionsFrom) {
        return followerPass(null, followers, typo1, typo2, twoDeletionsFrom);
    }

    /** Keys a filter holds at 24 bits each before it is full ({@link #MAX_BITS}). */
    static final long MAX_KEYS = MAX_BITS / 24;

    /** Sets the keys of {@link #followers} into {@code p}, or counts them when it is null. */
    private static long followerPass(TokenPrefixes p, java.util.Map<Integer, ? extends java.util.Collection<String>> followers,
                                     java.util.Set<Long> typo1, java.util.Set<Long> typo2, int twoDeletionsFrom) {
        long count = 0;
        for (var e : followers.entrySet()) {
            for (String t : e.getValue()) {
                char[] f = folded(t);
                long h = Fold.foldedHash(t);
                count += keys(p, f, 0, twoDeletionsFrom, e.getKey());
                if (typo1.contains(h)) {
                    count += keys(p, f, 1, twoDeletionsFrom, e.getKey());
                }
                if (typo2.contains(h)) {
                    count += keys(p, f, 2, twoDeletionsFrom, e.getKey());
                }
            }
        }
        return count;
    }

    /**
     * Whether the partial word {@code text[start, end)} could still become, exactly, a word that follows the
     * first word that led to one of {@code states[0, count)} (a filter built by {@link #followers}). The word
     * is folded and hashed once for all of them.
     */
    boolean couldFollowAny(int[] states, int count, CharSequence text, int start, int end) {
        char[] f = new char[DEPTH];
        int n = fold(text, start, end, f);
        if (n == 0) {
            return count > 0;
        }
        long key = hash(f, 0, n, -1, -1, 0);
        for (int i = 0; i < count; i++) {
            if (get(inState(key, states[i]))) {
                return true;
            }
        }
        return false;
    }

    private static long inState(long key, int state) {
        return Fold.mix(key ^ 0xC2B2AE3D27D4EB4FL * (state + 1L));
    }

    /** The first {@link #DEPTH} chars of {@code text[start, end)} as {@link #folded} makes them, into {@code f}. */
    private static int fold(CharSequence text, int start, int end, char[] f) {
        int n = 0;
        for (int i = start; i < end && n < DEPTH; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                f[n++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else if (!io.lethe.text.Folding.isIgnorable(c)) {
                f[n++] = io.lethe.text.Folding.fold(c);
            }
        }
        return n;
    }

    /** The chars {@link Fold#tokenHash} hashes: ASCII lower-cased, ignorable chars dropped, others folded. */
    private static char[] folded(String t) {
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 128) {
                b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            } else if (!io.lethe.text.Folding.isIgnorable(c)) {
                b.append(io.lethe.text.Folding.fold(c));
            }
        }
        return b.toString().toCharArray();
    }

    /**
     * FNV-1a of {@code f[from, to)} without the chars at {@code skip1} and {@code skip2} (-1: none), in the key
     * space of typo budget {@code budget} (0: exact prefixes).
     */
    private static long hash(char[] f, int from, int to, int skip1, int skip2, int budget) {
        long h = Fold.FNV_OFFSET;
        for (int i = from; i < to; i++) {
            if (i != skip1 && i != skip2) {
                h = (h ^ f[i]) * Fold.FNV_PRIME;
            }
        }
        // the budget added after the chars: XORed into the offset it met the first char's XOR, and "b" with
        // one typo had the key of "c" exact
        return Fold.mix(h + budget * 0x9E3779B97F4A7C15L);
    }

    // three probes per key (b1 + i * b2 from the two halves of the 64-bit hash, Kirsch-Mitzenmacher): about
    // 0.2 % false positives at 24 bits a key. A word is asked with up to 1 + 8 + 28 keys (its deletions), so
    // each key's rate counts many times over
    /** Sets a key's three bits; returns 0 (for the counting loop in {@link #of}). */
    private int set(long key) {
        int b1 = (int) key;
        int b2 = (int) (key >>> 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            int b = (b1 + i * b2) & mask;
            bits[b >>> 6] |= 1L << b;
        }
        return 0;
    }

    private boolean get(long key) {
        int b1 = (int) key;
        int b2 = (int) (key >>> 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            int b = (b1 + i * b2) & mask;
            if ((bits[b >>> 6] & (1L << b)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static final int PROBES = 3;

    long bytes() {
        return bits.length * 8L;
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(bits.length);
        for (long b : bits) {
            out.writeLong(b);
        }
    }

    static TokenPrefixes readFrom(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n <= 0 || Integer.bitCount(n) != 1 || n > MAX_BITS / 64) {
            throw new java.io.IOException("corrupt token prefix filter length " + n);
        }
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            b[i] = in.readLong();
        }
        return new TokenPrefixes(b);
    }
}
