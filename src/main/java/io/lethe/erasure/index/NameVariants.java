package io.lethe.erasure.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a person's name takes in prose, as token sequences (folded): "First Middle Last",
 * "First Last", "First M. Last", "F. Last", "F. M. Last", "Last, First", "Last, First Middle",
 * "Last, F.", and each nickname of the first name with the last name. A surname alone is never a variant.
 */
public final class NameVariants {

    private NameVariants() {
    }

    /** Splits a name into words, each word into folded tokens ("Al-Kuwaiti" → [al, kuwaiti]). */
    static List<List<String>> words(String name) {
        List<List<String>> words = new ArrayList<>();
        for (String w : name.strip().split("\\s+")) {
            List<String> tokens = tokens(w);
            if (!tokens.isEmpty()) {
                words.add(tokens);
            }
        }
        return words;
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && !Fold.isTokenChar(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && Fold.isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(Fold.fold(s.substring(start, i)));
            }
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
        List<String> fi = List.of(first.get(0).substring(0, 1));
        List<List<String>> middleInitials = new ArrayList<>();
        for (List<String> m : middle) {
            middleInitials.add(List.of(m.get(0).substring(0, 1)));
        }
        if (!middle.isEmpty()) {
            out.add(join(first, last));
            out.add(join(first, flat(middleInitials), last));
            out.add(join(fi, flat(middleInitials), last));
            out.add(join(last, first, flat(middle)));
        }
        if (first.size() > 1 || first.get(0).length() > 1) {
            out.add(join(fi, last));
            out.add(join(fi, flat(middle), last));
        }
        out.add(join(last, first));
        out.add(join(last, fi));
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
