package io.lethe.erasure.index;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PassageIndexTest {

    static final String PASSAGE = "The lighthouse keeper's daughter didn't speak of the storm that took her father; "
            + "she wrote instead, night after night, letters to a sea that never answered her.";
    static final PassageIndex INDEX = PassageIndex.build(List.of(List.of(), List.of(PASSAGE)));

    static List<String> spans(String text) {
        List<String> out = new ArrayList<>();
        for (PassageIndex.Hit h : INDEX.findAll(text)) {
            out.add(h.ordinal() + ":" + text.substring(h.start(), h.end()));
        }
        return out;
    }

    @Test
    void twelveConsecutiveWordsAreAReproductionWhateverTheirFormatting() {
        String reproduced = "Quote: \u201cTHE LIGHTHOUSE keeper\u2019s daughter didn\u2019t speak\nof the   storm that took her "
                + "FATHER\u201d \u2014 lovely.";
        assertThat(spans(reproduced)).containsExactly(
                "1:THE LIGHTHOUSE keeper\u2019s daughter didn\u2019t speak\nof the   storm that took her FATHER");
    }

    @Test
    void elevenWordsAreNot() {
        assertThat(spans("the lighthouse keeper's daughter didn't speak of the storm that took")).isEmpty();
    }

    @Test
    void aLongerReproductionIsOneFindingSpanningIt() {
        String text = "Intro. she wrote instead, night after night, letters to a sea that never answered her. End.";
        assertThat(spans(text)).containsExactly("1:she wrote instead, night after night, letters to a sea that never answered her");
    }

    @Test
    void streamedChunksGiveTheSameHitsAndHoldOnlyPossibleBeginnings() {
        String text = "Unrelated words first. " + PASSAGE + " And then something else entirely, unrelated.";
        List<PassageIndex.Hit> whole = INDEX.findAll(text);
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            PassageIndex.Cursor c = INDEX.cursor();
            List<PassageIndex.Hit> got = new ArrayList<>();
            int i = 0;
            int lastHold = 0;
            while (i < text.length()) {
                int n = Math.min(text.length() - i, 1 + r.nextInt(9));
                i += n;
                int hold = c.feed(text, i, false, got);
                assertThat(hold).isGreaterThanOrEqualTo(lastHold);
                for (PassageIndex.Hit h : whole) {
                    if (!got.contains(h)) {
                        assertThat(hold).as("a hit not yet reported must still be held").isLessThanOrEqualTo(h.start());
                    }
                }
                lastHold = hold;
            }
            c.feed(text, text.length(), true, got);
            assertThat(got).isEqualTo(whole);
        }
        // words that cannot begin a reproduction are not held
        PassageIndex.Cursor c = INDEX.cursor();
        String prose = "Completely different prose about gardening ";
        assertThat(c.feed(prose, prose.length(), false, new ArrayList<>())).isEqualTo(prose.length());
    }

    @Test
    void inChineseAndJapaneseEachIdeographAndKanaIsAWord() {
        // given: passages written without spaces
        String zh = "她每天清晨都在河边的老柳树下读那封没有寄出的信。";
        String ja = "灯台守の娘は父を奪った嵐のことを話さなかった。";
        PassageIndex index = PassageIndex.build(List.of(List.of(zh), List.of(ja)));
        assertThat(PassageIndex.wordCount(zh)).isEqualTo(23);
        String text = "他写道：" + zh.substring(2, 16) + "。そして" + ja.substring(0, 13) + "と。";
        // when
        List<String> found = new ArrayList<>();
        for (PassageIndex.Hit h : index.findAll(text)) {
            found.add(h.ordinal() + ":" + text.substring(h.start(), h.end()));
        }
        // then: the reproduced chars exactly, not the text glued to them
        assertThat(found).containsExactly("0:" + zh.substring(2, 16), "1:" + ja.substring(0, 13));
        // and the same one char at a time
        PassageIndex.Cursor c = index.cursor();
        List<PassageIndex.Hit> streamed = new ArrayList<>();
        for (int i = 1; i <= text.length(); i++) {
            c.feed(text, i, i == text.length(), streamed);
        }
        assertThat(streamed).isEqualTo(index.findAll(text));
    }
}
