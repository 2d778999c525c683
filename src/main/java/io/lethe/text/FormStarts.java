package io.lethe.text;

import java.util.BitSet;

/**
 * The chars a registered form can begin with in a normalized or leetspeak view, asked of raw text that a view
 * still holds back undecided ({@link MappedText#holdFrom()}: a run of spaces before a possible e-mail
 * connector, a letter that may start a spaced-out word, a digit of an open leetspeak run). A matcher that holds
 * no partial match need not hold such a tail unless a form could begin inside it: a trailing space is released
 * at once when no form begins with "@", ".", "_" or "-".
 *
 * <p>The test is a superset, never an exact reading: a raw char counts when any char it can become in a view
 * begins a form: itself folded ({@link Folding#fold(char)}), its leetspeak readings ({@link LeetView}), any
 * digit a number word beginning with it stands for ("seven" is "7"), an e-mail connector when it is a space or a letter
 * ("at", "dot"), and anything when it is not ASCII (homoglyphs, compatibility forms) or starts an entity, an
 * escape or a tag. Immutable once built, thread-safe.
 */
public final class FormStarts {

    /** Nothing begins a form: a matcher with nothing registered. */
    public static final FormStarts NONE = new FormStarts(new BitSet(), false);

    private final BitSet ascii;
    private final boolean anyNonAscii;

    private FormStarts(BitSet ascii, boolean anyNonAscii) {
        this.ascii = ascii;
        this.anyNonAscii = anyNonAscii;
    }

    /** Collects first chars of forms as they appear in a view (folded). */
    public static final class Builder {
        private final BitSet ascii = new BitSet(128);
        private boolean nonAscii;

        /** A form's first char, as the views write it (folded; a digit for a phone). */
        public Builder add(char first) {
            char f = Folding.fold(first);
            if (f < 0x80) {
                ascii.set(f);
            } else {
                nonAscii = true;
            }
            return this;
        }

        /** Every form in {@code forms} (each folded first; blank ones are skipped). */
        public Builder addAll(Iterable<? extends CharSequence> forms) {
            for (CharSequence form : forms) {
                String f = Folding.fold(form).strip();
                if (!f.isEmpty()) {
                    add(f.charAt(0));
                }
            }
            return this;
        }

        /** The digits and "+" and "(": a phone number or a numeric identifier can begin with them. */
        public Builder addDigits() {
            ascii.set('0', '9' + 1);
            ascii.set('+');
            ascii.set('(');
            return this;
        }

        /** Every letter: forms that may begin with any of them (thousands of names). */
        public Builder addLetters() {
            ascii.set('a', 'z' + 1);
            nonAscii = true;
            return this;
        }

        public FormStarts build() {
            return ascii.isEmpty() && !nonAscii ? NONE : new FormStarts((BitSet) ascii.clone(), nonAscii);
        }
    }

    /** Whether nothing can begin a form. */
    public boolean isEmpty() {
        return ascii.isEmpty() && !anyNonAscii;
    }

    /**
     * The first index of {@code raw[from, to)} (UTF-16 offsets) at which a form could begin, reading the view
     * char any raw char there may become; -1 when there is none.
     */
    public int firstIn(CharSequence raw, int from, int to) {
        if (isEmpty()) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (couldBeginAt(c) && !(i > 0 && insideAsciiWord(raw.charAt(i - 1), c))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether an ASCII letter {@code c} after {@code prev} continues a word: a view keeps both (none drops or
     * splits an ASCII letter or digit before a letter, except a camel-case hump "sayLethe"), so no form, whole
     * word or glued, begins there ("M[a]rk" is not "A3F7..." backwards).
     */
    private static boolean insideAsciiWord(char prev, char c) {
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        boolean prevLower = prev >= 'a' && prev <= 'z';
        boolean prevWord = prevLower || (prev >= 'A' && prev <= 'Z') || (prev >= '0' && prev <= '9');
        return letter && prevWord && !(prevLower && c >= 'A' && c <= 'Z');
    }

    private boolean couldBeginAt(char c) {
        if (c >= 0x80) {
            return true;  // homoglyphs, fullwidth forms, letters of other scripts: any reading
        }
        if (c == '&' || c == '%' || c == '\\' || c == '<') {
            return true;  // an entity, a URL escape, a JSON escape or a tag decodes to anything
        }
        char f = Folding.fold(c);
        if (ascii.get(f)) {
            return true;
        }
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (letter) {
            int digits = NormalizedView.numberWordDigits(c);
            for (int d = 0; d <= 9; d++) {
                if ((digits & (1 << d)) != 0 && ascii.get('0' + d)) {
                    return true;  // a number word ("seven" is 7)
                }
            }
        }
        if ((letter || c == ' ' || c == '[' || c == '(' || c == '{') && (ascii.get('@') || ascii.get('.')
                || ascii.get('_') || ascii.get('-'))) {
            return true;  // an e-mail connector spelled out
        }
        for (char r : LeetView.readings(c)) {
            if (ascii.get(r)) {
                return true;
            }
        }
        return false;
    }

}
