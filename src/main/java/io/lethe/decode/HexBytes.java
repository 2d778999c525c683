package io.lethe.decode;

/**
 * Bytes written one at a time in hex, as programmers print them: C and Python escapes ({@code \x4a\x75},
 * also JSON-escaped as {@code \\x4a}), {@code 0x4A 0x75} and bare pairs ({@code 4a 75 6c}), tokens separated by
 * one or two spaces, commas, colons or line breaks. A token is a bare pair of hex digits or one or more prefixed pairs
 * written together; a sequence of {@value #MIN_UNITS} bytes or more is decoded as UTF-8 text (a hex run
 * written without separators is a plain run of {@link DecodingStage}). Collects one sequence; not thread-safe.
 */
final class HexBytes extends AbstractUnitSequence {

    /** Fewest bytes decoded (fewer cannot hold a name and are not worth a scan; see {@link Codecs#text}). */
    static final int MIN_UNITS = 4;
    /** Most separator chars between two tokens of one sequence. */
    static final int MAX_GAP = 2;
    private static final int MAX_BYTES = 4096;

    private byte[] bytes = new byte[64];

    @Override
    public boolean isTokenChar(char c) {
        return isHexTokenChar(c);
    }

    /** A char a token may hold: hex digits, "x" of a prefix, the backslash of an escape. */
    static boolean isHexTokenChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'x' || c == 'X'
                || c == '\\';
    }

    /** A char that may stand between two tokens of a sequence. */
    static boolean isSeparator(char c) {
        return c == ' ' || c == ',' || c == ':' || c == '\n';
    }

    /** Whether {@code text[from, to)} may separate two tokens: 1 to {@value #MAX_GAP} separator chars. */
    static boolean isGap(CharSequence text, int from, int to) {
        if (to - from < 1 || to - from > MAX_GAP) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isSeparator(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the token {@code text[s, e)} to the sequence.
     *
     * @return false when it is no hex token (nothing is added)
     */
    @Override
    public boolean add(CharSequence text, int s, int e) {
        int n = units();
        int i = s;
        if (e - s == 2 && hex(text.charAt(s)) >= 0 && hex(text.charAt(s + 1)) >= 0) {
            put(n++, hex(text.charAt(s)) << 4 | hex(text.charAt(s + 1)));
        } else {
            while (i < e) {
                int p = prefix(text, i, e);
                if (p == 0 || i + p + 2 > e) {
                    return false;
                }
                int hi = hex(text.charAt(i + p));
                int lo = hex(text.charAt(i + p + 1));
                if (hi < 0 || lo < 0) {
                    return false;
                }
                put(n++, hi << 4 | lo);
                i += p + 2;
            }
        }
        if (n > MAX_BYTES) {
            return false;
        }
        took(s, e, n - units());
        return true;
    }

    /**
     * Whether the open token {@code text[s, e)} could still become a token: a bare pair not yet longer than two
     * hex digits, or prefixed pairs ("\\x4a\\x7", "0x4"; a prefix may still be incomplete).
     */
    @Override
    public boolean couldBeToken(CharSequence text, int s, int e) {
        return couldBeHexToken(text, s, e);
    }

    static boolean couldBeHexToken(CharSequence text, int s, int e) {
        if (e - s <= 2 && hex(text.charAt(s)) >= 0 && (e - s == 1 || hex(text.charAt(s + 1)) >= 0)) {
            return true;
        }
        int i = s;
        while (i < e) {
            int rest = e - i;
            char c0 = text.charAt(i);
            if (rest == 1) {
                return c0 == '\\' || c0 == '0';
            }
            char c1 = text.charAt(i + 1);
            if (rest == 2 && c0 == '\\' && c1 == '\\') {
                return true;
            }
            int p = prefix(text, i, e);
            if (p == 0) {
                return false;
            }
            for (int k = i + p; k < Math.min(e, i + p + 2); k++) {
                if (hex(text.charAt(k)) < 0) {
                    return false;
                }
            }
            i += p + 2;
        }
        return true;
    }

    /** Whether the bytes collected so far are a prefix of well-formed UTF-8 (see {@link RunProbe#utf8Prefix}). */
    @Override
    public boolean couldBeText() {
        int n = Math.min(units(), bytes.length);
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = bytes[i] & 0xFF;
        }
        return RunProbe.utf8Prefix(b);
    }

    /** Length of a prefix at {@code i}: "\x", "\\x", "0x", "0X"; 0 when there is none. */
    private static int prefix(CharSequence text, int i, int e) {
        if (i + 2 <= e && (text.charAt(i) == '\\' || text.charAt(i) == '0')
                && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
            return text.charAt(i) == '\\' && text.charAt(i + 1) == 'X' ? 0 : 2;
        }
        if (i + 3 <= e && text.charAt(i) == '\\' && text.charAt(i + 1) == '\\' && text.charAt(i + 2) == 'x') {
            return 3;
        }
        return 0;
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private void put(int at, int b) {
        if (at >= bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.min(MAX_BYTES + 1, bytes.length * 2));
        }
        if (at < bytes.length) {
            bytes[at] = (byte) b;
        }
    }

    @Override
    public int minUnits() {
        return MIN_UNITS;
    }

    @Override
    public String decoded() {
        return Codecs.text(java.util.Arrays.copyOf(bytes, units()));
    }
}
