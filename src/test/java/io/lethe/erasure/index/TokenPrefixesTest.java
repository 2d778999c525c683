package io.lethe.erasure.index;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefix filter never says "no" to a word that could still become a registered token (issue 12). */
class TokenPrefixesTest {

    @Provide
    Arbitrary<List<String>> tokens() {
        return Arbitraries.strings().withChars("abcdeilnorst").ofMinLength(3).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(40);
    }

    /** Every prefix of a registered token, and of the token with one or two edits, passes. */
    @Property(tries = 300)
    void noFalseNegatives(@ForAll("tokens") List<String> tokens, @ForAll long seed) {
        TokenPrefixes p = TokenPrefixes.of(tokens, tokens, tokens.stream().filter(t -> t.length() >= 9).toList());
        Random r = new Random(seed);
        for (String t : tokens) {
            int edits = t.length() >= 9 ? 2 : 1;
            String typo = t;
            for (int e = 0; e < edits; e++) {
                typo = edit(typo, r);
            }
            for (String w : List.of(t, t.toUpperCase(), edit(t, r), typo)) {
                for (int k = 1; k <= w.length(); k++) {
                    assertThat(p.couldBegin(w, 0, k, 2)).as("prefix %s of %s (token %s)", w.substring(0, k), w, t).isTrue();
                }
            }
            for (int k = 1; k <= t.length(); k++) {
                assertThat(p.couldBegin(t, 0, k, 0)).isTrue();
            }
        }
    }

    /** One edit: an insertion, a deletion, a substitution or two neighbours swapped. */
    static String edit(String w, Random r) {
        int i = r.nextInt(w.length());
        char c = (char) ('a' + r.nextInt(26));
        return switch (r.nextInt(4)) {
            case 0 -> w.substring(0, i) + c + w.substring(i);
            case 1 -> w.length() > 1 ? w.substring(0, i) + w.substring(i + 1) : w;
            case 2 -> w.substring(0, i) + c + w.substring(i + 1);
            default -> i + 1 < w.length() ? w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2) : w;
        };
    }

    @Test
    void wordsFarFromEveryTokenAreRuledOut() {
        TokenPrefixes p = TokenPrefixes.of(List.of("Ashdale", "Corwin", "Lindqvist"), List.of("Ashdale", "Corwin"),
                List.of("Lindqvist"));
        assertThat(p.couldBegin("Corw", 0, 4, 1)).isTrue();
        assertThat(p.couldBegin("Cprwin", 0, 6, 1)).isTrue();
        assertThat(p.couldBegin("Lnidqv", 0, 6, 2)).isTrue();
        assertThat(p.couldBegin("Thursday", 0, 8, 1)).isFalse();
        assertThat(p.couldBegin("because", 0, 7, 1)).isFalse();
        assertThat(p.couldBegin("Corwin", 0, 6, 0)).isTrue();
        assertThat(p.couldBegin("Cprwin", 0, 6, 0)).isFalse();
    }

    /** A token that takes one typo is not a reason to hold a word two edits from it, though another takes two. */
    @Test
    void eachTokenHoldsWordsOnlyWithinItsOwnTypoBudget() {
        TokenPrefixes p = TokenPrefixes.of(List.of("Corwin", "Lindqvist"), List.of("Corwin", "Lindqvist"),
                List.of("Lindqvist"));
        assertThat(p.couldBegin("xcorw", 0, 5, 2)).as("one insertion before Corwin").isTrue();
        assertThat(p.couldBegin("xycorw", 0, 6, 2)).as("two insertions: Corwin takes one").isFalse();
        assertThat(p.couldBegin("xylindq", 0, 7, 2)).as("two insertions: Lindqvist takes two").isTrue();
    }

    @Test
    void aSnapshotWrittenAndReadAgainAnswersTheSame() throws Exception {
        TokenPrefixes p = TokenPrefixes.of(List.of("Ashdale"), List.of("Ashdale"), List.of());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        p.writeTo(new java.io.DataOutputStream(bytes));
        TokenPrefixes q = TokenPrefixes.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        for (String w : List.of("Ash", "Asjd", "xyz", "Ashdale", "Mondays")) {
            assertThat(q.couldBegin(w, 0, w.length(), 1)).isEqualTo(p.couldBegin(w, 0, w.length(), 1));
        }
    }

    /**
     * Each typo budget's keys are kept apart: the budget was XORed into the hash's offset, where it met the first
     * char's XOR, so "b" with one typo had the key of "c" exact, and a word of letters no token has passed.
     */
    @Test
    void wordsOfOtherLettersAreRuledOutAtEveryBudget() {
        TokenPrefixes p = TokenPrefixes.of(List.of("corwin", "ashdale", "lindqvist"), List.of("corwin", "ashdale", "lindqvist"),
                List.of("lindqvist"));
        String other = "bfgjkmpuxyz";
        int held = 0;
        int words = 0;
        for (char a : other.toCharArray()) {
            for (char b : other.toCharArray()) {
                for (char c : other.toCharArray()) {
                    words++;
                    if (p.couldBegin("" + a + b + c, 0, 3, 2)) {
                        held++;
                    }
                }
            }
        }
        assertThat(held).as("false positives of %d words", words).isLessThan(words / 50);
    }

    /**
     * A name word of 7 or 8 letters is read with two edits only by a word of nine letters: two letters inserted
     * into a word of 7, one inserted (and perhaps one more edit) into a word of 8; never with two deletions of
     * its own.
     */
    @Test
    void aShortTwoTypoTokenHoldsOnlyWhatInsertionsCanMake() {
        TokenPrefixes p = TokenPrefixes.of(List.of("ashdale"), List.of("ashdale"), List.of("ashdale"), 9);
        assertThat(p.couldBegin("axyshd", 0, 6, 2)).as("two letters inserted").isTrue();
        assertThat(p.couldBegin("xyashd", 0, 6, 2)).as("two letters inserted first").isTrue();
        assertThat(p.couldBegin("axshdx", 0, 6, 2)).as("one inserted, one changed").isTrue();
        assertThat(p.couldBegin("kep", 0, 3, 2)).as("two of its own letters dropped").isFalse();
        TokenPrefixes two = TokenPrefixes.of(List.of("ashdale"), List.of(), List.of("ashdale"), 9);
        assertThat(two.couldBegin("asxdal", 0, 6, 2)).as("a letter changed: no word of nine letters reads so").isFalse();
        TokenPrefixes eight = TokenPrefixes.of(List.of("ashdales"), List.of("ashdales"), List.of("ashdales"), 9);
        assertThat(eight.couldBegin("asxdalesy", 0, 8, 2)).as("eight letters: one changed, one inserted").isTrue();
    }

    /**
     * One typo is read as the matcher reads it (Damerau distance 1), not as any two words that drop a char each
     * to the same form: "xa" is not "ay" (both less a char are "a", but they are two edits apart).
     */
    @Test
    void oneTypoIsOneEditNotTwoDeletions() {
        TokenPrefixes p = TokenPrefixes.of(List.of("corwin"), List.of("corwin"), List.of());
        assertThat(p.couldBegin("cxrwin", 0, 6, 1)).as("a substitution").isTrue();
        assertThat(p.couldBegin("crowin", 0, 6, 1)).as("a swap").isTrue();
        assertThat(p.couldBegin("corxwin", 0, 7, 1)).as("an insertion").isTrue();
        assertThat(p.couldBegin("corin", 0, 5, 1)).as("a deletion").isTrue();
        assertThat(p.couldBegin("xcrwin", 0, 6, 1)).as("two edits: o dropped, x inserted elsewhere").isFalse();
        assertThat(p.couldBegin("cowrxn", 0, 6, 1)).as("two edits").isFalse();
    }
}
