package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Name forms an outside tester found leaking (helper-94): a Spanish name of three words by its given name and first
 * surname ("Leocadio Berrocal", "Berrocal, Leocadio", "Leocadio Berrocal y Manzanedo"), a Vietnamese name's given
 * names without the family name (no finding: "minh triết" is also a word), a lower-case Arabic article as
 * registered and its other spellings, titles that are words in "Last, Title First", English given-name
 * abbreviations before a middle initial, Dutch particles written short without a space. Each is found whole and in
 * every chunking ({@link PeoplePipeline}); namesakes and ordinary words are left alone. All names invented.
 */
class OutsideTesterNameFormsTest {

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(List.of(
            person("p-lb", "Leocadio Berrocal Manzanedo"),
            person("p-ie", "Íñigo Echevarría Zubizarreta"),
            person("p-lm", "Leandro Montesinos Carrasquilla"),
            person("p-rc", "Remedios Amparo Castañeda Villalobos"),
            person("p-ms", "Mary Ann Thistlebrook"),
            person("p-jk", "John Kennedy Wexcombe"),
            person("p-jc", "Juan Carlos Ibarrondo"),
            person("p-wx", "Wang Xiaoming Zhou"),
            person("p-dt", "Đoàn Minh Triết"),
            person("p-th", "Tariq al-Haddadi"),
            person("p-yo", "Yasmin al-Ouazzani"),
            person("p-hw", "Hendrikus van der Wijngaarden"),
            person("p-cw", "Charles Wolverstone"),
            person("p-wt", "William Thistlethorpe"),
            person("p-bo", "Babatunde Oyelaran-Adeyemi"),
            person("p-gs", "Gianfranco Scarpellini")));

    private static Object[] person(String id, String name) {
        return new Object[] {id, new CompiledErasures.Spec(List.of(name), List.of(), null, null, null)};
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Leocadio Berrocal firmó.                  | [REDACTED] firmó.",
            "Don Leocadio Berrocal firmó.              | Don [REDACTED] firmó.",
            "Doña Remedios Castañeda llegó.            | Doña [REDACTED] llegó.",
            "Berrocal, Leocadio firmó.                 | [REDACTED] firmó.",
            "Leocadio Berrocal y Manzanedo firmó.      | [REDACTED] firmó.",
            "Leocadio Manzanedo firmó.                 | [REDACTED] firmó.",
            "Íñigo Echevarría firmó.                   | [REDACTED] firmó.",
            "Inigo Echevarria firmó.                   | [REDACTED] firmó.",
            "Echevarría, Íñigo firmó.                  | [REDACTED] firmó.",
            "Leandro Montesinos signed.                | [REDACTED] signed.",
            "Montesinos, Leandro signed.               | [REDACTED] signed.",
            "Remedios Castañeda firmó.                 | [REDACTED] firmó.",
            "Remedios Amparo Castañeda firmó.          | [REDACTED] firmó.",
            "Remedios Amparo Castañeda y Villalobos firmó. | [REDACTED] firmó.",
    })
    void aSpanishNameByItsFirstSurnameIsRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }

    /**
     * The Spanish forms need a Spanish-speaking or unknown country: a Brazilian subject (its country, or its phone's
     * calling code) is known by a compound given name ("João Vitor") and the last surname, not by the word before it.
     */
    private static final PeoplePipeline COUNTRIES = new PeoplePipeline(List.of(
            new Object[] {"p-jv", new CompiledErasures.Spec(List.of("João Vitor Franco"), List.of(), List.of(),
                    List.of("+55 35 7538-0562"), List.of(), List.of(), null)},
            new Object[] {"p-md", new CompiledErasures.Spec(List.of("Maria Eduarda Ribeiro"), List.of(), List.of(),
                    List.of(), List.of(), List.of(), "BR")},
            new Object[] {"p-lm", new CompiledErasures.Spec(List.of("Leandro Montesinos Carrasquilla"), List.of(),
                    List.of(), List.of("+52 55 1234 5678"), List.of(), List.of(), null)},
            new Object[] {"p-ug", new CompiledErasures.Spec(List.of("Uma Gupta"), List.of(), List.of(), List.of(),
                    List.of(), List.of(), null)}));

    /**
     * A given name that is a number word of some language ("Uma", Portuguese "one") stays a name beside a surname in
     * leetspeak (untuned evaluation, seed 8306624, dev: "Uma 9up7a" was read as digits once "uma" was a number word).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Uma 9up7a said so.                  | [REDACTED] said so.",
            "Uma Gupta said so.                  | [REDACTED] said so.",
    })
    void aGivenNameThatIsANumberWordStaysAName(String text, String expected) {
        assertThat(COUNTRIES.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "João Vitor chegou.                  | João Vitor chegou.",
            "Maria Eduarda chegou.               | Maria Eduarda chegou.",
            "João Franco chegou.                 | [REDACTED] chegou.",
            "Maria Eduarda Ribeiro chegou.       | [REDACTED] chegou.",
            "Leandro Montesinos firmó.           | [REDACTED] firmó.",
    })
    void theSpanishFormsFollowTheSubjectsCountry(String text, String expected) {
        assertThat(COUNTRIES.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // an English given name and middle name: another person's name as often
            "Mary Ann was late.",
            // particles are no middle names: Hendrikus van der Wijngaarden gives no "Hendrikus van der" (helper-98)
            "Hendrikus van der Berg woont er.",
            "Hendrikus van der Wal en Hendrikus van Dijk.",
            // "Don" before an initial is a given name: Donald W. Thistlethorpe, another person
            "Don W. Thistlethorpe wrote.",
            "Mary Ann Evans wrote novels.",
            "John Kennedy was president.",
            "Leocadio y Manzanedo",
            "Juan Carlos spoke.",
            "Carlos Ibarrondo spoke.",
            "Wang Xiaoming spoke.",
            // a surname alone, and another given name before it
            "Berrocal firmó.",
            "Haddadi said no.",
            "Karim el-Haddadi spoke.",
            // another surname before a title, and a title before another given name
            "Smith, Sir Charles signed.",
            "Wolverstone, Sir Robert signed.",
            // another given name's abbreviation before a middle initial, and two middle initials after one
            "Thos. H. Thistlethorpe wrote.",
            "Wm. H. Smith wrote.",
            // a Vietnamese name's given names alone: an ordinary word, and many people's given names
            "Minh Triết là một khái niệm.",
            "Nguyễn Minh Triết là chủ tịch nước.",
            "Minh Triet is a common name.",
    })
    void namesakesAndWordsAreLeftAlone(String text) {
        assertThat(PIPELINE.check(text, text)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Đoàn Minh Triết spoke.                    | [REDACTED] spoke.",
            "Doan, Minh Triet spoke.                   | [REDACTED] spoke.",
            "Đoàn, Minh Triết spoke.                   | [REDACTED] spoke.",
    })
    void aVietnameseNameIsRedactedWhole(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Yasmin al-Ouazzani spoke.                 | [REDACTED] spoke.",
            "Tariq al-Haddadi spoke.                   | [REDACTED] spoke.",
            "al-Haddadi, Tariq spoke.                  | [REDACTED] spoke.",
            "Al-Haddadi, Tariq spoke.                  | [REDACTED] spoke.",
            "Tarik al-Haddadi spoke.                   | [REDACTED] spoke.",
            "Tariq el-Haddadi spoke.                   | [REDACTED] spoke.",
            "Tariq Haddadi spoke.                      | [REDACTED] spoke.",
            "Wolverstone, Sir Charles signed.          | [REDACTED] signed.",
            "Wm. H. Thistlethorpe wrote.               | [REDACTED] wrote.",
            "Hendrikus v.d.Wijngaarden tekende.        | [REDACTED] tekende.",
            "Hendrikus van de Wijngaarden tekende.     | [REDACTED] tekende.",
            "Hendrikus van den Wijngaarden tekende.    | [REDACTED] tekende.",
            "Chas. E. Wolverstone wrote.               | [REDACTED] wrote.",
            "Oyelaran-Adeyemi, Chief Dr. Babatunde spoke. | [REDACTED] spoke.",
    })
    void otherFormsAreRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }
}
