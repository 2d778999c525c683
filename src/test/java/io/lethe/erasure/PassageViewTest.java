package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.erasure.index.PassageIndex;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.testkit.GrowingWindow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passages are found in the first normalized view too (red team 11, finding 3): spaces written as HTML
 * entities or URL escapes, markup around the words. One reproduction found in the raw text and the view is
 * one finding, and a stream cut per char finds what the whole text does.
 */
class PassageViewTest {

    /** Invented (the red team's fixture). */
    static final String PASSAGE = "The lantern keeper of Orrinsby counted forty-two gulls every dawn and wrote each "
            + "number on the lighthouse wall in chalk before breakfast.";
    /** Words of the passage a redaction must remove wherever they are written. */
    static final List<String> WORDS = List.of("lantern", "Orrinsby", "gulls", "lighthouse", "breakfast");

    /** Passages only (no name matcher in either segment), as a passage-only erasure compiles in a test. */
    static ErasureStage passagesOnly() {
        return new ErasureStage(CompiledErasures.empty(), PassageIndex.build(List.of(List.of(PASSAGE))),
                new ErasureStage.Entry[]{new ErasureStage.Entry("psg", null, Erasure.Scope.EVERYWHERE, null, false)},
                new BitSet(), CompiledErasures.empty(), null, new ErasureStage.Entry[0], Map.of());
    }

    /** The passage beside a person, so the name matchers and their views run as well. */
    static ErasureStage withNames() {
        List<CompiledErasures.Spec> specs = List.of(
                new CompiledErasures.Spec(List.of(), List.of(), List.of(), List.of(), List.of()),
                new CompiledErasures.Spec(List.of("Miranda Quillsworth"), List.of(), List.of(), List.of(), List.of()));
        return new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US"),
                PassageIndex.build(List.of(List.of(PASSAGE), List.of())),
                new ErasureStage.Entry[]{new ErasureStage.Entry("psg", null, Erasure.Scope.EVERYWHERE, null, false),
                        new ErasureStage.Entry("mira", null, Erasure.Scope.EVERYWHERE, null, false)},
                new BitSet(), CompiledErasures.empty(), null, new ErasureStage.Entry[0], Map.of());
    }

    static List<Finding> whole(ErasureStage stage, String text) {
        GrowingWindow w = new GrowingWindow();
        w.text = text;
        w.complete = true;
        return stage.open(new ScanContext("t", "m", null, null), Channel.content(0)).scan(w).findings();
    }

    /** One char per call; checks that holds only move forward and no finding starts in released text. */
    static List<Finding> perChar(ErasureStage stage, String text) {
        StageScanner sc = stage.open(new ScanContext("t", "m", null, null), Channel.content(0));
        GrowingWindow w = new GrowingWindow();
        List<Finding> out = new ArrayList<>();
        int released = 0;
        for (int end = 1; end <= text.length(); end++) {
            w.text = text.substring(0, end);
            w.complete = end == text.length();
            ScanResult r = sc.scan(w);
            for (Finding f : r.findings()) {
                assertThat(f.start()).as("finding in released text").isGreaterThanOrEqualTo(released);
            }
            out.addAll(r.findings());
            assertThat(r.holdFrom()).as("hold at %d", end).isGreaterThanOrEqualTo(released);
            released = r.holdFrom();
            w.from = end;
        }
        return out;
    }

    static String redacted(String text, List<Finding> findings) {
        StringBuilder sb = new StringBuilder(text);
        findings.stream().sorted((a, b) -> b.start() - a.start()).forEach(f -> sb.replace(f.start(), f.end(), "#"));
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"&nbsp;", "&#32;", "%20", "&ensp;"})
    void aPassageWithEncodedSpacesIsOneFindingStreamedAndWhole(String space) {
        String text = "Quote: <p>" + PASSAGE.replace(" ", space) + "</p> End.";
        for (ErasureStage stage : List.of(passagesOnly(), withNames())) {
            List<Finding> whole = whole(stage, text);
            assertThat(whole).hasSize(1);
            assertThat(whole.get(0).erasureId()).isEqualTo("psg");
            assertThat(whole.get(0).detector()).isEqualTo(ErasureStage.PASSAGE);
            String left = redacted(text, whole);
            for (String word : WORDS) {
                assertThat(left).doesNotContain(word);
            }
            assertThat(left).startsWith("Quote: ").endsWith(" End.");
            assertThat(perChar(stage, text)).isEqualTo(whole);
        }
    }

    @Test
    void aPlainPassageFoundInRawAndViewIsReportedOnceOverTheSameSpan() {
        String text = "She said: " + PASSAGE + " Then left.";
        List<Finding> whole = whole(passagesOnly(), text);
        assertThat(whole).hasSize(1);
        // the raw cursor's span: from the first word to the last
        assertThat(whole.get(0).start()).isEqualTo(text.indexOf("The lantern"));
        assertThat(whole.get(0).end()).isEqualTo(text.indexOf("breakfast") + "breakfast".length());
        assertThat(perChar(passagesOnly(), text)).isEqualTo(whole);
    }

    @Test
    void rawAndViewSpansThatOverlapAreJoined() {
        // the view widens over the "**" the raw words leave out: one finding over both spans
        String text = "So: **" + PASSAGE.replace(" chalk", "&nbsp;chalk") + "** ok";
        List<Finding> whole = whole(withNames(), text);
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).start()).isEqualTo(text.indexOf("**"));
        assertThat(perChar(withNames(), text)).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(strings = {"&nbsp;", "&#32;", "%20"})
    void encodedSpacesInUnrelatedProseFindNothing(String space) {
        // shares a few words with the passage, not a reproduction
        String text = "<p>" + ("The lantern keeper of the old harbour counted boats at dusk and wrote "
                + "nothing down before supper.").replace(" ", space) + "</p>";
        assertThat(whole(passagesOnly(), text)).isEmpty();
        assertThat(perChar(passagesOnly(), text)).isEmpty();
        assertThat(whole(withNames(), text)).isEmpty();
    }

    @Test
    void theAdminMatchReadsTheViewToo() {
        assertThat(passagesOnly().passageMatches("x " + PASSAGE.replace(" ", "%20"), 10)).containsExactly("psg");
        assertThat(passagesOnly().passageMatches("nothing%20here at all", 10)).isEmpty();
    }
}
