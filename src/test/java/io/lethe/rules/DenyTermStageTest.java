package io.lethe.rules;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DenyTermStageTest {

    static final GuardRules RULES = new GuardRules(null, null,
            List.of(new GuardRules.DenyTermList("codename", List.of("Project Nightingale"), Action.REDACT, null, null)));
    static final GuardPipeline PIPELINE = new GuardPipeline(List.of(new DenyTermStage(RULES.denyTerms())), new RulesPolicy(RULES));

    @ParameterizedTest
    @ValueSource(strings = {
            "Project Nightingale",
            "PROJECT NIGHTINGALE",
            "Pr\u043Eject Nightingale",
            "Proj\u200Bect Night\u00ADingale",
            "P r o j e c t  N i g h t i n g a l e",
            "**Project** _Nightingale_",
            "Project&nbsp;Nightingale",
            "Pr0ject N1ght1ngale",
            "elagnithgiN tcejorP",
    })
    void anObfuscatedTermIsRedactedWholeStreamedAndNot(String written) {
        String text = "The plan was " + written + ", said the memo.";
        String whole = PIPELINE.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
        assertThat(whole).isEqualTo("The plan was [REDACTED], said the memo.");
        GuardSession s = PIPELINE.open(new ScanContext("r", null, null, null), null);
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < text.length(); i += 3) {
            streamed.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + 3))).text());
        }
        streamed.append(s.finish(Channel.content(0)).text());
        assertThat(streamed.toString()).isEqualTo(whole);
    }

    static final GuardRules PEOPLE = new GuardRules(null, null, List.of(new GuardRules.DenyTermList("people",
            List.of("Lorcan Whitfield", "王秀英", "Project 夜莺"), Action.REDACT, null, null)));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "私はLorcan Whitfieldです。            | 私は[REDACTED]です。",
            "私はＬｏｒｃａｎ Ｗｈｉｔｆｉｅｌｄです。  | 私は[REDACTED]です。",
            "我认识王秀英先生。                      | 我认识[REDACTED]先生。",
            "关于Project 夜莺计划                   | 关于[REDACTED]计划",
            "Lorcan Whitfieldson                   | Lorcan Whitfieldson",
    })
    void termsAreFoundOnWordBoundariesNextToKanaAndIdeographs(String text, String expected) {
        GuardPipeline p = new GuardPipeline(List.of(new DenyTermStage(PEOPLE.denyTerms())), new RulesPolicy(PEOPLE));
        String whole = p.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
        assertThat(whole).isEqualTo(expected);
        GuardSession s = p.open(new ScanContext("r", null, null, null), null);
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < text.length(); i += 2) {
            streamed.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + 2))).text());
        }
        streamed.append(s.finish(Channel.content(0)).text());
        assertThat(streamed.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "José Núñez | Jose Nunez",
            "José Núñez | JOSÉ NÚÑEZ",
            "José Núñez | Jose\u0301 Nun\u0303ez",
            "José Núñez | Ｊｏｓé Ｎúñｅｚ",
            "Jose Nunez | José Núñez",
            "Jose Nunez | JOSÉ NÚÑEZ",
            "Jose\u0301 Nun\u0303ez | José Núñez",
    })
    void aTermIsFoundWithAndWithoutItsAccentsAndTheFindingSpansTheRawText(String term, String written) {
        GuardRules rules = new GuardRules(null, null,
                List.of(new GuardRules.DenyTermList("people", List.of(term), Action.REDACT, null, null)));
        GuardPipeline p = new GuardPipeline(List.of(new DenyTermStage(rules.denyTerms())), new RulesPolicy(rules));
        String text = "Ask " + written + " today.";
        GuardSession s = p.open(new ScanContext("r", null, null, null), null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo("Ask [REDACTED] today.");
        assertThat(s.findings()).extracting(f -> f.finding().start() + "-" + f.finding().end())
                .containsExactly("4-" + (4 + written.length()));
    }
}
