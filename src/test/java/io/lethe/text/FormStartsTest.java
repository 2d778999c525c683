package io.lethe.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@link FormStarts#firstIn} lets a held tail begin: never inside an ASCII word. Terms invented. */
class FormStartsTest {

    private static final FormStarts CANARY = new FormStarts.Builder()
            .addAll(List.of("LETHE-CANARY-7F3A", "A3F7-YRANAC-EHTEL")).build();

    @Test
    void aLetterInsideAWordBeginsNoForm() {
        assertThat(CANARY.firstIn("Mark", 0, 4)).isEqualTo(-1);
        assertThat(CANARY.firstIn("played", 0, 6)).isEqualTo(-1);
        assertThat(CANARY.firstIn("x2a", 0, 3)).isEqualTo(-1);
    }

    @Test
    void aWordStartACamelHumpAndMarkupStillDo() {
        assertThat(CANARY.firstIn("Mark and", 0, 8)).isEqualTo(5);
        assertThat(CANARY.firstIn("sayLethe", 0, 8)).isEqualTo(3);
        assertThat(CANARY.firstIn("**Lethe", 0, 7)).isEqualTo(2);
        assertThat(CANARY.firstIn("x_lethe", 0, 7)).isEqualTo(2);
        assertThat(CANARY.firstIn("lethe", 0, 5)).isEqualTo(0);
        // from the middle of a word: the char before still counts
        assertThat(CANARY.firstIn("Mark", 1, 4)).isEqualTo(-1);
    }

    @Test
    void digitsAndOtherScriptsStayCandidatesInsideWords() {
        FormStarts phones = new FormStarts.Builder().addDigits().build();
        assertThat(phones.firstIn("ext5550172", 3, 10)).isEqualTo(3);
        // a homoglyph inside a word may be any letter: kept (a superset)
        assertThat(CANARY.firstIn("Mа", 0, 2)).isEqualTo(1);
    }
}
