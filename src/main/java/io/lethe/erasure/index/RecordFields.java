package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;

import java.util.List;

/**
 * A person's given name and surname as two fields of one record, whatever stands between them: {@code
 * {"first_name": "Corwin", "age": 52, "last_name": "Ashdale"}}, {@code VALUES ('Corwin', 52, 'Ashdale')},
 * {@code --first-name Corwin --last-name Ashdale}, a vCard {@code N:Ashdale;Corwin;;;}, a CSV row or a Markdown
 * table row. The name matcher's walks cross field labels and an empty field between a name's words; values
 * between them, and keys it does not know ({@code customerFirstName}, {@code fn}), need this reading.
 *
 * <p>A <b>field value</b> is a word that fills a field alone ({@link #valueStart}, {@link #valueEnd}): optionally
 * quoted; after a key or bracket ({@code : = ( [ { >}), a cell delimiter ({@code ; | &}, a tab; a comma only when
 * the value is quoted or no space follows the comma, as in CSV, so prose lists are not records), a command-line
 * flag ({@code --x}, {@code -x}), or at a line's start when quoted or a row's first cell; and before a delimiter
 * ({@code , ; | & ) ] }}, a tab, a closing tag, a comment, a line end, the text's end or the next flag); a
 * quoted value ends at its closing quote unless a colon makes it a key ({@code WHERE first = 'Corwin' AND last =
 * 'Ashdale'}). When a registered person's given name (first word) and surname (last word, a single token) are both
 * field values of one record ({@link #closed}: at most {@link #WINDOW} chars apart, no bracket closing one opened
 * before the first, no blank line, YAML list item, shell {@code &&}, {@code </tr>} or {@code </li>} between them,
 * no line end after a row's cell, a flag's value or a vCard cell, and no {@link #PROSE_WORDS} words of prose),
 * each is a name hit: a record holding both is taken as the person's, whatever its keys say. Exact folded words
 * only (no typos: a record is written by a program, not misspelt). Read in the raw text only: the normalized views
 * collapse the line ends that end a row.
 *
 * <p>Holds: a value waits for its partner, so the text after a registered given name or surname standing as a
 * field value is held until the partner comes, the record closes, or {@link #WINDOW} chars pass — bounded slack
 * over the exact hold (issue 12), met only in text shaped as records.
 *
 * <p>Immutable; each scan uses its own {@link Cursor}.
 */
final class RecordFields {

    /** Payload form bit of a record word: the person's given name. */
    static final int GIVEN = 1;
    /** Payload form bit of a record word: the person's surname. */
    static final int FAMILY = 2;
    /** Most chars between the end of one value and the start of its partner (a record of a dozen short fields). */
    static final int WINDOW = 160;
    /** Chars after a value that decide whether it ends there (a closing quote, spaces, the delimiter, "--"). */
    private static final int AFTER = 6;

    /** Folded token hash → head of a postings chain of (ordinal, {@link #GIVEN} or {@link #FAMILY}). */
    private final LongIntMap heads;
    private final Postings postings;

    private RecordFields(LongIntMap heads, Postings postings) {
        this.heads = heads;
        this.postings = postings;
    }

    boolean isEmpty() {
        return heads.size() == 0;
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        heads.writeTo(out);
    }

    static RecordFields readFrom(java.io.DataInput in, Postings postings) throws java.io.IOException {
        return new RecordFields(LongIntMap.readFrom(in), postings);
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Collects the given names and surnames of registered names. Not thread-safe. */
    static final class Builder {
        private final LongIntMap heads = new LongIntMap(64);
        private final Postings.Builder postings;

        Builder(Postings.Builder postings) {
            this.postings = postings;
        }

        /**
         * Adds a person's name (as registered or another spelling of it, titles dropped): its first word as the
         * given name and its last word as the surname, where each is one token and the name has two words or more
         * in a script written with spaces.
         */
        void add(String name, int ordinal) {
            if (!NameVariants.alphabetic(name)) {
                return;
            }
            List<List<String>> w = NameVariants.words(name);
            if (w.size() < 2 || w.get(0).size() != 1 || w.get(w.size() - 1).size() != 1) {
                return;
            }
            String given = w.get(0).get(0);
            if (NameMatcher.TITLES.contains(given) || given.length() < 2) {
                return;
            }
            put(given, ordinal, GIVEN);
            put(w.get(w.size() - 1).get(0), ordinal, FAMILY);
        }

        private void put(String folded, int ordinal, int role) {
            long h = Fold.foldedHash(folded);
            int head = heads.get(h, -1);
            heads.put(h, postings.prepend(head, ordinal, Kind.NAME, role), -1);
        }

        RecordFields finish(Postings finished) {
            heads.trim();
            return new RecordFields(heads, finished);
        }
    }

    /** Field values seen in one growing text, waiting for their partner. Not thread-safe. */
    final class Cursor {
        private static final int MAX = 32;
        private final int[] start = new int[MAX];
        private final int[] end = new int[MAX];
        private final int[] head = new int[MAX];
        /** 0: whether it ends a field is still to be seen; 1: a field value; reported values keep their slot. */
        private final byte[] state = new byte[MAX];
        private final boolean[] reported = new boolean[MAX];
        /** Whether a quote opens the value: a closing quote right after the word then ends it, whatever follows. */
        private final boolean[] quoted = new boolean[MAX];
        /** Whether the value is a cell of a row (CSV, a table): its record ends with its line. */
        private final boolean[] row = new boolean[MAX];
        /** Whether it begins a line unquoted: a value only as a row's first cell, a delimiter right after it. */
        private final boolean[] firstCell = new boolean[MAX];
        private int n;

        /**
         * A token {@code text[s, e)} of folded hash {@code hash} ({@link Fold#tokenHash}, as the name matcher read
         * it) ended: kept when it is a registered given name or surname after a delimiter. The lookup comes first:
         * most tokens are no such name, and they cost one probe.
         */
        void token(CharSequence text, int s, int e, long hash) {
            int h = heads.get(hash, -1);
            if (h < 0) {
                return;
            }
            int kind = valueStart(text, s);
            if (kind == NONE) {
                return;
            }
            if (n == MAX) {
                drop(0);
            }
            start[n] = s;
            end[n] = e;
            head[n] = h;
            state[n] = 0;
            reported[n] = false;
            quoted[n] = s > 0 && isQuote(text.charAt(s - 1));
            row[n] = kind >= FIRST_CELL || rowCell(text, s);
            firstCell[n] = kind == FIRST_CELL;
            n++;
        }

        /** Decides the values whose ends are known, pairs them, and forgets what can no longer pair. */
        void advance(CharSequence text, int length, boolean complete, List<Hit> out) {
            for (int i = 0; i < n; i++) {
                if (state[i] == 0) {
                    int v = valueEnd(text, end[i], length, complete, quoted[i], firstCell[i]);
                    if (v < 0) {
                        drop(i--);
                    } else if (v > 0) {
                        state[i] = 1;
                        pair(text, i, out);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (state[i] == 1 && (complete || closed(text, end[i], length, row[i]) || length - end[i] > WINDOW
                        || prose(text, end[i], length))) {
                    drop(i--);
                }
            }
            if (complete) {
                n = 0;
            }
        }

        /** The smallest start of a value that may still be reported (undecided, or still able to pair). */
        int hold(int length) {
            int h = length;
            for (int i = 0; i < n; i++) {
                if (!reported[i]) {
                    h = Math.min(h, start[i]);
                }
            }
            return h;
        }

        private void pair(CharSequence text, int j, List<Hit> out) {
            for (int i = 0; i < n; i++) {
                if (i == j || state[i] != 1) {
                    continue;
                }
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                if (start[b] - end[a] > WINDOW || closed(text, end[a], start[b], row[a])
                        || prose(text, end[a], start[b])) {
                    continue;
                }
                for (int p = head[i]; p >= 0; p = postings.next(p)) {
                    int pi = postings.payload(p);
                    for (int q = head[j]; q >= 0; q = postings.next(q)) {
                        int pj = postings.payload(q);
                        int roles = ((pi >>> 3) & 31) | ((pj >>> 3) & 31);
                        if ((pi >>> 8) == (pj >>> 8) && ((pi >>> 3) & 31) != ((pj >>> 3) & 31)
                                && roles == (GIVEN | FAMILY)) {
                            int ordinal = pi >>> 8;
                            out.add(new Hit(ordinal, Kind.NAME, start[a], end[a]));
                            out.add(new Hit(ordinal, Kind.NAME, start[b], end[b]));
                            reported[a] = true;
                            reported[b] = true;
                        }
                    }
                }
            }
        }

        private void drop(int i) {
            n--;
            System.arraycopy(start, i + 1, start, i, n - i);
            System.arraycopy(end, i + 1, end, i, n - i);
            System.arraycopy(head, i + 1, head, i, n - i);
            System.arraycopy(state, i + 1, state, i, n - i);
            System.arraycopy(reported, i + 1, reported, i, n - i);
            System.arraycopy(quoted, i + 1, quoted, i, n - i);
            System.arraycopy(row, i + 1, row, i, n - i);
            System.arraycopy(firstCell, i + 1, firstCell, i, n - i);
        }
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`' || c == '\u2018' || c == '\u2019' || c == '\u201C' || c == '\u201D';
    }

    /** A space within a field (a tab delimits fields, as in TSV). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\u00A0';
    }

    /** {@link #valueStart}: not a value. */
    static final int NONE = 0;
    /** {@link #valueStart}: a value after a key or inside brackets ({@code : = ( [ { >}, a quoted line start). */
    static final int KEYED = 1;
    /** {@link #valueStart}: an unquoted word at a line's start, a value only as a row's first cell. */
    static final int FIRST_CELL = 2;
    /** {@link #valueStart}: a cell after a cell delimiter ({@code , ; | &}, a tab): its record ends with its line. */
    static final int CELL = 3;
    /** {@link #valueStart}: a value after a command-line flag: its command ends with its line. */
    static final int FLAG = 4;

    /**
     * Whether the token at {@code s} begins a field's value (see the class comment), and after what: {@link #NONE},
     * {@link #KEYED}, {@link #FIRST_CELL} (a value only if a cell delimiter follows it directly), {@link #CELL} or
     * {@link #FLAG}.
     */
    static int valueStart(CharSequence text, int s) {
        int i = s;
        boolean quoted = i > 0 && isQuote(text.charAt(i - 1));
        if (quoted) {
            i--;
            while (i > 0 && text.charAt(i - 1) == '\\') {
                i--;  // an escaped quote: JSON inside a JSON string ({"note": "{\"last\": \"Ashdale\"}"})
            }
        }
        int spaces = 0;
        while (i > 0 && isBlank(text.charAt(i - 1))) {
            i--;
            spaces++;
        }
        if (i == 0) {
            return quoted ? KEYED : FIRST_CELL;
        }
        char c = text.charAt(i - 1);
        switch (c) {
            case ':', '=', '(', '[', '{', '>':
                return KEYED;
            case ';', '|', '\t', '&':
                return CELL;
            case '\n', '\r':
                return quoted ? KEYED : FIRST_CELL;
            case ',':
                return quoted || spaces == 0 ? CELL : NONE;
            default:
                break;
        }
        if (spaces == 0) {
            return NONE;
        }
        // a command-line flag before it: "--first-name Corwin", "-f Corwin"
        int f = i;
        while (f > 0 && (Character.isLetterOrDigit(text.charAt(f - 1)) || text.charAt(f - 1) == '-'
                || text.charAt(f - 1) == '_')) {
            f--;
        }
        if (f == i || (f > 0 && !isBlank(text.charAt(f - 1)))) {
            return 0;
        }
        boolean shortFlag = f + 1 < i && text.charAt(f) == '-' && Character.isLetter(text.charAt(f + 1));
        boolean longFlag = f + 2 < i && text.charAt(f) == '-' && text.charAt(f + 1) == '-'
                && Character.isLetter(text.charAt(f + 2));
        return shortFlag || longFlag ? FLAG : NONE;
    }

    /**
     * Whether the token ending at {@code e} ends its field: 1 yes, -1 no, 0 not known until more text arrives.
     * With {@code quoted} a quote opened the value.
     */
    static int valueEnd(CharSequence text, int e, int length, boolean complete, boolean quoted, boolean firstCell) {
        int i = e;
        int q = i;
        while (q < length && text.charAt(q) == '\\') {
            q++;  // an escaped closing quote: JSON inside a JSON string
        }
        if (q > i && q >= length) {
            return complete ? -1 : 0;
        }
        boolean closed = q < length && isQuote(text.charAt(q)) && (q == i || quoted);
        if (closed) {
            i = q + 1;
        }
        int spaces = 0;
        while (i < length && isBlank(text.charAt(i))) {
            i++;
            spaces++;
        }
        if (i >= length) {
            return complete ? 1 : (i - e > AFTER ? -1 : 0);
        }
        char c = text.charAt(i);
        if (quoted && closed) {
            return c == ':' ? -1 : 1;  // a quoted word ends its value at the quote, unless it is a key
        }
        if (firstCell) {
            return spaces == 0 && (c == ',' || c == ';' || c == '|' || c == '\t') ? 1 : -1;
        }
        switch (c) {
            case ',', ';', '|', ')', ']', '}', '\n', '\r', '\t', '&':
                return 1;
            case '#':
                return spaces > 0 ? 1 : -1;  // a comment after the value (YAML, shell)
            case '<':
                // a closing tag ("<first>Corwin</first>"), not a word before another tag or a comparison
                if (i + 1 >= length) {
                    return complete ? -1 : 0;
                }
                return text.charAt(i + 1) == '/' ? 1 : -1;
            case '-':
                // the next flag: "-x" or "--name"; not a dash in prose ("Corwin - the author", "Corwin -- yes")
                if (spaces == 0) {
                    return -1;
                }
                if (i + 2 >= length) {
                    return complete ? -1 : 0;
                }
                return Character.isLetter(text.charAt(i + 1))
                        || (text.charAt(i + 1) == '-' && Character.isLetter(text.charAt(i + 2))) ? 1 : -1;
            default:
                return -1;
        }
    }

    /**
     * Whether the value at {@code s} is a cell of a row: nothing on its line before it opens a key, an object or a
     * list ({@code : = { ( [}), as in CSV and Markdown tables, whose rows are one record each.
     */
    static boolean rowCell(CharSequence text, int s) {
        for (int i = s - 1; i >= 0 && i >= s - WINDOW; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c == ':' || c == '=' || c == '{' || c == '(' || c == '[') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a record ends in {@code text[from, to)}: a bracket closing one opened before {@code from} ({@code }
     * ) ]}: "{...}, {...}", "('Corwin','Miller'), ('Jane', ..."), a blank line, a YAML list's next item ("\n- "),
     * a shell's next command ({@code && || ;} after a flag's value), a table row's or list item's end tag, or for a
     * cell of a row ({@code row}) the end of its line.
     */
    private static boolean closed(CharSequence text, int from, int to, boolean row) {
        boolean lineEnd = false;
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                if (--depth < 0) {
                    return true;
                }
            } else if ((c == '&' || c == '|') && i + 1 < to && text.charAt(i + 1) == c) {
                return true;
            } else if (c == '<' && i + 3 < to && text.charAt(i + 1) == '/'
                    && (startsWithIgnoreCase(text, i + 2, "tr") || startsWithIgnoreCase(text, i + 2, "li"))) {
                return true;
            }
            if (c == '\n') {
                if (lineEnd || row) {
                    return true;
                }
                lineEnd = true;
                int k = i + 1;
                while (k < to && isBlank(text.charAt(k))) {
                    k++;
                }
                if (k + 1 < to && text.charAt(k) == '-' && text.charAt(k + 1) == ' ') {
                    return true;
                }
            } else if (!isBlank(c) && c != '\r' && c != '\t') {
                lineEnd = false;
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(CharSequence text, int at, String s) {
        if (at + s.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.toLowerCase(text.charAt(at + i)) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Plain words in a row after a value that make it prose, not a record: a value waits no longer for its partner. */
    static final int PROSE_WORDS = 4;

    /**
     * Whether {@code text[from, to)} holds {@link #PROSE_WORDS} words of letters in a row, each separated by one
     * space only: sentence text (a notes field, an answer going on after a name), where records hold keys,
     * delimiters and short values.
     */
    static boolean prose(CharSequence text, int from, int to) {
        int words = 0;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int j = i;
                while (j < to && Character.isLetter(text.charAt(j))) {
                    j++;
                }
                if (j >= to) {
                    return false;  // the word is still being written
                }
                if (text.charAt(j) == ' ' && j + 1 < to && Character.isLetter(text.charAt(j + 1))) {
                    if (++words >= PROSE_WORDS - 1) {
                        return true;
                    }
                } else {
                    words = 0;
                }
                i = j + 1;
            } else {
                words = 0;
                i++;
            }
        }
        return false;
    }
}
