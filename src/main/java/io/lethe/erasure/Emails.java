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
