package io.lethe.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton over folded terms, matching whole words only, built once and shared. Terms and
 * text are compared through {@link Folding}, the folding every detector shares: a term "José Núñez" is
 * found in "Jose Nunez" and "JOSÉ NÚÑEZ", a term "Jose Nunez" in "José Núñez". Text is folded char by char
 * ({@link Folding#fold(char)}, length-preserving, so matches carry raw offsets); a term is folded as a whole
 * ({@link Folding#fold(CharSequence)}), so a decomposed accent in a term is dropped, and text that writes
 * one is matched through the normalized views, which drop it too. A match
 * may start and end only on a word boundary as {@link WordBreaks} draws them (UAX #29): "Lorcan Whitfield"
 * is found in "私はLorcan Whitfieldです", "王秀英" in "我认识王秀英先生", but "Basil" not in "Basil_Mahfouz"
 * nor "Basil" followed by a combining mark (the normalized views drop the mark and find it there).
 *
 * <p>Transitions live in one open-addressing table keyed by (state, char), which keeps a million terms in
 * a few flat arrays instead of a node object per character. Matching is one table probe per input char;
 * {@link Cursor} carries the state across streamed chunks.
 */
public final class TermAutomaton {

    /** A match of term {@code termId} over {@code [start, end)} of the scanned text. */
    public record Match(int termId, int start, int end) {
    }

    private final long[] keys;      // (state << 16) | char, or -1 for empty
    private final int[] targets;
    private final int mask;
    private final int[] fail;
    private final int[] depth;
    /** First term id ending exactly at a state, or -1; further ones through {@link #nextOutput}. */
    private final int[] output;
    /** Next state on the dictionary-suffix chain that has an output, or -1. */
    private final int[] dictLink;
    private final int[] termLength;
    private final int[] nextSameEnd;  // chains several terms ending at the same state (duplicates)
    private final int termCount;

    private TermAutomaton(long[] keys, int[] targets, int[] fail, int[] depth, int[] output, int[] dictLink,
                          int[] termLength, int[] nextSameEnd, int termCount) {
        this.keys = keys;
        this.targets = targets;
        this.mask = keys.length - 1;
        this.fail = fail;
        this.depth = depth;
        this.output = output;
        this.dictLink = dictLink;
        this.termLength = termLength;
        this.nextSameEnd = nextSameEnd;
        this.termCount = termCount;
    }

    /**
     * Builds the automaton. Term ids are the list indexes. Empty or blank terms (also once folded: a term
     * of combining marks only) are rejected, since they would match everywhere.
     *
     * @throws IllegalArgumentException naming the index of an empty term
     */
    public static TermAutomaton build(List<String> terms) {
        Builder b = new Builder(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            String folded = t == null ? "" : Folding.fold(t);
            if (folded.isBlank()) {
                throw new IllegalArgumentException("term " + i + " is empty");
            }
            b.add(folded, i);
        }
        return b.finish();
    }

    public int termCount() {
        return termCount;
    }

    public int stateCount() {
        return fail.length;
    }

    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * The state after {@code state} reads {@code c} (already folded), with no word-boundary test: for a caller
     * that matches over a text of its own making (a deny term's letters and digits, separators skipped) and
     * judges where words begin and end itself. The root is state 0.
     */
    public int step(int state, char c) {
        return next(state, c);
    }

    /** The number of chars of the longest term prefix that {@code state} stands for. */
    public int depthOf(int state) {
        return depth[state];
    }

    /** The state of the longest proper suffix of {@code state}'s prefix that is a term prefix too (0 at the root). */
    public int failOf(int state) {
        return state == 0 ? 0 : fail[state];
    }

    /** The ids of the terms that end where {@code state} stands (its own and its suffixes'), into {@code out}. */
    public void termsEndingAt(int state, java.util.function.IntConsumer out) {
        for (int o = output[state] >= 0 ? state : dictLink[state]; o >= 0; o = dictLink[o]) {
            for (int term = output[o]; term >= 0; term = nextSameEnd[term]) {
                out.accept(term);
            }
        }
    }

    /** The folded length of term {@code id}. */
    public int termLength(int id) {
        return termLength[id];
    }

    /** Finds every word-bounded match in a whole text. */
    public List<Match> findAll(CharSequence text) {
        Cursor c = cursor();
        List<Match> out = new ArrayList<>();
        c.feed(text, text.length(), true, out);
        return out;
    }

    private int next(int state, char c) {
        while (true) {
            int t = lookup(state, c);
            if (t >= 0) {
                return t;
            }
            if (state == 0) {
                return 0;
            }
            state = fail[state];
        }
    }

    private int lookup(int state, char c) {
        return probe(keys, targets, state, c);
    }

    /** Open-addressing probe for the (state, char) edge; -1 when absent. */
    private static int probe(long[] keys, int[] targets, int state, char c) {
        long key = ((long) state << 16) | c;
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return targets[slot];
            }
            if (k == -1L) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Matching state over one growing text. Not thread-safe. Feed it the text each time more arrives; it
     * remembers where it stopped.
     */
    public final class Cursor {
        private int state;
        private int pos;
        /** Matches whose end reached the text end: the next char decides if they end on a word boundary. */
        private final List<Match> awaitingEnd = new ArrayList<>(2);

        /**
         * Scans {@code text[pos, length)}, adding confirmed matches to {@code out}.
         *
         * @param complete no more text will follow (a match at the very end is then confirmed)
         * @return the smallest offset at which a match not yet reported could still start
         */
        public int feed(CharSequence text, int length, boolean complete, List<Match> out) {
            if (!awaitingEnd.isEmpty() && (length > pos || complete)) {
                boolean boundary = length == pos || WordBreaks.isBoundary(text, pos);
                if (boundary) {
                    out.addAll(awaitingEnd);
                }
                awaitingEnd.clear();
            }
            int s = state;
            for (int i = pos; i < length; i++) {
                s = next(s, Folding.fold(text.charAt(i)));
                int o = output[s] >= 0 ? s : dictLink[s];
                while (o >= 0) {
                    for (int term = output[o]; term >= 0; term = nextSameEnd[term]) {
                        int start = i + 1 - termLength[term];
                        if (!WordBreaks.isBoundary(text, start)) {
                            continue;
                        }
                        Match m = new Match(term, start, i + 1);
                        if (i + 1 < length) {
                            if (WordBreaks.isBoundary(text, i + 1)) {
                                out.add(m);
                            }
                        } else if (complete) {
                            out.add(m);
                        } else {
                            awaitingEnd.add(m);
                        }
                    }
                    o = dictLink[o];
                }
            }
            state = s;
            pos = length;
            if (complete) {
                return length;
            }
            return holdFrom(text, length);
        }

        /** The earliest start of a partial match that sits on a word boundary. */
        private int holdFrom(CharSequence text, int length) {
            // The fail chain goes from the longest partial match to shorter ones: the first that starts on
            // a word boundary starts earliest.
            for (int s = state; s != 0; s = fail[s]) {
                int start = length - depth[s];
                if (WordBreaks.isBoundary(text, start)) {
                    return start;
                }
            }
            return length;
        }
    }

    /** Builds the trie with growable arrays, then links failure and output chains breadth-first. */
    private static final class Builder {
        private long[] keys = new long[1 << 10];
        private int[] targets = new int[1 << 10];
        private int used;
        private int[] depth = new int[256];
        private int[] output = new int[256];
        private int states = 1;
        private final int[] termLength;
        private final int[] nextSameEnd;
        /** Children of each state as a linked list (first child, next sibling) for the BFS. */
        private int[] firstChild = new int[256];
        private int[] nextSibling = new int[256];
        private char[] edgeChar = new char[256];

        Builder(int terms) {
            Arrays.fill(keys, -1L);
            Arrays.fill(output, -1);
            Arrays.fill(firstChild, -1);
            termLength = new int[terms];
            nextSameEnd = new int[terms];
            Arrays.fill(nextSameEnd, -1);
        }

        /** Adds a term already folded by {@link Folding#fold(CharSequence)}. */
        void add(String term, int id) {
            int s = 0;
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                int t = get(s, c);
                if (t < 0) {
                    t = newState(s, c);
                }
                s = t;
            }
            termLength[id] = term.length();
            nextSameEnd[id] = output[s];
            output[s] = id;
        }

        private int newState(int parent, char c) {
            if (states == depth.length) {
                int n = states * 2;
                depth = Arrays.copyOf(depth, n);
                output = grow(output, n);
                firstChild = grow(firstChild, n);
                nextSibling = Arrays.copyOf(nextSibling, n);
                edgeChar = Arrays.copyOf(edgeChar, n);
            }
            int s = states++;
            depth[s] = depth[parent] + 1;
            edgeChar[s] = c;
            nextSibling[s] = firstChild[parent];
            firstChild[parent] = s;
            put(parent, c, s);
            return s;
        }

        private static int[] grow(int[] a, int n) {
            int old = a.length;
            int[] b = Arrays.copyOf(a, n);
            Arrays.fill(b, old, n, -1);
            return b;
        }

        private int get(int state, char c) {
            return probe(keys, targets, state, c);
        }

        private void put(int state, char c, int target) {
            if ((used + 1) * 2 > keys.length) {
                rehash(keys.length * 2);
            }
            long key = ((long) state << 16) | c;
            int mask = keys.length - 1;
            int slot = mix(key) & mask;
            while (keys[slot] != -1L) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            targets[slot] = target;
            used++;
        }

        private void rehash(int size) {
            long[] oldKeys = keys;
            int[] oldTargets = targets;
            keys = new long[size];
            targets = new int[size];
            Arrays.fill(keys, -1L);
            int mask = size - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1L) {
                    int slot = mix(oldKeys[i]) & mask;
                    while (keys[slot] != -1L) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    targets[slot] = oldTargets[i];
                }
            }
        }

        TermAutomaton finish() {
            int n = states;
            int[] fail = new int[n];
            int[] dictLink = new int[n];
            Arrays.fill(dictLink, -1);
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = firstChild[0]; c >= 0; c = nextSibling[c]) {
                fail[c] = 0;
                queue.add(c);
            }
            TermAutomaton partial = new TermAutomaton(keys, targets, fail, depth, output, dictLink,
                    termLength, nextSameEnd, termLength.length);
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (int c = firstChild[s]; c >= 0; c = nextSibling[c]) {
                    int f = fail[s];
                    fail[c] = partial.next(f, edgeChar[c]);
                    if (fail[c] == c) {
                        fail[c] = 0;
                    }
                    int fc = fail[c];
                    dictLink[c] = output[fc] >= 0 ? fc : dictLink[fc];
                    queue.add(c);
                }
            }
            return new TermAutomaton(keys, targets, fail, Arrays.copyOf(depth, n), Arrays.copyOf(output, n),
                    dictLink, termLength, nextSameEnd, termLength.length);
        }
    }
}
