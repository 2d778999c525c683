package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Surnames with particles ("da Paz", "van der Berg", "Le Gall", "bin Rashid"): the particles belong to the
 * surname in every form — initials, "Last, First", follow-up mentions — so no part of the name is left
 * behind (a partial leak) and "A. da Paz" is found as "A. Paz" would be. All names invented.
 */
class SurnameParticlesTest {

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(List.of(
            person("p-paz", "Arthur Miguel da Paz"),
            person("p-reis", "Duarte dos Reis"),
            person("p-rosa", "Quirino De Rosa"),
            person("p-gall", "Lilou Le Gall"),
            person("p-berg", "Maartje van der Berghuis"),
            person("p-rashid", "Tariq bin Rashidov"),
            person("p-luca", "Romilda De lucarelli"),
            person("p-guerra", "Diana Guerra"),
            person("p-hoeven", "Marieke van der Hoeven"),
            person("p-idrissi", "Fatima Zahra El Idrissi")));

    private static Object[] person(String id, String name) {
        return new Object[] {id, new CompiledErasures.Spec(List.of(name), null, null, null, null)};
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "The letter was signed by da Paz, Arthur Miguel and sent on. | The letter was signed by [REDACTED] and sent on.",
            "Yes, A. da Paz was one of the founders.                     | Yes, [REDACTED] was one of the founders.",
            "Yes, A. M. da Paz was one of the founders.                  | Yes, [REDACTED] was one of the founders.",
            "Arthur da Paz wrote it.                                     | [REDACTED] wrote it.",
            "D dos Reis joined the board in 2014.                        | [REDACTED] joined the board in 2014.",
            "Dos Reis, Duarte joined the board.                          | [REDACTED] joined the board.",
            "M. van der Berghuis spoke first.                            | [REDACTED] spoke first.",
            "T. bin Rashidov signed.                                     | [REDACTED] signed.",
            // a surname registered with a lower-case word after its particle, behind an initial
            "R. De lucarelli later moved abroad.                         | [REDACTED] later moved abroad.",
            "Diana Guerra wrote it; later Di Guerra spoke.              | [REDACTED] wrote it; later [REDACTED] spoke.",
            "Yes, da Paz, Arthur was one of the founders.               | Yes, [REDACTED] was one of the founders.",
            // Dutch particles written short, and a particle glued to its surname (outside tester)
            "M. v.d. Hoeven spoke first.                                 | [REDACTED] spoke first.",
            "Marieke vd Hoeven spoke first.                              | [REDACTED] spoke first.",
            "Marieke v/d Hoeven spoke first.                             | [REDACTED] spoke first.",
            "M. v. d. Hoeven spoke first.                                | [REDACTED] spoke first.",
            "Fatima-Zahra Elidrissi spoke first.                         | [REDACTED] spoke first.",
            "Fatima Zahra Elidrissi spoke first.                         | [REDACTED] spoke first.",
            "Fatima Elidrissi spoke first.                               | [REDACTED] spoke first.",
            // the particle surname follows a mention of the person
            "Quirino De Rosa co-wrote it; De Rosa also gave the keynote. | [REDACTED] co-wrote it; [REDACTED] also gave the keynote.",
            "Lilou Le Gall bought the house, and Le Gall sold it.        | [REDACTED] bought the house, and [REDACTED] sold it.",
            "Arthur Miguel da Paz left; later da Paz came back.          | [REDACTED] left; later [REDACTED] came back.",
    })
    void theParticlesAreRedactedWithTheSurname(String text, String expected) {
        assertThat(PIPELINE.check(text.strip(), expected.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // a follow-up term written as part of another person's name is that person's
            "Arthur Miguel da Paz left; Maria da Paz stayed.            | [REDACTED] left; Maria da Paz stayed.",
            "Duarte dos Reis spoke; dos Reis Street is long.            | [REDACTED] spoke; dos Reis Street is long.",
            "Lilou Le Gall sang, and later Le Gall danced.              | [REDACTED] sang, and later [REDACTED] danced.",
            "Lilou Le Gall sang. Then Yann Le Gall danced.              | [REDACTED] sang. Then Yann Le Gall danced.",
    })
    void followUpsWrittenAsAnotherPersonsNameAreNotFindings(String text, String expected) {
        assertThat(PIPELINE.check(text.strip(), expected.strip())).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "They ate da pasta and talked about the dos and don'ts.",
            "Le Gall is a surname from Brittany.",            // no mention before: a surname alone is not a finding
            "Rosa and Paz are common words in Spanish.",
            "Arthur Miguel left; later da pasta was served.",  // the particle before a lower-case word is not a name
            // "Di" is Diana's nickname and a particle: in lower case before a lower-case word it is prose (seed
            // 1618033's dev split at 100,000 people: "una situazione di guerra" for Diana Guerra)
            "Siamo in una situazione di guerra con queste persone.",
            "l'aggiunta di grassi vegetali diversi dal burro",
            // the short particles with another given name, or alone, are no one's
            "Pieter vd Hoeven spoke first.",
            "The v.d. Hoeven family spoke first.",
    })
    void particlesAndSurnamesAloneAreNotFindings(String text) {
        assertThat(PIPELINE.check(text, text)).isNull();
    }
}
