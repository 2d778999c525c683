package io.lethe.text;

/**
 * The tag characters U+E0000–E007F (Unicode's "Tags" block), which show as nothing: U+E0020–E007E mirror
 * printable ASCII (U+E0041 is a hidden "A"), the trick known as ASCII smuggling. In UTF-16 each is the high
 * surrogate U+DB40 and a low surrogate U+DC00–DC7F. One definition for the normalized view, which reads a run of
 * them as the ASCII they mirror, and for the name matcher, which reads a found name's punctuation and letters
 * through them.
 */
public final class TagChars {

    /** The high surrogate of every tag character. */
    public static final char HIGH = '\uDB40';

    private TagChars() {
    }

    /** Whether {@code c} is the low surrogate of a tag character (after {@link #HIGH}). */
    public static boolean isLow(char c) {
        return c >= '\uDC00' && c <= '\uDC7F';
    }

    /** Whether a tag character's two UTF-16 units start at {@code i} of {@code s} (both within its length). */
    public static boolean startsAt(CharSequence s, int i) {
        return i + 1 < s.length() && s.charAt(i) == HIGH && isLow(s.charAt(i + 1));
    }

    /** The code unit a tag character's low surrogate stands for: 0x00–0x7F, printable ASCII from 0x20 to 0x7E. */
    public static int ascii(char low) {
        return low - 0xDC00;
    }

    /**
     * The char at {@code i} as it reads: the printable ASCII char a tag character mirrors, when {@code i} is the
     * low half of one; else the char itself (the high half reads as itself, which is neither letter nor space).
     */
    public static char visible(CharSequence s, int i) {
        char c = s.charAt(i);
        if (c >= '\uDC20' && c <= '\uDC7E' && i > 0 && s.charAt(i - 1) == HIGH) {
            return (char) ascii(c);
        }
        return c;
    }
}
