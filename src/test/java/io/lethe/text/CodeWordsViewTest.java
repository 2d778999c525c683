package io.lethe.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The spelling alphabet in the view: "X-ray", hyphenated as ICAO writes it, is one code word (red team 12). */
class CodeWordsViewTest {

    static String view(String raw) {
        NormalizedView v = new NormalizedView();
        v.advance(raw, raw.length(), true);
        return v.text().toString().substring(0, v.length());
    }

    @Test
    void xRayIsOneCodeWord() {
        assertThat(view("Papa Romeo India X-ray Echo")).isEqualTo("Prixe");
        assertThat(view("X-ray vision is not a word spelt out")).startsWith("X-ray");
    }
}
