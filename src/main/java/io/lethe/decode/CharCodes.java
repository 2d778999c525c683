package io.lethe.decode;

/**
 * Characters written as their decimal code points, as programs print them or a model asked to encode a name
 * writes them: "77 105 114 97", "String.fromCharCode(77,105,114,97)", "[77, 105, 114, 97]". A token is 2 to
 * {@value #MAX_DIGITS} ASCII digits without a leading zero whose value is a code point of a printable character
 * (32 up, no C1 control, no surrogate); a sequence of {@value #MIN_UNITS} or more (of
 * {@value #MIN_IDEOGRAPHS} or more in a script written without spaces) is decoded when at least 90 %
 * of its characters are letters, digits, spaces or punctuation (a phone written so, "52 49 53 ...", is read too;
 * a list of prices decodes to scattered symbols and is left alone). A token may be zero-padded to three digits.
 * Calls of a character function joined by an operator or a comma are read as one sequence too:
 * "chr(67)+chr(111)", "CHAR(67) || CHAR(111)", "CONCAT(CHAR(67), CHAR(111))" ({@link #joins}). Collects one
 * sequence; not thread-safe.
 */
final class CharCodes extends CharUnitSequence {

    /** Fewest characters decoded (fewer cannot hold a name); {@value #MIN_IDEOGRAPHS} of a script without spaces. */
    static final int MIN_UNITS = 4;
    /** Fewest characters decoded when all are ideographs, kana or Hangul: "王秀英", "李娜". */
    static final int MIN_IDEOGRAPHS = 2;
    /** Most digits of a token: U+10FFFF is 1114111. */
    static final int MAX_DIGITS = 7;
    /**
     * Most codes in one sequence: a longer list is cut into sequences of this many, so a stream of numbers is
     * held at most this many tokens (red team 12: 4,000 years were held until the list ended); a name cut at
     * the seam is not found whole.
     */
    static final int MAX_UNITS = 64;

    @Override
    public boolean isTokenChar(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public boolean add(CharSequence t, int s, int e) {
        int cp = value(t, s, e);
        if (cp < 0 || units() >= MAX_UNITS) {
            return false;
        }
        append(cp);
        took(s, e, 1);
        return true;
    }

    @Override
    public boolean couldBeToken(CharSequence t, int s, int e) {
        if (e - s > MAX_DIGITS || (t.charAt(s) == '0' && e - s > 3)) {
            return false;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        return v <= Character.MAX_CODE_POINT;
    }

    /** The code point of a token, or -1 when it is none ({@link CharCodes}). */
    private static int value(CharSequence t, int s, int e) {
        if (e - s < 2 || e - s > MAX_DIGITS || (t.charAt(s) == '0' && e - s > 3)) {
            return -1;  // zero-padded to three digits ("077 105") is a code; "0142" is a phone's group
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        if (v < 32 || (v >= 0x7F && v < 0xA0) || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
            return -1;
        }
        return (int) v;
    }

    /** Names of the functions that make a char of a code, lower case (Python, SQL, VB, JavaScript). */
    private static final java.util.Set<String> CHAR_FUNCTIONS = java.util.Set.of("chr", "char", "nchar", "unichr",
            "chrw", "string.fromcharcode");
    /** Longest glue read between two calls: ")", spaces, an operator, spaces, the name, "(". */
    private static final int MAX_GLUE = 32;

    /** ") + chr(", ")||CHAR(", "), CHAR(", ") . chr(", ") &amp; Chr(" between two codes. */
    @Override
    public boolean joins(CharSequence text, int from, int to, boolean open) {
        if (to - from > MAX_GLUE || from >= to) {
            return false;
        }
        int i = from;
        if (text.charAt(i++) != ')') {
            return false;
        }
        i = spaces(text, i, to);
        if (i == to) {
            return open;
        }
        char op = text.charAt(i);
        if (op == '|') {
            if (++i == to) {
                return open;
            }
            if (text.charAt(i) != '|') {
                return false;
            }
        } else if (op != '+' && op != '.' && op != '&' && op != ',') {
            return false;
        }
        i = spaces(text, i + 1, to);
        int nameStart = i;
        while (i < to && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '.') && i - nameStart <= 20) {
            i++;
        }
        String name = text.subSequence(nameStart, i).toString().toLowerCase(java.util.Locale.ROOT);
        if (i == to) {
            if (!open) {
                return false;
            }
            for (String f : CHAR_FUNCTIONS) {
                if (f.startsWith(name)) {
                    return true;
                }
            }
            return false;
        }
        return CHAR_FUNCTIONS.contains(name) && text.charAt(i) == '(' && i + 1 == to;
    }

    private static int spaces(CharSequence text, int i, int to) {
        int n = 0;
        while (i < to && text.charAt(i) == ' ' && n < 2) {
            i++;
            n++;
        }
        return i;
    }

    /**
     * {@code text} (of {@code units} characters) when it reads as text ({@link CharCodes}: enough characters,
     * nine in ten of them letters, digits, spaces or punctuation), else null.
     */
    static String readable(StringBuilder text, int units) {
        if (units < MIN_UNITS && !text.codePoints().allMatch(CharCodes::withoutSpaces)) {
            return null;
        }
        int readable = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isLetterOrDigit(cp) || cp == ' ' || (type >= Character.DASH_PUNCTUATION
                    && type <= Character.OTHER_PUNCTUATION) || type == Character.MODIFIER_LETTER) {
                readable++;
            }
        }
        return readable * 10 >= units * 9 ? text.toString() : null;
    }

    private static boolean withoutSpaces(int cp) {
        Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
        return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
                || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.HANGUL;
    }
}
