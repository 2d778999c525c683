package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;
import io.lethe.text.WordBreaks;

import java.util.List;

/**
 * The matcher of phone numbers (and all-digit identifiers) in the {@link KeyTable}: digit runs in any
 * formatting — groups of ASCII digits joined by short separator sequences, led by up to two "+" or "(" —
 * whose runs of consecutive groups are looked up as digit strings ({@link PhoneKeys#read}), with an
 * international "00" prefix also read without it. Digits of other scripts reach it through the normalized
 * view. Immutable; each scan uses its own {@link Cursor}.
 */
final class PhoneMatcher {

    private static final int MAX_DIGIT_GROUPS = 40;
    /** Fewest digits of a key found with digits glued onto its last group (shorter ones begin other numbers). */
    private static final int MIN_APPENDED_KEY = 8;
    /** Keys of this many digits or fewer are short numbers, not found at the head of a longer one. */
    private static final int SHORT_KEY = 7;
    /** Most chars between two digit groups of one number ("415 ... 555", "(415) — 555"). */
    private static final int MAX_SEPARATOR = 5;
    /** Most chars between the parts of a number written in parts ("area code 415, then 555-0142"). */
    private static final int MAX_PART_GAP = 48;
    /** Fewest digits of a key found from parts, and of its last part (a subscriber number, not a year's tail). */
    private static final int MIN_PARTS_KEY = 9;
    private static final int MIN_LAST_PART = 4;
    /** Most digits of a key ({@link PhoneKeys#MAX_DIGITS}). */
    private static final int MAX_DIGITS_OF_PARTS = PhoneKeys.MAX_DIGITS;

    /** Most chars from a labelled area code ("area code: 415") to the rest of the number after it. */
    private static final int MAX_LABELLED_GAP = 320;
    /** Most digit groups read in another order than the number's ("0142 555 415", "555-0142, area code 415"). */
    private static final int MAX_PERMUTED = 4;
    /** Fewest and most digits of a registered number's last digits that a stream holds ({@link Cursor#hold}). */
    static final int MIN_TAIL = 4;
    static final int MAX_TAIL = 8;
    /**
     * Most chars a stream holds a number's last {@value #MIN_TAIL} digits alone (a year, "1987") for the rest of
     * the number to follow in another order. At 100,000 registered people nearly every four digits end some phone,
     * so every year waited {@link #MAX_PART_GAP} chars; four digits of nine or more reach nobody, and released
     * they are left out of a later finding.
     */
    static final int MAX_BARE_TAIL_GAP = 16;
    /**
     * Letters (lower case, nothing else) that end a label of an area code: "area code", "Area-Code:", "area_code",
     * and "the first three digits are" of a number read out in parts.
     */
    private static final String[] AREA_LABELS = {"areacode", "areacodeis", "areacodeof", "areacodes", "dialingcode",
        "diallingcode", "citycode", "vorwahl", "digitsare"};
    /**
     * The words that may stand between the parts of one number read across words ({@link #phoneGap}): connectors
     * of a number read out in parts ("dial 1, then 415, then 555-0142") and the labels of its codes ("555-0142,
     * area code 415"), lower case. Any other word between two numbers makes them two (outside tester 4: "The 777
     * bus carried 123 456 passengers" is no Czech 777 123 456); number words reach the matcher as digits.
     */
    private static final java.util.Set<String> PART_WORDS = java.util.Set.of("then", "and", "followed", "by",
            "next", "dial", "area", "code", "country", "city", "dialing", "dialling", "number", "is", "the", "und", "dann",
            "et", "puis", "y", "luego", "e", "poi", "en", "dan", "vorwahl");
    /** Orders of 2, 3 and 4 groups other than the one they were read in, for {@link Cursor#permuted}. */
    private static final int[][][] PERMUTATIONS = {null, null, permutations(2), permutations(3), permutations(4)};

    private final KeyTable keys;
    /** Keyed hashes of the last {@value #MIN_TAIL} to {@value #MAX_TAIL} digits of every registered phone key. */
    private final LongIntMap tails;

    /**
     * @param tails keyed hashes ({@link Fold#keyHash}) of the last 4 to 8 digits of each registered phone's keys
     *              ({@link #addTails}); a stream holds a digit run ending so until it is decided
     */
    PhoneMatcher(KeyTable keys, LongIntMap tails) {
        this.keys = keys;
        this.tails = tails;
    }

    /** Adds the last {@value #MIN_TAIL} to {@value #MAX_TAIL} digits of a phone key (ASCII digits) to {@code tails}. */
    static void addTails(String key, LongIntMap tails) {
        for (int n = MIN_TAIL; n <= MAX_TAIL && n < key.length(); n++) {
            tails.put(Fold.keyHash(key.substring(key.length() - n)), 1, -1);
        }
    }

    /** Longest leading digits of a key kept by {@link #addHeads}: a longer lead is taken as one that may lead. */
    static final int MAX_HEAD = 6;
    /** Marks a head's hash apart from a tail's of the same digits in the one table. */
    private static final char HEAD_MARK = '<';

    /**
     * Adds the first 1 to {@value #MAX_HEAD} digits of a phone key, and of the key written backwards, to
     * {@code tails} (marked apart from its tails), leaving at least {@value #MIN_LAST_PART} digits after them: the
     * leading parts of a number written in parts ({@link Cursor#partHold}) a stream holds while the rest may follow.
     */
    static void addHeads(String key, LongIntMap tails) {
        String back = new StringBuilder(key).reverse().toString();
        for (int n = 1; n <= MAX_HEAD && n <= key.length() - MIN_LAST_PART; n++) {
            tails.put(Fold.keyHash(HEAD_MARK + key.substring(0, n)), 1, -1);
            tails.put(Fold.keyHash(HEAD_MARK + back.substring(0, n)), 1, -1);
        }
    }

    /** Every order of {@code n} items but the identity, as index arrays. */
    private static int[][] permutations(int n) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        out.remove(0);  // the identity comes first; groups read in order are the runs' and parts' own
        return out.toArray(new int[0][]);
    }

    private static void permute(int[] p, boolean[] used, int k, java.util.List<int[]> out) {
        if (k == p.length) {
            out.add(p.clone());
            return;
        }
        for (int i = 0; i < p.length; i++) {
            if (!used[i]) {
                used[i] = true;
                p[k] = i;
                permute(p, used, k + 1, out);
                used[i] = false;
            }
        }
    }

    /**
     * Whether {@code text[from, to)}, between two numbers, lets them be parts of one: no digit, and no word but
     * {@link #PART_WORDS}. With {@code open}, a word running up to {@code to} may still grow into one of them.
     */
    static boolean phoneGap(CharSequence text, int from, int to, boolean open) {
        StringBuilder word = null;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                continue;
            }
            if (c >= '0' && c <= '9' || c > 0x7F) {
                return false;  // another number, or a word of another script (number words arrive as digits)
            }
            int end = i;
            while (end < to && end - i <= 10 && isAsciiLetter(text.charAt(end))) {
                end++;
            }
            if (end < to && Character.isLetterOrDigit(text.charAt(end))) {
                return false;  // a long word, or letters glued to digits or another script
            }
            if (word == null) {
                word = new StringBuilder(12);
            }
            word.setLength(0);
            for (int k = i; k < end; k++) {
                word.append((char) (text.charAt(k) | 0x20));
            }
            if (!(open && end == to) && !PART_WORDS.contains(word.toString())) {
                return false;
            }
            i = end - 1;
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Digit-run state over one growing text. Not thread-safe. */
    final class Cursor {
        private int digitRunStart = -1;
        private final int[] groupStart = new int[MAX_DIGIT_GROUPS];
        private final int[] groupEnd = new int[MAX_DIGIT_GROUPS];
        /** Whether the separator before a group held a comma. */
        private final boolean[] groupComma = new boolean[MAX_DIGIT_GROUPS];
        /** Whether the separator before a group was one comma alone ("415,555"). */
        private final boolean[] groupBareComma = new boolean[MAX_DIGIT_GROUPS];
        private int groups;
        private int sepLen;
        private boolean sepComma;
        private final StringBuilder scratch = new StringBuilder(64);
        /** Where the last ASCII digit read is (-1 before the first). */
        private int lastDigit = -1;
        /** The digits of the two numbers read before the open run, newest first ({@link #numberInParts}). */
        private final StringBuilder[] partDigits = {new StringBuilder(20), new StringBuilder(20)};
        /** Scratch for {@link #leads}. */
        private final StringBuilder head = new StringBuilder(MAX_HEAD + 1);
        /** Where each of those parts starts and ends (UTF-16 offsets into the text). */
        private final int[] partStart = new int[2];
        private final int[] partEnd = new int[2];
        private int parts;
        /** The last digit groups read (oldest first), across runs, for {@link #permuted}. */
        private final StringBuilder[] recentDigits = new StringBuilder[MAX_PERMUTED];
        private final int[] recentStart = new int[MAX_PERMUTED];
        private final int[] recentEnd = new int[MAX_PERMUTED];
        private final int[] recentRun = new int[MAX_PERMUTED];
        /** Whether a recent group begins the last 4 to 8 digits of a registered number (with groups after it). */
        private final boolean[] recentTail = new boolean[MAX_PERMUTED];
        /** Whether that tail is {@value #MIN_TAIL} digits in all ({@link #MAX_BARE_TAIL_GAP}). */
        private final boolean[] recentBare = new boolean[MAX_PERMUTED];
        private int recent;
        private int runSerial;
        /** The last two labelled area codes ("area code: 415"), newest first: digits and where they end. */
        private final StringBuilder[] areaDigits = {new StringBuilder(6), new StringBuilder(6)};
        private final int[] areaEnd = {-1, -1};
        private final List<Hit> found = new java.util.ArrayList<>(4);
        private final StringBuilder key = new StringBuilder(24);

        {
            for (int i = 0; i < MAX_PERMUTED; i++) {
                recentDigits[i] = new StringBuilder(20);
            }
        }

        /** Where the last ASCII digit read is (-1 before the first). */
        int lastDigit() {
            return lastDigit;
        }

        /**
         * The smallest offset where a number not yet reported could still start: the open run, a "+" or "(" at
         * the end, which may lead the number that follows ("(+33) 2551..."), or a recent group that begins a
         * registered number's last digits while its other groups may still follow ({@link #recentHold}).
         */
        int hold(CharSequence text, int length) {
            int held = Math.min(recentHold(digitRunStart >= 0 ? groupStart[0] : length),
                    partHold(text, digitRunStart >= 0 ? digitRunStart : length));
            if (digitRunStart >= 0) {
                return Math.min(held, digitRunStart);
            }
            int lead = length;
            while (lead > 0 && lead > length - 2 && (text.charAt(lead - 1) == '+' || text.charAt(lead - 1) == '(')) {
                lead--;
            }
            return Math.min(held, lead);
        }

        /**
         * Where the earliest of the last two parts ({@link #numberInParts}) starts while a part beginning at
         * {@code next} could still join it: at most {@link #MAX_PART_GAP} chars on, with only separators and
         * {@link #PART_WORDS} between ("dial 1, then 415, then ..."). Any other word releases them.
         */
        private int partHold(CharSequence text, int next) {
            if (parts == 0 || next - partEnd[0] > MAX_PART_GAP || !phoneGap(text, partEnd[0], next, true)) {
                return Integer.MAX_VALUE;
            }
            if (parts > 1 && partStart[0] - partEnd[1] <= MAX_PART_GAP
                    && phoneGap(text, partEnd[1], partStart[0], false)
                    && (leads(partDigits[1], partDigits[0])
                    || (partDigits[0].length() <= 2 && leads(null, partDigits[1])))) {
                return partStart[1];
            }
            return leads(null, partDigits[0]) ? partStart[0] : Integer.MAX_VALUE;
        }

        /**
         * Whether digits {@code older} (may be null) then {@code newer} begin a registered phone key, either way
         * round ({@link #addHeads}); leads longer than {@value #MAX_HEAD} digits are taken to (a superset). A year in
         * prose ("In 2004 the ...") is then not held for the rest of a number no registered one has.
         */
        private boolean leads(CharSequence older, CharSequence newer) {
            int n = (older == null ? 0 : older.length()) + newer.length();
            if (n > MAX_HEAD) {
                return true;
            }
            head.setLength(0);
            head.append(HEAD_MARK);
            if (older != null) {
                head.append(older);
            }
            head.append(newer);
            return tails.get(Fold.keyHash(head), -1) >= 0;
        }

        /**
         * Where the earliest recent group that begins a registered number's last digits starts, while a group
         * beginning at {@code next} or later could still join it in another order ({@link #permuted}): it is among
         * the last {@code MAX_PERMUTED - 1} groups and no gap after it is wider than {@link #MAX_PART_GAP}. A stream
         * holds the whole of "555-0142" until "area code 415" has come or cannot come any more.
         */
        private int recentHold(int next) {
            if (recent == 0 || next - recentEnd[recent - 1] > MAX_PART_GAP) {
                return Integer.MAX_VALUE;
            }
            int held = Integer.MAX_VALUE;
            for (int i = recent - 1; i >= Math.max(0, recent - (MAX_PERMUTED - 1)); i--) {
                if (heldTail(i, next)) {
                    held = recentStart[i];
                }
                if (i > 0 && recentStart[i] - recentEnd[i - 1] > MAX_PART_GAP) {
                    break;
                }
            }
            return held;
        }

        /**
         * Whether recent group {@code i} begins a registered number's last digits and a stream holds it: a tail of
         * {@value #MIN_TAIL} digits only while the next group ({@code next} when it is the newest) began within
         * {@link #MAX_BARE_TAIL_GAP} chars of it.
         */
        private boolean heldTail(int i, int next) {
            if (!recentTail[i]) {
                return false;
            }
            return !recentBare[i] || (i + 1 < recent ? recentStart[i + 1] : next) - recentEnd[i] <= MAX_BARE_TAIL_GAP;
        }

        // digit runs: groups of ASCII digits joined by short separator sequences
        /** The char {@code c} at {@code i}, of UAX #29 class {@code cls}: digits open or extend a run. */
        void digitChar(CharSequence text, int i, char c, int cls, List<Hit> out) {
            // kept small so the JIT inlines it into the loop over every char; the rare paths are methods of their own
            if (c >= '0' && c <= '9') {
                digit(text, i, out);
            } else if (digitRunStart >= 0) {
                afterDigit(text, c, cls, out);
            }
        }

        /** A digit: it starts a run (at a word boundary) or extends the run's last group or adds a group. */
        private void digit(CharSequence text, int i, List<Hit> out) {
            lastDigit = i;
            if (digitRunStart < 0) {
                if (!WordBreaks.isBoundary(text, i)
                        || (i > 0 && Character.getType(text.charAt(i - 1)) == Character.CURRENCY_SYMBOL)) {
                    // digits inside a word ("A123", "x_42"; UAX #29 WB9/WB13b) are not a number on their
                    // own; after an ideograph or kana ("電話0312345678") they are; after a currency sign they are
                    // an amount ("$4,155,550,142"; red team 13 F17), its groups glued to it by UAX #29
                    return;
                }
                int lead = i;
                while (lead > 0 && lead > i - 2 && (text.charAt(lead - 1) == '+' || text.charAt(lead - 1) == '(')) {
                    lead--;
                }
                digitRunStart = lead;
            }
            if (groups > 0 && groupEnd[groups - 1] == i) {
                groupEnd[groups - 1] = i + 1;
            } else {
                if (groups == MAX_DIGIT_GROUPS) {
                    endDigitRun(text, out);
                    digitRunStart = i;
                    sepComma = false;
                }
                groupStart[groups] = i;
                groupEnd[groups] = i + 1;
                groupComma[groups] = sepComma;
                groupBareComma[groups] = sepComma && sepLen == 1;
                groups++;
            }
            sepLen = 0;
            sepComma = false;
        }

        /** A char after a digit of an open run: a separator ({@link #MAX_SEPARATOR} chars at most) keeps it open. */
        private void afterDigit(CharSequence text, char c, int cls, List<Hit> out) {
            boolean sep = c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\u00A0'
                    || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013' || c == '\u2014'
                    || c == '\u2015' || c == '\u2212' || c == ',' || c == ';' || c == '|' || c == ':' || c == '#'
                    || c == '\u30FC' || c == '\u30FB' || c == '\u301C' || c == '\u00B7' || c == '\u2022'
                    // arrows, equals, plus, caret, ampersand, ellipsis, square brackets (red team 15 R2)
                    || c == '\u2192' || c == '\u21D2' || c == '\u2794' || c == '\u27F6' || c == '=' || c == '+'
                    || c == '^' || c == '&' || c == '\u2026' || c == '[' || c == ']'
                    // quoted CSV fields ("415","555","0142") and a tab between TSV cells (red team 16 N7)
                    || c == '"' || c == '\'' || c == '\t';
            if (sep && ++sepLen <= MAX_SEPARATOR) {
                sepComma |= c == ',';
                return;
            }
            boolean letterAfter = sepLen == 0 && cls != WordBreaks.EXTEND
                    && WordBreaks.joins(WordBreaks.NUMERIC, cls);
            if (letterAfter) {
                groups--;  // the last group runs on into a word ("123abc"): part of it, not a number
            }
            endDigitRun(text, out);
        }

        /**
         * Whether groups {@code [number, a)} are only a calling code written with "+" or "00" and perhaps a trunk
         * 0 ("+33 (0)", "0044 "): at most four digits.
         */
        private boolean callingCodeLead(CharSequence text, int number, int a) {
            int digits = 0;
            for (int g = number; g < a; g++) {
                digits += groupEnd[g] - groupStart[g];
            }
            int from = number == 0 ? digitRunStart : groupStart[number];
            boolean international = text.charAt(from) == '+' || (from + 1 < text.length() && text.charAt(from) == '('
                    && text.charAt(from + 1) == '+') || (text.charAt(groupStart[number]) == '0'
                    && groupEnd[number] - groupStart[number] > 1 && text.charAt(groupStart[number] + 1) == '0');
            return international && digits <= 4;
        }

        /**
         * Whether a comma before group {@code g} separates two numbers: "3, 45" (a comma and a space between
         * groups of more than one digit, a single digit or a date's day and year) are two; "4, 4, 7"
         * (a number read a digit at a time) and "415, 555, 0142" (read in its groups) are one, and so are groups
         * joined by a bare comma ("415,555,0142", "4,155,550,142": the digits are the same number's).
         */
        private boolean commaBreak(int g) {
            int len = groupEnd[g] - groupStart[g];
            int before = groupEnd[g - 1] - groupStart[g - 1];
            // groups of three or more ("415, 555, 0142"), or of two and three ("06, 12, 34, 56, 78", "030, 123, 45")
            // read out in turn keep one number (red teams 13, 14); "31, 1958" is a date, "3, 45" a list
            boolean readOut = (len >= 3 && before >= 3) || (len >= 2 && before >= 2 && len <= 3 && before <= 3);
            return groupComma[g] && !groupBareComma[g] && (len > 1 || before > 1) && !readOut;
        }

        /**
         * Whether the digits {@code key}, found inside groups {@code [first, last]}, belong to another number: the
         * groups are a number written internationally ("+" or "00" before it) that libphonenumber finds valid,
         * and the key is not its national significant number (with or without trunk 0). A number written
         * nationally may be the registered one with more digits after it, and stays a finding.
         */
        private boolean anotherNumber(CharSequence text, int first, int last, CharSequence key) {
            int from = first == 0 ? digitRunStart : groupStart[first];
            StringBuilder n = new StringBuilder(24);
            boolean plus = false;
            for (int i = from; i < groupEnd[last]; i++) {
                char c = text.charAt(i);
                if (c == '+') {
                    plus = true;
                } else if (c >= '0' && c <= '9') {
                    n.append(c);
                }
            }
            if (!plus && n.length() > 2 && n.charAt(0) == '0' && n.charAt(1) == '0') {
                n.delete(0, 2);
                plus = true;
            }
            if (!plus || n.length() > 17) {
                return false;
            }
            try {
                com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
                com.google.i18n.phonenumbers.Phonenumber.PhoneNumber whole = util.parse("+" + n, "ZZ");
                if (!util.isValidNumber(whole)) {
                    return false;
                }
                String nsn = util.getNationalSignificantNumber(whole);
                String k = key.toString();
                if (k.equals(nsn) || k.equals("0" + nsn) || k.equals(n.toString())) {
                    return false;
                }
                // the key at the number's end after its calling code and a trunk 0 only: "+39 (0)34 41 79 56 5"
                String all = n.toString();
                if (all.endsWith(k)) {
                    String lead = all.substring(0, all.length() - k.length());
                    String cc = String.valueOf(whole.getCountryCode());
                    if (lead.equals(cc) || lead.equals(cc + "0")) {
                        return false;
                    }
                }
                return true;
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                return false;
            }
        }

        /**
         * Whether a key of at most {@link #SHORT_KEY} digits, read from groups {@code [a, b]}, begins a number
         * that goes on with another group of two or more digits: "06 6929| 82885" is a longer number that begins
         * like a short registered one (Italian numbers run from 6 to 11 digits), not it with digits added. A key
         * of more digits followed by more keeps being a finding (the registered number with digits appended).
         */
        private boolean shortHead(int a, int b, int numberEnd, int len) {
            // a group after a comma and a space may be the next item of a list ("06 6991, 8022"), not more digits
            return len <= SHORT_KEY && b < numberEnd && groupEnd[b + 1] - groupStart[b + 1] >= 2
                    && !(groupComma[b + 1] && !groupBareComma[b + 1]);
        }

        /**
         * Whether a key read from group {@code a} on sits inside a version string or another dotted number: four
         * groups or more joined by single dots, none led by "+", the key not starting at the first group
         * ("2.20.7946.0321" is no London number; "1.415.555.0142" is still found whole, from its first group).
         */
        private boolean insideDottedVersion(CharSequence text, int a, int number, int numberEnd) {
            if (a <= number || numberEnd - number < 3) {
                return false;
            }
            int from = number == 0 ? digitRunStart : groupStart[number];
            if (text.charAt(from) == '+' || text.charAt(from) == '(') {
                return false;
            }
            for (int g = number + 1; g <= numberEnd; g++) {
                if (groupStart[g] - groupEnd[g - 1] != 1 || text.charAt(groupEnd[g - 1]) != '.') {
                    return false;
                }
            }
            return true;
        }

        /**
         * Looks up every run of consecutive digit groups of the run that ended. Groups joined by a comma belong
         * to one number only when both are single digits, as a number read one digit at a time is written
         * ("+4, 4, 7, 4, ..."); "1,234" or "3, 45" are separate numbers.
         */
        void endDigitRun(CharSequence text, List<Hit> out) {
            if (digitRunStart < 0) {
                return;
            }
            if (ipv4(text)) {
                // "70.123.45.67" is an address, not Sweden's 070-123 45 67 less its trunk 0; it is a number only
                // as dialled in a country without a trunk prefix ("213.18.238.0": Poland's 213 182 380), whole
                scratch.setLength(0);
                for (int g = 0; g < groups; g++) {
                    for (int k = groupStart[g]; k < groupEnd[g]; k++) {
                        scratch.append(text.charAt(k));
                    }
                }
                if (scratch.length() >= 6) {
                    int before = out.size();
                    keys.lookup(scratch, digitRunStart, groupEnd[groups - 1], out, Kind.EMAIL.ordinal());
                    out.subList(before, out.size()).removeIf(h -> (h.form() & PhoneKeys.DIALLED) == 0);
                }
                reset();
                return;
            }
            int hitsAtStart = out.size();
            int number = 0;  // the first group of the number the group a belongs to
            for (int a = 0; a < groups; a++) {
                if (a > 0 && commaBreak(a)) {
                    number = a;
                }
                int numberEnd = a;
                while (numberEnd + 1 < groups && !commaBreak(numberEnd + 1)) {
                    numberEnd++;
                }
                scratch.setLength(0);
                for (int b = a; b < groups; b++) {
                    if (b > a && commaBreak(b)) {
                        break;
                    }
                    int lenBefore = scratch.length();
                    for (int k = groupStart[b]; k < groupEnd[b]; k++) {
                        scratch.append(text.charAt(k));
                    }
                    int len = scratch.length();
                    if (len > 17) {
                        break;
                    }
                    appendedDigits(text, a, b, number, numberEnd, lenBefore, out);
                    if (len >= 6) {
                        int start = a == 0 ? digitRunStart : groupStart[a];
                        if (a > number && callingCodeLead(text, number, a)) {
                            // "+33 (0)6 12 48 57 93" registered nationally: the calling code goes with it
                            start = number == 0 ? digitRunStart : groupStart[number];
                        }
                        int hitsBefore = out.size();
                        keys.lookup(scratch, start, groupEnd[b], out, Kind.EMAIL.ordinal());
                        if (len > 8 && scratch.charAt(0) == '0' && scratch.charAt(1) == '0') {
                            keys.lookup(scratch.subSequence(2, len), start, groupEnd[b], out, Kind.EMAIL.ordinal());
                        }
                        if (out.size() > hitsBefore && (a > number || b < numberEnd)
                                && (anotherNumber(text, number, numberEnd, scratch) || shortHead(a, b, numberEnd, len)
                                || insideDottedVersion(text, a, number, numberEnd))) {
                            // a key inside a longer number that is itself a valid one is not that number
                            // ("+39 06 6991| 8022"), nor is a short one with more digits after it
                            out.subList(hitsBefore, out.size()).clear();
                        }
                    }
                }
            }
            numberInParts(text, number, out.size() > hitsAtStart, out);
            if (number >= groups) {
                reset();  // the run's last group ran on into a word ("123abc"): no number
                return;
            }
            if (out.size() == hitsAtStart) {
                labelledArea(text, number, out);
            }
            if (out.size() == hitsAtStart) {
                remember(text);
                permuted(text, out);
            } else {
                recent = 0;  // the groups were a number: none of them is a part of another
            }
            rememberArea(text, number);
            reset();
        }

        /**
         * The run's number (groups from {@code number} on) when an area-code label stands right before it ("area
         * code: 415", {@code "area_code": "415"}): two to five digits, kept as the newest labelled area code.
         */
        private void rememberArea(CharSequence text, int number) {
            int start = number == 0 ? digitRunStart : groupStart[number];
            int digits = 0;
            for (int g = number; g < groups; g++) {
                digits += groupEnd[g] - groupStart[g];
            }
            if (digits < 2 || digits > 5 || !areaLabelBefore(text, start)) {
                return;
            }
            StringBuilder older = areaDigits[1];
            areaDigits[1] = areaDigits[0];
            areaEnd[1] = areaEnd[0];
            areaDigits[0] = older;
            older.setLength(0);
            for (int g = number; g < groups; g++) {
                older.append(text, groupStart[g], groupEnd[g]);
            }
            areaEnd[0] = groupEnd[groups - 1];
        }

        /** Whether the letters in the 32 chars before {@code start} end with an area-code label. */
        private boolean areaLabelBefore(CharSequence text, int start) {
            key.setLength(0);
            for (int i = Math.max(0, start - 32); i < start; i++) {
                char c = text.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    key.append((char) (c + 32));
                } else if (c >= 'a' && c <= 'z') {
                    key.append(c);
                } else if (Character.isLetterOrDigit(c)) {
                    key.setLength(0);  // another word or number between: no label of this one
                }
            }
            for (String label : AREA_LABELS) {
                int at = key.length() - label.length();
                if (at >= 0 && key.indexOf(label, at) == at) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The rest of a registered number after a labelled area code up to {@link #MAX_LABELLED_GAP} chars before
         * it, whatever stands between ("(area code: 415) ... 555 0142"): the run's number, of
         * {@link #MIN_LAST_PART} digits or more, after one of the last two labelled area codes is looked up, and
         * after the area code and the part read between them. The finding spans the run's number only.
         */
        private void labelledArea(CharSequence text, int number, List<Hit> out) {
            int start = number == 0 ? digitRunStart : groupStart[number];
            int end = groupEnd[groups - 1];
            int own = 0;
            for (int g = number; g < groups; g++) {
                own += groupEnd[g] - groupStart[g];
            }
            if (own < MIN_LAST_PART || own > MAX_DIGITS_OF_PARTS) {
                return;
            }
            for (int a = 0; a < 2; a++) {
                if (areaEnd[a] < 0 || areaEnd[a] > start || start - areaEnd[a] > MAX_LABELLED_GAP) {
                    continue;
                }
                for (int withPart = 0; withPart < 2; withPart++) {
                    key.setLength(0);
                    key.append(areaDigits[a]);
                    if (withPart == 1) {
                        if (parts == 0 || partStart[0] < areaEnd[a] || start - partEnd[0] > MAX_PART_GAP) {
                            continue;
                        }
                        key.append(partDigits[0]);
                    }
                    for (int g = number; g < groups; g++) {
                        key.append(text, groupStart[g], groupEnd[g]);
                    }
                    if (key.length() >= MIN_PARTS_KEY && key.length() <= MAX_DIGITS_OF_PARTS) {
                        found.clear();
                        keys.lookup(key, start, end, found, Kind.EMAIL.ordinal());
                        found.removeIf(h -> h.kind() != Kind.PHONE);
                        if (!found.isEmpty()) {
                            out.addAll(found);
                            return;
                        }
                    }
                }
            }
        }

        /**
         * Adds the groups of the run that ended to the recent groups, each marked when it begins the last
         * {@value #MIN_TAIL} to {@value #MAX_TAIL} digits of a registered number with the groups after it in its run.
         */
        private void remember(CharSequence text) {
            runSerial++;
            for (int g = Math.max(0, groups - MAX_PERMUTED); g < groups; g++) {
                if (recent == MAX_PERMUTED) {
                    StringBuilder oldest = recentDigits[0];
                    System.arraycopy(recentDigits, 1, recentDigits, 0, MAX_PERMUTED - 1);
                    System.arraycopy(recentStart, 1, recentStart, 0, MAX_PERMUTED - 1);
                    System.arraycopy(recentEnd, 1, recentEnd, 0, MAX_PERMUTED - 1);
                    System.arraycopy(recentRun, 1, recentRun, 0, MAX_PERMUTED - 1);
                    System.arraycopy(recentTail, 1, recentTail, 0, MAX_PERMUTED - 1);
                    System.arraycopy(recentBare, 1, recentBare, 0, MAX_PERMUTED - 1);
                    recentDigits[MAX_PERMUTED - 1] = oldest;
                    recent--;
                }
                recentDigits[recent].setLength(0);
                recentDigits[recent].append(text, groupStart[g], groupEnd[g]);
                recentStart[recent] = groupStart[g];
                recentEnd[recent] = groupEnd[g];
                recentRun[recent] = runSerial;
                boolean tail = false;
                boolean bare = false;
                if (tails.size() > 0) {
                    key.setLength(0);
                    for (int h = g; h < groups && !tail; h++) {
                        key.append(text, groupStart[h], groupEnd[h]);
                        if (key.length() > MAX_TAIL) {
                            break;
                        }
                        tail = key.length() >= MIN_TAIL && tails.get(Fold.keyHash(key), -1) >= 0;
                    }
                    bare = tail && key.length() == MIN_TAIL;
                }
                recentTail[recent] = tail;
                recentBare[recent] = bare;
                recent++;
            }
        }

        /**
         * A registered number whose groups were read in another order, with separators, connectors or code labels
         * between them ("0142 555 415", "555-0142, area code 415"; not "Error 0142 at line 555; see section 415",
         * {@link #phoneGap}): the last two to {@value #MAX_PERMUTED} recent groups, each at most
         * {@link #MAX_PART_GAP} chars from the next, are looked up in every other order that makes
         * {@link #MIN_PARTS_KEY} digits or more, ends with a group of {@value #MIN_TAIL} to {@value #MAX_TAIL}
         * digits and has no single digit but a leading calling code. The findings span every group from the first
         * that begins the number's last digits on (a stream held it, {@link #recentHold}), an area or calling code
         * written after them too; groups next to each other in one run are one finding.
         */
        private void permuted(CharSequence text, List<Hit> out) {
            for (int m = 2; m <= Math.min(recent, MAX_PERMUTED); m++) {
                int first = recent - m;
                if (recentStart[first + 1] - recentEnd[first] > MAX_PART_GAP || (recentRun[first] != recentRun[first + 1]
                        && !phoneGap(text, recentEnd[first], recentStart[first + 1], false))) {
                    return;  // groups further back are further still, or behind an ordinary word
                }
                int digits = 0;
                for (int i = first; i < recent; i++) {
                    digits += recentDigits[i].length();
                }
                if (digits < MIN_PARTS_KEY || digits > MAX_DIGITS_OF_PARTS) {
                    continue;
                }
                for (int[] order : PERMUTATIONS[m]) {
                    int last = recentDigits[first + order[m - 1]].length();
                    if (last < MIN_TAIL || last > MAX_TAIL) {
                        continue;
                    }
                    boolean single = false;
                    key.setLength(0);
                    for (int k = 0; k < m; k++) {
                        StringBuilder d = recentDigits[first + order[k]];
                        single |= k > 0 && d.length() < 2;
                        key.append(d);
                    }
                    if (single) {
                        continue;
                    }
                    found.clear();
                    keys.lookup(key, recentStart[first], recentEnd[recent - 1], found, Kind.EMAIL.ordinal());
                    found.removeIf(h -> h.kind() != Kind.PHONE);
                    if (!found.isEmpty() && permutedFindings(first, m, out)) {
                        recent = 0;
                        return;
                    }
                }
            }
        }

        /**
         * The findings of groups {@code [first, first + m)} ({@link #permuted}); false, adding none, when no group of
         * them begins the number's last digits (a key written backwards read so).
         */
        private boolean permutedFindings(int first, int m, List<Hit> out) {
            // every group a stream still held, the area or calling code written after the rest too (no part left)
            boolean[] hit = new boolean[m];
            java.util.Arrays.fill(hit, true);
            int from = 0;
            while (from < m && !recentTail[first + from]) {
                from++;
            }
            if (from == m) {
                return false;
            }
            while (from < m && recentRun[first + from] != runSerial && !heldTail(first + from, recentEnd[recent - 1])) {
                from++;  // a bare tail a stream released (MAX_BARE_TAIL_GAP): so were the groups up to a held one
            }
            for (int i = 0; i < from; i++) {
                hit[i] = false;  // released before the number's last digits began
            }
            int i = 0;
            while (i < m) {
                if (!hit[i]) {
                    i++;
                    continue;
                }
                int j = i;
                while (j + 1 < m && hit[j + 1] && recentRun[first + j + 1] == recentRun[first + i]) {
                    j++;
                }
                for (Hit h : found) {
                    out.add(h.at(recentStart[first + i], recentEnd[first + j]));
                }
                i = j + 1;
            }
            return true;
        }

        /**
         * A registered number written in parts with connectors or code labels between them ("area code 415, then
         * 555-0142", "dial 1, then 415, then 555-0142"; no other word, {@link #phoneGap}): the last number of the run
         * that ended (groups from {@code number} on, {@link #MIN_LAST_PART} digits or more) is looked up after the
         * one or two numbers read before it (the older past a number of one or two digits between), each at most
         * {@link #MAX_PART_GAP} chars from the next, when the digits together make {@link #MIN_PARTS_KEY} or more.
         * The findings span every part of the key (a stream held the earlier ones, {@link #partHold}), and a
         * calling code read out before them. The run's digits then become the newest part. Labelled JSON fields
         * with other fields between ({@code "area_code": "415", "number": "5550142"}) are {@link #labelledArea}'s.
         */
        private void numberInParts(CharSequence text, int number, boolean found, List<Hit> out) {
            if (groups == 0) {
                return; // the run's only group ran on into a word ("123abc")
            }
            int start = number == 0 ? digitRunStart : groupStart[number];
            int end = groupEnd[groups - 1];
            scratch.setLength(0);
            for (int g = number; g < groups; g++) {
                for (int k = groupStart[g]; k < groupEnd[g]; k++) {
                    scratch.append(text.charAt(k));
                }
            }
            int own = scratch.length();
            if (!found && own >= MIN_LAST_PART && own <= MAX_DIGITS_OF_PARTS && parts > 0
                    && start - partEnd[0] <= MAX_PART_GAP && phoneGap(text, partEnd[0], start, false)) {
                int before = out.size();
                scratch.insert(0, partDigits[0]);
                if (scratch.length() >= MIN_PARTS_KEY && scratch.length() <= MAX_DIGITS_OF_PARTS) {
                    keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                }
                int used = out.size() > before ? 1 : 0;
                if (used == 1 && parts > 1 && partStart[0] - partEnd[1] <= MAX_PART_GAP
                        && phoneGap(text, partEnd[1], partStart[0], false)
                        && scratch.length() + partDigits[1].length() <= MAX_DIGITS_OF_PARTS) {
                    // the calling code read out before them ("dial 1, then 415, then 555-0142") goes with them
                    scratch.insert(0, partDigits[1]);
                    this.found.clear();
                    keys.lookup(scratch, start, end, this.found, Kind.EMAIL.ordinal());
                    used = this.found.isEmpty() ? 1 : 2;
                    scratch.delete(0, partDigits[1].length());
                }
                if (used == 0 && parts > 1 && partStart[0] - partEnd[1] <= MAX_PART_GAP
                        && phoneGap(text, partEnd[1], partStart[0], false)) {
                    scratch.insert(0, partDigits[1]);
                    if (scratch.length() >= MIN_PARTS_KEY && scratch.length() <= MAX_DIGITS_OF_PARTS) {
                        keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                    }
                    if (out.size() == before && partDigits[0].length() <= 2) {
                        // a small number between the parts ("the remaining 7 are ...", number words read as digits)
                        scratch.delete(partDigits[1].length(), partDigits[1].length() + partDigits[0].length());
                        if (scratch.length() >= MIN_PARTS_KEY) {
                            keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                        }
                    }
                    used = out.size() > before ? 2 : 0;
                }
                // the earlier parts too: a stream held them while only connectors followed ({@link #partHold})
                int hits = out.size();
                for (int p = 0; p < used; p++) {
                    for (int h = before; h < hits; h++) {
                        out.add(out.get(h).at(partStart[p], partEnd[p]));
                    }
                }
            }
            StringBuilder older = partDigits[1];
            partDigits[1] = partDigits[0];
            partStart[1] = partStart[0];
            partEnd[1] = partEnd[0];
            partDigits[0] = older;
            older.setLength(0);
            older.append(scratch, scratch.length() - own, scratch.length());
            partStart[0] = start;
            partEnd[0] = end;
            parts = Math.min(2, parts + 1);
        }

        /**
         * A registered number of {@link #MIN_APPENDED_KEY} digits or more with digits glued onto its last group
         * ("415 555 01429", "41555501429"): the keys that end inside group {@code b} are looked up too, the span
         * ending after the key's last digit. Not for a longer international number libphonenumber finds valid
         * ({@link #anotherNumber}).
         */
        private void appendedDigits(CharSequence text, int a, int b, int number, int numberEnd, int lenBefore,
                                    List<Hit> out) {
            int len = scratch.length();
            int start = a == 0 ? digitRunStart : groupStart[a];
            for (int m = Math.max(lenBefore + 1, MIN_APPENDED_KEY); m < len; m++) {
                int before = out.size();
                CharSequence key = scratch.subSequence(0, m);
                keys.lookup(key, start, groupStart[b] + (m - lenBefore), out, Kind.EMAIL.ordinal());
                if (out.size() > before && anotherNumber(text, number, numberEnd, key)) {
                    out.subList(before, out.size()).clear();
                }
            }
        }

        private void reset() {
            digitRunStart = -1;
            groups = 0;
            sepLen = 0;
            sepComma = false;
        }

        /**
         * Whether the run is an IPv4 address: four groups of one to three digits without leading zeros, each at
         * most 255, joined by single dots and nothing before them.
         */
        private boolean ipv4(CharSequence text) {
            if (groups != 4 || digitRunStart != groupStart[0]) {
                return false;
            }
            for (int g = 0; g < 4; g++) {
                int len = groupEnd[g] - groupStart[g];
                if (len > 3 || (g > 0 && (groupStart[g] - groupEnd[g - 1] != 1 || text.charAt(groupEnd[g - 1]) != '.'))) {
                    return false;
                }
                if (len > 1 && text.charAt(groupStart[g]) == '0') {
                    return false;  // addresses are written without leading zeros; "031.110.93.10" is a number
                }
                int v = 0;
                for (int k = groupStart[g]; k < groupEnd[g]; k++) {
                    v = v * 10 + (text.charAt(k) - '0');
                }
                if (v > 255) {
                    return false;
                }
            }
            return true;
        }
    }
}
