package io.lethe.text;

/**
 * A leetspeak reading of a {@link NormalizedView}: in runs of letters, digits, "@" and "$" that hold at
 * least one letter and one leet char, 0→o, 1→i (or l), 3→e, 4→a, 5→s, 7→t, @→a (a literal one only), $→s. Runs without a
 * letter (numbers, prices) and runs without a leet char are copied, so ordinary text reads the same; an
 * extra view, never a replacement, to keep false positives down.
 *
 * <p>Char for char the same length as the view it reads, so it shares that view's raw spans.
 */
public final class LeetView implements MappedText {

    private final NormalizedView base;
    private final char one;
    private final CharBuf text = new CharBuf();

    LeetView(NormalizedView base, char one) {
        this.base = base;
        this.one = one;
    }

    private static final int RUN = 1;
    private static final int LETTER = 2;
    private static final int LEET = 4;
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean leet = "013457@$".indexOf(c) >= 0;
            boolean digit = c >= '0' && c <= '9';
            ASCII[c] = (byte) ((letter || digit || leet ? RUN : 0) | (letter ? LETTER : 0) | (leet ? LEET : 0));
        }
    }

    private static int kind(char c) {
        if (c < 0x80) {
            return ASCII[c];
        }
        return Character.isLetter(c) ? RUN | LETTER : Character.isDigit(c) ? RUN : 0;
    }

    /** Advances two leet views of the same base text in one pass (they differ only in how "1" reads). */
    static void advance(CharBuf base, LeetView a, LeetView b, boolean complete) {
        char[] in = base.chars;
        int n = base.length;
        int pos = a.text.length;
        while (pos < n) {
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
            int j = pos;
            int kinds = 0;
            // runs are cut at a fixed length, so a long token streamed in small chunks is not rescanned
            while (j < n && j - pos < NormalizedView.MAX_PENDING) {
                int k = kind(in[j]);
                if (k == 0) {
                    break;
                }
                kinds |= k;
                j++;
            }
            if (j == n && j - pos < NormalizedView.MAX_PENDING && !complete) {
                return;
            }
            if ((kinds & (LETTER | LEET)) == (LETTER | LEET)) {
                for (int k = pos; k < j; k++) {
                    char d = in[k];
                    if (d == '@' && a.base.rawEnd(k + 1) - a.base.rawStart(k) != 1) {
                        // rebuilt from a spelled-out " at " (an e-mail), not a leet "a": reading it as a letter
                        // would glue the words around it together ("V45qu3z at Ben" is not "VasquezaBen")
                        a.text.append(d);
                        b.text.append(d);
                        continue;
                    }
                    a.text.append(a.map(d));
                    b.text.append(b.map(d));
                }
            } else {
                a.text.append(base, pos, j);
                b.text.append(base, pos, j);
            }
            pos = j;
        }
    }

    private char map(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> one;
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

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
