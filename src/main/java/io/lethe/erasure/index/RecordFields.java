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
 * <p>A <b>labelled value</b> is a word a name label introduces ({@link #labelBefore}: "The first name is
 * \"Corwin\"", "Last name: Ashdale", a vertical table's {@code | given | Corwin |}): a given name under a given-name
 * label and the same person's surname under a surname label, both whole values ({@link #labelledEnd}), at most
 * {@link #WINDOW} chars apart in one record and paragraph, with only label words, copulas and connectives
 * between them ({@link #otherWordAt}: "and the last name is"), are each a name hit: the answer to "what are her
 * first and last names?". A labelled value waits for its partner only until another word comes. Either
 * reading pairs two values only with no value under a given-name or surname label between them
 * ({@link #labelledValueIn}): that is another person's record ("Given name: Corwin\nFamily name: Smith\nGiven
 * name: Jane\nFamily name: Ashdale").
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
        /** 1: a value of the record reading still to be decided or paired; -1: not (or no longer) one. */
        private final byte[] record = new byte[MAX];
        /**
         * The name label the value follows ({@link #GIVEN} or {@link #FAMILY}, see {@link #labelBefore}); 0: none,
         * or its partner can no longer come (a blank line, {@link #WINDOW} chars).
         */
        private final int[] label = new int[MAX];
        /** Whether a labelled value was found whole ({@link #labelledEnd}) and looked at for its partner. */
        private final boolean[] labelPaired = new boolean[MAX];
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
            int labelled = labelBefore(text, s);
            if (labelled != 0 && !hasRole(h, labelled)) {
                labelled = 0;  // the label names a part this word is of no registered name
            }
            if (kind == NONE && labelled == 0) {
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
            record[n] = (byte) (kind == NONE ? -1 : 1);
            label[n] = labelled;
            labelPaired[n] = false;
            n++;
        }

        /**
         * Decides the values whose ends are known, pairs them, and forgets what can no longer pair. {@code open}:
         * where the token still being written starts (-1: none), the earliest a later partner may start.
         */
        void advance(CharSequence text, int length, boolean complete, List<Hit> out, int open) {
            for (int i = 0; i < n; i++) {
                if (label[i] != 0 && !labelPaired[i]) {
                    int v = labelledEnd(text, start[i], end[i], length, complete);
                    if (v < 0) {
                        label[i] = 0;
                    } else if (v > 0) {
                        labelPaired[i] = true;
                        pair(text, i, out);
                    }
                }
                if (record[i] > 0 && state[i] == 0) {
                    int v = valueEnd(text, end[i], length, complete, quoted[i], firstCell[i]);
                    if (v < 0) {
                        record[i] = -1;
                    } else if (v > 0) {
                        state[i] = 1;
                        pair(text, i, out);
                    }
                }
            }
            int next = open >= 0 ? open : length;
            for (int i = 0; i < n; i++) {
                if (record[i] > 0 && state[i] == 1 && (complete || closed(text, end[i], length, row[i])
                        || length - end[i] > WINDOW || prose(text, end[i], length))) {
                    record[i] = -1;
                }
                // a labelled value's partner starts within the window, in the same paragraph, after label words
                // only: a word of another kind ends the wait, unless it is itself a labelled value still undecided
                if (label[i] != 0 && (complete || next - end[i] > WINDOW || blankLine(text, end[i], length)
                        || endsWait(text, end[i], next))) {
                    label[i] = 0;
                }
                if (record[i] < 0 && label[i] == 0) {
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
                if (i == j) {
                    continue;
                }
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                boolean asRecord = record[i] > 0 && record[j] > 0 && state[i] == 1 && state[j] == 1
                        && start[b] - end[a] <= WINDOW && !closed(text, end[a], start[b], row[a])
                        && !prose(text, end[a], start[b]);
                // two values introduced by a given-name and a surname label, prose or not between them
                boolean asLabels = labelPaired[i] && labelPaired[j] && label[i] != 0 && label[j] != 0
                        && label[i] != label[j]
                        && start[b] - end[a] <= WINDOW && !closed(text, end[a], start[b], false)
                        && otherWordAt(text, end[a], start[b]) < 0;
                // another person's labelled given name or surname between the two: they are of two records
                // ("Given name: Ansgar\nFamily name: Olsen\nGiven name: Kari\nFamily name: Mortensgaard")
                if ((!asRecord && !asLabels) || labelledValueIn(text, end[a], start[b])) {
                    continue;
                }
                for (int p = head[i]; p >= 0; p = postings.next(p)) {
                    int pi = postings.payload(p);
                    for (int q = head[j]; q >= 0; q = postings.next(q)) {
                        int pj = postings.payload(q);
                        int ri = (pi >>> 3) & 31;
                        int rj = (pj >>> 3) & 31;
                        if ((pi >>> 8) != (pj >>> 8) || ri == rj || (ri | rj) != (GIVEN | FAMILY)) {
                            continue;
                        }
                        if (!asRecord) {
                            // each label names the part its value is of this person's name, and each value is
                            // reported once
                            if (ri != label[i] || rj != label[j] || (reported[a] && reported[b])) {
                                continue;
                            }
                        }
                        int ordinal = pi >>> 8;
                        out.add(new Hit(ordinal, Kind.NAME, start[a], end[a]));
                        out.add(new Hit(ordinal, Kind.NAME, start[b], end[b]));
                        reported[a] = true;
                        reported[b] = true;
                    }
                }
            }
        }

        /** Whether a postings chain holds a word of {@code role} ({@link #GIVEN} or {@link #FAMILY}). */
        private boolean hasRole(int head, int role) {
            for (int p = head; p >= 0; p = postings.next(p)) {
                if (((postings.payload(p) >>> 3) & 31) == role) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a word other than a label's stands in {@code text[from, to)}, not a labelled value undecided. */
        private boolean endsWait(CharSequence text, int from, int to) {
            int w = otherWordAt(text, from, to);
            if (w < 0) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                if (start[k] == w && label[k] != 0 && !labelPaired[k]) {
                    return false;
                }
            }
            return true;
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
            System.arraycopy(record, i + 1, record, i, n - i);
            System.arraycopy(label, i + 1, label, i, n - i);
            System.arraycopy(labelPaired, i + 1, labelPaired, i, n - i);
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

    /**
     * Words that may stand between a labelled value and its partner's label, folded: connectives, articles and
     * possessives ("and the last name is", "; her family name is", "und", "et son nom").
     */
    private static final java.util.Set<String> CONNECTIVES = java.util.Set.of("and", "the", "her", "his", "their",
            "its", "whose", "while", "whereas", "but", "also", "plus", "with", "a", "an", "of", "de", "famille",
            "name", "names", "und", "ihr", "sein", "der", "die", "das", "et", "le", "la", "son", "sa", "y", "el", "su",
            "il", "lo", "o", "och", "og", "hennes", "hans", "i", "jej", "jego", "en", "het", "haar", "zijn");

    /**
     * The start of the first complete word in {@code text[from, to)} that is no label word ({@link #GIVEN_LABELS},
     * {@link #FAMILY_LABELS}, {@link #GIVEN_WORDS}, {@link #FAMILY_WORDS}), copula or connective
     * ({@link #CONNECTIVES}); -1 when none. A labelled value's partner follows it after such words only: "Ingrid
     * and the last name is Halvorsrud", not "Ingrid wrote to the last name is ..." nor another person's row
     * between ("| given | Corwin |\n| family | Smith |\n| given | Jane |\n| family | Ashdale |").
     */
    static int otherWordAt(CharSequence text, int from, int to) {
        int i = from;
        while (i < to) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int e = i;
            while (e < to && Character.isLetterOrDigit(text.charAt(e))) {
                e++;
            }
            if (e >= to) {
                return -1;  // still being written
            }
            String w = folded(text, i, e);
            if (!CONNECTIVES.contains(w) && !COPULAS.contains(w) && !GIVEN_LABELS.contains(w)
                    && !FAMILY_LABELS.contains(w) && !GIVEN_WORDS.contains(w) && !FAMILY_WORDS.contains(w)
                    && !CELL_QUALIFIERS.contains(w)) {
                return i;
            }
            i = e;
        }
        return -1;
    }

    /**
     * Whether a word in {@code text[from, to)} is a value a given-name or surname label introduces
     * ({@link #labelBefore}): the two values around it belong to different records, whatever else joins them.
     */
    static boolean labelledValueIn(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetter(text.charAt(i)) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                    && labelBefore(text, i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text[from, to)} holds a blank line: a paragraph ends there. */
    static boolean blankLine(CharSequence text, int from, int to) {
        boolean lineEnd = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (lineEnd) {
                    return true;
                }
                lineEnd = true;
            } else if (!isBlank(c) && c != '\r' && c != '\t') {
                lineEnd = false;
            }
        }
        return false;
    }

    /** Most chars a label, its copula or colon and the marks around them take before a value. */
    private static final int LABEL_REACH = 48;
    /** Marks around a label or a value: Markdown emphasis, quotes, guillemets, spaces. */
    private static final String LABEL_MARKS = " \u00A0*_\"'`\u2018\u2019\u201C\u201D\u201E\u00AB\u00BB";
    /** Words that introduce a labelled value ("the first name is Ingrid"), folded: English and the labels' languages. */
    private static final java.util.Set<String> COPULAS = java.util.Set.of("is", "was", "are", "were", "reads", "ist",
            "lautet", "war", "est", "etait", "es", "era", "fue", "e", "er", "var", "ar", "jest", "be");
    /** Words before "name(s)" that make it a given name's label ("Christian name"), folded. */
    private static final java.util.Set<String> GIVEN_WORDS = java.util.Set.of("first", "given", "fore", "christian",
            "baptismal");
    /** Words before "name(s)" that make it a surname's label ("family name"), folded. */
    private static final java.util.Set<String> FAMILY_WORDS = java.util.Set.of("last", "family", "sur", "maiden");
    /**
     * One-word labels of a given name, folded: English and the languages of {@link NameMatcher#FIELD_LABELS}
     * (French, Spanish, Italian, Portuguese, German, Dutch, Danish, Norwegian, Swedish, Polish), Czech, Slovak, Russian.
     */
    private static final java.util.Set<String> GIVEN_LABELS = java.util.Set.of("first", "given", "forename",
            "forenames", "firstname", "givenname", "givennames", "fname", "prenom", "prenoms", "nombre", "nombres",
            "nome", "vorname", "vornamen", "rufname", "voornaam", "voornamen", "fornavn", "fornamn", "imie", "imiona",
            // Czech, Slovak, Russian (helper-96)
            "jmeno", "meno", "\u0438\u043C\u044F");
    /** Words a table's label cell may hold before its label: the first and second of Spanish and Portuguese surnames. */
    private static final java.util.Set<String> CELL_QUALIFIERS = java.util.Set.of("primer", "segundo", "primeiro");
    /** One-word labels of a surname, folded, in the same languages as {@link #GIVEN_LABELS}. */
    private static final java.util.Set<String> FAMILY_LABELS = java.util.Set.of("last", "family", "surname",
            "surnames", "lastname", "familyname", "lname", "nom", "apellido", "apellidos", "cognome", "sobrenome",
            "apelido", "nachname", "familienname", "achternaam", "efternavn", "etternavn", "efternamn", "nazwisko",
            // Czech, Slovak, Russian, Ukrainian (helper-96)
            "prijmeni", "priezvisko", "\u0444\u0430\u043C\u0438\u043B\u0438\u044F",
            "\u043F\u0440\u0456\u0437\u0432\u0438\u0449\u0435");

    /**
     * Whether a name label introduces the value at {@code s}, and which: {@link #GIVEN}, {@link #FAMILY} or 0. A
     * label ("first name", "surname", "given", "Vorname", "nom de famille", {@link #GIVEN_LABELS},
     * {@link #FAMILY_LABELS}) then a colon, "=", a dash, a copula ("is", "was", {@link #COPULAS}) or, as a vertical
     * table's label cell, a bar or a tab, with spaces, quotes and emphasis around them: "The first name is \"Ingrid\"",
     * "**Surname:** Halvorsrud", "| given | Priyanka |". Read backwards from the value, at most
     * {@link #LABEL_REACH} chars; only asked for a registered given name or surname, so it costs ordinary text
     * nothing.
     */
    static int labelBefore(CharSequence text, int s) {
        int floor = Math.max(0, s - LABEL_REACH);
        int i = skipBack(text, s, floor, LABEL_MARKS);
        if (i <= floor) {
            return 0;
        }
        char c = text.charAt(i - 1);
        // a table's label cell: a bar, or a tab after the label at a line's start ("Given name\tAnsgar")
        boolean cell = c == '|' || c == '\t';
        if (c == ':' || c == '=' || cell || c == '\uFF1A' || c == '\u2014' || c == '\u2013') {
            i--;  // a dash too: "Given name \u2014 Ansgar", "фамилия \u2014 ..."
        } else {
            int w = wordBack(text, i, floor);
            if (w == i || w == 0 || !COPULAS.contains(folded(text, w, i)) || !isBlank(text.charAt(w - 1))) {
                return 0;
            }
            i = w;
        }
        i = skipBack(text, i, floor, LABEL_MARKS);
        // the label's last word and up to two before it, joined by a space, "_" or "-" ("first_name", "nom de famille")
        int e1 = i;
        int s1 = wordBack(text, e1, floor);
        if (s1 == e1) {
            return 0;
        }
        String w1 = folded(text, s1, e1);
        int role = 0;
        int labelStart = s1;
        if (s1 - 1 > floor && isJoin(text.charAt(s1 - 1))) {
            int s0 = wordBack(text, s1 - 1, floor);
            String w0 = s0 < s1 - 1 ? folded(text, s0, s1 - 1) : "";
            if (w1.equals("name") || w1.equals("names")) {
                role = GIVEN_WORDS.contains(w0) ? GIVEN : FAMILY_WORDS.contains(w0) ? FAMILY : 0;
                labelStart = s0;
            } else if (w1.equals("famille") && w0.equals("de") && s0 - 1 > floor && isJoin(text.charAt(s0 - 1))) {
                int sn = wordBack(text, s0 - 1, floor);
                if (folded(text, sn, s0 - 1).equals("nom")) {
                    role = FAMILY;
                    labelStart = sn;
                }
            }
        }
        if (role == 0) {
            role = GIVEN_LABELS.contains(w1) ? GIVEN : FAMILY_LABELS.contains(w1) ? FAMILY : 0;
            labelStart = s1;
        }
        if (role == 0) {
            return 0;
        }
        if (cell) {
            // a table's label cell holds the label alone: a bar or the line's start before it
            int b = skipBack(text, labelStart, 0, LABEL_MARKS);
            int q = wordBack(text, b, 0);
            if (q < b && CELL_QUALIFIERS.contains(folded(text, q, b))) {
                b = skipBack(text, q, 0, LABEL_MARKS);  // "| Primer apellido | Zubizarreta |"
            }
            if (b > 0 && text.charAt(b - 1) != '|' && text.charAt(b - 1) != '\n') {
                return 0;
            }
        }
        return role;
    }

    /**
     * Whether the labelled value at {@code text[s, e)} is the whole value: 1 yes, -1 no, 0 not known until more
     * text arrives. A quoted value closes its quote right after the word; an unquoted one is not followed by
     * another capitalized word ("First name: Corwin Jones" is a longer value).
     */
    static int labelledEnd(CharSequence text, int s, int e, int length, boolean complete) {
        if (s > 0 && isQuote(text.charAt(s - 1))) {
            if (e >= length) {
                return complete ? -1 : 0;
            }
            return isQuote(text.charAt(e)) ? 1 : -1;
        }
        int i = e;
        while (i < length && isBlank(text.charAt(i))) {
            i++;
        }
        if (i >= length) {
            return complete || i - e > AFTER ? 1 : 0;
        }
        return i > e && Character.isUpperCase(text.charAt(i)) ? -1 : 1;
    }

    private static boolean isJoin(char c) {
        return c == ' ' || c == '_' || c == '-';
    }

    private static int skipBack(CharSequence text, int i, int floor, String chars) {
        while (i > floor && chars.indexOf(text.charAt(i - 1)) >= 0) {
            i--;
        }
        return i;
    }

    /** The start of the word of letters ending at {@code end} ({@code end} itself when none). */
    private static int wordBack(CharSequence text, int end, int floor) {
        int i = end;
        while (i > floor && Character.isLetter(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static String folded(CharSequence text, int start, int end) {
        return Fold.fold(text.subSequence(start, end).toString());
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
