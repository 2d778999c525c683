package io.lethe.text;

import java.util.HashMap;
import java.util.Map;

/**
 * HTML character references: numeric ones, the named ones that hide spaces, separators and the "@" of an
 * e-mail, and the Latin-1 accented letters (their base letter, since the view drops diacritics anyway).
 */
final class Entities {

    static final int MAX_LENGTH = 32;
    private static final Map<String, Integer> NAMED = new HashMap<>();

    static {
        String[][] named = {
                {"nbsp", " "}, {"ensp", " "}, {"emsp", " "}, {"thinsp", " "}, {"Tab", " "}, {"NewLine", " "},
                {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
                {"shy", "\u00AD"}, {"zwj", "\u200D"}, {"zwnj", "\u200C"}, {"lrm", "\u200E"}, {"rlm", "\u200F"},
                {"ndash", "-"}, {"mdash", "-"}, {"hyphen", "-"}, {"dash", "-"}, {"minus", "-"},
                {"commat", "@"}, {"period", "."}, {"lowbar", "_"}, {"ast", "*"}, {"midast", "*"}, {"middot", "\u00B7"},
                {"colon", ":"}, {"comma", ","}, {"sol", "/"}, {"num", "#"}, {"dollar", "$"}, {"percnt", "%"},
                {"lsquo", "'"}, {"rsquo", "'"}, {"ldquo", "\""}, {"rdquo", "\""}, {"hellip", "\u2026"},
                {"szlig", "\u00DF"}, {"aelig", "\u00E6"}, {"AElig", "\u00C6"}, {"oslash", "\u00F8"},
                {"Oslash", "\u00D8"}, {"eth", "\u00F0"}, {"thorn", "\u00FE"},
        };
        for (String[] e : named) {
            NAMED.put(e[0], e[1].codePointAt(0));
        }
        for (String accent : new String[]{"acute", "grave", "circ", "uml", "tilde", "ring", "cedil", "caron"}) {
            for (char c = 'a'; c <= 'z'; c++) {
                NAMED.put(c + accent, (int) c);
                NAMED.put(Character.toUpperCase(c) + accent, (int) Character.toUpperCase(c));
            }
        }
    }

    private Entities() {
    }

    static boolean isBodyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#';
    }

    /** The code point of the reference whose body (between "&" and ";") is {@code raw[from, to)}, or -1. */
    static int decode(CharSequence raw, int from, int to) {
        if (to <= from) {
            return -1;
        }
        if (raw.charAt(from) == '#') {
            int i = from + 1;
            int radix = 10;
            if (i < to && (raw.charAt(i) == 'x' || raw.charAt(i) == 'X')) {
                radix = 16;
                i++;
            }
            if (i == to || to - i > 8) {
                return -1;
            }
            long v = 0;
            for (; i < to; i++) {
                int d = Character.digit(raw.charAt(i), radix);
                if (d < 0) {
                    return -1;
                }
                v = v * radix + d;
            }
            if (v == 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                return -1;
            }
            return (int) v;
        }
        Integer cp = NAMED.get(raw.subSequence(from, to).toString());
        return cp == null ? -1 : cp;
    }
}
