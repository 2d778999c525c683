package io.lethe.guard.pipeline;

/**
 * Keeps redactions in a JSON text channel (tool-call arguments) valid JSON: a span inside a string literal
 * is replaced by the replacement with JSON string escapes; a span that touches a number or literal
 * ({@code 15551234567}, {@code true}) replaces the whole token with the replacement as a string
 * ({@code "[REDACTED]"}); structure between literals inside a span is kept. While the text ends inside a
 * number or literal, that token is held ({@link #openToken}), so a token is never sent in two pieces one of
 * which a later finding would have to take back. A redaction in an object's key is numbered from the channel's
 * second such on ({@code "[REDACTED]#2"}), so that redacted keys stay distinct. A text whose first non-blank char is not one of
 * <code>{ [ "</code> is not JSON: redactions there are plain. Lexing follows RFC 8259's grammar for strings
 * (escapes, {@code \\uXXXX}) and is tolerant of anything else. Offsets are UTF-16 indices into the channel's
 * raw text. One per channel; not thread-safe.
 */
final class JsonText {

    /** Lexer state at some offset of the channel's text. */
    static final class Lex {
        int pos;
        boolean inString;
        /** -1: no escape; 0: after a backslash; 1..4: hex digits of a \\u escape still to come. */
        int escapeLeft = -1;
        int escapeStart = -1;
        /** Start of the number or literal the lexer is inside, or -1. */
        int tokenStart = -1;
        /** Open containers, innermost at bit {@code depth - 1}: 1 an object, 0 an array (64 deep at most read). */
        long objects;
        int depth;
        /** The next string in the innermost object would be a key (after its "{" or a ","). */
        boolean expectKey;
        /** The string the lexer is inside (or last left) is an object's key. */
        boolean inKey;
        /** Offset of that string's opening quote. */
        int stringStart = -1;

        Lex copy() {
            Lex l = new Lex();
            l.pos = pos;
            l.inString = inString;
            l.escapeLeft = escapeLeft;
            l.escapeStart = escapeStart;
            l.tokenStart = tokenStart;
            l.objects = objects;
            l.depth = depth;
            l.expectKey = expectKey;
            l.inKey = inKey;
            l.stringStart = stringStart;
            return l;
        }

        private boolean inObject() {
            return depth > 0 && depth <= 64 && (objects >>> (depth - 1) & 1) == 1;
        }

        void advance(CharSequence text, int to) {
            for (int i = pos; i < to; i++) {
                step(text.charAt(i), i);
            }
            pos = Math.max(pos, to);
        }

        void step(char c, int i) {
            if (inString) {
                if (escapeLeft == 0) {
                    escapeLeft = c == 'u' ? 4 : -1;
                } else if (escapeLeft > 0) {
                    escapeLeft = isHex(c) ? escapeLeft - 1 : -1;
                    if (escapeLeft == 0) {
                        escapeLeft = -1;
                    }
                } else if (c == '\\') {
                    escapeLeft = 0;
                    escapeStart = i;
                } else if (c == '"') {
                    inString = false;
                }
                return;
            }
            if (isTokenChar(c)) {
                if (tokenStart < 0) {
                    tokenStart = i;
                }
                return;
            }
            tokenStart = -1;
            switch (c) {
                case '"' -> {
                    inString = true;
                    escapeLeft = -1;
                    stringStart = i;
                    inKey = expectKey;
                    expectKey = false;
                }
                case '{', '[' -> {
                    if (depth < 64) {
                        objects = c == '{' ? objects | 1L << depth : objects & ~(1L << depth);
                    }
                    depth++;
                    expectKey = c == '{';
                }
                case '}', ']' -> {
                    depth = Math.max(0, depth - 1);
                    expectKey = false;
                }
                case ',' -> expectKey = inObject();
                case ':' -> expectKey = false;
                default -> {
                }
            }
        }
    }

    private int mode; // 0 undecided, 1 JSON, 2 plain
    private int lastStart;
    /** Redactions written into keys so far: the second and later are numbered ("[REDACTED]#2"). */
    private int keysRedacted;
    /** Keys the request declared: the client's words, written as they are where a redaction covers them. */
    private final java.util.Set<String> declared;

    /** Only an object or array is JSON (a content channel no JSON output was asked for), not a bare value. */
    private final boolean containersOnly;

    JsonText() {
        this(java.util.Set.of());
    }

    JsonText(java.util.Set<String> declared) {
        this(declared, false);
    }

    /**
     * @param declared       the keys the request declared
     * @param containersOnly the text is JSON only when it opens an object with a key (model text that may be
     *                       prose: "42 is the answer", a quoted sentence, a markdown "[link](…)" stay plain text)
     */
    JsonText(java.util.Set<String> declared, boolean containersOnly) {
        this.declared = declared;
        this.containersOnly = containersOnly;
    }
    private final Lex atRelease = new Lex();
    private final Lex atEnd = new Lex();

    static boolean isTokenChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+'
                || c == '.';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Whether the text is JSON, decided by its first non-blank char (false until one has arrived); with
     * {@code containersOnly}, by its first two: an object opening with a key or closing ({"{\"", "{}"}), also as
     * an array's first element ("[{\"") or after a Markdown fence's first line ("```json").
     */
    boolean json(CharSequence text) {
        if (mode == 0) {
            int i = nonBlank(text, 0);
            if (i < 0) {
                return false;
            }
            char c = text.charAt(i);
            if (!containersOnly) {
                mode = c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ? 1 : 2;
                return mode == 1;
            }
            if (c == '`') {
                // a Markdown fence ("```json" and a line break) before the object, as models write JSON unasked
                // (helper-73): the fence's line is junk to the lexer, its closing line prose after the object
                int fence = fenceEnd(text, i);
                if (fence == -2) {
                    mode = 2;
                    return false;
                }
                if (fence < 0 || (i = nonBlank(text, fence)) < 0) {
                    return false; // not yet known
                }
                c = text.charAt(i);
            }
            int j = c == '[' ? nonBlank(text, i + 1) : i;
            if (j < 0) {
                return false;
            }
            if (text.charAt(j) != '{') {
                mode = 2; // "[" opens markdown links and table cells as often as arrays: prose, unless "[{"
                return false;
            }
            int k = nonBlank(text, j + 1);
            if (k < 0) {
                return false; // not yet known: what was sent so far is "{" and blanks, the same either way
            }
            mode = text.charAt(k) == '"' || text.charAt(k) == '}' ? 1 : 2;
        }
        return mode == 1;
    }

    /** Most chars of a fence's info string ("json", "jsonc"). */
    private static final int MAX_FENCE_INFO = 16;

    /**
     * After a Markdown code fence opening at {@code i} (three backticks, an info string of letters, a line break):
     * the offset after its line break; -1 when the text ends before it is known; -2 when it is no such fence.
     */
    private static int fenceEnd(CharSequence text, int i) {
        for (int k = i; k < i + 3; k++) {
            if (k >= text.length()) {
                return -1;
            }
            if (text.charAt(k) != '`') {
                return -2;
            }
        }
        for (int k = i + 3; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n') {
                return k + 1;
            }
            if (k - (i + 3) >= MAX_FENCE_INFO || !(Character.isLetterOrDigit(c) || c == ' ' || c == '\r')) {
                return -2;
            }
        }
        return -1;
    }

    private static int nonBlank(CharSequence text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The start of a number or literal the received text ends in, or -1: it is held until it ends.
     *
     * @param complete no more text will come (nothing is open then)
     */
    int openToken(CharSequence text, boolean complete) {
        if (complete || !json(text)) {
            return -1;
        }
        atEnd.advance(text, text.length());
        return atEnd.inString || (containersOnly && atEnd.depth == 0) ? -1 : atEnd.tokenStart;
    }

    /**
     * Whether offset {@code at} lies outside the object a content channel opened with (after it closed: the answer
     * went on as prose, "{…}\nI met Corwin Ashdale."): a redaction there is written as in plain text, not as a
     * JSON string (helper-66). False for a channel that is JSON by kind or request.
     */
    boolean plainAt(CharSequence text, int at) {
        if (!containersOnly) {
            return false;
        }
        Lex l = atRelease.copy();
        l.advance(text, at);
        return l.depth == 0 && !l.inString;
    }

    /** The text up to {@code to} was sent: moves the release-side lexer there. */
    void released(CharSequence text, int to) {
        if (mode == 1) {
            atRelease.advance(text, to);
        }
    }

    /**
     * Writes {@code text[from, ..)} with the span {@code [start, end)} redacted into {@code out}, the span
     * widened to whole escapes and whole numbers or literals.
     *
     * @param from     the release position (nothing before it may be written)
     * @param complete no more text will come
     * @return the offset after the redacted text (at least {@code end}), or -1 when a widened span runs past
     *         the received text: nothing is written then and the caller stops before {@code start}
     */
    int redact(StringBuilder out, CharSequence text, int from, int start, int end, String replacement,
               boolean complete) {
        Lex l = atRelease.copy();
        l.advance(text, start);
        int s = start;
        if (l.inString && l.escapeLeft >= 0) {
            s = l.escapeStart;           // a span starting inside an escape takes the whole escape
        } else if (!l.inString && l.tokenStart >= 0) {
            s = l.tokenStart;            // ... inside a number or literal takes the whole token
        }
        s = Math.max(s, from);
        lastStart = s;
        Lex w = atRelease.copy();
        w.advance(text, s);
        StringBuilder piece = new StringBuilder();
        int keysNow = 0;
        int len = text.length();
        int j = s;
        while (j < end) {
            if (w.inString) {
                int k = j;
                while (k < len && (k < end || w.escapeLeft >= 0) && w.inString) {
                    w.step(text.charAt(k), k);
                    w.pos = k + 1;
                    k++;
                }
                if (w.escapeLeft >= 0 && k == len && !complete) {
                    return -1;
                }
                int pieceEnd = w.inString ? k : k - 1; // the closing quote is structure
                int declaredKey = pieceEnd > j && w.inKey && !declared.isEmpty() ? declaredKey(text, w, k, complete) : 0;
                if (declaredKey < 0) {
                    return -1; // whether the key is one the request declared is known once it closes
                }
                if (declaredKey > 0) {
                    piece.append(text, j, pieceEnd); // the client's own word
                } else if (pieceEnd > j) {
                    escape(piece, replacement);
                    if (w.inKey) {
                        // keys redacted alike would collide ({"[REDACTED]": 1, "[REDACTED]": 2} parses to one)
                        if (keysRedacted + keysNow++ > 0) {
                            piece.append('#').append(keysRedacted + keysNow);
                        }
                    }
                }
                if (!w.inString) {
                    piece.append('"');
                }
                j = k;
            } else {
                char c = text.charAt(j);
                if (isTokenChar(c)) {
                    int t = j;
                    while (t < len && isTokenChar(text.charAt(t))) {
                        t++;
                    }
                    if (t == len && !complete) {
                        return -1;
                    }
                    piece.append('"');
                    escape(piece, replacement);
                    piece.append('"');
                    for (int q = j; q < t; q++) {
                        w.step(text.charAt(q), q);
                    }
                    w.pos = t;
                    j = t;
                } else {
                    piece.append(c);
                    w.step(c, j);
                    w.pos = j + 1;
                    j++;
                }
            }
        }
        out.append(text, from, s).append(piece);
        keysRedacted += keysNow;
        return j;
    }

    /**
     * Whether the key the lexer {@code w} is in (or has just closed, at {@code k}) is one the request declared: 1
     * yes, 0 no, -1 not known yet (its closing quote has not come). Compared as written, escapes and all.
     */
    private int declaredKey(CharSequence text, Lex w, int k, boolean complete) {
        int close = k - 1;
        if (w.inString) {
            Lex c = w.copy();
            int i = k;
            while (i < text.length() && c.inString) {
                c.step(text.charAt(i), i);
                i++;
            }
            if (c.inString) {
                return complete ? 0 : -1;
            }
            close = i - 1;
        }
        return declared.contains(text.subSequence(w.stringStart + 1, close).toString()) ? 1 : 0;
    }

    /** Where the last {@link #redact} call started its span, after widening. */
    int lastStart() {
        return lastStart;
    }

    /** Appends {@code s} as the inside of a JSON string (RFC 8259 section 7). */
    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
