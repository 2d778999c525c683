package io.lethe.decode;

/**
 * Characters written in Unicode's code point notation, as a model asked to encode a name writes them:
 * "U+0047 U+0072 U+0065", "U+0047,U+0072", "U+0047+U+0072", "U+0047U+0072" ("u+" too). A token is one or more
 * "U+" and 4 to 6 hex digits, a "+" between them allowed, or a lone "+" between two tokens; each code point
 * must be a printable character. The sequence is read as {@link CharCodes} reads its codes (at least
 * {@value CharCodes#MIN_UNITS} characters, nine in ten readable), so a Unicode discussion naming a few code
 * points changes nothing. Collects one sequence; not thread-safe.
 */
final class CodePoints extends CharUnitSequence {

    private final int[] pending = new int[CharCodes.MAX_UNITS];

    @Override
    public boolean isTokenChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'U' || c == 'u'
                || c == '+';
    }

    @Override
    public boolean add(CharSequence t, int s, int e) {
        int n = parse(t, s, e, false);
        if (n < 0 || units() + n > CharCodes.MAX_UNITS || (n == 0 && units() == 0)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            append(pending[i]);
        }
        took(s, e, n);  // n is 0 for a "+" between two spaced tokens: only the end moves
        return true;
    }

    /**
     * The code points of the token {@code t[s, e)} (into {@link #pending}): their number, 0 for a lone "+", -1
     * when it is no token. With {@code prefix}, 0 or more while it may still become one.
     */
    private int parse(CharSequence t, int s, int e, boolean prefix) {
        int n = 0;
        int i = s;
        while (i < e && t.charAt(i) == '+') {
            i++;
        }
        while (i < e) {
            if ((t.charAt(i) | 0x20) != 'u') {
                return -1;
            }
            if (++i == e) {
                return prefix ? n : -1;
            }
            if (t.charAt(i++) != '+') {
                return -1;
            }
            int d = i;
            int v = 0;
            while (i < e && i - d < 6 && Character.digit(t.charAt(i), 16) >= 0) {
                v = v * 16 + Character.digit(t.charAt(i), 16);
                i++;
            }
            if (i == e && prefix && i - d < 6) {
                return n;
            }
            if (i - d < 4 || v < 32 || (v >= 0x7F && v < 0xA0) || v > Character.MAX_CODE_POINT
                    || (v >= 0xD800 && v <= 0xDFFF) || n == pending.length) {
                return -1;
            }
            pending[n++] = v;
            while (i < e && t.charAt(i) == '+') {
                i++;
            }
        }
        return n;
    }

    @Override
    public boolean couldBeToken(CharSequence t, int s, int e) {
        return parse(t, s, e, true) >= 0 && (e - s > 1 || t.charAt(s) != '+' || units() > 0);
    }
}
