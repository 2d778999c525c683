package io.lethe.erasure.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The case forms of a Russian or Polish name (red team 17 R17-3): "Святослав Ксенофонтов" is also written
 * "Святослава Ксенофонтова" (genitive), "Святославу Ксенофонтову" (dative), "Святославом Ксенофонтовым"
 * (instrumental), "Святославе Ксенофонтове" (prepositional); "Żaneta Wróblewska-Kęsicka" also "Żanety
 * Wróblewskiej-Kęsickiej", "Żanecie ...". Endings are produced on folded tokens ({@link Fold#fold}: case folded,
 * diacritics dropped, so "й" is "и", "ą" is "a", "ł" is "l"), which is also why the Polish instrumental
 * ("Żanetą Wróblewską") already matched: it folds to the nominative. Each case inflects every word of the name
 * in that case, so the forms are the name in agreement, never a given name alone.
 */
final class SlavicCases {

    /** Genitive, dative, instrumental, prepositional (locative), accusative. */
    static final int CASES = 5;

    private SlavicCases() {
    }

    /**
     * The name of words {@code w} (folded tokens, as {@link NameVariants#words}) in each case other than the
     * nominative, where its language is known: Cyrillic script (Russian endings), or Latin with a Polish letter
     * or Polish surname ending (Polish endings). Empty otherwise. Words before {@code surnameStart} are read as
     * given names (and patronymics), the rest as the surname; particles stay as they are.
     *
     * @param original the name as registered, to see its Polish letters before folding drops them
     */
    static List<List<List<String>>> of(String original, List<List<String>> w, int surnameStart) {
        if (w.size() < 2) {
            return List.of();
        }
        boolean cyrillic = Character.UnicodeBlock.of(w.get(0).get(0).charAt(0)) == Character.UnicodeBlock.CYRILLIC;
        boolean polish = !cyrillic && polish(original, w);
        if (!cyrillic && !polish) {
            return List.of();
        }
        List<List<List<String>>> out = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            List<List<String>> words = new ArrayList<>();
            boolean changed = false;
            for (int i = 0; i < w.size(); i++) {
                List<String> word = new ArrayList<>();
                for (String t : w.get(i)) {
                    String[] forms = NameVariants.isParticle(t) ? null
                            : cyrillic ? russian(t, i >= surnameStart) : polishForms(t);
                    String f = forms == null || forms[c] == null ? t : Fold.fold(forms[c]);
                    changed |= !f.equals(t);
                    word.add(f);
                }
                words.add(word);
            }
            if (changed && !out.contains(words)) {
                out.add(words);
            }
        }
        return out;
    }

    private static final String POLISH_LETTERS = "ąćęłńśźżĄĆĘŁŃŚŹŻ";

    /** A Latin name with a Polish letter, or a Polish adjectival surname ("-ska", "-cki"). */
    private static boolean polish(String original, List<List<String>> w) {
        for (int i = 0; i < original.length(); i++) {
            if (POLISH_LETTERS.indexOf(original.charAt(i)) >= 0) {
                return true;
            }
        }
        for (String t : w.get(w.size() - 1)) {
            if (t.matches("[a-z]{2,}(ski|ska|cki|cka|dzki|dzka|wicz)")) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsAny(String t, String... ends) {
        for (String e : ends) {
            if (t.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String t, int n) {
        return t.substring(0, t.length() - n);
    }

    private static String[] five(String stem, String gen, String dat, String ins, String prep, String acc) {
        return new String[] {stem + gen, stem + dat, stem + ins, stem + prep, stem + acc};
    }

    /**
     * Russian case forms of a folded token ([gen, dat, ins, prep, acc]; unfolded endings, the caller folds), or
     * null where no rule applies (a short word, an indeclinable ending such as "-о" or "-ых").
     */
    static String[] russian(String t, boolean surname) {
        if (t.length() < 3) {
            return null;
        }
        if (surname) {
            if (endsAny(t, "ов", "ев", "ин", "ын")) {
                return five(t, "а", "у", "ым", "е", "а");
            }
            if (endsAny(t, "ова", "ева", "ина", "ына")) {
                return five(cut(t, 1), "ой", "ой", "ой", "ой", "у");
            }
            if (endsAny(t, "скии", "цкии", "скои", "цкои")) {  // -ский, -цкий, -ской (folded й)
                return five(cut(t, 2), "ого", "ому", "им", "ом", "ого");
            }
            if (endsAny(t, "ская", "цкая")) {
                return five(cut(t, 2), "ой", "ой", "ой", "ой", "ую");
            }
            if (t.length() >= 5 && endsAny(t, "ыи", "ии", "ои")) {  // other adjectives: Белый, Горький, Толстой
                String stem = cut(t, 2);
                boolean soft = "гкхжшчщ".indexOf(stem.charAt(stem.length() - 1)) >= 0;
                return five(stem, "ого", "ому", soft ? "им" : "ым", "ом", "ого");
            }
            if (t.length() >= 5 && t.endsWith("ая")) {  // Белая
                return five(cut(t, 2), "ой", "ой", "ой", "ой", "ую");
            }
            if (endsAny(t, "ых", "их", "ко", "о", "е", "и", "у", "ю")) {
                return null;  // Черных, Шевченко: not declined
            }
        }
        char last = t.charAt(t.length() - 1);
        String stem = cut(t, 1);
        if (last == 'ь') {
            return five(stem, "я", "ю", "ем", "е", "я");
        }
        if (last == 'и' && "аеоуыэюяи".indexOf(stem.charAt(stem.length() - 1)) >= 0) {  // -ай, -ей: Андрей
            return five(stem, "я", "ю", "ем", "е", "я");
        }
        if (last == 'а') {
            char p = stem.charAt(stem.length() - 1);
            boolean soft = "гкхжшчщ".indexOf(p) >= 0;
            boolean hush = "жшчщц".indexOf(p) >= 0;
            return five(stem, soft ? "и" : "ы", "е", hush ? "ей" : "ой", "е", "у");
        }
        if (last == 'я') {
            if (stem.endsWith("и")) {  // Мария
                return five(stem, "и", "и", "ей", "и", "ю");
            }
            return five(stem, "и", "е", "ей", "е", "ю");
        }
        if ("бвгджзклмнпрстфхцчшщ".indexOf(last) >= 0) {
            return five(t, "а", "у", "жшчщц".indexOf(last) >= 0 ? "ем" : "ом", "е", "а");
        }
        return null;
    }

    /** The dative and locative of a Polish feminine "-a" word: its last consonant softened ("Żaneta" → "Żanecie"). */
    private static String polishSoftened(String stem) {
        String[][] alternations = {{"ch", "sze"}, {"t", "cie"}, {"d", "dzie"}, {"k", "ce"}, {"g", "dze"},
                {"r", "rze"}, {"s", "sie"}, {"z", "zie"}, {"n", "nie"}, {"w", "wie"}, {"m", "mie"}, {"b", "bie"},
                {"p", "pie"}, {"f", "fie"}, {"l", "li"}, {"j", "i"}, {"i", "i"}};
        for (String[] a : alternations) {
            if (stem.endsWith(a[0])) {
                return cut(stem, a[0].length()) + a[1];
            }
        }
        return stem + "y";
    }

    /**
     * Polish case forms of a folded token ([gen, dat, ins, loc, acc]; the instrumental "-ą" and accusative "-ę"
     * fold to "-a" and "-e"), or null where no rule applies.
     */
    static String[] polishForms(String t) {
        if (t.length() < 3) {
            return null;
        }
        if (endsAny(t, "ska", "cka", "dzka", "owa")) {  // adjectival feminine surnames
            String stem = cut(t, 1);
            String e = t.endsWith("owa") ? "ej" : "iej";
            return five(stem, e, e, "a", e, "a");
        }
        if (endsAny(t, "ski", "cki", "dzki")) {
            return five(t, "ego", "emu", "m", "m", "ego");
        }
        char last = t.charAt(t.length() - 1);
        if (last == 'a') {
            String stem = cut(t, 1);
            char p = stem.charAt(stem.length() - 1);
            String gen = "kgl".indexOf(p) >= 0 ? stem + "i" : p == 'j' ? cut(stem, 1) + "i" : p == 'i' ? stem + "i"
                    : stem + "y";
            String soft = polishSoftened(stem);
            return new String[] {gen, soft, t, soft, stem + "e"};
        }
        if ("bcdfghklmnprstwz".indexOf(last) >= 0) {
            boolean velar = "kg".indexOf(last) >= 0 || t.endsWith("ch");
            String loc = velar || endsAny(t, "sz", "cz", "rz", "c", "dz") ? t + "u"
                    : t.endsWith("r") ? t + "ze" : t.endsWith("t") ? cut(t, 1) + "cie"
                    : t.endsWith("d") ? cut(t, 1) + "dzie" : t.endsWith("l") ? t + "u" : t + "ie";
            return new String[] {t + "a", t + "owi", t + (velar ? "iem" : "em"), loc, t + "a"};
        }
        return null;
    }

    /** Patronymic suffixes without their endings, and the case endings read off after them ({@link #isPatronymic}). */
    private static final String[] CYRILLIC_PATRONYMIC = {"ович", "евич", "ич", "овн", "евн", "ичн"};
    private static final String[] LATIN_PATRONYMIC = {"ovich", "evich", "yevich", "ovn", "evn", "ichn"};
    private static final String[] CYRILLIC_CASE = {"", "а", "у", "ем", "е", "ы", "ои"};  // folded: "ой" is "ои"
    private static final String[] LATIN_CASE = {"", "a", "u", "em", "e", "y", "oi", "oy", "oj"};

    /**
     * Whether a folded word is shaped as an East Slavic patronymic, in any case: "-ович", "-евич", "-ич", "-овна",
     * "-евна", "-ична" ("Игоревич", "Игоревича", "Игоревной"), Latin "-ovich", "-evich", "-ovna", "-evna",
     * "-ichna" ("Igorevich", "Igorevna"), with at least three letters before the suffix.
     */
    static boolean isPatronymic(String folded) {
        String[] suffixes = folded.isEmpty() || folded.charAt(0) < 128 ? LATIN_PATRONYMIC : CYRILLIC_PATRONYMIC;
        String[] cases = folded.isEmpty() || folded.charAt(0) < 128 ? LATIN_CASE : CYRILLIC_CASE;
        for (String c : cases) {
            if (!folded.endsWith(c)) {
                continue;
            }
            String stem = cut(folded, c.length());
            for (String s : suffixes) {
                // the feminine stems ("-овн") take an ending; "-ич" takes none or a masculine one
                boolean feminine = s.endsWith("н") || s.endsWith("n");
                if (feminine && c.isEmpty()) {
                    continue;
                }
                if (stem.endsWith(s) && stem.length() - s.length() >= 3) {
                    return true;
                }
            }
        }
        return false;
    }
}
