package io.lethe.erasure.index;

import io.lethe.text.WordBreaks;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Registered passages as 4-word shingles, matched so that a finding rests on text distinctive to one
 * passage and spans its whole near-verbatim reproduction.
 *
 * <p><b>Words and shingles.</b> Words are UAX #29 words ({@link WordBreaks}; in Chinese and Japanese each
 * ideograph or kana is a word), folded (case, diacritics, apostrophe style) with punctuation and spacing
 * ignored. Every run of {@link #SHINGLE_WORDS} consecutive words of a passage is a shingle, kept as a
 * 64-bit hash with its position (word offset) in the passage. The tables hold hashes only.
 *
 * <p><b>Distinctiveness.</b> Each matched shingle {@code s} of passage {@code P} counts with a weight in
 * [0, 1]:
 * <pre>
 *   w(s, P) = 0                                        if the background corpus contains s
 *                                                      ({@link PassageBackground}), or df(s) &ge; {@link #STOP_DF}
 *   w(s, P) = clamp( ln(R &middot; level(P) / df(s)) / ln R , 0, 1 )   otherwise, R = {@link #SHARE_RATIO}
 * </pre>
 * where {@code df(s)} is the number of distinct registered passage texts (all segments of the stage: base
 * and delta, so a create updates every passage's weights at once) that contain {@code s}, and {@code
 * level(P)} the lower quartile of {@code df} over P's own shingles (P's own duplication level: 1 for a text
 * registered once, n for an article registered n times under different page furniture), fixed when P's
 * segment is compiled. This is Spärck Jones' inverse document frequency, {@code idf = log(N / df)}
 * (K. Spärck Jones, "A statistical interpretation of term specificity and its application in retrieval",
 * Journal of Documentation 28(1), 1972), with the collection size N replaced by {@code R · level(P)} and
 * normalised to 1 at {@code df = level(P)}: a shingle no more shared than the passage itself weighs 1, one
 * shared by twice as many passages 1/2, one shared by R times as many (page furniture, stock phrases) 0.
 * Identical passage texts count once in {@code df}, so the same text registered by several erasures stays
 * fully distinctive.
 *
 * <p><b>Findings.</b> Matched shingles of one passage chain along the passage's order: a match at output
 * word {@code o} and passage word {@code p} continues a chain whose last match was {@code (o', p')} when
 * {@code 0 < o - o' <= MAX_GAP}, {@code 0 < p - p' <= MAX_GAP} and {@code |(o - o') - (p - p')| <=
 * MAX_DRIFT}: words changed, dropped, inserted or swapped every few words break the shingles around them
 * but not the chain. A chain's <em>distinctive coverage</em> is the number of passage words covered by its
 * matched shingles, each word counted with the weight of the first chained shingle that covers it. Only a
 * shingle that weighs more than 0 starts a chain; one that weighs 0 (a stock sentence many registered
 * passages share) may continue it, adding nothing to its coverage. A chain
 * whose distinctive coverage reaches {@link #MIN_COVERAGE} (12 words, the old "12 consecutive words" rule; the
 * whole passage for one of {@link #SHINGLE_WORDS} to 11 words, which must then be reproduced entire)
 * is a finding over the output from its first matched word to its last: gaps between matches included, so
 * an edited reproduction is removed over its whole extent; only words before the first or after the last
 * matched shingle (fewer than {@link #SHINGLE_WORDS} plus an edit) stay.
 *
 * <p><b>Thresholds</b> (chosen from the rule's purpose, not fitted to an evaluation set): 4-word shingles
 * leave at least one intact shingle between edits 8 or more words apart, and few 4-word sequences of
 * ordinary prose line up with a passage for 12 words of coverage; 12 is the previous rule's figure (once the
 * registration minimum), so verbatim and excerpt reproductions behave as before; a gap of 12 bridges two
 * edits close together or a shared stock sentence of up to 8 words; a drift of 3 allows a few words
 * inserted or dropped at once; R = 4 keeps text shared with one or two other registered passages (a
 * quotation, an overlapping excerpt) at half weight or more while furniture of four or more pages weighs
 * nothing; 256 bounds the postings a single output shingle can visit. Counts of a retired base passage stay
 * until the base is compiled again (bulk import, delta overflow, restart without snapshot).
 *
 * <p><b>Streams.</b> Results depend on the word sequence only, so any chunking gives the hits of the whole
 * text. A cursor holds text back only while it could still become part of a finding: from the start of
 * every chain that is alive (its next match may come within {@code MAX_GAP} words) and could still reach
 * the coverage (enough passage words left), and the trailing words that begin a registered shingle.
 */
public final class PassageIndex {

    /** Words per shingle. */
    public static final int SHINGLE_WORDS = 4;
    /** Distinctive coverage (weighted passage words) that makes a chain a finding. */
    public static final int MIN_COVERAGE = 12;
    /** Most words between the starts of two chained matches, in the output and in the passage. */
    public static final int MAX_GAP = 12;
    /** Most words inserted or dropped between two chained matches. */
    public static final int MAX_DRIFT = 3;
    /** How many times more shared than its passage a shingle may be before it weighs nothing. */
    public static final int SHARE_RATIO = 4;
    /** Shingles in this many registered passage texts or more are ignored and keep no postings. */
    public static final int STOP_DF = 256;
    /** Open chains per cursor at most (pathological repetition); further matches start none. */
    static final int MAX_CHAINS = 512;

    private static final int K = SHINGLE_WORDS;

    /** A reproduction of passage text from erasure {@code ordinal} over raw {@code [start, end)} (UTF-16). */
    public record Hit(int ordinal, int start, int end) {
    }

    /** Shingle hash to its slot in {@link #df} and {@link #head}. */
    private final LongIntMap slots;
    /** Per slot: distinct passage texts of this segment (not counted elsewhere) holding the shingle. */
    private final int[] df;
    /** Per slot: first posting, or -1 when the shingle keeps none (background, stop shingle). */
    private final int[] head;
    private final int[] postPassage;
    private final int[] postPos;
    private final int[] postNext;
    /** Per passage: its erasure's ordinal, its length in words, its duplication level. */
    private final int[] passOrdinal;
    private final int[] passLength;
    private final int[] passLevel;
    /** Hashes of 1 to K-1 word beginnings of shingles with postings (what a stream must hold back). */
    private final LongIntMap prefixes;
    /** Word-sequence hashes of the passage texts this segment counted in {@code df}. */
    private final LongIntMap texts;
    private final int count;
    private final long background;

    private PassageIndex(LongIntMap slots, int[] df, int[] head, int[] postPassage, int[] postPos, int[] postNext,
                         int[] passOrdinal, int[] passLength, int[] passLevel, LongIntMap prefixes, LongIntMap texts,
                         int count, long background) {
        this.slots = slots;
        this.df = df;
        this.head = head;
        this.postPassage = postPassage;
        this.postPos = postPos;
        this.postNext = postNext;
        this.passOrdinal = passOrdinal;
        this.passLength = passLength;
        this.passLevel = passLevel;
        this.prefixes = prefixes;
        this.texts = texts;
        this.count = count;
        this.background = background;
    }

    public static PassageIndex empty() {
        return build(List.of(), null);
    }

    /** Words a passage has, as matching counts them. */
    public static int wordCount(String passage) {
        return words(passage).size();
    }

    /** A segment on its own ({@code passages.get(ordinal)}: the passages of erasure {@code ordinal}, maybe none). */
    public static PassageIndex build(List<List<String>> passages) {
        return build(passages, null);
    }

    /**
     * A segment compiled beside {@code counted} (the base, for a delta; null for none): passage texts
     * {@code counted} already holds are not counted again, and levels are taken over both segments' counts.
     * Scan it with {@link #cursor(PassageIndex)} given the same other segment.
     */
    public static PassageIndex build(List<List<String>> passages, PassageIndex counted) {
        LongIntMap bg = PassageBackground.shingles();
        List<long[]> hashes = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        List<Boolean> fresh = new ArrayList<>();
        LongIntMap texts = new LongIntMap(16);
        int withPassages = 0;
        for (int ord = 0; ord < passages.size(); ord++) {
            if (!passages.get(ord).isEmpty()) {
                withPassages++;
            }
            for (String passage : passages.get(ord)) {
                List<String> w = words(passage);
                long[] h = new long[w.size()];
                long text = 0x3c6ef372fe94f82bL;
                for (int i = 0; i < h.length; i++) {
                    h[i] = Fold.foldedHash(w.get(i));
                    text = Fold.mix(text * 31 + h[i]);
                }
                boolean isNew = (counted == null || counted.texts.get(text, -1) < 0) && texts.put(text, 1, -1) < 0;
                hashes.add(h);
                ordinals.add(ord);
                fresh.add(isNew);
            }
        }
        // df: each new passage text counts once per distinct shingle
        SlotCounts sc = new SlotCounts();
        for (int pid = 0; pid < hashes.size(); pid++) {
            if (!fresh.get(pid)) {
                continue;
            }
            long[] h = hashes.get(pid);
            LongIntMap seen = new LongIntMap(Math.max(16, h.length));
            for (int i = 0; i + K <= h.length; i++) {
                long key = shingle(h, i, K);
                if (bg.get(key, -1) >= 0 || seen.put(key, 1, -1) >= 0) {
                    continue;
                }
                int slot = sc.slot(key);  // before reading sc.df: the call may grow it
                sc.df[slot]++;
            }
        }
        // levels, then postings of the shingles that can weigh something
        int[] passOrdinal = new int[hashes.size()];
        int[] passLength = new int[hashes.size()];
        int[] passLevel = new int[hashes.size()];
        int[] postPassage = new int[64];
        int[] postPos = new int[64];
        int[] postNext = new int[64];
        int[] head = null;
        int posts = 0;
        LongIntMap prefixes = new LongIntMap(1024);
        for (int pid = 0; pid < hashes.size(); pid++) {
            long[] h = hashes.get(pid);
            passOrdinal[pid] = ordinals.get(pid);
            passLength[pid] = h.length;
            int[] dfs = new int[Math.max(0, h.length - K + 1)];
            int m = 0;
            for (int i = 0; i + K <= h.length; i++) {
                long key = shingle(h, i, K);
                if (bg.get(key, -1) < 0) {
                    dfs[m++] = sc.combined(counted, key);
                }
            }
            Arrays.sort(dfs, 0, m);
            passLevel[pid] = m == 0 ? 1 : Math.max(1, dfs[m / 4]);
        }
        head = new int[Math.max(1, sc.n)];
        Arrays.fill(head, -1);
        for (int pid = 0; pid < hashes.size(); pid++) {
            long[] h = hashes.get(pid);
            for (int i = 0; i + K <= h.length; i++) {
                long key = shingle(h, i, K);
                if (bg.get(key, -1) >= 0 || sc.combined(counted, key) >= STOP_DF) {
                    continue;
                }
                // a text the other segment counted gets a slot here with no count of its own
                int slot = sc.slot(key);
                if (slot >= head.length) {
                    int old = head.length;
                    head = Arrays.copyOf(head, Math.max(slot + 1, old * 2));
                    Arrays.fill(head, old, head.length, -1);
                }
                if (posts == postPassage.length) {
                    postPassage = Arrays.copyOf(postPassage, posts * 2);
                    postPos = Arrays.copyOf(postPos, posts * 2);
                    postNext = Arrays.copyOf(postNext, posts * 2);
                }
                postPassage[posts] = pid;
                postPos[posts] = i;
                postNext[posts] = head[slot];
                head[slot] = posts++;
                for (int k = 1; k < K; k++) {
                    prefixes.put(shingle(h, i, k), 1, -1);
                }
            }
        }
        sc.slots.trim();
        prefixes.trim();
        texts.trim();
        return new PassageIndex(sc.slots, Arrays.copyOf(sc.df, sc.n), Arrays.copyOf(head, sc.n),
                Arrays.copyOf(postPassage, posts), Arrays.copyOf(postPos, posts), Arrays.copyOf(postNext, posts),
                passOrdinal, passLength, passLevel, prefixes, texts, withPassages, PassageBackground.checksum());
    }

    /** Shingle slots and their document frequencies while a segment is built. */
    private static final class SlotCounts {
        final LongIntMap slots = new LongIntMap(1024);
        int[] df = new int[64];
        int n;

        /** The slot of a shingle, a new one (count 0) if it has none. */
        int slot(long key) {
            int slot = slots.get(key, -1);
            if (slot < 0) {
                if (n == df.length) {
                    df = Arrays.copyOf(df, n * 2);
                }
                slot = n++;
                slots.put(key, slot, -1);
            }
            return slot;
        }

        /** The shingle's count here plus in the segment {@code counted} (null: none). */
        int combined(PassageIndex counted, long key) {
            int slot = slots.get(key, -1);
            return (slot < 0 ? 0 : df[slot]) + (counted == null ? 0 : counted.localDf(key));
        }
    }

    /** Passage texts of this segment holding the shingle {@code key} (0 when none). */
    int localDf(long key) {
        int slot = slots.get(key, -1);
        return slot < 0 ? 0 : df[slot];
    }

    /**
     * The weight of a shingle shared by {@code df} registered passage texts in a passage whose own
     * duplication level is {@code level} (see the class comment): 1 up to {@code df = level}, falling with
     * {@code ln} to 0 at {@code df = SHARE_RATIO * level}; 0 from {@link #STOP_DF} on.
     */
    static double weight(int df, int level) {
        if (df >= STOP_DF) {
            return 0;
        }
        double w = Math.log((double) SHARE_RATIO * level / Math.max(1, df)) / Math.log(SHARE_RATIO);
        return w >= 1 ? 1 : Math.max(0, w);
    }

    /** The shingle hashes of some text, in order (for tests and tools). */
    static long[] shingles(String text) {
        List<String> w = words(text);
        long[] h = new long[w.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = Fold.foldedHash(w.get(i));
        }
        long[] out = new long[Math.max(0, h.length - K + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = shingle(h, i, K);
        }
        return out;
    }

    /**
     * The words of a passage as the cursor cuts them: UAX #29 words ({@link Fold#isTokenChar}), so each
     * ideograph or kana is a word ("我认识王秀英" is six), with inner apostrophes kept ("don't").
     */
    static List<String> words(String passage) {
        List<String> out = new ArrayList<>();
        int n = passage.length();
        int i = 0;
        while (i < n) {
            char c = passage.charAt(i);
            int cls = WordBreaks.classOf(c);
            if (!WordBreaks.isWordClass(cls)) {
                i++;
                continue;
            }
            int s = i++;
            while (i < n) {
                int k = WordBreaks.classOf(passage.charAt(i));
                if (k == WordBreaks.EXTEND || isInnerApostrophe(passage, i)) {
                    i++;
                } else if (WordBreaks.isWordClass(k) && WordBreaks.joins(cls, k)) {
                    cls = k;
                    i++;
                } else {
                    break;
                }
            }
            int e = i;
            while (e > s && isApostrophe(passage.charAt(e - 1))) {
                e--;
            }
            out.add(Fold.fold(stripApostrophes(passage.substring(s, e))));
        }
        return out;
    }

    /** "don't" and "don’t" are one word, written "dont" for matching, whatever the quote style. */
    private static boolean isInnerApostrophe(CharSequence s, int i) {
        char c = s.charAt(i);
        return (c == '\'' || c == '\u2019' || c == '\u02BC') && i + 1 < s.length() && i > 0
                && Fold.isTokenChar(s.charAt(i - 1)) && Fold.isTokenChar(s.charAt(i + 1));
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019' || c == '\u02BC';
    }

    private static String stripApostrophes(String w) {
        return w.replace("'", "").replace("\u2019", "").replace("\u02BC", "");
    }

    private static long shingle(long[] h, int from, int len) {
        long k = 0x51afd7ed558ccd3L * len;
        for (int i = from; i < from + len; i++) {
            k = Fold.mix(k * 31 + h[i]);
        }
        return k;
    }

    /** Shingle size (words). */
    public int shingleSize() {
        return K;
    }

    /** Erasures with at least one passage. */
    public int size() {
        return count;
    }

    public long approximateBytes() {
        return slots.bytes() + prefixes.bytes() + texts.bytes() + (df.length + head.length) * 4L
                + postPassage.length * 12L + passOrdinal.length * 12L;
    }

    /** A cursor for this segment alone. */
    public Cursor cursor() {
        return new Cursor(null);
    }

    /** A cursor whose shingle counts include {@code other}'s (the stage's other segment; null for none). */
    public Cursor cursor(PassageIndex other) {
        return new Cursor(other);
    }

    public List<Hit> findAll(CharSequence text) {
        return findAll(text, null);
    }

    /** Every hit in a whole text, counting {@code other}'s passages too. */
    public List<Hit> findAll(CharSequence text, PassageIndex other) {
        List<Hit> out = new ArrayList<>();
        new Cursor(other).feed(text, text.length(), true, out);
        return out;
    }

    /** A chain of matched shingles of one passage (see the class comment). */
    private static final class Chain {
        final int passage;
        final int start;
        int end;
        long lastWord;
        int lastPos;
        int coveredTo;
        double coverage;
        /** The coverage that makes it a finding: {@link #MIN_COVERAGE}, or the whole of a shorter passage. */
        final int need;

        Chain(int passage, int start, int end, long word, int pos, double weight, int need) {
            this.passage = passage;
            this.need = need;
            this.start = start;
            this.end = end;
            this.lastWord = word;
            this.lastPos = pos;
            this.coveredTo = pos + K;
            this.coverage = weight * K;
        }

        boolean continuedBy(long word, int pos) {
            long dw = word - lastWord;
            int dp = pos - lastPos;
            return dw > 0 && dw <= MAX_GAP && dp > 0 && dp <= MAX_GAP && Math.abs(dw - dp) <= MAX_DRIFT;
        }

        void extend(long word, int pos, int newEnd, double weight) {
            int from = Math.max(pos, coveredTo);
            if (pos + K > from) {
                coverage += weight * (pos + K - from);
            }
            coveredTo = Math.max(coveredTo, pos + K);
            lastWord = word;
            lastPos = pos;
            end = newEnd;
        }

        boolean qualified() {
            return coverage >= need - 1e-9;
        }
    }

    /** Matching state over one growing text. Not thread-safe. */
    public final class Cursor {
        private final PassageIndex other;
        private int pos;
        private int tokStart = -1;
        /** The class of the open word's last char that is not Extend (WB4). */
        private int tokClass;
        private final StringBuilder word = new StringBuilder(32);
        // the last K words: hash, raw start, raw end (ring)
        private final long[] hashes = new long[K];
        private final int[] starts = new int[K];
        private final int[] ends = new int[K];
        private long words;
        private final List<Chain> chains = new ArrayList<>();
        private final long[] window = new long[K];

        private Cursor(PassageIndex other) {
            this.other = other;
        }

        /**
         * Reads {@code text[0, length)} (the text so far; earlier calls saw a prefix of it), adds the hits
         * that are complete to {@code out}, and answers the offset from which text must still be held back.
         * With {@code complete}, the text has ended: every qualified chain is reported.
         */
        public int feed(CharSequence text, int length, boolean complete, List<Hit> out) {
            for (int i = pos; i < length; i++) {
                char c = text.charAt(i);
                int k = WordBreaks.classOf(c);
                if (tokStart >= 0) {
                    if (WordBreaks.isWordClass(k)) {
                        if (WordBreaks.joins(tokClass, k)) {
                            tokClass = k;
                            continue;
                        }
                    } else if (k == WordBreaks.EXTEND || (isApostrophe(c)
                            && (isInnerApostrophe(text, i) || (i + 1 == length && !complete)))) {
                        // marks stay with their word; an apostrophe at the chunk end may still be inner
                        continue;
                    }
                    word(text, tokStart, i, out);
                    tokStart = -1;
                }
                if (WordBreaks.isWordClass(k)) {
                    tokStart = i;
                    tokClass = k;
                }
            }
            pos = length;
            if (complete) {
                if (tokStart >= 0) {
                    word(text, tokStart, length, out);
                    tokStart = -1;
                }
                expire(Long.MAX_VALUE, out);
                return length;
            }
            int hold = tokStart >= 0 ? tokStart : length;
            for (Chain c : chains) {
                hold = Math.min(hold, c.start);
            }
            // the longest tail of words that could still begin a shingle
            int have = (int) Math.min(words, K - 1);
            for (int k = have; k >= 1; k--) {
                if (prefixes.get(tail(k), -1) >= 0) {
                    hold = Math.min(hold, starts[slot(words - k)]);
                    break;
                }
            }
            return hold;
        }

        private int slot(long wordIndex) {
            return (int) (wordIndex % K);
        }

        private long tail(int k) {
            for (int i = 0; i < k; i++) {
                window[i] = hashes[slot(words - k + i)];
            }
            return shingle(window, 0, k);
        }

        private void word(CharSequence text, int start, int end, List<Hit> out) {
            while (end > start && isApostrophe(text.charAt(end - 1))) {
                end--;  // a closing quote is not part of the word, however the text was chunked
            }
            word.setLength(0);
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (!isApostrophe(c)) {
                    word.append(c);
                }
            }
            int s = slot(words);
            hashes[s] = Fold.tokenHash(word, 0, word.length());
            starts[s] = start;
            ends[s] = end;
            words++;
            if (words < K) {
                return;
            }
            long at = words - K;  // output word index of the shingle's first word
            expire(at, out);
            long key = tail(K);
            int slot = slots.get(key, -1);
            if (slot < 0 || head[slot] < 0) {
                return;
            }
            int shared = df[slot] + (other == null ? 0 : other.localDf(key));
            int first = starts[slot(at)];
            for (int p = head[slot]; p >= 0; p = postNext[p]) {
                int passage = postPassage[p];
                double w = weight(shared, passLevel[passage]);
                Chain best = null;
                for (Chain c : chains) {
                    if (c.passage == passage && c.continuedBy(at, postPos[p]) && (best == null || c.coverage > best.coverage)) {
                        best = c;
                    }
                }
                if (best != null) {
                    best.extend(at, postPos[p], end, w);
                } else if (w > 0 && chains.size() < MAX_CHAINS) {
                    // a shingle that weighs nothing continues a chain but never starts one
                    chains.add(new Chain(passage, first, end, at, postPos[p], w, Math.min(MIN_COVERAGE, passLength[passage])));
                }
            }
            expire(at, out);  // chains this word left unable to qualify hold nothing
        }

        /**
         * Ends the chains that the shingle starting at output word {@code at} can no longer continue
         * (reporting the qualified ones, in the order they began) and drops those that can no longer qualify.
         */
        private void expire(long at, List<Hit> out) {
            int kept = 0;
            for (int i = 0; i < chains.size(); i++) {
                Chain c = chains.get(i);
                boolean over = at - c.lastWord > MAX_GAP;
                if (over && c.qualified()) {
                    out.add(new Hit(passOrdinal[c.passage], c.start, c.end));
                } else if (!over && (c.qualified()
                        || c.coverage + (passLength[c.passage] - c.coveredTo) >= c.need - 1e-9)) {
                    chains.set(kept++, c);
                }
            }
            chains.subList(kept, chains.size()).clear();
        }
    }

    private static void writeInts(DataOutput out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt array length " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(K);
        out.writeLong(background);
        out.writeInt(count);
        slots.writeTo(out);
        writeInts(out, df);
        writeInts(out, head);
        writeInts(out, postPassage);
        writeInts(out, postPos);
        writeInts(out, postNext);
        writeInts(out, passOrdinal);
        writeInts(out, passLength);
        writeInts(out, passLevel);
        prefixes.writeTo(out);
        texts.writeTo(out);
    }

    static PassageIndex readFrom(DataInput in) throws IOException {
        if (in.readInt() != K) {
            throw new IOException("passage index of another shingle size");
        }
        long background = in.readLong();
        if (background != PassageBackground.checksum()) {
            throw new IOException("passage index compiled with another background corpus");
        }
        int count = in.readInt();
        LongIntMap slots = LongIntMap.readFrom(in);
        int[] df = readInts(in);
        int[] head = readInts(in);
        int[] postPassage = readInts(in);
        int[] postPos = readInts(in);
        int[] postNext = readInts(in);
        int[] passOrdinal = readInts(in);
        int[] passLength = readInts(in);
        int[] passLevel = readInts(in);
        LongIntMap prefixes = LongIntMap.readFrom(in);
        LongIntMap texts = LongIntMap.readFrom(in);
        return new PassageIndex(slots, df, head, postPassage, postPos, postNext, passOrdinal, passLength, passLevel,
                prefixes, texts, count, background);
    }

    /** Public entry points for the snapshot, which lives in the registry package. */
    public static void write(PassageIndex index, DataOutput out) throws IOException {
        index.writeTo(out);
    }

    public static PassageIndex read(DataInput in) throws IOException {
        return readFrom(in);
    }
}
