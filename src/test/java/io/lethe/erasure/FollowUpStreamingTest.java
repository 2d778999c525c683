package io.lethe.erasure;

import io.lethe.decode.DecodingStage;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.FollowUpTerms;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A follow-up glued to the mention that switches it on, through markup or an invisible char, is redacted the
 * same streamed and whole (found by a black-box attack in issue 12: the stream took the markup with it). The
 * normalized view glues "Ashdale*Ashdale*" into one word; a stream must not start a fresh word in the middle.
 */
class FollowUpStreamingTest {

    static final GuardPipeline PIPELINE = pipeline("Corwin Ashdale");

    /** The erasure stage and decoding over it, with one person registered (follow-ups on). */
    static GuardPipeline pipeline(String name) {
        ErasureStage.Entry e = new ErasureStage.Entry("p0", null, Erasure.Scope.EVERYWHERE, null, false,
                FollowUpTerms.of(List.of(name), Nicknames.shipped()));
        ErasureStage stage = new ErasureStage(CompiledErasures.build(
                List.of(new CompiledErasures.Spec(List.of(name), null, null, null, null)), Nicknames.shipped(), "US"),
                new ErasureStage.Entry[] {e}, new BitSet(), CompiledErasures.empty(), new ErasureStage.Entry[0],
                Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage, new DecodingStage(List.of(stage), 16, 2)),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    /** A compound surname without a particle, named again as a pair: the pair is the person (it was passed over). */
    @org.junit.jupiter.api.Test
    void aCompoundSurnameNamedAgainAsAPairIsAFollowUp() {
        GuardPipeline p = pipeline("Wendelin Groot Haverkamp");
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
}
