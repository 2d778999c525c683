package io.lethe.erasure.index;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a registered phone number is read, for validation and matching alike: the digit strings (keys) under
 * which text may write it. The scanner finds runs of ASCII digit groups in any formatting and looks up every
 * run of whole groups of 6 to 17 digits (see {@link CompiledErasures}), so a key is a string of 6 to 17
 * ASCII digits.
 *
 * <ul>
 *   <li><b>Placed</b>: libphonenumber (Google's metadata of every numbering plan) reads the number as
 *       valid in its region: an international number ("+31 6 12345678"), or a national one in the region
 *       given for it. Keys: the national significant number, country code + national significant number,
 *       and the national dialling form (the region's trunk prefix + national significant number; not for
 *       country code 1, whose trunk prefix "1" is also its country code).</li>
 *   <li><b>Matched by its digits</b>: anything else that is a phone number at all (no region given, a number
 *       libphonenumber finds invalid there, a country code nobody has). Keys: its digits as written, and
 *       without a leading trunk prefix "0" (most numbering plans' trunk prefix) or international prefix
 *       "00": "06-12345678" is matched as 0612345678 and 612345678, so also inside "+31 6 12345678" (the
 *       scanner looks up runs of whole digit groups). Other trunk prefixes ("8" in Russia) are not guessed:
 *       give the country to have such numbers placed.</li>
 * </ul>
 * A value is not a phone number at all, and is refused, when it holds letters (other than an extension
 * marker: "ext. 12", "x12", "#12", ";ext=12"), fewer than {@link #MIN_DIGITS} digits (shorter digit
 * strings are years, amounts and postcodes in prose; the scanner does not look them up), or more than
 * {@link #MAX_DIGITS} (ITU-T E.164 numbers have at most 15 digits, 17 with the "00" international
 * prefix). Extensions are not part of the keys. Any digit Unicode knows ("０６", "٠٦") counts as its ASCII
 * value; every other char is a separator.
 */
public final class PhoneKeys {

    /** Hit form flag of a phone key that is the number as dialled within its country ({@link Reading#dialled}). */
    public static final int DIALLED = 1;

    /** Fewest digits a phone number may have. */
    public static final int MIN_DIGITS = 6;
    /** Most digits a phone number may have (15 of E.164 and a "00" international prefix). */
    public static final int MAX_DIGITS = 17;

    private static final Pattern EXTENSION = Pattern.compile(
            "(?i)(?:;\\s*ext=|,?\\s*(?:extension|ext\\.?|x|#))\\s*[:.]?\\s*\\p{Nd}{1,10}\\s*#?$");
    private static final Set<String> ISO_3166 = new TreeSet<>(Arrays.asList(Locale.getISOCountries()));
    private static volatile Set<Integer> callingCodes;

    private PhoneKeys() {
    }

    /**
     * How one phone number is read.
     *
     * @param keys    the digit strings it is matched under (6 to 17 ASCII digits each)
     * @param placed  whether libphonenumber placed it in a region (else it is matched by its digits)
     * @param reason  why it was not placed (never the number itself), or null when it was
     * @param dialled the key as the number is dialled within its own country (the trunk prefix and the national
     *                number, or the national number where the region has no trunk prefix; the digits as written
     *                when it was not placed), or null when that key is too short to be one
     */
    public record Reading(List<String> keys, boolean placed, String reason, String dialled) {
        /** Never the keys: they are the number's digits. */
        @Override
        public String toString() {
            return "Reading[keys=" + keys.size() + ", placed=" + placed + ", reason=" + reason + "]";
        }
    }

    /**
     * Reads a phone number.
     *
     * @param phone  the number as registered
     * @param region the region for a number written without "+": an ISO 3166-1 alpha-2 code libphonenumber
     *               knows (see {@link #region}), or null when none is known (then only international numbers
     *               are placed)
     * @throws IllegalArgumentException when the value cannot be a phone number (letters, too few or too many
     *                                  digits); the message never repeats the value
     */
    public static Reading read(String phone, String region) {
        String main = phone.strip();
        Matcher ext = EXTENSION.matcher(main);
        if (ext.find()) {
            main = main.substring(0, ext.start()).strip();
        }
        StringBuilder digits = new StringBuilder(20);
        for (int i = 0; i < main.length(); i++) {
            char c = main.charAt(i);
            if (Character.isLetter(c)) {
                throw new IllegalArgumentException("not a phone number: it has letters (a phone number is digits and "
                        + "separators, with an optional extension such as \"ext. 12\")");
            }
            if (Character.isDigit(c)) {
                digits.append((char) ('0' + Character.digit(c, 10)));
            }
        }
        if (digits.length() < MIN_DIGITS) {
            throw new IllegalArgumentException("not a phone number: it has " + digits.length() + " digit(s), fewer than "
                    + MIN_DIGITS + " (shorter digit strings are ordinary numbers in prose and are not matched)");
        }
        if (digits.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("not a phone number: it has " + digits.length() + " digits, more than "
                    + MAX_DIGITS + " (at most 15 under ITU-T E.164, 17 with an international prefix); give each number as "
                    + "its own value");
        }
        Reading fast = internationalKeys(main);
        if (fast != null) {
            return fast;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        boolean known = region != null && util.getSupportedRegions().contains(region);
        String why;
        try {
            Phonenumber.PhoneNumber n = util.parse(main, known ? region : "ZZ");
            if (util.isValidNumber(n)) {
                return placedKeys(util, n);
            }
            String in = known && util.getCountryCodeForRegion(region) == n.getCountryCode() ? region
                    : util.getRegionCodeForCountryCode(n.getCountryCode());
            why = "not a valid number for region " + in;
        } catch (NumberParseException e) {
            if (e.getErrorType() != NumberParseException.ErrorType.INVALID_COUNTRY_CODE) {
                why = "libphonenumber cannot read it (" + e.getErrorType() + ")";
            } else if (main.startsWith("+")) {
                why = "no country has its calling code";
            } else if (region == null) {
                why = "no region to read it in";
            } else {
                why = "no numbering plan is known for region " + region;
            }
        }
        List<String> keys = digitKeys(digits.toString());
        return new Reading(keys, false, why, keys.get(0));
    }


    /**
     * The subscriber number of a North American number (country code 1: the seven digits after the three of the
     * area code), which people give without the area code ("555-0142"); null for any other number, and for a
     * value that is no phone number. Other plans' local parts vary in length and are not guessed.
     */
    public static String localNumber(String phone, String region) {
        try {
            Reading r = read(phone, region);
            String nsn = r.keys().get(0);
            return r.placed() && nsn.length() == 10 && r.keys().contains("1" + nsn) ? nsn.substring(3) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The region of an international number's calling code ("+55 35 7538-0562" → "BR"; the main region of a code
     * several share, "US" for +1), as libphonenumber has it; null for a number without "+" or a code no region has.
     */
    public static String callingRegion(String phone) {
        String p = phone == null ? "" : phone.strip();
        if (!p.startsWith("+")) {
            return null;
        }
        // calling codes are prefix-free (ITU-T E.164): the first of one to three digits that is a code is the code
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        int cc = 0;
        int digits = 0;
        for (int i = 1; i < p.length() && digits < 3; i++) {
            char c = p.charAt(i);
            if (c >= '0' && c <= '9') {
                cc = cc * 10 + (c - '0');
                digits++;
                String r = util.getRegionCodeForCountryCode(cc);
                if (!"ZZ".equals(r)) {
                    return r;
                }
            } else if (c != ' ' && c != '(' && c != '-' && c != '.') {
                return null;
            }
        }
        return null;
    }

    /**
     * The region a country code stands for when reading phone numbers: the upper-cased code when it is an
     * ISO 3166-1 alpha-2 code (the JDK's list) or a region of libphonenumber's metadata (which adds AC, TA
     * and XK), "GB" for "UK" (exceptionally reserved for the United Kingdom in ISO 3166-1); null otherwise.
     */
    public static String region(String country) {
        if (country == null) {
            return null;
        }
        String c = country.strip().toUpperCase(Locale.ROOT);
        if (c.equals("UK")) {
            return "GB";
        }
        if (c.length() != 2) {
            return null;
        }
        return ISO_3166.contains(c) || PhoneNumberUtil.getInstance().getSupportedRegions().contains(c) ? c : null;
    }

    private static Reading placedKeys(PhoneNumberUtil util, Phonenumber.PhoneNumber n) {
        List<String> keys = new ArrayList<>(3);
        String nsn = util.getNationalSignificantNumber(n);
        keys.add(nsn);
        keys.add(n.getCountryCode() + nsn);
        // the national dialling form: trunk prefix + national number (formatting it is ten times slower)
        String ndd = util.getNddPrefixForRegion(util.getRegionCodeForCountryCode(n.getCountryCode()), true);
        String dialled = nsn;
        if (ndd != null && !ndd.isEmpty() && n.getCountryCode() != 1) {
            dialled = ndd + nsn;
            keys.add(dialled);
        }
        keys.removeIf(k -> k.length() < MIN_DIGITS || k.length() > MAX_DIGITS);
        return new Reading(List.copyOf(keys), true, null, keys.contains(dialled) ? dialled : null);
    }

    /** The digits as written, and without a leading international prefix "00" or trunk prefix "0". */
    private static List<String> digitKeys(String digits) {
        List<String> keys = new ArrayList<>(2);
        keys.add(digits);
        if (digits.startsWith("00")) {
            keys.add(digits.substring(2));
        } else if (digits.startsWith("0")) {
            keys.add(digits.substring(1));
        }
        keys.removeIf(k -> k.length() < MIN_DIGITS);
        return List.copyOf(keys);
    }

    /**
     * A plain international number ("+44 7911 123456", "+1 (201) 555-0123") split without the full parser,
     * which costs ~9 µs a number and dominates compiling a million erasures. Anything unusual (a "(0)"
     * trunk marker, letters, extensions) returns null and goes through libphonenumber.
     */
    private static Reading internationalKeys(String phone) {
        String p = phone.strip();
        if (p.isEmpty() || p.charAt(0) != '+' || p.contains("(0)")) {
            return null;
        }
        StringBuilder d = new StringBuilder(16);
        for (int i = 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c >= '0' && c <= '9') {
                d.append(c);
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
                return null;
            }
        }
        if (d.length() < 8 || d.length() > 15) {
            return null;
        }
        Set<Integer> codes = callingCodes;
        if (codes == null) {
            codes = callingCodes = PhoneNumberUtil.getInstance().getSupportedCallingCodes();
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (int k = 1; k <= 3; k++) {
            int cc = Integer.parseInt(d.substring(0, k));
            if (codes.contains(cc)) {
                String nsn = d.substring(k);
                List<String> keys = new ArrayList<>(3);
                keys.add(nsn);
                keys.add(d.toString());
                String ndd = util.getNddPrefixForRegion(util.getRegionCodeForCountryCode(cc), true);
                String dialled = nsn;
                if (ndd != null && !ndd.isEmpty() && cc != 1) {
                    dialled = ndd + nsn;
                    keys.add(dialled);
                }
                return new Reading(keys, true, null, dialled);
            }
        }
        return null;
    }
}
