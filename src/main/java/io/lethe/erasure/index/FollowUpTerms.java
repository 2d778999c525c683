package io.lethe.erasure.index;

import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a person's names that identify them on their own once the response has named them ("Corwin
 * Ashdale wrote the novel. Ashdale later moved to Boston."): follow-up mentions (issue 11). Kept as folded
 * token-hash sequences, never as text:
 * <ul>
 *   <li>the surname: the last word of a name of two words or more, with its particles too ("da Paz", "Le
 *       Gall", see {@link NameVariants#isParticle}), the last two words of a name of three words or more
 *       ("Groot Wassink", "García Márquez"), and each part of a hyphenated or compound surname of
 *       {@value #MIN_PART} letters or more ("Quenby-Okafor": Quenby-Okafor, Quenby, Okafor);</li>
 *   <li>a distinctive given name: the first word, of {@value #MIN_GIVEN} letters or more, that is not a common
 *       given name (the shipped nickname list's names: a common given name alone never triggers);</li>
 *   <li>names written in ideographs or kana: each word of two characters or more of a name written with a
 *       space (三好 沙織: 三好, 沙織); a name written without one (王秀英) gives its given name after the
 *       one-character surname (秀英) — the one-character surname alone would be everyone's.</li>
 *   <li>a user name of the given name and the surname's initial glued after it ("mirandaq").</li>
 *   <li>the terms of a Russian name's Latin spellings ({@link io.lethe.text.Romanizer}: "Zhukovitskiy"), and
 *       a Russian surname's family plural ("Жуковицкие", "у Жуковицких").</li>
 *   <li>the surname of a Russian, Polish, Czech or Slovak name in its other cases ({@link SlavicCases}:
 *       "Ксенофонтова"), a distinctive given name in its cases too ("Zdeňkovi"), and a Czech or Slovak
 *       surname's possessive adjective and family plural ("Příhodova", "Příhodův", "Příhodovým").</li>
 *   <li>the father's surname of a name of four words or more ("Echeverría" for José María Echeverría Olaizola),
 *       unless a common given name.</li>
 * </ul>
 * Initials never count alone. The local number of a phone of the North American plan (without its area code) is a
 * term too ({@link #localNumberTerms}).
 */
public final class FollowUpTerms {

    static final int MIN_PART = 4;
    static final int MIN_GIVEN = 5;
    /** Fewest letters of a given name whose user name with the surname's initial glued is a term ("mirandaq"). */
    static final int MIN_GLUED_GIVEN = 4;

    private FollowUpTerms() {
    }

    /**
     * A person's follow-up terms ({@link #of}) and their first words' prefixes ({@link #firstWordPrefixes}), the
     * names expanded once for both (a registry compile does it for every person).
     */
    public record Compiled(long[][] terms, long[] firstWordPrefixes) {
    }

    /** Both at once, from one expansion of the names. */
    public static Compiled compile(List<String> names, Nicknames common) {
        return compile(names, List.of(), common);
    }

    /**
     * Both at once, with the local numbers of the person's phones ({@link #localNumberTerms}) among the terms.
     *
     * @param localNumbers subscriber numbers ({@link PhoneKeys#localNumber}), ASCII digits
     */
    public static Compiled compile(List<String> names, List<String> localNumbers, Nicknames common) {
        return compile(names, localNumbers, common, null);
    }

    /**
     * {@link #compile(List, List, Nicknames)} of a subject of {@code country} (ISO 3166-1 alpha-2, or null), whose
     * names' case forms follow its language where their letters tell none ({@link SlavicCases#of}).
     */
    public static Compiled compile(List<String> names, List<String> localNumbers, Nicknames common, String country) {
        Set<List<String>> terms = terms(names, common, country);
        terms.addAll(localNumberTerms(localNumbers));
        return new Compiled(hashes(terms), prefixes(terms));
    }

    /**
     * A subscriber number written without its area code ("Her cell is 555-0142", 7 of the 10 digits of
     * +1 415 555 0142; red team 15 R3) names no one by itself, but after the person is named it is their number:
     * as one token ("5550142") and as exchange and line ("555-0142", "555 0142").
     */
    static Set<List<String>> localNumberTerms(List<String> localNumbers) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String n : localNumbers) {
            out.add(List.of(n));
            if (n.length() == 7) {
                out.add(List.of(n.substring(0, 3), n.substring(3)));
            }
        }
        return out;
    }

    /** The follow-up terms of a person with these names, as token-hash sequences (empty when none). */
    public static long[][] of(List<String> names, Nicknames common) {
        return hashes(terms(names, common, null));
    }

    private static long[][] hashes(Set<List<String>> terms) {
        long[][] out = new long[terms.size()][];
        int i = 0;
        for (List<String> t : terms) {
            long[] seq = new long[t.size()];
            for (int k = 0; k < seq.length; k++) {
                seq[k] = Fold.foldedHash(t.get(k));
            }
            out[i++] = seq;
        }
        return out;
    }

    /**
     * The hashes ({@link Fold#tokenHash}) of every prefix of the first word of each of the person's terms: a
     * stream holds a word still being written only while it could begin a term ({@link FollowUpCursor}).
     */
    public static long[] firstWordPrefixes(List<String> names, Nicknames common) {
        return prefixes(terms(names, common, null));
    }

    private static long[] prefixes(Set<List<String>> terms) {
        java.util.Set<Long> out = new java.util.LinkedHashSet<>();
        for (List<String> t : terms) {
            String first = t.get(0);
            for (int k = 1; k <= first.length(); k++) {
                out.add(Fold.tokenHash(first, 0, k));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static Set<List<String>> terms(List<String> names, Nicknames common, String country) {
        Set<List<String>> terms = new LinkedHashSet<>();
        List<String> all = new java.util.ArrayList<>(names);
        for (String name : names) {
            all.addAll(NameVariants.spellings(name));  // "Schaefer" after "Cheyenne Schäfer"
            // a Russian name's Latin spellings ("Zhukovitskiy" after "Timofey Zhukovitskiy" for Тимофей
            // Жуковицкий; outside tester, helper-95), in the name's order; other scripts' put the family first
            if (NameVariants.cyrillic(name)) {
                all.addAll(io.lethe.text.Romanizer.of(name));
            }
            String merged = mergedDigraphs(name);
            if (merged != null) {
                all.add(merged);  // "Mortensgård" after "Ansgar Mortensgaard"
            }
        }
        for (String name : all) {
            List<List<String>> words = NameVariants.words(name);
            if (words.isEmpty()) {
                continue;
            }
            if (words.size() == 1) {
                List<String> only = words.get(0);
                if (only.size() >= 3 && ideographic(only)) {
                    terms.add(List.copyOf(only.subList(1, only.size())));
                }
                continue;
            }
            List<String> last = words.get(words.size() - 1);
            List<String> first = words.get(0);
            if (ideographic(last) || ideographic(first)) {
                for (List<String> w : words) {
                    if (letters(w) >= 2) {
                        terms.add(List.copyOf(w));
                    }
                }
                continue;
            }
            if (letters(last) >= 2) {
                terms.add(List.copyOf(last));
            }
            // the family's plural or genitive, no apostrophe ("the Thistlethorpes", "Größenbäumers Frau"; outside
            // tester, helper-96): a Latin-script surname of one token, written once the person is named
            if (last.size() == 1 && last.get(0).length() >= MIN_PART && latin(last.get(0))) {
                terms.add(List.of(plural(last.get(0))));
            }
            int s = NameVariants.surnameStart(words);
            if (s < words.size() - 1) {
                List<String> particled = NameVariants.flat(words.subList(s, words.size()));
                terms.add(particled);  // "da Paz", "Le Gall"
                if (latin(String.join("", particled))) {
                    // the particles glued to the surname ("Elouazzani", "Vanderwijngaarden")
                    terms.add(List.of(String.join("", particled)));
                }
            } else if (words.size() >= 3 && letters(words.get(words.size() - 2)) >= 2) {
                // a compound surname without a particle ("Groot Wassink", "García Márquez"): written as a pair
                // later, the last word alone reads as another person's name after a capitalized word
                terms.add(NameVariants.flat(words.subList(words.size() - 2, words.size())));
            }
            // the surname in its other cases, once the person is named ("Ксенофонтова", "Wróblewskiej-Kęsickiej",
            // "Kęsickiej"; red team 17 R17-3): the same surname as the language writes it
            boolean distinctiveGiven = first.size() == 1 && first.get(0).length() >= MIN_GIVEN
                    && !common.isListed(first.get(0));
            for (List<List<String>> c : SlavicCases.of(name, words, s, country)) {
                // a distinctive given name is a term, and so are its cases ("Zdeňkovi jsme volali"; outside
                // tester, helper-87)
                if (distinctiveGiven && c.get(0).size() == 1) {
                    terms.add(List.copyOf(c.get(0)));
                }
                List<String> inflected = c.get(c.size() - 1);
                terms.add(List.copyOf(inflected));
                // behind the given name's initial ("B. Vondráčka", "Т. Жуковицкого"; outside tester, helper-95):
                // the person named, where the inflected surname alone would be read as another's name
                if (first.get(0).length() > 1) {
                    List<String> initialed = new ArrayList<>(inflected);
                    initialed.add(0, NameVariants.initial(first));
                    terms.add(List.copyOf(initialed));
                }
                for (String part : inflected.size() > 1 ? inflected : List.<String>of()) {
                    if (part.length() >= MIN_PART) {
                        terms.add(List.of(part));
                    }
                }
            }
            // a Czech or Slovak surname's possessive adjective and family plural ("Příhodova žena", "Příhodův
            // syn", "k Příhodovým"; outside tester, helper-87): the family of the person named
            for (String p : SlavicCases.surnamePossessives(name, words, country)) {
                terms.add(List.of(p));
            }
            // the father's surname of a name with two ("Echeverría" for José María Echeverría Olaizola: Spanish
            // writes it alone once the person is named; outside tester, helper-81): the word before the last of a
            // name of four words or more, unless a common given name or a particle
            if (s == words.size() - 1 && words.size() >= 4 && !NameVariants.familyNameFirst(words)) {
                List<String> father = words.get(words.size() - 2);
                if (father.size() == 1 && father.get(0).length() >= MIN_PART && !common.isListed(father.get(0))
                        && !NameVariants.isParticle(father.get(0))) {
                    terms.add(List.copyOf(father));
                }
            }
            if (last.size() > 1) {
                for (String part : last) {
                    if (part.length() >= MIN_PART) {
                        terms.add(List.of(part));
                    }
                }
            }
            if (first.size() == 1 && first.get(0).length() >= MIN_GIVEN && !common.isListed(first.get(0))) {
                terms.add(List.copyOf(first));
            }
            // a user name of the given name and the surname's initial ("mirandaq@"; red team 16 N3): too weak to
            // name anyone alone, it is the person's once they are named
            if (first.size() == 1 && first.get(0).length() >= MIN_GLUED_GIVEN && letters(last) >= 2) {
                terms.add(List.of(first.get(0) + last.get(0).charAt(0)));
            }
        }
        return terms;
    }

    /** A surname's plural or genitive without an apostrophe: "s", or "es" after a sibilant ("Joneses"). */
    private static String plural(String surname) {
        char c = surname.charAt(surname.length() - 1);
        return surname + (c == 's' || c == 'x' || c == 'z' || c == 'ß' ? "es" : "s");
    }

    /** Whether a word is written in Latin letters only (the plural and glued forms are those languages'). */
    private static boolean latin(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isLetter(c) || Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    /**
     * A Latin-script name with "aa" written "å" ("Mortensgaard", "Mortensgård"), the Danish and Norwegian spelling
     * the registered one transcribes; null when it has none. Follow-up terms only: the name matcher's typo
     * tolerance already finds the full name so written.
     */
    static String mergedDigraphs(String name) {
        if (!name.contains("aa") || !latin(name.replace(" ", "").replace("-", ""))) {
            return null;
        }
        return name.replace("aa", "\u00E5");
    }

    private static boolean ideographic(List<String> word) {
        for (String t : word) {
            for (int i = 0; i < t.length(); i++) {
                int cls = WordBreaks.classOf(t.charAt(i));
                if (cls == WordBreaks.IDEOGRAPH || cls == WordBreaks.HIRAGANA || cls == WordBreaks.KATAKANA) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int letters(List<String> word) {
        int n = 0;
        for (String t : word) {
            n += t.length();
        }
        return n;
    }
}
