package io.lethe.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view's readings red team 12 asked for: "X-ray", hyphenated as ICAO writes it, is one code word; wiki
 * links and bracketed text read as the text they show.
 */
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

    @Test
    void wikiLinksAndBracketsReadAsTheirText() {
        assertThat(view("See [[Corwin]] [[Page|Ashdale]].")).isEqualTo("See Corwin Ashdale.");
        assertThat(view("See \\[Corwin\\] [Ashdale] [[x] ]]")).isEqualTo("See Corwin Ashdale x] ");
    }
}
