package io.lethe.erasure.index;

import java.util.List;

/**
 * Korean names in running text. Korean writes a case particle or an honorific glued to the noun it marks
 * ("남궁건우의 전화번호", "류서윤은", "서윤 씨" / "서윤씨"), and a family and given name usually without a
 * space ("류서윤"), so by UAX #29 the whole eojeol is one word. Registration adds the glued name as one token
 * ({@link NameVariants}); the scanner reads a Hangul word that ends in one of {@link #PARTICLES} also
 * without it, so "남궁건우의" is found as "남궁건우" (the finding ends before the particle).
 *
 * <p>The particles are the common case particles, delimiters and name suffixes of the standard grammar
 * (National Institute of Korean Language, 표준국어대사전, "조사"): one or two syllables, longest first. A word
 * read without its particle must keep two syllables at least, and is only a finding when that stem is a
 * registered name as a whole token: a common noun that ends like a particle finds nothing.
 */
final class Hangul {

    /** Stems tried per word at most. */
    static final int MAX_STEMS = 3;

    /** Particles and suffixes glued to a name, longest first. */
    private static final String[] PARTICLES = {
            "에게서", "이라고", "이라는", "이에요",
            "에게", "에서", "께서", "으로", "이랑", "한테", "부터", "까지", "처럼", "보다", "하고", "이나", "이며",
            "이다", "이고", "에겐", "이는", "이가", "이를", "이의", "이도", "이와", "이한테", "씨는", "씨가", "씨의",
            "씨를", "씨도", "님은", "님이", "님의", "님을", "라고", "라는", "예요", "이요",
            "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "랑", "께", "씨", "님", "야",
            "아", "요",
    };

    private Hangul() {
    }

    /** Whether the char is a precomposed Hangul syllable (U+AC00–U+D7A3). */
    static boolean isSyllable(char c) {
        return c >= '\uAC00' && c <= '\uD7A3';
    }

    /**
     * Adds the hashes of {@code text[start, end)} read without a trailing particle (the stem keeps two chars
     * at least) to {@code hash} / {@code stemEnd} from index {@code n}, {@link #MAX_STEMS} at most.
     *
     * @return the new count
     */
    static int stems(CharSequence text, int start, int end, long[] hash, int[] stemEnd, int n) {
        int added = 0;
        for (String p : PARTICLES) {
            int stem = end - p.length();
            if (stem - start < 2 || added == MAX_STEMS || n == hash.length) {
                continue;
            }
            if (endsWith(text, end, p)) {
                hash[n] = Fold.tokenHash(text, start, stem);
                stemEnd[n++] = stem;
                added++;
                char honorific = text.charAt(stem - 1);
                if ((honorific == '씨' || honorific == '님') && stem - 1 - start >= 2 && added < MAX_STEMS
                        && n < hash.length) {
                    // an honorific before the particle: "류하람씨에게서"
                    hash[n] = Fold.tokenHash(text, start, stem - 1);
                    stemEnd[n++] = stem - 1;
                    added++;
                }
            }
        }
        return n;
    }

    private static boolean endsWith(CharSequence text, int end, String p) {
        int from = end - p.length();
        for (int i = 0; i < p.length(); i++) {
            if (text.charAt(from + i) != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Which word of a two-word Korean name is the family name: the one of one syllable (or a compound surname
     * such as 남궁) when the other is longer; -1 when that does not tell (both or neither), or for other counts.
     * Words are folded tokens (jamo).
     */
    static int familyWord(List<List<String>> words) {
        if (words.size() != 2 || words.get(0).size() != 1 || words.get(1).size() != 1) {
            return -1;
        }
        boolean first = isSurname(words.get(0).get(0));
        boolean second = isSurname(words.get(1).get(0));
        return first == second ? -1 : first ? 0 : 1;
    }

    /** Whether a folded token is one syllable, or two that make a compound surname. */
    private static boolean isSurname(String folded) {
        String syllables = java.text.Normalizer.normalize(folded, java.text.Normalizer.Form.NFC);
        return syllables.length() == 1 || (syllables.length() == 2 && COMPOUND_SURNAMES.contains(syllables));
    }

    /** Korean compound surnames (two syllables). */
    static final java.util.Set<String> COMPOUND_SURNAMES = java.util.Set.of("남궁", "선우", "제갈", "황보", "독고",
            "사공", "서문", "동방");

    /** Whether every token of the name is written in Hangul syllables. */
    static boolean isHangulName(List<String> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (String t : tokens) {
            for (int i = 0; i < t.length(); i++) {
                if (!isSyllable(t.charAt(i)) && !(t.charAt(i) >= '\u1100' && t.charAt(i) <= '\u11FF')) {
                    return false;
                }
            }
        }
        return true;
    }
}
