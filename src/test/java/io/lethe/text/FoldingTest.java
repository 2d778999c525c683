package io.lethe.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FoldingTest {

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // ASCII: case only
            "A | a", "z | z", "0 | 0", "- | -",
            // decomposed by NFKD, marks dropped
            "é | e", "É | e", "Ñ | n", "ñ | n", "Å | a", "å | a", "ü | u", "ç | c", "ș | s", "Ț | t", "ễ | e",
            "ă | a", "ę | e", "ż | z", "İ | i",
            // compatibility forms
            "Ａ | a", "ｚ | z", "１ | 1", "\u212A | k", "µ | μ",
            // Latin letters with a stroke, bar or dot removed, which have no decomposition (by their Unicode name)
            "ø | o", "Ø | o", "ł | l", "Ł | l", "đ | d", "Đ | d", "ħ | h", "ı | i", "ƶ | z", "Ǿ | o",
            // other scripts: case folding, accents dropped
            "Σ | σ", "ς | σ", "ά | α", "Ж | ж", "Ё | е", "й | и",
            // expanding foldings are not done: the char stays, case-folded
            "ß | ß", "ẞ | ß", "æ | æ", "Æ | æ", "œ | œ", "Œ | œ", "ﬁ | ﬁ", "þ | þ",
            // no case: unchanged
            "王 | 王", "한 | 한",
    })
    void foldsOneCharToOne(char in, char out) {
        assertThat(Folding.fold(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "José Núñez | jose nunez",
            "Jose\u0301 Nun\u0303ez | jose nunez",
            "JOSÉ NÚÑEZ | jose nunez",
            "Zo\u200Bë | zoe",
            "Weiß | weiß",
            "WEIẞ | weiß",
            "ΟΔΥΣΣΕΥΣ | οδυσσευσ",
            "Işık | isik",
    })
    void foldsStringsDroppingMarksAndFormatChars(String in, String out) {
        assertThat(Folding.fold(in)).isEqualTo(out);
    }

    @Test
    void marksAndFormatCharsAreIgnorableAndKeptByTheCharFolding() {
        for (char c : new char[] {'\u0301', '\u0303', '\u200B', '\u200D', '\u00AD', '\uFE0F'}) {
            assertThat(Folding.isIgnorable(c)).as("U+%04X", (int) c).isTrue();
            assertThat(Folding.fold(c)).as("U+%04X", (int) c).isEqualTo(c);
        }
        assertThat(Folding.isIgnorable('e')).isFalse();
        assertThat(Folding.isIgnorable('é')).isFalse();
    }

    @Property(tries = 300)
    void theStringFoldingIsTheCharFoldingWithoutIgnorableChars(@ForAll("mixed") String s) {
        StringBuilder expected = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (!Folding.isIgnorable(c)) {
                expected.append(Folding.fold(c));
            }
        }
        assertThat(Folding.fold(s)).isEqualTo(expected.toString());
    }

    @Property(tries = 300)
    void foldingIsIdempotent(@ForAll("mixed") String s) {
        String once = Folding.fold(s);
        assertThat(Folding.fold(once)).isEqualTo(once);
    }

    @Test
    void everyBmpCharFoldsToACharThatFoldsToItself() {
        for (int c = 0; c < 0x10000; c++) {
            char f = Folding.fold((char) c);
            assertThat(Folding.fold(f)).as("U+%04X", c).isEqualTo(f);
            assertThat(Folding.isIgnorable(f)).as("U+%04X", c).isEqualTo(Folding.isIgnorable((char) c));
        }
    }

    @Provide
    Arbitrary<String> mixed() {
        return Arbitraries.strings().withChars("aAéÉøØłŁıİßẞæΣςσЁё\u0301\u0303\u200B\u00ADＡ１王 -".toCharArray())
                .ofMaxLength(24);
    }
}
