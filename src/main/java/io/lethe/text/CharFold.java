package io.lethe.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UTF16;

/**
 * What one code point becomes in the normalized view: compatibility-decomposed (NFKD, so full-width and
 * styled letters become plain ones; but a char that canonical decomposition splits into several letters,
 * a Hangul syllable, stays whole, as {@link Folding} compares it), diacritics dropped, decimal digits of
 * every script the ASCII digit, letters of the scripts used to imitate Latin that are confusable with ASCII
 * letters replaced by them ({@link #letterSkeleton}: Cyrillic "а" → "a", Greek "κ" → "k"), other non-ASCII
 * symbols by their TR39 skeleton when it is ASCII; invisible and format characters, private-use and unassigned
 * code points, lone surrogates and U+FFFD become nothing (an emoji only between two letters, which
 * {@link NormalizedView} decides), every
 * kind of space one ASCII space. Case is folded by the matchers, as at registration; a name written in one
 * of those scripts is registered in this form too ({@link #word}), so it is found in the view whatever
 * look-alikes it mixes.
 *
 * <p>ASCII is left as it is (the skeleton of ASCII would turn
 * "I" into "l" and "m" into "rn"). Results for the BMP are cached; a racy fill is harmless because
 * strings are immutable and the computation is pure.
 */
final class CharFold {

    private static final String[] BMP = new String[0x10000];
    private static final int MAX_SUPPLEMENTARY = 4096;
    private static final java.util.Map<Integer, String> SUPPLEMENTARY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private CharFold() {
    }

    static String of(int cp) {
        if (cp < 0x10000) {
            String s = BMP[cp];
            if (s == null) {
                s = compute(cp);
                BMP[cp] = s;
            }
            return s;
        }
        String s = SUPPLEMENTARY.get(cp);
        if (s == null) {
            s = compute(cp);
            if (SUPPLEMENTARY.size() < MAX_SUPPLEMENTARY) {
                SUPPLEMENTARY.put(cp, s);
            }
        }
        return s;
    }

    /** Every code point of {@code s} through {@link #of}: a word as the normalized view writes it. */
    static String word(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            sb.append(of(cp));
        }
        return sb.toString();
    }

    /**
     * Latin letters drawn another way that compatibility decomposition leaves alone or wraps: small capitals
     * ("ᴛʜᴀᴅ"; "ǫ" for the missing Q, see {@link #compute}), parenthesized letters ("⒯⒣⒜", which NFKD writes "(t)(h)(a)"),
     * regional indicators (🇹🇭) and the negative squared and circled capitals ("🅼🅸🆁", "🅜🅘🅡", which have no
     * decomposition, unlike the plain squared "🄼"), by their Unicode character names.
     */
    private static final java.util.regex.Pattern STYLED_LATIN = java.util.regex.Pattern.compile(
            "(?:LATIN LETTER SMALL CAPITAL|PARENTHESIZED LATIN SMALL LETTER|REGIONAL INDICATOR SYMBOL LETTER"
                    + "|NEGATIVE (?:SQUARED|CIRCLED) LATIN CAPITAL LETTER) ([A-Z])");

    /** The plain lower-case letter of a styled Latin letter ({@link #STYLED_LATIN}), else null. */
    private static String styledLatin(int cp) {
        String name = UCharacter.getName(cp);
        if (name == null) {
            return null;
        }
        java.util.regex.Matcher m = STYLED_LATIN.matcher(name);
        return m.matches() ? String.valueOf((char) (m.group(1).charAt(0) + 32)) : null;
    }

    /** Emoji and other pictographs of the BMP (Unicode property Extended_Pictographic). */
    private static final java.util.BitSet BMP_PICTOGRAPHS = new java.util.BitSet(0x10000);

    static {
        for (int c = 0x80; c < 0x10000; c++) {
            if (UCharacter.hasBinaryProperty(c, UProperty.EXTENDED_PICTOGRAPHIC)) {
                BMP_PICTOGRAPHS.set(c);
            }
        }
    }

    /** Whether a code point is an emoji or another pictograph (Extended_Pictographic). */
    static boolean isPictograph(int cp) {
        return cp < 0x10000 ? BMP_PICTOGRAPHS.get(cp) : UCharacter.hasBinaryProperty(cp, UProperty.EXTENDED_PICTOGRAPHIC);
    }

    static boolean isAsciiSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static String compute(int cp) {
        if (cp < 0x80) {
            if (isAsciiSpace(cp)) {
                return " ";
            }
            return cp < 0x20 || cp == 0x7F ? "" : String.valueOf((char) cp);
        }
        if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
            return "";  // zero-width chars, soft hyphen, BOM, bidi controls, variation selectors, fillers
        }
        if ((cp >= 0x02C6 && cp <= 0x02CF) || (cp >= 0x02D8 && cp <= 0x02DD)) {
            return "";  // spacing accents (ˋ ˊ ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝) sprinkled into a word, as marks would be
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
            return " ";  // U+2800, the blank Braille pattern, is drawn as a space
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || isMark(type)) {
            return "";
        }
        // chars that show as nothing or as a box, not as text: private use (invisible in most fonts), unassigned
        // code points and noncharacters, a lone surrogate, U+FFFD (what undecodable input became): "Thad\uE000deus"
        if (type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE
                || cp == 0xFFFD) {
            return "";
        }
        if (splitByCanonicalDecomposition(cp)) {
            return UTF16.valueOf(cp);  // a Hangul syllable stays whole, as Folding keeps it
        }
        String styled = styledLatin(cp);
        if (styled != null) {
            return styled;
        }
        if (cp == 0x01EB) {
            // "ǫ" (o with ogonek) stands in for the small capital Q that Unicode lacks in small-caps text
            // ("ǫᴜɪʟʟsᴡᴏʀᴛʜ"); registration folds it the same way, so a name spelt with it still matches itself
            return "q";
        }
        if (type == Character.DECIMAL_DIGIT_NUMBER) {
            // digits of every script are digits: "٠٣١" (Arabic-Indic), "০৩১" (Bengali), "０３１" (fullwidth)
            return String.valueOf((char) ('0' + UCharacter.digit(cp, 10)));
        }
        String d;
        synchronized (SPOOF) {
            d = NFKD.normalize(UTF16.valueOf(cp));
        }
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                sb.append(isAsciiSpace(c) ? ' ' : (char) c);
            } else if (isMark(Character.getType(c))) {
                continue;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                sb.append(' ');
            } else if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                sb.append((char) ('0' + UCharacter.digit(c, 10)));
            } else {
                String sk = Character.isLetter(c) ? letterSkeleton(c) : asciiSkeleton(c);
                // case is kept: the matchers fold it the way registration did (ß stays ß), and the
                // spaced-letter rejoining reads capitals as word starts
                sb.append(sk != null ? sk : UTF16.valueOf(c));
            }
        }
        return sb.toString();
    }

    /**
     * Whether canonical decomposition (NFD) splits the char into several chars that are not marks: Hangul
     * syllables (into their jamo). Such a char is a letter of its own, not a styled or obfuscated one, and
     * {@link Folding} compares it whole, so the view must not split it.
     */
    private static boolean splitByCanonicalDecomposition(int cp) {
        String d = NFD.normalize(UTF16.valueOf(cp));
        int letters = 0;
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            i += Character.charCount(c);
            if (!isMark(Character.getType(c))) {
                letters++;
            }
        }
        return letters > 1;
    }

    private static boolean isMark(int type) {
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * The ASCII letter a letter of a script used to imitate Latin (Latin itself, Cyrillic, Greek, Armenian,
     * Cherokee, Coptic) looks like, in the letter's case, or null. From the TR39 skeleton (marks dropped) when it
     * is one ASCII letter; a lower-case letter whose skeleton is not ("κ" → "ĸ", "в" → "ʙ", "т" → "ᴛ") takes
     * its capital's ("Κ" → "K"), so both cases of a letter mostly read alike; a capital that TR39 reads as "l"
     * ("І", "Ι") is an "I". Letters of other scripts (Arabic "ا" is an "l" to TR39, katakana "ノ" a "/") stay as
     * they are, and so does a letter whose look-alike is a digit ("б" → "6").
     */
    private static String letterSkeleton(int cp) {
        int script = UScript.getScript(cp);
        if (script != UScript.LATIN && script != UScript.CYRILLIC && script != UScript.GREEK
                && script != UScript.ARMENIAN && script != UScript.CHEROKEE && script != UScript.COPTIC) {
            return null;
        }
        String sk = letters(asciiSkeleton(cp));
        boolean upper = Character.isUpperCase(cp) || Character.isTitleCase(cp);
        if (sk == null && !upper) {
            int capital = UCharacter.toUpperCase(cp);
            sk = capital == cp ? null : letters(asciiSkeleton(capital));
        }
        if (sk == null) {
            return null;
        }
        if (upper) {
            return sk.equals("l") ? "I" : sk.toUpperCase(java.util.Locale.ROOT);
        }
        return sk.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The string when it is one ASCII letter, else null: a letter read as two ("Ю" is "lO" to TR39) would break
     * a run of spaced or dotted letters in two.
     */
    private static String letters(String s) {
        if (s == null || s.length() != 1) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return null;
            }
        }
        return s;
    }

    /** The TR39 skeleton when it is plain printable ASCII (marks dropped), else null. */
    private static String asciiSkeleton(int cp) {
        String sk;
        synchronized (SPOOF) {
            sk = SPOOF.getSkeleton(UTF16.valueOf(cp));
        }
        StringBuilder sb = new StringBuilder(sk.length());
        for (int i = 0; i < sk.length(); ) {
            int c = sk.codePointAt(i);
            i += Character.charCount(c);
            if (isMark(Character.getType(c))) {
                continue;
            }
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
