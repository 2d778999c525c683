package io.lethe.eval;

import java.util.Random;

/**
 * Reproductions of a registered passage: verbatim, an excerpt, with small edits, reformatted. Passage
 * letters and digits weigh 1, the threshold is 40 (about eight words surviving in one piece); words we
 * changed or inserted weigh 0.
 */
final class Passages {

    static final int THRESHOLD = 40;

    private static final String[] SWAPS = {"very", "quite", "also", "then", "really", "indeed", "often", "still"};

    private Passages() {
    }

    static Planted form(String kind, String passage, Random rnd) {
        return switch (kind) {
            case "passage.verbatim" -> new Planted.Builder("passage").threshold(THRESHOLD).secret(passage).build();
            case "passage.excerpt" -> excerpt(passage, rnd);
            case "passage.edited" -> edited(passage, rnd);
            case "passage.reformatted" -> reformatted(passage, rnd);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** 30 to 50 consecutive words from inside the passage. */
    static Planted excerpt(String passage, Random rnd) {
        String[] w = passage.split(" ");
        int len = Math.min(w.length, 30 + rnd.nextInt(21));
        int start = w.length > len ? rnd.nextInt(w.length - len + 1) : 0;
        return new Planted.Builder("passage").threshold(THRESHOLD)
                .secret(String.join(" ", java.util.Arrays.copyOfRange(w, start, start + len))).build();
    }

    /** Every 10 to 18 words one small edit: a word swapped, dropped, or inserted, or punctuation changed. */
    static Planted edited(String passage, Random rnd) {
        String[] w = passage.split(" ");
        Planted.Builder b = new Planted.Builder("passage").threshold(THRESHOLD);
        int next = 10 + rnd.nextInt(9);
        for (int i = 0; i < w.length; i++) {
            String word = w[i];
            boolean sep = b.length() > 0;
            if (i == next) {
                next = i + 10 + rnd.nextInt(9);
                switch (rnd.nextInt(4)) {
                    case 0 -> { // swap for another word
                        if (sep) {
                            b.decor(" ");
                        }
                        b.decor(SWAPS[rnd.nextInt(SWAPS.length)]);
                        continue;
                    }
                    case 1 -> { // drop
                        continue;
                    }
                    case 2 -> { // insert a word before
                        if (sep) {
                            b.decor(" ");
                        }
                        b.decor(SWAPS[rnd.nextInt(SWAPS.length)]);
                        sep = true;
                    }
                    default -> { // punctuation
                        word = word.endsWith(",") ? word.substring(0, word.length() - 1) + ";"
                                : word.endsWith(".") ? word : word + ",";
                    }
                }
            }
            if (sep) {
                b.decor(" ");
            }
            b.secret(word);
        }
        return b.build();
    }

    /** Line breaks every 8 to 12 words, as a Markdown block quote or plain lines, straight quotes. */
    static Planted reformatted(String passage, Random rnd) {
        String text = passage.replace('\u201C', '"').replace('\u201D', '"');
        String[] w = text.split(" ");
        boolean quote = rnd.nextBoolean();
        Planted.Builder b = new Planted.Builder("passage").threshold(THRESHOLD);
        if (quote) {
            b.decor("> ");
        }
        int lineWords = 0;
        int limit = 8 + rnd.nextInt(5);
        for (int i = 0; i < w.length; i++) {
            if (i > 0) {
                if (lineWords >= limit) {
                    b.decor(quote ? "\n> " : "\n");
                    lineWords = 0;
                    limit = 8 + rnd.nextInt(5);
                } else {
                    b.decor(" ");
                }
            }
            b.secret(w[i]);
            lineWords++;
        }
        return b.build();
    }
}
