package io.lethe.eval;

import com.ibm.icu.text.Transliterator;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Disguises of a mention, written for this evaluation from how a model or a user hides a name, an e-mail
 * or a number: nothing here is taken from the gateway. Each returns a {@link Planted} whose weights mark
 * which output units carry the secret.
 */
final class Forms {

    private Forms() {
    }

    // ------------------------------------------------------------------ names: direct

    static Planted plain(String s) {
        return Planted.secretOf(s, "name");
    }

    /** Upper, lower, or alternating case. */
    static Planted caseChange(String s, Random rnd) {
        String t = switch (rnd.nextInt(3)) {
            case 0 -> s.toUpperCase(Locale.ROOT);
            case 1 -> s.toLowerCase(Locale.ROOT);
            default -> {
                StringBuilder sb = new StringBuilder();
                boolean up = rnd.nextBoolean();
                for (char c : s.toCharArray()) {
                    sb.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
                    if (Character.isLetter(c)) {
                        up = !up;
                    }
                }
                yield sb.toString();
            }
        };
        return Planted.secretOf(t, "name");
    }

    /** Diacritics dropped ("Müller" → "Muller"; German names also "Mueller"), Polish ł → l, Turkish ı → i. */
    static Planted noDiacritics(String s, boolean german, Random rnd) {
        String t = s;
        if (german && rnd.nextInt(3) == 0) {
            t = t.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe")
                    .replace("Ü", "Ue").replace("ß", "ss");
        }
        t = t.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ø", "o").replace("Ø", "O");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        t = Normalizer.normalize(t, Normalizer.Form.NFC);
        return Planted.secretOf(t, "name");
    }

    static boolean hasDiacritics(String s) {
        return !Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").equals(s)
                || s.matches(".*[łŁıøØß].*");
    }

    // ------------------------------------------------------------------ names: letter-level disguises

    /** "J a n e   S m i t h", with the word gap 2-3 spaces or " / ", sometimes all lower-case. */
    static Planted spaced(String s, Random rnd) {
        String src = rnd.nextInt(4) == 0 ? s.toLowerCase(Locale.ROOT) : s;
        String gap = switch (rnd.nextInt(3)) {
            case 0 -> "  ";
            case 1 -> "   ";
            default -> " / ";
        };
        String sep = rnd.nextInt(5) == 0 ? "-" : " ";
        Planted.Builder b = new Planted.Builder("name");
        String[] words = src.split(" ");
        for (int w = 0; w < words.length; w++) {
            if (w > 0) {
                b.decor(sep.equals("-") ? " " : gap);
            }
            int[] cps = words[w].codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (i > 0) {
                    b.decor(sep);
                }
                b.secret(new String(Character.toChars(cps[i])));
            }
        }
        return b.build();
    }

    /** "J.a.n.e S.m.i.t.h" or "J.A.N.E. S.M.I.T.H." */
    static Planted dotted(String s, Random rnd) {
        boolean upper = rnd.nextBoolean();
        boolean trailing = rnd.nextBoolean();
        String src = upper ? s.toUpperCase(Locale.ROOT) : s;
        Planted.Builder b = new Planted.Builder("name");
        String[] words = src.split(" ");
        for (int w = 0; w < words.length; w++) {
            if (w > 0) {
                b.decor(" ");
            }
            int[] cps = words[w].codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                b.secret(new String(Character.toChars(cps[i])));
                if (i < cps.length - 1 || trailing) {
                    b.decor(".");
                }
            }
        }
        return b.build();
    }

    private static final String[][] EMPHASIS = {
            {"*", "*"}, {"**", "**"}, {"_", "_"}, {"__", "__"}, {"~~", "~~"}, {"<b>", "</b>"}, {"<i>", "</i>"},
            {"<em>", "</em>"}, {"<strong>", "</strong>"}, {"<span>", "</span>"}, {"`", "`"}};

    /** Emphasis or inline tags around pieces inside words: "Ja*ne* Smi**th**", "<b>Ja</b>ne". */
    static Planted emphasis(String s, Random rnd) {
        Planted.Builder b = new Planted.Builder("name");
        String[] words = s.split(" ");
        for (int w = 0; w < words.length; w++) {
            if (w > 0) {
                b.decor(" ");
            }
            String word = words[w];
            if (word.length() < 3) {
                b.secret(word);
                continue;
            }
            int a = 1 + rnd.nextInt(word.length() - 1);
            int c = a + 1 + rnd.nextInt(word.length() - a);
            String[] m = EMPHASIS[rnd.nextInt(EMPHASIS.length)];
            b.secret(word.substring(0, a)).decor(m[0]).secret(word.substring(a, c)).decor(m[1])
                    .secret(word.substring(c));
        }
        return b.build();
    }

    private static final Map<Character, String> HOMOGLYPHS = new HashMap<>();

    static {
        // Cyrillic and Greek look-alikes of Latin letters (several choices where they exist).
        String[][] map = {
                {"a", "\u0430"}, {"c", "\u0441"}, {"e", "\u0435"}, {"o", "\u043E\u03BF"}, {"p", "\u0440\u03C1"},
                {"x", "\u0445"}, {"y", "\u0443"}, {"i", "\u0456"}, {"j", "\u0458"}, {"s", "\u0455"},
                {"h", "\u04BB"}, {"d", "\u0501"}, {"k", "\u03BA"}, {"v", "\u03BD"}, {"n", "\u0578"},
                {"A", "\u0410\u0391"}, {"B", "\u0412\u0392"}, {"C", "\u0421"}, {"E", "\u0415\u0395"},
                {"H", "\u041D\u0397"}, {"I", "\u0406\u0399"}, {"J", "\u0408"}, {"K", "\u041A\u039A"},
                {"M", "\u041C\u039C"}, {"N", "\u039D"}, {"O", "\u041E\u039F"}, {"P", "\u0420\u03A1"},
                {"S", "\u0405"}, {"T", "\u0422\u03A4"}, {"X", "\u0425\u03A7"}, {"Y", "\u04AE\u03A5"},
                {"Z", "\u0396"}};
        for (String[] m : map) {
            HOMOGLYPHS.put(m[0].charAt(0), m[1]);
        }
    }

    /** Latin letters swapped for Cyrillic/Greek look-alikes; Cyrillic names get Latin look-alikes instead. */
    static Planted homoglyph(String s, Random rnd) {
        boolean all = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder();
        int changed = 0;
        for (char c : s.toCharArray()) {
            String alt = HOMOGLYPHS.get(c);
            String rev = CYR_TO_LAT.get(c);
            String pool = alt != null ? alt : rev;
            if (pool != null && (all || rnd.nextInt(2) == 0)) {
                sb.append(pool.charAt(rnd.nextInt(pool.length())));
                changed++;
            } else {
                sb.append(c);
            }
        }
        if (changed == 0) { // force at least one swap where possible
            for (int i = 0; i < sb.length(); i++) {
                String pool = HOMOGLYPHS.getOrDefault(sb.charAt(i), CYR_TO_LAT.get(sb.charAt(i)));
                if (pool != null) {
                    sb.setCharAt(i, pool.charAt(0));
                    break;
                }
            }
        }
        return Planted.secretOf(sb.toString(), "name");
    }

    private static final Map<Character, String> CYR_TO_LAT = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('е', "e"), Map.entry('о', "o"), Map.entry('р', "p"), Map.entry('с', "c"),
            Map.entry('х', "x"), Map.entry('у', "y"), Map.entry('А', "A"), Map.entry('В', "B"), Map.entry('Е', "E"),
            Map.entry('К', "K"), Map.entry('М', "M"), Map.entry('Н', "H"), Map.entry('О', "O"), Map.entry('Р', "P"),
            Map.entry('С', "C"), Map.entry('Т', "T"), Map.entry('Х', "X"));

    static boolean homoglyphable(String s) {
        for (char c : s.toCharArray()) {
            if (HOMOGLYPHS.containsKey(c) || CYR_TO_LAT.containsKey(c)) {
                return true;
            }
        }
        return false;
    }

    /** Fullwidth forms (U+FF01..U+FF5E) for ASCII letters and digits; spaces sometimes ideographic. */
    static Planted fullwidth(String s, Random rnd) {
        boolean ideoSpace = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c > 0x20 && c < 0x7F) {
                sb.append((char) (c - 0x21 + 0xFF01));
            } else if (c == ' ' && ideoSpace) {
                sb.append('\u3000');
            } else {
                sb.append(c);
            }
        }
        return Planted.secretOf(sb.toString(), "name");
    }

    static final String[] INVISIBLES = {"\u200B", "\u200C", "\u200D", "\u00AD", "\u2060", "\uFEFF"};

    /** Invisible or format characters between letters: every gap, or some. */
    static Planted invisible(String s, Random rnd) {
        String inv = INVISIBLES[rnd.nextInt(INVISIBLES.length)];
        boolean mixed = rnd.nextInt(3) == 0;
        boolean every = rnd.nextBoolean();
        Planted.Builder b = new Planted.Builder("name");
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String ch = new String(Character.toChars(cps[i]));
            b.secret(ch);
            if (i < cps.length - 1 && cps[i] != ' ' && cps[i + 1] != ' ' && (every || rnd.nextBoolean())) {
                b.decor(mixed ? INVISIBLES[rnd.nextInt(INVISIBLES.length)] : inv);
            }
        }
        return b.build();
    }

    private static final Map<Character, String[]> LEET = Map.ofEntries(
            Map.entry('a', new String[] {"4", "@"}), Map.entry('e', new String[] {"3"}),
            Map.entry('i', new String[] {"1", "!"}), Map.entry('l', new String[] {"1", "|"}),
            Map.entry('o', new String[] {"0"}), Map.entry('s', new String[] {"5", "$"}),
            Map.entry('t', new String[] {"7"}), Map.entry('g', new String[] {"9"}), Map.entry('b', new String[] {"8"}),
            Map.entry('z', new String[] {"2"}));

    /** Leetspeak; light (some letters) or heavy (every mappable letter). */
    static Planted leet(String s, Random rnd) {
        boolean heavy = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder();
        int changed = 0;
        for (char c : s.toCharArray()) {
            String[] alts = LEET.get(Character.toLowerCase(c));
            if (alts != null && (heavy || rnd.nextInt(2) == 0)) {
                sb.append(alts[rnd.nextInt(alts.length)]);
                changed++;
            } else {
                sb.append(c);
            }
        }
        if (changed == 0) {
            for (int i = 0; i < sb.length(); i++) {
                String[] alts = LEET.get(Character.toLowerCase(sb.charAt(i)));
                if (alts != null) {
                    sb.setCharAt(i, alts[0].charAt(0));
                    break;
                }
            }
        }
        Planted.Builder b = new Planted.Builder("name");
        for (char c : sb.toString().toCharArray()) {
            b.add(String.valueOf(c), c == ' ' ? 0 : 1);
        }
        return b.build();
    }

    static boolean leetable(String s) {
        for (char c : s.toCharArray()) {
            if (LEET.containsKey(Character.toLowerCase(c))) {
                return true;
            }
        }
        return false;
    }

    /** The whole string backwards, or each word backwards in place. */
    static Planted reversed(String s, Random rnd) {
        String t;
        if (rnd.nextBoolean()) {
            t = new StringBuilder(s).reverse().toString();
        } else {
            List<String> words = new ArrayList<>();
            for (String w : s.split(" ")) {
                words.add(new StringBuilder(w).reverse().toString());
            }
            t = String.join(" ", words);
        }
        return Planted.secretOf(t, "name");
    }

    /** One typing error in the longest word: swap, drop, double or replace a letter. */
    static Planted typo(String s, Random rnd) {
        String[] words = s.split(" ");
        int wi = 0;
        for (int i = 1; i < words.length; i++) {
            if (words[i].length() > words[wi].length() || (words[i].length() == words[wi].length() && rnd.nextBoolean())) {
                wi = i;
            }
        }
        String w = words[wi];
        if (w.length() >= 4) {
            int p = 1 + rnd.nextInt(w.length() - 2);
            w = switch (rnd.nextInt(4)) {
                case 0 -> w.substring(0, p) + w.charAt(p + 1) + w.charAt(p) + w.substring(p + 2);
                case 1 -> w.substring(0, p) + w.substring(p + 1);
                case 2 -> w.substring(0, p) + w.charAt(p) + w.substring(p);
                default -> w.substring(0, p) + nearKey(w.charAt(p), rnd) + w.substring(p + 1);
            };
        }
        words[wi] = w;
        return Planted.secretOf(String.join(" ", words), "name");
    }

    private static char nearKey(char c, Random rnd) {
        String rows = "qwertyuiop asdfghjkl zxcvbnm";
        int i = rows.indexOf(Character.toLowerCase(c));
        if (i < 0) {
            return 'e';
        }
        int j = i + (rnd.nextBoolean() ? 1 : -1);
        if (j < 0 || j >= rows.length() || rows.charAt(j) == ' ') {
            j = i + (j < i ? 1 : -1);
        }
        char r = rows.charAt(Math.max(0, Math.min(rows.length() - 1, j)));
        return Character.isUpperCase(c) ? Character.toUpperCase(r) : r;
    }

    /** Two disguises stacked: the second applied to the text of the first, weights kept where units map 1:1. */
    static Planted mixed(String s, Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> invisibleOver(homoglyph(s, rnd), rnd);
            case 1 -> spaced(s.toLowerCase(Locale.ROOT), rnd);
            case 2 -> emphasis(leet(s, rnd).text(), rnd);
            case 3 -> invisibleOver(fullwidth(s, rnd), rnd);
            default -> homoglyph(caseChange(s, rnd).text().toUpperCase(Locale.ROOT), rnd);
        };
    }

    private static Planted invisibleOver(Planted p, Random rnd) {
        Planted.Builder b = new Planted.Builder(p.field());
        String t = p.text();
        for (int i = 0; i < t.length(); i++) {
            b.add(String.valueOf(t.charAt(i)), p.weight()[i]);
            if (i < t.length() - 1 && t.charAt(i) != ' ' && t.charAt(i + 1) != ' ' && rnd.nextBoolean()) {
                b.decor(INVISIBLES[rnd.nextInt(INVISIBLES.length)]);
            }
        }
        return b.build();
    }

    private static final Transliterator RU_LAT = Transliterator.getInstance("Russian-Latin/BGN");
    private static final Transliterator ANY_LAT = Transliterator.getInstance("Any-Latin; Latin-ASCII");

    /** Romanization a model writing English would use: BGN for Russian, pinyin (tones dropped) for Chinese, RR for Korean. */
    static String romanize(People.Person p) {
        return switch (p.loc().script()) {
            case CYRILLIC -> Normalizer.normalize(RU_LAT.transliterate(p.first()) + " " + RU_LAT.transliterate(p.last()),
                    Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace("ʹ", "").replace("ʺ", "");
            case HAN -> cap(ANY_LAT.transliterate(p.last()).replace(" ", "")) + " "
                    + cap(ANY_LAT.transliterate(p.first()).replace(" ", ""));
            case HANGUL -> cap(ANY_LAT.transliterate(p.last()).replace(" ", "")) + " "
                    + cap(ANY_LAT.transliterate(p.first()).replace(" ", "").replace("-", ""));
            default -> null;
        };
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ e-mails

    static Planted email(String local, String domain) {
        return new Planted.Builder("email").secret(local).decor("@" + domain).build();
    }

    static Planted emailCase(String local, String domain, Random rnd) {
        StringBuilder l = new StringBuilder();
        boolean capWords = rnd.nextBoolean();
        boolean start = true;
        for (char c : local.toCharArray()) {
            if (capWords) {
                l.append(start ? Character.toUpperCase(c) : c);
            } else {
                l.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
            }
            start = !Character.isLetter(c);
        }
        String d = switch (rnd.nextInt(3)) {
            case 0 -> domain.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(domain.charAt(0)) + domain.substring(1);
            default -> domain;
        };
        if (rnd.nextInt(4) == 0) {
            return new Planted.Builder("email").secret(l.toString().toUpperCase(Locale.ROOT)).decor("@" + d.toUpperCase(Locale.ROOT)).build();
        }
        return new Planted.Builder("email").secret(l.toString()).decor("@" + d).build();
    }

    /** Spelled-out and spaced-punctuation e-mails. */
    static Planted emailSpoken(String local, String domain, Random rnd) {
        int style = rnd.nextInt(9);
        String[] at = {" at ", " (at) ", " [at] ", " AT ", "(at)", " {at} ", " @ ", " at ", " [ at ] "};
        String[] dot = {" dot ", " (dot) ", " [dot] ", " DOT ", "(dot)", " . ", " . ", ".", " [ dot ] "};
        Planted.Builder b = new Planted.Builder("email");
        String d = dot[style];
        // local part: its dots and separators spelled the same way
        for (char c : local.toCharArray()) {
            if (c == '.') {
                b.decor(d);
            } else if (c == '_') {
                b.decor(style == 0 ? " underscore " : "_");
            } else {
                b.secret(String.valueOf(c));
            }
        }
        b.decor(at[style]);
        b.decor(domain.replace(".", style == 7 ? "." : d));
        return b.build();
    }

    // ------------------------------------------------------------------ phones

    /** The digits of the national format (trunk prefix included where the country uses one). */
    static String nationalDigits(People.Person p) {
        return p.phoneNational().replaceAll("\\D", "");
    }

    static Planted digitsWith(String formatted) {
        Planted.Builder b = new Planted.Builder("phone");
        for (char c : formatted.toCharArray()) {
            b.add(String.valueOf(c), Character.isDigit(c) ? 1 : 0);
        }
        return b.build();
    }

    static Planted phoneSeparators(People.Person p, Random rnd) {
        String sep = new String[] {".", "-", "", "/", " ", " - "}[rnd.nextInt(6)];
        String f = p.phoneNational();
        // keep the national grouping but change every separator run to sep; drop brackets
        String t = f.replaceAll("[()]", "").trim().replaceAll("[\\s.\\-/]+", sep);
        if (t.equals(f)) {
            t = f.replaceAll("[\\s.\\-/()]+", "");
        }
        return digitsWith(t);
    }

    static Planted phoneInternational(People.Person p, Random rnd) {
        String cc = p.countryCode();
        String nsn = p.nationalNumber();
        String t = switch (rnd.nextInt(6)) {
            case 0 -> p.phoneIntl();
            case 1 -> p.phoneE164();
            case 2 -> "00" + cc + " " + group(nsn, rnd);
            case 3 -> "+" + cc + " (0)" + group(nsn, rnd);
            case 4 -> "(+" + cc + ") " + nsn;
            default -> "+" + cc + "-" + group(nsn, rnd).replace(' ', '-');
        };
        return digitsWith(t);
    }

    static String group(String digits, Random rnd) {
        int g = 2 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % g == 0) {
                sb.append(' ');
            }
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    /** The national digits in groups the country does not use (sizes 2..4, first group 3 or 4). */
    static Planted phoneRegrouped(People.Person p, Random rnd) {
        String d = nationalDigits(p);
        String sep = new String[] {" ", "-", "."}[rnd.nextInt(3)];
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int first = 3 + rnd.nextInt(2);
        while (i < d.length()) {
            int g = sb.length() == 0 ? first : 2 + rnd.nextInt(3);
            int e = Math.min(d.length(), i + g);
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(d, i, e);
            i = e;
        }
        return digitsWith(sb.toString());
    }

    static Planted phoneFullwidth(People.Person p, Random rnd) {
        String f = rnd.nextBoolean() ? p.phoneNational() : p.phoneIntl();
        StringBuilder sb = new StringBuilder();
        for (char c : f.toCharArray()) {
            if (c >= '0' && c <= '9') {
                sb.append((char) (c - '0' + 0xFF10));
            } else if (c == '+') {
                sb.append(rnd.nextBoolean() ? '\uFF0B' : '+');
            } else if (c == '-') {
                sb.append(rnd.nextBoolean() ? '\uFF0D' : '-');
            } else {
                sb.append(c);
            }
        }
        Planted.Builder b = new Planted.Builder("phone");
        for (char c : sb.toString().toCharArray()) {
            b.add(String.valueOf(c), (c >= 0xFF10 && c <= 0xFF19) ? 1 : 0);
        }
        return b.build();
    }

    private static final String[] DIGIT_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine"};

    /** One digit at a time: "0 6 1 2 ...", "0-6-1-2", "0, 6, 1, 2", or spelled "zero six one two". */
    static Planted phoneOneByOne(People.Person p, Random rnd) {
        String d = rnd.nextInt(3) == 0 ? p.phoneE164().substring(1) : nationalDigits(p);
        boolean plus = d != null && !d.equals(nationalDigits(p));
        int style = rnd.nextInt(4);
        Planted.Builder b = new Planted.Builder("phone");
        if (plus) {
            b.decor(style == 3 ? "plus " : "+");
        }
        for (int i = 0; i < d.length(); i++) {
            if (i > 0) {
                b.decor(switch (style) {
                    case 0 -> " ";
                    case 1 -> "-";
                    case 2 -> ", ";
                    default -> " ";
                });
            }
            if (style == 3) {
                b.unit(DIGIT_WORDS[d.charAt(i) - '0'], 1);
            } else {
                b.add(String.valueOf(d.charAt(i)), 1);
            }
        }
        return b.build();
    }

    static Planted phoneInvisible(People.Person p, Random rnd) {
        String f = rnd.nextBoolean() ? p.phoneNational() : p.phoneIntl();
        String inv = INVISIBLES[rnd.nextInt(INVISIBLES.length)];
        Planted.Builder b = new Planted.Builder("phone");
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            b.add(String.valueOf(c), Character.isDigit(c) ? 1 : 0);
            if (i < f.length() - 1 && Character.isDigit(c) && Character.isDigit(f.charAt(i + 1))) {
                b.decor(inv);
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ identifiers

    static Planted identifierVariant(String id, Random rnd) {
        String t = switch (rnd.nextInt(4)) {
            case 0 -> id;
            case 1 -> id.replaceAll("[-\\s]", "");
            case 2 -> id.toLowerCase(Locale.ROOT);
            default -> id.replace("-", " ");
        };
        if (t.equals(id) && rnd.nextBoolean()) {
            t = id.replaceAll("(\\d{3})(\\d)", "$1 $2");
        }
        return Planted.secretOf(t, "identifier");
    }

    // ------------------------------------------------------------------ encodings

    static Planted base64(String secret, Random rnd) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        String enc = rnd.nextInt(3) == 0 ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                : Base64.getEncoder().encodeToString(bytes);
        Planted.Builder b = new Planted.Builder("encoded");
        for (char c : enc.toCharArray()) {
            b.add(String.valueOf(c), c == '=' ? 0 : 1);
        }
        return b.build();
    }

    static Planted hex(String secret, Random rnd) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        int style = rnd.nextInt(4);
        boolean upper = rnd.nextBoolean();
        Planted.Builder b = new Planted.Builder("encoded");
        for (int i = 0; i < bytes.length; i++) {
            String h = String.format(upper ? "%02X" : "%02x", bytes[i] & 0xff);
            switch (style) {
                case 0 -> b.unit(h, 1);
                case 1 -> {
                    if (i > 0) {
                        b.decor(" ");
                    }
                    b.unit(h, 1);
                }
                case 2 -> b.decor("\\x").unit(h, 1);
                default -> {
                    if (i > 0) {
                        b.decor(" ");
                    }
                    b.decor("0x").unit(h, 1);
                }
            }
        }
        return b.build();
    }

    /** URL-encoding: every byte percent-encoded, or only what a browser escapes (spaces as %20 or +, @ as %40). */
    static Planted url(String secret, Random rnd) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Planted.Builder b = new Planted.Builder("encoded");
        boolean all = rnd.nextBoolean();
        boolean plus = rnd.nextBoolean();
        for (int i = 0; i < bytes.length; i++) {
            int v = bytes[i] & 0xff;
            boolean unreserved = (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                    || v == '-' || v == '_' || v == '.';
            if (!all && unreserved) {
                b.add(String.valueOf((char) v), Character.isLetterOrDigit(v) ? 1 : 0);
            } else if (!all && v == ' ' && plus) {
                b.decor("+");
            } else {
                boolean carries = Character.isLetterOrDigit(v) || v >= 0x80;
                // a multi-byte character carries once, on its first byte
                if (v >= 0x80 && (v & 0xC0) == 0x80) {
                    carries = false;
                }
                b.unit(String.format("%%%02X", v), carries ? 1 : 0);
            }
        }
        return b.build();
    }

    /** HTML character references: decimal, hex, or named where HTML has a name; some letters left plain. */
    static Planted html(String secret, Random rnd) {
        int style = rnd.nextInt(3);
        Planted.Builder b = new Planted.Builder("encoded");
        int[] cps = secret.codePoints().toArray();
        for (int cp : cps) {
            String named = NAMED.get(cp);
            boolean carries = Character.isLetterOrDigit(cp);
            if (style == 2 && rnd.nextBoolean() && named == null && cp < 128 && cp != '@') {
                b.add(new String(Character.toChars(cp)), carries ? 1 : 0);
            } else if (named != null && rnd.nextBoolean()) {
                b.unit("&" + named + ";", carries ? 1 : 0);
            } else if (style == 1) {
                b.unit("&#x" + Integer.toHexString(cp) + ";", carries ? 1 : 0);
            } else {
                b.unit("&#" + cp + ";", carries ? 1 : 0);
            }
        }
        return b.build();
    }

    private static final Map<Integer, String> NAMED = Map.ofEntries(
            Map.entry((int) 'ä', "auml"), Map.entry((int) 'ö', "ouml"), Map.entry((int) 'ü', "uuml"),
            Map.entry((int) 'é', "eacute"), Map.entry((int) 'è', "egrave"), Map.entry((int) 'á', "aacute"),
            Map.entry((int) 'í', "iacute"), Map.entry((int) 'ó', "oacute"), Map.entry((int) 'ñ', "ntilde"),
            Map.entry((int) 'ç', "ccedil"), Map.entry((int) 'ß', "szlig"), Map.entry((int) 'å', "aring"),
            Map.entry((int) '@', "commat"), Map.entry((int) '.', "period"), Map.entry((int) ' ', "nbsp"));

    static Planted rot13(String secret) {
        Planted.Builder b = new Planted.Builder("encoded");
        for (char c : secret.toCharArray()) {
            char r = c;
            if (c >= 'a' && c <= 'z') {
                r = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                r = (char) ('A' + (c - 'A' + 13) % 26);
            }
            b.add(String.valueOf(r), Character.isLetterOrDigit(c) ? 1 : 0);
        }
        return b.build();
    }

    /** Every character as a JSON/Java {@code \\uXXXX} escape, or only the non-ASCII ones and a few letters. */
    static Planted jsonEscape(String secret, Random rnd) {
        boolean all = rnd.nextBoolean();
        Planted.Builder b = new Planted.Builder("encoded");
        for (char c : secret.toCharArray()) {
            boolean carries = Character.isLetterOrDigit(c);
            if (all || c >= 128 || rnd.nextInt(3) == 0) {
                b.unit(String.format("\\u%04x", (int) c), carries ? 1 : 0);
            } else {
                b.add(String.valueOf(c), carries ? 1 : 0);
            }
        }
        return b.build();
    }

    static boolean asciiLatin(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
