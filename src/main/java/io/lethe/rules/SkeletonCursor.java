package io.lethe.rules;

import io.lethe.text.Folding;
import io.lethe.text.TermAutomaton;
import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches deny-term skeletons (a term's letters and digits only, folded) over one growing view text, whatever
 * separators stand between the letters: none, spaces and line breaks, any dash, underscore, dot
 * ({@link #isSeparator}), at most {@link #MAX_GAP} of them in a row and as {@link #gapGoesOn} allows, so "LETHE_CANARY_7F3A", "LETHECANARY7F3A"
 * and "VANTA-\nBLOOM" are the terms "LETHE-CANARY-7F3A" and "VANTABLOOM". Any other char ends a partial match.
 * A match must begin and end on a word boundary of the view ({@link WordBreaks}), so a term glued inside a
 * longer word ("glassLETHE CANARY 7F3A", "VANTABLOOMING") is not found, and every piece of a split term is a
 * whole word. Matches are in view offsets. Not thread-safe: one per view and scan.
 */
final class SkeletonCursor {

    /** Most separator chars between two letters of a term (" - " and a line break collapse to fewer in the view). */
    static final int MAX_GAP = 4;

    /**
     * Fewest chars of a split term's first piece, unless the piece is one the term itself begins with
     * ({@code firstPieces}: "LETHE" of "LETHE-CANARY-7F3A"): so a common short word before a separator at a
     * chunk's end ("let ", "le ", "13th " read "leth ") is not held back for a term that could go on after it.
     */
    static final int MIN_FIRST_PIECE = 5;

    private final TermAutomaton automaton;
    private final java.util.Set<String> firstPieces;
    /** View offsets of the last skeleton chars read, by skeleton index modulo the length. */
    private final int[] ring;
    /** The folded skeleton chars, and whether a separator stood before each, by the same index. */
    private final char[] ringChar;
    private final boolean[] ringSplit;
    private long read;  // skeleton chars read so far
    private int state;
    private int gap;
    /** In the separators since the last skeleton char: line breaks, the dash, underscore or dot, any whitespace. */
    private int gapBreaks;
    private char gapMark;
    private boolean gapSpace;
    private int pos;
    /** Matches ending at the view's end: the next char decides if they end on a word boundary. */
    private final List<TermAutomaton.Match> awaitingEnd = new ArrayList<>(1);

    SkeletonCursor(TermAutomaton automaton, int longestTerm, java.util.Set<String> firstPieces) {
        this.automaton = automaton;
        this.firstPieces = firstPieces;
        this.ring = new int[Math.max(1, longestTerm)];
        this.ringChar = new char[ring.length];
        this.ringSplit = new boolean[ring.length];
    }

    /**
     * Whether the separators between two pieces, {@code c} the latest, still join them: spaces with at most one line
     * break ("VANTA\nBLOOM", a tab), or one dash, underscore or dot right after the piece, a line break after a
     * dash or underscore ("VANTA-\nBLOOM"). Not a sentence's end ("glass. Heron", "project.\nNightjar"), a spaced
     * dash ("glass — heron"), an ellipsis, or a blank line between paragraphs. (A list's bullet is dropped by the
     * view before this reads it: consecutive items "- glass\n- heron" still join.)
     */
    private boolean gapGoesOn(char c) {
        if (Character.isWhitespace(c)) {
            if (gapMark == '.' || gapMark == '\u00B7') {
                return false;
            }
            if (c == '\n' || c == '\u2028' || c == '\u2029' || c == '\u000B' || c == '\u000C') {
                gapBreaks++;
            }
            gapSpace = true;
            return gapBreaks <= 1;
        }
        if (gapMark != 0 || gapSpace) {
            return false;
        }
        gapMark = c;
        return true;
    }

    /** Whether {@code c} may stand between two letters or digits of a term. */
    static boolean isSeparator(char c) {
        return c == ' ' || c == '_' || c == '.' || c == '\u00B7' || c == '\u2212' || Character.isWhitespace(c)
                || Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    /** A letter or digit of a skeleton. */
    static boolean isSkeletonChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    /**
     * Reads {@code view[pos, length)}, adding confirmed matches to {@code out}.
     *
     * @return the smallest view offset at which a match not yet reported could still start ({@code length}
     *         when none)
     */
    int feed(CharSequence view, int length, boolean complete, List<TermAutomaton.Match> out) {
        if (!awaitingEnd.isEmpty() && (length > pos || complete)) {
            if (length == pos || WordBreaks.isBoundary(view, pos)) {
                out.addAll(awaitingEnd);
            }
            awaitingEnd.clear();
        }
        for (int i = pos; i < length; i++) {
            char c = view.charAt(i);
            if (isSkeletonChar(c)) {
                int slot = (int) (read % ring.length);
                char f = Folding.fold(c);
                ring[slot] = i;
                ringChar[slot] = f;
                ringSplit[slot] = gap > 0;
                read++;
                state = automaton.step(state, f);
                gap = 0;
                gapBreaks = 0;
                gapMark = 0;
                gapSpace = false;
                if (state != 0) {
                    int end = i + 1;
                    automaton.termsEndingAt(state, term -> found(view, length, complete, term, end, out));
                }
            } else if (state != 0 && isSeparator(c) && ++gap <= MAX_GAP && gapGoesOn(c)) {
                continue;  // "VANTA -" may still go on with "BLOOM"
            } else {
                state = 0;
                gap = 0;
                gapBreaks = 0;
                gapMark = 0;
                gapSpace = false;
            }
        }
        pos = length;
        if (complete) {
            return length;
        }
        int hold = length;
        for (TermAutomaton.Match m : awaitingEnd) {
            hold = Math.min(hold, m.start());
        }
        // the longest partial match first (it starts earliest); the first that starts a word is the one to hold
        for (int s = state; s != 0; s = automaton.failOf(s)) {
            int start = startOf(automaton.depthOf(s));
            if (WordBreaks.isBoundary(view, start) && firstPieceFits(automaton.depthOf(s))) {
                return Math.min(hold, start);
            }
        }
        return hold;
    }

    private void found(CharSequence view, int length, boolean complete, int term, int end, List<TermAutomaton.Match> out) {
        int start = startOf(automaton.termLength(term));
        if (!WordBreaks.isBoundary(view, start) || !firstPieceFits(automaton.termLength(term))) {
            return;
        }
        TermAutomaton.Match m = new TermAutomaton.Match(term, start, end);
        if (end < length) {
            if (WordBreaks.isBoundary(view, end)) {
                out.add(m);
            }
        } else if (complete) {
            out.add(m);
        } else {
            awaitingEnd.add(m);
        }
    }

    /**
     * Whether the first piece of the last {@code chars} skeleton chars (up to the first separator) may begin a
     * split term: it is still growing, or has {@link #MIN_FIRST_PIECE} chars, or is how a term begins.
     */
    private boolean firstPieceFits(int chars) {
        long first = read - chars;
        long end = first + 1;
        while (end < read && !ringSplit[(int) (end % ring.length)]) {
            end++;
        }
        if (end == read && gap == 0 || end - first >= MIN_FIRST_PIECE) {  // a separator read last ends it too
            return true;
        }
        StringBuilder piece = new StringBuilder((int) (end - first));
        for (long k = first; k < end; k++) {
            piece.append(ringChar[(int) (k % ring.length)]);
        }
        return firstPieces.contains(piece.toString());
    }

    /** View offset of the first of the last {@code chars} skeleton chars read. */
    private int startOf(int chars) {
        return ring[(int) ((read - chars) % ring.length)];
    }
}
