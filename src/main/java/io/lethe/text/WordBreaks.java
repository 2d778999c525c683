package io.lethe.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;

/**
 * Where words begin and end, one definition for every detector (names, e-mails, numbers, deny terms,
 * passages) and for registration, so what is registered is cut into words exactly as the scanned text is.
 * It follows the pairwise word-boundary rules of Unicode text segmentation (UAX #29, section 4.1.1), with
 * ICU4J's {@code Word_Break} property:
 * <ul>
 *   <li>WB4: Extend, Format and ZWJ chars attach to what precedes them and are transparent to the rules
 *       below ({@code X (Extend | Format | ZWJ)* → X});</li>
 *   <li>WB5: AHLetter × AHLetter; WB8: Numeric × Numeric; WB9: AHLetter × Numeric; WB10: Numeric × AHLetter;</li>
 *   <li>WB13: Katakana × Katakana; WB13a: (AHLetter | Numeric | Katakana | ExtendNumLet) × ExtendNumLet;
 *       WB13b: ExtendNumLet × (AHLetter | Numeric | Katakana);</li>
 *   <li>WB999: every other pair breaks. Ideographs, hiragana, and the letters of scripts written without
 *       spaces (Thai, Lao, Khmer, Myanmar: {@code Word_Break=Other} by their Complex_Context line-break
 *       class) are therefore each a word of their own.</li>
 * </ul>
 * Not applied, on purpose: the context rules WB6/WB7 (letters across {@code ' . :}), WB7a–c (Hebrew
 * quotes) and WB11/WB12 (digits across {@code , .}). They need the char after next, and the matchers already
 * judge such gaps themselves (names: spaces, hyphens, apostrophes and an initial's dot between tokens;
 * passages: inner apostrophes; numbers: separator runs), so a boundary sits on both sides of those chars
 * here. WB3c/WB3d (emoji ZWJ sequences, runs of spaces) and WB15/WB16 (regional-indicator pairs) only ever
 * join chars that are not word chars, so they change no word edge.
 *
 * <p><b>Why per-character ideographs, not dictionary segmentation.</b> ICU's word {@code BreakIterator}
 * segments Chinese and Japanese with a dictionary, and its boundaries depend on the context on both sides
 * (measured with ICU4J 77.1, root locale): "王秀英" alone is 王|秀|英 but in "王秀英语很好" it is
 * 王|秀|英语|很好, so the name's last char is glued to the next word; "研究生" is one word but
 * "研究生命起源" is 研究|生命|起源, so a boundary inside a streamed prefix moves once more text arrives,
 * which would break the guarantee that a streamed answer equals the whole one. Personal names are mostly
 * out of the dictionary's vocabulary anyway (the katakana "ウィットフィールド" comes out as
 * ウ|ィ|ッ|ト|フィールド). With UAX #29's default rules an ideograph is a word, so a registered name written
 * in ideographs is found wherever its chars stand together, whatever surrounds it, and each boundary
 * depends on two adjacent chars only. The cost: a name made of common chars can match inside a longer word
 * (as in "张伟大学", where 张伟 is found before 大学 whether or not it was meant).
 *
 * <p>UTF-16: classes are per char, from a table of the whole BMP (one array load, no allocation). A low
 * surrogate attaches to its high surrogate (a code point is never split); a high surrogate of planes 2 and
 * 3 (U+20000–U+3FFFF: CJK extension ideographs only) is an ideograph, other supplementary code points
 * (emoji, symbols, historic scripts, styled math letters, which the normalized view maps to ASCII) are not
 * word chars.
 */
public final class WordBreaks {

    /** Not part of a word: spaces, punctuation, symbols, emoji. */
    public static final int OTHER = 0;
    /** AHLetter: ALetter or Hebrew_Letter (Latin, Greek, Cyrillic, Arabic, Hangul, Devanagari, ...). */
    public static final int LETTER = 1;
    /** Numeric: decimal digits of any script. */
    public static final int NUMERIC = 2;
    /** Katakana, including the prolonged sound mark and the half-width forms. */
    public static final int KATAKANA = 3;
    /** ExtendNumLet: connector punctuation such as "_"; joins words but is no word char itself. */
    public static final int CONNECTOR = 4;
    /** Extend, Format, ZWJ (and low surrogates): attach to the char before (WB4). */
    public static final int EXTEND = 5;
    /** Ideographs (Han): each a word of its own. */
    public static final int IDEOGRAPH = 6;
    /** Hiragana: each a word of its own. */
    public static final int HIRAGANA = 7;
    /** Other letters and digits that UAX #29 breaks around (Thai, Lao, Khmer, Myanmar, ...). */
    public static final int SINGLE = 8;

    private static final int CLASSES = 9;
    private static final byte[] BMP = new byte[0x10000];
    private static final boolean[] WORD = new boolean[CLASSES];
    private static final boolean[] JOIN = new boolean[CLASSES * CLASSES];

    static {
        for (int c = 0; c < 0x10000; c++) {
            BMP[c] = (byte) compute(c);
        }
        WORD[LETTER] = WORD[NUMERIC] = WORD[KATAKANA] = WORD[IDEOGRAPH] = WORD[HIRAGANA] = WORD[SINGLE] = true;
        for (int a = 0; a < CLASSES; a++) {
            join(a, EXTEND);                                    // WB4
        }
        join(LETTER, LETTER);                                   // WB5
        join(NUMERIC, NUMERIC);                                 // WB8
        join(LETTER, NUMERIC);                                  // WB9
        join(NUMERIC, LETTER);                                  // WB10
        join(KATAKANA, KATAKANA);                               // WB13
        for (int a : new int[] {LETTER, NUMERIC, KATAKANA, CONNECTOR}) {
            join(a, CONNECTOR);                                 // WB13a
        }
        for (int b : new int[] {LETTER, NUMERIC, KATAKANA}) {
            join(CONNECTOR, b);                                 // WB13b
        }
    }

    private WordBreaks() {
    }

    private static void join(int before, int after) {
        JOIN[before * CLASSES + after] = true;
    }

    private static int compute(int c) {
        if (c >= 0xDC00 && c <= 0xDFFF) {
            return EXTEND;
        }
        if (c >= 0xD800 && c <= 0xDBFF) {
            return c >= 0xD840 && c <= 0xD8BF ? IDEOGRAPH : OTHER;
        }
        if (c == 0x3005 || c == 0x303B) {
            return IDEOGRAPH;  // ideographic iteration marks ("奈々") repeat the ideograph before them
        }
        int wb = UCharacter.getIntPropertyValue(c, UProperty.WORD_BREAK);
        switch (wb) {
            case UCharacter.WordBreak.ALETTER, UCharacter.WordBreak.HEBREW_LETTER:
                return LETTER;
            case UCharacter.WordBreak.NUMERIC:
                return NUMERIC;
            case UCharacter.WordBreak.KATAKANA:
                return KATAKANA;
            case UCharacter.WordBreak.EXTENDNUMLET:
                return CONNECTOR;
            case UCharacter.WordBreak.EXTEND, UCharacter.WordBreak.FORMAT, UCharacter.WordBreak.ZWJ:
                return EXTEND;
            case UCharacter.WordBreak.OTHER:
                if (UCharacter.hasBinaryProperty(c, UProperty.IDEOGRAPHIC)) {
                    return IDEOGRAPH;
                }
                if (!UCharacter.isLetterOrDigit(c)) {
                    return OTHER;
                }
                return UScript.getScript(c) == UScript.HIRAGANA ? HIRAGANA : SINGLE;
            default:
                return OTHER;
        }
    }

    /** The word-break class of one UTF-16 char (one of the constants above). */
    public static int classOf(char c) {
        return BMP[c];
    }

    /** Whether chars of this class are word chars (letters, digits, kana, ideographs). */
    public static boolean isWordClass(int cls) {
        return WORD[cls];
    }

    /** Whether the char is a word char: a letter, digit, kana or ideograph (not a connector, not Extend). */
    public static boolean isWordChar(char c) {
        return WORD[BMP[c]];
    }

    /**
     * Whether UAX #29 keeps a char of class {@code after} with what precedes it, whose class (the last
     * char that is not Extend, see {@link #classBefore}) is {@code before}: WB4, WB5, WB8–WB10, WB13–WB13b.
     */
    public static boolean joins(int before, int after) {
        return JOIN[before * CLASSES + after];
    }

    /**
     * The class that decides the boundary at UTF-16 offset {@code i}: that of the last char before {@code i}
     * that is not Extend (WB4), or {@link #OTHER} at the start of the text.
     */
    public static int classBefore(CharSequence text, int i) {
        for (int j = i - 1; j >= 0; j--) {
            int k = BMP[text.charAt(j)];
            if (k != EXTEND) {
                return k;
            }
        }
        return OTHER;
    }

    /**
     * Whether a word boundary lies at UTF-16 offset {@code i} of {@code text} (true at its start and end):
     * the chars on both sides are not kept together by the rules above. Reads {@code text[i]} and the chars
     * before it only.
     */
    public static boolean isBoundary(CharSequence text, int i) {
        if (i <= 0 || i >= text.length()) {
            return true;
        }
        return !joins(classBefore(text, i), BMP[text.charAt(i)]);
    }

    /**
     * Whether offset {@code i} separates two word chars that are words of their own (two ideographs, kana
     * then Latin, ...): the only place where two words may touch with no char between them.
     */
    public static boolean separatesWords(CharSequence text, int i) {
        if (i <= 0 || i >= text.length()) {
            return false;
        }
        int before = classBefore(text, i);
        int after = BMP[text.charAt(i)];
        return WORD[before] && WORD[after] && !joins(before, after);
    }

    /**
     * The end (exclusive) of the word that starts at the word char {@code text[start]}: it takes the chars
     * that join it and the Extend chars attached to them, up to {@code limit}.
     */
    public static int wordEnd(CharSequence text, int start, int limit) {
        int cls = BMP[text.charAt(start)];
        int i = start + 1;
        while (i < limit) {
            int k = BMP[text.charAt(i)];
            if (k != EXTEND) {
                if (!WORD[k] || !joins(cls, k)) {
                    break;
                }
                cls = k;
            }
            i++;
        }
        return i;
    }
}
