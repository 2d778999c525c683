package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name forms an outside tester found passing: the initials of a hyphenated given name ("J.-B."), a title between
 * a surname-first name's surname and given name ("Thorvaldsen-Krüger, Dr. Ansgar"), an alias's given name with
 * the registered surname, the English abbreviations of given names ("Wm."), and the genitive of a hyphenated
 * surname as a follow-up ("Thorvaldsen-Krügers"). Each is found whole and in every chunking ({@link
 * PeoplePipeline}); namesakes and single weakened steps stacked are left alone. All names invented.
 */
class AbbreviatedNameFormsTest {

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(List.of(
            person("p-jb", "Jean-Baptiste Lefèvre-Darcourt", null),
            person("p-at", "Ansgar Thorvaldsen-Krüger", null),
            person("p-pr", "Priyanka Raghunathan", null),
            person("p-oa", "Oluwaseun Adebayo-Okonkwo", "Seun Okonkwo"),
            person("p-wa", "William Ashcombe", null),
            person("p-je", "José María Echeverría Olaizola", null),
            person("p-jd", "Joaquim Manuel Durões Bairrada", null),
            person("p-mb", "José Manuel Durão Barroso", null)));

    private static Object[] person(String id, String name, String alias) {
        return new Object[] {id, new CompiledErasures.Spec(List.of(name), alias == null ? List.of() : List.of(alias),
                null, null, null)};
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "J.-B. Lefèvre-Darcourt wrote it.                   | [REDACTED] wrote it.",
            "J.B. Lefèvre-Darcourt wrote it.                    | [REDACTED] wrote it.",
            "JB Lefèvre-Darcourt wrote it.                      | [REDACTED] wrote it.",
            "J. Lefèvre-Darcourt wrote it.                      | [REDACTED] wrote it.",
            "A. Thorvaldsen-Krüger wrote it.                    | [REDACTED] wrote it.",
            "Thorvaldsen-Krüger, Dr. Ansgar presented.          | [REDACTED] presented.",
            "RAGHUNATHAN, Dr Priyanka presented.                | [REDACTED] presented.",
            "Raghunathan, Prof. Dr. Priyanka presented.         | [REDACTED] presented.",
            "Prof. Dr. Thorvaldsen-Krüger, Ansgar presented.    | Prof. Dr. [REDACTED] presented.",
            "Seun Adebayo-Okonkwo gave the talk.                | [REDACTED] gave the talk.",
            "Seun Okonkwo gave the talk.                        | [REDACTED] gave the talk.",
            "Wm. Ashcombe signed the deed.                      | [REDACTED] signed the deed.",
            "Letter from Ashcombe, Wm. arrived.                 | Letter from [REDACTED]. arrived.",
            // an en dash for the hyphen, as typesetting writes it (helper-86)
            "Signed J.–B. Lefèvre-Darcourt today.               | Signed [REDACTED] today.",
            "I met Seun Adebayo–Okonkwo yesterday.              | I met [REDACTED] yesterday.",
            // two surnames without the second: Spanish drops the last, Portuguese the one before it (helper-81)
            "I met José María Echeverría yesterday.             | I met [REDACTED] yesterday.",
            "Joaquim Manuel Bairrada spoke.                     | [REDACTED] spoke.",
            "José María Echeverría Olaizola came. Later Echeverría said no. | [REDACTED] came. Later [REDACTED] said no.",
            "Ansgar Thorvaldsen-Krüger kam. Thorvaldsen-Krügers Frau blieb. | [REDACTED] kam. [REDACTED] Frau blieb.",
            // surname first with every given name and initial: no part of the given names left behind (outside
            // tester, helper-87)
            "I met Adebayo-Okonkwo, Seun yesterday.             | I met [REDACTED] yesterday.",
            "Disse Barroso, José Manuel em Lisboa.              | Disse [REDACTED] em Lisboa.",
            "Disse Bairrada, Joaquim Manuel em Lisboa.          | Disse [REDACTED] em Lisboa.",
            "Disse Durão Barroso, José Manuel em Lisboa.        | Disse [REDACTED] em Lisboa.",
            "Lo dijo Echeverría, José María en Madrid.          | Lo dijo [REDACTED] en Madrid.",
            "Lo dijo Echeverría Olaizola, José María en Madrid. | Lo dijo [REDACTED] en Madrid.",
            // (the dot after a last initial is left, as after "Grandin, A.": it may end the sentence)
            "Signed Lefèvre-Darcourt, J.-B. today.              | Signed [REDACTED]. today.",
            "Signed Lefèvre-Darcourt, J.B. today.               | Signed [REDACTED]. today.",
            "Signed Lefèvre-Darcourt, JB today.                 | Signed [REDACTED] today.",
            // a word that runs on far past the term is no name's: the term alone, so a stream holds no more
            "Ansgar Thorvaldsen-Krüger kam. Thorvaldsen-abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij blieb. | [REDACTED] kam. [REDACTED]-abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij blieb.",
    })
    void theFormsAreRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text.strip(), expected.strip())).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // another person's initials, title or abbreviation, and a surname alone
            "J.-P. Lefèvre wrote it.",
            "M.B. Darcourt wrote it.",
            "Thorvaldsen, Dr. Erik presented.",
            "Smith, Dr. Priyanka presented.",
            "Dr. Raghunathan presented.",
            "Chas. Ashcombe signed the deed.",
            "Wm. Smith signed the deed.",
            "Seun Adebayo gave the talk.",
            "Seun Okafor gave the talk.",
            // two weakening steps stacked: an abbreviation before another name's start
            "Wm. Ashcombe Porter signed the deed.",
            "Thorvaldsen-Krügers Frau blieb.",
            // another José María, and the father's surname before anyone is named
            "José María Echeverri spoke.",
            "José María Aznar spoke.",
            "Echeverría said no.",
            "José Manuel Bairrada spoke.",
            "Echeverría, José spoke.",
            "Okonkwo, Ngozi spoke.",
            "Barroso, Manuel spoke.",
    })
    void namesakesAndStackedStepsAreLeftAlone(String text) {
        assertThat(PIPELINE.check(text, text)).isNull();
    }
}
