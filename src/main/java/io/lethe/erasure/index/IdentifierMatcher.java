package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;
import io.lethe.text.Folding;

import java.util.List;

/**
 * The matcher of identifiers ({@link ErasureKeys#normalizeIdentifier}: letters and digits, upper-cased) in
 * the {@link KeyTable}: a compact word run and the runs of its groups ("AB-12-34", "12-34"), and parts
 * written with spaces between them, chained ("MI291 1272"). Identifiers written as words without digits go
 * through {@link NameMatcher}; all-digit ones through {@link PhoneMatcher}'s digit runs. Immutable; each scan
 * uses its own {@link Cursor}.
 */
final class IdentifierMatcher {

    private static final int MAX_KEY_GROUPS = 8;
    /**
     * Word runs of an identifier written with spaces between its parts, at most: twelve, so an id spelled a char
     * at a time ("A B eight eight two three one", digits from number words in the normalized view) is one chain.
     */
    private static final int MAX_CHAIN = 12;
    /** Fewest chars of an identifier found after a glued prefix of letters and digits ("FR17AB88231"). */
    private static final int MIN_GLUED_REST = 6;

    private final KeyTable keys;

    IdentifierMatcher(KeyTable keys) {
        this.keys = keys;
    }

    /** Whether {@code text[start, end)} holds no letter. */
    static boolean onlyDigitsAndSeparators(CharSequence text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                return false;
            }
        }
        return true;
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Chain state over one growing text. Not thread-safe. */
    final class Cursor {
        private final StringBuilder scratch = new StringBuilder(64);
        /** {@link #compact}'s groups of the run being read (reused: one run at a time). */
        private final int[] groupStarts = new int[MAX_KEY_GROUPS + 1];
        private final int[] groupEnds = new int[MAX_KEY_GROUPS + 1];
        // word runs of an identifier written with spaces (see chain)
        private final int[] chainStart = new int[MAX_CHAIN];
        private final int[] chainEnd = new int[MAX_CHAIN];
        private final boolean[] chainDigit = new boolean[MAX_CHAIN];
        private final boolean[] chainPrefix = new boolean[MAX_CHAIN];
        private int chainLength;

        /**
         * A compact word run {@code text[start, end)}, trimmed to token chars, at least 4 chars, not an e-mail
         * and not digits alone: the whole run and runs of its groups (split at separators) are looked up.
         */
        void compact(CharSequence text, int start, int end, List<Hit> out) {
            if (plainWord(text, start, end)) {
                return;  // a single plain word: identifiers are looked up only if it has a digit (most runs of prose)
            }
            // identifiers: the whole run and runs of its groups (split at separators)
            int[] gs = groupStarts;
            int[] ge = groupEnds;
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
                            keys.lookup(scratch, gs[a], ge[n - 1], out, Kind.PHONE.ordinal());
                            gluedPrefix(text, gs[a], ge[a], ge[n - 1], out);
                        }
                    }
                }
            }
            gluedCores(text, start, end, out);
        }

        /**
         * An identifier with a country or document prefix glued on ("FR17AB88231", "PASS17AB88231" for AB88231):
         * the rest of {@link #scratch} (the groups from {@code text[s, groupEnd)} to {@code end}) after each point
         * in the first group where letters turn to digits or digits to letters is looked up, when that rest is
         * {@value #MIN_GLUED_REST} chars or more with a letter and a digit. The finding spans the whole run, prefix
         * and all. Only the turns between letters and digits: "XAB88231" is no prefix and AB88231.
         */
        private void gluedPrefix(CharSequence text, int s, int groupEnd, int end, List<Hit> out) {
            int len = scratch.length();
            for (int i = s + 1; i < groupEnd; i++) {
                char before = text.charAt(i - 1);
                char c = text.charAt(i);
                boolean turn = (isAsciiDigit(before) && Character.isLetter(c)) || (Character.isLetter(before) && isAsciiDigit(c));
                int rest = len - (i - s);
                if (!turn || rest < MIN_GLUED_REST) {
                    continue;
                }
                CharSequence tail = scratch.subSequence(i - s, len);
                boolean letter = false;
                boolean digit = false;
                for (int k = 0; k < tail.length(); k++) {
                    letter |= Character.isLetter(tail.charAt(k));
                    digit |= isAsciiDigit(tail.charAt(k));
                }
                if (letter && digit) {
                    keys.lookup(tail, s, end, out, Kind.PHONE.ordinal());
                }
            }
        }

        /**
         * Digit runs of {@link CompiledErasures#MIN_ID_CORE_DIGITS} or more glued to letters in the run
         * {@code text[start, end)} ("GB552019384", "552019384GB"; red team 14): looked up alone, as a lettered
         * identifier's number is a key of its own and digit runs do not read digits inside a word.
         */
        private void gluedCores(CharSequence text, int start, int end, List<Hit> out) {
            int i = start;
            while (i < end) {
                if (!isAsciiDigit(text.charAt(i))) {
                    i++;
                    continue;
                }
                int s = i;
                while (i < end && isAsciiDigit(text.charAt(i))) {
                    i++;
                }
                boolean glued = (s > start && Character.isLetter(text.charAt(s - 1)))
                        || (i < end && Character.isLetter(text.charAt(i)));
                if (glued && i - s >= CompiledErasures.MIN_ID_CORE_DIGITS && i - s <= 64) {
                    scratch.setLength(0);
                    scratch.append(text, s, i);
                    keys.lookup(scratch, s, i, out, Kind.PHONE.ordinal());
                }
            }
        }

        /** Whether {@code text[start, end)} is one word of token chars without a digit: what {@link #compact} skips. */
        private static boolean plainWord(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (Character.isDigit(c) || !Fold.isTokenChar(c)) {
                    return false;  // any digit: a fullwidth one folds to ASCII (see compact)
                }
            }
            return true;
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /**
         * A word run {@code text[start, end)} ended (untrimmed), as a part of an identifier written with spaces;
         * {@code lastDigit} is where the last ASCII digit read is (-1: none). A chain goes on only from a run
         * with a digit, a short capital one, or one after a chain.
         */
        void run(CharSequence text, int start, int end, int lastDigit, List<Hit> out) {
            if (chainLength > 0 || lastDigit >= start || (end - start <= 4 && Character.isUpperCase(text.charAt(start)))) {
                while (start < end && !Fold.isTokenChar(text.charAt(start))) {
                    start++;
                }
                while (end > start && !Fold.isTokenChar(text.charAt(end - 1))) {
                    end--;
                }
                if (end > start) {
                    chain(text, start, end, lastDigit, out);
                }
            }
        }

        /**
         * Identifiers written with spaces between their parts ("MI291 1272", "QX 7742 1093"): the word runs of
         * a chain, each separated from the next by one or two spaces, are looked up joined (case and separators
         * ignored), two to {@value #MAX_CHAIN} of them ending at this run, when they hold a digit. A run continues
         * a chain only after a run with a digit, or after a capital-letter part of at most three letters ("QX",
         * "17 AB 88231"), so prose never chains.
         */
        private void chain(CharSequence text, int start, int end, int lastDigit, List<Hit> out) {
            if (chainLength > 0 && !(chainLinks(chainLength - 1) && spacesBetween(text, chainEnd[chainLength - 1], start))) {
                chainLength = 0;
            }
            boolean hasDigit = lastDigit >= start;  // the run ended before the char being read
            if (chainLength == 0 && !hasDigit && (end - start > 3 || !allCapitals(text, start, end))) {
                return;  // an ordinary word neither continues nor starts a chain
            }
            if (chainLength == MAX_CHAIN) {
                System.arraycopy(chainStart, 1, chainStart, 0, MAX_CHAIN - 1);
                System.arraycopy(chainEnd, 1, chainEnd, 0, MAX_CHAIN - 1);
                System.arraycopy(chainDigit, 1, chainDigit, 0, MAX_CHAIN - 1);
                System.arraycopy(chainPrefix, 1, chainPrefix, 0, MAX_CHAIN - 1);
                chainLength--;
            }
            int n = chainLength;
            chainStart[n] = start;
            chainEnd[n] = end;
            chainDigit[n] = hasDigit;
            chainPrefix[n] = !chainDigit[n] && end - start <= 3 && allCapitals(text, start, end);
            chainLength = n + 1;
            if (n == 0) {
                return;
            }
            boolean digit = chainDigit[n];
            boolean letter = !onlyDigitsAndSeparators(text, start, end);
            for (int a = n - 1; a >= 0; a--) {
                digit |= chainDigit[a];
                letter |= !onlyDigitsAndSeparators(text, chainStart[a], chainEnd[a]);
                if (!digit || !letter) {
                    continue;  // digits alone are the digit runs' (phones and numeric identifiers)
                }
                scratch.setLength(0);
                for (int r = a; r <= n && scratch.length() <= 64; r++) {
                    for (int k = chainStart[r]; k < chainEnd[r]; k++) {
                        char c = text.charAt(k);
                        if (Fold.isTokenChar(c)) {
                            scratch.append(Character.toUpperCase(c));
                        }
                    }
                }
                if (scratch.length() >= 4 && scratch.length() <= 64) {
                    keys.lookup(scratch, chainStart[a], end, out, Kind.PHONE.ordinal());
                }
            }
        }

        /**
         * Whether the chain's run {@code r} may be followed by another part of the same identifier: one with a
         * digit, or a capital-letter part of at most three letters ("QX 7742", "17 AB 88231").
         */
        private boolean chainLinks(int r) {
            return chainDigit[r] || chainPrefix[r];
        }

        /** Whether {@code text[from, to)} is one or two spaces. */
        private static boolean spacesBetween(CharSequence text, int from, int to) {
            if (to - from < 1 || to - from > 2) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\u00A0') {
                    return false;
                }
            }
            return true;
        }

        private static boolean allCapitals(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (!Character.isUpperCase(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The start of a chain of identifier parts that the next run may still continue, or -1; {@code
         * wordRunStart} is the open word run (-1: none).
         */
        int chainHold(CharSequence text, int length, int wordRunStart) {
            if (chainLength == 0 || !chainLinks(chainLength - 1)) {
                return -1;
            }
            int from = chainEnd[chainLength - 1];
            int to = wordRunStart >= 0 ? wordRunStart : length;
            if (to - from > 2 || (wordRunStart >= 0 && to == from)) {
                return -1;
            }
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\u00A0') {
                    return -1;
                }
            }
            return chainStart[0];
        }
    }
}
