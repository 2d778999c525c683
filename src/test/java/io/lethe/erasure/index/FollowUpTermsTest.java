package io.lethe.erasure.index;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which parts of a person's names become findings once the person is named. */
class FollowUpTermsTest {

    static final Nicknames COMMON = Nicknames.of(Map.of("john", Set.of("jack"), "jack", Set.of("john")));

    static Set<Long> hashes(long[][] terms) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (long[] t : terms) {
            long h = 0;
            for (long x : t) {
                h = h * 31 + x;
            }
            out.add(h);
        }
        return out;
    }

    static long seq(String... tokens) {
        long h = 0;
        for (String t : tokens) {
            h = h * 31 + Fold.foldedHash(t);
        }
        return h;
    }

    @Test
    void aSurnameAndADistinctiveGivenNameFollowUp() {
        assertThat(hashes(FollowUpTerms.of(List.of("Corwin Ashdale"), COMMON)))
                .containsExactlyInAnyOrder(seq("ashdale"), seq("ashdales"), seq("corwin"), seq("corwina"));
    }

    @Test
    void aCommonOrShortGivenNameNeverDoes() {
        // alone; glued to the surname's initial it is a user name ("johna@"; red team 16 N3), of four letters or more
        assertThat(hashes(FollowUpTerms.of(List.of("John Ashdale"), COMMON)))
                .containsExactlyInAnyOrder(seq("ashdale"), seq("ashdales"), seq("johna"));
        assertThat(hashes(FollowUpTerms.of(List.of("Ana Ashdale"), COMMON)))
                .containsExactlyInAnyOrder(seq("ashdale"), seq("ashdales"));
    }

    @Test
    void aHyphenatedSurnameFollowsUpWholeAndInItsLongParts() {
        assertThat(hashes(FollowUpTerms.of(List.of("Marisol Quenby-Okafor"), COMMON))).containsExactlyInAnyOrder(
                seq("quenby", "okafor"), seq("quenby"), seq("okafor"), seq("marisol"), seq("marisolq"));
        assertThat(hashes(FollowUpTerms.of(List.of("Basil Al-Kuwaiti"), COMMON)))
                .contains(seq("al", "kuwaiti"), seq("kuwaiti")).doesNotContain(seq("al"));
    }

    @Test
    void aCompoundSurnameWithoutAParticleFollowsUpAsAPairToo() {
        assertThat(hashes(FollowUpTerms.of(List.of("Wendelin Groot Haverkamp"), COMMON))).containsExactlyInAnyOrder(
                seq("groot", "haverkamp"), seq("haverkamp"), seq("haverkamps"), seq("wendelin"), seq("wendelinh"));
        // with a particle the surname is the particle's ("da Paz"), not the last two words
        assertThat(hashes(FollowUpTerms.of(List.of("Arthur Miguel da Paz"), COMMON)))
                .contains(seq("da", "paz")).doesNotContain(seq("miguel", "da"));
    }

    @Test
    void namesInIdeographsFollowUpByTheirWordsOrTheirGivenName() {
        assertThat(hashes(FollowUpTerms.of(List.of("王秀英"), COMMON))).containsExactly(seq("秀", "英"));
        assertThat(hashes(FollowUpTerms.of(List.of("三好 沙織"), COMMON)))
                .containsExactlyInAnyOrder(seq("三", "好"), seq("沙", "織"));
    }

    @Test
    void aSingleWordNameOrInitialsGiveNothingOnTheirOwn() {
        assertThat(FollowUpTerms.of(List.of("Madonna"), COMMON)).isEmpty();
        assertThat(hashes(FollowUpTerms.of(List.of("J. Ashdale"), COMMON)))
                .containsExactlyInAnyOrder(seq("ashdale"), seq("ashdales"));
    }

    @Test
    void aSurnamesPluralItsGluedParticlesAndItsDanishSpellingFollowUp() {
        // the family's plural or genitive without an apostrophe, "es" after a sibilant
        assertThat(hashes(FollowUpTerms.of(List.of("William Thistlethorpe"), COMMON))).contains(seq("thistlethorpes"));
        assertThat(hashes(FollowUpTerms.of(List.of("Corwin Ashdales"), COMMON))).contains(seq("ashdaleses"));
        // particles glued to the surname
        assertThat(hashes(FollowUpTerms.of(List.of("Hendrikus van der Wijngaarden"), COMMON)))
                .contains(seq("van", "der", "wijngaarden"), seq("vanderwijngaarden"));
        assertThat(hashes(FollowUpTerms.of(List.of("Yasmin El Ouazzani"), COMMON))).contains(seq("elouazzani"));
        // "aa" written "å"
        assertThat(hashes(FollowUpTerms.of(List.of("Ansgar Mortensgaard"), COMMON))).contains(seq("mortensgård"));
        // not for Cyrillic surnames (their cases are SlavicCases')
        assertThat(hashes(FollowUpTerms.of(List.of("Тимофей Жуковицкий"), COMMON))).doesNotContain(seq("жуковицкийs"));
    }
}
