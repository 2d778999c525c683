package io.lethe.erasure.index;

import io.lethe.text.NormalizedView;
import io.lethe.text.Romanizer;
import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a person's name takes in prose, as token sequences (folded): "First Middle Last",
 * "First Last", "First M. Last", "F. Last", "F. M. Last", "Last, First", "Last, First Middle",
 * "Last, F.", and each nickname of the first name with the last name. A surname alone is never a variant.
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

    /** Every variant of a person's name. */
    public static Set<List<String>> ofName(String name, Nicknames nicknames) {
        List<List<String>> w = words(name);
        Set<List<String>> out = new LinkedHashSet<>();
        if (w.isEmpty()) {
            return out;
        }
        out.add(flat(w));
        if (w.size() == 1) {
            return out;
        }
        List<String> first = w.get(0);
        List<String> last = w.get(w.size() - 1);
        List<List<String>> middle = w.subList(1, w.size() - 1);
        // initials exist in alphabetic scripts only: "山田 太郎" has no "山. 太郎"
        boolean initials = true;
        for (List<String> word : w) {
            initials &= WordBreaks.classOf(word.get(0).charAt(0)) == WordBreaks.LETTER;
        }
        List<String> fi = List.of(initial(first));
        List<List<String>> middleInitials = new ArrayList<>();
        for (List<String> m : middle) {
            middleInitials.add(List.of(initial(m)));
        }
        if (!middle.isEmpty()) {
            out.add(join(first, last));
            if (initials) {
                out.add(join(first, flat(middleInitials), last));
                out.add(join(fi, flat(middleInitials), last));
            }
            out.add(join(last, first, flat(middle)));
        }
        if (initials && (first.size() > 1 || first.get(0).length() > 1)) {
            out.add(join(fi, last));
            out.add(join(fi, flat(middle), last));
        }
        out.add(join(last, first));
        if (initials) {
            out.add(join(last, fi));
        }
        if (first.size() == 1) {
            for (String nick : nicknames.of(first.get(0))) {
                out.add(join(List.of(nick), last));
                if (!middle.isEmpty()) {
                    out.add(join(List.of(nick), flat(middle), last));
                }
            }
        }
        return out;
    }

    private static String initial(List<String> word) {
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
     * without middle names when it has three words or more. No initials and no nicknames: a romanized name is
     * already a weaker, more common form.
     */
    static Set<List<String>> romanized(String name) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String r : Romanizer.of(name)) {
            List<List<String>> w = words(r);
            if (w.size() < 2) {
                continue;
            }
            out.add(flat(w));
            List<List<String>> back = new ArrayList<>(w);
            java.util.Collections.reverse(back);
            out.add(flat(back));
            if (w.size() > 2) {
                out.add(join(w.get(0), w.get(w.size() - 1)));
                out.add(join(w.get(w.size() - 1), w.get(0)));
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
                String cased = mode == 0 ? t : mode == 1 ? t.toUpperCase(java.util.Locale.ROOT)
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

    /** An alias is matched as written (folded), without variants. */
    public static List<String> ofAlias(String alias) {
        return flat(words(alias));
    }

    private static List<String> flat(List<List<String>> words) {
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
