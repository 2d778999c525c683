package io.lethe.text;

/**
 * A text derived from a channel's raw text, growing append-only, whose every char maps back to the raw
 * span it came from. Raw chars that produced nothing (markup, invisible characters) lie in the gaps
 * between consecutive spans.
 */
public interface MappedText {

    /** The derived text so far; only ever grows. */
    CharSequence text();

    int length();

    /** Raw offset where the derived char {@code index} starts. */
    int rawStart(int index);

    /** Raw offset after the derived text {@code [.., endExclusive)}: the end of char {@code endExclusive - 1}. */
    int rawEnd(int endExclusive);

    /** The smallest raw offset not yet turned into derived text (the raw length when nothing is held). */
    int holdFrom();

    /**
     * Raw start of a match beginning at derived {@code start}, widened over the dropped raw chars right before
     * it (markup, zero-width) but not over whitespace, so a redaction takes the whole obfuscated mention.
     */
    default int coverStart(int start, CharSequence raw) {
        int s = rawStart(start);
        int floor = start == 0 ? 0 : rawEnd(start);
        while (s > floor && !Character.isWhitespace(raw.charAt(s - 1))) {
            s--;
        }
        return s;
    }

    /** Raw end of a match ending at derived {@code end} (exclusive), widened like {@link #coverStart}. */
    default int coverEnd(int end, CharSequence raw) {
        int e = rawEnd(end);
        int ceil = end < length() ? rawStart(end) : holdFrom();
        while (e < ceil && !Character.isWhitespace(raw.charAt(e))) {
            e++;
        }
        return e;
    }

    /**
     * The raw offset to hold for a matcher that still holds derived text from {@code derivedHold}: a match
     * starting there may widen back over the dropped chars before it.
     */
    default int rawHold(int derivedHold) {
        if (derivedHold <= 0) {
            return 0;
        }
        return Math.min(rawEnd(Math.min(derivedHold, length())), holdFrom());
    }
}
