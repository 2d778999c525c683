package io.lethe.guard.pipeline;

import java.util.Locale;
import java.util.Set;

/**
 * Writes the replacement of a redacted span so that the structure around its parts survives: a phone or a name
 * written across table cells ({@code <td>415</td><td>555</td>}, {@code | 415 | 555 |}, a tab), bracket groups
 * ({@code (415)(555)}, {@code [415][555]}; not a Markdown link's {@code "]("}, and two links side by side, {@code
 * "[a](x)[b](y)"}, are one replacement each with nothing between) or quoted CSV fields ({@code "415","555"}) is one
 * finding, and one
 * replacement over all of it merged the cells and left a bracket open (red team 16 N7). Each part gets its own
 * replacement and the separators between them stay; a separator holds no letter or digit of the erased value
 * (only punctuation, white space and attribute-free cell tags), so nothing erased is released by keeping it.
 *
 * <p>Only these cell separators part a span: prose punctuation, a dash, a dot or a space inside a phone or a
 * name, an emphasis tag ({@code <b>}) or a comment still fall inside one replacement. A span that starts
 * with an opening bracket whose closing one lies outside it keeps that bracket outside the replacement, and one
 * that starts inside an HTML tag opened before it (widened back over the tag's dropped markup) keeps that tag's
 * markup, its attribute values replaced, and the element's closing tag at the span's end.
 * Stateless; any thread.
 */
final class CellParts {

    /** Tags that part a table, a list or a block: between two of a span's parts they are cell borders. */
    private static final Set<String> CELL_TAGS = Set.of("td", "th", "tr", "li", "dd", "dt", "p", "div", "br",
            "table", "tbody", "thead", "ul", "ol");

    private CellParts() {
    }

    /**
     * Appends to {@code out} what replaces {@code text[start, end)}: {@code replacement} once, or once per part
     * with the cell separators between the parts copied.
     *
     * @param text        the channel's raw text
     * @param start       start of the redacted span (UTF-16 offset)
     * @param end         its end (exclusive)
     * @param replacement the policy's replacement text
     * @param out         where the result goes
     */
    static void replace(CharSequence text, int start, int end, String replacement, StringBuilder out) {
        int t0 = tagBefore(text, start);
        int lead = t0 < 0 ? -1 : quotedTagEnd(text, t0, end);
        boolean closes = closeTagIn(text, Math.max(lead, start), end) >= 0;
        if (lead < 0 && !closes) {
            replaceParts(text, start, end, replacement, out);
            return;
        }
        // the span cuts markup opened before it (a link widened back into its tag, helper-80:
        // '<a href="https://e.[REDACTED]'): the tag's markup and the element's closing tag stay, values go
        int from = start;
        if (lead > start) {
            tagValues(text, t0, start, lead, replacement, out);
            from = lead;
        }
        for (int c = closeTagIn(text, from, end); c >= 0; c = closeTagIn(text, from, end)) {
            segment(text, from, c, replacement, out);
            from = tagEnd(text, c, end);
            out.append(text, c, from);
        }
        segment(text, from, end, replacement, out);
    }

    /** {@link #replaceParts} for a piece between kept markup; one of ASCII punctuation and spaces only is kept. */
    private static void segment(CharSequence text, int from, int to, String replacement, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || Character.isLetterOrDigit(c) || Character.isISOControl(c) && !Character.isWhitespace(c)) {
                replaceParts(text, from, to, replacement, out);
                return;
            }
        }
        out.append(text, from, to);
    }

    /** Attributes whose names a tag cut by a span keeps; any other name is replaced as a value. */
    private static final Set<String> ATTRIBUTES = Set.of("href", "src", "title", "alt", "class", "id", "name", "rel",
            "target", "lang", "style", "type", "width", "height");
    /** How far back a span's start is looked at for a tag it starts in. */
    private static final int MAX_TAG = 1024;

    /** The "<" of a tag (a letter after it) that {@code start} lies inside, or -1. */
    private static int tagBefore(CharSequence text, int start) {
        for (int i = start - 1; i >= 0 && start - i <= MAX_TAG; i--) {
            char c = text.charAt(i);
            if (c == '>' || c == '\n') {
                return -1;
            }
            if (c == '<') {
                return i + 1 < text.length() && isAsciiLetter(text.charAt(i + 1)) && i + 1 < start ? i : -1;
            }
        }
        return -1;
    }

    /** The end (after its ">", quotes respected) of the tag at {@code t0} when it is before {@code end}, else -1. */
    private static int quotedTagEnd(CharSequence text, int t0, int end) {
        char quote = 0;
        for (int j = t0 + 1; j < end; j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j + 1;
            }
        }
        return -1;
    }

    /**
     * Writes {@code text[from, to)} of the tag at {@code t0}: its name, attribute names, "=", quotes and spaces as
     * they are, each run of an attribute's value (or of an unknown attribute's name) in it as one replacement.
     */
    private static void tagValues(CharSequence text, int t0, int from, int to, String replacement, StringBuilder out) {
        boolean[] value = new boolean[to - t0];
        int j = t0 + 1;
        while (j < to && isAsciiLetterOrDigit(text.charAt(j))) {
            j++;  // the tag's name
        }
        while (j < to) {
            char c = text.charAt(j);
            if (Character.isWhitespace(c) || c == '/' || c == '>') {
                j++;
                continue;
            }
            int k = j;
            while (k < to && !Character.isWhitespace(text.charAt(k)) && "=>/\"'".indexOf(text.charAt(k)) < 0) {
                k++;
            }
            if (k == j) {
                k++;  // a stray quote: a value's char
            }
            boolean known = ATTRIBUTES.contains(text.subSequence(j, k).toString().toLowerCase(Locale.ROOT));
            for (int m = j; m < k; m++) {
                value[m - t0] = !known;
            }
            j = k;
            if (j < to && text.charAt(j) == '=') {
                j++;
                char q = j < to ? text.charAt(j) : 0;
                if (q == '"' || q == '\'') {
                    j++;
                    while (j < to && text.charAt(j) != q) {
                        value[j - t0] = true;
                        j++;
                    }
                    j++;
                } else {
                    while (j < to && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '>') {
                        value[j - t0] = true;
                        j++;
                    }
                }
            }
        }
        int i = from;
        while (i < to) {
            int r = i;
            while (r < to && value[r - t0] == value[i - t0]) {
                r++;
            }
            if (value[i - t0]) {
                segment(text, i, r, replacement, out);
            } else {
                out.append(text, i, r);
            }
            i = r;
        }
    }

    /**
     * The start of the first closing tag ({@code </a>}) in {@code text[from, to)} whose element opens before
     * {@code from}, not a cell's, with only closing tags and punctuation after it in the span, or -1.
     */
    private static int closeTagIn(CharSequence text, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (text.charAt(i) != '<' || text.charAt(i + 1) != '/') {
                continue;
            }
            int e = tagEnd(text, i, to);
            if (e < 0) {
                continue;
            }
            String name = tagName(text, i, e);
            if (!CELL_TAGS.contains(name) && !opensIn(text, from, i, name) && onlyClosingAfter(text, e, to)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code text[from, to)} holds only closing tags and ASCII punctuation: a closing tag is kept only at
     * the span's end ("<first>Corwin</first><last>Ashdale" stays one replacement).
     */
    private static boolean onlyClosingAfter(CharSequence text, int from, int to) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '<' && i + 1 < to && text.charAt(i + 1) == '/' && tagEnd(text, i, to) > 0) {
                i = tagEnd(text, i, to);
            } else if (c >= 0x80 || Character.isLetterOrDigit(c) || c == '<') {
                return false;
            } else {
                i++;
            }
        }
        return true;
    }

    /** Whether a tag named {@code name} opens in {@code text[from, to)}. */
    private static boolean opensIn(CharSequence text, int from, int to, String name) {
        for (int i = from; i + name.length() < to; i++) {
            if (text.charAt(i) == '<' && tagName(text, i, Math.min(to, i + 1 + name.length() + 1)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces {@code text[start, end)} as {@link #replace} does, its cell separators kept. */
    private static void replaceParts(CharSequence text, int start, int end, String replacement, StringBuilder out) {
        // An opening bracket at the start whose partner is outside the span stays (else "(415)(555)(0142"
        // became "[REDACTED])": one closing bracket left without its opener).
        // Its partner must follow the span: a lone "(" before a word is leetspeak's c ("(0rw1n").
        while (start < end && isOpen(text.charAt(start)) && depth(text, start, end, text.charAt(start)) > 0
                && closesAfter(text, end, text.charAt(start))) {
            out.append(text.charAt(start));
            start++;
        }
        if (singleCharPart(text, start, end)) {
            // a name as an array of chars (['M','i',...]) is an obfuscation, not cells: one replacement, so the
            // list's brackets are not cut into parts either (red team 17 R17-19)
            out.append(replacement);
            return;
        }
        int partStart = start;
        int i = start;
        boolean wrote = false;
        if (referenceLinkAt(text, start, end)) {
            // "[Anselmo][1] Tavares": the link, text and label, is the first part (it read "[R]][[R]")
            int after = linkAfterText(text, indexOf(text, start, end, ']'), end);
            int next = after;
            while (next < end && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            out.append(replacement);
            if (next >= end || !isAlnum(text, next) && text.charAt(next) != '[') {
                return;  // the rest holds no letter or digit of its own to replace
            }
            out.append(text, after, next);
            wrote = true;
            partStart = next;
            i = next;
        }
        while (i < end) {
            if (isAlnum(text, i)) {
                i += Character.charCount(Character.codePointAt(text, i));
                continue;
            }
            int gapEnd = gap(text, i, end);
            int next = i + 1;
            while (next < gapEnd && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            if (gapEnd < end && i > partStart && text.charAt(i) == ')' && next < end && text.charAt(next) == '['
                    && contains(text, partStart, i, "](")) {
                // one link's ")" before the next one's "[", touching or spaces apart: each link is one replacement,
                // the spaces between kept (helper-88: "[Corwin](x) [Ashdale](y)" read "[REDACTED]) [[REDACTED]")
                out.append(replacement).append(text, i + 1, next);
                wrote = true;
                partStart = next;
                i = next + 1;
                continue;
            }
            if (gapEnd < end && i > partStart && separates(text, i, gapEnd)) {
                out.append(replacement).append(text, i, gapEnd);
                wrote = true;
                partStart = gapEnd;
            }
            i = Math.max(gapEnd, i + 1);
        }
        if (!wrote || partStart < end) {
            out.append(replacement);
        }
    }

    /**
     * Whether {@code text[start, end)} starts with an opening bracket left open in it: {@link #replace} then
     * needs the char after {@code end}, so a stream holds the span until it arrives.
     */
    static boolean opensBracket(CharSequence text, int start, int end) {
        return start < end && isOpen(text.charAt(start)) && depth(text, start, end, text.charAt(start)) > 0;
    }

    /** Longest Markdown link text, and destination, {@link #linkEnd} reads (as the normalized view reads links). */
    private static final int MAX_LINK_TEXT = 100;
    private static final int MAX_LINK_TARGET = 512;

    /**
     * The end of the Markdown inline link ({@code [text](dest)}) whose text the span {@code text[start, end)} covers
     * to its last char, from its first or before: that link is replaced as one span, as a lone one is (its
     * destination shows nothing but the address or name redacted). {@code end} when there is none; -1 when the
     * text so far cannot tell ({@code complete} false: the "](" or the destination's ")" may still come).
     */
    static int linkEnd(CharSequence text, int start, int end, boolean complete) {
        int open = linkOpen(text, end);
        if (open < 0 || start > open + 1) {
            return end;
        }
        int k = end;
        if (k > 0 && text.charAt(k - 1) == ']' && k - 1 > open) {
            k--;  // the span took the text's "]"
        }
        if (k + 1 >= text.length()) {
            return complete ? end : -1;
        }
        if (text.charAt(k) != ']' || text.charAt(k + 1) != '(') {
            return end;
        }
        int depth = 0;  // balanced parentheses in a destination, as CommonMark allows
        for (int j = k + 2; j - k <= MAX_LINK_TARGET; j++) {
            if (j == text.length()) {
                return complete ? end : -1;
            }
            char c = text.charAt(j);
            if (c == '\n') {
                return end;
            }
            if (c == ')' && depth == 0) {
                return Math.max(end, j + 1);
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return end;
    }

    /**
     * {@code start}, or the "[" right before it when it opens a Markdown link, inline ({@code [text](dest)}) or by
     * reference ({@code [text][label]}), that ends inside the span {@code text[start, end)}: the span then takes
     * the whole link, as {@link #linkEnd} makes a span ending in a link take it. Never before {@code floor} (text
     * already released).
     */
    static int linkStart(CharSequence text, int floor, int start, int end) {
        int open = start - 1;
        if (open < floor || text.charAt(open) != '[') {
            return start;
        }
        int close = -1;
        for (int i = start; i < end && i - start <= MAX_LINK_TEXT; i++) {
            char c = text.charAt(i);
            if (c == ']') {
                close = i;
                break;
            }
            if (c == '[' || c == '\n') {
                return start;
            }
        }
        return close >= 0 && linkAfterText(text, close, end) > 0 ? open : start;
    }

    /**
     * The end of the destination ({@code "(dest)"}) or reference label ({@code "[label]"}) after a link text's
     * "]" at {@code close}, when it ends at or before {@code end}; else -1.
     */
    private static int linkAfterText(CharSequence text, int close, int end) {
        if (close + 1 >= end) {
            return -1;
        }
        char o = text.charAt(close + 1);
        if (o != '(' && o != '[') {
            return -1;
        }
        int depth = 0;
        for (int j = close + 2; j < end && j - close <= MAX_LINK_TARGET; j++) {
            char c = text.charAt(j);
            if (c == '\n' || o == '[' && c == '[') {
                return -1;
            }
            if (o == '(' && c == ')' && depth == 0 || o == '[' && c == ']') {
                return j + 1;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return -1;
    }

    /**
     * Whether {@code text[start, end)} starts with a Markdown reference link ({@code [text][label]}) whose text
     * holds a letter: text and label are one part, not two bracket groups ({@code [031][110]}), so no "][" is
     * left between two replacements.
     */
    private static boolean referenceLinkAt(CharSequence text, int start, int end) {
        if (start >= end || text.charAt(start) != '[') {
            return false;
        }
        boolean letter = false;
        for (int i = start + 1; i < end && i - start <= MAX_LINK_TEXT; i++) {
            char c = text.charAt(i);
            if (c == ']') {
                return letter && i + 1 < end && text.charAt(i + 1) == '[' && linkAfterText(text, i, end) > 0;
            }
            if (c == '[' || c == '\n') {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return false;
    }

    /**
     * The "[" that opens a Markdown link text which a span ending at {@code end} (before its "]" or after it)
     * lies in: the nearest on its line with no "]" between (bar the one just before {@code end}), or -1.
     */
    static int linkOpen(CharSequence text, int end) {
        int from = end > 0 && end <= text.length() && text.charAt(end - 1) == ']' ? end - 2 : end - 1;
        for (int i = Math.min(from, text.length() - 1); i >= 0 && from - i <= MAX_LINK_TEXT; i--) {
            char c = text.charAt(i);
            if (c == '[') {
                return i;
            }
            if (c == ']' || c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static int indexOf(CharSequence text, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether some part of the span between cell separators has fewer than two letters or digits. */
    private static boolean singleCharPart(CharSequence text, int start, int end) {
        int run = 0;
        int i = start;
        while (i < end) {
            if (isAlnum(text, i)) {
                run++;
                i += Character.charCount(Character.codePointAt(text, i));
                continue;
            }
            int gapEnd = gap(text, i, end);
            if (run > 0 && gapEnd < end && separates(text, i, gapEnd)) {
                if (run < 2) {
                    return true;
                }
                run = 0;
            }
            i = Math.max(gapEnd, i + 1);
        }
        return run == 1;
    }

    /** The end of the run of non-alphanumeric chars and attribute-free tags from {@code i}, at most {@code end}. */
    private static int gap(CharSequence text, int i, int end) {
        int j = i;
        while (j < end) {
            if (text.charAt(j) == '<') {
                int t = tagEnd(text, j, end);
                if (t > 0) {
                    j = t;
                    continue;
                }
            }
            if (isAlnum(text, j)) {
                break;
            }
            j++;
        }
        return j;
    }

    /** Whether the gap {@code text[from, to)} between two parts is a cell border. */
    private static boolean separates(CharSequence text, int from, int to) {
        boolean closed = false;
        boolean quoteComma = false;
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            if (c == '<') {
                int t = tagEnd(text, j, to);
                if (t > 0) {
                    String name = tagName(text, j, t);
                    if (CELL_TAGS.contains(name)) {
                        return true;
                    }
                    j = t - 1;
                    continue;
                }
            }
            if (c == '\t' || (c == '|' && j > from && j + 1 < to
                    && Character.isWhitespace(text.charAt(j - 1)) && Character.isWhitespace(text.charAt(j + 1)))) {
                return true;  // a bar glued to a word is leetspeak's l ("Ma||ory"), not a cell border
            }
            if (c == ')' || c == ']' || c == '}') {
                closed = true;
            } else if (closed && (c == '(' || c == '[' || c == '{')) {
                if (c == '(' && text.charAt(j - 1) == ']') {
                    continue;  // "](": a Markdown link's text and destination, one span (helper-73: "[R]]([R]")
                }
                return true;  // ")(" or ") (": two bracket groups
            }
            if ((c == '"' || c == '\'') && j + 1 < to) {
                int k = j + 1;
                while (k < to && text.charAt(k) == ' ') {
                    k++;
                }
                if (k < to && (text.charAt(k) == ',' || text.charAt(k) == ';')) {
                    quoteComma = true;
                }
            } else if (quoteComma && (c == '"' || c == '\'')) {
                return true;  // "415","555": two quoted fields
            }
        }
        return false;
    }

    /** The end of an attribute-free tag ({@code <td>}, {@code </td>}, {@code <br/>}) at {@code i}, or -1. */
    private static int tagEnd(CharSequence text, int i, int end) {
        int j = i + 1;
        if (j < end && text.charAt(j) == '/') {
            j++;
        }
        int nameStart = j;
        while (j < end && j - nameStart < 10 && isAsciiLetterOrDigit(text.charAt(j))) {
            j++;
        }
        if (j == nameStart || !Character.isLetter(text.charAt(nameStart))) {
            return -1;
        }
        while (j < end && (text.charAt(j) == ' ' || text.charAt(j) == '/')) {
            j++;
        }
        return j < end && text.charAt(j) == '>' ? j + 1 : -1;
    }

    private static String tagName(CharSequence text, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int j = from + 1; j < to; j++) {
            char c = text.charAt(j);
            if (isAsciiLetterOrDigit(c)) {
                b.append(c);
            } else if (b.length() > 0) {
                break;
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** How many of {@code open}'s brackets in {@code text[from, to)} stay unclosed there. */
    private static int depth(CharSequence text, int from, int to, char open) {
        char close = open == '(' ? ')' : open == '[' ? ']' : '}';
        int d = 0;
        for (int j = from; j < to; j++) {
            char c = text.charAt(j);
            if (c == open) {
                d++;
            } else if (c == close && d > 0) {
                d--;
            }
        }
        return d;
    }

    /** Whether the char at {@code end}, after spaces, closes {@code open}. */
    private static boolean closesAfter(CharSequence text, int end, char open) {
        int j = end;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        char close = open == '(' ? ')' : open == '[' ? ']' : '}';
        return j < text.length() && text.charAt(j) == close;
    }

    private static boolean contains(CharSequence text, int from, int to, String what) {
        for (int i = from; i + what.length() <= to; i++) {
            if (text.subSequence(i, i + what.length()).toString().equals(what)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOpen(char c) {
        return c == '(' || c == '[' || c == '{';
    }

    private static boolean isAlnum(CharSequence text, int i) {
        return Character.isLetterOrDigit(Character.codePointAt(text, i));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
