package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follow-up forms an outside tester found leaking after a full mention (helper-96): the surname's plural or
 * genitive without an apostrophe, particles glued to the surname, an alias's surname and a Danish "å" for a
 * registered "aa". Each is redacted whole and in every chunking of 1 to 7 chars ({@link PeoplePipeline#check});
 * without a full mention first, and written lower-case, nothing is.
 */
class FollowUpFormsTest {

    static CompiledErasures.Spec person(String name, String... aliases) {
        return new CompiledErasures.Spec(List.of(name), List.of(aliases), null, null, null, null);
    }

    /** Invented people. */
    static final PeoplePipeline PIPELINE = new PeoplePipeline(List.of(
            new Object[] {"p-william", person("William Thistlethorpe")},
            new Object[] {"p-ansgar", person("Ansgar Mortensgaard")},
            new Object[] {"p-siddharth", person("Siddharth Venkataraghavan")},
            new Object[] {"p-juergen", person("Jürgen Größenbäumer")},
            new Object[] {"p-yasmin", person("Yasmin El Ouazzani")},
            new Object[] {"p-hendrikus", person("Hendrikus van der Wijngaarden")},
            new Object[] {"p-zhiyuan", person("欧阳志远", "Ouyang Zhiyuan")},
            new Object[] {"p-rio", person("鷹司 璃桜", "Rio Takatsukasa")}));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', value = {
            "William Thistlethorpe came. Later the Thistlethorpes left. # [REDACTED] came. Later the [REDACTED] left.",
            "Ansgar Mortensgaard came, and the Mortensgaards. # [REDACTED] came, and the [REDACTED].",
            "Siddharth Venkataraghavan came. The Venkataraghavans left. # [REDACTED] came. The [REDACTED] left.",
            "Jürgen Größenbäumer kam. Später ging Größenbäumers Frau, und die Größenbäumers auch."
                    + " # [REDACTED] kam. Später ging [REDACTED] Frau, und die [REDACTED] auch.",
            "Yasmin El Ouazzani came. Later Elouazzani left. # [REDACTED] came. Later [REDACTED] left.",
            "Hendrikus van der Wijngaarden came. Later Vanderwijngaarden left. # [REDACTED] came. Later [REDACTED] left.",
            "Ouyang Zhiyuan came. Later Ouyang left. # [REDACTED] came. Later [REDACTED] left.",
            "Rio Takatsukasa came. Later Takatsukasa left. # [REDACTED] came. Later [REDACTED] left.",
            "Ansgar Mortensgaard came. Then Mortensgård left. # [REDACTED] came. Then [REDACTED] left.",
    })
    void aFollowUpFormAfterAFullMentionIsRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // no full mention first
            "Later the Thistlethorpes left.",
            "Später ging Größenbäumers Frau.",
            "Later Vanderwijngaarden left.",
            "Later Takatsukasa left.",
            // another person's name after a common given name
            "William Thistlethorpe came. Then Peter Thistlethorpes left.",
    })
    void otherwiseNothingNewIsRedacted(String text) {
        String out = PIPELINE.whole(text);
        if (text.startsWith("William")) {
            assertThat(out).startsWith("[REDACTED] came. Then Peter Thistlethorpes");
        } else {
            assertThat(PIPELINE.check(text, text)).isNull();
        }
    }

    @org.junit.jupiter.api.Test
    void anAliasGivesTheEntryItsTermsToo() {
        var subject = new Erasure.Subject(List.of("鷹司 璃桜"), List.of("Rio Takatsukasa"), null, null, null, "JP");
        var e = new Erasure("e1", Erasure.ACTIVE, subject, null, null, null, null, null, null, null, false, null, null);
        java.util.Set<List<Long>> terms = new java.util.HashSet<>();
        for (long[] t : ErasureStage.Entry.of(e).followUps()) {
            terms.add(java.util.Arrays.stream(t).boxed().toList());
        }
        for (long[] t : io.lethe.erasure.index.FollowUpTerms.of(List.of("Rio Takatsukasa"),
                io.lethe.erasure.index.Nicknames.shipped())) {
            assertThat(terms).contains(java.util.Arrays.stream(t).boxed().toList());
        }
    }
}
