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
     * Raw start (UTF-16 offset) of a match beginning at derived {@code start}, widened over the dropped raw
     * chars right before it (markup, zero-width) but not over whitespace, so a redaction takes the whole
     * obfuscated mention; and never into a grapheme cluster that began before them (UAX #29, GB9/GB9a/GB11):
     * in "❤️Marisol" the dropped U+FE0F belongs to the heart and stays out.
     */
    default int coverStart(int start, CharSequence raw) {
        int first = rawStart(start);
        int s = first;
        int floor = start == 0 ? 0 : rawEnd(start);
        while (s > floor && widensOver(raw.charAt(s - 1))) {
            s--;
        }
        s = afterOpenTag(raw, s, first);
        return s == first ? s : Graphemes.boundaryFrom(raw, s, first);
    }

    /**
     * {@code s}, or, when a match's start widened back to {@code s} stopped inside an HTML tag (a "<" and a letter or
     * "/" at most 1024 chars before {@code s} on its
     * line, no ">" between) that closes before {@code first}, the offset after that
     * tag's ">": the widening takes whole tags or none. Before, it stopped at the last "." or ":" in the tag, and an
     * anchor's address that names nobody lost its end to the name's redaction ({@code <a href="https://e.[REDACTED]">},
     * helper-88).
     */
    private static int afterOpenTag(CharSequence raw, int s, int first) {
        if (s >= first) {
            return s;
        }
        int lt = -1;
        for (int i = s - 1; i >= 0 && s - i <= 1024; i--) {
            char c = raw.charAt(i);
            if (c == '>' || c == '\n') {
                return s;
            }
            if (c == '<') {
                lt = i;
                break;
            }
        }
        if (lt < 0 || lt + 1 >= raw.length()) {
            return s;
        }
        char n = raw.charAt(lt + 1);
        if (!(n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n == '/')) {
            return s;
        }
        char quote = 0;
        for (int j = lt + 1; j < first; j++) {
            char c = raw.charAt(j);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j + 1 > s ? j + 1 : s;
            }
        }
        return s;
    }

    /**
     * Raw end (UTF-16 offset, exclusive) of a match ending at derived {@code end}, widened like
     * {@link #coverStart}: it takes the dropped marks of its own last char (the combining accent of an "é"
     * written decomposed), but not a prepended char that starts the next cluster.
     */
    default int coverEnd(int end, CharSequence raw) {
        int last = rawEnd(end);
        int e = last;
        int ceil = end < length() ? rawStart(end) : holdFrom();
        while (e < ceil && !Character.isWhitespace(raw.charAt(e))) {
            e++;
        }
        return e == last ? e : Graphemes.endWithin(raw, last, e);
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

    /**
     * The raw offset (UTF-16) a matcher over this view must hold, given that it holds derived text from
     * {@code derivedHold} on (its length when it holds nothing): its partial match and everything after it.
     * When it holds nothing, the raw tail after the last derived char is held only as far as it could still
     * be part of a finding: all of it if a form could begin in the view's undecided part ({@code starts}),
     * else the chars a later match could be widened back over (dropped markup right before it, see
     * {@link #coverStart}: never over whitespace or a char the view keeps, a letter or a digit). A space held back for a possible " at " connector is
     * so released when no form begins with "@".
     */
    default int matcherHold(int derivedHold, CharSequence raw, int rawLength, FormStarts starts) {
        if (derivedHold < length()) {
            // widened back over the dropped chars before it as coverStart widens a match: not over whitespace
            // ("AA _ _00": the "_ " before the space was let go once "AA _ " came, and "00" cannot take it back)
            int first = rawStart(derivedHold);
            int s = first;
            int floor = rawHold(derivedHold);
            while (s > floor && widensOver(raw.charAt(s - 1))) {
                s--;
            }
            return Math.min(holdFrom(), s);
        }
        int tail = Math.min(holdFrom(), rawEnd(length()));
        if (tail >= rawLength) {
            return rawLength;
        }
        int first = holdFrom() < rawLength ? starts.firstIn(raw, holdFrom(), rawLength) : -1;
        if (first >= 0) {
            // a form may begin at first: nothing before it can be part of a match, unless a match is widened back
            // over markup right before its start ("**A"); never over a letter, digit or space. (Holding from the
            // tail instead would take back text an earlier call let go: "B", then "B A".)
            int h = first;
            while (h > tail && !stopsWidening(raw, h - 1)) {
                h--;
            }
            return h;
        }
        for (int i = tail; i < rawLength; i++) {
            char c = raw.charAt(i);
            if (c == '<' || c == '&' || c == '%' || c == '\\' || c == 0x1B || c == '=') {
                // a tag, an entity, a JSON or terminal escape: its letters may be dropped too. A match widened
                // back over it stops at whitespace, a letter or a digit, as below; holding the whole tail
                // instead took back a space let go the call before ("Quote: ", then "Quote: <")
                int h = i;
                while (h > tail && !stopsWidening(raw, h - 1)) {
                    h--;
                }
                return h;
            }
        }
        // what a later match may widen over: the chars after the last whitespace, letter or digit (those stop it)
        for (int i = rawLength; i > tail; i--) {
            if (stopsWidening(raw, i - 1)) {
                return i;
            }
        }
        return tail;
    }

    /**
     * Whether a later match's {@link #coverStart}, widening back from the undecided tail, stops before raw char
     * {@code i}: whitespace and clause ends stop it; so does a letter or digit the view may still keep, but not
     * one it has already dropped (before {@link #holdFrom()}: the prefix of Python's {@code f"{'Greta'}"}, which
     * a match after it takes in).
     */
    private boolean stopsWidening(CharSequence raw, int i) {
        char c = raw.charAt(i);
        return !widensOver(c) || (Character.isLetterOrDigit(c) && i >= holdFrom());
    }

    /**
     * Whether a match's start is widened back over the dropped raw char {@code c} ({@link #coverStart}): markup,
     * invisible and other dropped chars are, whitespace and the punctuation that ends a sentence or clause are not
     * (a sentence's full stop is no part of the name that starts the next one, so a stream need not hold it).
     */
    private static boolean widensOver(char c) {
        return !Character.isWhitespace(c) && ".,;:!?\u3002\uFF0C\uFF0E\u3001".indexOf(c) < 0;
    }
}
