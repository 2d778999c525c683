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
    void aCzechOrSlovakNameTakesEachCaseWithItsFleetingE() {
        assertThat(NameVariants.inflections("Zdeněk Příhoda").keySet()).contains(
                List.of("zdenka", "prihody"), List.of("zdenkovi", "prihodovi"), List.of("zdenkem", "prihodou"),
                List.of("zdenku", "prihodo"), List.of("zdenka", "prihodu"), List.of("prihody", "zdenka"))
                // in agreement only: the given name in a case never stands before the surname as registered
                .doesNotContain(List.of("zdenka", "prihoda"));
        assertThat(NameVariants.inflections("Jana Nováková").keySet()).contains(
                List.of("jany", "novakove"), List.of("jane", "novakove"), List.of("janou", "novakovou"));
        assertThat(NameVariants.inflections("Ľubomír Hrdina").keySet()).contains(List.of("lubomirom", "hrdinom"));
        // Croatian and Spanish names are not read as Czech
        assertThat(NameVariants.inflections("Ivan Horvat")).isEmpty();
        assertThat(NameVariants.inflections("José García")).isEmpty();
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

    @Test
    void aLatinNameTakesItsCountrysCasesOnlyWhereItsLettersTellNone() {
        assertThat(NameVariants.inflections("Dalibor Kroupa").keySet()).isEmpty();
        assertThat(NameVariants.inflections("Dalibor Kroupa", "CZ").keySet()).contains(
                List.of("daliborovi", "kroupovi"), List.of("dalibora", "kroupy"), List.of("d", "kroupou"));
        assertThat(NameVariants.inflections("Kamil Wolny", "pl").keySet()).contains(List.of("kamilowi", "wolny"));
        // the letters win: a Polish name of a Czech subject keeps its Polish cases
        assertThat(NameVariants.inflections("Jan Kowalski", "CZ").keySet()).contains(List.of("jana", "kowalskiego"));
        // another script keeps to its own, and a country without cases here gives none
        assertThat(NameVariants.inflections("Dalibor Kroupa", "DE").keySet()).isEmpty();
    }

    @Test
    void possessivesAndFamilyPluralsFollowTheSurnamesKind() {
        assertThat(SlavicCases.possessives("vondráček")).contains("vondrackova", "vondrackuv", "vondrackovym");
        assertThat(SlavicCases.possessives("hrdličková")).contains("hrdlickovin", "hrdlickovi", "hrdlickova");
        assertThat(SlavicCases.possessives("ďurišová")).contains("durisovci");
        assertThat(SlavicCases.possessives("novotný")).contains("novotnych", "novotni").doesNotContain("novotnova");
        assertThat(SlavicCases.possessives("krejčí")).isEmpty();
        assertThat(SlavicCases.russianPlurals("щербачева")).contains("щербачевы", "щербачевых");
        assertThat(SlavicCases.russianPlurals("жуковицкии")).contains("жуковицкие", "жуковицких");
        assertThat(SlavicCases.russianPlurals("шевченко")).isEmpty();
    }
}
