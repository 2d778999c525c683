package io.lethe.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class WordBreaksTest {

    /** The words of a text (maximal runs of word chars with no boundary inside), joined by "|". */
    static String words(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!WordBreaks.isWordChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = WordBreaks.wordEnd(text, i, text.length());
            out.add(text.substring(i, end));
            i = end;
        }
        return String.join("|", out);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            // WB5, WB8-WB10: Latin letters and digits are one word; WB999: kana and ideographs one each
            "私はLorcan Whitfieldです。; 私|は|Lorcan|Whitfield|で|す",
            "我认识王秀英先生。; 我|认|识|王|秀|英|先|生",
            "メールはl.whitfield@example.orgです; メール|は|l|whitfield|example|org|で|す",
            // WB13: a katakana run is one word, the middle dot between two is not part of either
            "ロルカン・ウィットフィールドさん; ロルカン|ウィットフィールド|さ|ん",
            // Hangul syllables are letters (words split at spaces only); Thai letters are words of their own
            "김민준 씨는; 김민준|씨는",
            "ผมชื่อ; ผ|ม|ชื่|อ",
            // WB9/WB10: letters and digits join; after kana a digit starts a new word
            "A123 電話0312; A123|電|話|0312",
            // WB4: a combining mark stays with its letter
            "Jose\u0301 Nu\u0301n\u0303ez; Jose\u0301|Nu\u0301n\u0303ez",
            // the context rules WB6/7 and WB11/12 are left to the matchers
            "don't 3.14; don|t|3|14",
            // supplementary ideographs (plane 2) are words; emoji are not word chars
            "\uD842\uDFB7野家\uD83D\uDE42ok; \uD842\uDFB7|野|家|ok",
    })
    void cutsTextIntoWordsByTheUax29PairRules(String text, String expected) {
        assertThat(words(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} at {1}")
    @CsvSource(delimiter = ';', value = {
            "Basil_Mahfouz; 5; false",   // WB13a: ExtendNumLet joins
            "Basil Mahfouz; 5; true",
            "xBasil; 1; false",
            "はL; 1; true",
            "王秀; 1; true",
            "Basil\u0301; 5; false",      // WB4: no boundary before an Extend char
            "Jose\u0301x; 5; false",      // the char before the mark decides (WB4)
            "a'b; 1; true",
            "; 0; true",
    })
    void isBoundaryReadsTheTwoSidesOfAnOffset(String text, int at, boolean boundary) {
        assertThat(WordBreaks.isBoundary(text == null ? "" : text, at)).isEqualTo(boundary);
    }

    @Test
    void onlyWordsOfTheirOwnMayTouch() {
        assertThat(WordBreaks.separatesWords("王秀", 1)).isTrue();
        assertThat(WordBreaks.separatesWords("はL", 1)).isTrue();
        assertThat(WordBreaks.separatesWords("AnnLee", 3)).isFalse();
        assertThat(WordBreaks.separatesWords("Ann Lee", 3)).isFalse();
        assertThat(WordBreaks.separatesWords("王\u0301秀", 2)).isTrue();
    }

    // ---------------------------------------------------------------- why not ICU's dictionary

    static List<String> dictionaryWords(String text) {
        BreakIterator it = BreakIterator.getWordInstance(ULocale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        int p = it.first();
        for (int q = it.next(); q != BreakIterator.DONE; p = q, q = it.next()) {
            out.add(text.substring(p, q));
        }
        return out;
    }

    static TreeSet<Integer> boundaries(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int i = 0; i <= text.length(); i++) {
            if (WordBreaks.isBoundary(text, i)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * A measurement kept as a test (ICU4J 77.1, root locale): the dictionary segmenter's boundaries depend on
     * the text on both sides, so a name is not always cut on its own edges, and a streamed prefix can be cut
     * differently from the whole; the UAX #29 default rules (this class) give every ideograph its own word.
     */
    @Test
    void dictionarySegmentationDependsOnContextAndPerCharacterWordsDoNot() {
        // the name alone and before 语 (英语, "English"): the dictionary glues its last char to the next word
        assertThat(dictionaryWords("王秀英")).containsExactly("王", "秀", "英");
        assertThat(dictionaryWords("王秀英语很好")).doesNotContain("英").contains("英语");
        // a prefix is cut differently once more text arrives: 研究生 | 研究 生命 ...
        assertThat(dictionaryWords("研究生")).containsExactly("研究生");
        assertThat(dictionaryWords("研究生命起源")).startsWith("研究", "生命");
        // and a katakana name is not a dictionary word
        assertThat(dictionaryWords("ウィットフィールド")).hasSizeGreaterThan(1);
        // per-character words: the name's edges are boundaries in every context
        assertThat(boundaries("王秀英语很好")).contains(0, 3);
        assertThat(boundaries("我认识王秀英先生")).contains(3, 6);
        assertThat(words("ウィットフィールド")).isEqualTo("ウィットフィールド");
    }

    @Provide
    Arbitrary<String> mixedTexts() {
        return Arbitraries.of("王", "秀", "英", "语", "研究", "生命", "です", "メール", "ロルカン", "・", "Lorcan", " ",
                "A1", "_", "x", "3.", "'", "\u0301", "\uFE0F", "\u200D", "김민준", "สม", "ศักดิ์", "\uD842\uDFB7", "\uD83D\uDE42")
                .list().ofMaxSize(20).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void theBoundariesOfAPrefixAreThoseOfTheWholeText(@ForAll("mixedTexts") String text) {
        TreeSet<Integer> whole = boundaries(text);
        for (int cut = 1; cut < text.length(); cut++) {
            String prefix = text.substring(0, cut);
            // every offset before the prefix's last char is decided by the chars the prefix already has
            TreeSet<Integer> expected = new TreeSet<>(whole.headSet(cut, false));
            TreeSet<Integer> got = new TreeSet<>(boundaries(prefix).headSet(cut, false));
            assertThat(got).as("prefix %d of %s", cut, text).isEqualTo(expected);
        }
    }
}
