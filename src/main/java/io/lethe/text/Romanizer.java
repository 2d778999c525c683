package io.lethe.text;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Transliterator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Latin spellings of a person's name registered in another script, the forms a model writes when it answers
 * in English: "Сергей Мясников" → "Sergey Myasnikov", "한예은" → "Han Yeeun", "王秀英" → "Wang Xiuying".
 *
 * <p>Scripts and systems, all with ICU4J's transliterators except Korean:
 * <ul>
 *   <li>Cyrillic: BGN/PCGN for Russian ({@code Russian-Latin/BGN}), ISO 9:1995 ({@code Cyrillic-Latin}), the
 *       scientific transliteration and ISO/R 9:1968 ({@link #scientific}) and the German transcription of the
 *       Duden ({@link #german}), with the soft and hard signs written as an apostrophe, as the primes "ʹ" "ʺ",
 *       and left out;</li>
 *   <li>Greek: BGN/PCGN and UN/ELOT 743 ({@code Greek-Latin/BGN}, {@code Greek-Latin/UNGEGN});</li>
 *   <li>Han (Chinese): Hanyu Pinyin without tones ({@code Han-Latin/Names} for the surname's reading as a
 *       surname and {@code Han-Latin} for its common reading, {@code Han-Latin} for the given name), the given
 *       name's syllables written together and apart;</li>
 *   <li>Hangul (Korean): the Revised Romanization of Korean (Ministry of Culture, 2000) syllable by syllable,
 *       without the sound changes that names do not take, ICU's {@code Hangul-Latin}, and the usual spellings of
 *       common surnames (Kim, Lee, Park, Choi, ...); the given name's syllables together and apart;</li>
 *   <li>kana (a name in kana only): ICU's Hepburn-style {@code Any-Latin}.</li>
 * </ul>
 * A family name written glued to the given name (Chinese, Korean) is split after the first char, or the
 * second for compound surnames (欧阳, 남궁, ...). Every spelling is folded to ASCII letters (and the primes).
 *
 * <p>Not romanized: Arabic and Hebrew (their script leaves out most vowels, so no spelling follows from it),
 * Japanese kanji (their reading is not in the text), and scripts not listed. Thread-safe.
 */
public final class Romanizer {

    private static final Pattern SPACES = Pattern.compile("(?U)\\s+");
    private static final Map<String, Transliterator> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Chinese compound surnames (simplified and traditional). */
    private static final Set<String> HAN_COMPOUND = compound(
            // the compound surnames of the Hundred Family Surnames (百家姓), simplified, then traditional forms
            "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙"
            + " 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正"
            + " 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五",
            "萬俟 司馬 歐陽 諸葛 聞人 東方 赫連 尉遲 濮陽 單于 軒轅 鍾離 長孫 鮮于 閭丘 顓孫 巫馬 樂正 壤駟 夾谷 穀梁"
            + " 東郭 南門 東門 西門 南宮 公孫 仲孫 獨孤 独孤");
    /** Korean compound surnames. */
    private static final Set<String> HANGUL_COMPOUND = Set.of("남궁", "선우", "제갈", "황보", "독고", "사공", "서문",
            "동방");
    /** Usual spellings of common Korean surnames, besides the Revised Romanization. */
    private static final Map<String, List<String>> HANGUL_SURNAMES = Map.ofEntries(
            Map.entry("김", List.of("kim")), Map.entry("이", List.of("lee", "yi", "rhee")), Map.entry("박", List.of("park")),
            Map.entry("최", List.of("choi")), Map.entry("정", List.of("jung", "chung")), Map.entry("강", List.of("kang")),
            Map.entry("조", List.of("cho")), Map.entry("윤", List.of("yoon")), Map.entry("장", List.of("jang", "chang")),
            Map.entry("임", List.of("lim")), Map.entry("오", List.of("oh")), Map.entry("서", List.of("suh")),
            Map.entry("신", List.of("shin")), Map.entry("권", List.of("kwon")), Map.entry("안", List.of("ahn")),
            Map.entry("류", List.of("ryu", "yoo", "yu")), Map.entry("유", List.of("yoo", "yu")),
            Map.entry("전", List.of("jeon", "jun")), Map.entry("고", List.of("ko")), Map.entry("문", List.of("moon")),
            Map.entry("손", List.of("sohn", "son")), Map.entry("백", List.of("baek", "paik")),
            Map.entry("허", List.of("heo", "huh")), Map.entry("심", List.of("shim")), Map.entry("노", List.of("noh")),
            Map.entry("곽", List.of("kwak")), Map.entry("성", List.of("sung")), Map.entry("주", List.of("joo")),
            Map.entry("우", List.of("woo")), Map.entry("구", List.of("koo")), Map.entry("엄", List.of("um")),
            Map.entry("천", List.of("chun")), Map.entry("공", List.of("kong")), Map.entry("현", List.of("hyun")),
            Map.entry("변", List.of("byun")), Map.entry("추", List.of("choo")), Map.entry("남궁", List.of("namkung")),
            Map.entry("선우", List.of("sunwoo")));

    // Revised Romanization of Korean: initial, medial and final jamo of a precomposed syllable
    private static final String[] RR_INITIAL = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j",
            "jj", "ch", "k", "t", "p", "h"};
    private static final String[] RR_MEDIAL = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe",
            "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
    private static final String[] RR_FINAL = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p",
            "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

    private Romanizer() {
    }

    /**
     * Latin spellings of {@code name} (each ASCII letters, a Russian one's signs also as "ʹ" "ʺ", words separated by one space, in the name's own
     * order: a Chinese or Korean name family name first), or an empty list when it has no letters of a
     * romanized script. Deterministic; duplicates removed.
     */
    public static List<String> of(String name) {
        String n = name.strip();
        int script = script(n);
        Set<String> out = new LinkedHashSet<>();
        switch (script) {
            case UScript.CYRILLIC -> {
                String bgn = ascii(translit("Russian-Latin/BGN", n));
                out.add(bgn);
                out.add(bgn.replace("'", "").replace("\"", ""));
                // the scientific transliteration (х as x, ISO/R 9 as ch, ISO 9 as h) and ISO 9's own letters
                // (ICU's Cyrillic-Latin: ю as û, щ as ŝ), with the soft sign's apostrophe and without
                for (String x : russian(n) ? List.of("x", "ch", "h") : List.<String>of()) {
                    String sci = ascii(scientific(n, x));
                    out.add(sci);
                    out.add(sci.replace("'", "").replace("\"", ""));
                }
                String iso9 = ascii(translit("Cyrillic-Latin", n));
                out.add(iso9);
                out.add(iso9.replace("'", "").replace("\"", ""));
                if (russian(n)) {
                    out.add(ascii(german(n)));
                    // the Duden's "ss" between vowels is often written single ("Jefrosinja" for "Jefrossinja")
                    out.add(ascii(german(n)).replace("ss", "s"));
                    // ISO 9's "ŝ" for щ with the scientific letters otherwise ("Efrosinja Ŝerbačeva")
                    out.add(ascii(scientific(n, "h").replace("šč", "ŝ").replace("Šč", "Ŝ")).replace("'", ""));
                    // the usual English spellings: е as "e" or "ye", ё as "e" or "yo" ("o" after a hushing
                    // letter), "-ий" as "-iy" or "-y" ("Efrosinya Shcherbachova", "Timofey Zhukovitsky")
                    for (int v = 0; v < 8; v++) {
                        out.add(ascii(english(n, (v & 1) != 0, (v & 2) != 0, (v & 4) != 0)));
                    }
                }
                // the soft and hard signs written as the modifier primes "ʹ" and "ʺ" (ISO 9), which are letters
                // to UAX #29 (one word) where "'" and "’" part it: both forms are registered
                for (String r : List.copyOf(out)) {
                    if (r.indexOf('\'') >= 0 || r.indexOf('"') >= 0) {
                        out.add(r.replace('\'', '\u02B9').replace('"', '\u02BA'));
                    }
                }
            }
            case UScript.GREEK -> {
                out.add(ascii(translit("Greek-Latin/BGN", n)));
                out.add(ascii(translit("Greek-Latin/UNGEGN", n)));
            }
            case UScript.HAN -> {
                for (String[] parts : splits(n, HAN_COMPOUND)) {
                    // the surname reading (单 as "shan") and the common one ("dan")
                    Set<String> families = new LinkedHashSet<>();
                    families.add(ascii(translit("Han-Latin/Names", parts[0])).replace(" ", ""));
                    families.add(ascii(translit("Han-Latin", parts[0])).replace(" ", ""));
                    List<String> given = syllables(ascii(translit("Han-Latin", parts[1])));
                    addGiven(out, families, given);
                }
            }
            case UScript.HANGUL -> {
                for (String[] parts : splits(n, HANGUL_COMPOUND)) {
                    Set<String> families = new LinkedHashSet<>();
                    families.add(rr(parts[0]));
                    families.add(icuHangul(parts[0]));
                    if (parts[0].length() > 1) {
                        // a compound surname with its syllables hyphenated, as RR writes ambiguous ones ("Seon-u")
                        List<String> syl = new ArrayList<>();
                        for (int i = 0; i < parts[0].length(); i++) {
                            syl.add(rr(parts[0].substring(i, i + 1)));
                        }
                        families.add(String.join("-", syl));
                    }
                    families.addAll(HANGUL_SURNAMES.getOrDefault(parts[0], List.of()));
                    List<String> given = new ArrayList<>();
                    for (int i = 0; i < parts[1].length(); i++) {
                        given.add(rr(parts[1].substring(i, i + 1)));
                    }
                    addGiven(out, families, given);
                    addGiven(out, families, List.of(icuHangul(parts[1])));
                }
            }
            case UScript.KATAKANA, UScript.HIRAGANA -> out.add(ascii(translit("Any-Latin", n)));
            default -> {
                return List.of();
            }
        }
        out.removeIf(s -> s.isBlank() || !s.chars().anyMatch(Character::isLetter));
        return List.copyOf(out);
    }

    /** Whether every Cyrillic letter of {@code name} is one of the Russian alphabet's (the tables below know only those). */
    private static boolean russian(String name) {
        for (int i = 0; i < name.length(); i++) {
            char l = Character.toLowerCase(name.charAt(i));
            if (UScript.getScript(l) == UScript.CYRILLIC && Character.isLetter(l) && (l < 'а' || l > 'я') && l != 'ё') {
                return false;
            }
        }
        return true;
    }

    /** The scientific transliteration of Russian Cyrillic, by letter (lower case; х given). */
    private static final String[] SCIENTIFIC = {"a", "b", "v", "g", "d", "e", "ž", "z", "i", "j", "k", "l", "m", "n",
            "o", "p", "r", "s", "t", "u", "f", null, "c", "č", "š", "šč", "\"", "y", "'", "è", "ju", "ja"};

    /**
     * A name in Russian Cyrillic in the scientific transliteration (the Slavists' system, ISO/R 9:1968 and
     * ISO 9:1995 share most of it: ж ž, ц c, ч č, ш š, щ šč, ы y, ь ', ъ ", э è, ю ju, я ja, й j, ё ë), with х
     * written as {@code x}: "x" (scientific), "ch" (ISO/R 9), "h" (ISO 9, GOST 7.79 B writes "x").
     */
    static String scientific(String name, String x) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char l = Character.toLowerCase(c);
            String r;
            if (l == 'ё') {
                r = "ë";
            } else if (l == 'х') {
                r = x;
            } else if (l >= 'а' && l <= 'я') {
                r = SCIENTIFIC[l - 'а'];
            } else {
                sb.append(c);
                continue;
            }
            appendCased(sb, c, r);
        }
        return sb.toString();
    }

    /** Appends {@code r}, the romanization of {@code c}, with a capital first where {@code c} is one. */
    private static void appendCased(StringBuilder sb, char c, String r) {
        sb.append(Character.isUpperCase(c) && !r.isEmpty() ? Character.toUpperCase(r.charAt(0)) + r.substring(1) : r);
    }

    /** The German (Duden) transcription of Russian Cyrillic, by letter (lower case; е, й, с and ь by context). */
    private static final String[] GERMAN = {"a", "b", "w", "g", "d", "e", "sch", "s", "i", "j", "k", "l", "m", "n",
            "o", "p", "r", "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja"};

    /**
     * A name in Russian Cyrillic in the German transcription of the Duden (Wikipedia, "Deutsche Transkription
     * der russischen Sprache"): в w, ж sch, з s, ц z, ч tsch, ш sch, щ schtsch, х ch, ю ju, я ja, ё jo (o after
     * ж ч ш щ); е je at a word's start and after a vowel, ъ or ь; с ss between vowels; ь and ъ dropped (j before
     * a vowel: "Iljitsch"); й j, dropped after и and ы at a word's end ("Dmitri", "Jewgeni"), "i" after another
     * vowel there ("Timofei"): "Иван Сергеевич
     * Колокольцев" → "Iwan Sergejewitsch Kolokolzew".
     */
    static String german(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 16);
        String vowels = "аеёиоуыэюя";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char l = Character.toLowerCase(c);
            char prev = i > 0 ? Character.toLowerCase(name.charAt(i - 1)) : ' ';
            char next = i + 1 < name.length() ? Character.toLowerCase(name.charAt(i + 1)) : ' ';
            boolean afterVowelOrSign = vowels.indexOf(prev) >= 0 || prev == 'ь' || prev == 'ъ';
            boolean wordStart = !Character.isLetter(prev);
            String r;
            if (l == 'ё') {
                r = "жчшщ".indexOf(prev) >= 0 ? "o" : "jo";
            } else if (l == 'е') {
                r = wordStart || afterVowelOrSign ? "je" : "e";
            } else if (l == 'с') {
                r = vowels.indexOf(prev) >= 0 && vowels.indexOf(next) >= 0 ? "ss" : "s";
            } else if (l == 'ь' || l == 'ъ') {
                r = vowels.indexOf(next) >= 0 && "еёюя".indexOf(next) < 0 ? "j" : "";
            } else if (l == 'й') {
                // dropped after и and ы at a word's end, "i" after another vowel there ("Timofei", "Sergei")
                boolean end = !Character.isLetter(next);
                r = (prev == 'и' || prev == 'ы') && end ? "" : end && vowels.indexOf(prev) >= 0 ? "i" : "j";
            } else if (l >= 'а' && l <= 'я') {
                r = GERMAN[l - 'а'];
            } else {
                sb.append(c);
                continue;
            }
            appendCased(sb, c, r);
        }
        return sb.toString();
    }

    /** The usual English transcription of Russian Cyrillic, by letter (lower case; е, ё, й by context). */
    private static final String[] ENGLISH = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
            "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};

    /**
     * A name in Russian Cyrillic as English prose usually spells it ({@link #ENGLISH}, BGN without its marks):
     * е "ye" at a word's start and after a vowel or sign where {@code ye}, else "e"; ё "yo" ("o" after ж ч ш
     * щ) where {@code yo}, else "e"; "-ий" and "-ый" at a word's end "-y" where {@code shortY}, else "-iy" and
     * "-yy" ("Zhukovitsky", "Zhukovitskiy").
     */
    static String english(String name, boolean ye, boolean yo, boolean shortY) {
        StringBuilder sb = new StringBuilder(name.length() + 16);
        String vowels = "аеёиоуыэюяьъ";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char l = Character.toLowerCase(c);
            char prev = i > 0 ? Character.toLowerCase(name.charAt(i - 1)) : ' ';
            char next = i + 1 < name.length() ? Character.toLowerCase(name.charAt(i + 1)) : ' ';
            boolean start = !Character.isLetter(prev) || vowels.indexOf(prev) >= 0;
            String r;
            if (l == 'ё') {
                r = !yo ? "e" : "жчшщ".indexOf(prev) >= 0 ? "o" : "yo";
            } else if (l == 'е') {
                r = ye && start ? "ye" : "e";
            } else if (shortY && (l == 'и' || l == 'ы') && next == 'й' && (i + 2 >= name.length()
                    || !Character.isLetter(name.charAt(i + 2)))) {
                r = "y";
                i++;  // "-ий" as one "y"
            } else if (l >= 'а' && l <= 'я') {
                r = ENGLISH[l - 'а'];
            } else {
                sb.append(c);
                continue;
            }
            appendCased(sb, c, r);
        }
        return sb.toString();
    }

    /**
     * "family given" with the given name's syllables written together, and hyphenated when there are several
     * ("Ke Meng-lan"; the matcher takes "Ke Meng Lan" for it too: a hyphen and a space are the same gap).
     */
    private static void addGiven(Set<String> out, Iterable<String> families, List<String> given) {
        for (String f : families) {
            if (f.isEmpty()) {
                continue;
            }
            out.add(f + " " + String.join("", given));
            if (given.size() > 1) {
                out.add(f + " " + String.join("-", given));
            }
        }
    }

    /**
     * The ways to read a Chinese or Korean name as family and given name ({@link #familyAndGiven}); a name of
     * four chars or more written without a space is also read with a two-char surname, listed or not (a
     * one-char given name is rare after one, and compound surnames are many: 东门, 澹台).
     */
    private static List<String[]> splits(String name, Set<String> compound) {
        String[] parts = familyAndGiven(name, compound);
        if (parts == null) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>(2);
        out.add(parts);
        String w = name.strip();
        if (parts[0].codePointCount(0, parts[0].length()) == 1 && SPACES.split(w).length == 1
                && w.codePointCount(0, w.length()) >= 4) {
            int cut = w.offsetByCodePoints(0, 2);
            out.add(new String[] {w.substring(0, cut), w.substring(cut)});
        }
        return out;
    }

    /**
     * The family and given name of a Chinese or Korean name: the first word and the rest when it has spaces,
     * else its first char (two for a compound surname) and the rest; null when there is no given name.
     */
    private static String[] familyAndGiven(String name, Set<String> compound) {
        String[] words = SPACES.split(name);
        if (words.length == 2 && isSurname(words[1], compound) && !isSurname(words[0], compound)) {
            return new String[] {words[1], words[0]};  // written given name first: "서윤 류"
        }
        if (words.length > 1) {
            return new String[] {words[0], String.join("", java.util.Arrays.copyOfRange(words, 1, words.length))};
        }
        String w = words[0];
        if (w.codePointCount(0, w.length()) < 2) {
            return null;
        }
        int cut = w.length() >= 3 && compound.contains(w.substring(0, 2)) ? 2 : w.offsetByCodePoints(0, 1);
        return new String[] {w.substring(0, cut), w.substring(cut)};
    }

    private static Set<String> compound(String... lists) {
        Set<String> out = new java.util.HashSet<>();
        for (String l : lists) {
            out.addAll(List.of(l.split(" ")));
        }
        return Set.copyOf(out);
    }

    /** Whether a word can be a Chinese or Korean surname: one char, or a compound surname. */
    private static boolean isSurname(String word, Set<String> compound) {
        return word.codePointCount(0, word.length()) == 1 || compound.contains(word);
    }

    /** The Revised Romanization of Hangul syllables, each on its own (names take no sound changes). */
    static String rr(String hangul) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hangul.length(); i++) {
            char c = hangul.charAt(i);
            if (c < '\uAC00' || c > '\uD7A3') {
                continue;
            }
            int s = c - 0xAC00;
            sb.append(RR_INITIAL[s / 588]).append(RR_MEDIAL[(s % 588) / 28]).append(RR_FINAL[s % 28]);
        }
        return sb.toString();
    }

    /** ICU's Hangul-Latin, without the hyphens it puts between ambiguous syllables ("namgung-geon-u"). */
    private static String icuHangul(String hangul) {
        return ascii(translit("Hangul-Latin", hangul)).replace("-", "").replace(" ", "");
    }

    private static List<String> syllables(String pinyin) {
        List<String> out = new ArrayList<>();
        for (String s : SPACES.split(pinyin.strip())) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The script of most of the name's letters among those romanized here, or {@link UScript#LATIN}. */
    private static int script(String name) {
        int han = 0;
        int hangul = 0;
        int kana = 0;
        int cyrillic = 0;
        int greek = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            switch (UScript.getScript(cp)) {
                case UScript.HAN -> han++;
                case UScript.HANGUL -> hangul++;
                case UScript.HIRAGANA, UScript.KATAKANA -> kana++;
                case UScript.CYRILLIC -> cyrillic++;
                case UScript.GREEK -> greek++;
                default -> {
                }
            }
        }
        if (kana > 0) {
            return han > 0 ? UScript.LATIN : UScript.KATAKANA;  // kanji with kana: Japanese, its reading unknown
        }
        int max = Math.max(Math.max(han, hangul), Math.max(cyrillic, greek));
        if (max == 0) {
            return UScript.LATIN;
        }
        return max == hangul ? UScript.HANGUL : max == han ? UScript.HAN : max == cyrillic ? UScript.CYRILLIC
                : UScript.GREEK;
    }

    private static String translit(String id, String s) {
        Transliterator t = CACHE.computeIfAbsent(id, Transliterator::getInstance);
        synchronized (t) {
            return t.transliterate(s);
        }
    }

    /** Latin-ASCII, lower case, apostrophe-like marks as "'", everything else but letters and spaces dropped. */
    private static String ascii(String s) {
        String a = translit("Latin-ASCII", s).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(a.length());
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c >= 'a' && c <= 'z') {
                sb.append(c);
            } else if (c == '\'' || c == '\u02B9' || c == '\u02BA' || c == '\u02BC' || c == '\u2019') {
                sb.append('\'');
            } else if (c == '"') {
                sb.append('"');
            } else if (Character.isWhitespace(c) || c == '-') {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            }
        }
        return sb.toString().strip();
    }
}
