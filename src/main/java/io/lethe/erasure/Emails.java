package io.lethe.erasure;

import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.List;

/**
 * Which registered e-mail addresses are accepted. A right-to-erasure request is not refused over an
 * address's formatting: anything that has an "@" with something before and after it is kept and matched as
 * written (its key is {@link io.lethe.erasure.index.ErasureKeys#normalizeEmail}). Only what cannot be
 * an address at all is refused: no "@", nothing before or after it, or several "@" outside a quoted local
 * part (two addresses in one value).
 *
 * <p>Forms the Internet mail standards do not allow, or allow but rarely see, are accepted with a warning:
 * a quoted local part ({@code "jane doe"@example.com}, RFC 5321 section 4.1.2), dots at the start or end of
 * the local part or two in a row (RFC 5322 dot-atom), white space or control chars, a domain without a dot
 * ({@code jane@localhost}), an address literal ({@code admin@[192.0.2.1]}), a domain label that is empty,
 * longer than 63 chars or starts or ends with a hyphen (RFC 1035), a local part over 64 chars (RFC 5321
 * section 4.5.3.1.1). The warning also says when the address holds chars the e-mail scanner does not read as
 * part of an address (it reads runs of letters, digits and {@code . _ % + - / @}, starting and ending with a
 * letter or digit), so text writing it is not found as an e-mail.
 */
final class Emails {

    private Emails() {
    }

    /**
     * Checks one address.
     *
     * @param path the field, for the error ({@code subject.emails[2]})
     * @return a warning, or null when the address is ordinary
     * @throws InvalidErasureException when the value cannot be an address; the message never repeats it
     */
    static String check(String email, String path) {
        String e = email.strip();
        int at = e.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidErasureException(path, "not an e-mail address: it has no @");
        }
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        if (local.isEmpty()) {
            throw new InvalidErasureException(path, "not an e-mail address: nothing before the @");
        }
        if (domain.isEmpty()) {
            throw new InvalidErasureException(path, "not an e-mail address: nothing after the @");
        }
        boolean quoted = local.length() >= 2 && local.charAt(0) == '"' && local.charAt(local.length() - 1) == '"';
        if (!quoted && local.indexOf('@') >= 0) {
            throw new InvalidErasureException(path, "not an e-mail address: it has more than one @ (give each address as its own value)");
        }
        List<String> unusual = new ArrayList<>(2);
        if (quoted) {
            unusual.add("a quoted local part");
        } else if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            unusual.add("a dot at the start or end of the local part or two in a row");
        }
        if (hasSpaceOrControl(e)) {
            unusual.add("white space or control characters");
        }
        if (local.length() > 64) {
            unusual.add("a local part longer than 64 characters");
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            unusual.add("an address literal as domain");
        } else {
            if (domain.indexOf('.') < 0) {
                unusual.add("a domain without a dot");
            }
            if (badLabel(domain)) {
                unusual.add("a domain label that is empty, longer than 63 characters, or starts or ends with a hyphen");
            }
        }
        boolean readable = readable(e);
        if (unusual.isEmpty() && readable) {
            return null;
        }
        String what = unusual.isEmpty() ? "" : "unusual address (" + String.join(", ", unusual) + "); ";
        return readable
                ? what + "kept and matched as written"
                : what + "kept, but it holds characters the e-mail scanner does not read as part of an address "
                + "(it reads letters, digits and . _ % + - / from a letter or digit to a letter or digit), so text "
                + "writing it is not found as an e-mail";
    }

    /** The connectors people write for "@" and "." to keep addresses from harvesters; the scanner reads them too. */
    private static final java.util.regex.Pattern SPELLED_AT = java.util.regex.Pattern.compile(
            "\\s*[\\[({<]\\s*at\\s*[\\])}>]\\s*|\\s+at\\s+", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern SPELLED_DOT = java.util.regex.Pattern.compile(
            "\\s*[\\[({<]\\s*(?:dot|\\.)\\s*[\\])}>]\\s*|\\s+dot\\s+", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern LIST_SEPARATORS = java.util.regex.Pattern.compile("[,;\\s]+");

    /**
     * The addresses a value {@link #check} refuses still spells, with what was read, for a warning; null when it
     * spells none.
     *
     * @param addresses each an address {@link #check} accepts
     * @param how       a warning saying how the value was read, never repeating it
     */
    record Recovered(List<String> addresses, String how) {
    }

    /**
     * Reads a value that is no address as written but plainly means one or more: "@" spelled out or bracketed
     * ({@code jane at example.org}, {@code jane(at)example(dot)org}: exactly one such "at", and a domain with a
     * dot once read), or several addresses in one value ({@code a@x.org, b@y.org}: separated by commas,
     * semicolons or spaces, each an address). Anything else (a bare name, "none", "n/a") is null: kept as a
     * literal term it would be matched wherever that word is written, so the caller passes it over.
     */
    static Recovered recover(String value) {
        String v = value.strip();
        if (v.indexOf('@') < 0) {
            java.util.regex.Matcher m = SPELLED_AT.matcher(v);
            int ats = 0;
            while (m.find()) {
                ats++;
            }
            if (ats != 1) {
                return null;
            }
            String address = SPELLED_DOT.matcher(SPELLED_AT.matcher(v).replaceFirst("@")).replaceAll(".");
            int at = address.indexOf('@');
            if (hasSpaceOrControl(address) || address.indexOf('.', at) < 0 || !acceptable(address)) {
                return null;
            }
            return new Recovered(List.of(address), "not an address as written: its @ is spelled out or bracketed; "
                    + "registered as the address it spells (text writing it either way is found)");
        }
        if (v.indexOf('"') >= 0) {
            return null;  // a quoted local part may hold separators
        }
        List<String> parts = new ArrayList<>();
        for (String p : LIST_SEPARATORS.split(v)) {
            if (!p.isEmpty()) {
                if (!acceptable(p)) {
                    return null;
                }
                parts.add(p);
            }
        }
        return parts.size() < 2 ? null : new Recovered(List.copyOf(parts), "holds " + parts.size()
                + " addresses: each is registered and matched as its own");
    }

    private static boolean acceptable(String address) {
        try {
            check(address, "");
            return true;
        } catch (InvalidErasureException e) {
            return false;
        }
    }

    private static boolean hasSpaceOrControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean badLabel(String domain) {
        String[] labels = domain.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String l = labels[i];
            if (l.isEmpty() && i == labels.length - 1 && i > 0) {
                continue;  // one trailing dot: the root label
            }
            if (l.isEmpty() || l.length() > 63 || l.startsWith("-") || l.endsWith("-")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the scanner's e-mail runs can hold the whole address (see the class comment). */
    private static boolean readable(String e) {
        if (!WordBreaks.isWordChar(e.charAt(0)) || !WordBreaks.isWordChar(e.charAt(e.length() - 1))) {
            return false;
        }
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (!WordBreaks.isWordChar(c) && ".@-_+%/".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
