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

    private final KeyTable keys;

    PhoneMatcher(KeyTable keys) {
        this.keys = keys;
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
        /** Where each of those parts starts and ends (UTF-16 offsets into the text). */
        private final int[] partStart = new int[2];
        private final int[] partEnd = new int[2];
        private int parts;

        /** Where the last ASCII digit read is (-1 before the first). */
        int lastDigit() {
            return lastDigit;
        }

        /**
         * The smallest offset where a number not yet reported could still start: the open run, or a "+" or
         * "(" at the end, which may lead the number that follows ("(+33) 2551...").
         */
        int hold(CharSequence text, int length) {
            if (digitRunStart >= 0) {
                return digitRunStart;
            }
            int lead = length;
            while (lead > 0 && lead > length - 2 && (text.charAt(lead - 1) == '+' || text.charAt(lead - 1) == '(')) {
                lead--;
            }
            return lead;
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
            reset();
        }

        /**
         * A registered number written in parts with words between them ("area code 415, then 555-0142", JSON
         * fields {@code "area_code": "415", "number": "5550142"}): the last number of the run that ended (groups
         * from {@code number} on, {@link #MIN_LAST_PART} digits or more) is looked up after the one or two numbers
         * read before it (the older past a number of one or two digits between), each at most
         * {@link #MAX_PART_GAP} chars from the next, when the digits together make {@link #MIN_PARTS_KEY} or more. The finding spans the last part only: the earlier ones were released
         * before the last began (a stream cannot hold every number in case another follows), and an area code or
         * calling code alone does not reach a person. The run's digits then become the newest part.
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
                    && start - partEnd[0] <= MAX_PART_GAP) {
                scratch.insert(0, partDigits[0]);
                if (scratch.length() >= MIN_PARTS_KEY && scratch.length() <= MAX_DIGITS_OF_PARTS) {
                    int before = out.size();
                    keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                    found = out.size() > before;
                }
                if (!found && parts > 1 && partStart[0] - partEnd[1] <= MAX_PART_GAP) {
                    scratch.insert(0, partDigits[1]);
                    if (scratch.length() >= MIN_PARTS_KEY && scratch.length() <= MAX_DIGITS_OF_PARTS) {
                        int before = out.size();
                        keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                        found = out.size() > before;
                    }
                    if (!found && partDigits[0].length() <= 2) {
                        // a small number between the parts ("the remaining 7 are ...", number words read as digits)
                        scratch.delete(partDigits[1].length(), partDigits[1].length() + partDigits[0].length());
                        if (scratch.length() >= MIN_PARTS_KEY) {
                            keys.lookup(scratch, start, end, out, Kind.EMAIL.ordinal());
                        }
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
