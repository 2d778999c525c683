package io.lethe.erasure;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A redaction next to an emoji or a combining mark begins and ends on grapheme cluster boundaries (UAX #29):
 * it neither takes the selector, ZWJ, keycap, skin tone or tag chars of the emoji beside it, nor leaves the
 * marks of the name's own last letter behind.
 */
class GraphemeRedactionTest {

    static final String R = "[REDACTED]";
    static final String HEART = "\u2764\uFE0F";
    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    static final String KEYCAP = "#\uFE0F\u20E3";
    static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA";
    static final String SCOTLAND = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
    static final String THUMB = "\uD83D\uDC4D\uD83C\uDFFD";

    static final String NAME = "Marisol Quintanilla";

    static List<Arguments> emojiAndMarksBesideAName() {
        return List.of(
                arguments("heart before", HEART + NAME + "!", HEART + R + "!"),
                arguments("heart after", NAME + HEART + "!", R + HEART + "!"),
                arguments("family before", FAMILY + NAME + ".", FAMILY + R + "."),
                arguments("family after", NAME + FAMILY + ".", R + FAMILY + "."),
                arguments("keycap before", KEYCAP + NAME, KEYCAP + R),
                // a digit keycap glued to the name is one word with it (WB4, WB9/WB10): found through the
                // leetspeak view's typo tolerance, and the redaction takes the keycap whole
                arguments("digit keycap glued before", "1\uFE0F\u20E3" + NAME + " won", R + " won"),
                arguments("digit keycap glued after", NAME + "1\uFE0F\u20E3 won", R + " won"),
                arguments("enclosing keycap on the last letter", NAME + "\u20E3 won", R + " won"),
                arguments("flags", FLAG + NAME + FLAG, FLAG + R + FLAG),
                arguments("tag-sequence flags", SCOTLAND + NAME + SCOTLAND, SCOTLAND + R + SCOTLAND),
                arguments("skin tones", THUMB + NAME + THUMB, THUMB + R + THUMB),
                arguments("ZWJ between the name and an emoji", NAME + "\u200D\uD83D\uDC69 hi", R + "\uD83D\uDC69 hi"),
                arguments("two selectors after the name", NAME + "\uFE0F\uFE0F and", R + " and"),
                arguments("decomposed accents", "I met Jose\u0301 Nu\u0301n\u0303ez.", "I met " + R + "."),
                arguments("accents ending the name", "I met Nu\u0301n\u0303ez, Jose\u0301\u0327 there.",
                        "I met " + R + " there."));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("emojiAndMarksBesideAName")
    void redactionsTakeWholeClusters(String name, String text, String expected) {
        assertThat(ScriptFixtures.redactWhole(text)).isEqualTo(expected);
        for (int size = 1; size <= 3; size++) {
            assertThat(ScriptFixtures.redactStreamed(text, ScriptFixtures.every(size, text.length())))
                    .as("%s in chunks of %d", name, size).isEqualTo(expected);
        }
    }

    /** A char that continues the cluster before it: what must never follow a replacement. */
    static boolean attaches(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
        // tag chars attach only to an emoji (a flag's tag sequence, kept whole by the SCOTLAND pieces); after a
        // name they are hidden text of their own (GraphemeSpans)
    }

    record Case(String text, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> namesBesideEmojiAndMarks() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(HEART, FAMILY, KEYCAP, "1\uFE0F\u20E3", FLAG, SCOTLAND, THUMB, "\u0301", "\uFE0F", "\u200D",
                        "\u20E3", "\uDB40\uDC7F", "\uD83C\uDFFD", " ", ". ", "a", "é", "\n")),
                Tuple.of(1, Arbitraries.of("Marisol Quintanilla", "José Núñez", "Jose\u0301 Nu\u0301n\u0303ez",
                        "Jos\\u00e9 N\\u00fa\\u00f1ez", "王秀英", "Lorcan Whitfield")));
        Arbitrary<String> text = piece.list().ofMaxSize(20).map(l -> String.join("", l));
        return text.flatMap(t -> Arbitraries.integers().between(1, Math.max(1, t.length())).list().ofMaxSize(15)
                .map(cuts -> new Case(t, cuts)));
    }

    @Property(tries = 400)
    void streamedEqualsWholeAndNoReplacementLeavesAMarkBehind(@ForAll("namesBesideEmojiAndMarks") Case c) {
        // given
        String whole = ScriptFixtures.redactWhole(c.text());
        // when
        String streamed = ScriptFixtures.redactStreamed(c.text(), c.cuts());
        // then
        assertThat(streamed).isEqualTo(whole);
        for (int at = whole.indexOf(R); at >= 0; at = whole.indexOf(R, at + 1)) {
            int after = at + R.length();
            if (after < whole.length()) {
                assertThat(attaches(whole.codePointAt(after))).as("char after a replacement in %s", whole).isFalse();
            }
        }
    }
}
