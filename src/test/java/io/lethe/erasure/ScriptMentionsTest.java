package io.lethe.erasure;

import io.lethe.guard.Finding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mentions in scripts written without spaces between words (Chinese, Japanese, Thai) and next to Latin
 * text, found on UAX #29 word boundaries: each finding spans the mention exactly (UTF-16 offsets), so a
 * redaction takes the name and leaves the particles and punctuation attached to it.
 */
class ScriptMentionsTest {

    /** {@code erasure id:raw text of the finding} for every finding, sorted. */
    static String findings(String text) {
        return ScriptFixtures.scanWhole(text).stream()
                .map(f -> f.erasureId() + ":" + text.substring(f.start(), f.end()))
                .sorted().collect(Collectors.joining(" | "));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            // the reported inputs
            "私はLorcan Whitfieldです。メールはl.whitfield@example.orgです。; e-lorcan:Lorcan Whitfield | e-lorcan:l.whitfield@example.org",
            "我认识王秀英先生。; e-wang:王秀英",
            // a Chinese name at the start, at the end, in quotes, next to enumeration commas
            "王秀英先生来了。; e-wang:王秀英",
            "昨天我见到了王秀英; e-wang:王秀英",
            "他说「王秀英」、李明和我都在。; e-wang:王秀英",
            "王秀英、王秀英。; e-wang:王秀英 | e-wang:王秀英",
            // Japanese: a katakana name with its middle dot, a kanji name written without the registered space
            "私はロルカン・ウィットフィールドです。; e-lorcan-kana:ロルカン・ウィットフィールド",
            "ロルカン・ウィットフィールドさんへ; e-lorcan-kana:ロルカン・ウィットフィールド",
            "山田太郎さんは東京に住んでいます。; e-yamada:山田太郎",
            "山田　太郎様; e-yamada:山田　太郎",
            // a number after kana is a number; digits glued to Latin letters are not
            "電話は0312345678です。; e-lorcan:0312345678",
            "コードA0312345678です。; ''",
            // Korean is written with spaces; Thai without, its vowel marks attached to their letters
            "김민준 씨는 서울에 산다.; e-kim:김민준",
            "ผมชื่อสมศักดิ์ครับ; e-somsak:สมศักดิ์",
            // Latin names stay whole words
            "Ann Lee called.; e-ann:Ann Lee",
            "Annlee called.; ''",
            "Ann Leeson called.; ''",
            "私はAnn Leeです。; e-ann:Ann Lee",
            "Lorcan Whitfieldson wrote.; ''",
    })
    void findsNamesOnWordBoundariesInEveryScript(String text, String expected) {
        assertThat(findings(text)).isEqualTo(expected);
    }

    @Test
    void theReportedInputsAreFoundAtTheirExactOffsets() {
        // given
        String japanese = "私はLorcan Whitfieldです。メールはl.whitfield@example.orgです。";
        String chinese = "我认识王秀英先生。";
        // when / then: UTF-16 offsets, the kana and ideographs around the mentions left out
        assertThat(ScriptFixtures.scanWhole(japanese)).extracting(f -> f.rule() + "@" + f.start() + "-" + f.end())
                .containsExactlyInAnyOrder("name@2-18", "email@25-48");
        assertThat(ScriptFixtures.scanWhole(chinese)).extracting(f -> f.rule() + "@" + f.start() + "-" + f.end())
                .containsExactly("alias@3-6");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            "私はLorcan Whitfieldです。; 私は[REDACTED]です。",
            "我认识王秀英先生。; 我认识[REDACTED]先生。",
            "メールはl.whitfield@example.orgです。; メールは[REDACTED]です。",
            "私はロルカン・ウィットフィールドです。; 私は[REDACTED]です。",
            "ผมชื่อสมศักดิ์ครับ; ผมชื่อ[REDACTED]ครับ",
    })
    void aRedactionRemovesTheNameAndKeepsTheAttachedKana(String text, String expected) {
        assertThat(ScriptFixtures.redactWhole(text)).isEqualTo(expected);
        for (int size = 1; size <= 4; size++) {
            assertThat(ScriptFixtures.redactStreamed(text, ScriptFixtures.every(size, text.length())))
                    .as("chunks of %d", size).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            // twelve and more consecutive chars of the registered passage, inside other text
            "她说：她每天清晨都在河边的老柳树下读信。; e-wang:她每天清晨都在河边的老柳树下读",
            "每天清晨都在河边的老柳; ''",
    })
    void aChinesePassageIsReproducedCharByChar(String text, String expected) {
        assertThat(findings(text)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- streamed = whole

    record Case(String text, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> mixedScriptTexts() {
        Arbitrary<String> filler = Arbitraries.of("我", "认识", "先生", "。", "「", "」", "、", "です", "私は",
                "メールは", "さん", "ครับ", " ", "王", "秀", "山田", "李明", "x", "3", "-", ".", "@", "电话");
        Arbitrary<String> mention = Arbitraries.of("王秀英", "Lorcan Whitfield", "l.whitfield@example.org",
                "ロルカン・ウィットフィールド", "山田太郎", "김민준", "สมศักดิ์", "0312345678", "Ann Lee");
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(4, filler), Tuple.of(1, mention))
                .list().ofMaxSize(30).map(l -> String.join("", l));
        return text.flatMap(t -> Arbitraries.integers().between(1, Math.max(1, t.length())).list().ofMaxSize(15)
                .map(cuts -> new Case(t, cuts)));
    }

    /** An "@" before an address is punctuation: the address after it is held like any other (found by CI). */
    @org.junit.jupiter.api.Test
    void anAtSignBeforeAnAddressDoesNotReleaseIt() {
        String text = "@l.whitfield@example.org我";
        assertThat(ScriptFixtures.redactStreamed(text, List.of(13))).isEqualTo(ScriptFixtures.redactWhole(text))
                .isEqualTo("@[REDACTED]我");
    }

    @Property(tries = 300)
    void streamedEqualsWholeInEveryChunking(@ForAll("mixedScriptTexts") Case c) {
        // given
        String whole = ScriptFixtures.redactWhole(c.text());
        // when
        String streamed = ScriptFixtures.redactStreamed(c.text(), c.cuts());
        // then
        assertThat(streamed).isEqualTo(whole);
        // names of single-char words are found wherever their chars stand together (a katakana name is not
        // when more katakana follows: UAX #29 keeps a katakana run one word, WB13)
        for (String cjk : List.of("王秀英", "山田太郎", "สมศักดิ์")) {
            assertThat(whole).doesNotContain(cjk);
        }
    }

    @Property(tries = 300)
    void findingsDoNotDependOnTheChunking(@ForAll("mixedScriptTexts") Case c) {
        // given
        List<Finding> whole = ScriptFixtures.scanWhole(c.text());
        // when
        var scanner = ScriptFixtures.stage().open(ScriptFixtures.CTX, io.lethe.guard.Channel.content(0));
        List<Finding> streamed = new java.util.ArrayList<>();
        for (int cut : c.cuts().stream().filter(x -> x > 0 && x < c.text().length()).distinct().sorted().toList()) {
            streamed.addAll(scanner.scan(ObfuscationFixtures.window(c.text().substring(0, cut), false)).findings());
        }
        streamed.addAll(scanner.scan(ObfuscationFixtures.window(c.text(), true)).findings());
        // then
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(whole);
    }
}
