package io.lethe.classifier;

/**
 * Finds sentence ends in text that grows. Deterministic in the text alone: an end is reported only once the
 * characters that decide it have arrived, so a streamed text is cut exactly as the whole one.
 *
 * <p>A sentence ends after {@code . ! ? …} (and closing quotes or brackets) followed by white space and a
 * character that does not start in lower case; at a line break; or, for run-on text, at the last space
 * before {@code maxChars}. A period after a single letter (an initial) or a common abbreviation does not end
 * a sentence.
 */
public final class Sentences {

    private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of("mr", "mrs", "ms", "dr", "prof",
            "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "mt", "fig", "approx", "dept",
            "gen", "gov", "sgt", "capt", "col", "lt", "rev", "hon");

    private final int maxChars;

    public Sentences(int maxChars) {
        if (maxChars < 16) {
            throw new IllegalArgumentException("maxChars must be at least 16");
        }
        this.maxChars = maxChars;
    }

    /**
     * The end (exclusive) of the sentence that starts at {@code from}, or -1 when more text is needed to
     * tell. With {@code complete}, the rest of the text is the last sentence.
     */
    public int end(CharSequence text, int from, boolean complete) {
        int len = text.length();
        int limit = Math.min(len, from + maxChars);
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2029') {
                return i + 1;
            }
            if (c == '.' || c == '!' || c == '?' || c == '\u2026' || c == '\u3002' || c == '\uff01' || c == '\uff1f') {
                int j = i + 1;
                while (j < len && isCloser(text.charAt(j))) {
                    j++;
                }
                if (j >= len) {
                    return complete ? len : -1;
                }
                if (!Character.isWhitespace(text.charAt(j)) && c != '\u3002' && c != '\uff01' && c != '\uff1f') {
                    continue; // 3.14, e.g., a.b
                }
                if (c == '.' && isAbbreviation(text, from, i)) {
                    continue;
                }
                int k = j;
                while (k < len && Character.isWhitespace(text.charAt(k)) && text.charAt(k) != '\n') {
                    k++;
                }
                if (k >= len) {
                    if (!complete) {
                        return -1; // the next character decides (a lower-case one continues the sentence)
                    }
                    return len;
                }
                if (c == '.' && Character.isLowerCase(text.charAt(k))) {
                    continue;
                }
                return j;
            }
        }
        if (len - from >= maxChars) {
            // Run-on text: cut at the last space so hold-back stays bounded.
            for (int i = from + maxChars - 1; i > from + maxChars / 2; i--) {
                if (Character.isWhitespace(text.charAt(i))) {
                    return i + 1;
                }
            }
            return from + maxChars;
        }
        return complete && len > from ? len : -1;
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == '\u201d' || c == '\u2019'
                || c == '\u00bb' || c == '*' || c == '_';
    }

    /** The word before the period at {@code dot}: an initial ("J.") or a listed abbreviation. */
    private static boolean isAbbreviation(CharSequence text, int from, int dot) {
        int s = dot;
        while (s > from && (Character.isLetter(text.charAt(s - 1)) || text.charAt(s - 1) == '.')) {
            s--;
        }
        int n = dot - s;
        if (n == 0) {
            return false;
        }
        if (n == 1 && Character.isUpperCase(text.charAt(s))) {
            return true;
        }
        if (n > 6) {
            return false;
        }
        return ABBREVIATIONS.contains(text.subSequence(s, dot).toString().toLowerCase(java.util.Locale.ROOT));
    }
}
