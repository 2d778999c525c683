package io.lethe.eval;

import java.util.Arrays;

/**
 * One planted form: its text, and per UTF-16 unit a weight saying how much of the secret that unit
 * carries (1 for a letter or digit of a name, e-mail local part, phone number, passage, or one encoded
 * unit; 2 for a CJK character; 0 for decoration: spaces, dots, markup, invisible characters, the e-mail's
 * domain, padding). A planted form counts as still leaking when a run of its units that reach the client
 * contiguously carries at least {@code threshold} weight; as a partial leak when more than half of its
 * total weight reaches the client.
 */
record Planted(String text, int[] weight, int threshold, String field) {

    Planted {
        if (text.length() != weight.length) {
            throw new IllegalArgumentException("weights must cover the text");
        }
    }

    int totalWeight() {
        return Arrays.stream(weight).sum();
    }

    /** Builds a planted form piece by piece. */
    static final class Builder {
        private final StringBuilder sb = new StringBuilder();
        private int[] w = new int[64];
        private final String field;
        private int threshold = 4;

        Builder(String field) {
            this.field = field;
        }

        Builder threshold(int t) {
            this.threshold = t;
            return this;
        }

        /** Appends {@code s}; every unit gets {@code weight}. */
        Builder add(String s, int weight) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i), weight);
            }
            return this;
        }

        /** Appends {@code s}: letters and digits weigh 1 (CJK 2), everything else 0. */
        Builder secret(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                put(c, natural(c));
            }
            return this;
        }

        /** Appends {@code s} with weight {@code weight} on its first unit only (an encoded unit, a spelled digit). */
        Builder unit(String s, int weight) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i), i == 0 ? weight : 0);
            }
            return this;
        }

        Builder decor(String s) {
            return add(s, 0);
        }

        private void put(char c, int weight) {
            if (sb.length() == w.length) {
                w = Arrays.copyOf(w, w.length * 2);
            }
            w[sb.length()] = weight;
            sb.append(c);
        }

        int length() {
            return sb.length();
        }

        Planted build() {
            return new Planted(sb.toString(), Arrays.copyOf(w, sb.length()), threshold, field);
        }
    }

    static int natural(char c) {
        if (Character.isSurrogate(c)) {
            return 0;
        }
        if (!Character.isLetterOrDigit(c)) {
            return 0;
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        if (s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL) {
            return 2;
        }
        return 1;
    }

    static Planted secretOf(String s, String field) {
        return new Builder(field).secret(s).build();
    }
}
