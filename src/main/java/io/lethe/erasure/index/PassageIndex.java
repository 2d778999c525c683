package io.lethe.erasure.index;

import io.lethe.text.WordBreaks;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verbatim passages as word shingles: every run of {@code n} consecutive words of a registered passage,
 * its words folded (case, diacritics, quote style) and punctuation ignored, is a 64-bit key. An output
 * that reproduces {@code n} or more consecutive words of a passage is found whatever its whitespace, line
 * breaks, quotes or case; consecutive matching shingles merge into one hit spanning the reproduction.
 *
 * <p>Words are UAX #29 words ({@link WordBreaks}): in Chinese and Japanese each ideograph or kana is a
 * word, so twelve consecutive chars of a passage written in them are a reproduction.
 *
 * <p>The tables hold hashes only. Word-sequence prefixes (1 to n-1 words) are kept too, so a stream holds
 * back only the words that could still begin a reproduction.
 */
public final class PassageIndex {

    /** A reproduction of passage text from erasure {@code ordinal} over raw {@code [start, end)}. */
    public record Hit(int ordinal, int start, int end) {
    }

    private final int n;
    private final LongIntMap shingles;
    private final int[] postOrdinal;
    private final int[] postNext;
    private final LongIntMap prefixes;
    private final int count;

    private PassageIndex(int n, LongIntMap shingles, int[] postOrdinal, int[] postNext, LongIntMap prefixes, int count) {
        this.n = n;
        this.shingles = shingles;
        this.postOrdinal = postOrdinal;
        this.postNext = postNext;
        this.prefixes = prefixes;
        this.count = count;
    }

    public static PassageIndex empty(int n) {
        return build(List.of(), n);
    }

    /** Words a passage has, as matching counts them. */
    public static int wordCount(String passage) {
        return words(passage).size();
    }

    /** {@code passages.get(ordinal)}: the passages of erasure {@code ordinal} (empty lists allowed). */
    public static PassageIndex build(List<List<String>> passages, int n) {
        LongIntMap shingles = new LongIntMap(1024);
        LongIntMap prefixes = new LongIntMap(1024);
        int[] postOrdinal = new int[64];
        int[] postNext = new int[64];
        int posts = 0;
        int withPassages = 0;
        for (int ord = 0; ord < passages.size(); ord++) {
            if (!passages.get(ord).isEmpty()) {
                withPassages++;
            }
            for (String passage : passages.get(ord)) {
                List<String> w = words(passage);
                long[] h = new long[w.size()];
                for (int i = 0; i < h.length; i++) {
                    h[i] = Fold.foldedHash(w.get(i));
                }
                for (int i = 0; i + n <= h.length; i++) {
                    long key = shingle(h, i, n);
                    int head = shingles.get(key, -1);
                    boolean present = false;
                    for (int p = head; p >= 0; p = postNext[p]) {
                        present |= postOrdinal[p] == ord;
                    }
                    if (!present) {
                        if (posts == postOrdinal.length) {
                            postOrdinal = Arrays.copyOf(postOrdinal, posts * 2);
                            postNext = Arrays.copyOf(postNext, posts * 2);
                        }
                        postOrdinal[posts] = ord;
                        postNext[posts] = head;
                        shingles.put(key, posts++, -1);
                    }
                }
                for (int i = 0; i < h.length; i++) {
                    for (int k = 1; k < n && i + k <= h.length; k++) {
                        prefixes.put(shingle(h, i, k), 1, -1);
                    }
                }
            }
        }
        shingles.trim();
        prefixes.trim();
        return new PassageIndex(n, shingles, Arrays.copyOf(postOrdinal, posts), Arrays.copyOf(postNext, posts),
                prefixes, withPassages);
    }

    /** The shingle hashes of some passages (what the Lucene shingle index holds per erasure). */
    public static long[] shingles(List<String> passages, int n) {
        java.util.LinkedHashSet<Long> out = new java.util.LinkedHashSet<>();
        for (String p : passages) {
            List<String> w = words(p);
            long[] h = new long[w.size()];
            for (int i = 0; i < h.length; i++) {
                h[i] = Fold.foldedHash(w.get(i));
            }
            for (int i = 0; i + n <= h.length; i++) {
                out.add(shingle(h, i, n));
            }
        }
        long[] a = new long[out.size()];
        int i = 0;
        for (long x : out) {
            a[i++] = x;
        }
        return a;
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

    public int shingleSize() {
        return n;
    }

    /** Erasures with at least one passage. */
    public int size() {
        return count;
    }

    public long approximateBytes() {
        return shingles.bytes() + prefixes.bytes() + postOrdinal.length * 8L;
    }

    public Cursor cursor() {
        return new Cursor();
    }

    public List<Hit> findAll(CharSequence text) {
        List<Hit> out = new ArrayList<>();
        new Cursor().feed(text, text.length(), true, out);
        return out;
    }

    /** Matching state over one growing text. Not thread-safe. */
    public final class Cursor {
        private int pos;
        private int tokStart = -1;
        /** The class of the open word's last char that is not Extend (WB4). */
        private int tokClass;
        private final StringBuilder word = new StringBuilder(32);
        // the last n words: hash, raw start, raw end (ring)
        private final long[] hashes = new long[n];
        private final int[] starts = new int[n];
        private final int[] ends = new int[n];
        private long words;
        // open runs of consecutive matching shingles, per ordinal
        private final List<int[]> runs = new ArrayList<>(); // {ordinal, start, end, lastWord}
        private final long[] window = new long[n];

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
                closeAll(out);
                return length;
            }
            int hold = tokStart >= 0 ? tokStart : length;
            for (int[] r : runs) {
                hold = Math.min(hold, r[1]);
            }
            // the longest tail of words that could still begin a reproduction
            int have = (int) Math.min(words, n - 1);
            for (int k = have; k >= 1; k--) {
                if (prefixes.get(tail(k), -1) >= 0) {
                    hold = Math.min(hold, starts[slot(words - k)]);
                    break;
                }
            }
            return hold;
        }


        private int slot(long wordIndex) {
            return (int) (wordIndex % n);
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
            if (words < n) {
                return;
            }
            int head = shingles.get(tail(n), -1);
            long current = words - 1;
            // runs that do not continue at this word are over
            for (int r = runs.size() - 1; r >= 0; r--) {
                int[] run = runs.get(r);
                boolean continues = false;
                for (int p = head; p >= 0; p = postNext[p]) {
                    continues |= postOrdinal[p] == run[0];
                }
                if (!continues) {
                    out.add(new Hit(run[0], run[1], run[2]));
                    runs.remove(r);
                }
            }
            for (int p = head; p >= 0; p = postNext[p]) {
                int ord = postOrdinal[p];
                int[] run = null;
                for (int[] r : runs) {
                    if (r[0] == ord) {
                        run = r;
                    }
                }
                if (run == null) {
                    runs.add(new int[] {ord, starts[slot(current - n + 1)], end, (int) current});
                } else {
                    run[2] = end;
                    run[3] = (int) current;
                }
            }
        }

        private void closeAll(List<Hit> out) {
            for (int[] r : runs) {
                out.add(new Hit(r[0], r[1], r[2]));
            }
            runs.clear();
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(n);
        out.writeInt(count);
        shingles.writeTo(out);
        out.writeInt(postOrdinal.length);
        for (int i = 0; i < postOrdinal.length; i++) {
            out.writeInt(postOrdinal[i]);
            out.writeInt(postNext[i]);
        }
        prefixes.writeTo(out);
    }

    static PassageIndex readFrom(DataInput in) throws IOException {
        int n = in.readInt();
        int count = in.readInt();
        LongIntMap shingles = LongIntMap.readFrom(in);
        int posts = in.readInt();
        int[] ord = new int[posts];
        int[] next = new int[posts];
        for (int i = 0; i < posts; i++) {
            ord[i] = in.readInt();
            next[i] = in.readInt();
        }
        LongIntMap prefixes = LongIntMap.readFrom(in);
        return new PassageIndex(n, shingles, ord, next, prefixes, count);
    }

    /** Public entry points for the snapshot, which lives in the registry package. */
    public static void write(PassageIndex index, DataOutput out) throws IOException {
        index.writeTo(out);
    }

    public static PassageIndex read(DataInput in) throws IOException {
        return readFrom(in);
    }
}
