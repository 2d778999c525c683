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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red team 16 N1: a registered phone written in parts, in any order and with words between, and an identifier
 * with a prefix glued on or spelled a char at a time with number words, are redacted in the whole answer and in
 * a stream alike (chunks of 1 to 7 chars); every span between ⟦ and ⟧ is redacted and nothing else. Other
 * numbers, dates, prices, line and version numbers and identifiers that share only a few chars stay.
 */
class NumberPartsTest {

    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline PIPELINE = pipeline();

    static GuardPipeline pipeline() {
        CompiledErasures.Spec tobias = new CompiledErasures.Spec(List.of("Tobias Ashbrook"), null, null,
                List.of("+1 415-555-0142"), List.of("AB88231"));
        ErasureStage stage = new ErasureStage(CompiledErasures.build(List.of(tobias), Nicknames.shipped(), "US"),
                new ErasureStage.Entry[] {new ErasureStage.Entry("p-tobias", null, Erasure.Scope.EVERYWHERE, null, false)},
                new BitSet(), CompiledErasures.empty(), new ErasureStage.Entry[0], Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    /** The text without its marks, and with every marked span redacted. */
    static String[] unmark(String marked) {
        return new String[] {marked.replace("⟦", "").replace("⟧", ""),
                marked.replaceAll("⟦[^⟧]*⟧", "[REDACTED]")};
    }

    static void assertRedacted(String text, String expected) {
        GuardSession whole = PIPELINE.open(CTX, null);
        assertThat(whole.scanWhole(Channel.content(0), text)).as("whole").isEqualTo(expected);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(PIPELINE, text, expected)).isNull();
    }

    static List<String> redacted() {
        return List.of(
            // the parts in another order, with words between
            // (the codes written after the rest were held with it, and are covered too: outside tester 4)
            "Call ⟦555-0142⟧, area code ⟦415⟧, after six.",
            "Her cell is ⟦555 0142⟧ (area code ⟦415⟧).",
            "⟦555 0142⟧, country code ⟦1⟧, area code ⟦415⟧.",
            // reversed, no label, within 48 chars
            "Reversed: ⟦0142 555 415⟧ done.",
            // a labelled area code up to 320 chars before the rest, whatever stands between
            "Reach her at (area code: 415) and then, after the usual small talk about the weather and the 12 "
                    + "trains she missed, " + "on and on ".repeat(20) + "dial ⟦555 0142⟧.",
            "{\"area_code\": \"415\", \"note\": \"room 12\", \"number\": \"⟦555-0142⟧\"}",
            // in order, joined by a connector: every part (outside tester 4)
            "Area code ⟦415⟧, then ⟦555-0142⟧.",
            // an identifier with a country or document prefix glued on, or spelled with number words
            "Passport ⟦FR17AB88231⟧ on file.",
            "Passport ⟦PASS17AB88231⟧ on file.",
            "Passport ⟦pass17ab88231⟧ on file.",
            "Passport ⟦A B eight eight two three one⟧ on file.",
            "Passport ⟦A B 8 8 2 3 1⟧ on file.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("redacted")
    void partsAndPrefixesAreRedacted(String marked) {
        String[] t = unmark(marked);
        assertRedacted(t[0], t[1]);
    }

    static List<String> benign() {
        return List.of(
            "Call 555-0199, area code 415, after six.",
            "Call 555-0142, area code 212, after six.",
            "Reversed: 0142 555 416 done.",
            "Call 555-0142 for the desk, and nothing else follows here at all in this sentence.",
            "415. " + "xxxxxxxxxx".repeat(6) + " 555-0142",
            "area code 415. " + "xxxxxxxxxx".repeat(33) + " 555-0142",
            "Dated 2024-04-15, version 4.15.555, price $415.55, see section 415.",
            "Only 415 here, and section 415 of the code.",
            "Error 0142 at line 555; see section 416",
            // ordinary words between the parts make them other numbers (outside tester 4; this was the documented
            // cost of reading parts across words)
            "Error 0142 at line 555; see section 415",
            "Error 0142 was logged by the night shift at line 555 415",
            "Stack: Main.java:0142, Util.java:555, exit 1.",
            "Codes XAB88231 and AB88232 and FR17AB8823 and AB8823 stay.",
            "A B eight eight two three two is another one.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("benign")
    void benignSiblingsStayUnchanged(String text) {
        assertRedacted(text, text);
    }

    /**
     * A number is held for the parts that may follow it only while its digits begin a registered number (either
     * way round): a year before "the" goes out with its chunk, a registered area code and a calling code before
     * "then" wait for the rest.
     */
    @Test
    void onlyAPossibleLeadingPartIsHeldForTheRest() {
        GuardSession year = PIPELINE.open(CTX, null);
        assertThat(year.append(Channel.content(0), "In 2004 the th").text()).startsWith("In 2004 the ");
        for (String lead : List.of("Dial 415, then the", "Dial 1, then 415, then", "Dial 2410, then")) {
            GuardSession s = PIPELINE.open(CTX, null);
            String got = s.append(Channel.content(0), lead).text();
            assertThat(got).as(lead).isEqualTo("Dial ");
        }
        GuardSession whole = PIPELINE.open(CTX, null);
        StringBuilder out = new StringBuilder(whole.append(Channel.content(0), "Dial 1, then 415, then").text());
        out.append(whole.append(Channel.content(0), " 555-0142.").text());
        out.append(whole.finish(Channel.content(0)).text());
        assertThat(out.toString()).isEqualTo("Dial [REDACTED], then [REDACTED], then [REDACTED].");
    }

    /**
     * A stream holds the registered number's last digits ("555-0142") whole until it is decided: nothing of them
     * goes out before the area code after them has come, or could no longer come.
     */
    @Test
    void aStreamHoldsTheLastDigitsUntilDecided() {
        GuardSession s = PIPELINE.open(CTX, null);
        StringBuilder out = new StringBuilder();
        for (String chunk : List.of("Call 555", "-0142", ", then ", "the area code")) {
            out.append(s.append(Channel.content(0), chunk).text());
            assertThat(out.toString()).doesNotContain("555").doesNotContain("0142");
        }
        out.append(s.append(Channel.content(0), " 415.").text());
        out.append(s.finish(Channel.content(0)).text());
        assertThat(out.toString()).isEqualTo("Call [REDACTED], then the area code [REDACTED].");

        GuardSession released = PIPELINE.open(CTX, null);
        String text = "Call 555-0142 now." + " and so on".repeat(6);
        StringBuilder got = new StringBuilder(released.append(Channel.content(0), text).text());
        assertThat(got.toString()).as("decided once 48 chars passed").startsWith("Call 555-0142 now.");
        got.append(released.finish(Channel.content(0)).text());
        assertThat(got.toString()).isEqualTo(text);
    }

    /**
     * The last four digits alone (a year that happens to end a registered number) are held only
     * {@code MAX_BARE_TAIL_GAP} chars for the rest of the number to follow, not {@code MAX_PART_GAP}: at 100,000
     * people nearly every year is such a tail.
     */
    @Test
    void aBareFourDigitTailIsReleasedSooner() {
        GuardSession s = PIPELINE.open(CTX, null);
        StringBuilder out = new StringBuilder();
        out.append(s.append(Channel.content(0), "In 0142 the").text());
        assertThat(out.toString()).as("held while the rest may follow").doesNotContain("0142");
        out.append(s.append(Channel.content(0), " bridge fell down").text());
        assertThat(out.toString()).as("released once 16 chars passed").startsWith("In 0142 the bridge");
        out.append(s.finish(Channel.content(0)).text());
        assertThat(out.toString()).isEqualTo("In 0142 the bridge fell down");
    }
}
