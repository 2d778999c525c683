package io.lethe.text;

/**
 * A leetspeak reading of a {@link NormalizedView}: in runs of letters, digits, "@" and "$" that hold at
 * least one letter and one leet char, 0→o, 1→i (or l), 3→e, 4→a, 5→s, 7→t, @→a, $→s. Runs without a
 * letter (numbers, prices) and runs without a leet char are copied, so ordinary text reads the same; an
 * extra view, never a replacement, to keep false positives down.
 *
 * <p>Char for char the same length as the view it reads, so it shares that view's raw spans.
 */
public final class LeetView implements MappedText {

    private final NormalizedView base;
    private final char one;
    private final StringBuilder text = new StringBuilder();

    LeetView(NormalizedView base, char one) {
        this.base = base;
        this.one = one;
    }

    void advance(boolean complete) {
        CharSequence in = base.text();
        int n = in.length();
        int pos = text.length();
        while (pos < n) {
            char c = in.charAt(pos);
            if (!isRunChar(c)) {
                text.append(c);
                pos++;
                continue;
            }
            int j = pos;
            boolean letter = false;
            boolean leet = false;
            while (j < n && isRunChar(in.charAt(j))) {
                char d = in.charAt(j);
                letter |= Character.isLetter(d);
                leet |= map(d) != 0;
                j++;
            }
            if (j == n && !complete) {
                return;
            }
            for (int k = pos; k < j; k++) {
                char d = in.charAt(k);
                char m = letter && leet ? map(d) : 0;
                text.append(m != 0 ? m : d);
            }
            pos = j;
        }
    }

    private static boolean isRunChar(char c) {
        return Character.isLetterOrDigit(c) || c == '@' || c == '$';
    }

    private char map(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> one;
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> 0;
        };
    }

    @Override
    public CharSequence text() {
        return text;
    }

    @Override
    public int length() {
        return text.length();
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
        int n = text.length();
        return n < base.length() ? Math.min(base.holdFrom(), base.rawStart(n)) : base.holdFrom();
    }
}
