package io.lethe.guard.pipeline;

/**
 * Moves finding spans onto extended grapheme cluster boundaries, so a redaction never leaves a variation
 * selector, ZWJ, keycap, skin tone or tag char without its base, nor takes one from a base it leaves.
 * The rules of UAX #29, section 3.1.1, with the JDK's character data (this package depends on the JDK only):
 * <ul>
 *   <li>GB3 CR × LF; GB4/GB5 a break around controls (Cc, Zl, Zp, and Cf other than ZWNJ, ZWJ and tags);</li>
 *   <li>GB6–GB8 Hangul syllable sequences (conjoining jamo L, V, T and the precomposed LV, LVT syllables);</li>
 *   <li>GB9 × (Extend | ZWJ) and GB9a × SpacingMark: nonspacing, enclosing and spacing marks (Mn, Me, Mc,
 *       including the variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF and the combining keycap
 *       U+20E3), ZWNJ U+200C, ZWJ U+200D, emoji modifiers U+1F3FB–U+1F3FF, tags U+E0020–U+E007F, the
 *       half-width sound marks U+FF9E/U+FF9F, and Thai/Lao AM U+0E33/U+0EB3; tags only in an emoji tag
 *       sequence (an emoji, tag specs, a cancel tag): elsewhere a tag run is hidden text and starts a cluster
 *       of its own (a departure from GB9, so a redaction covers hidden text exactly as found);</li>
 *   <li>GB11 ExtPict Extend* ZWJ × ExtPict (emoji ZWJ sequences; Extended_Pictographic approximated by the
 *       emoji and pictograph blocks, since the JDK 17 has no emoji property);</li>
 *   <li>GB12/GB13 regional-indicator pairs (flags).</li>
 * </ul>
 * Not covered: GB9b (Prepend: a prepended concatenation mark such as U+0600 is treated as a control) and
 * GB9c (Indic conjunct linking); the normalized views' own widening (ICU-based) already respects both.
 */
final class GraphemeSpans {

    private GraphemeSpans() {
    }

    /**
     * The start of a span {@code [start, end)} moved forward past the chars that continue a cluster begun
     * before it; {@code start} itself when that would leave nothing of the span (a span of marks only).
     */
    static int snapStart(CharSequence text, int start, int end) {
        int s = start;
        while (s < end && !isBoundary(text, s)) {
            s += Character.charCount(Character.codePointAt(text, s));
        }
        return s < end ? s : start;
    }

    /**
     * The end of a span moved forward over the chars that continue its last cluster, as far as the text
     * goes: when the result is the text's length and more text may follow, it is not final. A high surrogate
     * that ends the text is not yet a code point, so the end stops there undecided (at the length) too.
     */
    static int snapEnd(CharSequence text, int end) {
        int n = text.length();
        int e = end;
        while (e < n && !isBoundary(text, e)) {
            e += Character.charCount(Character.codePointAt(text, e));
        }
        if (e == n - 1 && Character.isHighSurrogate(text.charAt(e))) {
            return n;
        }
        return Math.min(e, n);
    }

    /** Whether a cluster boundary lies at UTF-16 offset {@code i} (always at 0 and at the text's end). */
    static boolean isBoundary(CharSequence text, int i) {
        if (i <= 0 || i >= text.length()) {
            return true;
        }
        char a = text.charAt(i - 1);
        char b = text.charAt(i);
        if (a < 0x80 && b < 0x80) {
            return a != '\r' || b != '\n';
        }
        if (Character.isHighSurrogate(a) && Character.isLowSurrogate(b)) {
            return false;
        }
        int prev = Character.codePointBefore(text, i);
        int cur = Character.codePointAt(text, i);
        if (isControl(prev) || isControl(cur)) {
            return true;
        }
        if (hangulJoins(prev, cur)) {
            return false;
        }
        if (isTag(cur) && !afterEmojiBase(text, i)) {
            return true;
        }
        if (attaches(cur)) {
            return false;
        }
        if (prev == 0x200D && isPictographic(cur)) {
            int j = i - 1;
            while (j > 0) {
                int c = Character.codePointBefore(text, j);
                if (!isExtend(c)) {
                    return !isPictographic(c);
                }
                j -= Character.charCount(c);
            }
            return true;
        }
        if (isRegionalIndicator(prev) && isRegionalIndicator(cur)) {
            int count = 0;
            int j = i;
            while (j > 0) {
                int c = Character.codePointBefore(text, j);
                if (!isRegionalIndicator(c)) {
                    break;
                }
                count++;
                j -= Character.charCount(c);
            }
            return count % 2 == 0;
        }
        return true;
    }

    /**
     * Whether the tag char at offset {@code i} belongs to an emoji tag sequence (UTS #51, ED-14a): an emoji base
     * (such as U+1F3F4 WAVING BLACK FLAG, perhaps with its presentation selector or skin tone), tag specs, and the
     * cancel tag U+E007F that ends it, as the subdivision flags are written. Any other tag run (after a letter, a
     * space, a flag already ended, or not ended by a cancel tag yet) is text hidden from view ("ASCII smuggling")
     * that the views read as ASCII: it starts a cluster of its own, so a finding over it is not moved off it and one
     * beside it does not take it.
     */
    private static boolean afterEmojiBase(CharSequence text, int i) {
        int j = i;
        while (true) {
            if (j <= 0) {
                return false;
            }
            int c = Character.codePointBefore(text, j);
            if (c == 0xE007F) {
                return false;  // a sequence ended before this tag
            }
            if (!isTag(c) && c != 0xFE0F && !(c >= 0x1F3FB && c <= 0x1F3FF)) {
                if (!isPictographic(c)) {
                    return false;
                }
                break;
            }
            j -= Character.charCount(c);
        }
        for (int k = i; k < text.length(); ) {
            int c = Character.codePointAt(text, k);
            if (c == 0xE007F) {
                return true;
            }
            if (!isTag(c)) {
                return false;
            }
            k += Character.charCount(c);
        }
        return false;  // not ended (yet): hidden text until a cancel tag makes it a flag
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        return type == Character.FORMAT && cp != 0x200C && cp != 0x200D && !isTag(cp);
    }

    /** Extend, ZWJ or SpacingMark: joins the cluster before it (GB9, GB9a). */
    private static boolean attaches(int cp) {
        return isExtend(cp) || cp == 0x200D || Character.getType(cp) == Character.COMBINING_SPACING_MARK
                || cp == 0x0E33 || cp == 0x0EB3;
    }

    private static boolean isExtend(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200C
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) || isTag(cp) || cp == 0xFF9E || cp == 0xFF9F;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007F;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /** Extended_Pictographic, approximately: the emoji and pictograph blocks and the older symbols emoji use. */
    private static boolean isPictographic(int cp) {
        if (cp < 0x2000) {
            return cp == 0x00A9 || cp == 0x00AE;
        }
        return cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139 || (cp >= 0x2194 && cp <= 0x21AA)
                || (cp >= 0x231A && cp <= 0x23FF) || cp == 0x24C2 || (cp >= 0x25AA && cp <= 0x25FE)
                || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2934 && cp <= 0x2935) || (cp >= 0x2B05 && cp <= 0x2B55)
                || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
                || (cp >= 0x1F000 && cp <= 0x1FAFF && !isRegionalIndicator(cp) && !(cp >= 0x1F3FB && cp <= 0x1F3FF))
                || (cp >= 0x1FC00 && cp <= 0x1FFFD);
    }

    // Hangul_Syllable_Type, from the Unicode ranges of conjoining jamo and the syllable block
    private static final int L = 1;
    private static final int V = 2;
    private static final int T = 3;
    private static final int LV = 4;
    private static final int LVT = 5;

    private static int hangul(int cp) {
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C)) {
            return L;
        }
        if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) {
            return V;
        }
        if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) {
            return T;
        }
        if (cp >= 0xAC00 && cp <= 0xD7A3) {
            return (cp - 0xAC00) % 28 == 0 ? LV : LVT;
        }
        return 0;
    }

    private static boolean hangulJoins(int prev, int cur) {
        int a = hangul(prev);
        if (a == 0) {
            return false;
        }
        int b = hangul(cur);
        return switch (a) {
            case L -> b == L || b == V || b == LV || b == LVT;   // GB6
            case LV, V -> b == V || b == T;                     // GB7
            default -> b == T;                                  // GB8: LVT, T
        };
    }
}
