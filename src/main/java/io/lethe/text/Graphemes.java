package io.lethe.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;

/**
 * Extended grapheme cluster boundaries (UAX #29, section 3.1.1, rules GB1–GB999, as ICU4J's character
 * {@link BreakIterator} implements them), for keeping a widened match from taking a char that belongs to a
 * base outside it: a variation selector, ZWJ, keycap or tag char after an emoji, a combining mark.
 *
 * <p>Each answer reads the chars up to and including {@code raw[i]} and what lies before (GB11 and GB12/13
 * look back), never further, so it is the same for any longer text and a streamed answer is cut as the
 * whole one. Between two ASCII chars there is always a boundary but inside CR LF (GB3): no iterator then.
 */
final class Graphemes {

    private Graphemes() {
    }

    /** Whether a cluster boundary lies at UTF-16 offset {@code i} (always at 0 and at the text end). */
    static boolean isBoundary(CharSequence raw, int i) {
        if (i <= 0 || i >= raw.length()) {
            return true;
        }
        char a = raw.charAt(i - 1);
        char b = raw.charAt(i);
        if (a < 0x80 && b < 0x80) {
            return a != '\r' || b != '\n';
        }
        return iterator(raw).isBoundary(i);
    }

    /**
     * The first cluster boundary in {@code [from, limit]}, or {@code limit} when there is none (the match
     * itself starts inside a cluster; the session's final snap deals with that).
     */
    static int boundaryFrom(CharSequence raw, int from, int limit) {
        if (isBoundary(raw, from)) {
            return from;
        }
        int b = iterator(raw).following(from);
        return b == BreakIterator.DONE || b > limit ? limit : b;
    }

    /**
     * Where a match whose last char ends at {@code last} and which was widened over dropped chars to
     * {@code widened} should end: {@code widened} on a boundary, or when the cluster around it is the
     * match's own last one (its marks were dropped from the view; the rest of it is taken by the session's
     * final snap); else the start of that cluster, which belongs to what follows (a prepended char).
     */
    static int endWithin(CharSequence raw, int last, int widened) {
        if (isBoundary(raw, widened)) {
            return widened;
        }
        int b = iterator(raw).preceding(widened);
        return b == BreakIterator.DONE || b < last ? widened : b;
    }

    private static BreakIterator iterator(CharSequence raw) {
        BreakIterator it = BreakIterator.getCharacterInstance(ULocale.ROOT);
        it.setText(raw);
        return it;
    }
}
