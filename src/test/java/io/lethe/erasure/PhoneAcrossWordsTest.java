package io.lethe.erasure;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside tester 4 (helper-107): digit groups separated by ordinary words are no phone ("The 777 bus carried
 * 123 456 passengers" for a Czech +420 777 123 456), and a phone found from parts covers every part a stream
 * still held (no partial leak); letters that look like digits inside a phone ("4l5-555-Ol72") are read as them,
 * while words of look-alike letters stay words. Whole and streamed (chunks of 1 to 7 chars) alike; every span
 * between ⟦ and ⟧ is redacted and nothing else.
 */
class PhoneAcrossWordsTest {

    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline PIPELINE = pipeline();

    static GuardPipeline pipeline() {
        CompiledErasures.Spec cz = new CompiledErasures.Spec(List.of("Vendelin Oskarsson"), null, null,
                List.of("+420 777 123 456"), null, null, "CZ");
        CompiledErasures.Spec es = new CompiledErasures.Spec(List.of("Ximena Brightwater"), null, null,
                List.of("+34 612 345 678"), null);
        CompiledErasures.Spec us = new CompiledErasures.Spec(List.of("Quillon Marchbank"), null, null,
                List.of("+1 415 555 0172"), null);
        ErasureStage stage = new ErasureStage(CompiledErasures.build(List.of(cz, es, us), Nicknames.shipped(), "US"),
                new ErasureStage.Entry[] {new ErasureStage.Entry("p-cz", null, Erasure.Scope.EVERYWHERE, null, false),
                    new ErasureStage.Entry("p-es", null, Erasure.Scope.EVERYWHERE, null, false),
                    new ErasureStage.Entry("p-us", null, Erasure.Scope.EVERYWHERE, null, false)},
                new BitSet(), CompiledErasures.empty(), new ErasureStage.Entry[0], Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    static void assertRedacted(String marked) {
        String text = marked.replace("⟦", "").replace("⟧", "");
        String expected = marked.replaceAll("⟦[^⟧]*⟧", "[REDACTED]");
        GuardSession whole = PIPELINE.open(CTX, null);
        String got = whole.scanWhole(Channel.content(0), text);
        assertThat(got.equals(expected)).as("whole: %d chars, expected %d", got.length(), expected.length()).isTrue();
        String streamed = ObfuscationClassesTest.streamedLikeWhole(PIPELINE, text, expected, false);
        assertThat(streamed).as("streamed").isNull();
    }

    static List<String> benign() {
        return List.of(
            // the outside tester's sentences: scattered numbers with ordinary words between
            "The 777 bus carried 123 456 passengers in 2019.",
            "In 612 AD there were 34 56 78 ships",
            "Room 555, ext 0172, area code 415 in San Francisco.",
            // siblings: other words, other orders, other separators before and after the words
            "Line 777: the total was 123-456 units.",
            "Bus 777 left; 123.456 people waited.",
            "The year 612 saw 345 678 soldiers march.",
            "Error 0172 at line 555; see section 415",
            "Error 0172 was logged by the night shift at line 555 415",
            "Flight 415 boarded 555 guests and 0172 bags.",
            "Der Bus 777 beförderte 123 456 Fahrgäste.",
            "En 612 hubo 34 56 78 barcos.",
            "Le bus 777 a transporté 123 456 passagers.",
            "The 777 bus carried one two three four five six passengers.",
            // look-alike letters that are words, not digits
            "Ol, lOl and I0I are not numbers, nor is 777 lol 123 456.",
            "Call 4l5-555-Olive now.",
            "Model I0I, then 777 123 Oslo.",
            "Ol",
            "Call 4l5-555-lOl now, or 4l5 555 Ol.",
            "Call 4l5-555-Ol72x now.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("benign")
    void scatteredNumbersStayUnchanged(String text) {
        assertRedacted(text);
    }

    static List<String> redacted() {
        return List.of(
            // a number written with phone separators only is still found whole
            "Call ⟦+420 777 123 456⟧ today.",
            "Call ⟦777 123 456⟧ today.",
            "Call ⟦612 345 678⟧ today.",
            "Call ⟦(415) 555-0172⟧ today.",
            // the parts joined by "then" or "and" (connectors of a number read out): every part is covered
            "Dial ⟦777⟧, then ⟦123 456⟧.",
            "dial ⟦1⟧, then ⟦415⟧, then ⟦555-0172⟧",
            "Dial ⟦612⟧ and ⟦345 678⟧.",
            "Wählen Sie ⟦777⟧ und dann ⟦123 456⟧.",
            "Composez le ⟦612⟧ puis ⟦345 678⟧.",
            "Dial ⟦777⟧, then ⟦one two three four five six⟧.",
            "Call ⟦seven seven seven one two three four five six⟧ now.",
            // a labelled area code after the rest, held and covered too
            "Call ⟦555-0172⟧, area code ⟦415⟧, after six.",
            "Reversed: ⟦0172 555 415⟧ done.",
            // letters that look like digits inside the number
            "Call ⟦4l5-555-Ol72⟧ now.",
            "Call ⟦4I5 555 O172⟧ now.",
            "Call ⟦+42O 777 l23 456⟧ now.",
            "Call ⟦6l2 345 678⟧ now.",
            "Call ⟦(4l5) 555-0l72⟧ now.",
            "Call ⟦4l5.555.Ol72⟧ now.",
            "Call ⟦+1 4l5 555 Ol72⟧ now.",
            "Call ⟦4l55550l72⟧ now.",
            "Call ⟦4l5-555-Ol72⟧",
            "Call ⟦4l5-555-Ol72⟧ or lOl.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("redacted")
    void aPhoneIsRedactedWhole(String marked) {
        assertRedacted(marked);
    }
}
