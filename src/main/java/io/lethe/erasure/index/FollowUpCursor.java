package io.lethe.erasure.index;

import io.lethe.text.WordBreaks;

import java.util.List;

/**
 * Finds the follow-up terms of the people a response has named ({@link FollowUps}) in one growing text.
 * Tokens are cut as the name matcher cuts them ({@link Fold#isTokenChar}, UAX #29); the words of a term may be
 * separated by at most {@value #MAX_GAP} spaces, hyphens or apostrophes, or an initial's full stop (none between
 * ideographs). Text is looked
 * at once (a window that may still grow is looked at again from its start); which hits count — only those
 * after the person was named — is the caller's to decide. Holds a trailing token that could still begin or
 * continue a term (its prefix is one of a term's first word, see {@link FollowUpTerms#firstWordPrefixes}).
 * One per text; not thread-safe.
 *
 * @param <K> what a hit reports for its person
 */
public final class FollowUpCursor<K> {

    /** A follow-up mention: the person's key and the span {@code [start, end)} (UTF-16 offsets). */
    public record Hit<K>(K key, int start, int end) {
    }

    static final int MAX_GAP = 3;
    private static final int MAX_TOKENS = 64;
    // allocated when someone is first named: most texts never need them
    private int[] tokStart;
    private int[] tokEnd;
    private long[] tokHash;
    private int from;

    /**
     * Looks at the text not looked at yet, with the terms of the people named so far.
     *
     * @param complete no more text will come
     * @return the smallest offset where a term not yet reported could still start
     */
    public int feed(FollowUps<K> people, CharSequence text, int length, boolean complete, List<Hit<K>> out) {
        if (people.isEmpty()) {
            // nothing to find yet; a token still open at the end is looked at whole once someone is named (a
            // stream's view may glue the next chars to it: "Ashdale*Ashdale*" reads "AshdaleAshdale")
            int f = length;
            while (f > from && !complete && Fold.isTokenChar(text.charAt(f - 1))) {
                f--;
            }
            from = f;
            return length;
        }
        if (tokStart == null) {
            tokStart = new int[MAX_TOKENS];
            tokEnd = new int[MAX_TOKENS];
            tokHash = new long[MAX_TOKENS];
        }
        int hold = length;
        int i = from;
        while (i < length) {
            // a window of tokens from i: enough for any term, cut at a hard gap
            int n = 0;
            int j = i;
            while (j < length && !Fold.isTokenChar(text.charAt(j))) {
                j++;
            }
            if (j >= length) {
                break;
            }
            int first = j;
            boolean open = false;
            int unfinished = -1;
            while (j < length && n < MAX_TOKENS) {
                if (!Fold.isTokenChar(text.charAt(j))) {
                    int g = j;
                    // an initial's full stop too ("B. Vondráčka"), only after a one-letter capital (no ideograph)
                    boolean initial = n > 0 && tokEnd[n - 1] - tokStart[n - 1] == 1
                            && Character.isUpperCase(text.charAt(tokStart[n - 1]));
                    while (g < length && g - j <= MAX_GAP
                            && (softGap(text.charAt(g)) || (initial && g == j && text.charAt(g) == '.'))) {
                        g++;
                    }
                    if (g >= length) {
                        open = !complete; // the next token may still join
                        break;
                    }
                    if (g - j > MAX_GAP || !Fold.isTokenChar(text.charAt(g))) {
                        break;
                    }
                    j = g;
                }
                int end = Fold.tokenEnd(text, j, length);
                if (end >= length && !complete) {
                    open = true;
                    unfinished = j; // the token may go on
                    break;
                }
                tokStart[n] = j;
                tokEnd[n] = end;
                tokHash[n] = Fold.tokenHash(text, j, end);
                n++;
                j = end;
                if (j < length && Fold.isTokenChar(text.charAt(j)) && !WordBreaks.separatesWords(text, j)) {
                    break;
                }
            }
            for (int t = 0; t < n; t++) {
                int bare = withoutTrailingDigits(text, tokStart[t], tokEnd[t]);
                if (bare < tokEnd[t]) {
                    // digits glued after a one-word term: a user name or handle with a year ("Quillsworth1970",
                    // "mirandaq70"; red team 16 N3), the whole token taken
                    for (FollowUps.Term<K> term : people.startingWith(Fold.tokenHash(text, tokStart[t], bare))) {
                        if (term.seq().length == 1) {
                            out.add(new Hit<>(term.key(), tokStart[t], tokEnd[t]));
                        }
                    }
                }
                for (FollowUps.Term<K> term : people.startingWith(tokHash[t])) {
                    long[] seq = term.seq();
                    int k = 1;
                    while (k < seq.length && t + k < n && tokHash[t + k] == seq[k]) {
                        k++;
                    }
                    if (k == seq.length) {
                        out.add(new Hit<>(term.key(), tokStart[t], tokEnd[t + k - 1]));
                    } else if (t + k == n && open) {
                        hold = Math.min(hold, tokStart[t]); // the term may still be completed
                    }
                }
            }
            if (open) {
                // the word being written, only while it could begin a term of someone named ("p|erformed" after
                // "Marie Hamanová" cannot): the people named later count only after their name, held till then
                int bare = unfinished >= 0 ? withoutTrailingDigits(text, unfinished, length) : length;
                if (unfinished >= 0 && (people.couldBegin(Fold.tokenHash(text, unfinished, length))
                        || (bare < length && people.couldBegin(Fold.tokenHash(text, unfinished, bare))))) {
                    hold = Math.min(hold, unfinished);
                }
                from = first; // the window goes on past the received text: taken again from its start
                return hold;
            }
            i = Math.max(j, first + 1);
        }
        from = length;
        return hold;
    }

    /**
     * The end of {@code text[start, end)} without its trailing ASCII digits, or {@code end} when it has none or
     * is all digits (a number is no name).
     */
    private static int withoutTrailingDigits(CharSequence text, int start, int end) {
        int e = end;
        while (e > start && text.charAt(e - 1) >= '0' && text.charAt(e - 1) <= '9') {
            e--;
        }
        return e == start ? end : e;
    }

    private static boolean softGap(char c) {
        return c == ' ' || c == '\u00A0' || c == '-' || c == '\u2010' || c == '\u2011' || c == '\'' || c == '\u2019';
    }
}
