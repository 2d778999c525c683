package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A follow-up glued to the mention that switches it on, through markup or an invisible char, is redacted the
 * same streamed and whole (found by a black-box attack in issue 12: the stream took the markup with it). The
 * normalized view glues "Ashdale*Ashdale*" into one word; a stream must not start a fresh word in the middle.
 */
class FollowUpStreamingTest {

    static final GuardPipeline PIPELINE = PersonPipelines.person("Corwin Ashdale", null);

    /** A compound surname without a particle, named again as a pair: the pair is the person (it was passed over). */
    @org.junit.jupiter.api.Test
    void aCompoundSurnameNamedAgainAsAPairIsAFollowUp() {
        GuardPipeline p = PersonPipelines.person("Wendelin Groot Haverkamp", null);
        String text = "Wendelin Groot Haverkamp grew up by the harbour. After school, Groot Haverkamp ran the clinic.";
        String whole = p.open(new ScanContext("r", "m", null, null), null).scanWhole(Channel.content(0), text);
        assertThat(whole).isEqualTo("[REDACTED] grew up by the harbour. After school, [REDACTED] ran the clinic.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Corwin Ashdale*Ashdale* x", "Corwin Ashdale<b>Ashdale</b> x", "Corwin Ashdale`Ashdale` to",
            "Corwin Ashdale\u200bAshdale, x", "Corwin Ashdale*Ash*dale x", "Corwin Ashdale~~Ashdale~~ x",
            "Corwin Ashdale *Ashdale* x"})
    void aGluedFollowUpIsRedactedAsInTheWholeText(String text) {
        String whole = PIPELINE.open(new ScanContext("r", "m", null, null), null).scanWhole(Channel.content(0), text);
        for (int size : new int[] {1, 2, 3, 5}) {
            GuardSession s = PIPELINE.open(new ScanContext("r", "m", null, null), null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            out.append(s.finish(Channel.content(0)).text());
            assertThat(out.toString()).as("chunks of %d", size).isEqualTo(whole);
        }
        assertThat(whole).doesNotContain("Ashdale");
    }

    /**
     * Once someone is named, a word being written is held only while it could begin one of their follow-up
     * terms; any chunking gives the whole text's answer: follow-ups glued, cut, inside longer words, after
     * other words that share their first letters.
     */
    @net.jqwik.api.Property(tries = 300)
    void followUpsStreamAsTheWholeText(@net.jqwik.api.ForAll("followUpTexts") String text,
                                       @net.jqwik.api.ForAll("cuts") List<Integer> cuts) {
        GuardPipeline p = PersonPipelines.person(FOLLOW_NAMES.get(Math.floorMod(text.hashCode(), FOLLOW_NAMES.size())),
                null);
        TypoStreamingPropertyTest.assertStreamedIsWhole(p, text, cuts);
    }

    private static final List<String> FOLLOW_NAMES = List.of("Corwin Ashdale", "Marisol Quenby-Okafor",
            "Arthur Miguel da Paz", "Wendelin Groot Haverkamp");

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> followUpTexts() {
        net.jqwik.api.Arbitrary<String> word = net.jqwik.api.Arbitraries.of("Corwin Ashdale", "Ashdale", "Ash",
                "Ashdales", "ashdale", "Ashd", "Corwin", "Marisol Quenby-Okafor", "Quenby", "Okafor", "Okaf", "Quenbyx",
                "Arthur Miguel da Paz", "da Paz", "Paz", "da", "Pazzo", "Wendelin Groot Haverkamp", "Groot Haverkamp",
                "Groot", "Haver", "Wendelin", "Wend", "*Ashdale*", "A\u200bshdale", "the", "went", "away", ",", ".",
                "performed", "as", "quiet");
        return word.list().ofMinSize(1).ofMaxSize(16).map(ws -> String.join(" ", ws) + " ");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Integer>> cuts() {
        return net.jqwik.api.Arbitraries.integers().between(1, 200).list().ofMaxSize(40);
    }
}
