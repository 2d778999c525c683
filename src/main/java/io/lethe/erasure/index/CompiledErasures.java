package io.lethe.erasure.index;

import io.lethe.text.Folding;
import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Immutable matchers compiled from a set of erasures; each erasure gets an ordinal (its index in the
 * build list) that hits report.
 *
 * <ul>
 *   <li>Names and aliases: token sequences in a trie whose edges are (state, 64-bit token hash) in one
 *       open-addressing table. Scanning starts a walk at every token and advances live walks, so each
 *       output token costs a few hash probes, whatever the number of erasures.</li>
 *   <li>E-mails, phone numbers and identifiers: 64-bit hashes of normalized keys in one table, probed for
 *       candidate runs found in the text (e-mail runs, digit runs in any formatting, compact alnum runs).</li>
 * </ul>
 * Hits are found the same way whatever the chunking: each construct is judged once it is complete.
 */
public final class CompiledErasures {

    /**
     * What an erasure asks to match; values as the operator gave them. {@code phoneRegions.get(i)} is the
     * region phone {@code i} is read in (see {@link PhoneKeys#read}): an ISO 3166-1 alpha-2 code, "ZZ" for
     * "none known" (the number is then placed only when international), or null (or a shorter list) for the
     * build's default region.
     */
    public record Spec(List<String> names, List<String> aliases, List<String> emails, List<String> phones,
                       List<String> identifiers, List<String> phoneRegions) {
        public Spec {
            names = names == null ? List.of() : names;
            aliases = aliases == null ? List.of() : aliases;
            emails = emails == null ? List.of() : emails;
            phones = phones == null ? List.of() : phones;
            identifiers = identifiers == null ? List.of() : identifiers;
            phoneRegions = phoneRegions == null ? List.of() : phoneRegions;
        }

        /** Phones read in the build's default region. */
        public Spec(List<String> names, List<String> aliases, List<String> emails, List<String> phones,
                    List<String> identifiers) {
            this(names, aliases, emails, phones, identifiers, null);
        }

        /** The region phone {@code i} is read in, {@code fallback} when none is given. */
        String phoneRegion(int i, String fallback) {
            String r = i < phoneRegions.size() ? phoneRegions.get(i) : null;
            return r == null ? fallback : r.equals("ZZ") ? null : r;
        }
    }

    /** Which field of the erasure matched. */
    public enum Kind {
        NAME("name"), ALIAS("alias"), EMAIL("email"), PHONE("phone"), IDENTIFIER("identifier");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }
    }

    /**
     * A match: erasure ordinal, field kind and raw span (UTF-16 offsets, end exclusive); for names, the form's
     * departures from the registered name ({@link NameVariants#INITIAL} etc.) and whether a word was matched
     * with a typo.
     */
    public record Hit(int ordinal, Kind kind, int start, int end, int form, boolean typo) {

        public Hit(int ordinal, Kind kind, int start, int end) {
            this(ordinal, kind, start, end, 0, false);
        }

        /** The same hit over another span (a view's hit mapped back to the raw text). */
        public Hit at(int start, int end) {
            return new Hit(ordinal, kind, start, end, form, typo);
        }
    }

    static final int MAX_SEQUENCE = 16;
    private static final int MAX_DIGIT_GROUPS = 40;
    private static final int MAX_KEY_GROUPS = 8;
    private static final Kind[] KINDS = Kind.values();

    private final LongIntMap edges;
    private final int[] stateOutput;
    private final BitSet hasChildren;
    private final LongIntMap keys;
    private final int[] postPayload;
    private final int[] postNext;
    private final int count;

    /** Edit distances allowed for typos: 1 from {@code minLength1} letters, 2 from {@code minLength2}; 0 = off. */
    public record Fuzzy(int minLength1, int minLength2) {
        public static final Fuzzy DEFAULT = new Fuzzy(5, 9);
        public static final Fuzzy OFF = new Fuzzy(0, 0);
    }

    /** Deletion neighbourhoods of registered tokens: hash of a token with 1 (or 2) letters deleted → tokens. */
    private final LongIntMap fuzzyHeads;
    /** Hashes of every token of every sequence (the lazy typo check needs "is this a name word"). */
    private final LongIntMap knownTokens;
    private final long[] fuzzyToken;
    /**
     * Per deletion-neighbourhood entry, which letter of the registered token it dropped: {@code position << 16
     * | char}; {@link #WHOLE} for the token itself, {@link #TWO_DELETIONS} for a 2-deletion. A typo of one
     * letter is told from two this way (see {@code fuzzyCandidates}).
     */
    private final int[] fuzzyWhere;
    private final int[] fuzzyNext;
    static final int WHOLE = -1;
    static final int TWO_DELETIONS = -2;
    private final Fuzzy fuzzy;

    private CompiledErasures(LongIntMap edges, int[] stateOutput, BitSet hasChildren, LongIntMap keys,
                             int[] postPayload, int[] postNext, int count) {
        this(edges, stateOutput, hasChildren, keys, postPayload, postNext, count, new LongIntMap(16), new long[0],
                new int[0], new int[0], Fuzzy.OFF, new LongIntMap(16));
    }

    private CompiledErasures(LongIntMap edges, int[] stateOutput, BitSet hasChildren, LongIntMap keys,
                             int[] postPayload, int[] postNext, int count, LongIntMap fuzzyHeads, long[] fuzzyToken,
                             int[] fuzzyWhere, int[] fuzzyNext, Fuzzy fuzzy, LongIntMap knownTokens) {
        this.fuzzyHeads = fuzzyHeads;
        this.fuzzyWhere = fuzzyWhere;
        this.knownTokens = knownTokens;
        this.fuzzyToken = fuzzyToken;
        this.fuzzyNext = fuzzyNext;
        this.fuzzy = fuzzy;
        this.edges = edges;
        this.stateOutput = stateOutput;
        this.hasChildren = hasChildren;
        this.keys = keys;
        this.postPayload = postPayload;
        this.postNext = postNext;
        this.count = count;
    }

    public static CompiledErasures empty() {
        return build(List.of(), Nicknames.of(java.util.Map.of()), "US");
    }

    /** The typo tolerance these tables were compiled with. */
    public Fuzzy fuzzy() {
        return fuzzy;
    }

    /** Number of erasures compiled in. */
    public int size() {
        return count;
    }

    public int states() {
        return stateOutput.length;
    }

    /** Rough heap footprint of the tables, for metrics and the benchmark. */
    public long approximateBytes() {
        return fuzzyHeads.bytes() + fuzzyToken.length * 16L + edges.bytes() + keys.bytes() + stateOutput.length * 4L + postPayload.length * 8L
                + hasChildren.size() / 8;
    }

    /** Compiles erasures; ordinals are the list indexes. */
    public static CompiledErasures build(List<Spec> specs, Nicknames nicknames, String phoneRegion) {
        return build(specs, nicknames, phoneRegion, Fuzzy.DEFAULT);
    }

    /**
     * Compiles erasures; ordinals are the list indexes. Every value is also compiled written backwards
     * (a name as "zuofhaM lisaB", an e-mail, a number), which costs one more sequence or key each.
     */
    public static CompiledErasures build(List<Spec> specs, Nicknames nicknames, String phoneRegion, Fuzzy fuzzy) {
        Builder b = new Builder(specs.size(), fuzzy);
        for (int ord = 0; ord < specs.size(); ord++) {
            Spec s = specs.get(ord);
            for (String name : s.names()) {
                for (var form : NameVariants.forms(name, nicknames).entrySet()) {
                    b.addSequence(form.getKey(), ord, Kind.NAME, form.getValue());
                }
                List<String> words = NameVariants.ofAlias(name);
                b.addKnown(words);
                if (NameVariants.alphabetic(name)) {  // "于果" backwards is another name, not a disguise
                    b.addSequence(reversed(words), ord, Kind.NAME, NameVariants.MIRRORED);
                }
            }
            for (String alias : s.aliases()) {
                b.addKnown(NameVariants.ofAlias(alias));
                b.addSequence(NameVariants.ofAlias(alias), ord, Kind.ALIAS);
                if (NameVariants.alphabetic(alias)) {
                    b.addSequence(reversed(NameVariants.ofAlias(alias)), ord, Kind.ALIAS, NameVariants.MIRRORED);
                }
            }
            for (String email : s.emails()) {
                b.addKey(normalizeEmail(email), ord, Kind.EMAIL);
                b.addKey(new StringBuilder(normalizeEmail(email)).reverse().toString(), ord, Kind.EMAIL);
            }
            for (int p = 0; p < s.phones().size(); p++) {
                for (String digits : phoneKeys(s.phones().get(p), s.phoneRegion(p, phoneRegion))) {
                    b.addKey(digits, ord, Kind.PHONE);
                    b.addKey(new StringBuilder(digits).reverse().toString(), ord, Kind.PHONE);
                }
            }
            for (String id : s.identifiers()) {
                String key = normalizeIdentifier(id);
                b.addKey(key, ord, Kind.IDENTIFIER);
                b.addKey(new StringBuilder(key).reverse().toString(), ord, Kind.IDENTIFIER);
                List<String> tokens = NameVariants.tokens(id);
                // spaced alphanumeric forms go through the trie (digit runs cover all-digit ones), and so do
                // digit-less ids, which word runs do not look up
                boolean letters = key.chars().anyMatch(Character::isLetter);
                boolean digits = key.chars().anyMatch(Character::isDigit);
                if ((tokens.size() > 1 && letters) || !digits) {
                    b.addSequence(tokens, ord, Kind.IDENTIFIER);
                }
            }
        }
        return b.finish(specs.size());
    }

    /** A token sequence written backwards: the tokens in reverse order, each spelled backwards. */
    static List<String> reversed(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = tokens.size() - 1; i >= 0; i--) {
            out.add(new StringBuilder(tokens.get(i)).reverse().toString());
        }
        return out;
    }

    /** Writes the tables (for the matcher snapshot that makes restarts fast). */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(count);
        edges.writeTo(out);
        writeInts(out, stateOutput);
        long[] bits = hasChildren.toLongArray();
        out.writeInt(bits.length);
        for (long b : bits) {
            out.writeLong(b);
        }
        keys.writeTo(out);
        writeInts(out, postPayload);
        writeInts(out, postNext);
        out.writeInt(fuzzy.minLength1());
        out.writeInt(fuzzy.minLength2());
        fuzzyHeads.writeTo(out);
        out.writeInt(fuzzyToken.length);
        for (int i = 0; i < fuzzyToken.length; i++) {
            out.writeLong(fuzzyToken[i]);
            out.writeInt(fuzzyWhere[i]);
            out.writeInt(fuzzyNext[i]);
        }
        knownTokens.writeTo(out);
    }

    public static CompiledErasures readFrom(java.io.DataInput in) throws java.io.IOException {
        int count = in.readInt();
        LongIntMap edges = LongIntMap.readFrom(in);
        int[] stateOutput = readInts(in);
        long[] bits = new long[in.readInt()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = in.readLong();
        }
        LongIntMap keys = LongIntMap.readFrom(in);
        int[] payload = readInts(in);
        int[] next = readInts(in);
        if (payload.length != next.length) {
            throw new java.io.IOException("corrupt postings");
        }
        Fuzzy fuzzy = new Fuzzy(in.readInt(), in.readInt());
        LongIntMap fuzzyHeads = LongIntMap.readFrom(in);
        int n = in.readInt();
        if (n < 0) {
            throw new java.io.IOException("corrupt fuzzy table length " + n);
        }
        long[] fuzzyToken = new long[n];
        int[] fuzzyWhere = new int[n];
        int[] fuzzyNext = new int[n];
        for (int i = 0; i < n; i++) {
            fuzzyToken[i] = in.readLong();
            fuzzyWhere[i] = in.readInt();
            fuzzyNext[i] = in.readInt();
        }
        LongIntMap knownTokens = LongIntMap.readFrom(in);
        return new CompiledErasures(edges, stateOutput, BitSet.valueOf(bits), keys, payload, next, count, fuzzyHeads,
                fuzzyToken, fuzzyWhere, fuzzyNext, fuzzy, knownTokens);
    }

    private static void writeInts(java.io.DataOutput out, int[] a) throws java.io.IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new java.io.IOException("corrupt array length " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    // ---- normalization shared by registration, validation and scanning ----

    /**
     * The key of an e-mail address: as written, outer white space stripped, folded by {@link Folding} (case,
     * diacritics: "Jörg@Example.DE" is "jorg@example.de"), the way the scanner folds the runs it reads.
     */
    public static String normalizeEmail(String email) {
        return Folding.fold(email.strip());
    }

    /**
     * The key of an identifier: its letters and digits only, each folded by {@link Folding} and then
     * upper-cased ("ab-12.é" is "AB12E"), the way the scanner reads compact runs.
     */
    public static String normalizeIdentifier(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(Folding.fold(c)));
            }
        }
        return sb.toString();
    }

    /**
     * The digit strings under which a phone number can appear ({@link PhoneKeys#read}): placed by
     * libphonenumber, its national significant number, country code + national number and national
     * dialling form; otherwise its digits, with and without a leading trunk prefix.
     *
     * @param region the region for a number written without "+", or null for none
     * @throws IllegalArgumentException when the value is not a phone number (letters, too few digits)
     */
    public static List<String> phoneKeys(String phone, String region) {
        return PhoneKeys.keys(phone, region);
    }

    // ---- scanning ----

    private int edge(int state, long tokenHash) {
        return edges.get(edgeKey(state, tokenHash), -1);
    }

    private static long edgeKey(int state, long tokenHash) {
        return Fold.mix(tokenHash + 0x9E3779B97F4A7C15L * (state + 1L));
    }

    private void emit(int head, int start, int end, List<Hit> out) {
        emit(head, start, end, out, -1, false);
    }

    private void emit(int head, int start, int end, List<Hit> out, int skipKind) {
        emit(head, start, end, out, skipKind, false);
    }

    /** Payloads are {@code ordinal << 7 | form << 3 | kind}. */
    private void emit(int head, int start, int end, List<Hit> out, int skipKind, boolean typo) {
        for (int p = head; p >= 0; p = postNext[p]) {
            int payload = postPayload[p];
            if ((payload & 7) != skipKind) {
                out.add(new Hit(payload >>> 7, KINDS[payload & 7], start, end, (payload >>> 3) & 15, typo));
            }
        }
    }

    /** Finds every hit in a whole text. */
    public List<Hit> findAll(CharSequence text) {
        List<Hit> out = new ArrayList<>();
        new Cursor().feed(text, text.length(), true, out);
        return out;
    }

    public Cursor cursor() {
        return new Cursor();
    }

    /** Matching state over one growing text. Not thread-safe. */
    public final class Cursor {
        private int pos;
        // tokens and trie walks
        private int tokStart = -1;
        private int prevTokEnd = -1;
        private int prevTokLen;
        private final int[] walkState = new int[MAX_SEQUENCE * 2];
        private final int[] walkStart = new int[MAX_SEQUENCE * 2];
        /** Whether the walk took a fuzzy edge (at most one; a fuzzy walk needs an exact token too). */
        private final boolean[] walkFuzzy = new boolean[MAX_SEQUENCE * 2];
        private int walks;
        private final long[] candidates = new long[64];
        private final char[] folded = new char[41];
        private final long[] prefix = new long[42];
        // the previous token, for a typo in a name's first word (tried once the next word is known)
        private int prevStart = -1;
        private long prevHash;
        private boolean prevStartedExact;
        /** The class of the open token's last char that is not Extend (WB4). */
        private int tokClass;
        // e-mail and compact identifier runs
        private int wordRunStart = -1;
        private int runClass;
        // digit runs: group boundaries
        private int digitRunStart = -1;
        private final int[] groupStart = new int[MAX_DIGIT_GROUPS];
        private final int[] groupEnd = new int[MAX_DIGIT_GROUPS];
        private int groups;
        private int sepLen;
        private final StringBuilder scratch = new StringBuilder(64);

        /**
         * Scans {@code text[pos, length)}, adding hits to {@code out}.
         *
         * @return the smallest offset where a hit not yet reported could still start
         */
        public int feed(CharSequence text, int length, boolean complete, List<Hit> out) {
            for (int i = pos; i < length; i++) {
                char c = text.charAt(i);
                int k = WordBreaks.classOf(c);
                // tokens: UAX #29 words (see WordBreaks); marks and format chars stay with their token
                if (tokStart >= 0 && k != WordBreaks.EXTEND
                        && !(WordBreaks.isWordClass(k) && WordBreaks.joins(tokClass, k))) {
                    token(text, tokStart, i, out);
                    tokStart = -1;
                }
                if (WordBreaks.isWordClass(k)) {
                    if (tokStart < 0) {
                        tokStart = i;
                    }
                    tokClass = k;
                }
                if (isWordRunChar(c, k)) {
                    if (wordRunStart >= 0 && k != runClass && WordBreaks.isWordClass(k)
                            && WordBreaks.isWordClass(runClass) && !WordBreaks.joins(runClass, k)) {
                        // kana then Latin ("はl.whitfield@..."): another word, so another run
                        wordRun(text, wordRunStart, i, out);
                        wordRunStart = -1;
                    }
                    if (wordRunStart < 0) {
                        wordRunStart = i;
                    }
                    runClass = k;
                } else if (wordRunStart >= 0) {
                    wordRun(text, wordRunStart, i, out);
                    wordRunStart = -1;
                }
                digitChar(text, i, c, k, out);
            }
            pos = length;
            if (complete) {
                if (tokStart >= 0) {
                    token(text, tokStart, length, out);
                    tokStart = -1;
                }
                if (wordRunStart >= 0) {
                    wordRun(text, wordRunStart, length, out);
                    wordRunStart = -1;
                }
                endDigitRun(text, out);
                walks = 0;
                return length;
            }
            if (walks > 0 && prevTokEnd >= 0 && tokStart < 0 && hardGap(text, prevTokEnd, length, prevTokLen, false)) {
                walks = 0;
            }
            int hold = length;
            for (int w = 0; w < walks; w++) {
                hold = Math.min(hold, walkStart[w]);
            }
            // the last word could still begin a name with a typo, once the next word arrives
            if (prevStart >= 0 && !prevStartedExact && fuzzy.minLength1() > 0
                    && !hardGap(text, prevTokEnd, tokStart >= 0 ? tokStart : length, prevTokLen, tokStart >= 0)
                    && typoCouldStart(text)) {
                hold = Math.min(hold, prevStart);
            }
            if (tokStart >= 0) {
                hold = Math.min(hold, tokStart);
            }
            if (wordRunStart >= 0) {
                hold = Math.min(hold, wordRunStart);
            }
            if (digitRunStart >= 0) {
                hold = Math.min(hold, digitRunStart);
            }
            return hold;
        }

        private void token(CharSequence text, int start, int end, List<Hit> out) {
            if (prevTokEnd >= 0 && walks > 0 && hardGap(text, prevTokEnd, start, prevTokLen, true)) {
                walks = 0;
            }
            long h = Fold.tokenHash(text, start, end);
            // A lone lower-case letter is a word ("a", "i"), not an initial: it may not begin or end a name.
            boolean word = end - start == 1 && Character.isLowerCase(text.charAt(start));
            int skip = word ? Kind.NAME.ordinal() : -1;
            int nFuzzy = -1;  // candidates computed lazily: most tokens extend or start nothing
            int kept = 0;
            int w0 = walks;
            for (int w = 0; w < w0; w++) {
                int next = edge(walkState[w], h);
                boolean viaFuzzy = false;
                if (next < 0 && !walkFuzzy[w]) {
                    if (nFuzzy < 0) {
                        nFuzzy = fuzzyCandidates(text, start, end, h);
                    }
                    for (int c = 0; c < nFuzzy && next < 0; c++) {
                        next = edge(walkState[w], candidates[c]);
                    }
                    viaFuzzy = next >= 0;
                }
                if (next >= 0) {
                    boolean fz = walkFuzzy[w] || viaFuzzy;
                    if (stateOutput[next] >= 0) {
                        emit(stateOutput[next], walkStart[w], end, out, skip, fz);
                    }
                    if (hasChildren.get(next)) {
                        walkState[kept] = next;
                        walkStart[kept] = walkStart[w];
                        walkFuzzy[kept] = fz;
                        kept++;
                    }
                }
            }
            walks = kept;
            // A typo in the first word: tried when this word is a registered one that can follow it.
            if (prevStart >= 0 && !prevStartedExact && prevTokEnd >= 0 && knownTokens.get(h, -1) >= 0
                    && !hardGap(text, prevTokEnd, start, prevTokLen, true)) {
                int nPrev = fuzzyCandidates(text, prevStart, prevTokEnd, prevHash);
                for (int c = 0; c < nPrev; c++) {
                    int s1 = edge(0, candidates[c]);
                    int s2 = s1 < 0 ? -1 : edge(s1, h);
                    if (s2 >= 0) {
                        if (stateOutput[s2] >= 0) {
                            emit(stateOutput[s2], prevStart, end, out, skip, true);
                        }
                        if (hasChildren.get(s2) && walks < walkState.length) {
                            walkState[walks] = s2;
                            walkStart[walks] = prevStart;
                            walkFuzzy[walks] = true;
                            walks++;
                        }
                    }
                }
            }
            int first = word ? -1 : edge(0, h);
            if (first >= 0) {
                if (stateOutput[first] >= 0) {
                    emit(stateOutput[first], start, end, out);
                }
                if (hasChildren.get(first) && walks < walkState.length) {
                    walkState[walks] = first;
                    walkStart[walks] = start;
                    walkFuzzy[walks] = false;
                    walks++;
                }
            }
            prevStart = word ? -1 : start;
            prevHash = h;
            prevStartedExact = first >= 0;
            prevTokEnd = end;
            prevTokLen = end - start;
        }

        /**
         * Registered tokens within the configured edit distance of this one (deletion neighbourhoods: the
         * token and its 1- or 2-letter deletions against those of registered tokens). Letters only; hashes
         * are computed from FNV prefix states, without building strings. Below {@code minLength2} letters
         * only one edit counts, as Damerau–Levenshtein distance 1 (an insertion, a deletion, a substitution
         * or two neighbours swapped): "della" is not a typo of "delao", though both drop a letter to "dela".
         */
        private int fuzzyCandidates(CharSequence text, int start, int end, long exactHash) {
            int len = end - start;
            if (fuzzy.minLength1() <= 0 || len < fuzzy.minLength1() || fuzzyToken.length == 0 || len > 40
                    || knownTokens.get(exactHash, -1) >= 0) {
                return 0;  // a registered name word is that name, not a typo of another ("Pellegrini", "Pellegrino")
            }
            int n = 0;
            boolean ascii = true;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (!Character.isLetter(c)) {
                    return 0;
                }
                ascii &= c < 128;
            }
            char[] f;
            int fl;
            if (ascii) {
                f = folded;
                fl = len;
                for (int i = 0; i < len; i++) {
                    char c = text.charAt(start + i);
                    f[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                }
            } else {
                f = Fold.fold(text.subSequence(start, end).toString()).toCharArray();
                fl = f.length;
            }
            long[] pre = prefix;
            pre[0] = Fold.FNV_OFFSET;
            for (int i = 0; i < fl; i++) {
                pre[i + 1] = (pre[i] ^ f[i]) * Fold.FNV_PRIME;
            }
            boolean two = fuzzy.minLength2() > 0 && len >= fuzzy.minLength2();
            n = addCandidates(Fold.mix(pre[fl]), exactHash, n, two ? ANY : EXACT_TEXT, (char) 0);
            for (int i = 0; i < fl; i++) {
                long h = pre[i];
                for (int k = i + 1; k < fl; k++) {
                    h = (h ^ f[k]) * Fold.FNV_PRIME;
                }
                n = addCandidates(Fold.mix(h), exactHash, n, two ? ANY : i, f[i]);
                if (two) {
                    for (int j = i + 1; j < fl; j++) {
                        long h2 = pre[i];
                        for (int k = i + 1; k < fl; k++) {
                            if (k != j) {
                                h2 = (h2 ^ f[k]) * Fold.FNV_PRIME;
                            }
                        }
                        n = addCandidates(Fold.mix(h2), exactHash, n, ANY, (char) 0);
                    }
                }
            }
            return n;
        }

        /**
         * Adds the registered tokens of one deletion-neighbourhood entry. {@code dropped} is the position of
         * the text's letter this form dropped ({@code c}), {@link #EXACT_TEXT} for the text token itself, or
         * {@link #ANY} where two edits are allowed.
         */
        private int addCandidates(long deletionHash, long exactHash, int n, int dropped, char c) {
            for (int p = fuzzyHeads.get(deletionHash, -1); p >= 0 && n < candidates.length; p = fuzzyNext[p]) {
                long t = fuzzyToken[p];
                if (t == exactHash || !oneEdit(fuzzyWhere[p], dropped, c)) {
                    continue;
                }
                boolean dup = false;
                for (int i = 0; i < n && !dup; i++) {
                    dup = candidates[i] == t;
                }
                if (!dup) {
                    candidates[n++] = t;
                }
            }
            return n;
        }

        private static final int ANY = -2;
        private static final int EXACT_TEXT = -1;

        /**
         * Whether text and registered token, which meet in this entry, are one edit apart: the text itself is
         * the registered token less a letter (a deletion), the text less a letter is the registered token
         * (an insertion), both less the letter at one position (a substitution) or at neighbouring positions
         * where they dropped the same letter (a swap).
         */
        private static boolean oneEdit(int where, int dropped, char c) {
            if (dropped == ANY) {
                return true;
            }
            if (where == TWO_DELETIONS) {
                return false;
            }
            if (dropped == EXACT_TEXT || where == WHOLE) {
                return true;  // a deletion or an insertion (text and token equal are skipped by hash)
            }
            int pos = where >>> 16;
            return pos == dropped || (Math.abs(pos - dropped) == 1 && (char) (where & 0xFFFF) == c);
        }

        private boolean typoCouldStart(CharSequence text) {
            int n = fuzzyCandidates(text, prevStart, prevTokEnd, prevHash);
            for (int c = 0; c < n; c++) {
                int s1 = edge(0, candidates[c]);
                if (s1 >= 0 && hasChildren.get(s1)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Text between two tokens of one name: spaces, one comma, hyphens, apostrophes, a dot after an
         * initial, a katakana middle dot ("ロルカン・ウィットフィールド"), or nothing where the two tokens are
         * words of their own that touch (ideographs: "王秀英"; see {@link WordBreaks#separatesWords}).
         */
        private boolean hardGap(CharSequence text, int from, int to, int prevLen, boolean closed) {
            int len = to - from;
            if (len > 3) {
                return true;
            }
            if (len == 0) {
                return closed && !WordBreaks.separatesWords(text, from);
            }
            int commas = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                switch (c) {
                    case ' ', '\u00A0', '\u3000', '\t', '\n', '-', '\u2010', '\u2011', '\'', '\u2019', '\u30FB' -> {
                    }
                    case ',' -> {
                        if (++commas > 1) {
                            return true;
                        }
                    }
                    case '.' -> {
                        if (prevLen != 1) {
                            return true;
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
            return false;
        }

        // e-mails and compact identifiers: runs without spaces
        private boolean isWordRunChar(char c, int cls) {
            return WordBreaks.isWordClass(cls) || c == '.' || c == '@' || c == '-' || c == '_' || c == '+' || c == '%'
                    || c == '/';
        }

        private void wordRun(CharSequence text, int start, int end, List<Hit> out) {
            while (start < end && !Fold.isTokenChar(text.charAt(start))) {
                start++;
            }
            while (end > start && !Fold.isTokenChar(text.charAt(end - 1))) {
                end--;
            }
            if (end - start < 4) {
                return;
            }
            int at = -1;
            for (int i = start; i < end; i++) {
                if (text.charAt(i) == '@') {
                    at = i;
                    break;
                }
            }
            if (at > start) {
                scratch.setLength(0);
                for (int i = start; i < end; i++) {
                    char c = text.charAt(i);
                    if (!Folding.isIgnorable(c)) {
                        scratch.append(Folding.fold(c));  // as normalizeEmail folds the registered address
                    }
                }
                lookup(scratch, start, end, out, -1);
                return;
            }
            if (onlyDigitsAndSeparators(text, start, end)) {
                return;  // digit runs cover these, in any formatting
            }
            // identifiers: the whole run and runs of its groups (split at separators)
            int[] gs = new int[MAX_KEY_GROUPS + 1];
            int[] ge = new int[MAX_KEY_GROUPS + 1];
            int n = 0;
            int i = start;
            while (i < end) {
                while (i < end && !Fold.isTokenChar(text.charAt(i))) {
                    i++;
                }
                int s = i;
                while (i < end && Fold.isTokenChar(text.charAt(i))) {
                    i++;
                }
                if (i > s) {
                    if (n == gs.length) {
                        System.arraycopy(gs, 1, gs, 0, n - 1);
                        System.arraycopy(ge, 1, ge, 0, n - 1);
                        n--;
                    }
                    gs[n] = s;
                    ge[n] = i;
                    n++;
                    for (int a = n - 1; a >= 0; a--) {
                        if (a == 0 && n == 1 && gs[0] == start && ge[0] == end) {
                            // a single plain word: identifiers are looked up only if it has a digit
                            if (!hasDigit(text, start, end)) {
                                break;
                            }
                        }
                        scratch.setLength(0);
                        for (int g = a; g < n; g++) {
                            for (int k = gs[g]; k < ge[g]; k++) {
                                scratch.append(Character.toUpperCase(Folding.fold(text.charAt(k))));
                            }
                        }
                        if (scratch.length() > 64) {
                            break;
                        }
                        if (scratch.length() >= 4) {
                            lookup(scratch, gs[a], ge[n - 1], out, Kind.PHONE.ordinal());
                        }
                    }
                }
            }
        }

        private boolean onlyDigitsAndSeparators(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (Character.isLetter(c)) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasDigit(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (Character.isDigit(text.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        private void lookup(CharSequence key, int start, int end, List<Hit> out, int skipKind) {
            int head = keys.get(Fold.keyHash(key), -1);
            if (head >= 0) {
                emit(head, start, end, out, skipKind);
            }
        }

        // digit runs: groups of ASCII digits joined by short separator sequences
        private void digitChar(CharSequence text, int i, char c, int cls, List<Hit> out) {
            boolean digit = c >= '0' && c <= '9';
            if (digit) {
                if (digitRunStart < 0) {
                    if (!WordBreaks.isBoundary(text, i)) {
                        // digits inside a word ("A123", "x_42"; UAX #29 WB9/WB13b) are not a number on their
                        // own; after an ideograph or kana ("電話0312345678") they are
                        return;
                    }
                    digitRunStart = i;
                    int lead = i;
                    while (lead > 0 && lead > i - 2 && (text.charAt(lead - 1) == '+' || text.charAt(lead - 1) == '(')) {
                        lead--;
                    }
                    digitRunStart = lead;
                }
                if (groups > 0 && groupEnd[groups - 1] == i) {
                    groupEnd[groups - 1] = i + 1;
                } else {
                    if (groups == MAX_DIGIT_GROUPS) {
                        endDigitRun(text, out);
                        digitRunStart = i;
                    }
                    groupStart[groups] = i;
                    groupEnd[groups] = i + 1;
                    groups++;
                }
                sepLen = 0;
                return;
            }
            if (digitRunStart < 0) {
                return;
            }
            boolean sep = c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\u00A0'
                    || c == '\u2010' || c == '\u2011' || c == '\u2013';
            if (sep && ++sepLen <= 3) {
                return;
            }
            boolean letterAfter = sepLen == 0 && cls != WordBreaks.EXTEND
                    && WordBreaks.joins(WordBreaks.NUMERIC, cls);
            if (letterAfter) {
                groups--;  // the last group runs on into a word ("123abc"): part of it, not a number
            }
            endDigitRun(text, out);
        }

        private void endDigitRun(CharSequence text, List<Hit> out) {
            if (digitRunStart < 0) {
                return;
            }
            for (int a = 0; a < groups; a++) {
                scratch.setLength(0);
                for (int b = a; b < groups; b++) {
                    for (int k = groupStart[b]; k < groupEnd[b]; k++) {
                        scratch.append(text.charAt(k));
                    }
                    int len = scratch.length();
                    if (len > 17) {
                        break;
                    }
                    if (len >= 6) {
                        int start = a == 0 ? digitRunStart : groupStart[a];
                        lookup(scratch, start, groupEnd[b], out, Kind.EMAIL.ordinal());
                        if (len > 8 && scratch.charAt(0) == '0' && scratch.charAt(1) == '0') {
                            lookup(scratch.subSequence(2, len), start, groupEnd[b], out, Kind.EMAIL.ordinal());
                        }
                    }
                }
            }
            digitRunStart = -1;
            groups = 0;
            sepLen = 0;
        }
    }

    private static LongIntMap trimmed(LongIntMap m) {
        m.trim();
        return m;
    }

    /** Accumulates the trie and key tables with growable arrays. */
    private static final class Builder {
        private final LongIntMap edges;
        private int[] stateOutput = new int[1024];
        private final BitSet hasChildren = new BitSet();
        private int states = 1;
        private final LongIntMap keys;
        private int[] postPayload = new int[1024];
        private int[] postNext = new int[1024];
        private int posts;

        private final Fuzzy fuzzy;
        private final java.util.HashSet<String> fuzzyTokens = new java.util.HashSet<>();
        private final LongIntMap knownTokens = new LongIntMap(1024);

        Builder(int expected, Fuzzy fuzzy) {
            this.fuzzy = fuzzy;
            edges = new LongIntMap(Math.max(16, expected * 6));
            keys = new LongIntMap(Math.max(16, expected * 4));
            Arrays.fill(stateOutput, -1);
        }

        void addSequence(List<String> tokens, int ordinal, Kind kind) {
            addSequence(tokens, ordinal, kind, 0);
        }

        void addSequence(List<String> tokens, int ordinal, Kind kind, int form) {
            if (tokens.isEmpty() || tokens.size() > MAX_SEQUENCE) {
                return;
            }
            int s = 0;
            if (fuzzy.minLength1() > 0 && tokens.size() > 1) {
                for (String t : tokens) {
                    if (t.length() >= fuzzy.minLength1() && t.chars().allMatch(Character::isLetter)) {
                        fuzzyTokens.add(t);
                    }
                }
            }
            for (String t : tokens) {
                long key = edgeKey(s, Fold.foldedHash(t));
                int next = edges.get(key, -1);
                if (next < 0) {
                    next = states++;
                    if (next == stateOutput.length) {
                        int old = stateOutput.length;
                        stateOutput = Arrays.copyOf(stateOutput, old * 2);
                        Arrays.fill(stateOutput, old, old * 2, -1);
                    }
                    edges.put(key, next, -1);
                    hasChildren.set(s);
                }
                s = next;
            }
            stateOutput[s] = post(stateOutput[s], ordinal, kind, form);
        }

        /** The words of a name: any of them may be the exact word that follows a typo. */
        void addKnown(List<String> tokens) {
            if (fuzzy.minLength1() > 0) {
                for (String t : tokens) {
                    knownTokens.put(Fold.foldedHash(t), 1, -1);
                }
            }
        }

        void addKey(String key, int ordinal, Kind kind) {
            if (key.isEmpty()) {
                return;
            }
            long h = Fold.keyHash(key);
            int head = keys.get(h, -1);
            int newHead = post(head, ordinal, kind);
            if (newHead != head) {
                keys.put(h, newHead, -1);
            }
        }

        private int post(int head, int ordinal, Kind kind) {
            return post(head, ordinal, kind, 0);
        }

        /** Prepends a payload to a postings chain unless it is already there. */
        private int post(int head, int ordinal, Kind kind, int form) {
            if (ordinal >= 1 << 24) {
                throw new IllegalArgumentException("more than 2^24 erasures in one matcher");
            }
            int payload = (ordinal << 7) | (form << 3) | kind.ordinal();
            for (int p = head; p >= 0; p = postNext[p]) {
                if (postPayload[p] == payload) {
                    return head;
                }
            }
            if (posts == postPayload.length) {
                postPayload = Arrays.copyOf(postPayload, posts * 2);
                postNext = Arrays.copyOf(postNext, posts * 2);
            }
            postPayload[posts] = payload;
            postNext[posts] = head;
            return posts++;
        }

        CompiledErasures finish(int count) {
            edges.trim();
            keys.trim();
            // deletion neighbourhoods: token itself and its 1-deletions (2-deletions for long tokens), each
            // entry with the letter it dropped
            LongIntMap heads = new LongIntMap(Math.max(16, fuzzyTokens.size() * 10));
            long[] tok = new long[Math.max(16, fuzzyTokens.size() * 10)];
            int[] where = new int[tok.length];
            int[] next = new int[tok.length];
            int n = 0;
            for (String t : fuzzyTokens) {
                long th = Fold.foldedHash(t);
                java.util.List<String> ones = new java.util.ArrayList<>();
                java.util.List<Integer> oneWhere = new java.util.ArrayList<>();
                for (int i = 0; i < t.length(); i++) {
                    ones.add(t.substring(0, i) + t.substring(i + 1));
                    oneWhere.add(i << 16 | t.charAt(i));
                }
                java.util.Set<String> twos = new java.util.HashSet<>();
                if (fuzzy.minLength2() > 0 && t.length() >= fuzzy.minLength2()) {
                    for (String d1 : ones) {
                        for (int j = 0; j < d1.length(); j++) {
                            twos.add(d1.substring(0, j) + d1.substring(j + 1));
                        }
                    }
                }
                // the whole token, then each 1-deletion (one entry per position: "della" drops an l at 2 or 3)
                n = addEntry(heads, tok, where, next, n, th, th, WHOLE);
                for (int k = 0; k < ones.size(); k++) {
                    n = addEntry(heads, growTok, growWhere, growNext, n, Fold.foldedHash(ones.get(k)), th,
                            oneWhere.get(k));
                }
                tok = growTok;
                where = growWhere;
                next = growNext;
                for (String f : twos) {
                    n = addEntry(heads, tok, where, next, n, Fold.foldedHash(f), th, TWO_DELETIONS);
                    tok = growTok;
                    where = growWhere;
                    next = growNext;
                }
            }
            heads.trim();
            return new CompiledErasures(edges, Arrays.copyOf(stateOutput, states), hasChildren, keys,
                    Arrays.copyOf(postPayload, posts), Arrays.copyOf(postNext, posts), count, heads,
                    Arrays.copyOf(tok, n), Arrays.copyOf(where, n), Arrays.copyOf(next, n), fuzzy, trimmed(knownTokens));
        }

        private long[] growTok;
        private int[] growWhere;
        private int[] growNext;

        /** Appends one deletion-neighbourhood entry, growing the arrays (left in the grow* fields). */
        private int addEntry(LongIntMap heads, long[] tok, int[] where, int[] next, int n, long formHash,
                             long tokenHash, int w) {
            if (n == tok.length) {
                tok = Arrays.copyOf(tok, n * 2);
                where = Arrays.copyOf(where, n * 2);
                next = Arrays.copyOf(next, n * 2);
            }
            tok[n] = tokenHash;
            where[n] = w;
            next[n] = heads.get(formHash, -1);
            heads.put(formHash, n, -1);
            growTok = tok;
            growWhere = where;
            growNext = next;
            return n + 1;
        }
    }
}
