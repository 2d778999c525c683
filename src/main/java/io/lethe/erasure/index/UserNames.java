package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;
import io.lethe.text.Folding;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * User names built from a registered person's name, and the user names of registered addresses, found in a
 * run without spaces whatever the address around them (red team 16 N3): "m.quillsworth@example.com",
 * "quillsworth_m@corp.example", "@m_quillsworth", "Quillsworth_Miranda", "mquillsworth70", "Quillsworth1970",
 * and "t.ashbrook" alone when t.ashbrook@example.net is registered.
 *
 * <p>Keys are canonical: folded as {@link Fold} folds tokens, with the separators a user name joins its parts
 * by ({@code . _ -}) left out, so "m.quillsworth", "m_quillsworth" and "mquillsworth" are one key. A run is
 * cut into parts at {@code @ / + %} (a local part, a domain, a profile path, a sub-address tag) and each part
 * is looked up whole, then without its trailing digits ("mquillsworth70": a year or a counter after a name).
 * Only names with a distinctive surname ({@link NameVariants#userNameSurname}) give keys: "a.price" or
 * "price_a" may be anyone's.
 */
final class UserNames {

    /** Key space of a name's user names (looked up with or without trailing digits). */
    static final char NAME = '\u0001';
    /** Key space of a surname that is a user name only with a year glued after it ("Quillsworth1970"). */
    static final char YEAR = '\u0002';
    /** Key space of a registered address's user name. */
    static final char LOCAL = '\u0003';

    /** Fewest and most digits of a year or number glued after a surname alone ("Quillsworth70", "Quillsworth1970"). */
    static final int MIN_YEAR_DIGITS = 2;
    static final int MAX_YEAR_DIGITS = 4;
    /** Fewest chars of a registered address's user name, separators left out, that is looked up alone. */
    static final int MIN_LOCAL = 5;

    /**
     * Mailbox names of roles, not people ("info", "no-reply"): a registered address with one of them as its user
     * name gives no user-name key.
     */
    private static final Set<String> ROLES = Set.of("info", "contact", "admin", "support", "sales", "office",
            "hello", "mail", "webmaster", "postmaster", "noreply", "donotreply", "help", "service", "team",
            "billing", "abuse", "security", "privacy", "press", "media", "jobs", "careers", "hr", "news",
            "newsletter", "marketing", "enquiries", "inquiries", "feedback", "accounts", "customerservice");

    private UserNames() {
    }

    /**
     * The canonical user-name keys of a person's name, with their key space ({@link #NAME}, {@link #YEAR}):
     * initial and surname and given name and surname, either order, and the surname alone for a year; none
     * where the name is not alphabetic, has one word, or its surname is not distinctive.
     */
    static Set<String> keys(String name) {
        Set<String> out = new LinkedHashSet<>();
        List<List<String>> w = NameVariants.words(name);
        String surname = NameVariants.userNameSurname(w);
        if (surname == null) {
            return out;
        }
        String given = String.join("", w.get(0));
        String initial = given.substring(0, 1);
        // not the initial with the surname: at 100,000 people others' addresses hold it (m.goulart@ for Maria and
        // Marcia Goulart alike; seed 2718281's unregistered contacts)
        for (String k : List.of(given + surname, surname + given)) {
            out.add(NAME + canonical(k));
        }
        out.add(YEAR + canonical(surname));
        return out;
    }

    /**
     * The key of a registered address's user name ({@link #LOCAL}), or null when it is too short, a role's
     * ("info"), or has no separator or digit (a plain word: "jennifer", "marketing").
     */
    static String localKey(String email) {
        String e = email.strip();
        int at = e.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        String local = e.substring(0, at);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        String c = canonical(local);
        int letters = (int) c.chars().filter(Character::isLetter).count();
        boolean marked = local.chars().anyMatch(ch -> ch == '.' || ch == '_' || ch == '-' || Character.isDigit(ch));
        if (c.length() < MIN_LOCAL || letters < 3 || !marked || ROLES.contains(c)) {
            return null;
        }
        return LOCAL + c;
    }

    /** {@code s} folded as tokens are, its separators ({@code . _ -}) and ignorable chars left out. */
    static String canonical(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        append(s, 0, s.length(), b);
        return b.toString();
    }

    private static void append(CharSequence s, int start, int end, StringBuilder b) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.' || c == '_' || c == '-' || Folding.isIgnorable(c)) {
                continue;
            }
            b.append(c < 128 ? Character.toLowerCase(c) : Folding.fold(c));
        }
    }

    /** Whether {@code text[s, e)} holds a separator ({@code . _ -}) or a digit, as a registered user name did. */
    private static boolean marked(CharSequence text, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9')) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} parts a run into the parts looked up ({@code @ / + %}). */
    static boolean partsRun(char c) {
        return c == '@' || c == '/' || c == '+' || c == '%';
    }

    /**
     * Looks up each part of the trimmed run {@code text[start, end)} ({@link #partsRun}); a hit spans the part,
     * trailing digits included (UTF-16 offsets, end exclusive).
     */
    static void lookup(KeyTable keys, CharSequence text, int start, int end, StringBuilder scratch, List<Hit> out) {
        int a = start;
        for (int i = start; i <= end; i++) {
            if (i < end && !partsRun(text.charAt(i))) {
                continue;
            }
            int s = a;
            int e = i;
            while (s < e && !Fold.isTokenChar(text.charAt(s))) {
                s++;
            }
            while (e > s && !Fold.isTokenChar(text.charAt(e - 1))) {
                e--;
            }
            if (e - s >= MIN_LOCAL) {
                part(keys, text, s, e, scratch, out);
            }
            a = i + 1;
        }
    }

    private static void part(KeyTable keys, CharSequence text, int s, int e, StringBuilder scratch, List<Hit> out) {
        scratch.setLength(0);
        scratch.append(LOCAL);
        append(text, s, e, scratch);
        int hits = out.size();
        if (marked(text, s, e) && (e >= text.length() || text.charAt(e) != '@')) {
            // a registered user name had a separator or a digit (localKey); read without one it is a plain word
            // ("cross" for c.ross@, "landing" for l.anding@), and at another domain it is another mailbox
            // (a.martino@ for Assia and for Alighieri Martino): seed 2718281 at 100,000 people
            keys.lookup(scratch, s, e, out, -1);
            if (out.size() > hits) {
                return;
            }
        }
        scratch.setCharAt(0, NAME);
        keys.lookup(scratch, s, e, out, -1);
        if (out.size() > hits) {
            return;
        }
        int digits = 0;
        while (scratch.length() - digits > 1 && Character.isDigit(scratch.charAt(scratch.length() - 1 - digits))) {
            digits++;
        }
        if (digits == 0 || digits == scratch.length() - 1) {
            return;
        }
        scratch.setLength(scratch.length() - digits);
        keys.lookup(scratch, s, e, out, -1);
        if (out.size() == hits && digits >= MIN_YEAR_DIGITS && digits <= MAX_YEAR_DIGITS) {
            scratch.setCharAt(0, YEAR);
            keys.lookup(scratch, s, e, out, -1);
        }
    }

    /**
     * Where the run still open at {@code text[start, end)} could yet hold a user name: the start (UTF-16 offset)
     * of its first part that, canonical and without trailing digits, begins a key ({@code prefixes}, built from
     * the keys without their key space); -1 when none does. A stream holds the run from there while it could.
     */
    static int couldHold(TokenPrefixes prefixes, CharSequence text, int start, int end, StringBuilder scratch) {
        int a = start;
        for (int i = start; i <= end; i++) {
            if (i < end && !partsRun(text.charAt(i))) {
                continue;
            }
            scratch.setLength(0);
            append(text, a, i, scratch);
            int n = scratch.length();
            while (n > 0 && Character.isDigit(scratch.charAt(n - 1))) {
                n--;
            }
            // a part that is digits only begins nothing; the first chars of one that has letters are its key's
            if (n > 0 && prefixes.couldBegin(scratch, 0, n, 0)) {
                return a;
            }
            a = i + 1;
        }
        return -1;
    }
}
