package io.lethe.text;

/**
 * A leetspeak reading of a {@link NormalizedView}. In runs of letters, digits and the symbols {@code @ $ ! |}
 * that hold one of those digits or symbols and a letter, or two chars at least ("!5@83|", "93374": a short name
 * can be all symbols), each digit or symbol is read as the letter it stands for:
 * <pre>
 *   0→o  1→i|l  2→z  3→e  4→a  5→s  6→g|b  7→t  8→b  9→g  @→a  $→s  !→i  |→l
 * </pre>
 * (the usual substitutions of the leetspeak tables, e.g. Wikipedia's "Leet" article; "1" and "6" have two
 * readings). Runs without such a char and single digits are copied, so ordinary text reads the same; numbers
 * read as letters rarely make a registered name. A final {@code !} or {@code |} may be a letter ("M4k0n!" is "Makoni") or punctuation
 * ("Wow!"): the first reading takes it as the letter and names it as possibly absent
 * ({@link CharAlternatives#ABSENT}), the second keeps it as punctuation. An "@" rebuilt from a spelled-out
 * " at " is not a letter either. An extra view, never a replacement, to keep
 * false positives down.
 *
 * <p>Two instances are advanced together: the first reading ("1" as "i", "6" as "g") and the second ("1" as
 * "l", "6" as "b"). The first one's text is a {@link CharAlternatives} whose alternative at a char is the
 * second reading where it differs, so a token matcher tries every combination of readings over a word
 * ("Ma11ory", "L1ndqv15t"), while a char-level matcher scans both readings as two views.
 *
 * <p>Char for char the same length as the view it reads, so it shares that view's raw spans.
 */
public final class LeetView implements MappedText {

    private final NormalizedView base;
    private final boolean second;
    private final LeetText text;
    /** Where the run open at the end of the text starts, when its first letters were read already; else -1. */
    private int openRun = -1;

    /** The view's text: its own reading, and where the other reading differs, that one as the alternative. */
    static final class LeetText extends CharBuf implements CharAlternatives {
        LeetText other;
        /** Which chars were read from a symbol, or from a digit in a run with letters (see substituted). */
        private final java.util.BitSet strong = new java.util.BitSet();

        @Override
        public boolean substituted(int start, int end) {
            int next = strong.nextSetBit(start);
            return next >= 0 && next < end;
        }

        @Override
        public char alternative(int index) {
            if (other == null || index >= other.length) {
                return 0;
            }
            char o = other.chars[index];
            if (o == chars[index]) {
                return 0;
            }
            return o == '!' || o == '|' ? ABSENT : o;  // a final "!" the second reading keeps as punctuation
        }
    }

    private LeetView(NormalizedView base, boolean second) {
        this.base = base;
        this.second = second;
        this.text = new LeetText();
    }

    /** The two readings of one base view; the first one's text names the second's chars as its alternatives. */
    static LeetView[] pair(NormalizedView base) {
        LeetView first = new LeetView(base, false);
        LeetView second = new LeetView(base, true);
        first.text.other = second.text;
        return new LeetView[] {first, second};
    }

    private static final int RUN = 1;
    private static final int LETTER = 2;
    private static final int LEET = 4;
    /** A leet symbol that is punctuation at the end of a run. */
    private static final int TRAILING_PUNCT = 8;
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            boolean symbol = "@$!|".indexOf(c) >= 0;
            ASCII[c] = (byte) ((letter || digit || symbol ? RUN : 0) | (letter ? LETTER : 0) | (digit || symbol ? LEET : 0)
                    | (c == '!' || c == '|' ? TRAILING_PUNCT : 0));
        }
    }

    private static int kind(char c) {
        if (c < 0x80) {
            return ASCII[c];
        }
        return Character.isLetter(c) ? RUN | LETTER : Character.isDigit(c) ? RUN : 0;
    }

    /**
     * Advances the two readings of the same base text in one pass. A run still open at the end of the text is
     * read up to its first digit or symbol: its letters read as themselves whatever the run turns out to be,
     * so only its undecided chars wait (a streamed word of letters holds nothing here).
     */
    static void advance(CharBuf base, LeetView[] pair, boolean complete) {
        LeetView a = pair[0];
        LeetView b = pair[1];
        char[] in = base.chars;
        int n = base.length;
        int pos = a.text.length;
        while (pos < n) {
            // the run this position is in, when its first letters were read already
            int from = a.openRun >= 0 ? a.openRun : pos;
            if (a.openRun < 0) {
                int q = pos;
                while (q < n && kind(in[q]) == 0) {
                    q++;
                }
                if (q > pos) {
                    a.text.append(base, pos, q);
                    b.text.append(base, pos, q);
                    pos = q;
                    continue;
                }
            }
            int j = pos;
            // runs are cut at a fixed length, so a long token streamed in small chunks is not rescanned
            while (j < n && j - from < NormalizedView.MAX_PENDING && (kind(in[j]) != 0 || apostropheJoins(in, j, n, from, complete))) {
                j++;
            }
            if (j == n && j - from < NormalizedView.MAX_PENDING && !complete) {
                int k = pos;
                while (k < n && (kind(in[k]) & LEET) == 0) {
                    k++;
                }
                a.text.append(base, pos, k);
                b.text.append(base, pos, k);
                a.openRun = from;
                return;
            }
            a.openRun = -1;
            // a final "!" or "|" is a letter to the first reading ("M4k0n!", "L!") and punctuation to the second
            // ("Wow!"); the first reading's text names it as possibly absent (CharAlternatives.ABSENT)
            int end = j;
            while (end > from && (kind(in[end - 1]) & TRAILING_PUNCT) != 0) {
                end--;
            }
            int kinds = 0;
            for (int k = from; k < j; k++) {
                kinds |= kind(in[k]);
            }
            // a word of digits and symbols is read when two chars are left without its final "!" or "|", or when
            // it has three ("9!|" is "gil": only the last char may be punctuation)
            if ((kinds & LEET) != 0 && end > from && ((kinds & LETTER) != 0 || end - from >= 2 || j - from >= 3)) {
                for (int k = pos; k < j; k++) {
                    char d = in[k];
                    if (d == '@' && a.base.rawEnd(k + 1) - a.base.rawStart(k) != 1) {
                        // rebuilt from a spelled-out " at " (an e-mail), not a leet "a": reading it as a letter
                        // would glue the words around it together ("V45qu3z at Ben" is not "VasquezaBen")
                        a.text.append(d);
                        b.text.append(d);
                        continue;
                    }
                    boolean digit = d >= '0' && d <= '9';
                    if ((kind(d) & LEET) != 0 && (!digit || (kinds & LETTER) != 0)) {
                        a.text.strong.set(a.text.length);  // a symbol, or a digit among letters
                    }
                    a.text.append(a.map(d));
                    b.text.append(k == j - 1 && k >= end ? d : b.map(d));
                }
            } else {
                a.text.append(base, pos, j);
                b.text.append(base, pos, j);
            }
            pos = j;
        }
    }

    /**
     * Whether the apostrophe at {@code j} is inside the run that began at {@code from}: a letter, digit or leet
     * symbol follows it ("0'R31lly" and "0'8r4nn4gh" are one word, as "O'Reilly" is). At the end of an unfinished text it may still be, so
     * the run stays open.
     */
    private static boolean apostropheJoins(char[] in, int j, int n, int from, boolean complete) {
        if (in[j] != '\'' || j == from) {
            return false;
        }
        return j + 1 == n ? !complete : kind(in[j + 1]) != 0;
    }

    private static final char[] NO_READING = {};
    private static final char[][] READINGS = new char[128][];

    static {
        for (char c = 0; c < 128; c++) {
            READINGS[c] = (kind(c) & LEET) == 0 ? NO_READING
                    : map(c, false) == map(c, true) ? new char[] {map(c, false)} : new char[] {map(c, false), map(c, true)};
        }
    }

    /** The letters a digit or symbol reads as in either reading ("1": i and l), or none for other chars. */
    static char[] readings(char c) {
        return c < 128 ? READINGS[c] : NO_READING;
    }

    private char map(char c) {
        return map(c, second);
    }

    private static char map(char c, boolean second) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> second ? 'l' : 'i';
            case '2' -> 'z';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '6' -> second ? 'b' : 'g';
            case '7' -> 't';
            case '8' -> 'b';
            case '9' -> 'g';
            case '!' -> 'i';
            case '|' -> 'l';
            default -> c;
        };
    }

    /** The text of this reading; for the first reading, a {@link CharAlternatives} naming the second's chars. */
    @Override
    public CharSequence text() {
        return text;
    }

    @Override
    public int length() {
        return text.length;
    }

    @Override
    public int rawStart(int index) {
        return base.rawStart(index);
    }

    @Override
    public int rawEnd(int endExclusive) {
        return base.rawEnd(endExclusive);
    }

    @Override
    public int holdFrom() {
        int n = text.length;
        return n < base.length() ? Math.min(base.holdFrom(), base.rawStart(n)) : base.holdFrom();
    }
}
