package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forms an outside tester found leaking (helper-85): a given name and surname as labelled values in prose or a
 * vertical label | value table, a surname broken by end-of-line hyphenation, and the German (Duden) and
 * scientific (ISO 9 / ISO R9) romanizations of a name registered in Cyrillic. Each is redacted whole and in every
 * chunking of 1 to 7 chars ({@link PeoplePipeline#check}); ordinary text and namesakes stay as they are.
 */
class NameFormGapsTest {

    /** Invented people: erasure id and what it registers. */
    static final List<Object[]> PEOPLE = List.of(
            new Object[] {"p-ingrid", new CompiledErasures.Spec(List.of("Ingrid Halvorsrud"), null, null, null, null)},
            new Object[] {"p-priyanka", new CompiledErasures.Spec(List.of("Priyanka Raghunathan"), null, null, null, null)},
            new Object[] {"p-ansgar", new CompiledErasures.Spec(List.of("Ansgar Thorvaldsen-Krüger"), null, null, null, null)},
            new Object[] {"p-ivan", new CompiledErasures.Spec(List.of("Иван Сергеевич Колокольцев"),
                    List.of("Ivan Kolokoltsev"), null, null, null)},
            new Object[] {"p-dimitrios", new CompiledErasures.Spec(List.of("Dimitrios Papadakis-Vlachos"), null, null, null, null)},
            new Object[] {"p-mortensgaard", new CompiledErasures.Spec(List.of("Ansgar Mortensgaard"), null, null, null, null)},
            new Object[] {"p-juergen", new CompiledErasures.Spec(List.of("Jürgen Größenbäumer"), null, null, null, null)},
            new Object[] {"p-inmaculada", new CompiledErasures.Spec(List.of("Inmaculada Zubizarreta"), null, null, null, null)},
            new Object[] {"p-bohumil", new CompiledErasures.Spec(List.of("Bohumil Vondráček"), null, null, null, null)},
            new Object[] {"p-efrosinya", new CompiledErasures.Spec(List.of("Ефросинья Щербачёва"), null, null, null, null)});

    static final PeoplePipeline PIPELINE = new PeoplePipeline(PEOPLE);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            "The first name is \"Ingrid\" and the last name is \"Halvorsrud\". # The first name is \"[REDACTED]\" and the last name is \"[REDACTED]\".",
            "Her given name is Ingrid; her family name is Halvorsrud. # Her given name is [REDACTED]; her family name is [REDACTED].",
            "First name: Ingrid. Last name: Halvorsrud. # First name: [REDACTED]. Last name: [REDACTED].",
            // the key's first word after a line break stays (it was redacted as a value)
            "^First name: Ingrid\nLast name: Halvorsrud^ # ^First name: [REDACTED]\nLast name: [REDACTED]^",
            "^**Surname:** Halvorsrud\n**Forename:** Ingrid^ # ^**Surname:** [REDACTED]\n**Forename:** [REDACTED]^",
            // a key on its own line, its value on the next: the keys stay (helper-96)
            "^First name:\nAnsgar\nLast name:\nMortensgaard^ # ^First name:\n[REDACTED]\nLast name:\n[REDACTED]^",
            "^First name:\r\nAnsgar\r\nLast name:\r\nMortensgaard^"
                    + " # ^First name:\r\n[REDACTED]\r\nLast name:\r\n[REDACTED]^",
            "^Vorname:\nJürgen\nNachname:\nGrößenbäumer\nStadt: Mainz^"
                    + " # ^Vorname:\n[REDACTED]\nNachname:\n[REDACTED]\nStadt: Mainz^",
            // Czech, Russian labels; a dash or a tab between label and value (helper-96)
            "Křestní jméno: Bohumil, příjmení: Vondráček. # Křestní jméno: [REDACTED], příjmení: [REDACTED].",
            "Имя: Ефросинья, фамилия: Щербачёва. # Имя: [REDACTED], фамилия: [REDACTED].",
            "Given name — Ansgar; family name — Mortensgaard. # Given name — [REDACTED]; family name — [REDACTED].",
            "Given name – Ansgar; family name – Mortensgaard. # Given name – [REDACTED]; family name – [REDACTED].",
            "^| Jméno | Bohumil |\n| Příjmení | Vondráček |^ # ^| Jméno | [REDACTED] |\n| Příjmení | [REDACTED] |^",
            "^| Фамилия | Щербачёва |\n| Имя | Ефросинья |^ # ^| Фамилия | [REDACTED] |\n| Имя | [REDACTED] |^",
            "^Given name\tAnsgar\nFamily name\tMortensgaard^ # ^Given name\t[REDACTED]\nFamily name\t[REDACTED]^",
            "^| Nombre | Inmaculada |\n| Primer apellido | Zubizarreta |^"
                    + " # ^| Nombre | [REDACTED] |\n| Primer apellido | [REDACTED] |^",
            "Her Christian name was Ingrid and her surname was Halvorsrud. # Her Christian name was [REDACTED] and her surname was [REDACTED].",
            "Vorname: Ingrid, Nachname: Halvorsrud # Vorname: [REDACTED], Nachname: [REDACTED]",
            "Prénom : Ingrid ; nom de famille : Halvorsrud # Prénom : [REDACTED] ; nom de famille : [REDACTED]",
            "^| field | value |\n|---|---|\n| given | Priyanka |\n| family | Raghunathan |\n^"
                    + " # ^| field | value |\n|---|---|\n| given | [REDACTED] |\n| family | [REDACTED] |\n^",
            // a person's record after or before another's: only its own two labels join them (helper-100)
            "^First name: Ansgar\nLast name: Mortensgaard^ # ^First name: [REDACTED]\nLast name: [REDACTED]^",
            "^Given name: Kari\nFamily name: Olsen\nGiven name: Ansgar\nFamily name: Mortensgaard^"
                    + " # ^Given name: Kari\nFamily name: Olsen\nGiven name: [REDACTED]\nFamily name: [REDACTED]^",
            "^Family name: Olsen\nGiven name: Kari\nFamily name: Mortensgaard\nGiven name: Ansgar^"
                    + " # ^Family name: Olsen\nGiven name: Kari\nFamily name: [REDACTED]\nGiven name: [REDACTED]^",
            "^Given name: Ansgar\nFamily name: Mortensgaard\nGiven name: Kari\nFamily name: Olsen^"
                    + " # ^Given name: [REDACTED]\nFamily name: [REDACTED]\nGiven name: Kari\nFamily name: Olsen^",
            "^Jméno: Jiří\nPříjmení: Hrabal\nJméno: Bohumil\nPříjmení: Vondráček^"
                    + " # ^Jméno: Jiří\nPříjmení: Hrabal\nJméno: [REDACTED]\nPříjmení: [REDACTED]^",
            "First name: Kari, Last name: Olsen; First name: Ansgar, Last name: Mortensgaard"
                    + " # First name: Kari, Last name: Olsen; First name: [REDACTED], Last name: [REDACTED]",
            "First name: Ansgar, middle name: Olaf, last name: Mortensgaard"
                    + " # First name: [REDACTED], middle name: Olaf, last name: [REDACTED]",
            "^| Given name | Kari |\n| Family name | Olsen |\n| Given name | Ansgar |\n| Family name | Mortensgaard |^"
                    + " # ^| Given name | Kari |\n| Family name | Olsen |\n| Given name | [REDACTED] |\n| Family name | [REDACTED] |^",
    })
    void labelledGivenNameAndSurnameAreRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // a given name alone, labelled or not
            "The first name is Ingrid.",
            "First name: Ingrid. Last name: Bergman.",
            "Jméno: Bohumil. Příjmení: Novák.",
            "Bohumil — the first name — was rare; Vondráček is a surname.",
            "^Jméno\tBohumil\nMěsto\tVondráček^",
            "^| Nombre | Inmaculada |\n| Ciudad apellido | Zubizarreta |^",
            // the two co-occurring, not both labelled
            "Ingrid wrote to me; Halvorsrud is a farm near Oslo.",
            "The first name is Ingrid; Halvorsrud is a farm near Oslo.",
            // labels the wrong way round are not this person's parts
            "The last name is Ingrid and the first name is Halvorsrud.",
            // another person's labelled values between them, or another record
            "| given | Ingrid |\n| family | Smith |\n| given | Jane |\n| family | Halvorsrud |",
            "- first: Ingrid\n  last: Miller\n- first: Jane\n  last: Halvorsrud",
            "[{\"first\":\"Ingrid\",\"last\":\"Smith\"},{\"first\":\"Bob\",\"last\":\"Halvorsrud\"}]",
            // two people's records one after the other: a value never pairs across another's label (helper-100)
            "Given name: Ansgar\nFamily name: Olsen\nGiven name: Kari\nFamily name: Mortensgaard",
            "First name: Ansgar\nLast name: Olsen\nFirst name: Kari\nLast name: Mortensgaard",
            "First name:\nAnsgar\nLast name:\nOlsen\nFirst name:\nKari\nLast name:\nMortensgaard",
            "Jméno: Bohumil\nPříjmení: Hrabal\nJméno: Jiří\nPříjmení: Vondráček",
            "First name: Ansgar, Last name: Olsen; First name: Kari, Last name: Mortensgaard",
            "Family name: Mortensgaard\nGiven name: Kari\nFamily name: Olsen\nGiven name: Ansgar",
            "Given name\tAnsgar\nFamily name\tOlsen\nGiven name\tKari\nFamily name\tMortensgaard",
            "Given name — Ansgar; family name — Olsen; given name — Kari; family name — Mortensgaard.",
            "| Given name | Ansgar |\n| Family name | Olsen |\n| Given name | Kari |\n| Family name | Mortensgaard |",
            "[{\"first_name\": \"Ansgar\", \"last_name\": \"Olsen\"}, {\"first_name\": \"Kari\", \"last_name\": \"Mortensgaard\"}]",
            "{\"first_name\": \"Ansgar\", \"last_name\": \"Olsen\", \"first_name\": \"Kari\", \"last_name\": \"Mortensgaard\"}",
            "Given name: Ansgar\nFamily name: Olsen\n\nGiven name: Kari\nFamily name: Mortensgaard",
            "first,last\nAnsgar,Olsen\nKari,Mortensgaard",
            "| First name | Last name |\n|---|---|\n| Ansgar | Olsen |\n| Kari | Mortensgaard |",
            "- first_name: Ansgar\n  last_name: Olsen\n- first_name: Kari\n  last_name: Mortensgaard",
            // two paragraphs
            "The first name is Ingrid.\n\nThe last name is Halvorsrud.",
            // a hyphen before an upper-case letter, or with no line break, is no hyphenation
            "Thorvald-\nSen and Ansgar met.",
            "^> a-\n> b and Ansgar Thorvald-\n>> Sen met.^",
    })
    void otherwiseNothingIsRedacted(String text) {
        assertThat(PIPELINE.check(text, text)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            "^Contact Ansgar Thorvald-\nsen-Krüger for details.^ # Contact [REDACTED] for details.",
            "^Contact Ansgar Thorvaldsen-Krü-\n  ger for details.^ # Contact [REDACTED] for details.",
            "^Contact Ansgar Thorvald-\r\nsen-Krüger.^ # Contact [REDACTED].",
            "^> Contact Ansgar Thorvald-\n> sen-Krüger.^ # ^> Contact [REDACTED].^",
    })
    void aSurnameBrokenByHyphenationIsRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            "Ask Iwan Kolokolzew today. # Ask [REDACTED] today.",
            "Ask Iwan Sergejewitsch Kolokolzew today. # Ask [REDACTED] today.",
            "Ask Ivan Kolokol'cev today. # Ask [REDACTED] today.",
            "Ask Ivan Kolokol’cev today. # Ask [REDACTED] today.",
            "Ask Ivan Kolokolʹcev today. # Ask [REDACTED] today.",
            "Ask Ivan Sergeevič Kolokolʹcev today. # Ask [REDACTED] today.",
    })
    void otherRomanizationsOfACyrillicNameAreRedacted(String text, String expected) {
        assertThat(PIPELINE.check(text, expected)).isNull();
    }
}
