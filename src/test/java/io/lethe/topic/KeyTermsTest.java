package io.lethe.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Key terms of a topic registered alone must be in a larger share of its texts. */
class KeyTermsTest {

    @Test
    void aLoneTopicsTermsAreInAFifthOfItsTexts() {
        List<String> topic = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // "vasquez" in every text, "genre" in two of twelve (a word of the field)
            topic.add("Vasquez wrote book number " + i + (i < 2 ? " in the crime genre." : "."));
        }
        List<String> background = List.of("Bread needs flour, water and salt.", "Trains leave on the hour.");
        List<String> usual = KeyTerms.mine(topic.stream().map(KeyTerms::words).toList(),
                background.stream().map(KeyTerms::words).toList(), List.of());
        List<String> alone = KeyTerms.mine(topic.stream().map(KeyTerms::words).toList(),
                background.stream().map(KeyTerms::words).toList(), List.of(), KeyTerms.ALONE_MIN_SHARE_PERCENT);
        assertThat(usual).contains("vasquez", "genre");
        assertThat(alone).contains("vasquez").doesNotContain("genre", "crime");
    }

    /** Chinese has no spaces: its terms are two-char runs, so a registered term is found inside a sentence. */
    @Test
    void textWithoutSpacesIsReadAsTwoCharTerms() {
        assertThat(KeyTerms.words("青龙电池。Vexmoor ok")).containsExactly("青龙", "龙电", "电池", "vexmoor");
        assertThat(KeyTerms.words("青龙电池使用硫化物电解质")).contains("青龙");
        assertThat(KeyTerms.words("ภาษาไทย")).contains("ภา", "ไท");
        assertThat(KeyTerms.words("龙")).isEmpty();
    }
}
