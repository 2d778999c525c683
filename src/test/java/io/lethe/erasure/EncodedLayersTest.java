package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encodings an outside tester got through the decoding stage (helper h106), for an invented person: base64 and hex
 * split by spaces or wrapped over lines at any width, and two or three layers of the codecs, ROT13 among them.
 * Each form is redacted whole, streamed char by char, in chunks of 1 to 7 and in random chunks alike; benign
 * texts that look like these forms stay unchanged. Failure messages give lengths only.
 */
class EncodedLayersTest {

    static final String NAME = "Thaddeus Brightwater";
    static final String MAIL = "thad.brightwater@example-fake.com";
    static final GuardPipeline PIPELINE = ObfuscationClassesTest.pipeline(List.<Object[]>of(
            new Object[] {"p-thad", new CompiledErasures.Spec(List.of(NAME), null, List.of(MAIL), null, null)}));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String rot13(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26)
                    : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 13) % 26) : c);
        }
        return sb.toString();
    }

    /** {@code s} in pieces of {@code width} chars joined by {@code sep}. */
    static String split(String s, int width, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i += width) {
            sb.append(i > 0 ? sep : "").append(s, i, Math.min(s.length(), i + width));
        }
        return sb.toString();
    }

    static final String NOTE = "Notes about " + NAME + " and " + MAIL;

    /** The encoded form a row names. */
    static String form(String kind) {
        return switch (kind) {
            case "b64 spaced 4" -> split(b64(NOTE), 4, " ");
            case "b64 spaced 4, name only" -> split(b64(NAME), 4, " ");
            case "b64 spaced 8" -> split(b64(NOTE), 8, " ");
            case "b64 spaced 4, no padding" -> split(b64(NOTE + "!"), 4, " ");
            case "b64 wrapped 19" -> split(b64(NOTE), 19, "\n");
            case "b64 wrapped 13 crlf" -> split(b64(NOTE), 13, "\r\n");
            case "b64 wrapped 20" -> split(b64(NOTE), 20, "\n");
            case "b64 wrapped 30" -> split(b64(NOTE), 30, "\n");
            case "hex spaced 4" -> split(hex(NAME + " wrote"), 4, " ");
            case "hex spaced 8" -> split(hex(NOTE), 8, " ");
            case "hex wrapped 18" -> split(hex(NOTE), 18, "\n");
            case "rot13 hex" -> hex(rot13(NAME));
            case "rot13 b64" -> b64(rot13(NAME));
            case "b64 hex" -> b64(hex(NAME));
            case "hex b64" -> hex(b64(NAME));
            case "b64 b64" -> b64(b64(NAME));
            case "b64 b64 rot13" -> b64(b64(rot13(NAME)));
            case "b64 hex rot13" -> b64(hex(rot13(NAME)));
            case "b64 hex mail" -> b64(hex(MAIL));
            case "rot13 b64 spaced" -> split(b64(rot13(NOTE)), 4, " ");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"b64 spaced 4", "b64 spaced 4, name only", "b64 spaced 8", "b64 spaced 4, no padding",
            "b64 wrapped 19", "b64 wrapped 13 crlf", "b64 wrapped 20", "b64 wrapped 30", "hex spaced 4", "hex spaced 8",
            "hex wrapped 18", "rot13 hex", "rot13 b64", "b64 hex", "hex b64", "b64 b64",
            "b64 b64 rot13", "b64 hex rot13", "b64 hex mail", "rot13 b64 spaced"})
    void encodedFormsAreRedactedWholeAndStreamed(String kind) {
        String enc = form(kind);
        for (String[] frame : new String[][] {{"Data: ", " end."}, {"", ""}, {"here ", " said she"}, {"Body:\n", "\nThanks."}}) {
            String text = frame[0] + enc + frame[1];
            String expected = frame[0] + "[REDACTED]" + frame[1];
            assertRedacts(text, expected);
        }
    }

    /** Ordinary prose with four-letter words, ids and base64 of other text: unchanged, whole and streamed. */
    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "They said that this work will take more time than they want, so move fast and keep your eyes open.",
            "Call them when they come back from work, then send mail with more info and data from each test.",
            "code that runs fast\nwith some more\nlines that look\nlike base data",
            "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b and 2c26b46b68ffc68ff99b453c1d30413413422d70 merged",
            "ids 123e4567-e89b-12d3-a456-426614174000 550e8400-e29b-41d4-a716-446655440000 ok",
            "dead beef cafe babe face feed 0123 4567 89ab cdef",
            "SGVs bG8s IHdv cmxk LCB0 aGlz IGlz IGEg dGVz dCBv ZiBi ZW5p Z24g dGV4 dC4=",
            "SGVsbG8sIHdvcmxkLCB0\naGlzIGlzIGEgdGVzdCBv\nZiBiZW5pZ24gdGV4dC4=",
            "Tom &amp; Jerry met at 50%25 off; see a&lt;b and x\\u0041y",
            "Thaddeus Smith and Jane Brightman went home.",
    })
    void benignTextsStayUnchanged(String text) {
        assertRedacts(text, text);
    }

    static void assertRedacts(String text, String expected) {
        GuardSession s = PIPELINE.open(ObfuscationClassesTest.CTX, null);
        String whole = s.scanWhole(Channel.content(0), text);
        assertThat(whole.equals(expected)).as("whole: %d chars, expected %d", whole.length(), expected.length()).isTrue();
        assertThat(ObfuscationClassesTest.streamedLikeWhole(PIPELINE, text, expected, false)).isNull();
        Random r = new Random(text.length());
        for (int round = 0; round < 20; round++) {
            GuardSession g = PIPELINE.open(ObfuscationClassesTest.CTX, null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); ) {
                int n = Math.min(text.length() - i, 1 + r.nextInt(round < 10 ? 5 : 40));
                out.append(g.append(Channel.content(0), text.substring(i, i + n)).text());
                i += n;
            }
            out.append(g.finish(Channel.content(0)).text());
            assertThat(out.toString().equals(expected)).as("random chunks, round %d: %d chars, whole %d", round,
                    out.length(), expected.length()).isTrue();
        }
    }
}
