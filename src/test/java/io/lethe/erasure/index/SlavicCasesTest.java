package io.lethe.erasure.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The case forms of Russian and Polish names and the patronymic shape (red team 17; names invented). */
class SlavicCasesTest {

    @Test
    void aRussianNameTakesEachCaseInEveryWord() {
        assertThat(NameVariants.inflections("Святослав Ксенофонтов").keySet()).contains(
                List.of("святослава", "ксенофонтова"), List.of("святославу", "ксенофонтову"),
                List.of("святославом", "ксенофонтовым"), List.of("святославе", "ксенофонтове"),
                List.of("ксенофонтова", "святослава"));
        // adjectival and feminine surnames, a soft given name
        assertThat(NameVariants.inflections("Андрей Белый").keySet()).contains(List.of("андрея", "белого"));
        assertThat(NameVariants.inflections("Анна Ковалевская").keySet()).contains(List.of("анну", "ковалевскую"));
        // a surname in -енко is not declined
        assertThat(NameVariants.inflections("Игорь Шевченко").keySet()).contains(List.of("игоря", "шевченко"));
    }

    @Test
    void aPolishNameTakesEachCaseAndBothHalvesOfADoubleSurname() {
        assertThat(NameVariants.inflections("Żaneta Wróblewska-Kęsicka").keySet()).contains(
                List.of("zanety", "wroblewskiej", "kesickiej"), List.of("zanecie", "wroblewskiej", "kesickiej"),
                List.of("zanete", "wroblewska", "kesicka"));
        assertThat(NameVariants.inflections("Jan Kowalski").keySet()).contains(List.of("jana", "kowalskiego"));
    }

    @Test
    void otherNamesAndOneWordHaveNoCases() {
        assertThat(NameVariants.inflections("Miranda Quillsworth")).isEmpty();
        assertThat(NameVariants.inflections("Святослав")).isEmpty();
        assertThat(NameVariants.inflections("Nguyễn Thị Hoàng Yến")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Игоревич", "Игоревича", "Игоревичем", "Игоревна", "Игоревной", "Игоревну", "Кузьмична",
            "Ильич", "Igorevich", "Igorevna", "Ivanovichem", "Nikolaevna", "Ilyinichna"})
    void patronymicsInAnyCase(String word) {
        assertThat(NameVariants.patronymic(word, 0, word.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sandwich", "Ostrowicz", "Bich", "Elizabeth", "Ивана", "Ночь", "Vienna", "Овна"})
    void otherWordsAreNoPatronymics(String word) {
        assertThat(NameVariants.patronymic(word, 0, word.length())).isFalse();
    }
}
