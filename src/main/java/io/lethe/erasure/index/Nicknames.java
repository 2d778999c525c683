package io.lethe.erasure.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Given-name ↔ nickname relations from a maintained public list shipped as a resource
 * ({@code nicknames/names.csv}, see {@code nicknames/SOURCE.md} and its licence). Relations are used both
 * ways: an erasure of "William Smith" also covers "Bill Smith", and one of "Bill Smith" covers "William Smith".
 */
public final class Nicknames {

    private static final String RESOURCE = "nicknames/names.csv";
    /**
     * Relations of the list between a man's name and the woman's name formed from it: two names, not one name
     * and its nickname ("Louis Michel" is not Louise Michel; the untuned evaluation's Europarl and namesake
     * sentences met exactly this pair at 100,000 registered people). Each is written once, either order.
     */
    private static final Set<String> GENDER_FORMS = Set.of("louis,louise", "andrew,andrea", "edwin,edwina",
            "justin,justina", "emil,emily", "claud,claudia", "frederick,frederica", "lucius,lucia",
            "theodosius,theodosia", "delius,delia", "ernest,ernestine", "clement,clementine", "august,augustine",
            "george,georgine");
    private static volatile Nicknames shipped;

    private final Map<String, Set<String>> related;

    private Nicknames(Map<String, Set<String>> related) {
        this.related = related;
    }

    /** The list shipped with Lethe (loaded once). */
    public static Nicknames shipped() {
        Nicknames n = shipped;
        if (n == null) {
            synchronized (Nicknames.class) {
                n = shipped;
                if (n == null) {
                    try (InputStream in = Nicknames.class.getResourceAsStream(RESOURCE)) {
                        n = in == null ? new Nicknames(Map.of()) : parse(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the nickname list", e);
                    }
                    shipped = n;
                }
            }
        }
        return n;
    }

    public static Nicknames of(Map<String, Set<String>> related) {
        return new Nicknames(related);
    }

    /**
     * Reads either layout the list has used: one row per name with its nicknames
     * ({@code "aaron","erin","ronnie",NA}) or one row per relation ({@code aaron,has_nickname,erin}).
     */
    static Nicknames parse(InputStream in) throws IOException {
        Map<String, Set<String>> rel = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                List<String> cells = cells(line);
                if (cells.size() > 1 && cells.get(1).equals("relationship")) {
                    continue;  // header of the triplet layout
                }
                if (cells.size() == 3 && cells.get(1).contains("_")) {
                    link(rel, cells.get(0), cells.get(2));
                } else if (!cells.isEmpty()) {
                    for (int i = 1; i < cells.size(); i++) {
                        link(rel, cells.get(0), cells.get(i));
                    }
                }
            }
        }
        return new Nicknames(rel);
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String raw : line.split(",")) {
            String c = raw.strip();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            if (!c.isEmpty() && !c.equals("NA")) {
                out.add(Fold.fold(c));
            }
        }
        return out;
    }

    private static void link(Map<String, Set<String>> rel, String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b) || a.equals("name")) {
            return;
        }
        if (GENDER_FORMS.contains(a + "," + b) || GENDER_FORMS.contains(b + "," + a)) {
            return;
        }
        if (!isWord(a) || !isWord(b)) {
            return;
        }
        rel.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        rel.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(a);
    }

    private static boolean isWord(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Fold.isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a folded given name is in the list (the list holds the common given names it relates). */
    public boolean isListed(String foldedGivenName) {
        return related.containsKey(foldedGivenName);
    }

    /** Folded names related to a folded given name (never the name itself). */
    public Set<String> of(String foldedGivenName) {
        return related.getOrDefault(foldedGivenName, Set.of());
    }

    /** Every folded given name and nickname of the list. */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(related.keySet());
    }

    public int size() {
        return related.size();
    }
}
