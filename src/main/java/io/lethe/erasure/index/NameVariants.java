package io.lethe.erasure.index;

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
