package io.lethe.erasure.index;

import io.lethe.text.NormalizedView;
import io.lethe.text.Romanizer;
import io.lethe.text.TagChars;
import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forms a person's name takes in prose, as token sequences (folded): "First Middle Last",
 * "First Last", "First M. Last", "F. Last", "F. M. Last", "Last, First", "Last, First Middle",
 * "Last, F.", and each nickname of the first name with the last name. A surname keeps its particles
 * ("Arthur Miguel da Paz": "A. da Paz", "da Paz, Arthur Miguel"; the forms on the last word alone are kept
 * too). A surname alone is never a variant.
 * Names in scripts without initials (ideographs, kana) get no initial forms; their tokens are single
 * ideographs or kana words ({@link #tokens}), so "王秀英" is [王, 秀, 英] and is found inside "我认识王秀英先生".
 */
public final class NameVariants {

    private static final java.util.regex.Pattern WHITE_SPACE = java.util.regex.Pattern.compile("(?U)\\s+");

    private NameVariants() {
    }

    /**
     * Splits a name into words at white space (any Unicode white space, the ideographic space U+3000 of
     * Japanese names too), each word into folded tokens ("Al-Kuwaiti" → [al, kuwaiti]).
     */
    static List<List<String>> words(String name) {
        List<List<String>> words = new ArrayList<>();
        for (String w : WHITE_SPACE.split(name.strip())) {
            List<String> tokens = tokens(w);
            if (!tokens.isEmpty()) {
                words.add(tokens);
            }
        }
        return words;
    }

    /**
     * Folded tokens as the scanner cuts them (UAX #29 word boundaries, see {@link Fold#isTokenChar}):
     * "Al-Kuwaiti" → [al, kuwaiti], "王秀英" → [王, 秀, 英], "ロルカン・ウィットフィールド" → two katakana
     * tokens (folded like any token: the voicing marks go as diacritics do).
     */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (!Fold.isTokenChar(s.charAt(i))) {
                i++;
                continue;
            }
            int end = Fold.tokenEnd(s, i, s.length());
            out.add(Fold.fold(s.substring(i, end)));
            i = end;
        }
        return out;
    }

    /** Form flag: the given name (and middle names) are initials ("F. Last", "F. M. Last", "Last, F."). */
    public static final int INITIAL = 1;
    /** Form flag: the surname comes first ("Last First", "Last, First Middle", "Last, F."). */
    public static final int REVERSED = 2;
    /**
     * Form flag: the given name is a nickname of the registered one ("Bill Gates" for William Gates), or the
     * whole name is a romanization of one registered in another script (another spelling either way).
     */
    public static final int NICKNAME = 4;
    /** Form flag: the name written backwards, letter by letter ("nidnarG alleirA"). */
    public static final int MIRRORED = 8;
    /**
     * Form flag: the whole name written as one word ("ThaddeusQuillfeather", "#evanderthistlewood"); one that is
     * short and not written with its words' capitals may be an ordinary word ("Will Power", "willpower").
     */
    public static final int JOINED = 16;
    /**
     * Form marker: a user name built from the name, found by {@link UserNames} ("m.quillsworth@",
     * "Quillsworth1970"; red team 16 N3). Written as {@link #MIRRORED} and {@link #JOINED} together, which no
     * other form combines (the postings keep five bits of flags); one departure, judged by the key alone.
     */
    public static final int USER_NAME = MIRRORED | JOINED;

    /** Every variant of a person's name (the keys of {@link #forms}). */
    public static Set<List<String>> ofName(String name, Nicknames nicknames) {
        return forms(name, nicknames).keySet();
    }

    /**
     * Every variant of a person's name with the ways it departs from the name as registered, as a bit set of
     * {@link #INITIAL}, {@link #REVERSED}, {@link #NICKNAME} and {@link #JOINED} (0 for the name itself, "First Last" without
     * middle names and "First M. Last"). Where two forms give the same tokens, the one with fewer flags wins. A
     * surname without the full given name ("Dr. Quillsworth", "Quillsworth et al.") is no form: on the untuned
     * evaluation's seed 2718281 at 100,000 people such forms changed 2.78 % of benign texts ("Dr. Johnson", "Mr.
     * Richard"); they would need a surname-frequency measure (removed after `3f268d7`).
     */
    public static Map<List<String>, Integer> forms(String name, Nicknames nicknames) {
        return forms(name, nicknames, null);
    }

    /**
     * {@link #forms(String, Nicknames)} of a subject of {@code country} (ISO 3166-1 alpha-2, or null when not known):
     * the Spanish forms of a name of two surnames (given name and the father's, {@link #twoSurnames}) only for a
     * Spanish-speaking country or an unknown one. A Brazilian "João Vitor Franco" is João Vitor, not João Franco's
     * "João Vitor" (untuned evaluation, seed 8306624: compound given names of Brazilian subjects).
     */
    public static Map<List<String>, Integer> forms(String name, Nicknames nicknames, String country) {
        boolean spanish = country == null || SPANISH_SPEAKING.contains(country.toUpperCase(java.util.Locale.ROOT));
        List<List<String>> w = words(name);
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        if (w.isEmpty()) {
            return out;
        }
        addAll(out, w, nicknames, spanish);
        addWesternOrder(out, name, w);
        addShortParticles(out, w);
        // the particles glued to the surname ("Fatima-Zahra Elidrissi" for Fatima Zahra El Idrissi,
        // "Vanderhoeven"): another spelling of the same surname, in every form
        List<List<String>> gluedParticles = gluedParticles(w);
        if (gluedParticles != null) {
            addAll(out, gluedParticles, nicknames, spanish);
            for (List<List<String>> joined : joinedWords(gluedParticles)) {
                addAll(out, joined, nicknames, spanish);
            }
        }
        // the Arabic article of a surname spelt the other way or left out ("Tariq el-Haddadi", "Tariq Haddadi"
        // for Tariq al-Haddadi; outside tester, helper-94): another spelling of the same surname, in every form
        for (List<List<String>> other : articleSpellings(w)) {
            addAll(out, other, nicknames, spanish);
            for (List<List<String>> joined : joinedWords(other)) {
                addAll(out, joined, nicknames, spanish);
            }
        }
        // a word of several tokens written as one ("ClaesGöran" for Claes-Göran, "Alkuwaiti" for Al-Kuwaiti), in
        // any combination of such words: the joined word is a spelling of the same name, in every form
        for (List<List<String>> joined : joinedWords(w)) {
            addAll(out, joined, nicknames, spanish);
        }
        // the whole name written as one word, as in a user name, a hashtag or a file name ("ThaddeusQuillfeather",
        // "#evanderthistlewood"): long enough that no ordinary word is one
        if (w.size() > 1 && alphabetic(w)) {
            List<String> all = flat(w);
            putJoined(out, all);
            if (all.size() > 2) {
                putJoined(out, List.of(all.get(0), all.get(all.size() - 1)));
            }
            // user names also put the surname first, or an initial before it ("QuillsworthMiranda",
            // "mquillsworth"; red team 15 R9)
            String surname = String.join("", flat(w.subList(surnameStart(w), w.size())));
            String reversed = surname + String.join("", w.get(0));
            if (reversed.length() >= MIN_JOINED) {
                put(out, List.of(reversed), JOINED | REVERSED);
            }
            if (surname.length() >= MIN_INITIAL_JOINED_SURNAME && !WORD_SURNAMES.contains(surname)) {
                put(out, List.of(initial(w.get(0)) + surname), JOINED | INITIAL);
            }
        }
        return out;
    }

    /**
     * The forms of a Russian or Polish name in its other grammatical cases (red team 17 R17-3, see
     * {@link SlavicCases}): in each case the whole name ("Святослава Ксенофонтова", "Żanety
     * Wróblewskiej-Kęsickiej"), without its middle words, and surname first ({@link #REVERSED}); no nicknames, and
     * no initials (an inflected surname behind an initial is as often a woman's nominative: "С. Ксенофонтова")
     * but for a case no nominative ends in ("Z. Příhodu", "Z. Příhodou", "Т. Жуковицкому"); a Russian name also
     * with the initial after the surname ("Щербачёва Е.", {@link #REVERSED} and {@link #INITIAL}).
     * Empty for other names. Kept apart from {@link #forms} so that the follow-up terms and record fields,
     * which read those, stay as they are.
     */
    public static Map<List<String>, Integer> inflections(String name) {
        return inflections(name, null);
    }

    /**
     * {@link #inflections(String)} of a subject of {@code country} (ISO 3166-1 alpha-2, or null): a Latin name
     * whose letters tell no language takes the cases of its country's ({@link SlavicCases#of}).
     */
    public static Map<List<String>, Integer> inflections(String name, String country) {
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        List<List<String>> w = words(name);
        if (w.size() < 2) {
            return out;
        }
        int s = surnameStart(w);
        boolean czechSlovak = SlavicCases.czechOrSlovak(name, w, country);
        boolean cyrillic = Character.UnicodeBlock.of(w.get(0).get(0).charAt(0)) == Character.UnicodeBlock.CYRILLIC;
        for (List<List<String>> c : SlavicCases.of(name, w, s, country)) {
            List<String> first = c.get(0);
            List<String> last = flat(c.subList(s, c.size()));
            List<String> middle = flat(c.subList(1, s));
            put(out, flat(c), 0);
            put(out, join(first, last), 0);
            put(out, join(last, first, middle), REVERSED);
            if (!middle.isEmpty()) {
                put(out, join(last, first), REVERSED);
            }
            // a hyphenated surname of which each half is declined: "Wróblewskiej-Kęsickiej" joined as one word
            // is no usual spelling, so only the tokens as written
            // Czech and Slovak: an initial before a case of the surname that no nominative ends in ("Z. Příhodu",
            // "Z. Příhodou", "Z. Příhodovi"; outside tester, helper-87); the feminine is "-ová", so only a
            // form ending in "a" ("Z. Nováka") could be another's nominative, and it is left out
            // Russian likewise ("Т. Жуковицкому", "Е. Щербачёвой"; outside tester, helper-95): the feminine
            // nominative ends in "а" ("С. Ксенофонтова"), so a case ending in "а" is left out there too
            if ((czechSlovak || cyrillic) && alphabetic(w) && (w.get(0).size() > 1 || w.get(0).get(0).length() > 1)) {
                String end = last.get(last.size() - 1);
                if (!end.endsWith("a") && !end.endsWith("а") && !last.equals(flat(w.subList(s, w.size())))) {
                    put(out, join(List.of(initial(w.get(0))), last), INITIAL);
                }
            }
        }
        // Russian puts the initials after the surname ("Щербачёва Е.", "Жуковицкому Т."), the given name's and
        // the patronymic's, this one unknown here and left standing: the surname and the given name's initial
        if (cyrillic && alphabetic(w) && (w.get(0).size() > 1 || w.get(0).get(0).length() > 1)) {
            List<String> initial = List.of(initial(w.get(0)));
            put(out, join(flat(w.subList(s, w.size())), initial), REVERSED | INITIAL);
            for (List<List<String>> c : SlavicCases.of(name, w, s, country)) {
                put(out, join(flat(c.subList(s, c.size())), initial), REVERSED | INITIAL);
            }
        }
        return out;
    }

    /**
     * Whether {@code raw[start, end)} is a word shaped as an East Slavic patronymic ("Игоревич", "Igorevna",
     * inflected "Игоревича"): passed over between a given name and a surname as a middle name is (red team 17
     * R17-4; see {@link SlavicCases#isPatronymic}).
     */
    public static boolean patronymic(CharSequence raw, int start, int end) {
        return end - start >= 5 && SlavicCases.isPatronymic(Fold.fold(raw.subSequence(start, end).toString()));
    }

    /**
     * The name of words {@code w} with its surname's particle words glued to it ("El Idrissi" → "Elidrissi"), or
     * null where the surname has no particle word or the name is not written in letters.
     */
    private static List<List<String>> gluedParticles(List<List<String>> w) {
        int s = surnameStart(w);
        if (s >= w.size() - 1 || !alphabetic(w)) {
            return null;
        }
        List<List<String>> out = new ArrayList<>(w.subList(0, s));
        out.add(List.of(String.join("", flat(w.subList(s, w.size())))));
        return out;
    }

    /** The Arabic article as romanized before a surname (folded), each spelling the other's. */
    private static final Set<String> ARTICLES = Set.of("al", "el");

    /**
     * The name of words {@code w} with the Arabic article of its surname ("al-Haddadi", "Al Haddadi", "El
     * Idrissi") in its other spelling and without it; empty where no word after the first begins with one or the
     * name is not written in letters.
     */
    private static List<List<List<String>>> articleSpellings(List<List<String>> w) {
        List<List<List<String>>> out = new ArrayList<>();
        if (w.size() < 2 || !alphabetic(w)) {
            return out;
        }
        for (int i = 1; i < w.size(); i++) {
            List<String> word = w.get(i);
            if (!ARTICLES.contains(word.get(0)) || (word.size() == 1 && i == w.size() - 1)) {
                continue;
            }
            for (String other : ARTICLES) {
                if (!other.equals(word.get(0))) {
                    List<List<String>> swapped = new ArrayList<>(w);
                    List<String> spelt = new ArrayList<>(word);
                    spelt.set(0, other);
                    swapped.set(i, List.copyOf(spelt));
                    out.add(swapped);
                }
            }
            List<List<String>> dropped = new ArrayList<>(w);
            if (word.size() == 1) {
                dropped.remove(i);
            } else {
                dropped.set(i, List.copyOf(word.subList(1, word.size())));
            }
            out.add(dropped);
            break;
        }
        return out;
    }

    /** Dutch particle pairs written short ("v.d.", "v/d", "vd" for "van der", "van den", "van de"). */
    private static final Set<List<String>> DUTCH_PAIRS = Set.of(List.of("van", "der"), List.of("van", "den"),
            List.of("van", "de"));

    /**
     * A Dutch surname's "van der", "van den" or "van de" written short: "Marieke vd Hoeven", "M. v.d. Hoeven",
     * "v/d", "v. d." (the letters as two tokens or one), with the given name or its initial ({@link #INITIAL}),
     * as the particles written out are. Nothing for other names.
     */
    private static void addShortParticles(Map<List<String>, Integer> out, List<List<String>> w) {
        int s = surnameStart(w);
        if (w.size() - s != 3 || !DUTCH_PAIRS.contains(flat(w.subList(s, w.size() - 1)))) {
            return;
        }
        List<String> first = w.get(0);
        List<String> last = w.get(w.size() - 1);
        List<String> middle = flat(w.subList(1, s));
        // and the pairs written for one another ("van de Wijngaarden" for van der Wijngaarden; outside tester,
        // helper-94): one spelling away, as a nickname's form
        for (List<String> pair : DUTCH_PAIRS) {
            if (!pair.equals(flat(w.subList(s, w.size() - 1)))) {
                put(out, join(first, middle, pair, last), NICKNAME);
            }
        }
        for (List<String> particles : List.of(List.of("v", "d"), List.of("vd"))) {
            put(out, join(first, middle, particles, last), 0);
            put(out, join(first, particles, last), 0);
            put(out, join(List.of(initial(first)), particles, last), INITIAL);
        }
    }

    /**
     * Forms of a registered name with the given name of one of the person's aliases ("Seun Adebayo-Okonkwo" for
     * Oluwaseun Adebayo-Okonkwo, alias "Seun Okonkwo"), as a nickname's ({@link #NICKNAME}: one departure): where
     * the alias's surname shares a word of three letters or more with the name's, so that it is the same family
     * name. Empty otherwise.
     */
    public static Map<List<String>, Integer> aliasGivenName(String name, String alias) {
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        List<List<String>> n = words(name);
        List<List<String>> a = words(alias);
        if (n.size() < 2 || a.size() < 2 || !alphabetic(n) || !alphabetic(a) || a.get(0).equals(n.get(0))) {
            return out;
        }
        List<String> nameSurname = flat(n.subList(surnameStart(n), n.size()));
        boolean shared = false;
        for (String t : flat(a.subList(surnameStart(a), a.size()))) {
            shared |= t.length() >= 3 && !isParticle(t) && nameSurname.contains(t);
        }
        if (shared) {
            put(out, join(a.get(0), nameSurname), NICKNAME);
            // and surname first ("Adebayo-Okonkwo, Seun"): else the alias's own "Okonkwo, Seun" is found
            // inside it and "Adebayo-" is left standing (outside tester, helper-87)
            put(out, join(nameSurname, a.get(0)), NICKNAME | REVERSED);
        }
        return out;
    }

    /** Vietnamese family names (folded), which a Vietnamese name registered family name first begins with. */
    private static final Set<String> VIETNAMESE_FAMILY = Set.of("nguyen", "tran", "le", "pham", "hoang", "huynh",
            "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "truong", "dinh", "lam", "mai",
            "trinh", "dao", "cao", "luong", "ha", "ta", "luu", "doan", "chu", "quach", "lai", "tong", "kieu", "thai",
            "trieu", "la", "diep", "vuong", "tang", "khuc", "mac", "phung", "ton", "thach", "giang", "au");
    /** Vietnamese middle names (folded) that mark a name as Vietnamese where its letters do not. */
    private static final Set<String> VIETNAMESE_MIDDLE = Set.of("thi", "van", "duc", "huu", "ngoc", "thanh",
            "xuan", "quoc", "cong", "minh", "kim", "bao", "gia");
    /** Letters only Vietnamese writes (lower case): horn, breve, stroke, and vowels with a tone mark and another. */
    private static final String VIETNAMESE_LETTERS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";

    /**
     * Given names of Spain, Portugal and Latin America (folded) that the nickname list, an English one, lacks: the
     * second word of "Juan Carlos Berrocal" is a given name, not a first surname.
     */
    private static final Set<String> IBERIAN_GIVEN = Set.of("jose", "juan", "maria", "carlos", "luis", "manuel",
            "antonio", "miguel", "angel", "pablo", "andres", "alberto", "javier", "francisco", "jesus", "ignacio",
            "fernando", "eduardo", "enrique", "ramon", "alejandro", "jorge", "pedro", "tomas", "felipe", "rafael",
            "vicente", "emilio", "esteban", "mario", "sergio", "martin", "mateo", "isabel", "carmen", "teresa",
            "elena", "pilar", "lucia", "sofia", "rosa", "ana", "ines", "luisa", "paula", "cristina", "victoria",
            "fernanda", "gabriela", "alejandra", "beatriz", "eugenia", "mercedes", "dolores", "concepcion",
            "guadalupe", "belen", "laura", "marta", "josefa", "antonia", "manuela", "joao", "paulo", "henrique",
            "guilherme", "gustavo", "ricardo", "roberto", "alfonso", "alvaro", "diego", "gabriel", "joaquin",
            "julio", "lorenzo", "marcos", "nicolas", "oscar", "raul", "rodrigo", "salvador", "santiago", "simon",
            "victor", "agustin", "cristobal", "domingo", "gonzalo", "hugo", "ivan", "jaime", "leonardo", "lucas",
            "marcelo", "mariano", "patricio", "sebastian", "amparo", "remedios", "rocio", "consuelo", "soledad",
            "socorro", "asuncion", "montserrat", "nuria", "jordi", "josep", "xavier", "inmaculada", "encarnacion",
            "fatima", "conceicao", "graca", "camila", "valentina", "daniela", "andrea", "carla",
            "silvia", "raquel", "julia", "clara", "adriana", "veronica", "patricia", "monica", "susana", "lourdes",
            "angeles", "milagros", "luz", "estela", "estrella", "esperanza", "alicia", "natalia", "irene", "eva");

    /**
     * Given names (folded) that begin a compound one, "José María", "Juan Carlos": without the second, another
     * person's ("Echeverría, José" is not José María Echeverría Olaizola).
     */
    private static final Set<String> COMPOUND_FIRST = Set.of("jose", "juan", "maria", "ana", "luis", "carlos",
            "francisco", "miguel", "manuel", "antonio", "pedro", "jesus", "joao", "juana", "rosa", "luz");

    /** East Asian family names (folded) that begin a romanized name: "Wang Xiao Ming" has no first surname. */
    private static final Set<String> EAST_ASIAN_FAMILY = Set.of("wang", "zhang", "chen", "liu", "yang", "huang",
            "zhao", "zhou", "xu", "sun", "zhu", "guo", "lin", "luo", "gao", "liang", "zheng", "xie", "song", "tang",
            "deng", "feng", "cheng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "jiang", "cai",
            "wei", "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "shin", "seo",
            "kwon", "hwang", "ahn", "yoo", "hong", "jeon", "moon", "chang", "wong", "chan", "cheung", "leung");

    /** Fewest letters of a first surname that a given name alone may stand with ({@link #twoSurnames}). */
    private static final int MIN_FIRST_SURNAME = 5;

    /**
     * Whether a name of three or four words of one token each reads as Spanish or Portuguese, given names then two
     * surnames: its first word is no English given name of the nickname list (or is an Iberian one), and the word
     * before the last is no given name, particle or common word but a surname of {@value #MIN_FIRST_SURNAME}
     * letters or more. "John Kennedy Smith", "Mary Ann Smith", "Juan Carlos Pérez", "Wang Xiao Ming" and
     * Vietnamese names are not.
     */
    static boolean twoSurnames(List<List<String>> w, Nicknames nicknames) {
        if (w.size() < 3 || w.size() > 4 || familyNameFirst(w)) {
            return false;
        }
        for (List<String> word : w) {
            if (word.size() != 1) {
                return false;
            }
        }
        String first = w.get(0).get(0);
        String fatherly = w.get(w.size() - 2).get(0);
        if (first.length() < 3 || EAST_ASIAN_FAMILY.contains(first)
                || (nicknames.isListed(first) && !IBERIAN_GIVEN.contains(first))) {
            return false;
        }
        for (List<String> word : w.subList(1, w.size() - 1)) {
            if (isParticle(word.get(0))) {
                return false;
            }
        }
        return fatherly.length() >= MIN_FIRST_SURNAME && !nicknames.isListed(fatherly)
                && !IBERIAN_GIVEN.contains(fatherly) && !WORD_SURNAMES.contains(fatherly)
                && !WORD_GIVEN_NAMES.contains(fatherly);
    }

    /** Spanish-speaking countries (ISO 3166-1 alpha-2), whose names carry the father's and the mother's surname. */
    private static final Set<String> SPANISH_SPEAKING = Set.of("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT",
            "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "PR", "GQ");

    /** Whether one of {@code words} is a surname particle written as a word of its own ("van", "der"). */
    private static boolean particleIn(List<List<String>> words) {
        for (List<String> word : words) {
            if (word.size() == 1 && isParticle(word.get(0))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name's first word is a Vietnamese family name: such a name ends in its given name, not a surname. */
    static boolean familyNameFirst(List<List<String>> w) {
        return w.get(0).size() == 1 && VIETNAMESE_FAMILY.contains(w.get(0).get(0));
    }

    /**
     * A Vietnamese name registered family name first ("Nguyễn Thị Hoàng Yến"), of three words or more, written in
     * Western order (red team 17 R17-12): the given names before the family name, with the middle name ("Thị
     * Hoàng Yến Nguyễn") and without it ("Hoàng Yến Nguyễn"). The two-word "Yến Nguyễn" is the reversed form
     * already.
     */
    private static void addWesternOrder(Map<List<String>, Integer> out, String name, List<List<String>> w) {
        if (w.size() < 3 || w.get(0).size() != 1 || !VIETNAMESE_FAMILY.contains(w.get(0).get(0))) {
            return;
        }
        boolean letters = false;
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < lower.length() && !letters; i++) {
            letters = VIETNAMESE_LETTERS.indexOf(lower.charAt(i)) >= 0;
        }
        if (!letters && !(w.get(1).size() == 1 && VIETNAMESE_MIDDLE.contains(w.get(1).get(0)))) {
            return;
        }
        put(out, join(flat(w.subList(1, w.size())), w.get(0)), 0);
        put(out, join(flat(w.subList(2, w.size())), w.get(0)), 0);
    }

    /**
     * An alias of two words or more written surname first ("Ksenofontov, Svyatoslav" for the alias "Svyatoslav
     * Ksenofontov"; red team 17 R17-6), as a name's {@link #REVERSED} form is: the last word (with its
     * particles) before the others. Null for an alias of one word or not written in letters.
     */
    public static List<String> aliasReversed(String alias) {
        List<List<String>> w = words(alias);
        if (w.size() < 2 || !alphabetic(w)) {
            return null;
        }
        int s = surnameStart(w);
        return join(flat(w.subList(s, w.size())), flat(w.subList(0, s)));
    }

    /**
     * The surname of a name of words {@code w} (its particles joined to it, folded) when it is distinctive enough
     * that a user name of it and an initial identifies the person ("mquillsworth", "quillsworth_m"): of
     * {@value #MIN_INITIAL_JOINED_SURNAME} letters or more and no common word ({@link #WORD_SURNAMES}); null
     * otherwise, for a name of one word or one not written in letters.
     */
    static String userNameSurname(List<List<String>> w) {
        if (w.size() < 2 || !alphabetic(w)) {
            return null;
        }
        String surname = String.join("", flat(w.subList(surnameStart(w), w.size())));
        return surname.length() >= MIN_INITIAL_JOINED_SURNAME && !WORD_SURNAMES.contains(surname) ? surname : null;
    }

    /**
     * Fewest letters of a surname written with the initial glued before it as a form ("mquillsworth"): shorter
     * ones, a letter before them, make English words too often ("sport" for Port).
     */
    static final int MIN_INITIAL_JOINED_SURNAME = 7;

    /** Fewest letters of a whole name written as one word that is a form of its own ({@link #forms}). */
    static final int MIN_JOINED = 9;

    private static void putJoined(Map<List<String>, Integer> out, List<String> tokens) {
        String joined = String.join("", tokens);
        if (joined.length() >= MIN_JOINED) {
            put(out, List.of(joined), JOINED);
        }
    }

    /** The forms of a name of words {@code w} (each a list of folded tokens). */
    private static void addAll(Map<List<String>, Integer> out, List<List<String>> w, Nicknames nicknames,
                               boolean spanish) {
        put(out, flat(w), 0);
        if (w.size() == 1) {
            return;
        }
        // a surname with particles ("Arthur Miguel da Paz", "Lilou Le Gall") keeps them in every form: "A. da
        // Paz", "da Paz, Arthur Miguel"; the forms on the last word alone ("A. Paz") are kept too
        int s = surnameStart(w);
        addForms(out, w, s, nicknames, spanish);
        if (s < w.size() - 1) {
            addForms(out, w, w.size() - 1, nicknames, spanish);
        }
    }

    /** Most words of several tokens whose joinings are combined one by one; beyond it, all are joined at once. */
    private static final int MAX_JOINED_WORDS = 3;

    /**
     * The words with some words of several letter tokens joined into one: each non-empty combination of such
     * words (all at once where there are more than {@value #MAX_JOINED_WORDS}); none for other scripts.
     */
    private static List<List<List<String>>> joinedWords(List<List<String>> w) {
        List<Integer> several = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).size() > 1) {
                several.add(i);
            }
        }
        if (several.isEmpty() || !alphabetic(w)) {
            return List.of();
        }
        int combos = several.size() > MAX_JOINED_WORDS ? 1 : (1 << several.size()) - 1;
        List<List<List<String>>> out = new ArrayList<>();
        for (int m = 1; m <= combos; m++) {
            List<List<String>> joined = new ArrayList<>(w);
            for (int b = 0; b < several.size(); b++) {
                if (combos == 1 || (m & (1 << b)) != 0) {
                    int i = several.get(b);
                    joined.set(i, List.of(String.join("", w.get(i))));
                }
            }
            out.add(joined);
        }
        return out;
    }

    /**
     * Surname particles (folded): Romance, Dutch, German, Scandinavian and Arabic ones, written as words of their
     * own before the surname ("da", "van der", "von", "Le", "bin", "Abu", "أبو").
     */
    private static final Set<String> PARTICLES = particles("da", "das", "de", "del", "della", "delle", "dei",
            "degli", "der", "den", "des", "di", "do", "dos", "du", "la", "le", "lo", "las", "los", "van", "von",
            "ter", "ten", "te", "op", "zu", "zum", "zur", "af", "av", "bin", "ibn", "bint", "binti", "al", "el",
            "abu", "ben", "ould", "بن", "ابن", "أبو", "ابو", "بنت");

    private static Set<String> particles(String... ps) {
        Set<String> out = new java.util.HashSet<>();
        for (String p : ps) {
            out.add(Fold.fold(p));
        }
        return Set.copyOf(out);
    }

    /** Whether a folded token is a surname particle ("da", "van", "le", "bin"). */
    public static boolean isParticle(String folded) {
        return PARTICLES.contains(folded);
    }

    /**
     * Where the surname begins: the last word, with the particle words before it ("da Paz", "van der Berg"),
     * leaving at least one given name.
     */
    static int surnameStart(List<List<String>> w) {
        int s = w.size() - 1;
        while (s > 1 && w.get(s - 1).size() == 1 && isParticle(w.get(s - 1).get(0))) {
            s--;
        }
        return s;
    }

    /**
     * The standard abbreviations of English given names, as older records and citations write them ("Wm.",
     * "Chas.", "Thos."), by the folded given name they stand for.
     */
    private static final Map<String, List<String>> ABBREVIATIONS = Map.ofEntries(
            Map.entry("william", List.of("wm")), Map.entry("charles", List.of("chas")),
            Map.entry("george", List.of("geo")), Map.entry("thomas", List.of("thos")),
            Map.entry("james", List.of("jas")), Map.entry("john", List.of("jno")),
            Map.entry("robert", List.of("robt")), Map.entry("richard", List.of("richd")),
            Map.entry("edward", List.of("edw")), Map.entry("benjamin", List.of("benj")),
            Map.entry("samuel", List.of("saml")), Map.entry("joseph", List.of("jos")),
            Map.entry("daniel", List.of("danl")), Map.entry("alexander", List.of("alexr")),
            Map.entry("frederick", List.of("fredk")), Map.entry("henry", List.of("hy")));

    private static final Set<String> ABBREVIATED = ABBREVIATIONS.values().stream().flatMap(List::stream)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether {@code text[start, end)} is one of the given-name abbreviations ("Wm", "Chas"), a dot may follow. */
    static boolean isGivenNameAbbreviation(CharSequence text, int start, int end) {
        return start >= 0 && end - start >= 2 && end - start <= 5
                && ABBREVIATED.contains(text.subSequence(start, end).toString().toLowerCase(java.util.Locale.ROOT));
    }

    /** The forms of a name whose surname is the words from {@code s} on. */
    private static void addForms(Map<List<String>, Integer> out, List<List<String>> w, int s, Nicknames nicknames,
                                 boolean spanish) {
        List<String> first = w.get(0);
        List<String> last = flat(w.subList(s, w.size()));
        List<List<String>> middle = w.subList(1, s);
        // initials exist in alphabetic scripts only: "山田 太郎" has no "山. 太郎"
        boolean initials = alphabetic(w);
        List<String> fi = List.of(initial(first));
        List<List<String>> middleInitials = new ArrayList<>();
        for (List<String> m : middle) {
            middleInitials.add(List.of(initial(m)));
        }
        if (!middle.isEmpty()) {
            put(out, join(first, last), 0);
            if (initials) {
                put(out, join(first, flat(middleInitials), last), 0);
                put(out, join(fi, flat(middleInitials), last), INITIAL);
            }
            if (initials) {
                put(out, join(last, first, flat(middle)), REVERSED);
            }
            // a name of two surnames without the second: Spanish drops the mother's, the last ("José María
            // Echeverría" for José María Echeverría Olaizola), Portuguese the mother's before the father's ("José
            // Manuel Barroso" for José Manuel Durão Barroso); with two words in the middle, three words stay, as
            // specific as the name (outside tester, helper-81); one departure, as a nickname's form
            // (not with particles as the middle words: "Pieter van der" is no name of Pieter van der Wijngaarden's)
            if (middle.size() >= 2 && s == w.size() - 1 && initials && !familyNameFirst(w) && !particleIn(middle)) {
                put(out, join(first, flat(middle)), NICKNAME);
                put(out, join(first, flat(middle.subList(0, middle.size() - 1)), last), NICKNAME);
                // and surname first with all the given names, as citations write them ("Echeverría, José
                // María", "Barroso, José Manuel", "Durão Barroso, José Manuel"): a reversed form that stops at
                // the first given name leaves the others standing (outside tester, helper-87)
                List<String> given = join(first, flat(middle.subList(0, middle.size() - 1)));
                List<String> fatherly = middle.get(middle.size() - 1);
                put(out, join(fatherly, given), NICKNAME | REVERSED);
                // "Barroso, José Manuel" holds the reversed form "Barroso, José" whole: judged as that one is
                put(out, join(last, given), REVERSED);
                put(out, join(fatherly, last, given), REVERSED);
            }
            // a Spanish name of three words is given name, father's and mother's surname: written without the
            // mother's ("Leocadio Berrocal" for Leocadio Berrocal Manzanedo), surname first ("Berrocal, Leocadio"),
            // and with "y" between the two ("Berrocal y Manzanedo"); with four words, the first given name and the
            // father's ("Remedios Castañeda" for Remedios Amparo Castañeda Villalobos; outside tester, helper-94)
            if (spanish && s == w.size() - 1 && initials && twoSurnames(w, nicknames)
                    && (middle.size() == 1 || !COMPOUND_FIRST.contains(first.get(0)))) {
                List<String> fatherly = middle.get(middle.size() - 1);
                List<String> given = join(first, flat(middle.subList(0, middle.size() - 1)));
                put(out, join(first, fatherly), NICKNAME);
                put(out, join(fatherly, first), NICKNAME | REVERSED);
                for (String and : List.of("y", "e")) {
                    put(out, join(given, fatherly, List.of(and), last), 0);
                }
            }
            // a person known by a distinctive middle name ("Corvin Ashbrook" for Thaddeus Corvin Ashbrook; red
            // team 15 R11): another given name, as a nickname is; not a common one ("Marie Smith"); not a
            // Vietnamese name's given names without the family name ("Minh Triết" for Đoàn Minh Triết: a word,
            // "wisdom", and many people's given names; outside tester, helper-94)
            List<String> m = middle.get(middle.size() - 1);
            if (middle.size() == 1 && m.size() == 1 && m.get(0).length() >= 3 && !nicknames.isListed(m.get(0))
                    && !isParticle(m.get(0)) && !familyNameFirst(w) && !IBERIAN_GIVEN.contains(m.get(0))) {
                put(out, join(m, last), NICKNAME);
            }
        }
        if (initials && (first.size() > 1 || first.get(0).length() > 1)) {
            put(out, join(fi, last), INITIAL);
            put(out, join(fi, flat(middle), last), INITIAL);
        }
        if (initials && first.size() > 1) {
            // a hyphenated given name by the initial of each part: "J.-B.", "J.B." (a token each) or "JB" (one)
            List<String> each = new ArrayList<>();
            for (String t : first) {
                each.add(initial(List.of(t)));
            }
            put(out, join(each, last), INITIAL);
            put(out, join(List.of(String.join("", each)), last), INITIAL);
            // and after the surname ("Lefèvre-Darcourt, J.-B."): not "Lefèvre-Darcourt, J." with ".-B." left
            put(out, join(last, each), REVERSED | INITIAL);
            put(out, join(last, List.of(String.join("", each))), REVERSED | INITIAL);
        }
        if (initials && first.size() == 1) {
            // the abbreviations of English given names ("Wm. Ashcombe", "Chas. Ashcombe"): an initial's form, and
            // judged as one
            for (String abbreviation : ABBREVIATIONS.getOrDefault(first.get(0), List.of())) {
                put(out, join(List.of(abbreviation), last), INITIAL);
                // surname first, as an initial is ("Thistlewood, Wm."; helper-86)
                put(out, join(last, List.of(abbreviation)), REVERSED | INITIAL);
            }
        }
        // "Last First" is a Western re-ordering: ideographic names are written surname first already
        if (initials) {
            put(out, join(last, first), REVERSED);
            put(out, join(last, fi), REVERSED | INITIAL);
        }
        if (first.size() == 1) {
            for (String nick : nicknames.of(first.get(0))) {
                put(out, join(List.of(nick), last), NICKNAME);
                if (!middle.isEmpty()) {
                    put(out, join(List.of(nick), flat(middle), last), NICKNAME);
                }
            }
        }
    }

    /**
     * How far a name as written departs from the registered one: one for each of an initial, a reversed
     * order without a comma ("Grandin Ariella"; "Grandin, A." is the citation form; two where not even a
     * space separates the words), a nickname or romanization, a typo, writing backwards, a first or last word
     * written lower-case ("a smart", "I will"; only where the script has case; a last word of one letter —
     * spaced or dotted writing — and lower-case dotted initials "g. l. lindqvist" are not judged; a lower-case
     * first word of three letters or fewer before a capitalized one counts two: "in Larkin's"), a comma after a leading initial
     * ("D.C., Paul") and an initial in another script than the surname ("κ. Tavares").
     *
     * @param raw   the text as received; {@code start}/{@code end} the name's span in it (UTF-16, end exclusive)
     * @param form  the variant's {@link #forms} flags, or {@link #MIRRORED} for a name written backwards
     *              (one departure, plus a typo; a name written forwards in title case is not mirrored)
     * @param typo  whether a word was matched with a typo
     */
    /**
     * Chars after a name's end that {@link #departures} reads for a form with an initial (a capitalized word
     * after "G. David", a lower-case one after "Estévez, I"): a stream judges such a hit once they are there.
     */
    public static final int LOOKAHEAD = 3;

    /** Chars around an "M." that {@link #departures} reads to tell Monsieur from an initial (French prose). */
    static final int FRENCH_WINDOW = 80;

    /**
     * The offset up to which the text must be there before {@link #departures} can judge a hit with an initial
     * at {@code [start, end)}: {@link #LOOKAHEAD} chars after it, and for one that begins with "M." the
     * {@value #FRENCH_WINDOW} chars after its start that tell Monsieur from an initial.
     */
    public static int judgedUpTo(CharSequence raw, int start, int end) {
        boolean mDot = start + 1 < raw.length() && raw.charAt(start) == 'M' && raw.charAt(start + 1) == '.';
        return Math.max(end + LOOKAHEAD, mDot ? start + FRENCH_WINDOW : 0);
    }

    /**
     * Whether a hit at {@code [start, end)} of the given form must wait for the text after it before
     * {@link #departures} can judge it, and up to which offset ({@code -1} when it need not): a form with an
     * initial ({@link #judgedUpTo}), and a name of common words in lower case ("mark.price"), which is a phrase
     * unless an e-mail's "@" follows its user name ({@link #identityContext}).
     */
    public static int deferredUpTo(CharSequence raw, int start, int end, int form) {
        if ((form & USER_NAME) == USER_NAME) {
            return -1;  // judged by its key, once its run has ended
        }
        int upTo = -1;
        if ((form & INITIAL) != 0) {
            upTo = judgedUpTo(raw, start, end);
        }
        if (ordinaryPhrase(raw, start, end) || shortJoined(raw, start, end, form)) {
            upTo = Math.max(upTo, localPartEnd(raw, end) + 1);
        }
        return upTo;
    }

    /** Chars of an e-mail's user name read after a name ("mark.price-8812@"), at most this many. */
    private static final int USER_NAME_TAIL = 32;

    /** The end of the run of e-mail user-name chars (letters, digits, ". _ + -") from {@code end}, bounded. */
    private static int localPartEnd(CharSequence raw, int end) {
        int i = end;
        while (i < raw.length() && i - end < USER_NAME_TAIL) {
            char c = raw.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-')) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Text before a name that makes it a user name or a record's person: a profile URL, a person field's key. */
    private static final java.util.regex.Pattern IDENTITY_BEFORE = java.util.regex.Pattern.compile(
            "(?:(?:twitter|x|github|gitlab|instagram|facebook|tiktok|threads|medium|reddit|youtube|bsky|mastodon"
                    + "|pinterest|soundcloud|behance|dribbble|keybase|substack)\\.(?:com|app|social|io)/(?:@|u/|user/|in/)?"
                    + "|linkedin\\.com/in/|t\\.me/|/(?:users?|u|profiles?|people|authors?|members?|in|~)/|(?<![\\w.])@"
                    + "|(?<![a-z])(?:(?:full|display|user|real|contact|legal)[_ ]?name|author|user|owner"
                    + "|contact|person|customer|employee|patient|client|member|assignee|reporter|sender|recipient|handle"
                    + "|login|username|signed[_ ]by|written[_ ]by)[\"']?[ \\t]*[:=][ \\t]*[\"']?)$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A bare "name" key before a value: a person only where the value is written as words ("grace hall"). */
    private static final java.util.regex.Pattern NAME_KEY_BEFORE = java.util.regex.Pattern.compile(
            "(?<![a-z_])name[\"']?[ \\t]*[:=][ \\t]*[\"']?$", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether a name at {@code [start, end)} stands where a person is named by their user name or as a record's
     * person, so that a lower-case name of common words is no phrase there (red team 16 N8): an e-mail's user
     * name ("grace_hall@", "mark.price-8812@"), a handle or profile URL ("@joy_long", "twitter.com/gracehall",
     * "linkedin.com/in/mark-price-8812"), or the value of a person field ({@code "name": "grace hall"} written as
     * words, "author: joy_long").
     */
    static boolean identityContext(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        int tail = localPartEnd(raw, end);
        if (tail < raw.length() && raw.charAt(tail) == '@') {
            return true;
        }
        CharSequence before = raw.subSequence(Math.max(0, start - 48), start);
        // a schema's {"name": "mark_price"} names a field, not a person
        return IDENTITY_BEFORE.matcher(before).find()
                || (hasSpace(raw, start, end) && NAME_KEY_BEFORE.matcher(before).find());
    }

    /**
     * Whether the word at {@code raw[start, end)} (UTF-16, end exclusive) is written as a user name: where
     * {@link #identityContext} reads one (an e-mail's "@" after it, a handle's "@" or a profile URL before it,
     * a person field's key), or with digits glued after its letters ("quillsworth1970"). A follow-up term in
     * lower case counts there ("mirandaq@" once Miranda Quillsworth is named; red team 16 N3).
     */
    public static boolean userNameAt(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        if (start >= end) {
            return false;
        }
        return identityContext(raw, start, end)
                || (Character.isDigit(raw.charAt(end - 1)) && Character.isLetter(raw.charAt(start)));
    }

    /**
     * The offset up to which the text must be there before {@link #userNameAt} can judge a word ending at
     * {@code end}: the e-mail user-name chars after it and the char after them (an "@" or not).
     */
    public static int userNameJudgedUpTo(CharSequence raw, int end) {
        return localPartEnd(raw, end) + 1;
    }

    /** Whether a run-together name is short enough, in plain case, to be read as a word ({@link #departures}). */
    private static boolean shortJoined(CharSequence raw, int start, int end, int form) {
        return (form & JOINED) != 0 && (form & INITIAL) == 0 && letters(raw, start, end) < SURE_JOINED
                && !innerCapital(raw, start, end);
    }

    public static int departures(CharSequence raw, int start, int end, int form, boolean typo) {
        if ((form & USER_NAME) == USER_NAME) {
            return 1;  // a user name of a distinctive surname ({@link UserNames}): its key is its judgement
        }
        raw = withoutAsides(raw, start, end);
        if (amount(raw, start, end)) {
            return 2;  // "$1.60" read in leetspeak as "si bo": an amount or a decimal number is no name
        }
        boolean identity = identityContext(raw, start, end);
        if (shortJoined(raw, start, end, form) && !identity) {
            return 2;  // "willpower" for Will Power: a short run-together name in plain case is too often a word
        }
        if ((form & MIRRORED) != 0) {
            // backwards writing puts capitals at word ends: a word written "Leon" is not "noeL" reversed
            return titleCaseWord(raw, start, end) ? 2 : 1 + (typo ? 1 : 0);
        }
        int n = Integer.bitCount(form & (INITIAL | NICKNAME)) + (typo ? 1 : 0);
        if ((form & (INITIAL | REVERSED)) == INITIAL && accentedWordInitial(raw, start, end)) {
            n++;  // "À Noël": an undotted letter with a grave accent is a word (French "à", Italian "è"), not an initial
        }
        if ((form & INITIAL) != 0 && start + 1 < raw.length() && start + 1 < end
                && (raw.charAt(start + 1) == '\'' || raw.charAt(start + 1) == '\u2019')) {
            n++;  // "O'Reilly", "D'Angelo": a letter before an apostrophe is part of the surname, not an initial
        }
        if ((form & REVERSED) != 0 && !contains(raw, start, end, ',') && !cyrillicInitialAfter(raw, start, end, form)) {
            // without a comma, and without even a space it reads as one compound word ("Jean-Pierre"); a whole
            // name run together is a user name, whichever word comes first
            n += hasSpace(raw, start, end) || ((form & JOINED) != 0 && !contains(raw, start, end, '-')) ? 1 : 2;
        }
        if (!dottedInitialFirst(raw, start, end) && ((form & JOINED) == 0 || (form & (INITIAL | REVERSED)) == 0)) {
            // but "g. l. lindqvist": dotted initials mark a name written in lower case on purpose, and so do user
            // names with the initial or the surname first ("mquillsworth"; their own step is counted)
            int lower = lowerCaseWord(raw, start, end);
            // a citation "Last, First" writes the surname capitalized: "In summer, Ruth went" is no citation
            n += (form & REVERSED) != 0 && lower > 0 && lowerCaseStart(raw, start, end) ? 2 : lower;
        }
        if (ordinaryPhrase(raw, start, end) && !identity) {
            n++;  // "the mark price", "a rose baker": in lower case, a name of two common words is a phrase
        }
        boolean record = record(raw, start, end);
        if ((form & REVERSED) == 0 && contains(raw, start, end, ',') && !record && !familyNameComma(raw, start, end)
                && !io.lethe.text.NormalizedView.codeWordsOnly(raw, start, end)
                && !io.lethe.text.NormalizedView.commasPartLiterals(raw, start, end)
                && !io.lethe.text.NormalizedView.commasPartCodes(raw, start, end)) {
            // "First, Last" is no name form ("Amy, Wood and Stone", "Sam, green with envy"); spelt in code
            // words, a comma parts the name's words ("Charlie Oscar ..., Alfa Sierra ..."), in a list of
            // literals the pieces a join puts together ("''.join(['Cor', 'win'])"), and in a codes call its
            // chars ("String.fromCharCode(77,105,...)")
            n += 2;
        }
        if (record || symbolBetweenWords(raw, start, end)) {
            n++;  // the words as the fields of a record, or symbols between them: one step from the name written
        }
        if ((form & INITIAL) != 0 && otherScriptInitial(raw, start, end)) {
            n++;  // Greek "κ. Tavares" (κύριος, Mr.) read as "K. Tavares": a look-alike and an initial
        }
        if ((form & INITIAL) != 0 && (form & REVERSED) == 0 && frenchMonsieur(raw, start)) {
            n++;  // "M. Costa" in French prose is Monsieur Costa: a title and a surname, no initial
        }
        if ((form & (INITIAL | REVERSED | NICKNAME)) != 0 && afterGivenNameOrInitial(raw, start)) {
            n++;  // "Robert C. Miller", "R. C. Thomas", "Margaret Lou Thomas": the end of someone else's name
        }
        if ((form & INITIAL) != 0 && (form & REVERSED) == 0 && beforeCapitalizedWord(raw, end)) {
            n++;  // "G. David Thompson": the start of someone else's name
        }
        if ((form & (INITIAL | REVERSED)) == (INITIAL | REVERSED) && trailingLetterIsAWord(raw, start, end)) {
            n++;  // "Estévez, I am pleased": the pronoun, not an initial
        }
        return n;
    }

    /**
     * Whether {@code raw[start, end)} is a Cyrillic surname with the given name's initial after it ("Щербачёва Е."),
     * as Russian writes a name: no reversal to count.
     */
    private static boolean cyrillicInitialAfter(CharSequence raw, int start, int end, int form) {
        return (form & INITIAL) != 0 && end < raw.length() && raw.charAt(end) == '.' && end - start >= 4
                && Character.UnicodeBlock.of(raw.charAt(start)) == Character.UnicodeBlock.CYRILLIC
                && Character.isUpperCase(raw.charAt(end - 1)) && !Character.isLetter(raw.charAt(end - 2));
    }

    /**
     * Whether the name at {@code raw[start, end)} begins with a Vietnamese family name and a comma after it, as a
     * citation writes a name whose family name comes first anyway ("Doan, Minh Triet"; outside tester, helper-94):
     * the registered order with the citation's comma, no "First, Last".
     */
    private static boolean familyNameComma(CharSequence raw, int start, int end) {
        int comma = start;
        while (comma < end && Character.isLetter(raw.charAt(comma))) {
            comma++;
        }
        return comma > start && comma < end && raw.charAt(comma) == ','
                && VIETNAMESE_FAMILY.contains(Fold.fold(raw.subSequence(start, comma).toString()))
                && !contains(raw, comma + 1, end, ',');
    }

    /**
     * Brackets an aside between a name's words may stand in ("(née Holt)", "[née Holt]", "{Holt}", "«Mimi»"; red
     * team 13), read by {@link NameMatcher} and judged by {@link #withoutAsides}.
     */
    static final String ASIDE_OPEN = "([{\u00AB\u2039";
    /** The closing brackets of {@link #ASIDE_OPEN}, in its order. */
    static final String ASIDE_CLOSE = ")]}\u00BB\u203A";

    /**
     * Opening quotes a nickname or a short aside between a name's words may stand in, in the styles of English
     * ("“ ”", "‘ ’"), German and Czech ("„ “", "‚ ‘", "» «"), and Japanese and Chinese ("「 」", "『 』"); closed
     * as {@link #closesQuote} says. French guillemets are in {@link #ASIDE_OPEN}.
     */
    static final String QUOTE_OPEN = "\"'\u201C\u2018\u201E\u201A\u00BB\u203A\u300C\u300E";

    /** Whether {@code c} closes a quote opened with {@code open} ({@link #QUOTE_OPEN}). */
    static boolean closesQuote(char open, char c) {
        return switch (open) {
            case '"', '\'' -> c == open;
            case '\u201C' -> c == '\u201D';
            case '\u2018' -> c == '\u2019';
            case '\u201E' -> c == '\u201C' || c == '\u201D';  // German „…“, Polish and Hungarian „…”
            case '\u201A' -> c == '\u2018' || c == '\u2019';
            case '\u00BB' -> c == '\u00AB';
            case '\u203A' -> c == '\u2039';
            case '\u300C' -> c == '\u300D';
            case '\u300E' -> c == '\u300F';
            default -> false;
        };
    }

    /**
     * {@code raw}, or a copy with the inside of each bracketed aside in {@code [start, end)} blanked out
     * ("Evander (née Holt, formerly Smith) Thistlewood"): a comma, a dash or a record's signs within an aside
     * the matcher passed over are not between the name's words.
     */
    private static CharSequence withoutAsides(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        StringBuilder copy = null;
        for (int i = Math.max(start, 1); i < end; i++) {
            int kind = ASIDE_OPEN.indexOf(raw.charAt(i));
            if (kind < 0 || raw.charAt(i - 1) != ' ') {
                continue;
            }
            int j = i + 1;
            while (j < end && raw.charAt(j) != ASIDE_CLOSE.charAt(kind)) {
                j++;
            }
            if (j == end) {
                break;
            }
            if (copy == null) {
                copy = new StringBuilder(raw);
            }
            for (int k = i + 1; k < j; k++) {
                copy.setCharAt(k, ' ');
            }
            i = j;
        }
        return copy == null ? raw : copy;
    }

    /**
     * Whether a hit spans the fields of a record, not prose: a quote closing a value or a key, "=" (not inside a
     * markup tag, which the view drops as it drops "<b>") or a colon and a space or line break between its words ({@code "Corwin", "last_name": "Ashdale"}, "first_name: Corwin\nlast_name: Ashdale"),
     * or a comma with no space after it, as in a CSV line ("Corwin,Ashdale").
     */
    private static boolean record(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            char next = i + 1 < end ? raw.charAt(i + 1) : 0;
            // a colon before a line break too: a key on its own line, its value on the next ("Last name:\nAshdale")
            if ((c == '=' && !inTag(raw, start, i))
                    || (c == ':' && (next == ' ' || next == '*' || next == '\n' || next == '\r'))
                    || ((c == '"' || c == '\u201D') && (next == ',' || next == ':'))
                    || (c == ',' && i + 1 < end && Character.isLetter(raw.charAt(i + 1)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of a name hit that spans a record's fields ({@code "Corwin", "last_name": "Ashdale"}), so a
     * redaction takes the values and leaves the keys and markup between them: the runs of words in {@code
     * raw[start, end)} that are not a key (a word a colon or "=" follows, past a closing quote and spaces), not a
     * label's other words (a value follows a field delimiter, {@link RecordFields#valueStart}), not a JSON literal or number, and not inside a
     * markup tag, as {@code [start, end)}
     * pairs (UTF-16). Null when the hit is no record ({@link #record}).
     */
    public static int[] recordValues(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        if (!record(raw, start, end) && !contains(raw, start, end, '\t') && !tableBar(raw, start, end)) {
            return null;  // a tab or a table's bar between two words: cells, each redacted as its own (red team 14 N1)
        }
        int[] out = new int[8];
        int n = 0;
        int runStart = -1;
        int runEnd = -1;
        boolean inMarkup = false;
        int i = start;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '<') {
                inMarkup = true;
            } else if (c == '>') {
                inMarkup = false;
            }
            if (!Fold.isTokenChar(c) || inMarkup) {
                i++;
                continue;
            }
            int e = Fold.tokenEnd(raw, i, end);
            int k = e;
            while (k < end && (Character.isLetterOrDigit(raw.charAt(k)) || raw.charAt(k) == '_' || raw.charAt(k) == '-'
                    || raw.charAt(k) == '\\')) {
                k++;  // the rest of a key with underscores, hyphens or JSON escapes ("last_name", "l\u0061st")
            }
            int keyEnd = k;
            while (k < end && (raw.charAt(k) == '"' || raw.charAt(k) == '\'' || raw.charAt(k) == ' ')) {
                k++;
            }
            boolean key = k < raw.length() && (raw.charAt(k) == ':' || raw.charAt(k) == '=');
            if (key) {
                if (runStart >= 0 && onlyWordJoiners(raw, runEnd, i) && raw.charAt(runEnd) == ' '
                        && !contains(raw, runStart, runEnd, ' ')) {
                    runStart = -1;  // the run was the key's first word ("Ingrid\nLast name: Halvorsrud")
                    runEnd = -1;
                }
                i = keyEnd;
                continue;
            }
            if (literal(raw, i, e)) {
                i = e;  // null, true, false or a number: another field's value, never a name's
                continue;
            }
            boolean continues = runEnd >= 0 && onlyWordJoiners(raw, runEnd, i);
            if (!continues && i > start && RecordFields.valueStart(raw, i) == RecordFields.NONE
                    && !afterEmphasizedKey(raw, i)) {
                i = e;  // a word of a label ("- Last name: ..."), not a value
                continue;
            }
            if (!continues) {
                if (runStart >= 0) {
                    if (n + 2 > out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[n++] = runStart;
                    out[n++] = runEnd;
                }
                runStart = i;
            }
            runEnd = e;
            i = e;
        }
        if (runStart >= 0) {
            if (n + 2 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = runStart;
            out[n++] = runEnd;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Whether a Markdown-emphasized key ends right before the word at {@code i} ("**Forename:** Ingrid"). */
    private static boolean afterEmphasizedKey(CharSequence raw, int i) {
        int k = i;
        while (k > 0 && raw.charAt(k - 1) == ' ') {
            k--;
        }
        int stars = k;
        while (k > 0 && (raw.charAt(k - 1) == '*' || raw.charAt(k - 1) == '_')) {
            k--;
        }
        return k < stars && k > 0 && raw.charAt(k - 1) == ':';
    }

    /** Whether {@code raw[s, e)} is a JSON literal or a number. */
    private static boolean literal(CharSequence raw, int s, int e) {
        String w = raw.subSequence(s, e).toString();
        return w.equals("null") || w.equals("true") || w.equals("false") || w.chars().allMatch(Character::isDigit);
    }

    /**
     * Whether {@code raw[from, to)} holds only what joins a value's words: spaces, hyphens, apostrophes, dots, and
     * the backslash of a JSON escape inside a word ("Ashd\\u0061le").
     */
    private static boolean onlyWordJoiners(CharSequence raw, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c != ' ' && c != '-' && c != '\'' && c != '\u2019' && c != '.' && c != '\\') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code raw[i]} stands inside a markup tag that opens after {@code start} ("<em class=x>"). */
    private static boolean inTag(CharSequence raw, int start, int i) {
        for (int k = i - 1; k >= start; k--) {
            char c = raw.charAt(k);
            if (c == '>') {
                return false;
            }
            if (c == '<') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether symbols stand between spaced words of a hit: an emoji, a dash, an ellipsis ("Corwin 🔥 Ashdale",
     * "Will — Power"), which prose also sets between a clause's last word and the next one's first.
     */
    private static boolean symbolBetweenWords(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        boolean space = false;
        boolean symbol = false;
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.SURROGATE && Character.isHighSurrogate(c) && i + 1 < end) {
                type = Character.getType(Character.toCodePoint(c, raw.charAt(i + 1)));
            }
            // ASCII symbols are left out: leetspeak writes letters with them ("L|ndqv!$t"), and so are the
            // symbols upside-down text writes capitals with ("ʎlɐssǝ⊥")
            symbol |= (c >= 0x80 && !io.lethe.text.NormalizedView.isTurnedCapitalSymbol(c) && (type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL
                    || type == Character.MODIFIER_SYMBOL || c == '\u2026'
                    || (type == Character.DASH_PUNCTUATION && c != '\u2010' && c != '\u2011'
                    && !enDashInWord(raw, i, start, end))))
                    || ((c == '.' || c == '-') && i + 1 < end && raw.charAt(i + 1) == c);
        }
        return space && symbol;
    }

    /**
     * Whether {@code raw[i]} is an en dash with a letter right on each side: a hyphen as typesetting writes it
     * ("Adebayo–Okonkwo", "J.–B."; helper-86), not a dash between clauses, which spaces stand around.
     */
    private static boolean enDashInWord(CharSequence raw, int i, int start, int end) {
        return raw.charAt(i) == '\u2013' && i > start && i + 1 < end
                && (Character.isLetter(raw.charAt(i - 1)) || raw.charAt(i - 1) == '.') && Character.isLetter(raw.charAt(i + 1));
    }

    /**
     * Whether {@code raw[start, end)} is written as a number: digits in groups parted by single dots or commas,
     * a currency sign before them allowed ("$1.60", "1,234.5", "€80"). Leetspeak reads digits and "$" as letters, but
     * a name disguised so ("!15@ 8311" for Ilsa Bell) has symbols or spaces a number has not.
     */
    static boolean amount(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        int i = start;
        if (i < end && Character.getType(raw.charAt(i)) == Character.CURRENCY_SYMBOL) {
            i++;
        }
        boolean digit = false;
        for (; i < end; i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ((c == '.' || c == ',') && digit && i + 1 < end && raw.charAt(i + 1) >= '0'
                    && raw.charAt(i + 1) <= '9') {
                continue;
            } else {
                return false;
            }
        }
        return digit;
    }

    /**
     * Whether the hit begins with one letter carrying a grave accent and no dot after it ("À Noël", "È Rossi"):
     * given names hardly begin with one, while an initial with another mark is a name's ("İ Acarbulut" for
     * İrem, "Á Kovács" for Ádám).
     */
    private static boolean accentedWordInitial(CharSequence raw, int start, int end) {
        if (start + 1 >= Math.min(end, raw.length())) {
            return false;
        }
        char c = raw.charAt(start);
        char next = raw.charAt(start + 1);
        return Character.isLetter(c) && !Character.isLetter(next) && next != '.'
                && java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFD).indexOf('\u0300') > 0;
    }

    /**
     * Whether a name hit stands alone: at most one departure ({@link #departures}). Two stacked — "C. Bryan"
     * for Chris Brand (an initial and a typo), "James M" for Marlon James (reversed and an initial, no comma)
     * — match too much ordinary prose to be findings by themselves (issue 11: namesakes).
     */
    public static boolean standsAlone(CharSequence raw, int start, int end, int form, boolean typo) {
        return departures(raw, start, end, form, typo) <= 1;
    }

    /**
     * Fewest letters of a whole name written as one word ({@link #JOINED}) that stands alone without its words'
     * capitals: a length English words seldom reach (of the lower-case running words of WikiText-2's test split,
     * 8.5% have 9 letters or more, 0.18% have 14 or more).
     */
    static final int SURE_JOINED = 14;

    private static int letters(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        int n = 0;
        for (int i = start; i < end; i++) {
            if (Character.isLetter(TagChars.visible(raw, i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether a capital follows a lower-case letter in {@code raw[start, end)}, as in "ThaddeusQuill", with
     * anything but letters between them passed over ("Thaddeus\u00ADQuill" shows as the same word).
     */
    private static boolean innerCapital(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        boolean lowerBefore = false;
        for (int i = start; i < end; i++) {
            char c = TagChars.visible(raw, i);
            if (Character.isLetter(c)) {
                if (lowerBefore && Character.isUpperCase(c)) {
                    return true;
                }
                lowerBefore = Character.isLowerCase(c);
            }
        }
        return false;
    }

    private static boolean titleCaseWord(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        for (int i = start; i < end; i++) {
            boolean wordStart = i == start || !Character.isLetter(raw.charAt(i - 1));
            if (wordStart && Character.isUpperCase(raw.charAt(i)) && i + 1 < end
                    && Character.isLowerCase(raw.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSpace(CharSequence s, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, s.length()); i++) {
            char v = TagChars.visible(s, i);
            if (Character.isWhitespace(v) || Character.isSpaceChar(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a table's cell bar with a space on each side stands in {@code raw[start, end)}: not leetspeak's
     * "L|nd" or "|0m8@rd0" (a bar glued to the word it spells a letter of; red team 15 dev split), not SQL's "||".
     */
    private static boolean tableBar(CharSequence raw, int start, int end) {
        for (int i = Math.max(start, 1); i + 1 < Math.min(end, raw.length()); i++) {
            if (raw.charAt(i) == '|' && raw.charAt(i - 1) == ' ' && raw.charAt(i + 1) == ' ') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} is in {@code s[from, to)} as it reads (written in tag characters too). */
    private static boolean contains(CharSequence s, int from, int to, char c) {
        for (int i = Math.max(0, from); i < Math.min(to, s.length()); i++) {
            if (TagChars.visible(s, i) == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the first or the last word of the span (cut at white space) begins with a lower-case letter.
     * A word that begins with something else ("@hluw@1!a", "4shd4l3") or has one letter only (spaced or
     * dotted writing) is not judged.
     */
    private static int lowerCaseWord(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        if (start >= end) {
            return 0;
        }
        if (lowerCaseStart(raw, start, end)) {
            if (hyphenedParticle(raw, start, end)) {
                return 0;  // "al-Haddadi, Tariq": the article as registered, in lower case before the surname's capital
            }
            int len = wordLength(raw, start, end);
            if (isParticle(Fold.fold(raw.subSequence(start, start + len).toString()))
                    && capitalizedWordAfter(raw, start + len, end)) {
                return 0;  // "da Paz, Arthur": particles are written in lower case, the surname after them is not
            }
            // a short lower-case first word before a capitalized one is a function word ("in Larkin's"), two
            // steps away; a name written all in lower case ("joy boyle") is one
            return len <= 3 && allLowerCase(raw, start, start + len) && capitalizedWordAfter(raw, start + len, end)
                    ? 2 : 1;
        }
        int j = end;
        while (j > start && !Character.isWhitespace(raw.charAt(j - 1))) {
            j--;
        }
        if (j <= start || !lowerCaseStart(raw, j, end) || hyphenedParticle(raw, j, end)) {
            return 0;
        }
        // after a particle the surname's casing varies as registered ("De luca", "Le roux"): not judged
        int p = j - 1;
        while (p > start && Character.isWhitespace(raw.charAt(p - 1))) {
            p--;
        }
        int q = p;
        while (q > start && Character.isLetter(raw.charAt(q - 1))) {
            q--;
        }
        return q < p && isParticle(Fold.fold(raw.subSequence(q, p).toString())) ? 0 : 1;
    }

    /**
     * Given names that are common English words, and surnames that are ({@link #ordinaryPhrase}): a name of one
     * of each, written in lower case, reads as a phrase ("mark price", a futures term; "rose baker"; "jack wood";
     * red team 13). Lists written for Lethe.
     */
    private static final java.util.Set<String> WORD_GIVEN_NAMES = java.util.Set.of(("amber april art autumn"
            + " bill bliss blossom bob brook buck bud candy carol chase cherry chip clay cliff crystal daisy dale"
            + " dawn dean destiny don drew dusty earl faith frank gene ginger glen grace grant guy hazel heather"
            + " holly honey hope hunter iris ivy jack jade jewel joy june king lane lily mark may mercy miles"
            + " misty nick norm olive page pat patience pearl penny pepper pierce rain ray reed rex rich river rob"
            + " robin rocky rose royal ruby rusty sage sandy scout skip sky sterling stone storm sue summer sunny"
            + " trinity violet wade will woody wren").split(" "));
    private static final java.util.Set<String> WORD_SURNAMES = java.util.Set.of(("baker bell best bird bishop"
            + " black bond brown butler carter chase church clay cook cooper cross dyer field fisher flint ford"
            + " fox frost glass gold golden good grant green hall hand hawk head hill hope hunt hunter king lamb"
            + " lane little long love marsh mason miller moon noble page park parker pond porter price rich rock"
            + " rose sand savage sharp short silver smith snow steel stone storm strong swan sweet turner walker"
            + " ward waters weaver wells white wild wise wolf wood woods wright young").split(" "));

    /**
     * Whether {@code raw[start, end)} is written without capitals (but its first letter, or as one lower camel case
     * word: "markPrice") and is a common word as a given name followed by a common word as a surname ({@link #WORD_GIVEN_NAMES}, {@link #WORD_SURNAMES}): one
     * more departure.
     */
    private static boolean ordinaryPhrase(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        if (start >= end) {
            return false;
        }
        // the given-name word ends at a non-letter (a space, "_", "-": "mark_price" is a JSON key) or at a capital
        // inside the word ("markPrice", a field name; red team 15 R16)
        int first = start + 1;
        while (first < end && Character.isLetter(raw.charAt(first)) && !Character.isUpperCase(raw.charAt(first))) {
            first++;
        }
        int last = end;
        while (last > start && Character.isLetter(raw.charAt(last - 1))) {
            last--;
        }
        boolean camel = first < end && Character.isUpperCase(raw.charAt(first));
        if (camel) {
            // lower camel case only: "MarkPrice" may be a person's handle
            if (last != start || Character.isUpperCase(raw.charAt(start)) || !allLowerCase(raw, first + 1, end)) {
                return false;
            }
            last = first;
        } else if (!allLowerCase(raw, start + 1, end) || last <= first) {
            // all in lower case, or but the first letter at a sentence's start ("Mark price: 101.5"; red team 14)
            return false;
        }
        return WORD_GIVEN_NAMES.contains(raw.subSequence(start, first).toString().toLowerCase(java.util.Locale.ROOT))
                && WORD_SURNAMES.contains(raw.subSequence(last, end).toString().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether no letter of {@code raw[from, to)} is upper-case ("in", not the alternating "aNa"). */
    private static boolean allLowerCase(CharSequence raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isUpperCase(raw.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a word of the span after {@code from} begins with a capital letter. */
    private static boolean capitalizedWordAfter(CharSequence raw, int from, int end) {
        for (int i = from; i < end; i++) {
            if (Character.isLetter(raw.charAt(i)) && (i == from || !Character.isLetter(raw.charAt(i - 1)))
                    && Character.isUpperCase(raw.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int wordLength(CharSequence raw, int from, int end) {
        int i = from;
        while (i < end && !Character.isWhitespace(raw.charAt(i))) {
            i++;
        }
        return i - from;
    }

    /**
     * Whether the span begins with a lower-case one-letter word followed by a dot ("g. lindqvist", "g.l.
     * lindqvist"); "N. will" is not one.
     */
    private static boolean dottedInitialFirst(CharSequence raw, int start, int end) {
        return start + 1 < Math.min(end, raw.length()) && Character.isLowerCase(raw.charAt(start))
                && raw.charAt(start + 1) == '.';
    }

    /**
     * Whether the word before {@code start} (one space between) is a common given name ({@link Nicknames#shipped})
     * written capitalized, or an initial ("E.", "U.S."): a form that leaves out part of the name, found right
     * after one, is the middle and last name of another person.
     */
    public static boolean afterGivenNameOrInitial(CharSequence raw, int start) {
        if (start >= 2 && raw.charAt(start - 1) == '.' && Character.isLetter(raw.charAt(start - 2))) {
            return true;  // the last letter of a dotted abbreviation: "U.S. Grant", "D.C."
        }
        if (start < 3 || raw.charAt(start - 1) != ' ') {
            return false;
        }
        int e = start - 1;
        if (raw.charAt(e - 1) == '.') {
            // an initial: one capital letter before the dot, itself after a space, a dot or the text start
            int l = e - 2;
            return Character.isUpperCase(raw.charAt(l)) && (l == 0 || !Character.isLetter(raw.charAt(l - 1)));
        }
        int b = e;
        while (b > 0 && Character.isLetter(raw.charAt(b - 1))) {
            b--;
        }
        if (e - b < 2 || !Character.isUpperCase(raw.charAt(b)) || !Character.isLowerCase(raw.charAt(b + 1))) {
            return false;
        }
        String word = Fold.fold(raw.subSequence(b, e).toString());
        if (Nicknames.shipped().isListed(word) && !(SENTENCE_WORDS.contains(word) && sentenceStart(raw, b))) {
            // but "Don", "Dom" and "Doña" are titles too: before a given name written out, the title ("Don Leocadio
            // Berrocal"); before an initial, the given name ("Don R. Smith")
            return !(GIVEN_NAME_TITLES.contains(word) && start + 1 < raw.length()
                    && Character.isLowerCase(raw.charAt(start + 1)));
        }
        // any other capitalized word inside a sentence that is not a title: "Howard C. Green", "Clinton B. King"
        return e - b >= 3 && !TITLE_WORDS.contains(word) && !sentenceStart(raw, b);
    }

    /**
     * Spanish, Portuguese and Italian honorifics that are also listed given names (folded: "Doña" is "dona"). Not
     * added to {@link #TITLE_WORDS}, which a registered name is stripped of: "Don Draper" keeps its first word.
     */
    private static final Set<String> GIVEN_NAME_TITLES = Set.of("don", "dom", "dona");

    /**
     * Words of the shipped nickname list ({@code names.csv}) that begin English sentences as a verb, auxiliary or
     * numeral far more often than as a given name: at a sentence's start they are not the given name of another
     * person ("See T. Quillfeather for details", found by a newcomer; "Will T. Quillfeather attend?"). The
     * list's words that are also English function words or imperatives, by intersecting the two.
     */
    private static final Set<String> SENTENCE_WORDS = Set.of("see", "will", "may", "one");

    /** Titles written out, after which an initial is the person's own ("Professor J. Smith"). */
    private static final Set<String> TITLE_WORDS = Set.of("professor", "president", "senator", "judge", "doctor",
            "sir", "dame", "lord", "lady", "captain", "general", "colonel", "governor", "mayor", "minister",
            "chancellor", "reverend", "father", "sister", "brother", "king", "queen", "prince", "princess", "count",
            "countess", "baron", "saint", "mister", "madame", "monsieur", "herr", "frau", "senor", "senora",
            "signor", "signora", "dom", "dona", "rabbi", "imam", "sheikh", "justice", "commissioner", "secretary",
            "chairman", "chairwoman", "director", "officer", "sergeant", "lieutenant", "major", "admiral",
            "inspector", "detective", "agent", "coach", "mrs", "miss", "ms", "mr", "dr", "prof");

    /** Whether the word at {@code b} begins a sentence or a quotation: only punctuation or nothing before it. */
    private static boolean sentenceStart(CharSequence raw, int b) {
        int i = b - 1;
        while (i >= 0 && (raw.charAt(i) == ' ' || raw.charAt(i) == '\u00A0')) {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = raw.charAt(i);
        if (c == '.') {
            // an abbreviated title ends in a dot without ending the sentence: "Mrs. Clinton B. King"
            int w = i;
            while (w > 0 && Character.isLetter(raw.charAt(w - 1))) {
                w--;
            }
            return !NameMatcher.TITLES.contains(Fold.fold(raw.subSequence(w, i).toString()));
        }
        return ".!?:;\n\r\"'(\u201C\u2018[-\u2013\u2014*#>".indexOf(c) >= 0;
    }

    /**
     * Whether {@code raw[start, end)} is written as part of another person's name: after a given name, a
     * capitalized word inside a sentence that is not a title, or an initial ("Mohammed Ali", "R. Ali"), or before
     * a capitalized word ("Priya Sharma", "Baker Street"). Reads {@link #LOOKAHEAD} chars after {@code end}.
     */
    public static boolean partOfAnotherName(CharSequence raw, int start, int end) {
        // before a surname's particles ("Maria da |Paz"), the word that counts is the one before them
        int s = start;
        while (s >= 2 && raw.charAt(s - 1) == ' ') {
            int b = s - 1;
            while (b > 0 && Character.isLetter(raw.charAt(b - 1))) {
                b--;
            }
            if (b == s - 1 || !isParticle(Fold.fold(raw.subSequence(b, s - 1).toString()))) {
                break;
            }
            s = b;
        }
        return afterGivenNameOrInitial(raw, s) || beforeCapitalizedWord(raw, end);
    }

    /** Whether one space and a capitalized word of two letters or more follow {@code end}. */
    private static boolean beforeCapitalizedWord(CharSequence raw, int end) {
        return end + 2 < raw.length() && raw.charAt(end) == ' ' && Character.isUpperCase(raw.charAt(end + 1))
                && Character.isLowerCase(raw.charAt(end + 2));
    }

    /** Whether the span ends in a letter without a dot that a space and a lower-case word follow ("I am"). */
    private static boolean trailingLetterIsAWord(CharSequence raw, int start, int end) {
        return end - start >= 2 && end + 2 < raw.length() && Character.isLetter(raw.charAt(end - 1))
                && !Character.isLetter(raw.charAt(end - 2)) && raw.charAt(end) == ' '
                && Character.isLowerCase(raw.charAt(end + 1));
    }

    /** Function words of French that English and the other languages here do not share. */
    private static final Set<String> FRENCH_WORDS = Set.of("le", "la", "les", "des", "du", "une", "est", "et", "pour",
            "que", "qui", "dans", "sur", "nous", "vous", "avec", "pas", "au", "aux", "ce", "cette", "il", "elle");

    /**
     * Whether the span starts with "M." in French prose (two or more French function words among the 12 words
     * around it): the abbreviation of Monsieur, as "MM." of Messieurs, not an initial.
     */
    private static boolean frenchMonsieur(CharSequence raw, int start) {
        if (start + 2 > raw.length() || raw.charAt(start) != 'M' || raw.charAt(start + 1) != '.') {
            return false;
        }
        int from = Math.max(0, start - FRENCH_WINDOW);
        int to = Math.min(raw.length(), start + FRENCH_WINDOW);
        int french = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        int i = from;
        while (i < to) {
            while (i < to && !Character.isLetter(raw.charAt(i))) {
                i++;
            }
            int b = i;
            while (i < to && Character.isLetter(raw.charAt(i))) {
                i++;
            }
            if (i > b) {
                String w = raw.subSequence(b, i).toString().toLowerCase(java.util.Locale.ROOT);
                if (FRENCH_WORDS.contains(w) && seen.add(w)) {
                    french++;
                }
            }
        }
        return french >= 2;
    }

    /** Whether the span's first letter is of another script than the first letter of its last word. */
    private static boolean otherScriptInitial(CharSequence raw, int start, int end) {
        end = Math.min(end, raw.length());
        int j = end;
        while (j > start && !Character.isWhitespace(raw.charAt(j - 1))) {
            j--;
        }
        while (j < end && !Character.isLetter(raw.charAt(j))) {
            j++;
        }
        if (j <= start || j >= end || !Character.isLetter(raw.charAt(start))) {
            return false;
        }
        return Character.UnicodeScript.of(raw.charAt(start)) != Character.UnicodeScript.of(raw.charAt(j));
    }

    /**
     * Whether {@code raw} from {@code from} is a particle joined by a hyphen to a capitalized word ("al-Haddadi",
     * "el-Ouazzani", "d'Amato" not: an apostrophe): lower case as such particles are written.
     */
    private static boolean hyphenedParticle(CharSequence raw, int from, int end) {
        int i = from;
        while (i < end && Character.isLetter(raw.charAt(i))) {
            i++;
        }
        return i > from && i + 1 < end && (raw.charAt(i) == '-' || raw.charAt(i) == '\u2010')
                && Character.isUpperCase(raw.charAt(i + 1)) && isParticle(Fold.fold(raw.subSequence(from, i).toString()));
    }

    private static boolean lowerCaseStart(CharSequence raw, int from, int end) {
        int wordEnd = from;
        while (wordEnd < end && !Character.isWhitespace(raw.charAt(wordEnd))) {
            wordEnd++;
        }
        return wordEnd - from > 1 && Character.isLowerCase(raw.charAt(from))
                && Character.isLetter(raw.charAt(from + 1));
    }

    /** Whether every word of a name begins in an alphabetic script (not ideographs or kana). */
    public static boolean alphabetic(String name) {
        List<List<String>> w = words(name);
        return !w.isEmpty() && alphabetic(w);
    }

    private static boolean alphabetic(List<List<String>> words) {
        for (List<String> word : words) {
            if (WordBreaks.classOf(word.get(0).charAt(0)) != WordBreaks.LETTER) {
                return false;
            }
        }
        return true;
    }

    private static void put(Map<List<String>, Integer> out, List<String> tokens, int flags) {
        out.merge(tokens, flags, (a, b) -> Integer.bitCount(b) < Integer.bitCount(a) ? b : a);
    }

    /** Whether a name's first letter is Cyrillic. */
    static boolean cyrillic(String name) {
        String n = name.strip();
        return !n.isEmpty() && Character.UnicodeBlock.of(n.charAt(0)) == Character.UnicodeBlock.CYRILLIC;
    }

    /** The first letter of a word's first token (folded). */
    static String initial(List<String> word) {
        String t = word.get(0);
        return t.substring(0, Character.charCount(t.codePointAt(0)));
    }

    /**
     * The name glued into one token, in its order and with its words reversed, for names written in Hangul or
     * katakana, whose words UAX #29 keeps together when they touch: "류 서윤" is also written "류서윤", a
     * Korean particle may follow it ("류서윤은", see {@link Hangul}), "ヤマダ ハナコ" is also "ヤマダハナコ".
     * Empty for other names and for names of one token.
     */
    static List<List<String>> glued(List<List<String>> words) {
        List<String> tokens = flat(words);
        if (tokens.size() < 2 || !(Hangul.isHangulName(tokens) || isKatakana(tokens))) {
            return List.of();
        }
        List<List<String>> out = new ArrayList<>(2);
        List<List<String>> reversedWords = new ArrayList<>(words);
        java.util.Collections.reverse(reversedWords);
        String forth = String.join("", tokens);
        String back = String.join("", flat(reversedWords));
        int family = Hangul.isHangulName(tokens) ? Hangul.familyWord(words) : -1;
        // Korean is written family name first: "서윤 서" glues to "서서윤" only ("서윤서은" is someone else)
        if (family != words.size() - 1 || words.size() != 2) {
            out.add(List.of(forth));
        }
        if (family != 0 && !back.equals(forth)) {
            out.add(List.of(back));
        }
        return out;
    }

    private static boolean isKatakana(List<String> tokens) {
        for (String t : tokens) {
            if (WordBreaks.classOf(t.charAt(0)) != WordBreaks.KATAKANA) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Latin spellings of a name registered in Cyrillic, Greek, Han, Hangul or kana ({@link Romanizer}), each in
     * the name's order and reversed ("Sergey Myasnikov", "Myasnikov Sergey"; "Han Yeeun", "Yeeun Han"), and
     * without middle names when it has three words or more, with their flags: {@link #NICKNAME} (another
     * spelling, one departure), and {@link #REVERSED} alone for a reversed one, which its comma makes no departure
     * ("Shcherbacheva, Yefrosinya") and its lack of one a single departure, as before. No initials and no
     * nicknames: a romanized name is already a weaker, more common form.
     */
    static Map<List<String>, Integer> romanized(String name) {
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        for (String r : Romanizer.of(name)) {
            List<List<String>> w = words(r);
            if (w.size() < 2) {
                continue;
            }
            out.putIfAbsent(flat(w), NICKNAME);
            List<List<String>> back = new ArrayList<>(w);
            java.util.Collections.reverse(back);
            out.putIfAbsent(flat(back), REVERSED);
            if (w.size() > 2) {
                out.putIfAbsent(join(w.get(0), w.get(w.size() - 1)), NICKNAME);
                out.putIfAbsent(join(w.get(w.size() - 1), w.get(0)), REVERSED);
            }
        }
        return out;
    }

    /**
     * The forms a token sequence takes in the normalized view ({@link NormalizedView#foldWord}), written in
     * lower case, capitalized and in capitals, folded; those that differ from the sequence itself. A name in
     * Cyrillic or Greek (or with a letter such as "ł") reads partly as ASCII look-alikes in the view ("Сергей" →
     * "cepreи"), so it is registered in that form too.
     */
    static List<List<String>> viewForms(List<String> tokens) {
        List<List<String>> out = new ArrayList<>(1);
        boolean ascii = true;
        for (String t : tokens) {
            for (int i = 0; i < t.length() && ascii; i++) {
                ascii = t.charAt(i) < 128;
            }
        }
        if (ascii) {
            return out;
        }
        for (int mode = 0; mode < 3; mode++) {
            List<String> form = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                // per-char upper case: "ß" stays "ß" (String.toUpperCase writes "SS", which Folding keeps apart)
                String cased = mode == 0 ? t : mode == 1 ? upperEach(t)
                        : t.substring(0, Character.charCount(t.codePointAt(0))).toUpperCase(java.util.Locale.ROOT)
                        + t.substring(Character.charCount(t.codePointAt(0)));
                form.add(Fold.fold(NormalizedView.foldWord(cased)));
            }
            if (!form.contains("") && !form.equals(tokens) && !out.contains(form)) {
                out.add(List.copyOf(form));
            }
        }
        return out;
    }

    private static String upperEach(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        t.codePoints().forEach(cp -> sb.appendCodePoint(Character.toUpperCase(cp)));
        return sb.toString();
    }

    /**
     * Other spellings of a name that are the same name, each a name string: without umlauts and ligatures
     * ({@link io.lethe.text.Folding#expandedSpellings}: "Cheyenne Schäfer" → "Cheyenne Schaefer"), and with a
     * word written in camel case split at its inner capitals ("Joane DuBuque" → "Joane Du Buque", as spaced or
     * dotted letters are rejoined at capitals), and without titles registered before it ("Dr. Kwame
     * Mensah-Boateng" → "Kwame Mensah-Boateng"). Empty for most names.
     */
    public static List<String> spellings(String name) {
        List<String> out = new ArrayList<>(io.lethe.text.Folding.expandedSpellings(name));
        StringBuilder split = new StringBuilder(name.length() + 4);
        boolean changed = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(name.charAt(i - 1))) {
                split.append(' ');
                changed = true;
            }
            split.append(c);
        }
        if (changed) {
            out.add(split.toString());
        }
        // titles registered as part of the name ("Dr. Kwame Mensah-Boateng", "Prof. Dr. Ulrike Hansen"): the
        // name is also written without them
        String bare = name.strip();
        boolean stripped = false;
        while (true) {
            int sp = bare.indexOf(' ');
            if (sp < 0) {
                break;
            }
            String first = bare.substring(0, sp).replace(".", "");
            String folded = Fold.fold(first);
            if (!NameMatcher.TITLES.contains(folded) && !TITLE_WORDS.contains(folded)) {
                break;
            }
            bare = bare.substring(sp + 1).strip();
            stripped = true;
        }
        if (stripped && bare.indexOf(' ') > 0) {
            out.add(bare);
        }
        return out;
    }

    /** An alias is matched as written (folded), without variants. */
    public static List<String> ofAlias(String alias) {
        return flat(words(alias));
    }

    static List<String> flat(List<List<String>> words) {
        List<String> out = new ArrayList<>();
        for (List<String> w : words) {
            out.addAll(w);
        }
        return out;
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }
}
