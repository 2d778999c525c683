package io.lethe.rules;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deny term is the same leak whatever separators stand between its letter and digit runs (none, spaces,
 * any dash, underscore, dot, line breaks, invisible chars) and however its letters are spelled (homoglyphs,
 * leetspeak), whole and streamed in any chunking. Failure messages print lengths and rule ids, never terms.
 */
class DenyTermSeparatorsTest {

    static final GuardRules RULES = new GuardRules(null, null, List.of(
            new GuardRules.DenyTermList("rule-1", List.of("LETHE-CANARY-7F3A"), Action.REDACT, null, null),
            new GuardRules.DenyTermList("rule-2", List.of("VANTABLOOM"), Action.REDACT, null, null),
            new GuardRules.DenyTermList("rule-3", List.of("Quixotl Protocol"), Action.REDACT, null, null),
            new GuardRules.DenyTermList("rule-4", List.of("Ab-1"), Action.REDACT, null, null),
            new GuardRules.DenyTermList("rule-5", List.of("XQ-ZARDEL9"), Action.REDACT, null, null),
            new GuardRules.DenyTermList("rule-6", List.of("ISIS", "SOS", "BIG", "Bigots"), Action.REDACT, null, null)));
    static final GuardPipeline PIPELINE = new GuardPipeline(List.of(new DenyTermStage(RULES.denyTerms())),
            new RulesPolicy(RULES));

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "LETHE-CANARY-7F3A",
            "LETHE CANARY 7F3A",
            "LETHE_CANARY_7F3A",
            "LETHECANARY7F3A",
            "LETHE\u2011CANARY\u20117F3A",
            "LETHE\u2013CANARY\u20137F3A",
            "LETHE\u2014CANARY\u20147F3A",
            "LETHE\u2212CANARY\u22127F3A",
            "LETHE\u2010CANARY\u2010 7F3A",
            "LETHE.CANARY.7F3A",
            "LETHE-C\u0410N\u0410RY-7F3A",
            "LETHE-CANA\u200bRY-7F3A",
            "LETHE-\nCANARY-7F3A",
            "LETHE-CANARY-\n7F3A",
            "LETHE -\r\n CANARY - 7F3A",
            "L-E-T-H-E-C-A-N-A-R-Y-7-F-3-A",
            "L E T H E C A N A R Y 7 F 3 A",
            "\uff2c\uff25\uff34\uff28\uff25 \uff23\uff21\uff2e\uff21\uff32\uff39 7F3A",
            "L3THE CANARY-7F3A",
            "lethe canary 7f3a",
            "VANTA BLOOM",
            "VANTA-\nBLOOM",
            "Vanta_bloom",
            "V A N T A B L O O M",
            "V4NTABL00M",
            "V4NTA BL00M",
            "VANTA\u2013BLOOM",
            "Quixotl-Protocol",
            "QuixotlProtocol",
            "Quixotl_Protocol",
            "Quixotl\nProtocol",
            "B1G0TS",
            "&#73;&#83;&#73;&#83;",
            "Qu1xotl Pr0tocol",
            "XQ ZARDEL9",
            "XQ_ZARDEL-9",
            "XQZARDEL9",
            "XQZAR DEL9",
    })
    void aTermWrittenWithOtherSeparatorsIsRedactedWholeStreamedAndInAnyChunking(String written) {
        for (String[] around : new String[][] {{"Sure: ", " ok."}, {"", ""}, {"(", ")"}, {"Code: ", "\nNext line"}}) {
            String text = around[0] + written + around[1];
            String expected = around[0] + "[REDACTED]" + around[1];
            assertRedacted(text, expected);
        }
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "the canary in the coal mine",
            "lethe and canary",
            "Lethe, canary, 7F3A: three words.",
            "Vanta black bloom",
            "vanta. And bloom",
            "Quixotl, the Protocol",
            "Protocol Quixotl",
            "A quixotl protocolled",
            "glassLETHE CANARY 7F3A",
            "LETHE CANARY 7F3Ab",
            "VANTABLOOMING",
            "Ab 1 and AB1",
            "lethe - - canary 7f3a",
            "VANTA / BLOOM",
            "Until the 13th century, the canary",
            "LET HE CANARY 7F3A",
            // a sentence's, a list item's or a paragraph's end, a spaced dash or an ellipsis between the words
            // (outside tester, helper-109): another clause, not the term
            "Quixotl \u2014 Protocol",
            "We met at the quixotl. Protocol birds sang.",
            "Our quixotl.\nProtocol data follows",
            "Bring a quixotl.\n\nProtocol is next.",
            "the whole quixotl...Protocol",
            // a number is no term read through leetspeak ("1515" is "isis" there)
            "the year 1515 and 505 and 816-075",
    })
    void benignTextAndTermsGluedIntoLongerWordsStayUnchanged(String text) {
        assertRedacted("He said " + text + " today.", "He said " + text + " today.");
    }

    @Test
    void findingsNameTheListNotTheTerm() {
        GuardSession s = PIPELINE.open(new ScanContext("r", null, null, null), null);
        String text = "x LETHE_CANARY_7F3A and VANTA BLOOM and Quixotl-Protocol y";
        s.scanWhole(Channel.content(0), text);
        assertThat(s.findings()).extracting(f -> f.finding().rule())
                .containsExactly("rule-1", "rule-2", "rule-3");
        for (var f : s.findings()) {
            assertThat(f.toString()).doesNotContainIgnoringCase("lethe").doesNotContainIgnoringCase("vanta")
                    .doesNotContainIgnoringCase("quixotl").doesNotContainIgnoringCase("canary");
        }
    }

    @Test
    void aTermWithDashesIsAlsoFoundWithOtherSeparatorsNextToIdeographs() {
        assertRedacted("私はLETHE CANARY 7F3Aです", "私は[REDACTED]です");
    }

    @Test
    void aTermsFirstPieceBeforeASeparatorIsHeldUntilTheTermIsDecided() {
        GuardSession s = PIPELINE.open(new ScanContext("r", null, null, null), null);
        assertThat(s.append(Channel.content(0), "Say VANTA ").text()).isEqualTo("Say ");
        assertThat(s.append(Channel.content(0), "BLOOM now").text()).isEqualTo("[REDACTED] now");
    }

    private static void assertRedacted(String text, String expected) {
        String whole = PIPELINE.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
        assertThat(whole).as("whole, text of length %d", text.length()).isEqualTo(expected);
        assertThat(streamed(text, new int[] {1})).as("char by char, length %d", text.length()).isEqualTo(expected);
        Random r = new Random(text.hashCode());
        for (int round = 0; round < 20; round++) {
            int[] sizes = new int[8];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 1 + r.nextInt(6);
            }
            assertThat(streamed(text, sizes)).as("chunked round %d, length %d", round, text.length())
                    .isEqualTo(expected);
        }
    }

    private static String streamed(String text, int[] sizes) {
        GuardSession s = PIPELINE.open(new ScanContext("r", null, null, null), null);
        StringBuilder out = new StringBuilder();
        int k = 0;
        for (int i = 0; i < text.length(); ) {
            int n = Math.min(text.length(), i + sizes[k++ % sizes.length]);
            out.append(s.append(Channel.content(0), text.substring(i, n)).text());
            i = n;
        }
        out.append(s.finish(Channel.content(0)).text());
        return out.toString();
    }
}
