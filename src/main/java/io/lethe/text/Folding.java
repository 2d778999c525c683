package io.lethe.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one folding every detector compares words with: deny terms ({@link TermAutomaton}, terms and
 * scanned text), erasure names, aliases and e-mail keys, passage words, follow-up mentions, and the
 * registry's validation and duplicate checks. Two strings are "the same word" for Lethe when their
 * {@link #fold(CharSequence)} forms are equal.
 *
 * <p>{@link #fold(char)} maps one UTF-16 char to one char, so a matcher can fold raw text as it scans and
 * still report raw offsets. For a char {@code c} it is, in this order:
 * <ol>
 *   <li>ASCII: {@code A-Z} lower-cased, everything else unchanged;</li>
 *   <li>the compatibility decomposition of {@code c} (NFKD, Unicode UAX #15) with its combining marks
 *       (general categories Mn, Mc, Me) removed, when exactly one char is left: "é" → "e", "Ñ" → "N",
 *       full-width "Ａ" → "A", "İ" → "I", "ё" → "е", "ά" → "α", the Kelvin sign → "K";</li>
 *   <li>a Latin letter that has no decomposition but whose Unicode character name
 *       (UnicodeData.txt) is "LATIN … LETTER X WITH …" or "LATIN … LETTER DOTLESS X" becomes its base
 *       letter X: "ø" → "o", "ł" → "l", "đ" → "d", "ħ" → "h", "ı" → "i";</li>
 *   <li>Unicode simple case folding (CaseFolding.txt, statuses C and S): "Σ" and final "ς" → "σ",
 *       "ẞ" → "ß", "Ж" → "ж".</li>
 * </ol>
 * and the same steps again on the result until it no longer changes ("Ǿ" → "Ø" → "ø" → "o"), so
 * folding a folded char changes nothing.
 * Chars whose folding would take more than one char are kept as themselves, case-folded, on both sides:
 * "ß" stays "ß" (not "ss"), "æ" and "Æ" are "æ" (not "ae"), "œ" stays "œ", the "ﬁ" ligature stays (the
 * normalized views, {@link NormalizedView}, spell ligatures and other compatibility forms out before the
 * matchers see them). So "Straße" and "Strasse" are different words to every matcher, and "Weiß" is the
 * same as "WEIẞ". A Hangul syllable, which canonical decomposition splits into jamo, stays whole (and so it
 * does in the normalized views). Chars outside the BMP (surrogate halves) are unchanged; the normalized
 * views fold mathematical and other styled letters.
 *
 * <p>{@link #isIgnorable(char) Ignorable} chars — combining marks, format chars (Cf) and other default
 * ignorable code points (zero-width joiner, soft hyphen, variation selectors) — fold to themselves in
 * {@link #fold(char)} (offsets must not move), and are dropped by {@link #fold(CharSequence)}: a
 * registered "Jose\u0301" is the word "jose", and raw text that writes a decomposed accent is matched
 * through the normalized views, which drop the mark.
 *
 * <p>Tables for the whole BMP are computed once when the class loads (about 0.1 s); every call after that
 * is one array read. Thread-safe.
 */
public final class Folding {

    /**
     * The version of these rules. Whatever stores hashes of folded text (matcher snapshots, the shingle
     * index) records it and recomputes them when it changes. 1 was the erasure matcher's own folding
     * (NFKD, marks dropped, lower case); 2 is this class.
     */
    public static final int VERSION = 2;

    private static final char[] FOLD = new char[0x10000];
    private static final boolean[] IGNORABLE = new boolean[0x10000];
    private static final Pattern LATIN_WITH =
            Pattern.compile("LATIN (?:SMALL|CAPITAL) LETTER (?:DOTLESS )?([A-Z])(?: WITH .*)?");

    static {
        Normalizer2 nfkd = Normalizer2.getNFKDInstance();
        for (int c = 0; c < 0x10000; c++) {
            IGNORABLE[c] = c >= 0x80 && ignorable(c);
            FOLD[c] = compute(c, nfkd);
        }
    }

    private Folding() {
    }

    /** The folded form of one char (see the class comment); length-preserving, so offsets stay raw. */
    public static char fold(char c) {
        return FOLD[c];
    }

    /**
     * Whether {@link #fold(CharSequence)} drops the char: a combining mark (Mn, Mc, Me), a format char
     * (Cf) or another default ignorable code point (Unicode property Default_Ignorable_Code_Point).
     */
    public static boolean isIgnorable(char c) {
        return IGNORABLE[c];
    }

    /** The folded form of a string: each char folded by {@link #fold(char)}, ignorable chars dropped. */
    public static String fold(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!IGNORABLE[c]) {
                sb.append(FOLD[c]);
            }
        }
        return sb.toString();
    }

    /**
     * The conventional spellings of a word or name without its umlauts and ligatures, where they differ: German
     * "ä ö ü ß" as "ae oe ue ss" (Schäfer → Schaefer, Weiß → Weiss), Nordic "æ ø å" as "ae oe aa", "œ" as "oe";
     * case kept on the first letter ("Ä" → "Ae"). "ß" and the other letters are written out together and apart
     * ("Günther Weiß": "Guenther Weiss", "Günther Weiss", "Guenther Weiß"), since folding keeps ü as u and ß as
     * ß. Folding itself never expands (it keeps offsets), so every detector registers these spellings as further
     * forms of what it registers (names, aliases, deny terms).
     *
     * @return the spellings, empty when the text has none of these letters
     */
    public static java.util.List<String> expandedSpellings(CharSequence s) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(3);
        for (String v : new String[] {expand(s, true, true), expand(s, false, true), expand(s, true, false)}) {
            if (v != null && !v.contentEquals(s)) {
                out.add(v);
            }
        }
        return java.util.List.copyOf(out);
    }

    private static String expand(CharSequence s, boolean letters, boolean sharpS) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'ß' ? !sharpS : !letters) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            String r = switch (c) {
                case 'ä' -> "ae";
                case 'ö' -> "oe";
                case 'ü' -> "ue";
                case 'ß' -> "ss";
                case 'Ä' -> "Ae";
                case 'Ö' -> "Oe";
                case 'Ü' -> "Ue";
                case 'æ' -> "ae";
                case 'Æ' -> "Ae";
                case 'ø' -> "oe";
                case 'Ø' -> "Oe";
                case 'å' -> "aa";
                case 'Å' -> "Aa";
                case 'œ' -> "oe";
                case 'Œ' -> "Oe";
                default -> null;
            };
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 4).append(s, 0, i);
            }
            if (sb != null) {
                if (r != null) {
                    sb.append(r);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Whether two strings are the same once folded ({@link #fold(CharSequence)}). */
    public static boolean same(CharSequence a, CharSequence b) {
        return fold(a).equals(fold(b));
    }

    private static boolean ignorable(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    private static char compute(int c, Normalizer2 nfkd) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) c;
        }
        if (Character.isSurrogate((char) c) || IGNORABLE[c]) {
            return (char) c;
        }
        // the steps again on their result until it stays (case folding "Ɖ" gives "ɖ", a letter with a tail)
        int r = c;
        for (int round = 0; round < 4; round++) {
            int next = step(r, nfkd);
            if (next == r) {
                break;
            }
            r = next;
        }
        return (char) r;
    }

    /** Decomposition without marks (when one char is left), base letter, case folding: one round. */
    private static int step(int c, Normalizer2 nfkd) {
        int r = c;
        String d = nfkd.normalize(String.valueOf((char) c));
        if (d.length() == 1 && d.charAt(0) == c) {
            r = baseLatinLetter(c);  // no decomposition
        } else {
            int kept = -1;
            int count = 0;
            for (int i = 0; i < d.length(); i++) {
                char x = d.charAt(i);
                int type = Character.getType(x);
                if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK
                        && type != Character.ENCLOSING_MARK) {
                    kept = x;
                    count++;
                }
            }
            if (count == 1 && !Character.isSurrogate((char) kept)) {
                r = kept;
            }
        }
        int folded = UCharacter.foldCase(r, UCharacter.FOLD_CASE_DEFAULT);
        return folded < 0x10000 && !Character.isSurrogate((char) folded) ? folded : r;
    }

    /** "ø" → 'o', "ł" → 'l', "ı" → 'i': Latin letters the decomposition leaves alone, by their Unicode name. */
    private static int baseLatinLetter(int c) {
        if (c < 0x80 || !Character.isLetter(c) || UScript.getScript(c) != UScript.LATIN) {
            return c;
        }
        String name = UCharacter.getName(c);
        if (name == null) {
            return c;
        }
        Matcher m = LATIN_WITH.matcher(name);
        if (!m.matches()) {
            return c;
        }
        return Character.toLowerCase(m.group(1).charAt(0));
    }
}
