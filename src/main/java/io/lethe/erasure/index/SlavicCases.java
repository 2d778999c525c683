package io.lethe.erasure.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The case forms of a Russian, Polish, Czech or Slovak name (red team 17 R17-3; Czech and Slovak added for an
 * outside tester's "dům Zdeňka Příhody"): "Святослав Ксенофонтов" is also written
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

    /** {@link #of(String, List, int, String)} for a subject whose country is not given. */
    static List<List<List<String>>> of(String original, List<List<String>> w, int surnameStart) {
        return of(original, w, surnameStart, null);
    }

    /**
     * The name of words {@code w} (folded tokens, as {@link NameVariants#words}) in each case other than the
     * nominative, where its language is known: Cyrillic script (Russian endings), Latin with a Polish letter or
     * Polish surname ending (Polish endings), Latin with Czech or Slovak letters, or else a Latin name of a
     * subject whose country speaks one of these ({@link #COUNTRY_LANGUAGE}: "Dalibor Kroupa" of CZ). Empty
     * otherwise. Words before {@code surnameStart} are read as given names (and patronymics), the rest as the
     * surname; particles stay as they are.
     *
     * @param original the name as registered, to see its Polish letters before folding drops them
     * @param country  the subject's country (ISO 3166-1 alpha-2), or null
     */
    static List<List<List<String>>> of(String original, List<List<String>> w, int surnameStart, String country) {
        if (w.size() < 2) {
            return List.of();
        }
        boolean cyrillic = cyrillic(w);
        boolean polish = !cyrillic && polish(original, w, country);
        int czechSlovak = cyrillic || polish ? 0 : czechSlovak(original, w, country);
        // Czech and Slovak endings are read off the letters as written (a long vowel, a soft consonant)
        List<List<String>> lower = czechSlovak == 0 ? null : lowerWords(original, w);
        if (!cyrillic && !polish && lower == null) {
            return List.of();
        }
        int cases = lower == null ? CASES : CZECH_SLOVAK_CASES;
        List<List<List<String>>> out = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            List<List<String>> words = new ArrayList<>();
            boolean changed = false;
            for (int i = 0; i < w.size(); i++) {
                List<String> word = new ArrayList<>();
                for (int k = 0; k < w.get(i).size(); k++) {
                    String t = w.get(i).get(k);
                    String[] forms = NameVariants.isParticle(t) ? null
                            : cyrillic ? russian(t, i >= surnameStart)
                            : lower != null ? czechSlovakForms(lower.get(i).get(k), i >= surnameStart, czechSlovak)
                            : polishForms(t);
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

    /** Polish, by {@link #COUNTRY_LANGUAGE}. */
    private static final int POLISH = 4;

    /**
     * The language a subject's country gives a Latin name whose letters tell none ("Dalibor Kroupa" of CZ has no
     * Czech letter; outside tester, helper-95): its case forms, as those letters would have given them.
     */
    private static final java.util.Map<String, Integer> COUNTRY_LANGUAGE = java.util.Map.of(
            "CZ", SlavicCases.CZECH, "SK", SlavicCases.SLOVAK, "PL", POLISH);

    /** The language {@link #COUNTRY_LANGUAGE} gives a Latin name of words {@code w}, 0 for none. */
    private static int countryLanguage(String country, List<List<String>> w) {
        if (country == null || cyrillic(w)) {
            return 0;
        }
        for (List<String> word : w) {
            for (String t : word) {
                for (int i = 0; i < t.length(); i++) {
                    if (Character.UnicodeScript.of(t.charAt(i)) != Character.UnicodeScript.LATIN) {
                        return 0;  // a name in another script keeps to its own
                    }
                }
            }
        }
        return COUNTRY_LANGUAGE.getOrDefault(country.strip().toUpperCase(java.util.Locale.ROOT), 0);
    }

    private static boolean cyrillic(List<List<String>> w) {
        return Character.UnicodeBlock.of(w.get(0).get(0).charAt(0)) == Character.UnicodeBlock.CYRILLIC;
    }

    /** A Latin name read as Polish: by its letters ({@link #polish(String, List)}), else by its country. */
    private static boolean polish(String original, List<List<String>> w, String country) {
        return polish(original, w) || (czechSlovak(original, w) == 0 && countryLanguage(country, w) == POLISH);
    }

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

    /** Whether a Latin name is read as Czech or Slovak here (its case forms are {@link #czechSlovakForms}). */
    static boolean czechOrSlovak(String original, List<List<String>> w, String country) {
        if (w.size() < 2) {
            return false;
        }
        return !cyrillic(w) && !polish(original, w, country) && czechSlovak(original, w, country) != 0;
    }

    /** {@link #czechSlovak(String, List)}, else the language of the subject's country ({@link #COUNTRY_LANGUAGE}). */
    private static int czechSlovak(String original, List<List<String>> w, String country) {
        int byLetters = czechSlovak(original, w);
        if (byLetters != 0) {
            return byLetters;
        }
        int byCountry = countryLanguage(country, w);
        return byCountry == POLISH ? 0 : byCountry;
    }

    /**
     * Folded endings of the Czech and Slovak possessive adjective of a surname ("Příhodův syn", "Příhodova žena",
     * "Příhodovo auto", Slovak "Príhodov") in its cases, and of the family plural ("Příhodovi", "Příhodové", "k
     * Příhodovým", Slovak "Príhodovci"): on the surname's stem, its final "a" dropped.
     */
    private static final String[] POSSESSIVE = {"uv", "ov", "ova", "ovo", "ovi", "ovu", "ovou", "ove", "ovy",
            "ovych", "ovym", "ovymi", "ovej", "ovci", "ovcov", "ovcom"};

    /** Folded endings of the possessive adjective of a woman's "-ová" surname ("Hrdličkovin manžel", Slovak "-inej"). */
    private static final String[] FEMININE_POSSESSIVE = {"in", "ina", "ino", "iny", "inu", "inou", "ine", "inych",
            "inym", "inymi", "inej"};
    /** Folded endings of the family plural of an adjectival surname ("Novotní", "Novotných děti", "Hrabovských"). */
    private static final String[] ADJECTIVAL_PLURAL = {"i", "ych", "ym", "ymi"};

    /**
     * The possessive adjectives and family plurals of a Czech or Slovak surname token as written in lower case,
     * folded, by its kind: a noun surname takes {@link #POSSESSIVE} on its stem ("Příhoda" → "Příhodova", the
     * fleeting "e" dropped too: "Vondráček" → "Vondráčkova"); a woman's "-ová" takes those of the man's surname
     * ("Ďurišová" → "Ďurišovci", "Hrdličková" → "Hrdličkovi") and {@link #FEMININE_POSSESSIVE}; an adjectival
     * "-ý" or "-á" its {@link #ADJECTIVAL_PLURAL}. None for a stem shorter than four letters or a "-í" surname.
     */
    static List<String> possessives(String r) {
        if (r.length() < 4 || !Character.isLetter(r.charAt(r.length() - 1))) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (r.endsWith("ová")) {
            String man = cut(r, 3);
            addEndings(out, man, POSSESSIVE);
            addEndings(out, cut(r, 1), FEMININE_POSSESSIVE);
            return out;
        }
        if (endsAny(r, "ý", "á")) {
            addEndings(out, cut(r, 1), ADJECTIVAL_PLURAL);
            return out;
        }
        char last = r.charAt(r.length() - 1);
        if (last == 'a') {
            addEndings(out, cut(r, 1), POSSESSIVE);
        } else if (!vowel(last)) {
            addEndings(out, r, POSSESSIVE);
            if (fleetingE(r)) {
                addEndings(out, cut(r, 2) + last, POSSESSIVE);
            }
        }
        return out;
    }

    /** Each ending appended to {@code stem}, folded, where the stem has four letters or more. */
    private static void addEndings(List<String> out, String stem, String[] endings) {
        if (stem.length() < 4) {
            return;
        }
        for (String e : endings) {
            out.add(Fold.fold(stem + e));
        }
    }

    /** Whether a token's "e" before its final k, c or l may drop in its other forms ("Zdeněk" → "Zdeňka"). */
    private static boolean fleetingE(String r) {
        return r.length() >= 4 && endsAny(r, "ek", "ěk", "ec", "el", "ěl") && !vowel(r.charAt(r.length() - 3));
    }

    /**
     * The possessives and family plurals ({@link #possessives}) of each token of the last word of a Czech or
     * Slovak name, folded, and the family plurals of a Russian one ({@link #russianPlurals}); empty for other
     * names.
     */
    static List<String> surnamePossessives(String original, List<List<String>> w, String country) {
        if (w.size() >= 2 && cyrillic(w)) {
            List<String> out = new ArrayList<>();
            for (String t : w.get(w.size() - 1)) {
                out.addAll(russianPlurals(t));
            }
            return out;
        }
        if (!czechOrSlovak(original, w, country)) {
            return List.of();
        }
        List<List<String>> lower = lowerWords(original, w);
        if (lower == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String t : lower.get(lower.size() - 1)) {
            out.addAll(possessives(t));
        }
        return out;
    }

    /** Letters only Czech writes, letters only Slovak writes, and those the two share with no other language here. */
    private static final String CZECH_LETTERS = "ěřůĚŘŮ";
    private static final String SLOVAK_LETTERS = "ľĺŕĽĹŔ";
    private static final String CZECH_SLOVAK_LETTERS = "ďťňĎŤŇ";
    /** Czech, Slovak, or either ({@link #czechSlovak}). */
    private static final int CZECH = 1;
    private static final int SLOVAK = 2;
    /**
     * Czech and Slovak forms per token and stem ({@link #czechSlovakForms}): the five cases and a second dative
     * and locative (Czech "Bohumilu Vondráčkovi", "o Přemyslu Novotném").
     */
    private static final int BLOCK = CASES + 1;
    /**
     * Czech and Slovak case forms per token ({@link #czechSlovakForms}): Czech [gen, dat, ins, voc, acc, loc], then
     * the same with a fleeting "e" dropped ("Zdeněk" → "Zdeňka", "Marek" → "Marka"), then Slovak [gen, dat, ins,
     * loc, acc, dat] twice likewise.
     */
    static final int CZECH_SLOVAK_CASES = 4 * BLOCK;

    /**
     * Whether a Latin name is Czech ({@link #CZECH}), Slovak ({@link #SLOVAK}) or either (both bits), by its
     * letters: "ě ř ů" are Czech only, "ľ ĺ ŕ" Slovak only, "ď ť ň" both; a caron ("č š ž", which Croatian and
     * Slovenian write too) counts only with a long vowel ("Tomáš") or a Czech-Slovak surname ending ("-ová",
     * "-ý"). 0 for other names ("José García", "Ivan Horvat").
     */
    private static int czechSlovak(String original, List<List<String>> w) {
        boolean czech = false;
        boolean slovak = false;
        boolean shared = false;
        boolean caron = false;
        boolean acute = false;
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            czech |= CZECH_LETTERS.indexOf(c) >= 0;
            slovak |= SLOVAK_LETTERS.indexOf(c) >= 0;
            shared |= CZECH_SLOVAK_LETTERS.indexOf(c) >= 0;
            caron |= "čšžČŠŽ".indexOf(c) >= 0;
            acute |= "áéíúýÁÉÍÚÝ".indexOf(c) >= 0;
        }
        String last = original.strip().toLowerCase(java.util.Locale.ROOT);
        boolean surname = last.endsWith("ová") || (last.endsWith("ý") && last.length() >= 4);
        if (czech && !slovak) {
            return CZECH;
        }
        if (slovak && !czech) {
            return SLOVAK;
        }
        return shared || surname || (caron && acute) ? CZECH | SLOVAK : 0;
    }

    /**
     * The name's words cut into tokens as {@link NameVariants#words} cuts them, in lower case but not folded ("ě"
     * stays): null where the cut does not line up with the folded tokens {@code w}.
     */
    private static List<List<String>> lowerWords(String original, List<List<String>> w) {
        List<List<String>> out = new ArrayList<>();
        for (String word : original.strip().split("(?U)\\s+")) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < word.length()) {
                if (!Fold.isTokenChar(word.charAt(i))) {
                    i++;
                    continue;
                }
                int end = Fold.tokenEnd(word, i, word.length());
                tokens.add(word.substring(i, end).toLowerCase(java.util.Locale.ROOT));
                i = end;
            }
            if (!tokens.isEmpty()) {
                out.add(tokens);
            }
        }
        if (out.size() != w.size()) {
            return null;
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).size() != w.get(i).size()) {
                return null;
            }
        }
        return out;
    }

    /**
     * Czech and Slovak case forms of a lower-case token as written ({@link #CZECH_SLOVAK_CASES} of them, null
     * where a language or a rule does not apply; unfolded, the caller folds), with the standard endings:
     * masculine "-a/-ovi/-em/-e (-u after k, h, g, ch)/-a" (Slovak "-om"), a surname in "-a" as "předseda"
     * ("-y/-ovi/-ou/-o/-u", Slovak as "hrdina"), feminine "-ová" and "-á" ("-é/-ou", Slovak "-ej/-ú"),
     * adjectival "-ý" and "-í", a feminine given name in "-a" or "-e".
     */
    static String[] czechSlovakForms(String r, boolean surname, int languages) {
        if (r.length() < 3) {
            return null;
        }
        String[] out = new String[CZECH_SLOVAK_CASES];
        for (int fleeting = 0; fleeting < 2; fleeting++) {
            String stem = r;
            if (fleeting == 1) {
                // the "e" before a final k, c, l drops in the other cases: "Zdeněk" → "Zdeňka", "Karel" → "Karla",
                // "Němec" → "Němce"; not always ("Daniel" → "Daniela"), so both stems
                if (!fleetingE(r)) {
                    // the other words of the name keep their one stem in these cases, in agreement
                    System.arraycopy(out, 0, out, BLOCK, BLOCK);
                    System.arraycopy(out, 2 * BLOCK, out, 3 * BLOCK, BLOCK);
                    continue;
                }
                stem = cut(r, 2) + r.charAt(r.length() - 1);
            }
            if ((languages & CZECH) != 0) {
                String[] f = czech(stem, surname, fleeting == 1);
                if (f != null) {
                    System.arraycopy(f, 0, out, fleeting * BLOCK, CASES);
                    out[fleeting * BLOCK + CASES] = czechLocative(stem, surname, fleeting == 1, f);
                }
            }
            if ((languages & SLOVAK) != 0) {
                String[] f = slovak(stem, surname, fleeting == 1);
                if (f != null) {
                    System.arraycopy(f, 0, out, 2 * BLOCK + fleeting * BLOCK, CASES);
                    out[2 * BLOCK + fleeting * BLOCK + CASES] = f[1];
                }
            }
        }
        return out;
    }

    private static boolean vowel(char c) {
        return "aeiouyáéěíóúůýäô".indexOf(c) >= 0;
    }

    /** Czech [gen, dat, ins, voc, acc] of a token (its fleeting "e" dropped when {@code consonantOnly}). */
    private static String[] czech(String r, boolean surname, boolean consonantOnly) {
        char last = r.charAt(r.length() - 1);
        if (!consonantOnly) {
            if (endsAny(r, "á")) {  // Nováková, Novotná
                return five(cut(r, 1), "é", "é", "ou", "á", "ou");
            }
            if (r.endsWith("ý")) {  // Novotný
                return five(cut(r, 1), "ého", "ému", "ým", "ý", "ého");
            }
            if (r.endsWith("í")) {  // Jiří, Krejčí
                return five(cut(r, 1), "ího", "ímu", "ím", "í", "ího");
            }
            if (last == 'a') {
                String stem = cut(r, 1);
                if (surname) {  // Příhoda, as "předseda"
                    return five(stem, "y", "ovi", "ou", "o", "u");
                }
                boolean soft = "šžčřcjďťň".indexOf(stem.charAt(stem.length() - 1)) >= 0;
                return new String[] {stem + (soft ? "i" : "y"), czechSoftened(stem), stem + "ou", stem + "o",
                        stem + "u"};
            }
            if (last == 'e' && !surname) {  // Lucie, Marie
                return five(cut(r, 1), "e", "i", "í", "e", "i");
            }
        }
        if (vowel(last) || !Character.isLetter(last)) {
            return null;
        }
        boolean soft = "šžčřcjďťň".indexOf(last) >= 0;
        boolean velar = "khg".indexOf(last) >= 0;
        String voc = velar ? "u" : soft && last != 'c' ? "i" : "e";
        return five(r, soft ? "e" : "a", "ovi", "em", voc, soft ? "e" : "a");
    }

    /**
     * The Czech locative, and for a man's given name the other dative, of a token whose five cases are {@code f}:
     * "-u" ("Bohumilu", "Zbyňku") or after a soft consonant "-i" ("Tomáši") on a given name ending in a consonant,
     * "-ém" and "-ím" on an adjectival one ("Novotném"), else the dative ("Vondráčkovi").
     */
    private static String czechLocative(String r, boolean surname, boolean consonantOnly, String[] f) {
        char last = r.charAt(r.length() - 1);
        if (!consonantOnly && endsAny(r, "ý", "í")) {
            return cut(r, 1) + (last == 'ý' ? "ém" : "ím");
        }
        if (!surname && !vowel(last) && Character.isLetter(last)) {
            return r + ("šžčřcjďťň".indexOf(last) >= 0 ? "i" : "u");
        }
        return f[1];
    }

    /** The Czech dative and locative of a feminine "-a" stem: its last consonant softened ("Zdeňka" → "Zdeňce"). */
    private static String czechSoftened(String stem) {
        String[][] alternations = {{"ch", "še"}, {"k", "ce"}, {"h", "ze"}, {"g", "ze"}, {"r", "ře"}, {"d", "dě"},
                {"t", "tě"}, {"n", "ně"}};
        for (String[] a : alternations) {
            if (stem.endsWith(a[0])) {
                return cut(stem, a[0].length()) + a[1];
            }
        }
        return stem + "ě";
    }

    /** Slovak [gen, dat, ins, loc, acc] of a token (its fleeting "e" dropped when {@code consonantOnly}). */
    private static String[] slovak(String r, boolean surname, boolean consonantOnly) {
        char last = r.charAt(r.length() - 1);
        if (!consonantOnly) {
            if (r.endsWith("á")) {  // Kováčová
                return five(cut(r, 1), "ej", "ej", "ou", "ej", "ú");
            }
            if (r.endsWith("ý")) {
                return five(cut(r, 1), "ého", "ému", "ým", "om", "ého");
            }
            if (last == 'a') {
                String stem = cut(r, 1);
                return surname ? five(stem, "u", "ovi", "om", "ovi", "u") : five(stem, "y", "e", "ou", "e", "u");
            }
        }
        if (vowel(last) || !Character.isLetter(last) || "íé".indexOf(last) >= 0) {
            return null;
        }
        return five(r, "a", "ovi", "om", "ovi", "a");
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

    /** Folded endings of the family plural of a Russian "-ов", "-ин" surname ("Щербачёвы", "у Щербачёвых"). */
    private static final String[] RUSSIAN_PLURAL = {"ы", "ых", "ым", "ыми"};
    /** Folded endings of the family plural of a Russian "-ский", "-цкий" surname ("Жуковицкие", "Жуковицких"). */
    private static final String[] RUSSIAN_ADJECTIVAL_PLURAL = {"ие", "их", "им", "ими"};

    /**
     * The family plural of a folded Russian surname token in its cases, man's or woman's ("Щербачёва" →
     * "Щербачёвы", "Щербачёвых"; "Жуковицкий" → "Жуковицкие"), folded; none for other endings or a stem
     * shorter than four letters.
     */
    static List<String> russianPlurals(String t) {
        String stem = endsAny(t, "ов", "ев", "ин", "ын") ? t
                : endsAny(t, "ова", "ева", "ина", "ына") ? cut(t, 1) : null;
        String[] endings = RUSSIAN_PLURAL;
        if (stem == null && endsAny(t, "скии", "цкии", "ская", "цкая")) {  // folded "й" is "и"
            stem = cut(t, 2);
            endings = RUSSIAN_ADJECTIVAL_PLURAL;
        }
        if (stem == null || stem.length() < 4) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String e : endings) {
            out.add(Fold.fold(stem + e));
        }
        return out;
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
