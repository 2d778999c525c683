package io.lethe.text;

import java.util.Arrays;
import java.util.List;

/**
 * The normalized view of one channel's raw text, built incrementally as the raw text grows, with every
 * normalized char mapped back to its raw span.
 *
 * <p>Two passes, each consuming its input only once what it produces there is decided:
 * <ol>
 *   <li>decode: HTML character references ({@code &nbsp;}, {@code &#66;}), URL-encoding ({@code %20},
 *       UTF-8 sequences, JavaScript's {@code %u004D}), JSON and ES6 string escapes ({@code \n}, {@code \}{@code u00e9}, a surrogate pair as two
 *       escapes), Python's eight-digit {@code \}{@code U0000004D} and two-digit {@code \x4d}, inline HTML tags and
 *       HTML and C comments inside a word dropped (block tags become a space), then per code point
 *       {@link CharFold}: NFKD, diacritics removed, confusable skeletons, case folding of non-ASCII,
 *       invisible and format chars dropped, every space, tab and line break one space; and the pieces code and
 *       markup write a text in read as that text (literals joined or listed, template substitutions, LaTeX
 *       commands, accents and math mode, character calls and {@code String.fromCharCode} lists), and upside-down
 *       text turned back;</li>
 *   <li>join: whitespace runs collapsed, Markdown emphasis markers dropped, letters separated by spaces,
 *       dots, dashes, underscores or asterisks rejoined ("B a s i l", "B.a.s.i.l"), and e-mail connectors
 *       spelled out ("at", "[at]", "(dot)") turned into "@" and ".".</li>
 * </ol>
 * Whatever is still undecided at the tail (an unfinished {@code &am}, a {@code %4}, a {@code \}{@code u00},
 * a spaced-letter run that could continue) stays out of the view until more raw text or the end decides
 * it, and {@link #holdFrom()} says where it starts. So the view and its mapping are the same for any
 * chunking of the same raw text.
 *
 * <p>{@link #views()} also holds the two leetspeak readings ({@link LeetView}), derived from this one;
 * {@link #tokenViews()} holds this view and the first reading only, whose text names the second reading's chars
 * as alternatives ({@link CharAlternatives}) for matchers that try every combination per word. Not
 * thread-safe: one per channel.
 */
public final class NormalizedView implements MappedText {

    /** The number of {@link #views()}: this one and two leetspeak readings ("1" as "i", and as "l"). */
    public static final int VIEWS = 3;
    /** The number of {@link #tokenViews()}: this one and the leetspeak reading with its alternatives. */
    public static final int TOKEN_VIEWS = 2;

    private static final int MAX_TAG = 256;
    /**
     * Spelled-out e-mail punctuation, and the chars they stand for: English "at", "at sign" (also hyphenated),
     * "dot", "underscore", "dash", "hyphen"; the names of "@" in Spanish and Portuguese ("arroba"), French
     * ("arobase"), Italian ("chiocciola"), German ("Klammeraffe"; "ät" folds to "at"), Dutch ("apenstaartje") and
     * Russian ("собака"; the names of "@" as Wikipedia's "At sign" article lists them per language), and of "." in
     * those languages ("punto", "ponto", "point", "Punkt", "punt", "точка": each language's ordinary word for the
     * dot, as an address is read aloud) and English "period". A word that is a prefix of another follows it ("at sign" before "at"). Stored as the
     * view folds them ({@link CharFold#word}: "собака" is read as the Latin look-alikes it folds to).
     */
    private static final String[] CONNECTOR_WORDS = {"at sign", "at-sign", "at", "dot", "underscore", "dash",
            "hyphen", "arroba", "arobase", "chiocciola", "klammeraffe", "apenstaartje", "\u0441\u043e\u0431\u0430\u043a\u0430",
            "snabel-a", "ma\u0142pa", "kukac", "zavin\u00e1\u010d", "a c\u00f2ng", "et",
            "punto", "punkt", "point", "ponto", "punt", "period", "\u0442\u043e\u0447\u043a\u0430",
            "te\u010dka", "kropka", "pont", "nokta", "ch\u1ea5m"};
    private static final char[] CONNECTOR_CHARS = {'@', '@', '@', '.', '_', '-', '-', '@', '@', '@', '@', '@', '@',
            '@', '@', '@', '@', '@', '@',
            '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.'};
    /**
     * Where the dots that are ordinary words begin in {@link #CONNECTOR_WORDS} ("at this point", "el punto", "the
     * period"): in a domain, after an "@" in the same word, they are read at once; before the "@" only when the
     * rest of an address follows ({@link #localPartFollows}).
     */
    private static final int PROSE_DOTS = 19;
    /** {@link #CONNECTOR_WORDS} as the view folds them, lower case. */
    private static final String[] CONNECTOR_KEYS = new String[CONNECTOR_WORDS.length];
    /** ASCII letters a connector word can begin with (lower case). */
    private static final boolean[] CONNECTOR_STARTS = new boolean[128];
    /** {@link #word}'s flag on a dot that is also an ordinary word ({@link #PROSE_DOTS}). */
    private static final int PROSE_DOT = 1 << 20;

    static {
        for (int w = 0; w < CONNECTOR_WORDS.length; w++) {
            CONNECTOR_KEYS[w] = CharFold.word(CONNECTOR_WORDS[w]).toLowerCase(java.util.Locale.ROOT);
            char first = CONNECTOR_KEYS[w].charAt(0);
            if (first < 0x80) {
                CONNECTOR_STARTS[first] = true;
            }
        }
    }
    /** Printable ASCII that decodes to itself (not the starts of entities, escapes, tags and comments). */
    private static final boolean[] PLAIN = new boolean[128];
    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = 0x20; c < 0x7F; c++) {
            PLAIN[c] = c != '&' && c != '%' && c != '<' && c != '\\' && c != '[' && c != '!' && c != '"' && c != '\''
                    && c != '`' && c != '{' && c != '$' && c != '(' && c != '/' && c != '=';
            ALNUM[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }
    private static final int MAX_RUN = 64;
    /** Fewest number words in a row read as digits ("zero six one two"). */
    static final int MIN_NUMBER_WORDS = 4;
    private static final int MAX_NUMBER_WORD = 12;
    /**
     * Digits as words, after folding (diacritics gone: "zéro", "fünf", "três", "två"), in English, German,
     * French, Spanish, Italian, Portuguese, Dutch and Swedish (with Norwegian "seks", "syv", "åtte"); "oh" is
     * English's spoken zero, "nought" the British one, "zwo" the German telephone two. Index = digit (rows from
     * {@link #TEEN} on: numbers of two digits and more, as a phone is read in groups: English, French with the
     * Belgian and Swiss "septante", "huitante", "octante", "nonante", German and Spanish, in their standard
     * spellings with diacritics folded; the compounds of several words or parts are {@link #compoundNumber}'s).
     */
    private static final String[][] NUMBER_WORDS = {
            {"zero", "oh", "null", "nul", "cero", "noll", "nought", "nula"},
            {"one", "eins", "un", "uno", "um", "een", "ett", "jeden", "jedna", "jedno"},
            {"two", "zwei", "zwo", "deux", "dos", "due", "dois", "duas", "twee", "tva", "dwa", "dwie", "dva", "dve"},
            {"three", "drei", "trois", "tres", "tre", "drie", "trzy", "tri"},
            {"four", "vier", "quatre", "cuatro", "quattro", "quatro", "fyra", "cztery", "ctyri"},
            {"five", "funf", "fuenf", "cinq", "cinco", "cinque", "vijf", "fem", "piec", "pet"},
            {"six", "sechs", "seis", "sei", "zes", "sex", "seks", "szesc", "sest"},
            {"seven", "sieben", "sept", "siete", "sette", "sete", "zeven", "sju", "syv", "siedem", "sedm"},
            {"eight", "acht", "huit", "ocho", "otto", "oito", "atta", "atte", "osiem", "osm"},
            {"nine", "neun", "neuf", "nueve", "nove", "negen", "nio", "dziewiec", "devet"},
            // numbers of two and more digits, as a phone is also read ("four fifteen, five five five, oh one
            // ninety-nine"; "zéro six douze trente-quatre"): rows TEEN + n are 1n, TENS + t are t0 or t and the
            // next unit word
            {"ten", "dix", "zehn", "diez"}, {"eleven", "onze", "elf", "once"}, {"twelve", "douze", "zwolf", "zwoelf", "doce"},
            {"thirteen", "treize", "dreizehn", "trece"}, {"fourteen", "quatorze", "vierzehn", "catorce"},
            {"fifteen", "quinze", "funfzehn", "fuenfzehn", "quince"}, {"sixteen", "seize", "sechzehn", "dieciseis"},
            {"seventeen", "siebzehn", "diecisiete"}, {"eighteen", "achtzehn", "dieciocho"},
            {"nineteen", "neunzehn", "diecinueve"},
            // and in Portuguese, Italian, Dutch, Polish and Czech (their longer tens and all their teens are
            // TABLE_TENS and TABLE_TEENS, read by compoundNumber)
            {"twenty", "vingt", "vingts", "zwanzig", "veinte", "vinte", "venti", "twintig", "dwadziescia", "dvacet"},
            {"thirty", "trente", "dreissig", "treinta", "trinta", "trenta", "dertig", "trzydziesci", "tricet"},
            {"forty", "fourty", "quarante", "vierzig", "cuarenta", "quarenta", "quaranta", "veertig", "czterdziesci",
                    "ctyricet"},
            {"fifty", "cinquante", "funfzig", "fuenfzig", "cincuenta", "cinquenta", "cinquanta", "vijftig",
                    "piecdziesiat", "padesat"},
            {"sixty", "soixante", "sechzig", "sesenta", "sessenta", "sessanta", "zestig", "sedesat"},
            {"seventy", "septante", "siebzig", "setenta", "settanta", "zeventig", "sedmdesat"},
            {"eighty", "huitante", "octante", "achtzig", "ochenta", "oitenta", "ottanta", "tachtig", "osmdesat"},
            {"ninety", "nonante", "neunzig", "noventa", "novanta", "negentig", "devadesat"},
            {"hundred"}, {"thousand"},
            // Spanish 21 to 29, one word each ("veintidós"): rows PAIR + n say 2n
            {}, {"veintiuno", "veintiun"}, {"veintidos"}, {"veintitres"}, {"veinticuatro"}, {"veinticinco"},
            {"veintiseis"}, {"veintisiete"}, {"veintiocho"}, {"veintinueve"},
    };
    /** Row of "ten" in {@link #NUMBER_WORDS}; "eleven" to "nineteen" follow. */
    private static final int TEEN = 10;
    /** Row of "twenty" in {@link #NUMBER_WORDS}; "thirty" to "ninety" follow. */
    private static final int TENS = 20;
    private static final int HUNDRED = 28;
    private static final int THOUSAND = 29;
    /**
     * Rows from here say a number of exactly two digits, {@code 20 + row - PAIR} (20 to 99): listed words
     * ("veintidós") and {@link #compoundNumber}'s compounds ("soixante-dix-huit", "vierunddreißig").
     */
    private static final int PAIR = 30;
    /**
     * A list of words packed for {@link #listedWord}: each word's key (5 bits a letter, a through z as 1 to 26,
     * so lengths never collide), sorted, the index of its row beside it, and every prefix's key.
     */
    private record WordTable(long[] keys, byte[] values, long[] prefixes) {
        static WordTable of(String[][] rows) {
            java.util.TreeMap<Long, Integer> keys = new java.util.TreeMap<>();
            java.util.TreeSet<Long> prefixes = new java.util.TreeSet<>();
            for (int r = 0; r < rows.length; r++) {
                for (String w : rows[r]) {
                    long key = 0;
                    for (int i = 0; i < w.length(); i++) {
                        key = (key << 5) | (w.charAt(i) - 'a' + 1);
                        prefixes.add(key);
                    }
                    if (keys.put(key, r) != null) {
                        throw new IllegalStateException("word listed twice: " + w);
                    }
                }
            }
            byte[] values = new byte[keys.size()];
            int i = 0;
            for (int r : keys.values()) {
                values[i++] = (byte) r;
            }
            return new WordTable(keys.keySet().stream().mapToLong(Long::longValue).toArray(), values,
                    prefixes.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static final WordTable NUMBERS = WordTable.of(NUMBER_WORDS);
    private static final long[] NUMBER_KEYS = NUMBERS.keys();
    private static final byte[] NUMBER_VALUES = NUMBERS.values();
    /** Every prefix of a number word, packed like the words. */
    private static final long[] NUMBER_PREFIXES = NUMBERS.prefixes();
    /** Fewest spelling-alphabet code words in a row read as letters ("Mike India Romeo Alfa"). */
    static final int MIN_CODE_WORDS = 4;
    /** Longest code word, in letters ("duesseldorf"). */
    private static final int MAX_CODE_WORD = 11;
    /**
     * Spelling alphabets, after folding (diacritics gone: "Cäsar" is "casar", "Köln" "koln"; the umlaut written
     * out, "Koeln", listed too): the ICAO/NATO one (ICAO Annex 10, vol. II), with the common spellings "alpha",
     * "juliet" and "whisky" beside the official ones; the German one of DIN 5009, its names (Anton, Berta, ...,
     * with Samuel and Siegfried for S and the umlauts' Ärger, Ökonom, Übermut read as their base letters) and its
     * 2022 cities (Aachen, Berlin, ..., Zwickau). Index = letter. Some are also given names or ordinary words
     * ("Ida", "Emil", "Otto", "Essen"): only a run of {@value #MIN_CODE_WORDS} is read.
     */
    private static final String[][] CODE_WORDS = {
            {"alfa", "alpha", "anton", "aachen", "arger", "aerger"},
            {"bravo", "berta", "bertha", "berlin"},
            {"charlie", "casar", "caesar", "chemnitz"},
            {"delta", "dora", "dusseldorf", "duesseldorf"},
            {"echo", "emil", "essen"},
            {"foxtrot", "friedrich", "frankfurt"},
            {"golf", "gustav", "goslar"},
            {"hotel", "heinrich", "hamburg"},
            {"india", "ida", "ingelheim"},
            {"juliett", "juliet", "julius", "jena"},
            {"kilo", "kaufmann", "koln", "koeln"},
            {"lima", "ludwig", "leipzig"},
            {"mike", "martha", "munchen", "muenchen"},
            {"november", "nordpol", "nurnberg", "nuernberg"},
            {"oscar", "otto", "offenbach", "okonom", "oekonom"},
            {"papa", "paula", "potsdam"},
            {"quebec", "quelle", "quickborn"},
            {"romeo", "richard", "rostock"},
            {"sierra", "samuel", "siegfried", "salzwedel"},
            {"tango", "theodor", "tubingen", "tuebingen"},
            {"uniform", "ulrich", "unna", "ubermut", "uebermut"},
            {"victor", "viktor", "volklingen", "voelklingen"},
            {"whiskey", "whisky", "wilhelm", "wuppertal"},
            {"xray", "xanthippe", "xanten"},
            {"yankee", "ypsilon"},
            {"zulu", "zacharias", "zwickau"},
    };
    private static final WordTable CODES = WordTable.of(CODE_WORDS);
    private static final long[] CODE_KEYS = CODES.keys();
    private static final byte[] CODE_LETTERS = CODES.values();
    /** Every prefix of a code word, packed like {@link #NUMBER_PREFIXES}. */
    private static final long[] CODE_PREFIXES = CODES.prefixes();

    /**
     * The parts of the numbers of two digits written as compounds ({@link #compoundNumber}), folded: German units
     * before "und" and the tens after it (one word: "vierunddreißig"); French tens, units and teens
     * ("trente-quatre", "vingt et un", "soixante-dix-huit", "quatre-vingt-onze"); Spanish tens and units around
     * "y" ("treinta y cuatro"). Values beside them.
     */
    private static final String[] GERMAN_UNITS = {"ein", "zwei", "zwo", "drei", "vier", "funf", "fuenf", "sechs",
            "sieben", "acht", "neun"};
    private static final int[] GERMAN_UNIT_VALUES = {1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9};
    private static final String[] GERMAN_TENS = {"zwanzig", "dreissig", "vierzig", "funfzig", "fuenfzig", "sechzig",
            "siebzig", "achtzig", "neunzig"};
    private static final int[] GERMAN_TEN_VALUES = {20, 30, 40, 50, 50, 60, 70, 80, 90};
    private static final String[] FRENCH_TENS = {"vingt", "trente", "quarante", "cinquante", "soixante", "septante",
            "huitante", "octante", "nonante"};
    private static final int[] FRENCH_TEN_VALUES = {20, 30, 40, 50, 60, 70, 80, 80, 90};
    private static final String[] FRENCH_UNITS = {"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
            "neuf"};
    private static final String[] FRENCH_TEENS = {"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"};
    private static final String[] FRENCH_EIGHTY = {"vingt", "vingts"};
    private static final String[] SPANISH_TENS = {"treinta", "cuarenta", "cincuenta", "sesenta", "setenta",
            "ochenta", "noventa"};
    private static final String[] SPANISH_UNITS = {"uno", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete",
            "ocho", "nueve"};
    private static final int[] SPANISH_UNIT_VALUES = {1, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    /**
     * Numbers of two digits in Portuguese, Italian, Dutch, Polish and Czech, folded, read by {@link #tableNumber}:
     * teens and tens of one word (values beside them; Polish ones may be longer than a listed word), a ten's stem
     * a unit is glued to (Italian "quarantasette", "ventuno", Czech "čtyřicetsedm"), a ten then "e" and a unit
     * (Portuguese "quarenta e sete") or a unit alone after it (Polish "czterdzieści siedem"), and a unit, "en" or
     * "a" and a ten in one word (Dutch "zevenenveertig", "drieëntachtig", Czech "sedmačtyřicet").
     */
    private static final String[] TABLE_TEENS = {"dez", "onze", "doze", "treze", "catorze", "quatorze", "quinze",
            "dezasseis", "dezesseis", "dezassete", "dezessete", "dezoito", "dezanove", "dezenove",
            "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto",
            "diciannove",
            "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien",
            "dziesiec", "jedenascie", "dwanascie", "trzynascie", "czternascie", "pietnascie", "szesnascie",
            "siedemnascie", "osiemnascie", "dziewietnascie",
            "deset", "jedenact", "dvanact", "trinact", "ctrnact", "patnact", "sestnact", "sedmnact", "osmnact",
            "devatenact"};
    private static final int[] TABLE_TEEN_VALUES = {10, 11, 12, 13, 14, 14, 15, 16, 16, 17, 17, 18, 19, 19,
            10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    private static final String[] TABLE_TENS = {"vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta",
            "oitenta", "noventa",
            "venti", "vent", "trenta", "trent", "quaranta", "quarant", "cinquanta", "cinquant", "sessanta", "sessant",
            "settanta", "settant", "ottanta", "ottant", "novanta", "novant",
            "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig",
            "dwadziescia", "trzydziesci", "czterdziesci", "piecdziesiat", "szescdziesiat", "siedemdziesiat",
            "osiemdziesiat", "dziewiecdziesiat",
            "dvacet", "tricet", "ctyricet", "padesat", "sedesat", "sedmdesat", "osmdesat", "devadesat"};
    private static final int[] TABLE_TEN_VALUES = {20, 30, 40, 50, 60, 70, 80, 90,
            20, 20, 30, 30, 40, 40, 50, 50, 60, 60, 70, 70, 80, 80, 90, 90,
            20, 30, 40, 50, 60, 70, 80, 90,
            20, 30, 40, 50, 60, 70, 80, 90,
            20, 30, 40, 50, 60, 70, 80, 90};
    /** Units after a ten (Portuguese, Italian, Polish, Czech). */
    private static final String[] TABLE_UNITS = {"um", "uma", "dois", "duas", "tres", "quatro", "cinco", "seis",
            "sete", "oito", "nove", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto",
            "jeden", "jedna", "jedno", "dwa", "dwie", "trzy", "cztery", "piec", "szesc", "siedem", "osiem", "dziewiec",
            "dva", "dve", "tri", "ctyri", "pet", "sest", "sedm", "osm", "devet"};
    private static final int[] TABLE_UNIT_VALUES = {1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8,
            1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 2, 2, 3, 4, 5, 6, 7, 8, 9};
    /** Units before "en" (Dutch) or "a" (Czech) and a ten, one word. */
    private static final String[] UNITS_BEFORE_TEN = {"een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
            "negen", "jedna", "dva", "tri", "ctyri", "pet", "sest", "sedm", "osm", "devet"};
    private static final int[] UNIT_BEFORE_TEN_VALUES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final String[] TABLE_TEN_WORDS;

    static {
        // the tens of one word (no stem) a Dutch or Czech unit goes before
        List<String> whole = new java.util.ArrayList<>();
        for (int t = 0; t < TABLE_TENS.length; t++) {
            if (t + 1 >= TABLE_TENS.length || !TABLE_TENS[t].startsWith(TABLE_TENS[t + 1])) {
                whole.add(TABLE_TENS[t]);
            }
        }
        TABLE_TEN_WORDS = whole.toArray(new String[0]);
    }

    /** Lower-case ASCII letters a compound can begin with ({@link #compoundNumber}). */
    private static final boolean[] COMPOUND_STARTS = new boolean[128];

    static {
        for (String[] list : new String[][] {GERMAN_UNITS, FRENCH_TENS, FRENCH_UNITS, SPANISH_TENS, {"dix"},
                TABLE_TEENS, TABLE_TENS, UNITS_BEFORE_TEN}) {
            for (String w : list) {
                COMPOUND_STARTS[w.charAt(0)] = true;
            }
        }
    }

    /** Per ASCII lowercase letter, the digits (bit d) a number word beginning with it stands for. */
    private static final int[] NUMBER_WORD_STARTS = new int[26];

    static {
        for (int row = 0; row < NUMBER_WORDS.length; row++) {
            if (row == HUNDRED || row == THOUSAND) {
                continue;
            }
            // the first digit a word says: a unit its own, a teen 1, a ten its tens, a pair its first
            int first = row < TEEN ? row : row < TENS ? 1 : row < HUNDRED ? row - TENS + 2 : (row - PAIR + 20) / 10;
            for (String w : NUMBER_WORDS[row]) {
                NUMBER_WORD_STARTS[w.charAt(0) - 'a'] |= 1 << first;
            }
        }
        // compounds: French "quatre-vingt..." (80-99) and "soixante-dix..." (70-79); a German unit before "und"
        // and its ten ("vierunddreißig"), any ten
        NUMBER_WORD_STARTS['q' - 'a'] |= 1 << 8 | 1 << 9;
        NUMBER_WORD_STARTS['s' - 'a'] |= 1 << 7;
        for (String unit : GERMAN_UNITS) {
            NUMBER_WORD_STARTS[unit.charAt(0) - 'a'] |= 0x3FC;
        }
        for (String unit : UNITS_BEFORE_TEN) {
            NUMBER_WORD_STARTS[unit.charAt(0) - 'a'] |= 0x3FC;
        }
        for (String teen : TABLE_TEENS) {
            NUMBER_WORD_STARTS[teen.charAt(0) - 'a'] |= 1 << 1;
        }
        for (int t = 0; t < TABLE_TENS.length; t++) {
            NUMBER_WORD_STARTS[TABLE_TENS[t].charAt(0) - 'a'] |= 1 << (TABLE_TEN_VALUES[t] / 10);
        }
    }

    /** The digits (bit d set for digit d) that a number word beginning with {@code letter} reads as; 0 if none. */
    static int numberWordDigits(char letter) {
        char l = letter >= 'A' && letter <= 'Z' ? (char) (letter + 32) : letter;
        return l >= 'a' && l <= 'z' ? NUMBER_WORD_STARTS[l - 'a'] : 0;
    }
    /** Longest separator between the single letters of a spaced-out run ("r .  V" in "D r .  V e x"). */
    private static final int MAX_SEPARATOR = 4;
    /** Longest run of spaces or emphasis markers decided at once (bounds the work of a pathological stream). */
    static final int MAX_PENDING = 64;
    /** Most letters between the two runs of underscores of an emphasis pair inside a word ("Gre_ta_"). */
    private static final int MAX_EMPHASIZED = 32;
    private static final String[] INLINE_TAGS = {"a", "abbr", "b", "big", "cite", "code", "del", "em", "font",
            "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt",
            "u", "var", "wbr"};
    private static final String[] BLOCK_TAGS = {"blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3",
            "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "td", "th", "tr", "ul"};

    // pass 1: raw → mid
    private int rawPos;
    private char[] mid = new char[64];
    private int midLen;
    /** A char folded to nothing right after a separator in mid (see {@link #emitMid(char, int, int)}). */
    private boolean droppedAfter;
    /**
     * Raw ranges {@code [from, to)} that decoding drops when it reaches them, by {@code from}: a Markdown link's
     * {@code "](url)"} or {@code "][ref]"} ({@link #link}) and a LaTeX command's closing brace ({@link #latex}).
     */
    private final java.util.TreeMap<Integer, Integer> drops = new java.util.TreeMap<>();
    private int[] midStart = new int[64];
    private int[] midEnd = new int[64];
    // pass 2: mid → out (this view)
    /** The raw text during {@link #join} (null after): where a space of mid stands for a line break. */
    private CharSequence rawText;
    private int midPos;
    private final CharBuf out = new CharBuf();
    private int[] outStart = new int[64];
    private int[] outEnd = new int[64];
    private char connector;
    /** The mid index of the underscores that close an emphasis pair opened inside a word, or -1. */
    private int closerAt = -1;
    /** The last char of this view (0 before the first). */
    private char lastOut;
    /** Whether an "@" was written since the last space of this view (a domain may be being spelled out). */
    private boolean atInWord;
    /** Whether {@link #domainFollows} is reading ahead after a spelled-out "@". */
    private boolean readingDomain;
    /** Whether {@link #localPartFollows} is reading ahead after a spoken dot before the "@". */
    private boolean readingLocal;
    private final int[] runElems = new int[MAX_RUN];
    private final int[] numberEnds = new int[MAX_RUN];
    private final byte[] numberDigits = new byte[MAX_RUN];
    /** Per number word of a run, how many times its digit is said ("triple five": 3). */
    private final byte[] numberRepeats = new byte[MAX_RUN];
    private final int[] runSeps = new int[MAX_RUN];
    /** Per code word of a run ({@link #codeWords}): whether a group break (a comma, slash, dot) follows it. */
    private final boolean[] codeBreaks = new boolean[MAX_RUN];

    private final List<MappedText> views;
    private final List<MappedText> tokenViews;
    private final LeetView[] leet;

    public NormalizedView() {
        leet = LeetView.pair(this);
        views = List.of(this, leet[0], leet[1]);
        tokenViews = List.of(this, leet[0]);
    }

    /**
     * This view and both leetspeak readings derived from it ({@link #VIEWS} in all), for matchers that read
     * one char at a time (deny terms).
     */
    public List<MappedText> views() {
        return views;
    }

    /**
     * This view and the first leetspeak reading, whose text is a {@link CharAlternatives} naming the second
     * reading's chars ({@link #TOKEN_VIEWS} in all), for matchers that hash whole words and try each
     * combination of readings (names).
     */
    public List<MappedText> tokenViews() {
        return tokenViews;
    }

    /**
     * A word as this view writes each of its chars (no decoding, no joining): letters of the scripts used to
     * imitate Latin that look like ASCII letters become them, in their case ("Сергей" → "Cepreй" with its
     * "й" folded like any diacritic), digits of any script ASCII digits, diacritics and invisible chars dropped.
     * Registration adds a name in this form too, so a name written in Cyrillic or Greek is found in this view
     * however many Latin look-alikes it mixes in.
     */
    public static String foldWord(String word) {
        return CharFold.word(word);
    }

    /**
     * Takes in {@code raw[0, length)} (a longer prefix of the same text than last time).
     *
     * @param complete no more raw text will come: decide everything
     */
    public void advance(CharSequence raw, int length, boolean complete) {
        decode(raw, length, complete);
        rawText = raw;
        try {
            join(complete);
        } finally {
            rawText = null;
        }
        LeetView.advance(out, leet, complete);
    }

    @Override
    public CharSequence text() {
        return out;
    }

    @Override
    public int length() {
        return out.length;
    }

    @Override
    public int rawStart(int index) {
        return outStart[index];
    }

    @Override
    public int rawEnd(int endExclusive) {
        return endExclusive == 0 ? 0 : outEnd[endExclusive - 1];
    }

    @Override
    public int holdFrom() {
        return midPos < midLen ? Math.min(rawPos, midStart[midPos]) : rawPos;
    }

    // ---------------------------------------------------------------- pass 1: decode

    private void decode(CharSequence raw, int length, boolean complete) {
        int p = rawPos;
        while (p < length) {
            while (!drops.isEmpty() && drops.firstKey() < p) {
                drops.pollFirstEntry();  // passed over by a longer decoding (a tag or entity around it)
            }
            if (!drops.isEmpty() && drops.firstKey() == p) {
                int to = drops.pollFirstEntry().getValue();  // verified whole when it was queued
                if (to < 0) {
                    emitMid(' ', p, -to);  // read as a space: the link text ends, its destination follows
                    to = -to;
                }
                p = to;
                continue;
            }
            int stop = drops.isEmpty() ? length : Math.min(length, drops.firstKey());
            char c = raw.charAt(p);
            int used;
            if (c < 0x80 && PLAIN[c] && !droppedAfter) {
                // the common case: a stretch of printable ASCII that needs no decoding
                int q = p + 1;
                while (q < stop) {
                    char d = raw.charAt(q);
                    if (d >= 0x80 || !PLAIN[d]) {
                        break;
                    }
                    q++;
                }
                // a word at the stretch's end may begin a form read as a whole (a character call): it is read
                // on its own, from its start
                int w = formWordStart(raw, p, q, stop, length, complete);
                used = w == p ? wordForm(raw, p, q, length, complete) : -1;
                if (used < 0) {
                    q = w == p ? q : w;
                    if (midLen + (q - p) > mid.length) {
                        growMid(midLen + (q - p));
                    }
                    for (int k = p; k < q; k++) {
                        mid[midLen] = raw.charAt(k);
                        midStart[midLen] = k;
                        midEnd[midLen] = k + 1;
                        midLen++;
                    }
                    used = q - p;
                }
            } else if (c == 0x1B) {
                used = escapeSequence(raw, p, length, complete);
            } else if (c == '/') {
                used = blockComment(raw, p, length, complete);
                if (used < 0) {
                    emitMid('/', p, p + 1);
                    used = 1;
                }
            } else if (c == '[' || c == '!') {
                used = link(raw, p, length, complete);
            } else if (c == '"' || c == '\'' || c == '`') {
                used = concatenation(raw, p, length, complete);
            } else if (c == '{' || c == '$') {
                used = braceOrDollar(raw, p, length, complete);
            } else if (c < 0x80 && c != '&' && c != '%' && c != '<' && c != '\\' && c != '=') {
                if (c >= 0x20 && c != 0x7F) {
                    emitMid(c, p, p + 1);
                } else if (CharFold.isAsciiSpace(c)) {
                    emitMid(' ', p, p + 1);
                }
                used = 1;
            } else if (c == '&') {
                used = entity(raw, p, length, complete);
            } else if (c == '%') {
                used = percent(raw, p, length, complete);
            } else if (c == '=') {
                used = quotedPrintable(raw, p, length, complete);
            } else if (c == '<') {
                used = tag(raw, p, length, complete);
            } else if (c == '\\') {
                used = jsonEscape(raw, p, length, complete);
            } else if (Character.isHighSurrogate(c)) {
                if (c == TagChars.HIGH && p + 1 < length && TagChars.isLow(raw.charAt(p + 1))) {
                    used = tags(raw, p, length, complete);
                } else if (p + 1 < length && isRegionalIndicator(Character.codePointAt(raw, p))) {
                    used = regionalIndicators(raw, p, length, complete);
                } else if (p + 1 < length) {
                    int cp = Character.codePointAt(raw, p);
                    used = Character.charCount(cp);
                    emitMid(CharFold.of(cp), p, p + used);
                } else if (complete) {
                    used = 1;
                } else {
                    used = 0;
                }
            } else {
                // a turned letter at a word's start may begin a run of upside-down text
                used = turnedLetter(c) != 0 && (p == 0 || !Character.isLetterOrDigit(raw.charAt(p - 1)))
                        ? turned(raw, p, length, complete) : -1;
                if (used < 0) {
                    emitMid(CharFold.of(c), p, p + 1);
                    used = 1;
                }
            }
            if (used == 0) {
                break;
            }
            p += used;
        }
        rawPos = p;
    }

    /** "&...;" references; 0 when more raw text is needed to decide. */
    private int entity(CharSequence raw, int p, int length, boolean complete) {
        if (p + 1 < length && raw.charAt(p + 1) == '#') {
            int numeric = numericReference(raw, p, length, complete);
            if (numeric != 1) {
                return numeric;
            }
        }
        int j = p + 1;
        while (j < length && j - p <= Entities.MAX_LENGTH && Entities.isBodyChar(raw.charAt(j))) {
            j++;
        }
        if (j == length && j - p <= Entities.MAX_LENGTH && !complete) {
            return 0;
        }
        int cp = j < length && raw.charAt(j) == ';' ? Entities.decode(raw, p + 1, j) : -1;
        if (cp < 0) {
            emitMid('&', p, p + 1);
            return 1;
        }
        emitMid(CharFold.of(cp), p, j + 1);
        return j + 1 - p;
    }

    /** Most digits (after leading zeros) of a numeric character reference read without its semicolon. */
    private static final int MAX_REFERENCE_DIGITS = 7;
    /** Most leading zeros of a numeric character reference read before giving up on it (bounds the look-ahead). */
    private static final int MAX_LENGTH_ZEROS = 32;

    private static boolean isReferenceDigit(char c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'));
    }

    /**
     * A numeric character reference without its semicolon ("&#69vander", "&#x54histle"), which browsers decode
     * all the same (HTML, "missing-semicolon-after-character-reference"): the digits up to the first char that
     * is not one. With its semicolon {@link #entity} decodes it.
     *
     * @return the raw chars used; 0 when more text is needed; 1 when this is no such reference (the caller goes on)
     */
    private int numericReference(CharSequence raw, int p, int length, boolean complete) {
        int q = p + 2;
        if (q == length) {
            return complete ? 1 : 0;
        }
        boolean hex = (raw.charAt(q) | 0x20) == 'x';
        if (hex) {
            q++;
        }
        int z = q;
        while (z < length && z - q < MAX_LENGTH_ZEROS && raw.charAt(z) == '0') {
            z++;  // leading zeros, which browsers take in any number ("&#00000069")
        }
        int d = z;
        while (d < length && d - z <= MAX_REFERENCE_DIGITS && isReferenceDigit(raw.charAt(d), hex)) {
            d++;
        }
        if (d == length && !complete) {
            return 0;
        }
        if (d == q || d - z > MAX_REFERENCE_DIGITS || (d < length && raw.charAt(d) == ';')) {
            return 1;  // none, too many (not decoded), or with its semicolon: entity() reads it
        }
        int cp = d == z ? 0 : Integer.parseInt(raw.subSequence(z, d).toString(), hex ? 16 : 10);
        if (cp <= 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 1;
        }
        emitMid(CharFold.of(cp), p, d);
        return d - p;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /**
     * A run of regional indicators (🇺🇸 is U+1F1FA U+1F1F8): read as the letters they show ("🇨🇴🇷🇼🇮🇳" spells a
     * name) where the run stands alone, but as the flags they make where it touches a letter or digit ("Ash🇺🇸dale",
     * "🇺🇸" before a name or number hidden in tag characters), so it neither glues letters onto a word nor hides one: an
     * emoji between two letters is dropped in the join pass. 0 while the char after the run is still to come.
     */
    private int regionalIndicators(CharSequence raw, int p, int length, boolean complete) {
        int r = p;
        while (r + 1 < length && isRegionalIndicator(Character.codePointAt(raw, r))) {
            r += 2;
        }
        if (!complete && (r >= length || (r == length - 1 && Character.isHighSurrogate(raw.charAt(r))))) {
            return 0;
        }
        boolean touches = alnumBefore(raw, p) || (r < length && alnumAt(raw, r));
        for (int k = p; k < r; k += 2) {
            int cp = Character.codePointAt(raw, k);
            if (touches) {
                emitMid(raw.charAt(k), k, k + 2);
                emitMid(raw.charAt(k + 1), k, k + 2);
            } else {
                emitMid(CharFold.of(cp), k, k + 2);
            }
        }
        return r - p;
    }

    /**
     * {@link #regionalIndicators} for a run written as JSON escape pairs ({@code \}{@code ud83c\}{@code uddfa}):
     * the same reading, judged on what stands before and after the whole run.
     */
    private int escapedRegionalIndicators(CharSequence raw, int p, int length, boolean complete) {
        int k = p;
        while (true) {
            int cp = escapedPair(raw, k, length);
            if (cp == -2 && !complete) {
                return 0;
            }
            if (cp < 0 || !isRegionalIndicator(cp)) {
                break;
            }
            k += 12;
        }
        if (k >= length && !complete) {
            return 0;
        }
        boolean touches = alnumBefore(raw, p) || (k < length && alnumAt(raw, k));
        for (int i = p; i < k; i += 12) {
            int cp = escapedPair(raw, i, length);
            if (touches) {
                emitMid(Character.highSurrogate(cp), i, i + 12);
                emitMid(Character.lowSurrogate(cp), i, i + 12);
            } else {
                emitMid(CharFold.of(cp), i, i + 12);
            }
        }
        return k - p;
    }

    /** The code point of a surrogate pair written as two JSON escapes at {@code p}; -1 if none, -2 if cut short. */
    private static int escapedPair(CharSequence raw, int p, int length) {
        if (p + 12 > length) {
            return p < length && raw.charAt(p) == '\\' ? -2 : -1;
        }
        if (raw.charAt(p) != '\\' || raw.charAt(p + 1) != 'u' || raw.charAt(p + 6) != '\\' || raw.charAt(p + 7) != 'u') {
            return -1;
        }
        int hi = hex4(raw, p + 2, length);
        int lo = hex4(raw, p + 8, length);
        if (hi < 0 || lo < 0 || !Character.isHighSurrogate((char) hi) || !Character.isLowSurrogate((char) lo)) {
            return -1;
        }
        return Character.toCodePoint((char) hi, (char) lo);
    }

    /** Whether the code point ending at {@code p} is a letter or digit, shown or written in a tag character. */
    private static boolean alnumBefore(CharSequence raw, int p) {
        if (p <= 0) {
            return false;
        }
        if (p >= 2 && raw.charAt(p - 2) == TagChars.HIGH && TagChars.isLow(raw.charAt(p - 1))) {
            return Character.isLetterOrDigit(TagChars.ascii(raw.charAt(p - 1)));
        }
        return Character.isLetterOrDigit(Character.codePointBefore(raw, p));
    }

    /**
     * Whether the code point at {@code i} is a letter or digit, shown or written in a tag character (raw or as a
     * JSON escape pair).
     */
    private static boolean alnumAt(CharSequence raw, int i) {
        int t = tagAt(raw, i, raw.length());
        if (t >= 0) {
            return Character.isLetterOrDigit(t >>> 8);
        }
        return Character.isLetterOrDigit(Character.codePointAt(raw, i));
    }

    /**
     * A run of tag characters (U+E0020–E007E mirror ASCII and show as nothing): text hidden in them ("ASCII
     * smuggling") is read as the ASCII it mirrors, where the run stands on its own or begins or ends a visible
     * word ("Cor" + tags "win"); one tag alone, or a run inside a visible word ("ash" + tag "x" + "dale"), is
     * invisible junk and is dropped, as other invisible chars are. Tags written as JSON escape pairs (tool
     * arguments) are read the same, in any mix with raw ones. Right after an emoji, a flag's own tag sequence is
     * dropped with the flag. 0 while the run or the char after it is still to come.
     */
    private int tags(CharSequence raw, int p, int length, boolean complete) {
        // the run: tag chars written raw (surrogate pairs) or as JSON escape pairs, in any mix
        int n = 0;
        int q = p;
        while (true) {
            int t = tagAt(raw, q, length);
            if (t == -2) {
                if (!complete) {
                    return 0;  // a tag still arriving
                }
                break;
            }
            if (t < 0) {
                break;
            }
            if (n == runAscii.length) {
                runAscii = Arrays.copyOf(runAscii, n * 2);
                runStart = Arrays.copyOf(runStart, n * 2);
            }
            runAscii[n] = t >>> 8;
            runStart[n] = q;
            n++;
            q += t & 0xFF;
        }
        if (!complete && (q >= length || (q == length - 1 && raw.charAt(q) == TagChars.HIGH))) {
            return 0;  // the run, or what follows it, has not arrived
        }
        if (n == 0) {
            emitMid(raw.charAt(p), p, p + 1);  // not a tag after all (callers check first): read on
            return 1;
        }
        if (emojiJustBefore(raw, p)) {
            // a flag's tag sequence (🏴 + "gbsct" + cancel, UTS #51 ED-14a: lower-case letters and digits, a region
            // code and a subdivision) is part of the flag: dropped with it, and what follows its cancel tag is a run
            // of its own; a body no flag has ("corwin.ashdale@…", 13 letters) is hidden text, read as such
            int m = 0;
            while (m < n && ((runAscii[m] >= 'a' && runAscii[m] <= 'z') || (runAscii[m] >= '0' && runAscii[m] <= '9'))) {
                m++;
            }
            boolean spec = m >= MIN_FLAG_SPEC && m <= MAX_FLAG_SPEC;
            if (spec && m < n && runAscii[m] == 0x7F) {
                return dropTags(0, m + 1, n, q);
            }
            if (spec && m < n && runAscii[m] >= 'A' && runAscii[m] <= 'Z') {
                // a flag's body glued onto hidden capitalized text, without its cancel tag ("gbsct" + "Corwin")
                return dropTags(0, m, n, q);
            }
        }
        boolean inWord = p > 0 && Character.isLetterOrDigit(raw.charAt(p - 1))
                && q < length && Character.isLetterOrDigit(raw.charAt(q));
        for (int k = 0; k < n; k++) {
            int ascii = runAscii[k];
            int end = k + 1 < n ? runStart[k + 1] : q;
            if (n == 1 || inWord || ascii < 0x20 || ascii > 0x7E) {
                emitMid("", runStart[k], end);
            } else {
                emitMid(CharFold.of(ascii), runStart[k], end);
            }
        }
        return q - p;
    }

    /** Fewest and most chars of a flag's tag body (ISO 3166-2: a 2-letter region and a 1–4-char subdivision). */
    private static final int MIN_FLAG_SPEC = 3;
    private static final int MAX_FLAG_SPEC = 6;

    /** ASCII values and raw starts of the tag run {@link #tags} reads (reused; one view, one thread). */
    private int[] runAscii = new int[16];
    private int[] runStart = new int[16];

    /** Emits nothing for the run's tags {@code [from, to)} of {@code n}; returns the raw chars they take. */
    private int dropTags(int from, int to, int n, int q) {
        for (int k = from; k < to; k++) {
            emitMid("", runStart[k], k + 1 < n ? runStart[k + 1] : q);
        }
        return (to < n ? runStart[to] : q) - runStart[from];
    }

    /**
     * One tag character at {@code raw[p]}, written raw (a surrogate pair) or as a JSON escape pair ({@code
     * \}{@code udb40\}{@code udc43}): {@code ascii << 8 | raw length}; -1 when none starts there, -2 when one may
     * still be arriving.
     */
    private static int tagAt(CharSequence raw, int p, int length) {
        if (p >= length) {
            return -1;
        }
        char c = raw.charAt(p);
        if (c == TagChars.HIGH) {
            if (p + 1 >= length) {
                return -2;
            }
            return TagChars.isLow(raw.charAt(p + 1)) ? TagChars.ascii(raw.charAt(p + 1)) << 8 | 2 : -1;
        }
        if (c != '\\') {
            return -1;
        }
        String want = "\\udb40\\udc";
        for (int i = 0; i < 12; i++) {
            if (p + i >= length) {
                return -2;
            }
            char r = Character.toLowerCase(raw.charAt(p + i));
            if (i < want.length()) {
                if (r != want.charAt(i)) {
                    return -1;
                }
            } else if (Character.digit(r, 16) < 0 || (i == 10 && r > '7')) {
                return -1;
            }
        }
        int low = Character.digit(raw.charAt(p + 10), 16) << 4 | Character.digit(raw.charAt(p + 11), 16);
        return low << 8 | 12;
    }

    /**
     * Whether an emoji (a tag base) was emitted right before {@code p}: the last char of the view so far is a
     * pictograph, and between it and {@code p} the raw text holds no space, letter or digit of text and no cancel
     * tag (a presentation selector, a skin tone or their escapes may stand there).
     */
    private boolean emojiJustBefore(CharSequence raw, int p) {
        if (midLen == 0) {
            return false;
        }
        char last = mid[midLen - 1];
        int cp = last;
        if (Character.isLowSurrogate(last) && midLen > 1 && Character.isHighSurrogate(mid[midLen - 2])) {
            cp = Character.toCodePoint(mid[midLen - 2], last);
        }
        if (!CharFold.isPictograph(cp)) {
            return false;
        }
        int from = midEnd[midLen - 1];
        if (p - from > 24) {
            return false;
        }
        for (int i = from; i < p; i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c) || (c == TagChars.HIGH && i + 1 < p && raw.charAt(i + 1) == '\uDC7F')) {
                return false;
            }
            if (c == '\\' && i + 11 < p && tagAt(raw, i, p) == (0x7F << 8 | 12)) {
                return false;
            }
        }
        return true;
    }


    /**
     * JSON string escapes (RFC 8259, section 7): {@code \" \\ \/ \b \f \n \r \t} and {@code \}{@code uXXXX},
     * a surrogate pair written as two of them ({@code \}{@code uD83D\}{@code uDE42}) decoded as one code point.
     * Tool-call arguments are JSON text, and a model (or Python's {@code json.dumps}) writes "José" as
     * {@code Jos\}{@code u00e9}. The decoded char maps to the whole escape, so a redaction removes the escape
     * and leaves valid JSON. A backslash before other ASCII punctuation or a space is a Markdown escape and
     * reads as that char. Anything else (a lone surrogate, a bad hex digit, an unknown letter) stays as
     * written: the backslash is copied and the chars after it read as usual. 0 when more raw text is needed.
     */
    private int jsonEscape(CharSequence raw, int p, int length, boolean complete) {
        if (p + 1 >= length) {
            if (!complete) {
                return 0;
            }
            emitMid('\\', p, p + 1);
            return 1;
        }
        char next = raw.charAt(p + 1);
        if (next == '\\') {
            int used = escapedUnicodeEscape(raw, p, length, complete);
            if (used != -1) {
                return used;
            }
        }
        boolean codePoint = false;
        if (next == 'u' && (p + 2 >= length || raw.charAt(p + 2) == '{')) {
            // a backslash, "u{4d}" is ES6's code point escape, but after a letter and around one letter ("u{a}")
            // it is LaTeX's breve over that letter
            boolean inWord = p > 0 && Character.isLetter(raw.charAt(p - 1));
            if ((p + 2 >= length || (inWord && p + 4 >= length)) && !complete) {
                return 0;
            }
            codePoint = p + 2 < length && !(inWord && p + 4 < length && raw.charAt(p + 4) == '}');
        }
        if (next == 'U') {
            int used = longUnicodeEscape(raw, p, length, complete);
            if (used >= 0) {
                return used;
            }
        }
        if (next == 'x') {
            int used = hexEscape(raw, p, length, complete);
            if (used >= 0) {
                return used;
            }
        }
        if (!codePoint && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))) {
            int used = latex(raw, p, length, complete);
            if (used >= 0) {
                return used;
            }
        }
        if (LATEX_ACCENTS.indexOf(next) >= 0 && p > 0 && Character.isLetter(raw.charAt(p - 1))) {
            int used = latexInWord(raw, p, length, complete);
            if (used >= 0) {
                return used;
            }
        }
        int cp;
        switch (raw.charAt(p + 1)) {
            case '"' -> cp = '"';
            case '\\' -> cp = '\\';
            case '/' -> cp = '/';
            case 'b' -> cp = '\b';
            case 'f' -> cp = '\f';
            case 'n' -> cp = '\n';
            case 'r' -> cp = '\r';
            case 't' -> cp = '\t';
            case 'u' -> {
                return unicodeEscape(raw, p, length, complete);
            }
            default -> {
                char e = raw.charAt(p + 1);
                if (e == '[' || e == ']') {
                    return 2;  // an escaped bracket shows as one, and a bracket around text is read without it
                }
                if (e == ' ' || (e < 0x80 && MARKDOWN_ESCAPABLE.indexOf(e) >= 0)) {
                    // a Markdown backslash escape (CommonMark 0.31, section 2.4: any ASCII punctuation), as a
                    // model writes "corwin\_ashdale", "name\@example\.org"; "\ " is Pandoc's non-breaking space
                    emitMid(CharFold.of(e), p, p + 2);
                    return 2;
                }
                emitMid('\\', p, p + 1);
                return 1;
            }
        }
        emitMid(CharFold.of(cp), p, p + 2);
        return 2;
    }

    /** Most backslashes read before a {@code u} escape: JSON escaped three times over writes eight. */
    private static final int MAX_ESCAPED_BACKSLASHES = 8;

    /**
     * An escape whose backslash was itself escaped, once or more, as JSON inside a JSON string writes it
     * ({@code "Corwin\\}{@code u0020Ashdale"} in tool-call arguments or a JSON answer: its value is the escape a
     * reader decodes): at the backslash {@code p}, two to eight backslashes, then an escape this view reads after
     * one — {@code u} and four hex digits of a char that is not a surrogate, or one to six in braces; {@code x} and
     * two hex digits, or up to six in braces; {@code U} and eight — read as that char, mapped to the whole run (helper-66,
     * helper-73: JSON text skipped the decoding prose gets). The chars used; 0 when more raw text is needed; -1
     * when it is none.
     */
    private int escapedUnicodeEscape(CharSequence raw, int p, int length, boolean complete) {
        int k = p;
        while (k < length && raw.charAt(k) == '\\' && k - p < MAX_ESCAPED_BACKSLASHES) {
            k++;
        }
        if (k >= length) {
            return complete ? -1 : 0;
        }
        int q = k - 1; // the last backslash: the escape as one backslash writes it starts there
        char e = raw.charAt(k);
        if (e != 'u' && e != 'x' && e != 'U') {
            return -1;
        }
        int before = midLen;
        // the decoders a single backslash meets, none of which emits before it knows
        int used = e == 'u' ? unicodeValue(raw, q, length, complete)
                : e == 'x' ? hexEscape(raw, q, length, complete) : longUnicodeEscape(raw, q, length, complete);
        if (used <= 0) {
            return used;
        }
        for (int i = before; i < midLen; i++) {
            if (midStart[i] == q) {
                midStart[i] = p; // the decoded char stands for every backslash before it too
            }
        }
        return q - p + used;
    }

    /**
     * LaTeX's accent commands written with a symbol ({@code \'e}, {@code \"o}), and "-", its discretionary
     * hyphen; not "\." and "\=", which Markdown escapes in addresses ({@code corwin\.ashdale}).
     */
    private static final String LATEX_ACCENTS = "'`^\"~-";

    /**
     * LaTeX inside a word, at the backslash at {@code p} after a letter: a discretionary hyphen ({@code Mir\-anda})
     * before a letter is dropped; an accent before a lower-case letter ({@code M\'iranda}, {@code G\"otz}) or a
     * braced one ({@code M\'{i}randa}) reads as that letter (the view drops diacritics anyway), mapped to the
     * whole command. A capital after {@code \'} or {@code \"} is left to the JSON and Markdown escapes
     * ({@code O\'Brien} in a quoted literal). The chars used; 0 when more raw text is needed; -1 when it is none.
     */
    private int latexInWord(CharSequence raw, int p, int length, boolean complete) {
        char a = raw.charAt(p + 1);
        if (p + 2 >= length) {
            return complete ? -1 : 0;
        }
        char l = raw.charAt(p + 2);
        if (a == '-') {
            if (!Character.isLetter(l)) {
                return -1;
            }
            // in an address it is Markdown's escaped hyphen ("c\-ashdale\@example\.org"): read the word to its end
            for (int k = p + 2; k - p <= MAX_LINK_TEXT; k++) {
                if (k == length) {
                    return complete ? 2 : 0;
                }
                char c = raw.charAt(k);
                if (c == '@') {
                    return -1;
                }
                if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != '-' && c != '+' && c != '\\') {
                    break;
                }
            }
            return 2;
        }
        if (l >= 'a' && l <= 'z') {
            emitMid(l, p, p + 3);
            return 3;
        }
        if (l == '{') {
            if (p + 4 >= length) {
                return complete ? -1 : 0;
            }
            char m = raw.charAt(p + 3);
            if (isAsciiLetter(m) && raw.charAt(p + 4) == '}') {
                emitMid(m, p, p + 5);
                return 5;
            }
        }
        return -1;
    }

    /** ASCII punctuation a backslash escapes in Markdown (CommonMark 0.31, section 2.4), beyond JSON's own. */
    private static final String MARKDOWN_ESCAPABLE = "!#$%&'()*+,-.:;<=>?@[]^_`{|}~";

    /** Most hex digits of an ES6 code point escape ({@code \}{@code u{1F600}}). */
    private static final int MAX_BRACED_HEX = 6;

    private int unicodeEscape(CharSequence raw, int p, int length, boolean complete) {
        int used = unicodeValue(raw, p, length, complete);
        if (used != -1) {
            return used;
        }
        emitMid('\\', p, p + 1);
        return 1;
    }

    /**
     * {@link #unicodeEscape} without its fallback: the chars used; 0 when more raw text is needed; -1, emitting
     * nothing, when it is no escape of a char (a bad hex digit, a lone surrogate).
     */
    private int unicodeValue(CharSequence raw, int p, int length, boolean complete) {
        if (p + 2 < length && raw.charAt(p + 2) == '{') {
            // ES6's code point escape (a backslash, "u{4d}"): one to six hex digits, mapped to the whole escape
            int k = p + 3;
            int cp = 0;
            while (k < length && k - (p + 3) <= MAX_BRACED_HEX && raw.charAt(k) < 0x80
                    && Character.digit(raw.charAt(k), 16) >= 0) {
                cp = cp * 16 + Character.digit(raw.charAt(k), 16);
                k++;
            }
            if (k == length && !complete && k - (p + 3) <= MAX_BRACED_HEX) {
                return 0;
            }
            if (k < length && raw.charAt(k) == '}' && k > p + 3 && k - (p + 3) <= MAX_BRACED_HEX
                    && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF)) {
                emitMid(CharFold.of(cp), p, k + 1);
                return k + 1 - p;
            }
            return -1;
        }
        int v = hex4(raw, p + 2, length);
        if (v == -2 && !complete) {
            return 0;
        }
        if (v >= 0 && Character.isHighSurrogate((char) v)) {
            int q = p + 6;
            int low = -1;
            if (q >= length || (raw.charAt(q) == '\\' && q + 1 >= length)) {
                low = -2;
            } else if (raw.charAt(q) == '\\' && raw.charAt(q + 1) == 'u') {
                low = hex4(raw, q + 2, length);
            }
            if (low == -2 && !complete) {
                return 0;
            }
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                if (v == TagChars.HIGH && TagChars.isLow((char) low)) {
                    return tags(raw, p, length, complete);  // a run of tags written as escapes, read as raw ones
                }
                if (isRegionalIndicator(Character.toCodePoint((char) v, (char) low))) {
                    return escapedRegionalIndicators(raw, p, length, complete);
                }
                emitMid(CharFold.of(Character.toCodePoint((char) v, (char) low)), p, q + 6);
                return q + 6 - p;
            }
            v = -1;  // a lone high surrogate
        }
        if (v < 0 || Character.isLowSurrogate((char) v)) {
            return -1;
        }
        emitMid(CharFold.of(v), p, p + 6);
        return 6;
    }

    /**
     * Python's and C's eight-digit escape at the backslash {@code p} ({@code \}{@code U0000004D}), mapped to the
     * whole escape: the chars used; 0 when more raw text is needed; -1 when it is none (a path's {@code \Users}).
     */
    private int longUnicodeEscape(CharSequence raw, int p, int length, boolean complete) {
        long cp = 0;
        for (int k = p + 2; k < p + 10; k++) {
            if (k >= length) {
                return complete ? -1 : 0;
            }
            char c = raw.charAt(k);
            int d = c < 0x80 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                return -1;
            }
            cp = cp * 16 + d;
        }
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        emitMid(CharFold.of((int) cp), p, p + 10);
        return 10;
    }

    /**
     * The two-digit hex escape of Python, C and the shell at the backslash {@code p} ({@code \x4d}), or Perl's
     * braced one ({@code \x{4d}}), of a printable char, mapped to the whole escape: the chars used; 0 when more raw
     * text is needed; -1 when it is none. Control chars ({@code \x00}, {@code \x1b}) stay as written: they are
     * bytes of binary data or terminal codes, not text.
     */
    private int hexEscape(CharSequence raw, int p, int length, boolean complete) {
        boolean braced = p + 2 < length && raw.charAt(p + 2) == '{';
        int from = braced ? p + 3 : p + 2;
        int k = from;
        int v = 0;
        while (k < length && k - from < (braced ? MAX_BRACED_HEX : 2)) {
            char c = raw.charAt(k);
            int d = c < 0x80 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                break;
            }
            v = v * 16 + d;
            k++;
        }
        if (k == length && (braced || k - from < 2)) {
            return complete ? -1 : 0;
        }
        if (braced ? k == from || raw.charAt(k) != '}' : k - from < 2) {
            return -1;
        }
        int end = braced ? k + 1 : k;
        if (v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || v > Character.MAX_CODE_POINT
                || (v >= 0xD800 && v <= 0xDFFF)) {
            return -1;
        }
        emitMid(CharFold.of(v), p, end);
        return end - p;
    }

    /** The value of four hex digits at {@code q}: -1 when they are not, -2 when the raw text ends inside them. */
    private static int hex4(CharSequence raw, int q, int length) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            if (q + k >= length) {
                return -2;
            }
            char c = raw.charAt(q + k);
            int d = c < 0x80 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /**
     * "%HH" and UTF-8 sequences of them, and JavaScript's {@code escape()} form "%uHHHH" (a surrogate pair as two
     * of them); 0 when more raw text is needed to decide.
     */
    private int percent(CharSequence raw, int p, int length, boolean complete) {
        if (p + 1 < length && raw.charAt(p + 1) == 'u') {
            int used = percentUnit(raw, p, length, complete);
            if (used != -1) {
                return used;
            }
        }
        int b = hexByte(raw, p, length);
        if (b == -2 && !complete) {
            return 0;
        }
        int n = b < 0 ? -1 : b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2
                : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
        if (n == 0 && (b >= 0x20 && b != 0x7F || CharFold.isAsciiSpace(b))) {
            emitMid(CharFold.of(b), p, p + 3);
            return 3;
        }
        if (n > 0) {
            int cp = b & (0x3F >> n);
            boolean ok = true;
            for (int k = 1; k <= n && ok; k++) {
                int bk = hexByte(raw, p + 3 * k, length);
                if (bk == -2 && !complete) {
                    return 0;
                }
                ok = bk >= 0 && (bk & 0xC0) == 0x80;
                cp = (cp << 6) | (bk & 0x3F);
            }
            int min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
            if (ok && cp >= min && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF)) {
                emitMid(CharFold.of(cp), p, p + 3 * (n + 1));
                return 3 * (n + 1);
            }
        }
        emitMid('%', p, p + 1);
        return 1;
    }

    /**
     * Quoted-printable (RFC 2045) between letters, as a model writes a MIME body: "=20" for a space
     * ("Miranda=20Quillsworth") and UTF-8 sequences of "=HH" for a letter ("Jos=C3=A9"), each mapped to its
     * escape; only with a letter before it, and for "=20" a letter after it, so "n=20 people", "x=41" and
     * code's "a=B2" stay as written. Upper-case hex only, as RFC 2045 writes it. 0 when more raw text is needed.
     */
    private int quotedPrintable(CharSequence raw, int p, int length, boolean complete) {
        int b = p > 0 && Character.isLetter(raw.charAt(p - 1)) ? escapedByte(raw, p, length, '=') : -1;
        if (b == -2) {
            return complete ? plainEquals(p) : 0;
        }
        if (b == 0x20) {
            if (p + 3 >= length) {
                return complete ? plainEquals(p) : 0;
            }
            if (Character.isLetter(raw.charAt(p + 3))) {
                emitMid(' ', p, p + 3);
                return 3;
            }
        } else if (b >= 0xC2 && b <= 0xF4) {
            int n = b <= 0xDF ? 1 : b <= 0xEF ? 2 : 3;
            int cp = b & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int bk = escapedByte(raw, p + 3 * k, length, '=');
                if (bk == -2) {
                    return complete ? plainEquals(p) : 0;
                }
                if (bk < 0 || (bk & 0xC0) != 0x80) {
                    return plainEquals(p);
                }
                cp = (cp << 6) | (bk & 0x3F);
            }
            if (Character.isLetter(cp)) {
                emitMid(CharFold.of(cp), p, p + 3 * (n + 1));
                return 3 * (n + 1);
            }
        }
        return plainEquals(p);
    }

    private int plainEquals(int p) {
        emitMid('=', p, p + 1);
        return 1;
    }

    /**
     * "%uHHHH" at {@code p}, a UTF-16 unit as {@code escape()} writes it, mapped to the whole escape (a pair of
     * them for a surrogate pair): the chars used, 0 when more raw text is needed, -1 when it is not one.
     */
    private int percentUnit(CharSequence raw, int p, int length, boolean complete) {
        int v = hex4(raw, p + 2, length);
        if (v == -2) {
            return complete ? -1 : 0;
        }
        if (v < 0 || Character.isLowSurrogate((char) v)) {
            return -1;
        }
        if (Character.isHighSurrogate((char) v)) {
            int q = p + 6;
            if (q + 1 >= length || (raw.charAt(q) == '%' && raw.charAt(q + 1) == 'u' && q + 6 > length)) {
                return complete ? -1 : 0;
            }
            int low = raw.charAt(q) == '%' && raw.charAt(q + 1) == 'u' ? hex4(raw, q + 2, length) : -1;
            if (low < 0 || !Character.isLowSurrogate((char) low)) {
                return -1;
            }
            emitMid(CharFold.of(Character.toCodePoint((char) v, (char) low)), p, q + 6);
            return q + 6 - p;
        }
        emitMid(CharFold.of(v), p, p + 6);
        return 6;
    }

    /** The byte of "%HH" at {@code q}: -1 when it is not one, -2 when the raw text ends inside it. */
    private static int hexByte(CharSequence raw, int q, int length) {
        return escapedByte(raw, q, length, '%');
    }

    /**
     * The byte of {@code lead} and two hex digits at {@code q} ("%4d", quoted-printable's "=4D", upper case only
     * as RFC 2045 writes it): -1 when it is not one, -2 when the raw text ends inside it.
     */
    private static int escapedByte(CharSequence raw, int q, int length, char lead) {
        if (q >= length) {
            return -2;
        }
        if (raw.charAt(q) != lead) {
            return -1;
        }
        int v = 0;
        for (int k = 1; k <= 2; k++) {
            if (q + k >= length) {
                return -2;
            }
            char c = raw.charAt(q + k);
            int d = c > 0x7F || (lead == '=' && c >= 'a') ? -1 : Character.digit(c, 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /**
     * String literals joined in code, as a name is written in pieces: by "+" ({@code "Mir" + "anda Quills" +
     * "worth"}), SQL's "||", PHP's and Perl's "." and Lua's ".." (spaced alike on both sides, so a sentence's end
     * before a quote is none), VB's "&", or by nothing but whitespace (Python's and C's adjacent literals,
     * {@code "Gre" "ta"}) or nothing at all (the shell's {@code "Mir""anda"}); a literal after the glue may carry
     * Python's prefix ({@code r"Miranda" + r" Quillsworth"}, {@code b'}, {@code f"}), dropped with its quote. At a quote, the quote, the glue and the next literal's opening quote (", ' or `, of
     * any kind) are dropped, so the pieces read as one text. The glue may hold up to two spaces on each side of
     * the operator and one line break with its indentation ({@link #literalGap}). A quote that opens an empty or
     * a one-space literal before {@code .join(} starts a joined list ({@link #joinedList}), and the first literal
     * of a list of characters or of a {@code concat(} call one of its own ({@link #literalList}). Otherwise the
     * quote is an ordinary char. 0 when more raw text is needed to decide.
     */
    private int concatenation(CharSequence raw, int p, int length, boolean complete) {
        char q = raw.charAt(p);
        int list = joinedList(raw, p, length, complete);
        if (list == -1) {
            list = literalList(raw, p, length, complete);
        }
        if (list != -1) {
            return list;
        }
        int j = literalGap(raw, p + 1, length);
        if (j == -2) {
            return complete ? plainQuote(q, p) : 0;
        }
        int before = j - (p + 1);
        char c = raw.charAt(j);
        int op;
        if (c == '+') {
            op = 1;
        } else if (c == '|' || c == '.' || c == '&') {
            if (j + 1 == length) {
                return complete ? plainQuote(q, p) : 0;
            }
            char d = raw.charAt(j + 1);
            // VB's "&" is one char ("&&" is a logical and; "&amp;" has no quote after it)
            op = c == '|' ? (d == '|' ? 2 : -1) : c == '&' ? (d == '&' ? -1 : 1) : d == '.' ? 2 : 1;
        } else if (isQuote(c) && before == 0) {
            // adjacent literals with nothing between them (the shell's "Mir""anda"): only between two letters or
            // digits, so an empty literal ("") and CSV's doubled quote ("a ""b"" c") stay as written
            if (j + 1 == length && !complete) {
                return 0;
            }
            op = p > 0 && isAlnum(raw.charAt(p - 1)) && j + 1 < length && isAlnum(raw.charAt(j + 1)) ? 0 : -1;
        } else if (isQuote(c)) {
            op = 0;  // adjacent literals: some whitespace between them
        } else {
            // a prefixed literal after whitespace (Python's r"Mir" r"anda"); glued to the quote it is the
            // shell's "Mir"r"anda", which keeps the "r"
            int pre = before > 0 ? stringPrefix(raw, j, length) : 0;
            if (pre == -2) {
                return complete ? plainQuote(q, p) : 0;
            }
            op = pre > 0 ? 0 : -1;
        }
        if (op < 0) {
            return plainQuote(q, p);
        }
        int k = op == 0 ? j : literalGap(raw, j + op, length);
        if (k == -2) {
            return complete ? plainQuote(q, p) : 0;
        }
        if (c == '.' && (before > 0) != (k > j + op)) {
            return plainQuote(q, p);  // "'yes'. 'No'": a sentence's end, not PHP's concatenation
        }
        if (isQuote(raw.charAt(k))) {
            return k + 1 - p;
        }
        int pre = stringPrefix(raw, k, length);
        if (pre == -2) {
            return complete ? plainQuote(q, p) : 0;
        }
        if (pre > 0) {
            return k + pre + 1 - p;  // the prefix is dropped with the quote
        }
        if (op > 0) {
            int call = callEnd(raw, k, length);
            if (call == -2) {
                return complete ? plainQuote(q, p) : 0;
            }
            if (call >= 0) {
                gluedCall = k;
                return k - p;  // a character call follows ("Miranda " + chr(81)): read at k (charCall)
            }
        }
        return plainQuote(q, p);
    }

    /** Names of the functions that make a char of its code (Python, SQL, VB), lower case. */
    private static final String[] CHAR_FUNCTIONS = {"char", "chr", "chrw", "nchar", "unichr"};
    /** Most ASCII letters of a word read as a whole at a stretch's end ({@link #formWordStart}). */
    private static final int MAX_FORM_WORD = 6;
    /**
     * JavaScript's calls that make a text of its codes, one or many ({@code String.fromCharCode(77,105)}), as
     * written (the language is case-sensitive).
     */
    private static final String[] CODES_FUNCTIONS = {"String.fromCharCode", "String.fromCodePoint"};
    /** The length of the longest of {@link #CODES_FUNCTIONS}. */
    private static final int MAX_CODES_FUNCTION = java.util.Arrays.stream(CODES_FUNCTIONS).mapToInt(String::length).max()
            .orElse(0);
    /** Per ASCII char: 1 when it is in one of {@link #CODES_FUNCTIONS}, 2 when one begins with it too. */
    private static final byte[] CODES_FUNCTION_CHARS = new byte[128];

    static {
        for (String f : CODES_FUNCTIONS) {
            for (int i = 0; i < f.length(); i++) {
                CODES_FUNCTION_CHARS[f.charAt(i)] |= 1;
            }
            CODES_FUNCTION_CHARS[f.charAt(0)] |= 2;
        }
    }
    /** Most codes of one {@link #CODES_FUNCTIONS} call read as chars (a name needs far fewer). */
    private static final int MAX_CALL_CODES = 64;
    /** Where the glue before a call that {@link #concatenation} or {@link #charCall} dropped ends (-1: none). */
    private int gluedCall = -1;
    /** How many chars the call {@link #callEnd} read last makes. */
    private int callCount;
    /** The chars of the call {@link #callEnd} read last, and the raw span each maps to. */
    private final int[] callChars = new int[MAX_CALL_CODES];
    private final int[] callFrom = new int[MAX_CALL_CODES];
    private final int[] callTo = new int[MAX_CALL_CODES];

    /**
     * Where a word at the end of the plain stretch {@code raw[p, q)} starts when it may begin a form that must
     * be read whole: a character function's name before "(", or at the end of the raw text so far, a prefix of
     * one (so a stream decides as the whole text does); {@code q} when there is none.
     */
    private static int formWordStart(CharSequence raw, int p, int q, int stop, int length, boolean complete) {
        boolean open = q == length && !complete;
        boolean call = !open && q < stop && raw.charAt(q) == '(';
        boolean turned = !open && q < stop && turnedLetter(raw.charAt(q)) != 0;  // not ASCII: it ends the stretch
        if (!open && !call && !turned) {
            return q;
        }
        if (open || call) {
            int s = codesFunctionStart(raw, p, q, open);
            if (s >= 0) {
                return s;
            }
        }
        int w = q;
        while (w > p && q - w < MAX_TURNED_PREFIX && isAsciiLetter(raw.charAt(w - 1))) {
            w--;
        }
        if (w == q || (w > 0 && (Character.isLetterOrDigit(raw.charAt(w - 1)) || raw.charAt(w - 1) == '_'))) {
            return q;  // none, or not a word's start
        }
        if (call) {
            return charFunction(raw, w, q, false) ? w : q;
        }
        // every letter a small one that upside-down text writes in ASCII ("p" for a turned "d"); a capital
        // stands at a turned word's end, where the original one began
        boolean turnable = true;
        for (int i = w; i < q && turnable; i++) {
            char c = raw.charAt(i);
            turnable = c >= 'a' && turnedLetter(c) != 0;
        }
        return turnable || (open && charFunction(raw, w, q, true)) ? w : q;
    }

    /**
     * Where a name of {@link #CODES_FUNCTIONS} that ends the stretch {@code raw[p, q)} starts, at a word's start;
     * with {@code open}, where a prefix of one ending the raw text so far starts ("String.fromCh"), so it is held
     * until it is decided; -1 when there is none.
     */
    private static int codesFunctionStart(CharSequence raw, int p, int q, boolean open) {
        // asked at every chunk of a stream, whose open end is almost never a name: none can end here unless a
        // name's first char stands in the last chars with only chars of the names after it
        boolean candidate = false;
        for (int i = q - 1; i >= Math.max(p, q - MAX_CODES_FUNCTION) && !candidate; i--) {
            char c = raw.charAt(i);
            if (c >= 128 || CODES_FUNCTION_CHARS[c] == 0) {
                break;
            }
            candidate = (CODES_FUNCTION_CHARS[c] & 2) != 0;
        }
        if (!candidate) {
            return -1;
        }
        for (String f : CODES_FUNCTIONS) {
            for (int n = open ? Math.min(f.length(), q - p) : f.length(); n > 0; n = open ? n - 1 : 0) {
                int s = q - n;
                if (s < p || (s > 0 && (Character.isLetterOrDigit(raw.charAt(s - 1)) || raw.charAt(s - 1) == '_'))) {
                    continue;
                }
                int i = 0;
                while (i < n && raw.charAt(s + i) == f.charAt(i)) {
                    i++;
                }
                if (i == n) {
                    return s;
                }
            }
        }
        return -1;
    }

    /**
     * The form a word at {@code p} ends the stretch {@code raw[p, q)} with ({@link #formWordStart}): the chars
     * used; 0 when more raw text is needed; -1 when it is none.
     */
    private int wordForm(CharSequence raw, int p, int q, int length, boolean complete) {
        if (q == length) {
            return complete ? -1 : 0;
        }
        return raw.charAt(q) == '(' ? charCall(raw, p, length, complete) : turned(raw, p, length, complete);
    }

    /** Most ASCII letters before the first turned one of an upside-down word ("uos" of "uosuɥoſ"). */
    private static final int MAX_TURNED_PREFIX = 12;
    /** Most raw chars of a run of upside-down text read at once ({@link #turned}). */
    private static final int MAX_TURNED = 96;

    /**
     * The letter a char of upside-down text is turned from ("ɐ" is "a", "ʍ" "w", "Ꝺ" or "Ὁ" "Q"), ASCII ones too, as
     * such text writes them ("p" for "d", "u" for "n", "W" for "M"), a capital left unturned as itself; 0 for
     * other chars.
     */
    private static char turnedLetter(char c) {
        return switch (c) {
            case 'ɐ' -> 'a';
            case 'q' -> 'b';
            case 'ɔ' -> 'c';
            case 'p' -> 'd';
            case 'ǝ' -> 'e';
            case 'ɟ' -> 'f';
            case 'ƃ', 'ᵷ' -> 'g';
            case 'ɥ' -> 'h';
            case 'ᴉ', 'ı' -> 'i';
            case 'ɾ' -> 'j';
            case 'ʞ' -> 'k';
            case 'l', 'ꞁ' -> 'l';
            case 'ɯ' -> 'm';
            case 'u' -> 'n';
            case 'o' -> 'o';
            case 'd' -> 'p';
            case 'b' -> 'q';
            case 'ɹ' -> 'r';
            case 's' -> 's';
            case 'ʇ' -> 't';
            case 'n' -> 'u';
            case 'ʌ' -> 'v';
            case 'ʍ' -> 'w';
            case 'x' -> 'x';
            case 'ʎ' -> 'y';
            case 'z' -> 'z';
            case '∀' -> 'A';
            case 'Ɔ' -> 'C';
            case 'Ǝ' -> 'E';
            case 'Ⅎ' -> 'F';
            case '⅁' -> 'G';
            case 'H' -> 'H';
            case 'I' -> 'I';
            case 'ſ' -> 'J';
            case 'Ʞ' -> 'K';
            case '˥', '⅂' -> 'L';
            case 'W' -> 'M';
            case 'N' -> 'N';
            case 'O' -> 'O';
            case 'Ԁ' -> 'P';
            case 'Ꝺ', 'Ὁ', 'Ό' -> 'Q';  // Greek O with a mark standing below-left, as Q's tail does turned
            case 'ᴚ' -> 'R';
            case 'S' -> 'S';
            case '┴', '⊥' -> 'T';
            case '∩' -> 'U';
            case 'Λ', 'Ʌ' -> 'V';
            case 'M' -> 'W';
            case 'X' -> 'X';
            case '⅄' -> 'Y';
            case 'Z' -> 'Z';
            // capitals without a turned form of their own are left as they are by generators ("ɥʇɹoʍsllınQ"), and
            // an "i" often is (it turns to much the same)
            case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'J', 'K', 'L', 'P', 'Q', 'R', 'T', 'U', 'V', 'Y', 'i' -> c;
            default -> 0;
        };
    }

    /**
     * Whether {@code c} is a symbol that upside-down text writes a turned capital with ("⊥" for "T", "∀" for "A"):
     * a letter there, not a symbol between a name's words.
     */
    public static boolean isTurnedCapitalSymbol(char c) {
        int type = Character.getType(c);
        return c >= 0x80 && turnedLetter(c) != 0 && !Character.isLetter(c)
                && (type == Character.MATH_SYMBOL || type == Character.OTHER_SYMBOL);
    }

    /**
     * A run of upside-down text at the word start {@code p} ("ɥʇɹoʍsllınꝹ ɐpuɐɹıW": letters turned 180° and
     * the text reversed): words of {@link #turnedLetter}s parted by single spaces, at most {@value #MAX_TURNED}
     * chars, a word cut by another letter left out. It reads turned back and in order, every char mapped to the
     * whole run (its chars stand in reverse, so no part of it maps alone); only when a third of its letters or
     * more, two at least and two different, are turned ones that ASCII has not (a dotless "ı" is Turkish too, and
     * IPA's "ɔ" or "ɹ" alone makes no run). The chars used; 0 when more raw text is needed; -1 when it is none.
     */
    private int turned(CharSequence raw, int p, int length, boolean complete) {
        int limit = Math.min(length, p + MAX_TURNED);
        int k = p;
        int lastEnd = p;  // the end of the last word a space closed
        while (k < limit) {
            char c = raw.charAt(k);
            if (c == ' ' && k > p && raw.charAt(k - 1) != ' ') {
                lastEnd = k++;
                continue;
            }
            if (c == ' ' || turnedLetter(c) == 0) {
                break;
            }
            k++;
        }
        if (k == length && !complete && k < p + MAX_TURNED) {
            return 0;  // the run may go on
        }
        int end = k;
        if (k == p + MAX_TURNED || (k < length && (Character.isLetterOrDigit(raw.charAt(k))
                || Character.getType(raw.charAt(k)) == Character.NON_SPACING_MARK))) {
            end = lastEnd;  // the last word is cut: by the bound, or by a letter no upside-down text has
        } else if (end > p && raw.charAt(end - 1) == ' ') {
            end--;
        }
        int letters = 0;
        int turnedOnes = 0;
        char first = 0;
        boolean two = false;
        for (int i = p; i < end; i++) {
            char c = raw.charAt(i);
            if (c != ' ') {
                letters++;
                if (c >= 0x80 && c != 'ı') {
                    turnedOnes++;
                    two |= first != 0 && c != first;
                    first = first == 0 ? c : first;
                }
            }
        }
        if (turnedOnes < 2 || !two || turnedOnes * 3 < letters) {
            return -1;
        }
        for (int i = end - 1; i >= p; i--) {
            char c = raw.charAt(i);
            emitMid(c == ' ' ? ' ' : turnedLetter(c), p, end);
        }
        return end - p;
    }

    /**
     * Whether {@code raw[from, to)} names a function of {@link #CHAR_FUNCTIONS} (any case), or with
     * {@code prefix}, begins one.
     */
    private static boolean charFunction(CharSequence raw, int from, int to, boolean prefix) {
        for (String f : CHAR_FUNCTIONS) {
            if (prefix ? to - from <= f.length() : to - from == f.length()) {
                int i = 0;
                while (i < to - from && (raw.charAt(from + i) | 0x20) == f.charAt(i)) {
                    i++;
                }
                if (i == to - from) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A character call at {@code p} ({@code chr(77)}, {@code CHAR(0x4d)}, {@link #callEnd}) reads as its char,
     * mapped to the whole call; the glue after it to another call or a string literal ({@code + chr(105)},
     * {@code || 'anda'}, {@link #callGlue}) is dropped, so the pieces read as one text. The chars used; 0 when
     * more raw text is needed; -1 when it is none.
     */
    private int charCall(CharSequence raw, int p, int length, boolean complete) {
        int e = callEnd(raw, p, length);
        if (e == -2) {
            return complete ? -1 : 0;
        }
        if (e < 0) {
            return -1;
        }
        int g = callGlue(raw, e, length);
        if (g == -2) {
            if (!complete) {
                return 0;
            }
            g = -1;
        }
        callEnd(raw, p, length);  // again: the glue's look at a next call overwrote the chars read
        if (callFrom[0] > p && gluedCall != p) {
            // a codes call's name and "(" start the text it makes, as a joined list's call does: it reads apart
            // from a word before it, and a redaction of a name in it leaves the call
            emitMid(' ', p, callFrom[0]);
        }
        gluedCall = g;
        for (int i = 0; i < callCount; i++) {
            emitMid(CharFold.of(callChars[i]), callFrom[i], callTo[i]);
        }
        if (g < 0 && callTo[callCount - 1] < e) {
            emitMid(' ', e - 1, e);  // a codes call's ")" ends the text it makes, as a joined list's end does
        }
        return (g >= 0 ? g : e) - p;
    }

    /**
     * The end of a call of a character function at {@code k}: a name of {@link #CHAR_FUNCTIONS} in any case,
     * "(", a decimal code or a "0x" hex one of a printable char, ")", its char mapped to the whole call; or one of
     * {@link #CODES_FUNCTIONS} ({@link #codesCallEnd}). The chars go to {@link #callChars}. -1 when there is none,
     * -2 when {@code limit} comes first.
     */
    private int callEnd(CharSequence raw, int k, int limit) {
        for (String f : CODES_FUNCTIONS) {
            int n = expect(raw, k, limit, f);
            if (n == -2 || (n > 0 && n == limit)) {
                return -2;
            }
            if (n > 0 && raw.charAt(n) == '(') {
                return codesCallEnd(raw, n + 1, limit);
            }
        }
        int i = k;
        while (i < limit && i - k < MAX_FORM_WORD && isAsciiLetter(raw.charAt(i))) {
            i++;
        }
        if (i == limit) {
            return charFunction(raw, k, i, true) ? -2 : -1;
        }
        if (raw.charAt(i) != '(' || !charFunction(raw, k, i, false)) {
            return -1;
        }
        i++;
        int radix = 10;
        if (i + 1 >= limit) {
            return -2;
        }
        if (raw.charAt(i) == '0' && (raw.charAt(i + 1) | 0x20) == 'x') {
            radix = 16;
            i += 2;
        }
        int digits = i;
        long v = 0;
        while (i < limit && i - digits <= MAX_REFERENCE_DIGITS) {
            char c = raw.charAt(i);
            int d = c < 0x80 ? Character.digit(c, radix) : -1;
            if (d < 0) {
                break;
            }
            v = v * radix + d;
            i++;
        }
        if (i == limit) {
            return -2;
        }
        if (i == digits || i - digits > MAX_REFERENCE_DIGITS || raw.charAt(i) != ')' || v < 0x20
                || (v >= 0x7F && v < 0xA0) || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
            return -1;
        }
        callCount = 1;
        callChars[0] = (int) v;
        callFrom[0] = k;
        callTo[0] = i + 1;
        return i + 1;
    }

    /**
     * The end of the arguments of a {@link #CODES_FUNCTIONS} call from {@code k}, past its "(": up to
     * {@value #MAX_CALL_CODES} decimal or "0x" hex codes of printable chars parted by commas, spaces allowed as
     * {@link #literalGap} allows them, or one spread array of them ({@code ...[77, 105]}), then ")". Each char maps
     * to its code alone, so a redaction leaves the call around the name. -1 when there is none, -2 when
     * {@code limit} comes first.
     */
    private int codesCallEnd(CharSequence raw, int k, int limit) {
        int bound = Math.min(limit, k + MAX_JOINED_LIST);
        int need = bound == limit ? -2 : -1;  // what running into the bound means
        int i = expect(raw, k, bound, "...[");
        boolean spread = i > 0;
        if (i == -2) {
            return need;
        }
        i = literalGap(raw, spread ? i : k, bound);
        int n = 0;
        while (true) {
            if (i < 0) {
                return need;
            }
            int radix = 10;
            int digits = i;
            if (raw.charAt(i) == '0') {
                if (i + 1 >= bound) {
                    return need;
                }
                if ((raw.charAt(i + 1) | 0x20) == 'x') {
                    radix = 16;
                    digits = i + 2;
                }
            }
            i = digits;
            long v = 0;
            while (i < bound && i - digits <= MAX_REFERENCE_DIGITS) {
                char c = raw.charAt(i);
                int d = c < 0x80 ? Character.digit(c, radix) : -1;
                if (d < 0) {
                    break;
                }
                v = v * radix + d;
                i++;
            }
            if (i == bound) {
                return need;
            }
            if (i == digits || i - digits > MAX_REFERENCE_DIGITS || n == MAX_CALL_CODES || v < 0x20
                    || (v >= 0x7F && v < 0xA0) || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                return -1;
            }
            callChars[n] = (int) v;
            callFrom[n] = radix == 16 ? digits - 2 : digits;
            callTo[n++] = i;
            i = literalGap(raw, i, bound);
            if (i < 0) {
                return need;
            }
            char c = raw.charAt(i);
            if (c == ',') {
                i = literalGap(raw, i + 1, bound);
                continue;
            }
            if (spread) {
                if (c != ']') {
                    return -1;
                }
                i = literalGap(raw, i + 1, bound);
                if (i < 0) {
                    return need;
                }
                c = raw.charAt(i);
            }
            if (c != ')') {
                return -1;
            }
            callCount = n;
            return i + 1;
        }
    }

    /**
     * The glue after a character call ending at {@code e} that joins it to another call or to a non-empty string
     * literal: "+", "||", "." or "&amp;" with the gaps {@link #literalGap} allows. Its end (the next call's start,
     * or past the literal's opening quote); -1 when there is none, -2 when the raw text ends first.
     */
    private int callGlue(CharSequence raw, int e, int length) {
        int limit = Math.min(length, e + MAX_JOINED_LIST);
        int undecided = limit == length ? -2 : -1;
        int j = literalGap(raw, e, limit);
        if (j < 0) {
            return undecided;
        }
        char c = raw.charAt(j);
        int op = c == '+' || c == '.' || c == '&' ? 1 : c == '|' ? 2 : 0;
        if (op == 0) {
            return -1;
        }
        if (j + 1 >= limit) {
            return undecided;
        }
        char d = raw.charAt(j + 1);
        if ((op == 2) != (d == '|') || (op == 1 && d == c)) {
            return -1;  // "|" alone, "&&", "++", ".."
        }
        int k = literalGap(raw, j + op, limit);
        if (k < 0) {
            return undecided;
        }
        int pre = isQuote(raw.charAt(k)) ? 0 : stringPrefix(raw, k, limit);
        if (pre == -2) {
            return undecided;
        }
        if (isQuote(raw.charAt(k + pre))) {
            int close = literalEnd(raw, k + pre, limit);
            if (close == -2) {
                return undecided;
            }
            return close > k + pre + 1 ? k + pre + 1 : -1;
        }
        int call = callEnd(raw, k, limit);
        return call == -2 ? undecided : call >= 0 ? k : -1;
    }

    /**
     * The letters of a Python string prefix at {@code k} right before a quote ({@code r"}, {@code b'}, {@code u"},
     * {@code f"}, {@code rb"}, {@code br"}, {@code fr"}, {@code rf"}, any case): their number; 0 when there is none;
     * -2 when {@code limit} comes first.
     */
    private static int stringPrefix(CharSequence raw, int k, int limit) {
        int n = 0;
        int kinds = 0;  // bits: r 1, b 2, u 4, f 8
        while (n < 3) {
            if (k + n >= limit) {
                return -2;
            }
            char c = raw.charAt(k + n);
            int kind = switch (c) {
                case 'r', 'R' -> 1;
                case 'b', 'B' -> 2;
                case 'u', 'U' -> 4;
                case 'f', 'F' -> 8;
                default -> 0;
            };
            if (kind == 0) {
                break;
            }
            kinds |= kind;
            n++;
        }
        if (n == 0 || n == 3 || (raw.charAt(k + n) != '"' && raw.charAt(k + n) != '\'')) {
            return 0;
        }
        // one letter, or r with b or f
        return n == 1 || kinds == 3 || kinds == 9 ? n : 0;
    }

    /**
     * A "{" or "$" that may only wrap or break a text: a substitution of one string literal in a template
     * ({@code `${'Mir'}anda`} in JavaScript, {@code f"{'Miranda'}"} in Python), whose "${", "{" and quotes and
     * closing brace are dropped so the literal reads in its place; LaTeX's empty group between two letters
     * ({@code Mir{}anda}), dropped; and the "$" or "$$" of LaTeX math mode around a command
     * ({@code $\mathrm{Miranda}$}: before a backslash and a letter, or right after a "}"), dropped. Any other is
     * an ordinary char ("$5", "{x}", "${name}"). 0 when more raw text is needed to decide.
     */
    private int braceOrDollar(CharSequence raw, int p, int length, boolean complete) {
        char c = raw.charAt(p);
        if (c == '$') {
            if (p > 0 && (raw.charAt(p - 1) == '}' || (raw.charAt(p - 1) == '$' && p > 1 && raw.charAt(p - 2) == '}'))) {
                return 1;  // math mode closed after a command's argument
            }
            int q = p + 1 < length && raw.charAt(p + 1) == '$' ? p + 2 : p + 1;
            if (q >= length || (raw.charAt(q) == '\\' && q + 1 >= length)) {
                if (!complete) {
                    return 0;
                }
            } else if (raw.charAt(q) == '\\' && isAsciiLetter(raw.charAt(q + 1))) {
                return q - p;  // math mode opened before a command
            }
            if (p + 1 >= length || raw.charAt(p + 1) != '{') {
                emitMid(c, p, p + 1);
                return 1;
            }
        }
        int o = c == '$' ? p + 1 : p;
        if (o + 1 >= length) {
            if (!complete) {
                return 0;
            }
            emitMid(c, p, p + 1);
            return 1;
        }
        char d = raw.charAt(o + 1);
        if (c == '{' && d == '}' && p > 0 && Character.isLetter(raw.charAt(p - 1))) {
            if (o + 2 >= length && !complete) {
                return 0;
            }
            if (o + 2 < length && Character.isLetter(raw.charAt(o + 2))) {
                return 2;  // an empty group inside a word: a LaTeX kerning or ligature break
            }
        }
        if (isQuote(d)) {
            int limit = Math.min(length, o + 1 + MAX_JOINED_LIST);
            int e = literalEnd(raw, o + 1, limit);
            if (e == -2 && limit == length && !complete) {
                return 0;
            }
            if (e > o + 2 && e + 1 >= length && !complete) {
                return 0;
            }
            if (e > o + 2 && e + 1 < length && raw.charAt(e + 1) == '}') {
                drops.put(e, e + 2);
                return o + 2 - p;
            }
        }
        emitMid(c, p, p + 1);
        return 1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private int plainQuote(char q, int p) {
        emitMid(q, p, p + 1);
        return 1;
    }

    /** Most spaces or tabs of a joined literal's indentation after a line break ({@link #literalGap}). */
    private static final int MAX_INDENT = 32;
    /** Most raw chars a joined list of literals takes, from its first char to its last ({@link #joinedList}). */
    private static final int MAX_JOINED_LIST = 400;
    /** Most literals in a joined list. */
    private static final int MAX_LIST_ITEMS = 64;

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The end of the whitespace at {@code j} that may stand between joined literals: up to two spaces, then at
     * most one line break and up to {@value #MAX_INDENT} spaces or tabs of indentation; -2 when
     * {@code limit} comes first (more text may continue it).
     */
    private static int literalGap(CharSequence raw, int j, int limit) {
        int spaces = 0;
        while (j < limit && raw.charAt(j) == ' ' && spaces < 2) {  // a tab between cells is TSV's, not code's
            j++;
            spaces++;
        }
        if (j < limit && raw.charAt(j) == '\r') {
            if (j + 1 == limit) {
                return -2;
            }
            if (raw.charAt(j + 1) != '\n') {
                return j;
            }
            j++;
        }
        if (j < limit && raw.charAt(j) == '\n') {
            j++;
            int indent = 0;
            while (j < limit && isBlank(raw.charAt(j)) && indent < MAX_INDENT) {
                j++;
                indent++;
            }
        }
        return j >= limit ? -2 : j;
    }

    /** Opening quotes (offsets) and closing quotes of the literals of the list {@link #listItems} read last. */
    private final int[] itemOpen = new int[MAX_LIST_ITEMS];
    private final int[] itemClose = new int[MAX_LIST_ITEMS];
    /** How many literals {@link #listItems} read last. */
    private int items;

    /**
     * A list of string literals joined with an empty or a one-space separator, as code writes a name in pieces:
     * Python's {@code "".join(["Gre", "ta"])} (a list or a tuple) at the separator's opening quote, JavaScript's
     * {@code ["Gre", "ta"].join("")} at the "[". The list reads as the literals' text, joined by nothing or by
     * one space (the text the join makes; other separators, ", " above all, are left as written, which reads
     * alike): the separator, the call, the brackets, the quotes and commas are dropped. Items may be spread over
     * lines; at most {@value #MAX_LIST_ITEMS} literals in {@value #MAX_JOINED_LIST} chars.
     *
     * @return the raw chars used; 0 when more raw text is needed to decide; -1 when this is no such list
     */
    private int joinedList(CharSequence raw, int p, int length, boolean complete) {
        int limit = Math.min(length, p + MAX_JOINED_LIST);
        int need = !complete && limit == length ? 0 : -1;  // what running into the limit means
        boolean python = raw.charAt(p) != '[';
        int k = p;
        boolean spaced = false;
        if (python) {
            int sep = separator(raw, p, limit);
            if (sep < 0) {
                return sep == -2 ? need : -1;
            }
            spaced = sep - p == 3;
            k = expect(raw, sep, limit, ".join(");
            if (k < 0) {
                return k == -2 ? need : -1;
            }
            k = literalGap(raw, k, limit);
            if (k < 0) {
                return need;
            }
            if (raw.charAt(k) != '[' && raw.charAt(k) != '(') {
                return -1;
            }
        }
        char close = raw.charAt(k) == '[' ? ']' : ')';
        k = literalGap(raw, k + 1, limit);
        if (k < 0) {
            return need;
        }
        k = listItems(raw, k, limit, close, false, true);
        if (k < 0) {
            return k == -2 ? need : -1;
        }
        int n = items;
        int end;
        if (python) {
            end = literalGap(raw, k + 1, limit);
            if (end < 0) {
                return need;
            }
            if (raw.charAt(end) != ')') {
                return -1;
            }
            end++;
        } else {
            int sep = expect(raw, k + 1, limit, ".join(");
            if (sep < 0) {
                return sep == -2 ? need : -1;
            }
            int s = separator(raw, sep, limit);
            if (s < 0) {
                return s == -2 ? need : -1;
            }
            spaced = s - sep == 3;
            if (s == limit) {
                return need;
            }
            if (raw.charAt(s) != ')') {
                return -1;
            }
            end = s + 1;
        }
        joinItems(n, spaced);
        drops.put(itemClose[n - 1], -end);  // the list's end reads as a space: a finding ends with the name (red team 14 N3)
        emitMid(' ', p, itemOpen[0] + 1);  // and so does its start: the call and brackets stay
        return itemOpen[0] + 1 - p;
    }

    /** Fewest one-char literals in a list read as the chars they spell ({@link #literalList}). */
    private static final int MIN_CHAR_ITEMS = 3;

    /**
     * A bracketed list of literals that code builds a text from, at its first literal's opening quote
     * {@code p}: a character array or list, every item one char ({@code {'M','i','r'}} in C, {@code ['M', 'i',
     * 'r']} in Python or JavaScript, at least {@value #MIN_CHAR_ITEMS}; a {@code '\0'} item is dropped), or the
     * arguments of a {@code concat(...)} call (SQL's and others', any literals) or of {@code concat_ws(...)}
     * whose separator, the literal at {@code p}, is empty or one space. The list reads as its items' text, the
     * quotes and commas dropped (a space for a one-space separator); the brackets stay. -1 when this is no such
     * list (an item is no literal, an array item longer than one char), 0 when more raw text is needed.
     */
    private int literalList(CharSequence raw, int p, int length, boolean complete) {
        int b = p - 1;
        while (b >= 0 && p - b <= MAX_INDENT && isBlank(raw.charAt(b))) {
            b--;
        }
        if (b < 0) {
            return -1;
        }
        char open = raw.charAt(b);
        char close = open == '(' ? ')' : open == '[' ? ']' : open == '{' ? '}' : 0;
        if (close == 0) {
            return -1;
        }
        int call = open == '(' ? concatCall(raw, b) : 0;  // 1: concat(, 2: concat_ws(
        int limit = Math.min(length, p + MAX_JOINED_LIST);
        int need = !complete && limit == length ? 0 : -1;
        boolean spaced = false;
        int k = p;
        if (call == 2) {
            int sep = separator(raw, p, limit);
            if (sep < 0) {
                return sep == -2 ? need : -1;
            }
            spaced = sep - p == 3;
            k = literalGap(raw, sep, limit);
            if (k < 0) {
                return need;
            }
            if (raw.charAt(k) != ',') {
                return -1;
            }
            k = literalGap(raw, k + 1, limit);
            if (k < 0) {
                return need;
            }
        }
        k = listItems(raw, k, limit, close, call == 0, call == 0);
        if (k < 0) {
            return k == -2 ? need : -1;
        }
        int n = items;
        int lastClose = itemClose[n - 1];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int o = itemOpen[i];
            if (!(itemClose[i] - o == 3 && raw.charAt(o + 1) == '\\' && raw.charAt(o + 2) == '0')) {  // a '\0' item is dropped
                itemOpen[kept] = o;
                itemClose[kept++] = itemClose[i];
            }
        }
        if (kept == 0 || (call == 0 && n < MIN_CHAR_ITEMS)) {
            return -1;
        }
        joinItems(kept, spaced);
        // the last kept item's quote, and any '\0' items after it; a trailing comma stays, so a hit's span,
        // which takes in the dropped chars after it, holds no comma that parts no two literals
        drops.put(itemClose[kept - 1], lastClose + 1);
        return itemOpen[0] + 1 - p;
    }

    /**
     * Reads the literals of a list, from the first one's opening quote at {@code k} to the {@code close} bracket:
     * literals parted by commas, whitespace around them as {@link #literalGap} allows. Their quotes go to
     * {@link #itemOpen} and {@link #itemClose}, their number to {@link #items}.
     *
     * @param chars every literal holds one char, or one escaped (an array of chars)
     * @param trailingComma whether a comma may follow the last literal
     * @return the offset of the close bracket; -1 when this is no such list, -2 when {@code limit} comes first
     */
    private int listItems(CharSequence raw, int k, int limit, char close, boolean chars, boolean trailingComma) {
        int n = 0;
        while (true) {
            if (!isQuote(raw.charAt(k)) || n == MAX_LIST_ITEMS) {
                return -1;
            }
            int e = literalEnd(raw, k, limit);
            if (e < 0) {
                return e;
            }
            if (chars && e - k != 2 && !(e - k == 3 && raw.charAt(k + 1) == '\\')) {
                return -1;
            }
            itemOpen[n] = k;
            itemClose[n++] = e;
            k = literalGap(raw, e + 1, limit);
            if (k < 0) {
                return k;
            }
            if (raw.charAt(k) == close) {
                break;
            }
            if (raw.charAt(k) != ',') {
                return -1;
            }
            k = literalGap(raw, k + 1, limit);
            if (k < 0) {
                return k;
            }
            if (trailingComma && raw.charAt(k) == close) {
                break;  // after a trailing comma
            }
        }
        items = n;
        return k;
    }

    /** Drops the quotes, commas and gaps between the first {@code n} items read, leaving a space if {@code spaced}. */
    private void joinItems(int n, boolean spaced) {
        for (int i = 0; i + 1 < n; i++) {
            drops.put(itemClose[i], spaced ? -(itemOpen[i + 1] + 1) : itemOpen[i + 1] + 1);
        }
    }

    /**
     * Whether the "(" at {@code b} opens a call of {@code concat} (1) or {@code concat_ws} (2), any case, the
     * name standing alone or after a dot; 0 otherwise.
     */
    private static int concatCall(CharSequence raw, int b) {
        int e = b;
        while (e > 0 && raw.charAt(e - 1) == ' ') {
            e--;
        }
        int s = e;
        while (s > 0 && e - s < 10 && (isAsciiAlnum(raw.charAt(s - 1)) || raw.charAt(s - 1) == '_')) {
            s--;
        }
        if (s > 0 && (isAsciiAlnum(raw.charAt(s - 1)) || raw.charAt(s - 1) == '_')) {
            return 0;
        }
        String name = raw.subSequence(s, e).toString().toLowerCase(java.util.Locale.ROOT);
        return name.equals("concat") ? 1 : name.equals("concat_ws") ? 2 : 0;
    }

    /**
     * The end of an empty or one-space string literal at {@code p} ({@code ""}, {@code ' '}); -1 when there is
     * none, -2 when {@code limit} comes first.
     */
    private static int separator(CharSequence raw, int p, int limit) {
        if (p >= limit) {
            return -2;
        }
        char q = raw.charAt(p);
        if (!isQuote(q)) {
            return -1;
        }
        if (p + 1 >= limit) {
            return -2;
        }
        if (raw.charAt(p + 1) == q) {
            return p + 2;
        }
        if (raw.charAt(p + 1) != ' ') {
            return -1;
        }
        if (p + 2 >= limit) {
            return -2;
        }
        return raw.charAt(p + 2) == q ? p + 3 : -1;
    }

    /** The end of {@code word} written at {@code p}; -1 when something else is, -2 when {@code limit} comes first. */
    private static int expect(CharSequence raw, int p, int limit, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (p + i >= limit) {
                return -2;
            }
            if (raw.charAt(p + i) != word.charAt(i)) {
                return -1;
            }
        }
        return p + word.length();
    }

    /**
     * The closing quote of the string literal opened at {@code p}, on the same line, a backslash escaping the
     * char after it; -1 when the line ends first, -2 when {@code limit} does.
     */
    private static int literalEnd(CharSequence raw, int p, int limit) {
        char q = raw.charAt(p);
        for (int i = p + 1; i < limit; i++) {
            char c = raw.charAt(i);
            if (c == q) {
                return i;
            }
            if (c == '\n' || c == '\r') {
                return -1;
            }
            if (c == '\\') {
                i++;
            }
        }
        return -2;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** Longest text of a Markdown link, and longest destination or reference label, in UTF-16 units. */
    private static final int MAX_LINK_TEXT = 100;
    private static final int MAX_LINK_TARGET = 512;

    /**
     * A Markdown link, image or reference link at the "[" or "![" at {@code p} ({@code [text](url)}, {@code [text](url
     * "title")}, {@code [text][ref]}, {@code [text][]}; CommonMark 0.31, section 6.3): the "[" and the
     * {@code "](url)"} after the text are dropped, so "[Miranda](a) [Quillsworth](b)" reads as the name it shows.
     * The text ends at the first "]" on its line, holding no "[" (a nested bracket is not read as a link); the
     * destination is one run without spaces, optionally followed by a quoted title. Anything else is an ordinary
     * "[" or "!". 0 when more raw text is needed to decide (a stream holds at most the bounds above).
     */
    private int link(CharSequence raw, int p, int length, boolean complete) {
        char c = raw.charAt(p);
        if (c == '[') {
            int list = joinedList(raw, p, length, complete);
            if (list != -1) {
                return list;
            }
        }
        int b = c == '!' ? p + 1 : p;  // an image: "![alt](src)"
        if (b == length) {
            if (!complete) {
                return 0;
            }
            emitMid(c, p, p + 1);
            return 1;
        }
        if (raw.charAt(b) != '[') {
            emitMid(c, p, p + 1);
            return 1;
        }
        if (c == '[' && b + 1 < length && raw.charAt(b + 1) == '[') {
            return wikiLink(raw, p, length, complete);
        }
        int k = b + 1;
        while (k < length && k - b <= MAX_LINK_TEXT && raw.charAt(k) != ']' && raw.charAt(k) != '['
                && raw.charAt(k) != '\n') {
            k++;
        }
        if (k == length && k - b <= MAX_LINK_TEXT && !complete) {
            return 0;
        }
        int end = -1;
        if (k < length && raw.charAt(k) == ']' && k > b + 1) {
            if (k + 1 == length && !complete) {
                return 0;
            }
            char open = k + 1 < length ? raw.charAt(k + 1) : 0;
            if (open == '(' || open == '[') {
                char close = open == '(' ? ')' : ']';
                int j = k + 2;
                int depth = 0;  // a destination may hold balanced parentheses (CommonMark 6.3): wiki/Foo_(bar)
                while (j < length && j - k <= MAX_LINK_TARGET && (raw.charAt(j) != close || depth > 0)
                        && raw.charAt(j) != '\n' && (open == '(' || raw.charAt(j) != '[')) {
                    depth += open == '(' && raw.charAt(j) == '(' ? 1 : open == '(' && raw.charAt(j) == ')' ? -1 : 0;
                    j++;
                }
                if (j == length && j - k <= MAX_LINK_TARGET && !complete) {
                    return 0;
                }
                if (j < length && raw.charAt(j) == close && (open == '[' || destination(raw, k + 2, j))) {
                    end = j + 1;
                }
            }
        }
        if (end < 0 && c == '[' && k < length && raw.charAt(k) == ']' && k > b + 1
                && (b == 0 || !Character.isLetterOrDigit(raw.charAt(b - 1)))
                && (k + 1 >= length || !Character.isLetterOrDigit(raw.charAt(k + 1)))) {
            // bracketed text that is no inline link: a shortcut reference ("[Miranda] [Quillsworth]"), an
            // escaped or editorial bracket ("[sic]"): read without its brackets; not one glued to a word, a
            // spoken e-mail's "name[at]example[dot]org", whose brackets the join reads as its connectors
            drops.put(k, k + 1);
            return 1;
        }
        if (end < 0) {
            emitMid(c, p, p + 1);  // the "[" is read on its own (after the "!", if any)
            return 1;
        }
        if (raw.charAt(k + 1) == '(' && contains(raw, k + 2, end - 1, '%')) {
            // a percent-encoded destination may spell a name itself ("?q=Tobias%20Vanterpool"): it is read,
            // between spaces (its closing bracket too is a space: "...Vanterpool)then" is no longer word), and
            // a finding in it ends where the name does
            drops.put(k, -(k + 2));
            drops.put(end - 1, -end);
        } else {
            drops.put(k, end);
        }
        return b + 1 - p;
    }

    /**
     * A wiki link at the "[[" at {@code p} ({@code [[Page]]}, {@code [[Page|shown text]]}): read as the text it
     * shows, the brackets and a page name before "|" dropped. An ordinary "[" when no "]]" closes it on its line
     * within {@value #MAX_LINK_TEXT} chars; 0 when more raw text is needed to decide.
     */
    private int wikiLink(CharSequence raw, int p, int length, boolean complete) {
        int k = p + 2;
        int bar = -1;
        while (k + 1 < length && k - p <= MAX_LINK_TEXT && raw.charAt(k) != '\n'
                && !(raw.charAt(k) == ']' && raw.charAt(k + 1) == ']')) {
            if (raw.charAt(k) == '|' && bar < 0) {
                bar = k;
            }
            k++;
        }
        if (k + 1 >= length && k - p <= MAX_LINK_TEXT && !complete) {
            return 0;
        }
        if (k + 1 >= length || raw.charAt(k) != ']' || raw.charAt(k + 1) != ']' || k == p + 2) {
            emitMid('[', p, p + 1);
            return 1;
        }
        drops.put(k, k + 2);
        return (bar >= 0 ? bar + 1 : p + 2) - p;
    }

    private static boolean contains(CharSequence raw, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (raw.charAt(i) == c) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code raw[from, to)} is a link destination: no spaces, or spaces before a quoted title only. */
    private static boolean destination(CharSequence raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(raw.charAt(i))) {
                int t = i;
                while (t < to && Character.isWhitespace(raw.charAt(t))) {
                    t++;
                }
                return i > from && t < to && (raw.charAt(t) == '"' || raw.charAt(t) == '\'');
            }
        }
        return true;
    }

    /** Longest LaTeX command name and argument read by {@link #latex}. */
    private static final int MAX_COMMAND = 20;
    private static final int MAX_ARGUMENT = 200;

    /**
     * A LaTeX command with one braced argument at the backslash at {@code p} ({@code \textbf{Miranda}},
     * {@code \emph{...}}): {@code "\cmd{"} and the closing brace are dropped, so the argument reads as plain
     * text. The argument ends at the first "}" on its line and holds no "{". -1 when it is not one (the backslash
     * is then a JSON or Markdown escape), 0 when more raw text is needed to decide.
     */
    private int latex(CharSequence raw, int p, int length, boolean complete) {
        int j = p + 1;
        while (j < length && j - p <= MAX_COMMAND && ((raw.charAt(j) >= 'a' && raw.charAt(j) <= 'z')
                || (raw.charAt(j) >= 'A' && raw.charAt(j) <= 'Z'))) {
            j++;
        }
        if (j == length && j - p <= MAX_COMMAND && !complete) {
            return 0;
        }
        if (j - p > MAX_COMMAND) {
            return -1;
        }
        // "\textbf*{", "\section[short]{", "\textbf {": a star, an optional argument, a space before the brace
        if (j < length && raw.charAt(j) == '*') {
            j++;
        }
        if (j < length && raw.charAt(j) == '[') {
            int o = j + 1;
            while (o < length && o - j <= MAX_COMMAND * 2 && raw.charAt(o) != ']' && raw.charAt(o) != '\n') {
                o++;
            }
            if (o == length && !complete) {
                return 0;
            }
            if (o >= length || raw.charAt(o) != ']') {
                return -1;
            }
            j = o + 1;
        }
        if (j < length && raw.charAt(j) == ' ') {
            j++;
        }
        if (j == length && !complete) {
            return 0;
        }
        if (j >= length || raw.charAt(j) != '{') {
            return -1;
        }
        int k = closingBrace(raw, j, length);
        if (k == -2 && !complete) {
            return 0;
        }
        if (k < 0 || k == j + 1) {
            return -1;
        }
        boolean href = j - p >= 5 && raw.charAt(p + 1) == 'h' && raw.charAt(p + 2) == 'r' && raw.charAt(p + 3) == 'e'
                && raw.charAt(p + 4) == 'f';
        if (href && k + 1 == length && !complete) {
            return 0;
        }
        boolean encoded = contains(raw, j + 1, k, '%');
        if (href && k + 1 < length && raw.charAt(k + 1) == '{') {
            // "\href{url}{text}": the url is dropped with the command, the text read; a percent-encoded url may
            // spell a name itself and is read too, the "}{" between them as a space
            int t = closingBrace(raw, k + 1, length);
            if (t == -2 && !complete) {
                return 0;
            }
            if (t > k + 2) {
                drops.put(t, t + 1);
                if (encoded) {
                    drops.put(k, -(k + 2));
                    return j + 1 - p;
                }
                return k + 2 - p;
            }
        }
        // the brace after a percent-encoded argument ("\\url{...Miranda%20Quillsworth}") reads as a space, so a
        // finding in it ends where the name does; after a word in markup it joins ("\textbf{Cor}win")
        drops.put(k, encoded ? -(k + 1) : k + 1);
        return j + 1 - p;
    }

    /**
     * The "}" that closes the "{" at {@code open}, braces nested inside counted, on the same line and within
     * {@value #MAX_ARGUMENT} chars: its offset, -1 when there is none, -2 when the text ends first.
     */
    private static int closingBrace(CharSequence raw, int open, int length) {
        int depth = 0;
        for (int k = open + 1; k < length && k - open <= MAX_ARGUMENT; k++) {
            char c = raw.charAt(k);
            if (c == '\n') {
                return -1;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return k;
                }
                depth--;
            }
        }
        return length - open <= MAX_ARGUMENT ? -2 : -1;
    }

    /**
     * Inline HTML tags dropped, block tags a space, a comment inside a word dropped ({@link #comment}); 0 when
     * more raw text is needed to decide.
     */
    private int tag(CharSequence raw, int p, int length, boolean complete) {
        int comment = comment(raw, p, length, complete);
        if (comment >= 0) {
            return comment;
        }
        int j = p + 1;
        if (j < length && raw.charAt(j) == '/') {
            j++;
        }
        int nameStart = j;
        while (j < length && j - nameStart <= 10 && isAsciiAlnum(raw.charAt(j))) {
            j++;
        }
        if (j == length && !complete) {
            return 0;
        }
        int kind = j < length ? tagKind(raw, nameStart, j) : 0;
        if (kind != 0) {
            char c = raw.charAt(j);
            if (c != '>' && c != '/' && c != ' ') {
                kind = 0;
            }
        }
        if (kind != 0) {
            while (j < length && raw.charAt(j) != '>' && raw.charAt(j) != '<' && j - p < MAX_TAG) {
                j++;
            }
            if (j == length && !complete) {
                return 0;
            }
            // a tag with a percent-encoded attribute ('<a href="/p/Miranda%20Quillsworth">') is read as text,
            // as an unknown tag is: the value may spell a name
            if (j < length && raw.charAt(j) == '>' && attributes(raw, nameEnd(raw, p), j) && !contains(raw, p, j, '%')) {
                if (kind == 2) {
                    emitMid(' ', p, j + 1);
                }
                return j + 1 - p;
            }
        }
        emitMid('<', p, p + 1);
        return 1;
    }

    /**
     * An HTML comment between two letters ({@code Quills<!-- x -->worth}), at most {@value #MAX_TAG} chars:
     * dropped, so the word reads whole as a browser shows it. Elsewhere a comment stays text, as its body may
     * spell a name. The chars used; 0 when more raw text is needed; -1 when it is none.
     */
    private int comment(CharSequence raw, int p, int length, boolean complete) {
        if (p == 0 || !Character.isLetter(raw.charAt(p - 1))) {
            return -1;
        }
        for (int i = 1; i < 4; i++) {
            if (p + i >= length) {
                return complete ? -1 : 0;
            }
            if (raw.charAt(p + i) != "<!--".charAt(i)) {
                return -1;
            }
        }
        for (int k = p + 4; k - p < MAX_TAG; k++) {
            if (k + 3 > length) {
                return complete ? -1 : 0;
            }
            if (raw.charAt(k) == '-' && raw.charAt(k + 1) == '-' && raw.charAt(k + 2) == '>') {
                if (k + 3 == length) {
                    return complete ? -1 : 0;
                }
                return Character.isLetter(raw.charAt(k + 3)) ? k + 3 - p : -1;
            }
        }
        return -1;
    }

    /**
     * A C block comment between two letters ({@code Quills/* x *}{@code /worth}), at most {@value #MAX_TAG} chars:
     * dropped as {@link #comment} drops an HTML one, so the word reads whole. Between words, or after a space, a
     * comment stays text. The chars used; 0 when more raw text is needed; -1 when it is none.
     */
    private int blockComment(CharSequence raw, int p, int length, boolean complete) {
        if (p == 0 || !Character.isLetter(raw.charAt(p - 1))) {
            return -1;
        }
        if (p + 1 >= length) {
            return complete ? -1 : 0;
        }
        if (raw.charAt(p + 1) != '*') {
            return -1;
        }
        for (int k = p + 2; k - p < MAX_TAG; k++) {  // "/*/" opens a comment without closing it, as in C
            if (k + 2 > length) {
                return complete ? -1 : 0;
            }
            if (raw.charAt(k) == '*' && raw.charAt(k + 1) == '/') {
                if (k + 2 == length) {
                    return complete ? -1 : 0;
                }
                return Character.isLetter(raw.charAt(k + 2)) ? k + 2 - p : -1;
            }
        }
        return -1;
    }

    private static int nameEnd(CharSequence raw, int p) {
        int j = p + 1;
        if (raw.charAt(j) == '/') {
            j++;
        }
        while (isAsciiAlnum(raw.charAt(j))) {
            j++;
        }
        return j;
    }

    /**
     * Whether {@code raw[from, to)} (after a tag's name, before its ">") is attributes as HTML writes them:
     * names with optional values, quoted or not, and a final "/". "&lt;s . anteng @ nifty . com&gt;" is an
     * e-mail in angle brackets, not an "s" tag.
     */
    private static boolean attributes(CharSequence raw, int from, int to) {
        int i = from;
        int bare = 0;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                i++;
                continue;
            }
            if (c == '/' && i == to - 1) {
                return true;
            }
            if (!(isAsciiAlnum(c) || c == '_' || c == ':')) {
                return false;
            }
            while (i < to && (isAsciiAlnum(raw.charAt(i)) || "_:-.".indexOf(raw.charAt(i)) >= 0)) {
                i++;
            }
            if (i >= to || raw.charAt(i) != '=') {
                // valueless attributes exist ("<td nowrap>"), but a run of bare words is text in angle brackets:
                // "<i dot cortes at yahoo dot es>" is a spoken e-mail, not an "i" tag
                if (++bare > 2) {
                    return false;
                }
            }
            if (i < to && raw.charAt(i) == '=') {
                i++;
                if (i >= to) {
                    return false;
                }
                char q = raw.charAt(i);
                if (q == '"' || q == '\'') {
                    int close = i + 1;
                    while (close < to && raw.charAt(close) != q) {
                        close++;
                    }
                    if (close >= to) {
                        return false;
                    }
                    i = close + 1;
                } else {
                    int v = i;
                    while (i < to && " \t\n\"'=<>`".indexOf(raw.charAt(i)) < 0) {
                        i++;
                    }
                    if (i == v) {
                        return false;
                    }
                }
            }
            if (i < to && " \t\n/".indexOf(raw.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int tagKind(CharSequence raw, int from, int to) {
        if (to == from) {
            return 0;
        }
        String name = raw.subSequence(from, to).toString().toLowerCase(java.util.Locale.ROOT);
        if (Arrays.binarySearch(INLINE_TAGS, name) >= 0) {
            return 1;
        }
        return Arrays.binarySearch(BLOCK_TAGS, name) >= 0 ? 2 : 0;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private void emitMid(char c, int start, int end) {
        int n = midLen;
        if (droppedAfter && n > 0 && c == mid[n - 1] && isSeparator(c) && !isEmphasis(c) && midEnd[n - 1] < start) {
            // a char that folded to nothing stood between two equal separators ("ي ّ ة", "ه.ّ.ا", "a \u200B b"):
            // one separator, as if it had not been written, so spaced or dotted letters keep one gap (not emphasis
            // markers: "_ّ_" is a pair around a dropped mark, see emphasis)
            midEnd[n - 1] = end;
            droppedAfter = false;
            return;
        }
        droppedAfter = false;
        if (n == mid.length) {
            growMid(n + 1);
        }
        mid[n] = c;
        midStart[n] = start;
        midEnd[n] = end;
        midLen = n + 1;
    }

    private void growMid(int min) {
        int size = Math.max(min, mid.length * 2);
        mid = Arrays.copyOf(mid, size);
        midStart = Arrays.copyOf(midStart, size);
        midEnd = Arrays.copyOf(midEnd, size);
    }

    private void emitMid(String s, int start, int end) {
        if (s.isEmpty()) {
            droppedAfter = midLen > 0 && isSeparator(mid[midLen - 1]);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            emitMid(s.charAt(i), start, end);
        }
    }

    // ---------------------------------------------------------------- pass 2: join

    private void join(boolean complete) {
        int n = midLen;
        while (midPos < n) {
            char c = mid[midPos];
            int used;
            int emoji;
            if (c == ' ') {
                used = spaces(midPos, n, complete);
            } else if (isEmphasis(c)) {
                used = emphasis(midPos, n, complete);
            } else if ((cjkDigit(c) >= 0 || ((c == 'O' || c == '0') && midPos + 1 < n && cjkDigit(mid[midPos + 1]) > 0))
                    && (used = cjkNumerals(midPos, n, complete)) != 0) {
                if (used < 0) {
                    used = 0;
                }
            } else if (isAlnum(c)) {
                // a number's first group that begins with a digit ("4l5-555-0172") as well (outside tester 4)
                int words = c < 0x80 && !lastOutIsAlnum()
                        && (isDigitLetter(c) || (c >= '0' && c <= '9') || digitGroupBefore(midPos))
                        ? digitLetters(midPos, n, complete) : 0;
                if (words == 0 && c < 0x80 && !lastOutIsAlnum()) {
                    words = numberWords(midPos, n, complete);
                }
                if (words == 0 && c < 0x80 && !lastOutIsAlnum()) {
                    words = codeWords(midPos, n, complete);
                }
                used = words < 0 ? 0 : words > 0 ? words : letters(midPos, n, complete);
            } else if (c == '+' && lastOutIsLetter() && midEnd[midPos] - midStart[midPos] == 1) {
                // form-encoded space between words ("Emilly+da+Rocha"), not "C++" or "+44"
                if (midPos + 1 >= n && !complete) {
                    used = 0;
                } else {
                    boolean between = midPos + 1 < n && Character.isLetter(mid[midPos + 1]);
                    emitOut(between ? ' ' : c, midStart[midPos], midEnd[midPos]);
                    used = 1;
                }
            } else if (lastOutIsLetter() && (emoji = emojiRun(midPos, n)) != 0) {
                // emoji sprinkled between the letters of a word ("Thad🙂🙂deus", "Evan👍🏽der", decoded from
                // "&#128578;" or "\\ud83d\\ude42" too) are dropped; beside a word they stay, so a redaction
                // does not take them
                if (emoji < 0 || (midPos + emoji >= n && !complete)) {
                    used = 0;
                } else if (midPos + emoji < n && Character.isLetter(mid[midPos + emoji])) {
                    used = emoji;
                } else {
                    emitOut(c, midStart[midPos], midEnd[midPos]);
                    used = 1;
                }
            } else if ((c == '[' || c == '(' || c == '{' || c == '<') && lastOutIsAlnum()) {
                int conn = connector(midPos, n, complete, false);
                if (conn < 0) {
                    used = 0;
                } else if (conn > 0) {
                    emitOut(connector, midStart[midPos], midEnd[midPos + conn - 1]);
                    used = conn;
                } else {
                    emitOut(c, midStart[midPos], midEnd[midPos]);
                    used = 1;
                }
            } else if (c == '-' && lastOutIsLetter() && (used = lineHyphen(midPos, n, complete)) != 0) {
                // a word hyphenated at a line's end: the hyphen and the line break are dropped (or more text is needed)
                used = Math.max(used, 0);
            } else if (isSyllableMark(c) && lastOutIsLetter() && (used = syllables(midPos, n, complete)) != 0) {
                // a word cut into syllables: the mark is dropped (or more text is needed)
                used = Math.max(used, 0);
            } else if (isSeparator(c) && midPos + 1 >= n && !complete) {
                // a trailing separator may still take in a char that folds to nothing and an equal separator
                // after it (emitMid): wait, so a stream maps it as the whole text does (".\u200D.")
                used = 0;
            } else {
                emitOut(c, midStart[midPos], midEnd[midPos]);
                used = 1;
            }
            if (used == 0) {
                break;
            }
            midPos += used;
        }
    }

    /**
     * The length in mid of a run of emoji at {@code i} (pictographs and skin-tone modifiers; the joiners and
     * variation selectors between them fold to nothing before), 0 when none starts there, -1 when the text ends
     * inside a surrogate pair of one.
     */
    private int emojiRun(int i, int n) {
        int j = i;
        while (j < n) {
            char ch = mid[j];
            if (Character.isHighSurrogate(ch)) {
                if (j + 1 >= n) {
                    return -1;
                }
                int cp = Character.toCodePoint(ch, mid[j + 1]);
                if (!CharFold.isPictograph(cp) && !(cp >= 0x1F3FB && cp <= 0x1F3FF) && !isRegionalIndicator(cp)) {
                    break;
                }
                j += 2;
            } else if (ch >= 0x80 && CharFold.isPictograph(ch)) {
                j++;
            } else {
                break;
            }
        }
        return j - i;
    }

    /** Longest terminal control sequence dropped whole (ECMA-48 CSI: ESC, "[", parameters, a final byte). */
    private static final int MAX_ESCAPE = 32;

    /**
     * A terminal control sequence at {@code raw[p]} (ESC): a CSI sequence ("\u001b[1m", colours and styles that
     * a terminal shows as nothing around the letters) is dropped whole, as ECMA-48 defines it (parameter bytes
     * 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E); any other ESC alone.
     *
     * @return the raw chars used, 0 when more text is needed to decide
     */
    private int escapeSequence(CharSequence raw, int p, int length, boolean complete) {
        if (p + 1 >= length) {
            return complete ? 1 : 0;
        }
        if (raw.charAt(p + 1) != '[') {
            return 1;
        }
        for (int q = p + 2; q < length && q - p <= MAX_ESCAPE; q++) {
            char d = raw.charAt(q);
            if (d >= 0x40 && d <= 0x7E) {
                return q + 1 - p;
            }
            if (d < 0x20 || d > 0x3F) {
                return 1;  // not a CSI sequence after all: the ESC alone goes
            }
        }
        return length - p <= MAX_ESCAPE && !complete ? 0 : 1;
    }

    /** A run of spaces: one space, or an e-mail connector when one follows ("john at example"). */
    private int spaces(int i, int n, boolean complete) {
        int j = i;
        while (j < n && mid[j] == ' ' && j - i < MAX_PENDING) {
            j++;
        }
        if (j - i == MAX_PENDING) {
            // a long run is taken in fixed slices, so a stream of spaces is not rescanned on every chunk
            if (lastOut != ' ') {
                emitOut(' ', midStart[i], midEnd[j - 1]);
            }
            return j - i;
        }
        if (j == n && !complete) {
            return 0;
        }
        if (atInWord && j - i <= 2) {
            // a stray space inside an address: after its "@" or a domain's dot ("t.ashbrook@ example.net",
            // "example. net"), or within the domain's first label ("exam ple.net"; red team 16 N4)
            int stray = strayDomainSpace(j, n, complete);
            if (stray < 0) {
                return 0;
            }
            if (stray > 0) {
                return j - i;
            }
        }
        if (lastOutIsAlnum()) {
            // in an address's domain only a dot continues it, and a stray space before it is read too
            int conn = connector(j, n, complete, true, atInWord);
            if (conn < 0) {
                return 0;
            }
            if (conn > 0) {
                emitOut(connector, midStart[i], midEnd[j + conn - 1]);
                return j + conn - i;
            }
        }
        if (lastOut != ' ') {
            emitOut(' ', midStart[i], midEnd[j - 1]);
        }
        return j - i;
    }

    /**
     * Whether the spaces before {@code mid[j]}, in an address after its "@", are a stray space to drop: after the
     * "@" itself when a domain follows (a label, a dot, a letter or digit); after a domain's dot when a label in
     * lower case of at most {@value #MAX_TLD} chars ends the address ("example. net", not "example. Next") or one
     * with a dot and a further label after it ("mail. example.org"); or
     * between two parts of the domain's first label ("exam ple.net") when the second runs on to a dot and a
     * letter or digit. 1 to drop them, 0 not, -1 when more text is needed to decide.
     */
    private int strayDomainSpace(int j, int n, boolean complete) {
        if (j >= n || !isAlnum(mid[j])) {
            return 0;
        }
        boolean afterAt = lastOut == '@';
        boolean afterDot = lastOut == '.';
        if (!afterAt && !afterDot && !(lastOutIsAlnum() && !dotSinceAt())) {
            return 0;
        }
        int k = j;
        boolean lower = true;
        while (k < n && k - j <= 63 && (isAlnum(mid[k]) || mid[k] == '-')) {
            lower &= !Character.isUpperCase(mid[k]);
            k++;
        }
        if (k == n && !complete) {
            return -1;
        }
        // a dot and a label after it, itself maybe after a stray space ("mail. example.org")
        int m = k + 1;
        while (k < n && mid[k] == '.' && m < n && m - k <= 2 && mid[m] == ' ') {
            m++;
        }
        if (k < n && mid[k] == '.' && m >= n && !complete) {
            return -1;
        }
        boolean dotThenLabel = k < n && mid[k] == '.' && m < n && isAlnum(mid[m])
                && (m == k + 1 || !Character.isUpperCase(mid[m]));
        if (afterDot) {
            // the address ends with this label, or a further dot and label follow ("co. uk")
            return lower && (dotThenLabel || (k - j <= MAX_TLD && (k == n || !isAlnum(mid[k])))) ? 1 : 0;
        }
        return dotThenLabel ? 1 : 0;
    }

    /** The longest label after a domain's dot and a stray space that reads as the domain's end ("net", "museum"). */
    private static final int MAX_TLD = 6;

    /** Whether this view wrote a dot after its last "@" (so the domain's first label has ended). */
    private boolean dotSinceAt() {
        for (int k = out.length - 1; k >= 0 && out.length - k <= 320; k--) {
            char c = out.chars[k];
            if (c == '@') {
                return false;
            }
            if (c == '.') {
                return true;
            }
        }
        return true;
    }

    /**
     * Length of an e-mail connector at {@code k} with the spaces after it, when a letter or digit follows:
     * a bracketed word or symbol ("[at]", "(dot)", "{at}", "<at>", "(@)", "[.]"; inner spaces allowed), and with
     * {@code bare} also a word ("at", "dot", "underscore", "dash", "hyphen", any case) or one of the symbols
     * "@", ".", "_", "-" standing alone between spaces ("dara . kolobov", "x @ y"). Sets {@link #connector}.
     * 0 when there is none, -1 when more text is needed to decide.
     */
    private int connector(int k, int n, boolean complete, boolean bare) {
        return connector(k, n, complete, bare, false);
    }

    private int connector(int k, int n, boolean complete, boolean bare, boolean dotOnly) {
        int i = k;
        if (i >= n) {
            return complete ? 0 : -1;
        }
        char open = mid[i];
        char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : 0;
        if (open == '-' && bare) {
            // a word between hyphens ("dkonst -at- athens-test -dot- gr"), else a spaced hyphen ("c - ashdale")
            int w = i + 1 < n ? word(i + 1, n) : -1;
            if (w == -1 || (w > 0 && i + 1 + ((w >>> 8) & 0xFF) >= n)) {
                return complete ? 0 : -1;
            }
            if (w > 0 && mid[i + 1 + ((w >>> 8) & 0xFF)] == '-') {
                close = '-';
            }
        }
        if (close != 0) {
            i++;
            if (i < n && mid[i] == ' ') {
                i++;
            }
        } else if (!bare) {
            return 0;
        }
        if (i >= n) {
            return complete ? 0 : -1;
        }
        char conn;
        boolean prose = false;
        boolean symbol = isSymbolConnector(mid[i]);
        if (symbol) {
            conn = mid[i];
            i++;
        } else {
            int w = word(i, n);
            if (w == -1) {
                return complete ? 0 : -1;
            }
            if (w == 0) {
                return 0;
            }
            conn = (char) (w & 0xFF);
            prose = (w & PROSE_DOT) != 0;
            i += (w >>> 8) & 0xFF;
        }
        if (dotOnly && conn != '.') {
            return 0;
        }
        if (close != 0) {
            if (i < n && mid[i] == ' ') {
                i++;
            }
            if (i >= n) {
                return complete ? 0 : -1;
            }
            if (mid[i] != close) {
                return 0;
            }
            i++;
        }
        int spacesFrom = i;
        while (i < n && mid[i] == ' ') {
            i++;
        }
        if (i >= n) {
            return complete ? 0 : -1;
        }
        // a bare connector has spaces on both sides, but for a domain's dot after its first label: a stray space
        // before it ("t.ashbrook@example .net"; red team 15 R13)
        boolean spoken = close == 0 || close == '-';
        if ((spoken && i == spacesFrom && !(symbol && dotOnly)) || !isAlnum(mid[i])) {
            return 0;
        }
        if (spoken && conn == '@' && !symbol) {
            // a bare "at" only before a domain ("at example dot com"), not in prose ("look at the sky")
            int d = domainFollows(i, n, complete);
            if (d <= 0) {
                return d;
            }
        }
        if (prose && !atInWord && !readingDomain && !readingLocal) {
            // a dot that is an ordinary word, before the "@": only when the rest of an address follows
            int l = localPartFollows(i, n, complete);
            if (l <= 0) {
                return l;
            }
        }
        connector = conn;
        return i - k;
    }

    private static boolean isSymbolConnector(char c) {
        return c == '@' || c == '.' || c == '_' || c == '-';
    }

    /** Most labels of a local part {@link #localPartFollows} reads before its "@". */
    private static final int MAX_LOCAL_LABELS = 4;

    /**
     * Whether the rest of an address follows a spoken dot that is also an ordinary word ("punkt", "point",
     * "period"; {@link #PROSE_DOTS}) in its local part, at {@code mid[i]}: labels joined by dots or connectors (at
     * most {@value #MAX_LOCAL_LABELS}), then an "@" or an at-connector, and a domain ("m punkt vanderhoeven at
     * polder punkt nl"). So "der Punkt ist" or "at this point we" stay words: the view holds them only until the
     * word after the label shows that no connector comes. 1 when it follows, 0 when not, -1 when more text is
     * needed.
     */
    private int localPartFollows(int i, int n, boolean complete) {
        int j = i;
        for (int labels = 0; labels < MAX_LOCAL_LABELS; labels++) {
            int start = j;
            while (j < n && j - start <= 64 && (isAlnum(mid[j]) || mid[j] == '-' || mid[j] == '_' || mid[j] == '+')) {
                j++;
            }
            if (j == n) {
                return complete ? 0 : -1;
            }
            if (j == start || j - start > 64) {
                return 0;
            }
            char c = mid[j];
            if (c == '@' || c == '.') {
                if (j + 1 == n) {
                    return complete ? 0 : -1;
                }
                if (!isAlnum(mid[j + 1])) {
                    return 0;
                }
                if (c == '@') {
                    return domainFollows(j + 1, n, complete);
                }
                j++;
                continue;
            }
            int k = j;
            while (k < n && k - j < 3 && mid[k] == ' ') {
                k++;
            }
            if (k == n) {
                return complete ? 0 : -1;
            }
            boolean was = readingLocal;
            readingLocal = true;
            int r;
            try {
                r = connector(k, n, complete, k > j, false);
            } finally {
                readingLocal = was;
            }
            if (r <= 0) {
                return r;
            }
            if (connector == '@') {
                return 1;
            }
            j = k + r;
        }
        return 0;
    }

    /** Whether a domain starts at {@code i}: a label then "." or a "dot" connector and a letter or digit. */
    private int domainFollows(int i, int n, boolean complete) {
        int j = i;
        while (j < n && j - i <= 63 && (isAlnum(mid[j]) || mid[j] == '-')) {
            j++;
        }
        if (j - i > 63) {
            return 0;
        }
        if (j == n) {
            return complete ? 0 : -1;
        }
        char c = mid[j];
        if (c == '.') {
            if (j + 1 == n) {
                return complete ? 0 : -1;
            }
            return isAlnum(mid[j + 1]) ? 1 : 0;
        }
        int k = j;
        while (k < n && mid[k] == ' ') {
            k++;
        }
        if (k == n) {
            return complete ? 0 : -1;
        }
        boolean bare = k > j;
        char open = mid[k];
        if (!bare && open != '[' && open != '(' && open != '{' && open != '<') {
            return 0;
        }
        readingDomain = true;
        int r;
        try {
            r = connector(k, n, complete, bare, true);
        } finally {
            readingDomain = false;
        }
        return r < 0 ? -1 : r > 0 && connector == '.' ? 1 : 0;
    }

    /**
     * A connector word at {@code i}, any case: its length in the high bits and the char it stands for in the
     * low 8 bits; 0 when there is none, -1 when the text ends inside a prefix of one. (Whether a space or a
     * closing bracket follows is the caller's check: "atlas" is no "at".)
     */
    private int word(int i, int n) {
        if (i < n) {
            char c = (char) (mid[i] | 0x20);
            if (c < 0x80 && !CONNECTOR_STARTS[c]) {
                return 0;
            }
        }
        for (int w = 0; w < CONNECTOR_KEYS.length; w++) {
            String word = CONNECTOR_KEYS[w];
            int k = 0;
            while (k < word.length() && i + k < n && Character.toLowerCase(mid[i + k]) == word.charAt(k)) {
                k++;
            }
            if (k == word.length()) {
                return (k << 8) | CONNECTOR_CHARS[w] | (w >= PROSE_DOTS ? PROSE_DOT : 0);
            }
            if (i + k == n) {
                return -1;
            }
        }
        return 0;
    }

    /** Leetspeak symbols and apostrophes: chars that stand inside a word ("V@_rma_n", "D'__ami__co"). */
    private static boolean isLeetSymbol(char c) {
        return c == '@' || c == '$' || c == '|' || c == '!' || c == '\'' || c == '\u2019';
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }

    private static boolean isEmphasis(char c) {
        return c == '*' || c == '_' || c == '~' || c == '`';
    }

    /**
     * Emphasis markers: dropped, except any marker between digits ("2*3") and underscores inside a word
     * ("snake_case"), which stay, unless they open a pair that closes later in the same word ("Gre_ta_",
     * "Steu__ber__", "Jean_ett_e", "H3nri3*77a*": Markdown emphasis inside a word), whose two runs are both
     * dropped.
     */
    private int emphasis(int i, int n, boolean complete) {
        int j = i;
        while (j < n && isEmphasis(mid[j]) && j - i < MAX_PENDING) {
            j++;
        }
        if (j == n && !complete) {
            return 0;
        }
        if (i == closerAt) {
            closerAt = -1;
            return j - i;
        }
        if (i > closerAt) {
            closerAt = -1;
        }
        char prev = lastOut == 0 ? ' ' : lastOut;
        char next = j < n ? mid[j] : ' ';
        // leetspeak symbols and apostrophes belong to the word they stand in ("V@_rma_n", "D'__ami__co")
        boolean inWord = (isAlnum(prev) || isLeetSymbol(prev)) && (isAlnum(next) || isLeetSymbol(next));
        boolean keep = inWord && (Character.isDigit(prev) || Character.isDigit(next) || onlyUnderscores(i, j));
        if (inWord) {
            // a pair inside a word is dropped whole, even where leetspeak puts a digit next to its closing run
            // ("S**orren**71n0")
            int closer = closingRun(i, j, n, complete);
            if (closer == -2) {
                return 0;
            }
            if (closer >= 0) {
                closerAt = closer;
                keep = false;
            }
        }
        if (keep && inWord && j - i >= 2) {
            // markers that meet only because what they emphasized was dropped (a mark: "عم_ّ_ار", the shadda
            // between them) are a pair around it, not a snake_case word's underscores
            for (int k = i; k + 1 < j && keep; k++) {
                keep = midEnd[k] >= midStart[k + 1];
            }
        }
        if (keep) {
            for (int k = i; k < j; k++) {
                emitOut(mid[k], midStart[k], midEnd[k]);
            }
        }
        return j - i;
    }

    /**
     * Where the run of markers {@code mid[i, j)} inside a word is closed by the same run after one or more
     * letters or digits of the same word (at most {@link #MAX_EMPHASIZED} of them): its index, -1 when it is
     * not, -2 when more text is needed to decide.
     */
    private int closingRun(int i, int j, int n, boolean complete) {
        int k = j;
        while (k < n && (isAlnum(mid[k]) || isLeetSymbol(mid[k])) && k - j <= MAX_EMPHASIZED) {
            k++;
        }
        int len = j - i;
        if (k - j > MAX_EMPHASIZED) {
            return -1;
        }
        if (k + len >= n && !complete) {
            return -2;
        }
        for (int q = 0; q < len; q++) {
            if (k + q >= n || mid[k + q] != mid[i + q]) {
                return -1;
            }
        }
        return k + len < n && isEmphasis(mid[k + len]) ? -1 : k;
    }

    private boolean emphasisOnly(int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isEmphasis(mid[k])) {
                return false;
            }
        }
        return true;
    }

    private boolean onlyUnderscores(int from, int to) {
        for (int k = from; k < to; k++) {
            if (mid[k] != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*' || c == '~' || c == '`' || c == '\u00B7'
                || c == '/';
    }

    /**
     * A letter or digit. A single one (no letter or digit of the same word on either side) may start a run of single
     * letters joined by separators (spaces, dots, dashes, underscores, asterisks, slashes) of at most
     * {@value #MAX_SEPARATOR} chars: three or more, with two letters at least, are rejoined into words, split where
     * {@link #wordBreak} says ("B a s i l  M a h f o u z", "B.a.s.i.l M.a.h.f.o.u.z", "b a s i l / m a h f o u z",
     * "D r .  V e x").
     */
    private int letters(int i, int n, boolean complete) {
        char c = mid[i];
        // a letter after a leetspeak symbol ("Mi$a", "!|$a") is part of that word, not a single one
        boolean single = !(lastOutIsAlnum() && glued(lastOut, c)) && !lastOutIsLeetInWord();
        if (single) {
            if (i + 1 >= n) {
                if (!complete) {
                    return 0;
                }
            } else if (isAlnum(mid[i + 1]) && glued(c, mid[i + 1])) {
                single = false;
            }
        }
        if (!single) {
            emitOut(c, midStart[i], midEnd[i]);
            return 1;
        }
        // elements at e[0..count), separators between them at [sepFrom, element)
        int[] elems = runElems;
        int[] seps = runSeps;
        int count = 1;
        int letters = Character.isLetter(c) ? 1 : 0;
        elems[0] = i;
        int k = i + 1;
        while (count < MAX_RUN) {
            int s = k;
            while (s < n && s - k < MAX_SEPARATOR && isSeparator(mid[s])) {
                s++;
            }
            if (s == k) {
                break;
            }
            if (s == n) {
                if (!complete) {
                    return 0;
                }
                break;
            }
            char a = mid[s];
            if (isApostrophe(a) && Character.isLetter(mid[elems[count - 1]])) {
                // an apostrophe spaced out with the letters of a name ("N a ' s h a y a", "O . ' . B r i e n")
                // stays in the run when a separator and a letter follow it
                int t = s + 1;
                while (t < n && t - s - 1 < MAX_SEPARATOR && isSeparator(mid[t])) {
                    t++;
                }
                if (t == n && !complete) {
                    return 0;
                }
                if (t > s + 1 && t < n && Character.isLetter(mid[t])) {
                    elems[count] = s;
                    seps[count] = k;
                    count++;
                    k = s + 1;
                    continue;
                }
                break;
            }
            if (!isAlnum(a)) {
                break;
            }
            if (s + 1 >= n) {
                if (!complete) {
                    return 0;
                }
            } else if (isAlnum(mid[s + 1]) && glued(a, mid[s + 1])) {
                // "A**s**hdale", "ا~~ل~~حلواني": a letter, a letter in emphasis markers, the rest of the word: the
                // last two elements begin an emphasized word, not the run (unless its letters are joined so too)
                if (count >= 2 && emphasisOnly(k, s) && sameSeparator(k, s, seps[count - 1], elems[count - 1])
                        && (count == 2 || !sameSeparator(k, s, seps[count - 2], elems[count - 2]))) {
                    count -= 2;
                    letters -= (Character.isLetter(mid[elems[count]]) ? 1 : 0)
                            + (Character.isLetter(mid[elems[count + 1]]) ? 1 : 0);
                }
                break;
            }
            elems[count] = s;
            seps[count] = k;
            count++;
            if (Character.isLetter(a)) {
                letters++;
            }
            k = s + 1;
        }
        if (count > 0 && isApostrophe(mid[elems[count - 1]])) {
            count--;  // the letter after it began a word of its own
        }
        if (count < 3 || letters < 2) {
            emitOut(c, midStart[i], midEnd[i]);
            return 1;
        }
        int letterSep = commonestSeparator(count);
        int wordStart = 0;
        for (int e = 0; e < count; e++) {
            int at = elems[e];
            if (e > 0 && wordBreak(e, count, letterSep, wordStart)) {
                emitOut(' ', midStart[seps[e]], midEnd[at - 1]);
                wordStart = e;
            }
            emitOut(mid[at], midStart[at], midEnd[at]);
        }
        return elems[count - 1] + 1 - i;
    }

    /**
     * Whether a new word starts at run element {@code e}: its separator is neither the run's commonest one
     * nor like a neighbouring one (letters are joined by a repeated separator: "B a s i l  M a h f o u z",
     * "J J.a.i.m.e", "T a n  Y u  L i a n g"), or it is a
     * capital after a lower-case letter or before one ("E v e l y n D e s m e t"), except after "Mc" ("M c C u n e"
     * stays one word). Other names with inner capitals spaced out ("D e V r i e s") are split.
     */
    private boolean wordBreak(int e, int count, int letterSep, int wordStart) {
        int[] elems = runElems;
        int[] seps = runSeps;
        char prev = mid[elems[e - 1]];
        char cur = mid[elems[e]];
        boolean mc = e - wordStart == 2 && mid[elems[wordStart]] == 'M' && prev == 'c';
        if (isApostrophe(prev) || isApostrophe(cur)) {
            return false;  // "O ' B r i e n" is one word, as "O'Brien" is
        }
        if (Character.isUpperCase(cur) && !mc && (Character.isLowerCase(prev)
                || (e + 1 < count && Character.isLowerCase(mid[elems[e + 1]])))) {
            return true;
        }
        if (sameSeparator(seps[letterSep], elems[letterSep], seps[e], elems[e])) {
            return false;
        }
        boolean likePrev = e > 1 && sameSeparator(seps[e - 1], elems[e - 1], seps[e], elems[e]);
        boolean likeNext = e + 1 < count && sameSeparator(seps[e + 1], elems[e + 1], seps[e], elems[e]);
        return !likePrev && !likeNext;
    }

    /** The run element whose separator occurs most often (the first such on a tie). */
    private int commonestSeparator(int count) {
        int best = 1;
        int bestCount = 0;
        for (int e = 1; e < count; e++) {
            int same = 0;
            for (int f = 1; f < count; f++) {
                same += sameSeparator(runSeps[e], runElems[e], runSeps[f], runElems[f]) ? 1 : 0;
            }
            if (same > bestCount) {
                bestCount = same;
                best = e;
            }
        }
        return best;
    }

    private boolean sameSeparator(int aFrom, int aTo, int bFrom, int bTo) {
        if (aTo - aFrom != bTo - bFrom) {
            return false;
        }
        for (int q = 0; q < aTo - aFrom; q++) {
            if (mid[aFrom + q] != mid[bFrom + q]) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlnum(char c) {
        return c < 0x80 ? ALNUM[c] : Character.isLetterOrDigit(c);
    }

    /**
     * Whether two adjacent letters or digits are one word ({@link WordBreaks}, UAX #29): "ab" and "a1" are, "はL"
     * and "王秀" are not, so a spaced-out name glued to kana ("はL o r c a n") is still a run of single letters.
     */
    private static boolean glued(char before, char after) {
        if ((before | after) < 0x80) {
            return true;  // both ASCII letters or digits (the callers check): WB5, WB8-WB10
        }
        return WordBreaks.joins(WordBreaks.classOf(before), WordBreaks.classOf(after));
    }

    private boolean lastOutIsLetter() {
        return lastOut != 0 && Character.isLetter(lastOut);
    }

    /** The packed key and end of the word {@link #listedWord} read last. */
    private long wordKey;
    private int wordEnd;

    /**
     * Reads the ASCII word at {@code mid[k]} against a list's packed prefixes ({@link #NUMBER_PREFIXES},
     * {@link #CODE_PREFIXES}): 1 when it is a whole word whose every prefix is listed (its key in {@link #wordKey},
     * its end in {@link #wordEnd}; the caller looks the key up), 0 when it is not, -1 when more text is needed.
     * A word no listed word starts like is decided without waiting for its end ("two epi|sodes").
     */
    private int listedWord(int k, int n, long[] prefixes, int max, boolean complete) {
        int e = k;
        long key = 0;
        while (e < n && e - k <= max) {
            char l = (char) (mid[e] | 0x20);
            if (mid[e] == '\u00DF') {
                // German "ß" as the "ss" it is written as ("dreißig", listed "dreissig")
                for (int t = 0; t < 2; t++) {
                    key = (key << 5) | ('s' - 'a' + 1);
                    if (Arrays.binarySearch(prefixes, key) < 0) {
                        return 0;
                    }
                }
                e++;
                continue;
            }
            if (mid[e] >= 0x80 || l < 'a' || l > 'z') {
                break;
            }
            key = (key << 5) | (l - 'a' + 1);
            e++;
            if (Arrays.binarySearch(prefixes, key) < 0) {
                return 0;
            }
        }
        if (e == n && !complete) {
            return -1;
        }
        if (e == k || e - k > max || (e < n && isAlnum(mid[e]))) {
            return 0;
        }
        wordKey = key;
        wordEnd = e;
        return 1;
    }

    /** Fewest CJK numerals in a row read as digits ({@link #cjkNumerals}). */
    private static final int MIN_CJK_NUMERALS = 3;

    /** The digit a CJK numeral writes (〇 and 零 are 0, 一 to 九 are 1 to 9), or -1. */
    private static int cjkDigit(char c) {
        return switch (c) {
            case '\u3007', '\u96F6' -> 0;
            case '\u4E00' -> 1;
            case '\u4E8C' -> 2;
            case '\u4E09' -> 3;
            case '\u56DB' -> 4;
            case '\u4E94' -> 5;
            case '\u516D' -> 6;
            case '\u4E03' -> 7;
            case '\u516B' -> 8;
            case '\u4E5D' -> 9;
            default -> -1;
        };
    }

    /**
     * A number written a digit at a time in CJK numerals, as Japanese and Chinese write phone numbers ("〇九〇
     * 一二三四 五六七八", "四一五 五五五 〇一四二"): a run of at least {@value #MIN_CJK_NUMERALS} of them (〇 as the
     * O it folds to, or a 0) becomes ASCII digits, each mapped to its numeral. Shorter runs are words ("一个",
     * "三月") and stay.
     *
     * @return the mid chars used (0: no such run), -1 when the run may go on past the text's end
     */
    private int cjkNumerals(int i, int n, boolean complete) {
        int j = i;
        int cjk = 0;
        // 〇 folds to the Latin O it looks like (and may be written as a digit 0): within a run it is 0
        while (j < n && j - i < MAX_RUN && (cjkDigit(mid[j]) >= 0 || mid[j] == 'O' || mid[j] == '0')) {
            cjk += cjkDigit(mid[j]) >= 0 ? 1 : 0;
            j++;
        }
        if (j == n && !complete) {
            return -1;
        }
        if (j - i < MIN_CJK_NUMERALS || cjk == 0 || (j < n && isAlnum(mid[j]) && mid[j] < 0x80)) {
            return 0;
        }
        for (int k = i; k < j; k++) {
            emitOut((char) ('0' + Math.max(0, cjkDigit(mid[k]))), midStart[k], midEnd[k]);
        }
        return j - i;
    }

    /**
     * A word hyphenated at a line's end, as a typeset or wrapped text writes it ("Thorvald-\nsen-Krüger"): at the
     * hyphen at {@code mid[i]} after a letter, followed by spaces holding exactly one line break (no blank line)
     * and a lower-case letter, the hyphen and the spaces are dropped so the word reads whole; the raw offsets of
     * the word's letters stay mapped, so a redaction covers the hyphen and the line break too. Not in an e-mail
     * address or a domain.
     *
     * @return the mid chars dropped, 0 when it is no such hyphen, -1 when more text is needed to decide
     */
    private int lineHyphen(int i, int n, boolean complete) {
        if (atInWord || rawText == null) {
            return 0;
        }
        int j = i + 1;
        int breaks = 0;
        // a Markdown quote's marker after the break too ("Thistle-\n> thorpe"): the quote goes on
        while (j < n && (mid[j] == ' ' || (mid[j] == '>' && breaks == 1 && mid[j - 1] == ' ')) && j - i <= MAX_INDENT) {
            int r = midStart[j];
            if (midEnd[j] - r == 1 && r < rawText.length() && rawText.charAt(r) == '\n') {
                breaks++;
            }
            j++;
        }
        if (j >= n && !complete && j - i <= MAX_INDENT) {
            return -1;
        }
        return j < n && breaks == 1 && Character.isLowerCase(mid[j]) ? j - i : 0;
    }

    /** A hyphen or a middle dot (or the hyphenation point) between syllables ({@link #syllables}). */
    private static boolean isSyllableMark(char c) {
        return c == '-' || c == '\u00B7' || c == '\u2027';
    }

    /**
     * A word cut into syllables by hyphens or middle dots, as a pronunciation or hyphenation writes it
     * ("Mi-ran-da", "Quills·worth", "Thistle-wood"; red team 13): at the mark at {@code mid[i]}, between two
     * pieces of two letters or more, or in a chain of three pieces or more ("E-van-der"; red team 14), the mark
     * is dropped so the word reads whole. Hyphenated names and
     * compounds read glued too, a form the name matcher knows ("Lise-Mariel" as "LiseMariel"). Not in an
     * e-mail address or a domain ("c-ashdale@", "my-site.com"), whose hyphens are the address's own.
     *
     * @return 1 when the mark is dropped, 0 when it stays, -1 when more text is needed to decide
     */
    private int syllables(int i, int n, boolean complete) {
        if (atInWord) {
            return 0;
        }
        // the word so far: letters since a space, a bracket or a quote, no "." "@" "_" or digit in it
        for (int k = out.length - 1; k >= 0 && out.length - k <= MAX_RUN; k--) {
            char b = out.chars[k];
            if (b == '.' || b == '@' || b == '_' || (b >= '0' && b <= '9')) {
                return 0;
            }
            if (!Character.isLetter(b)) {
                break;
            }
        }
        // the pieces of the chain before the mark, and their number
        int k = i;
        while (k > 0 && i - k <= MAX_RUN && Character.isLetter(mid[k - 1])) {
            k--;
        }
        int before = i - k;
        int pieces = 1;
        while (k > 1 && i - k <= MAX_RUN && isSyllableMark(mid[k - 1]) && Character.isLetter(mid[k - 2])) {
            k--;
            while (k > 0 && i - k <= MAX_RUN && Character.isLetter(mid[k - 1])) {
                k--;
            }
            pieces++;
        }
        int j = i + 1;
        while (j < n && j - i <= MAX_RUN && Character.isLetter(mid[j])) {
            j++;
        }
        if (j == n && !complete) {
            return -1;
        }
        int next = j - i - 1;
        pieces++;
        // the rest of the chain, to see what follows it
        while (j < n && j - i <= MAX_RUN && (Character.isLetter(mid[j])
                || (isSyllableMark(mid[j]) && j + 1 < n && Character.isLetter(mid[j + 1])))) {
            pieces += isSyllableMark(mid[j]) ? 1 : 0;
            j++;
        }
        if (j >= n - 1 && !complete) {
            return -1;
        }
        // pieces of one letter only in a chain of three or more ("E-van-der", "Mi-r-an-da"), not "x-ray", "e-mail"
        if (next == 0 || ((before < 2 || next < 2) && pieces < 3)) {
            return 0;
        }
        char after = j < n ? mid[j] : ' ';
        if (after == '@' || after == '_' || (after >= '0' && after <= '9')
                || (after == '.' && j + 1 < n && Character.isLetterOrDigit(mid[j + 1]))) {
            return 0;  // an address, a domain or a handle
        }
        return 1;
    }

    /** Letters written for digits in a number: O for 0, I and l for 1 ({@link #digitLetters}). */
    private static boolean isDigitLetter(char c) {
        return c == 'O' || c == 'o' || c == 'I' || c == 'l';
    }

    /** Whether {@code c} may stand between the groups of a number ({@link #digitLetters}). */
    private static boolean isGroupSeparator(char c) {
        return isNumberSeparator(c) || c == '/' || c == '(' || c == ')';
    }

    /**
     * Whether a number's group stands before {@code mid[i]}, at most 3 separators ({@link #isGroupSeparator})
     * between: a word of digits and the letters {@link #isDigitLetter} only, with a digit.
     */
    private boolean digitGroupBefore(int i) {
        int k = i;
        while (k > 0 && i - k < 3 && isGroupSeparator(mid[k - 1])) {
            k--;
        }
        if (k == i || k == 0) {
            return false;
        }
        boolean digit = false;
        for (int j = k - 1; j >= 0 && k - j <= MAX_RUN; j--) {
            char c = mid[j];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!isDigitLetter(c)) {
                return digit && !Character.isLetterOrDigit(c);
            }
        }
        return digit;
    }

    /**
     * Like {@link #digitGroupBefore}, after {@code mid[j]}: 1 when such a group follows, 0 when not, -1 when the
     * text ends before it can tell.
     */
    private int digitGroupAfter(int j, int n, boolean complete) {
        int k = j;
        while (k < n && k - j < 3 && isGroupSeparator(mid[k])) {
            k++;
        }
        if (k == j) {
            return 0;
        }
        boolean digit = false;
        for (int e = k; e < n && e - k < MAX_RUN; e++) {
            char c = mid[e];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!isDigitLetter(c)) {
                return digit && !Character.isLetterOrDigit(c) ? 1 : 0;
            }
        }
        return complete ? (digit ? 1 : 0) : -1;
    }

    /** Fewest digits of a word of digits and {@link #isDigitLetter} letters read as a number on its own. */
    private static final int MIN_DIGITS_BESIDE_LETTERS = 4;

    /**
     * Letters written for the digits they look like inside a number ("555-O199", "O31-11O-931O", "O1234 567
     * 89O"): a word of ASCII digits and the letters O, o, I and l only, with a letter and a digit at least,
     * reads O and o as 0 and I and l as 1, each mapped to its letter, when another such group stands next to
     * it (at most 3 separators between) or it has {@value #MIN_DIGITS_BESIDE_LETTERS} digits and at most two
     * letters. Words with any other letter ("Oslo", "C0rw1n") stay, and so does a lone short one, which may be
     * leetspeak ("l0l4" for Lola).
     *
     * @return the mid chars used (0: no such word), -1 when more text is needed to decide
     */
    private int digitLetters(int i, int n, boolean complete) {
        int j = i;
        int letters = 0;
        int digits = 0;
        while (j < n && j - i < MAX_RUN) {
            char c = mid[j];
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (isDigitLetter(c)) {
                letters++;
            } else if (Character.isLetterOrDigit(c)) {
                return 0;
            } else {
                break;
            }
            j++;
        }
        if (j == n && !complete) {
            return -1;
        }
        if (letters == 0 || digits == 0 || j - i == MAX_RUN) {
            return 0;
        }
        if (!(digits >= MIN_DIGITS_BESIDE_LETTERS && letters <= 2) && !digitGroupBefore(i)) {
            int after = digitGroupAfter(j, n, complete);
            if (after <= 0) {
                return after;
            }
        }
        for (int k = i; k < j; k++) {
            char c = mid[k];
            emitOut(c == 'O' || c == 'o' ? '0' : c == 'I' || c == 'l' ? '1' : c, midStart[k], midEnd[k]);
        }
        return j - i;
    }

    /**
     * Digits spelled out one word at a time, as a number is read aloud ("three two two seven zero ..."): a run
     * of number words (see {@link #NUMBER_WORDS}) saying at least {@value #MIN_NUMBER_WORDS} digits, joined by
     * spaces, commas or hyphens, becomes its digits, each mapped to its word, so the phone matcher sees
     * "3 2 2 7 0 ...". English teens, tens, "hundred" and "thousand" say their digits as numbers are read
     * ("four fifteen" 415, "oh one ninety-nine" 0199, "eight hundred" 800, "two thousand nineteen" 2019). A run
     * saying fewer digits does too when a digit group stands right before or after it ("415 five five five
     * 0199"); else it, or a word that is no number word, is left to {@link #letters}.
     *
     * @return the mid chars used (0: not such a run), -1 when more text is needed to decide
     */
    private int numberWords(int i, int n, boolean complete) {
        int count = 0;
        int k = i;
        while (count < MAX_RUN) {
            int times = repeat(k, n);
            if (times < 0 && !complete) {
                return -1;
            }
            int w = times > 1 ? k + MULTIPLIER_LENGTH + 1 : k;
            int row;
            int compound = times > 1 ? 0 : compoundNumber(w, n, complete);
            if (compound < 0) {
                return -1;
            }
            if (compound > 0) {
                row = compoundValue < 20 ? TEEN + compoundValue - 10 : PAIR + compoundValue - 20;
                wordEnd = compoundEnd;
            } else {
                int r = listedWord(w, n, NUMBER_PREFIXES, MAX_NUMBER_WORD, complete);
                if (r < 0) {
                    return -1;
                }
                row = r == 0 ? -1 : numberWord(wordKey);
            }
            int prev = count == 0 ? -1 : numberDigits[count - 1];
            if (row < 0 || (times > 1 && row >= TEEN)
                    // "hundred" after a unit or a teen ("nineteen hundred"), "thousand" after any of them
                    || (row == HUNDRED && (prev < 0 || prev >= TENS))
                    || (row == THOUSAND && (prev < 0 || prev == THOUSAND))) {
                break;
            }
            int e = wordEnd;
            runElems[count] = k;
            numberEnds[count] = e;
            numberDigits[count] = (byte) row;
            numberRepeats[count] = (byte) Math.max(1, times);
            count++;
            int sep = e;
            // groups in brackets or parted by dots too: "(four one five) five five five - zero one four two"
            while (sep < n && sep - e < 3 && (mid[sep] == ' ' || mid[sep] == ',' || mid[sep] == '-'
                    || mid[sep] == '(' || mid[sep] == ')' || mid[sep] == '.')) {
                sep++;
            }
            if (sep == n && !complete) {
                return -1;
            }
            if (sep > e && (row == HUNDRED || row == THOUSAND)) {
                // British "four hundred and fifteen" (red team 15 R4): the "and" is read as a separator
                int a = andAfter(sep, n, complete);
                if (a < 0) {
                    return -1;
                }
                sep = a > 0 ? a : sep;
            }
            if (sep == e || sep == n || (mid[sep] | 0x20) < 'a' || (mid[sep] | 0x20) > 'z') {
                break;
            }
            k = sep;
        }
        if (count == 0) {
            return 0;
        }
        int digits = 0;
        for (int w = 0; w < count; w++) {
            digits += spokenDigits(w, count, null);
        }
        if (digits < MIN_NUMBER_WORDS) {
            // fewer words, read as digits only between digit groups of the same number ("415 five five five
            // 0199", "four-one-five 555 0199"): a separator run of at most 3 chars, then a digit
            int before = i;
            while (before > 0 && i - before < 3 && isNumberSeparator(mid[before - 1])) {
                before--;
            }
            boolean digitBefore = before < i && before > 0 && mid[before - 1] >= '0' && mid[before - 1] <= '9';
            int after = numberEnds[count - 1];
            while (after < n && after - numberEnds[count - 1] < 3 && isNumberSeparator(mid[after])) {
                after++;
            }
            if (!digitBefore && after == n && !complete) {
                return -1;
            }
            boolean digitAfter = after > numberEnds[count - 1] && after < n && mid[after] >= '0' && mid[after] <= '9';
            if (!digitBefore && !digitAfter) {
                return 0;
            }
        }
        char[] said = spoken;
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                emitOut(' ', midStart[numberEnds[w - 1]], midEnd[runElems[w] - 1]);
            }
            int m = spokenDigits(w, count, said);
            for (int t = 0; t < m; t++) {
                // "triple five", "fifteen": each digit maps to the whole word, as a char that decomposes to
                // several maps to itself
                emitOut(said[t], midStart[runElems[w]], midEnd[numberEnds[w] - 1]);
            }
        }
        return numberEnds[count - 1] - i;
    }

    /** The end and value of the compound {@link #compoundNumber} read last. */
    private int compoundEnd;
    private int compoundValue;
    /** The index and end of the word {@link #oneOf} matched last. */
    private int oneOfIndex;
    private int oneOfEnd;

    /**
     * A number of two digits written as a compound at {@code mid[j]}: German, one word of a unit, "und" and a ten
     * ("vierunddreißig" 34, "einundzwanzig" 21); French, words joined by hyphens or spaces: a ten and a unit, "et"
     * between them or not ("trente-quatre" 34, "vingt et un" 21), "dix" and "sept" to "neuf" (17–19), "soixante"
     * and a teen (70–79: "soixante-dix-huit", "soixante et onze"), "quatre-vingt(s)" alone (80), with a unit
     * (81–89) or a teen (90–99); Spanish, a ten, "y" and a unit ("treinta y cuatro" 34). Its end in
     * {@link #compoundEnd}, its value in {@link #compoundValue}. A ten or a unit alone is a listed word
     * ({@link #NUMBER_WORDS}), not a compound.
     *
     * @return 1 when one is there, 0 when not, -1 when more text is needed to tell
     */
    private int compoundNumber(int j, int n, boolean complete) {
        char c = (char) (mid[j] | 0x20);
        if (mid[j] >= 0x80 || c >= 0x80 || !COMPOUND_STARTS[c]) {
            return 0;
        }
        boolean more = false;
        // German: unit + "und" + ten, in one word
        int r = oneOf(j, n, GERMAN_UNITS, false, complete);
        if (r > 0) {
            int unit = GERMAN_UNIT_VALUES[oneOfIndex];
            int u = prefixAt(oneOfEnd, n, "und");
            if (u < 0 && !complete) {
                return -1;
            }
            if (u > 0) {
                r = oneOf(oneOfEnd + u, n, GERMAN_TENS, true, complete);
                if (r < 0) {
                    return -1;
                }
                if (r > 0) {
                    return compound(oneOfEnd, GERMAN_TEN_VALUES[oneOfIndex] + unit);
                }
            }
        }
        more |= r < 0;
        // French: "quatre-vingt(s)" and what follows it
        int q = prefixAt(j, n, "quatre");
        if (q < 0 && !complete) {
            return -1;
        }
        if (q > 0) {
            int s = separator(j + q, n);
            if (s < 0 && !complete) {
                return -1;
            }
            if (s > 0) {
                r = oneOf(s, n, FRENCH_EIGHTY, true, complete);
                if (r < 0) {
                    return -1;
                }
                if (r > 0) {
                    // "quatre-vingts" is 80 alone: the plural is written only when nothing follows
                    return oneOfIndex == 1 ? compound(oneOfEnd, 80) : frenchAfterTen(oneOfEnd, n, complete, 80, true);
                }
            }
        }
        // French: a ten, "et" or not, and a unit (or a teen after "soixante"); "dix-sept" to "dix-neuf"
        r = oneOf(j, n, FRENCH_TENS, true, complete);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            int ten = FRENCH_TEN_VALUES[oneOfIndex];
            int end = oneOfEnd;
            r = frenchAfterTen(end, n, complete, ten, ten == 60);
            if (r != 0) {
                return r;
            }
        }
        r = frenchTeen(j, n, complete, true);
        if (r != 0) {
            return r;
        }
        // Spanish: a ten, "y" and a unit
        r = oneOf(j, n, SPANISH_TENS, true, complete);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            int ten = 30 + 10 * oneOfIndex;
            int s = separator(oneOfEnd, n);
            int y = s > 0 ? prefixAt(s, n, "y") : s;
            if (y > 0) {
                s = separator(s + 1, n);
                y = s == 0 ? 0 : s;
            }
            if (y < 0 && !complete) {
                return -1;
            }
            if (y > 0) {
                r = oneOf(s, n, SPANISH_UNITS, true, complete);
                if (r < 0) {
                    return -1;
                }
                if (r > 0) {
                    return compound(oneOfEnd, ten + SPANISH_UNIT_VALUES[oneOfIndex]);
                }
            }
        }
        r = tableNumber(j, n, complete);
        if (r != 0) {
            return r;
        }
        return more && !complete ? -1 : 0;
    }

    /**
     * A number of two digits of {@link #TABLE_TENS}' languages at {@code mid[j]}: a ten and a unit glued to it, or
     * after it ("e" between or not), a unit, "en" or "a" and a ten in one word, a teen, or a ten longer than a
     * listed word alone. A ten of a listed word alone, or before anything else, is left to {@link #NUMBER_WORDS}
     * (it may begin "forty seven" as English does). As {@link #compoundNumber} answers.
     */
    private int tableNumber(int j, int n, boolean complete) {
        int r = oneOf(j, n, TABLE_TENS, false, complete);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            int ten = TABLE_TEN_VALUES[oneOfIndex];
            int e = oneOfEnd;
            r = oneOf(e, n, TABLE_UNITS, true, complete);
            if (r != 0) {
                return r < 0 ? -1 : compound(oneOfEnd, ten + TABLE_UNIT_VALUES[oneOfIndex]);
            }
            if (e == n && !complete) {
                return -1;
            }
            if (e == n || !Character.isLetterOrDigit(mid[e])) {
                int s = separator(e, n);
                int c = s > 0 ? prefixAt(s, n, "e") : s;
                if (c < 0 && !complete) {
                    return -1;
                }
                if (c > 0) {
                    int t = separator(s + 1, n);
                    if (t < 0 && !complete) {
                        return -1;
                    }
                    s = t > 0 ? t : s;
                }
                if (s > 0) {
                    r = oneOf(s, n, TABLE_UNITS, true, complete);
                    if (r != 0) {
                        return r < 0 ? -1 : compound(oneOfEnd, ten + TABLE_UNIT_VALUES[oneOfIndex]);
                    }
                }
                if (e - j > MAX_NUMBER_WORD) {
                    return compound(e, ten);  // too long a word for the listed tens ("dziewięćdziesiąt")
                }
            }
        }
        r = oneOf(j, n, UNITS_BEFORE_TEN, false, complete);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            int unit = UNIT_BEFORE_TEN_VALUES[oneOfIndex];
            int e = oneOfEnd;
            for (String link : new String[] {"en", "a"}) {
                int c = prefixAt(e, n, link);
                if (c < 0 && !complete) {
                    return -1;
                }
                if (c > 0) {
                    r = oneOf(e + c, n, TABLE_TEN_WORDS, true, complete);
                    if (r != 0) {
                        return r < 0 ? -1 : compound(oneOfEnd, TABLE_TEN_VALUES[tenIndex(TABLE_TEN_WORDS[oneOfIndex])]
                                + unit);
                    }
                }
            }
        }
        r = oneOf(j, n, TABLE_TEENS, true, complete);
        return r <= 0 ? r : compound(oneOfEnd, TABLE_TEEN_VALUES[oneOfIndex]);
    }

    private static int tenIndex(String word) {
        return Arrays.asList(TABLE_TENS).indexOf(word);
    }

    /**
     * What follows a French ten ending at {@code k} (its value {@code ten}, "quatre-vingt" 80): "et" or not and a
     * unit ({@code ten} + unit), or with {@code teens} a teen ({@code ten} + teen); nothing of those, the ten
     * itself when it is 80 (a compound), else 0 (a listed word).
     */
    private int frenchAfterTen(int k, int n, boolean complete, int ten, boolean teens) {
        int s = separator(k, n);
        if (s < 0 && !complete) {
            return -1;
        }
        if (s > 0) {
            int e = prefixAt(s, n, "et");
            if (e < 0 && !complete) {
                return -1;
            }
            if (e > 0) {
                int t = separator(s + e, n);
                if (t < 0 && !complete) {
                    return -1;
                }
                s = t > 0 ? t : s;
            }
            int r = oneOf(s, n, FRENCH_UNITS, true, complete);
            if (r < 0) {
                return -1;
            }
            if (r > 0 && oneOfIndex == 3) {
                // "quatre" before "vingt" begins the next number ("soixante quatre-vingts" is 60 80)
                int unitEnd = oneOfEnd;
                int v = separator(unitEnd, n);
                int vingt = v > 0 ? prefixAt(v, n, "vingt") : v;
                if (vingt < 0 && !complete) {
                    return -1;
                }
                if (vingt > 0) {
                    r = 0;
                }
                oneOfEnd = unitEnd;
                oneOfIndex = 3;
            }
            if (r > 0) {
                return compound(oneOfEnd, ten + oneOfIndex + 1);
            }
            if (teens) {
                r = frenchTeen(s, n, complete, false);
                if (r < 0) {
                    return -1;
                }
                if (r > 0) {
                    return compound(compoundEnd, ten + compoundValue);
                }
            }
        }
        return ten == 80 ? compound(k, 80) : 0;
    }

    /**
     * A French teen at {@code k}: "dix" and "sept", "huit" or "neuf" (17–19), or unless {@code onlyCompound} also
     * a teen of one word ("dix" to "seize"); in {@link #compoundEnd} and {@link #compoundValue}. 1, 0, or -1 when
     * more text is needed.
     */
    private int frenchTeen(int k, int n, boolean complete, boolean onlyCompound) {
        int d = prefixAt(k, n, "dix");
        if (d < 0 && !complete) {
            return -1;
        }
        if (d > 0) {
            int s = separator(k + d, n);
            if (s < 0 && !complete) {
                return -1;
            }
            if (s > 0) {
                int r = oneOf(s, n, FRENCH_UNITS, true, complete);
                if (r < 0) {
                    return -1;
                }
                if (r > 0 && oneOfIndex >= 6) {
                    return compound(oneOfEnd, 11 + oneOfIndex);
                }
            }
        }
        if (onlyCompound) {
            return 0;
        }
        int r = oneOf(k, n, FRENCH_TEENS, true, complete);
        if (r <= 0) {
            return r;
        }
        return compound(oneOfEnd, 10 + oneOfIndex);
    }

    private int compound(int end, int value) {
        compoundEnd = end;
        compoundValue = value;
        return 1;
    }

    /**
     * Where the next part of a compound begins after {@code mid[k]}: past one or two spaces or hyphens; 0 when
     * none is there, -1 when the text ends in them or before them.
     */
    private int separator(int k, int n) {
        int s = k;
        while (s < n && s - k < 2 && (mid[s] == ' ' || mid[s] == '-')) {
            s++;
        }
        if (s == n) {
            return -1;
        }
        return s == k || mid[s] == ' ' || mid[s] == '-' ? 0 : s;
    }

    /**
     * The longest word of {@code words} (lower-case ASCII) that {@code mid[j, n)} begins with, any case, "ß" read as
     * "ss"; with {@code whole} only one that ends a word. Its index in {@link #oneOfIndex}, its end in
     * {@link #oneOfEnd}. 1 when found, 0 when not, -1 when the text ends before it can tell.
     */
    private int oneOf(int j, int n, String[] words, boolean whole, boolean complete) {
        int best = -1;
        boolean more = false;
        for (int w = 0; w < words.length; w++) {
            int r = prefixAt(j, n, words[w]);
            if (r < 0) {
                more = true;
            } else if (r > 0) {
                int e = j + r;
                if (whole && e == n && !complete) {
                    more = true;
                } else if (!whole || e == n || !Character.isLetterOrDigit(mid[e])) {
                    if (best < 0 || e > oneOfEnd) {
                        best = w;
                        oneOfEnd = e;
                    }
                }
            }
        }
        if (more && !complete) {
            return -1;
        }
        oneOfIndex = best;
        return best >= 0 ? 1 : 0;
    }

    /**
     * How many chars of {@code mid} from {@code j} spell {@code word} (lower-case ASCII), any case, "ß" as "ss";
     * 0 when they do not, -1 when the text ends while they still may.
     */
    private int prefixAt(int j, int n, String word) {
        int k = j;
        int i = 0;
        while (i < word.length()) {
            if (k == n) {
                return -1;
            }
            char c = mid[k];
            if (c == '\u00DF' && word.startsWith("ss", i)) {
                i += 2;
            } else if (c < 0x80 && (c | 0x20) == word.charAt(i)) {
                i++;
            } else {
                return 0;
            }
            k++;
        }
        return k - j;
    }

    /**
     * Where the word after an "and" at {@code at} begins ("and " or "and-", any case), 0 when no "and" stands
     * there, -1 when more text is needed to tell.
     */
    private int andAfter(int at, int n, boolean complete) {
        String and = "and";
        int i = 0;
        while (i < 3 && at + i < n && (mid[at + i] | 0x20) == and.charAt(i)) {
            i++;
        }
        if (at + i == n) {
            return complete ? 0 : -1;
        }
        if (i < 3 || (mid[at + 3] != ' ' && mid[at + 3] != '-')) {
            return 0;
        }
        int w = at + 4;
        while (w < n && w - at < 6 && (mid[w] == ' ' || mid[w] == '-')) {
            w++;
        }
        if (w == n && !complete) {
            return -1;
        }
        return w;
    }

    /** Digits one number word says ({@link #spokenDigits}); at most four ("thousand" at a run's end: 000). */
    private final char[] spoken = new char[4];

    /**
     * The digits the {@code w}-th number word of a run says (rows in {@link #numberDigits}), written into
     * {@code out} when it is not null: a unit its digit (as often as "double" or "triple" says); a teen 1 and
     * its unit; a ten its tens digit, and 0 unless a unit 1–9 follows ("ninety-nine", "ninety"); "hundred" 00,
     * 0 before a unit, nothing before a teen or a ten ("five hundred fifty"); "thousand" 000, 00 before a
     * unit, 0 before a teen or a ten, nothing before "X hundred".
     *
     * @return how many digits
     */
    private int spokenDigits(int w, int count, char[] out) {
        int row = numberDigits[w];
        int next = w + 1 < count ? numberDigits[w + 1] : -1;
        boolean nextUnit = next >= 0 && next < TEEN && numberRepeats[w + 1] == 1;
        boolean nextTeenOrTen = (next >= TEEN && next < HUNDRED) || next >= PAIR;
        int m;
        if (row >= PAIR) {
            if (out != null) {
                out[0] = (char) ('0' + (row - PAIR + 20) / 10);
                out[1] = (char) ('0' + (row - PAIR + 20) % 10);
            }
            return 2;
        }
        if (row < TEEN) {
            m = numberRepeats[w];
            for (int t = 0; out != null && t < m; t++) {
                out[t] = (char) ('0' + row);
            }
            return m;
        } else if (row < TENS) {
            if (out != null) {
                out[0] = '1';
                out[1] = (char) ('0' + row - TEEN);
            }
            return 2;
        } else if (row < HUNDRED) {
            m = nextUnit && next > 0 ? 1 : 2;
            if (out != null) {
                out[0] = (char) ('0' + row - TENS + 2);
                out[1] = '0';
            }
            return m;
        }
        boolean hundredNext = next >= 0 && next < TENS && w + 2 < count && numberDigits[w + 2] == HUNDRED;
        if (row == HUNDRED) {
            m = nextTeenOrTen ? 0 : nextUnit ? 1 : 2;
        } else {
            m = hundredNext ? 0 : nextTeenOrTen ? 1 : nextUnit ? 2 : 3;
        }
        for (int t = 0; out != null && t < m; t++) {
            out[t] = '0';
        }
        return m;
    }

    /**
     * A word spelt in the spelling alphabet ("Mike India Romeo Alfa November Delta Alfa, Quebec Uniform ..."): a
     * run of at least {@value #MIN_CODE_WORDS} code words (see {@link #CODE_WORDS}, any case) joined by spaces or
     * hyphens becomes their letters, each mapped to its word, a word capitalized; a comma, slash or dot between
     * two code words starts another word. A shorter run, or a word that is no code word, is left to the rest.
     *
     * @return the mid chars used (0: not such a run), -1 when more text is needed to decide
     */
    private int codeWords(int i, int n, boolean complete) {
        int count = 0;
        int k = i;
        while (count < MAX_RUN) {
            int r = listedWord(k, n, CODE_PREFIXES, MAX_CODE_WORD, complete);
            if (r < 0) {
                return -1;
            }
            int at = r == 0 ? -1 : Arrays.binarySearch(CODE_KEYS, wordKey);
            int e = wordEnd;
            if (at < 0 && xRay(k, n)) {
                at = Arrays.binarySearch(CODE_KEYS, X_RAY);  // "X-ray", the alphabet's own spelling
                e = k + 5;
            }
            if (at < 0) {
                break;
            }
            runElems[count] = k;
            numberEnds[count] = e;
            numberDigits[count] = CODE_LETTERS[at];
            codeBreaks[count] = false;
            count++;
            int sep = e;
            boolean groupBreak = false;
            while (sep < n && sep - e < 4 && (mid[sep] == ' ' || mid[sep] == '-' || mid[sep] == ',' || mid[sep] == '/'
                    || mid[sep] == '.')) {
                groupBreak |= mid[sep] != ' ' && mid[sep] != '-';
                sep++;
            }
            if (sep == n && !complete) {
                return -1;
            }
            if (sep == e || sep == n || (mid[sep] | 0x20) < 'a' || (mid[sep] | 0x20) > 'z') {
                break;
            }
            codeBreaks[count - 1] = groupBreak;
            k = sep;
        }
        if (count < MIN_CODE_WORDS) {
            return 0;
        }
        boolean wordStart = true;
        for (int w = 0; w < count; w++) {
            if (w > 0 && codeBreaks[w - 1]) {
                emitOut(' ', midStart[numberEnds[w - 1]], midEnd[runElems[w] - 1]);
                wordStart = true;
            }
            emitOut((char) ((wordStart ? 'A' : 'a') + numberDigits[w]), midStart[runElems[w]], midEnd[numberEnds[w] - 1]);
            wordStart = false;
        }
        return numberEnds[count - 1] - i;
    }

    /**
     * Whether raw {@code text[start, end)} is only spelling-alphabet code words ({@link #codeWords}: at least
     * {@value #MIN_CODE_WORDS}, any case) and the spaces, hyphens, commas, slashes and dots between them: a name
     * spelt so, whose commas part its words rather than two names.
     */
    public static boolean codeWordsOnly(CharSequence text, int start, int end) {
        int words = 0;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == ' ' || c == '-' || c == ',' || c == '/' || c == '.') {
                i++;
                continue;
            }
            long key = 0;
            int e = i;
            while (e < end && e - i <= MAX_CODE_WORD) {
                char l = (char) (baseLetter(text.charAt(e)) | 0x20);
                if (l < 'a' || l > 'z') {
                    break;
                }
                key = (key << 5) | (l - 'a' + 1);
                e++;
            }
            if (e == i || Arrays.binarySearch(CODE_KEYS, key) < 0) {
                return false;
            }
            words++;
            i = e;
        }
        return words >= MIN_CODE_WORDS;
    }

    /** The ASCII letter a letter with a diacritic folds to in this view ("ü" → "u"), or the char itself. */
    private static char baseLetter(char c) {
        if (c < 0x80) {
            return c;
        }
        String f = CharFold.of(c);
        return f.length() == 1 ? f.charAt(0) : c;
    }

    /**
     * Whether raw {@code text[start, end)} holds a comma and every comma in it parts two string literals (a quote,
     * whitespace, the comma, whitespace, a quote): the items of a list of literals, which {@link #joinedList}
     * may read as one text ({@code ''.join(['Gre', 'ta'])}), so its commas part no two names.
     */
    public static boolean commasPartLiterals(CharSequence text, int start, int end) {
        boolean comma = false;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) != ',') {
                continue;
            }
            comma = true;
            int b = i - 1;
            while (b >= 0 && Character.isWhitespace(text.charAt(b))) {
                b--;
            }
            int a = i + 1;
            while (a < text.length() && Character.isWhitespace(text.charAt(a))) {
                a++;
            }
            if (b < 0 || a >= text.length() || !isQuote(text.charAt(b)) || !isQuote(text.charAt(a))) {
                return false;
            }
        }
        return comma;
    }

    /**
     * Whether raw {@code text[start, end)} holds a comma and every comma in it parts two codes of a
     * {@link #CODES_FUNCTIONS} call ({@code String.fromCharCode(77,105,...)}): the call {@link #codesCallEnd}
     * reads as one text, so its commas part no two names.
     */
    public static boolean commasPartCodes(CharSequence text, int start, int end) {
        boolean comma = false;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) != ',') {
                continue;
            }
            comma = true;
            int before = i - 1;
            while (before > 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            int after = i + 1;
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            if (before < 0 || after >= text.length() || !isAsciiAlnum(text.charAt(before))
                    || !isAsciiAlnum(text.charAt(after)) || !inCodesCall(text, i)) {
                return false;
            }
        }
        return comma;
    }

    /** Whether the comma at {@code i} stands among the codes of a {@link #CODES_FUNCTIONS} call. */
    private static boolean inCodesCall(CharSequence text, int i) {
        int b = i;
        while (b > 0 && i - b < MAX_JOINED_LIST && isCodeListChar(text.charAt(b - 1))) {
            b--;
        }
        if (b >= 5 && "(...[".contentEquals(text.subSequence(b - 5, b))) {
            b -= 4;  // a spread array
        }
        if (b == 0 || text.charAt(b - 1) != '(') {
            return false;
        }
        for (String f : CODES_FUNCTIONS) {
            if (b - 1 >= f.length() && f.contentEquals(text.subSequence(b - 1 - f.length(), b - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Chars of a list of decimal or hex codes ({@link #commasPartCodes}). */
    private static boolean isCodeListChar(char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') || (c | 0x20) == 'x' || c == ','
                || Character.isWhitespace(c);
    }

    /** Length of "double" and "triple" ({@link #repeat}). */
    private static final int MULTIPLIER_LENGTH = 6;

    /**
     * How many times the digit word after {@code mid[k]} is said: 2 after "double", 3 after "triple" (a number
     * read aloud, "four one five triple five": British usage), followed by one space or hyphen; 1 otherwise;
     * -1 when the text ends before it can tell.
     */
    private int repeat(int k, int n) {
        if (k + MULTIPLIER_LENGTH + 1 > n) {
            return startsAs(k, n, "double") || startsAs(k, n, "triple") ? -1 : 1;
        }
        int times = 0;
        if (ascii(k, "double")) {
            times = 2;
        } else if (ascii(k, "triple")) {
            times = 3;
        }
        char sep = mid[k + MULTIPLIER_LENGTH];
        return times > 0 && (sep == ' ' || sep == '-') ? times : 1;
    }

    /** Whether {@code mid[k, n)} (shorter than {@code word}, or as long) begins {@code word}, in any case. */
    private boolean startsAs(int k, int n, String word) {
        for (int i = 0; k + i < n && i < word.length(); i++) {
            if ((mid[k + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code mid[k, k + word.length())} is {@code word} (lower-case ASCII) in any case. */
    private boolean ascii(int k, String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((mid[k + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The packed key of "xray" ({@link #CODE_WORDS}). */
    private static final long X_RAY = ((('x' - 'a' + 1L) << 5 | ('r' - 'a' + 1)) << 5 | ('a' - 'a' + 1)) << 5
            | ('y' - 'a' + 1);

    /** Whether {@code mid[k, k + 5)} is "x-ray" in any case, a whole word. */
    private boolean xRay(int k, int n) {
        return k + 5 <= n && (mid[k] | 0x20) == 'x' && mid[k + 1] == '-' && (mid[k + 2] | 0x20) == 'r'
                && (mid[k + 3] | 0x20) == 'a' && (mid[k + 4] | 0x20) == 'y' && (k + 5 == n || !isAlnum(mid[k + 5]));
    }

    private static boolean isNumberSeparator(char c) {
        return c == ' ' || c == ',' || c == '-' || c == '.';
    }

    /** The row of {@link #NUMBER_WORDS} a number word (packed by {@link #numberWords}) is in, or -1. */
    private static int numberWord(long key) {
        int at = Arrays.binarySearch(NUMBER_KEYS, key);
        return at < 0 ? -1 : NUMBER_VALUES[at];
    }

    private boolean lastOutIsAlnum() {
        return lastOut != 0 && isAlnum(lastOut);
    }

    /**
     * Whether this view ends with a leetspeak symbol ("$", "!", "|", "@"), which stands for a letter of the word
     * the next char is in ("Mi$a", "7e$$!e", "!|$a"); an "@" rebuilt from a spelled-out " at " is an
     * e-mail's ("x at B.e.n").
     */
    private boolean lastOutIsLeetInWord() {
        int n = out.length;
        return n > 0 && isLeetLetter(lastOut) && (lastOut != '@' || outEnd[n - 1] - outStart[n - 1] == 1);
    }

    private static boolean isLeetLetter(char c) {
        return c == '@' || c == '$' || c == '!' || c == '|';
    }

    private void emitOut(char c, int start, int end) {
        int n = out.length;
        if (n == outStart.length) {
            outStart = Arrays.copyOf(outStart, n * 2);
            outEnd = Arrays.copyOf(outEnd, n * 2);
        }
        out.append(c);
        lastOut = c;
        if (c == '@') {
            atInWord = true;
        } else if (c == ' ') {
            atInWord = false;
        }
        outStart[n] = start;
        outEnd[n] = end;
    }
}
