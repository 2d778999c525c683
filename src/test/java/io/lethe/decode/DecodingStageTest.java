package io.lethe.decode;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.DenyTermDetector;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    static final GuardStage DENY = DenyTermDetector.stage(RULES.denyTerms());
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
        GuardStage deny = DenyTermDetector.stage(rules.denyTerms());
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

    static final GuardRules SHORT_RULES = new GuardRules(null, null,
            List.of(new GuardRules.DenyTermList("people", List.of("Basil Mahfouz", "Ana Li", "王秀英", "宋嘉懿"), Action.REDACT,
                    null, null)));
    static final GuardStage SHORT_DENY = DenyTermDetector.stage(SHORT_RULES.denyTerms());
    static final GuardPipeline SHORT_PIPELINE = new GuardPipeline(List.of(SHORT_DENY,
            new DecodingStage(List.of(SHORT_DENY), 16, 2)), new RulesPolicy(SHORT_RULES));

    /** {@code term} encoded as {@code form} says. */
    static String encode(String form, String term) {
        if (form.startsWith("decimal")) {
            return term.codePoints().mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(form.equals("decimal") ? " " : ", "));
        }
        byte[] b = term.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            String h = HexFormat.of().toHexDigits(x);
            switch (form) {
                case "\\x" -> sb.append("\\x").append(h);
                case "\\\\x" -> sb.append("\\\\x").append(h);
                case "0x" -> sb.append(sb.isEmpty() ? "" : " ").append("0x").append(h.toUpperCase());
                case "0x," -> sb.append(sb.isEmpty() ? "" : ", ").append("0x").append(h);
                case "spaced" -> sb.append(sb.isEmpty() ? "" : " ").append(h);
                case "colons" -> sb.append(sb.isEmpty() ? "" : ":").append(h);
                case "hex" -> sb.append(h);
                case "base64" -> {
                    return Base64.getEncoder().withoutPadding().encodeToString(b);
                }
                case "base64url" -> {
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                }
                default -> throw new IllegalArgumentException(form);
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', value = {
            "\\x       | Basil Mahfouz",
            "\\\\x   | Basil Mahfouz",
            "0x          | Basil Mahfouz",
            "0x,         | Basil Mahfouz",
            "spaced      | Basil Mahfouz",
            "colons      | Basil Mahfouz",
            "\\x       | 王秀英",
            "spaced      | Ana Li",
            // runs shorter than 16 chars that look encoded: "QW5hIExp", "416e61204c69", "546L56eA6Iux"
            "base64      | Ana Li",
            "hex         | Ana Li",
            "base64url   | 王秀英",
            // base64 ending in "/" (or "+"), which also ends sentences and paths: "5a6L5ZiJ5oe/" (untuned dev split)
            "base64      | 宋嘉懿",
            // decimal character codes (red team 11 #6)
            "decimal     | Basil Mahfouz",
            "decimal,    | Ana Li",
            "decimal,    | 王秀英",
    })
    void hexBytesOneByOneAndShortRunsAreDecoded(String form, String term) {
        String encoded = encode(form.strip(), term.strip());
        String text = "Output: " + encoded + " (decode it)";
        String expected = "Output: [REDACTED] (decode it)";
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), text)).isEqualTo(expected);
        for (int size = 1; size <= 5; size++) {
            GuardSession s = SHORT_PIPELINE.open(CTX, null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            out.append(s.finish(Channel.content(0)).text());
            assertThat(out.toString()).as("chunks of %d", size).isEqualTo(expected);
        }
    }

    /** An encoded value after "key=": a URL query parameter, a log field, padded or not (the key stays). */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', value = {
            "https://search.example.org/find?q={0}&lang=en | base64    | Basil Mahfouz",
            "https://search.example.org/find?q={0}&lang=en | base64pad | Ana Li",
            "https://search.example.org/find?q={0}&lang=en | base64url | 王秀英",
            "https://search.example.org/find?q={0}&lang=en | hex       | Basil Mahfouz",
            "https://search.example.org/find?q={0}          | base64pad | Basil Mahfouz",
            "user={0} action=login                          | base64pad | Basil Mahfouz",
            "token=abc123=={0}                              | base64    | Basil Mahfouz",
            "x={0}=y                                        | base64pad | Ana Li",
    })
    void anEncodedValueAfterAKeyIsDecodedOnItsOwn(String template, String form, String term) {
        String f = form.strip();
        String encoded = f.equals("base64pad")
                ? Base64.getEncoder().encodeToString(term.strip().getBytes(StandardCharsets.UTF_8))
                : encode(f, term.strip());
        String text = template.strip().replace("{0}", encoded);
        String redacted = SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), text);
        assertThat(redacted).doesNotContain(encoded).contains("[REDACTED]");
        // the key before the value is not swallowed
        String key = template.strip().substring(0, template.strip().indexOf("{0}"));
        assertThat(redacted).startsWith(key.endsWith("==") ? key.substring(0, key.length() - 2) : key);
        for (int size = 1; size <= 7; size += 3) {
            GuardSession s = SHORT_PIPELINE.open(CTX, null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            out.append(s.finish(Channel.content(0)).text());
            assertThat(out.toString()).as("chunks of %d", size).isEqualTo(redacted);
        }
    }

    @Test
    void characterCodesOneALineZeroPaddedOrOfDigitsAreDecoded() {
        String codes = "Basil Mahfouz".codePoints().mapToObj(c -> String.format("%03d", c))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), "Codes:\n" + codes + "\nend"))
                .isEqualTo("Codes:\n[REDACTED]\nend");
        // a long list is cut into sequences of 64: a stream of numbers is not held to its end
        StringBuilder years = new StringBuilder();
        for (int y = 0; y < 500; y++) {
            years.append(1500 + y).append(' ');
        }
        GuardSession s = SHORT_PIPELINE.open(CTX, null);
        String released = s.append(Channel.content(0), years.toString()).text();
        assertThat(released.length()).isGreaterThan(years.length() - 64 * 5 - 10);
    }

    @Test
    void characterCodesInCodeAreDecoded() {
        String codes = encode("decimal,", "Basil Mahfouz").replace(" ", "");
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), "String.fromCharCode(" + codes + ")"))
                .isEqualTo("String.fromCharCode([REDACTED])");
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), "bytes([" + encode("decimal,", "Ana Li")
                + "])")).isEqualTo("bytes([[REDACTED]])");
    }

    @Test
    void aFinalUnderscoreOfUrlSafeBase64IsPartOfTheRun() {
        // "王秀英 !?" is 12 bytes whose last is "?": the encoding ends in "_"
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString("王秀英 !?".getBytes(StandardCharsets.UTF_8));
        assertThat(encoded).endsWith("_");
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), "x " + encoded + " y"))
                .isEqualTo("x [REDACTED] y");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The bytes be ad de fa ce were fine, and 0x41 0x42 0x43 too.",
            "Scores: 65, 66, 67, 68, 69 and 70; ids 4a:75 and \\x41\\x42.",
            "In 1969 1970 1971 and 1972 prices were 120, 125, 130, 135; call 415 555 0142.",
            "iPhone, MacBook, JavaScript and PowerPoint are words, and so is McDonald.",
            "The hash 9f86d081 and the key QW5hIEx are short.",
    })
    void shortTokensThatDoNotDecodeToATermPassUnchanged(String text) {
        assertThat(SHORT_PIPELINE.open(CTX, null).scanWhole(Channel.content(0), text)).isEqualTo(text);
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
