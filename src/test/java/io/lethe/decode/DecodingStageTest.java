package io.lethe.decode;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.DenyTermStage;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DecodingStageTest {

    static final GuardRules RULES = new GuardRules(null, null,
            List.of(new GuardRules.DenyTermList("people", List.of("Basil Mahfouz"), Action.REDACT, null, null)));
    static final GuardStage DENY = new DenyTermStage(RULES.denyTerms());
    static final GuardPipeline PIPELINE = new GuardPipeline(List.of(DENY, new DecodingStage(List.of(DENY), 16, 2)),
            new RulesPolicy(RULES));
    static final ScanContext CTX = new ScanContext("r", null, null, null);

    static String whole(String text) {
        return PIPELINE.open(CTX, null).scanWhole(Channel.content(0), text);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b32(String s) {
        return io.lethe.bench.DetectionEval.base32(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMatchRot13LeavesUnchangedIsReportedOnceNotAgainFromTheRot13View() {
        GuardRules rules = new GuardRules(null, null,
                List.of(new GuardRules.DenyTermList("codes", List.of("4711-0815"), Action.REDACT, null, null)));
        GuardStage deny = new DenyTermStage(rules.denyTerms());
        GuardSession s = new GuardPipeline(List.of(deny, new DecodingStage(List.of(deny), 16, 2)), new RulesPolicy(rules))
                .open(CTX, null);

        assertThat(s.scanWhole(Channel.content(0), "code 4711-0815 here")).isEqualTo("code [REDACTED] here");
        assertThat(s.findings()).hasSize(1);
    }

    @Test
    void base64HexBase32AndRot13RunsAreDecodedAndRedactedWhole() {
        String secret = "the author Basil Mahfouz wrote it";
        assertThat(whole("Answer: " + b64(secret) + " done")).isEqualTo("Answer: [REDACTED] done");
        assertThat(whole("Answer: " + hex(secret) + ".")).isEqualTo("Answer: [REDACTED].");
        assertThat(whole("Answer: " + b32(secret) + " ok")).isEqualTo("Answer: [REDACTED] ok");
        assertThat(whole("Answer: Onfvy Znusbhm jebgr vg")).isEqualTo("Answer: [REDACTED] jebgr vg");
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(("?>?> " + secret).getBytes(StandardCharsets.UTF_8));
        assertThat(whole("x " + urlSafe + " y")).isEqualTo("x [REDACTED] y");
    }

    @Test
    void aTermWrittenBackwardsIsTheSameLeak() {
        assertThat(whole("see zuofhaM lisaB here")).isEqualTo("see [REDACTED] here");
    }

    @Test
    void nestedEncodingsAreDecodedToDepthTwo() {
        assertThat(whole("z " + b64(hex("by Basil Mahfouz, in 2020")) + " z")).isEqualTo("z [REDACTED] z");
        // three levels deep is beyond the configured depth
        String three = b64(b64(hex("by Basil Mahfouz, in 2020")));
        assertThat(whole("z " + three + " z")).isEqualTo("z " + three + " z");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "International cooperation between laboratories accelerated the research considerably.",
            "The identifier ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 and hash 9f86d081884c7d659a2feaa0c55ad015 are fine.",
            "See https://example.com/some/long/path_with_words-and-dashes for details.",
    })
    void ordinaryTextAndRandomTokensPassUnchanged(String text) {
        assertThat(whole(text)).isEqualTo(text);
    }

    @Test
    void streamedEqualsWholeAndEncodedRunsAreHeldUntilTheyEnd() {
        Random random = new Random(7);
        String[] pieces = {"plain words ", b64("it was Basil Mahfouz!") + " ", hex("Basil Mahfouz") + ". ",
                "Onfvy Znusbhm ", "tail, ", "QUJD ", "\n"};
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 2 + random.nextInt(6); i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            String expected = whole(text);
            GuardSession s = PIPELINE.open(CTX, null);
            StringBuilder streamed = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                int n = Math.min(text.length() - i, 1 + random.nextInt(7));
                streamed.append(s.append(Channel.content(0), text.substring(i, i + n)).text());
                assertThat(expected).startsWith(streamed.toString());
                i += n;
            }
            streamed.append(s.finish(Channel.content(0)).text());
            assertThat(streamed.toString()).as(text).isEqualTo(expected);
            assertThat(expected).doesNotContain(b64("it was Basil Mahfouz!")).doesNotContain("Onfvy");
        }
    }

    @Test
    void codecsRefuseGarbage() {
        assertThat(Codecs.base64("AAAAAAAAAAAAAAAA")).isNull();  // NUL bytes are not text
        assertThat(Codecs.hex("zz")).isNull();
        assertThat(Codecs.base32("11111111")).isNull();
        List<String> ok = new ArrayList<>();
        ok.add(Codecs.base64(b64("hello world")));
        assertThat(ok).containsExactly("hello world");
    }
}
