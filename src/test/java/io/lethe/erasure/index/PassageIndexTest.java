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

    // ---- edited reproductions ----

    static final String NOVEL = "Casimir Vell kept the ferryman's ledger in a tin box under the floor of the signal hut, "
            + "and every winter he copied the names of the drowned into it by lamplight, slowly, as if the ink "
            + "might refuse him, until the pages smelled of paraffin and salt and the box would no longer close "
            + "over the weight of so many careful hands.";

    static List<String> spans(PassageIndex index, String text) {
        List<String> out = new ArrayList<>();
        for (PassageIndex.Hit h : index.findAll(text)) {
            out.add(h.ordinal() + ":" + text.substring(h.start(), h.end()));
        }
        return out;
    }

    @Test
    void aReproductionWithAWordChangedDroppedInsertedOrSwappedEveryTenWordsIsOneFindingOverItsWholeExtent() {
        // given: the passage with a word changed, one dropped, one inserted and two swapped
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL)));
        String edited = "Casimir Vell kept the ferryman's ledger in a tin chest under the floor of the signal hut, "
                + "and every winter he copied names of the drowned into it by lamplight, slowly, as if the ink "
                + "might well refuse him, until the pages smelled of paraffin and salt and box the would no longer "
                + "close over the weight of so many careful hands.";
        // when / then: one finding from the first word to the last, the tail after the last edit included
        assertThat(spans(index, "Here it is: " + edited + " Shall I go on?")).containsExactly("0:" + edited.substring(0,
                edited.length() - 1));
    }

    @Test
    void editsEveryFourWordsLeaveTooLittleToChainAndNoFindingIsMade() {
        // given: one word in four replaced, so no 4-word shingle survives
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL)));
        String[] w = NOVEL.split(" ");
        for (int i = 3; i < w.length; i += 4) {
            w[i] = "zzz";
        }
        // then
        assertThat(index.findAll(String.join(" ", w))).isEmpty();
    }

    @Test
    void passageFragmentsOutOfTheirOrderDoNotChain() {
        // given: eight-word pieces of the passage in reverse order (each below the coverage on its own)
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL)));
        String[] w = NOVEL.split(" ");
        StringBuilder text = new StringBuilder();
        for (int i = 48; i >= 0; i -= 8) {
            text.append(String.join(" ", java.util.Arrays.copyOfRange(w, i, i + 8))).append(". ");
        }
        // then
        assertThat(index.findAll(text)).isEmpty();
    }

    @Test
    void twoPiecesOfSixWordsWithAGapOfFiveAreAFindingButWithAGapBeyondTheLimitAreNot() {
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL)));
        String[] w = NOVEL.split(" ");
        String first = String.join(" ", java.util.Arrays.copyOfRange(w, 0, 6));
        String second = String.join(" ", java.util.Arrays.copyOfRange(w, 11, 17));
        // 5 passage words left out and 5 others written in their place: the chain holds
        assertThat(index.findAll(first + " one two three four five " + second)).hasSize(1);
        // 15 words in between: over MAX_GAP, two pieces of 6 words each, no finding
        assertThat(index.findAll(first + " one two three four five six seven eight nine ten eleven twelve thirteen "
                + "fourteen fifteen " + String.join(" ", java.util.Arrays.copyOfRange(w, 21, 27)))).isEmpty();
    }

    // ---- distinctiveness ----

    static final String FURNITURE = "Sign up for the Harbour Ledger daily digest and receive our best stories by email "
            + "every weekday morning at seven.";

    static final String[] ARTICLES = {
            "The ferry to Skellan Isle will stop for six weeks while divers inspect the slipway that cracked in the January gale.",
            "Orla Breck, who has kept bees on the cliff path since 1987, lost nine hives to the hard frost and asks walkers for patience.",
            "A brass band from Quenby Mill marched through the market square to mark two centuries of the weaving cooperative there.",
            "Councillors voted seven to four for a speed camera outside the infant school after a cyclist was struck near the bakery.",
            "The lifeboat crew rescued two anglers stranded by the rising tide below Gullhaven lighthouse late on Sunday evening."};

    static String article(int i) {
        return ARTICLES[i];
    }

    @Test
    void furnitureManyRegisteredPassagesShareIsNoFindingButEachPassagesOwnTextIs() {
        // given: five registered pages of one site, each an article followed by the same sign-up box
        List<List<String>> passages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            passages.add(List.of(article(i) + " " + FURNITURE));
        }
        PassageIndex index = PassageIndex.build(passages);
        // when: an unrelated page of the same site carries the box
        String unrelated = "The harbour master retired after forty years. " + FURNITURE;
        // then: nothing; but a page's own article is found: the box never starts a finding, and it continues
        // one only where it follows the article as in the registered page
        assertThat(index.findAll(unrelated)).isEmpty();
        String page = article(3) + " " + FURNITURE;
        assertThat(spans(index, page)).containsExactly("3:" + page.substring(0, page.length() - 1));
        String boxFirst = FURNITURE + " " + article(3);
        assertThat(spans(index, boxFirst)).containsExactly("3:" + article(3).substring(0, article(3).length() - 1));
    }

    @Test
    void furnitureInTheBackgroundCorpusIsNoFindingEvenForOneRegisteredPage() {
        // given: one registered page with a video notice and a cookie banner the background corpus knows
        String notice = "This video can not be played. To play this video you need to enable JavaScript in your browser.";
        String cookies = "We use cookies to give you the best experience on our website.";
        PassageIndex index = PassageIndex.build(List.of(List.of(notice + " " + article(1) + " " + cookies)));
        // then: another page with the same furniture is not a reproduction
        assertThat(index.findAll(notice + " The harbour master retired after forty years. " + cookies)).isEmpty();
        assertThat(index.findAll(notice + " " + article(1))).hasSize(1);
    }

    @Test
    void theBackgroundCorpusHoldsTheFurnitureTheIssueNamesButNotOrdinaryPassageText() {
        for (String furniture : List.of("to play this video you need to enable JavaScript in your browser",
                "is not responsible for the content of external sites",
                "by continuing to browse the site you are agreeing to our use of cookies")) {
            for (long s : PassageIndex.shingles(furniture)) {
                assertThat(PassageBackground.shingles().get(s, -1)).as(furniture).isPositive();
            }
        }
        long known = java.util.Arrays.stream(PassageIndex.shingles(NOVEL))
                .filter(s -> PassageBackground.shingles().get(s, -1) > 0).count();
        assertThat(known).isZero();
    }

    @Test
    void theSameTextRegisteredByTwoErasuresIsFoundForBoth() {
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL), List.of(), List.of(NOVEL)));
        List<Integer> ordinals = new ArrayList<>();
        index.findAll("He wrote: " + NOVEL).forEach(h -> ordinals.add(h.ordinal()));
        assertThat(ordinals).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void anArticleRegisteredUnderFiveSitesFurnitureStaysDistinctive() {
        // given: the same article scraped from five sites, each with its own furniture
        List<List<String>> passages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            passages.add(List.of("Site " + (char) ('A' + i) + " edition banner number " + i + ". " + NOVEL));
        }
        PassageIndex index = PassageIndex.build(passages);
        // then: its shingles are shared five times, as much as the passages themselves are: still found
        assertThat(index.findAll(NOVEL)).hasSize(5);
    }

    @Test
    void aDeltaSegmentsPassagesCountInTheBaseSegmentsWeights() {
        // given: one base page with the sign-up box, then four more pages with it in a delta segment
        PassageIndex base = PassageIndex.build(List.of(List.of(article(0) + " " + FURNITURE)));
        String unrelated = "The harbour master retired after forty years. " + FURNITURE;
        assertThat(base.findAll(unrelated)).as("alone, the box is that page's own text").hasSize(1);
        List<List<String>> more = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            more.add(List.of(article(i) + " " + FURNITURE));
        }
        PassageIndex delta = PassageIndex.build(more, base);
        // then: scanned beside the delta, the base no longer finds the box; the delta does not either
        assertThat(base.findAll(unrelated, delta)).isEmpty();
        assertThat(delta.findAll(unrelated, base)).isEmpty();
        assertThat(base.findAll(article(0), delta)).hasSize(1);
    }

    @Test
    void weightIsOneUpToThePassagesOwnLevelHalfAtTwiceAndNothingAtFourTimes() {
        assertThat(PassageIndex.weight(1, 1)).isEqualTo(1.0);
        assertThat(PassageIndex.weight(2, 1)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PassageIndex.weight(4, 1)).isEqualTo(0.0);
        assertThat(PassageIndex.weight(9, 1)).isEqualTo(0.0);
        assertThat(PassageIndex.weight(5, 5)).isEqualTo(1.0);
        assertThat(PassageIndex.weight(PassageIndex.STOP_DF, PassageIndex.STOP_DF)).isEqualTo(0.0);
    }

    // ---- holds ----

    @Test
    void aStreamHoldsAPartialMatchOnlyWhileItCouldStillBecomeAFinding() {
        PassageIndex index = PassageIndex.build(List.of(List.of(NOVEL)));
        PassageIndex.Cursor c = index.cursor();
        List<PassageIndex.Hit> out = new ArrayList<>();
        // six words of the passage: a chain that could still qualify is held from its start
        String text = "Note: Casimir Vell kept the ferryman's ledger ";
        assertThat(c.feed(text, text.length(), false, out)).isEqualTo("Note: ".length());
        // thirteen unrelated words later the chain can no longer continue: all of it is released
        text += "and then we talked about gardens and the weather for a long while ";
        assertThat(c.feed(text, text.length(), false, out)).isEqualTo(text.length());
        assertThat(out).isEmpty();
        // the last words of the passage: fewer left than the coverage needs, so nothing is held for them
        String tail = "so many careful hands";
        PassageIndex.Cursor d = index.cursor();
        String t2 = "over the weight of " + tail + " ";
        assertThat(d.feed(t2, t2.length(), false, out)).isEqualTo(t2.length());
    }

    @Test
    void aPassageShorterThanTwelveWordsIsFoundWhenReproducedWholeAndOnlyThen() {
        // given: API.md's own example, 6 words, beside a long passage
        String shortOne = "verbatim text that must not be reproduced";
        PassageIndex index = PassageIndex.build(List.of(List.of(shortOne, PASSAGE)));
        // then: whole, in any case and spacing, it is a finding; five of its words are not
        String whole = "He said: Verbatim  text that MUST not be reproduced, twice.";
        assertThat(index.findAll(whole)).singleElement()
                .satisfies(h -> assertThat(whole.substring(h.start(), h.end())).isEqualTo("Verbatim  text that MUST not be reproduced"));
        assertThat(index.findAll("verbatim text that must not be")).isEmpty();
        assertThat(index.findAll("text that must not be reproduced")).isEmpty();
        // and streamed one char at a time: the same hit, never released before it is found
        String text = "Intro words. " + whole + " The end.";
        List<PassageIndex.Hit> expected = index.findAll(text);
        PassageIndex.Cursor c = index.cursor();
        List<PassageIndex.Hit> got = new ArrayList<>();
        for (int i = 1; i <= text.length(); i++) {
            int hold = c.feed(text, i, false, got);
            if (got.isEmpty()) {
                assertThat(hold).isLessThanOrEqualTo(expected.get(0).start());
            }
        }
        c.feed(text, text.length(), true, got);
        assertThat(got).isEqualTo(expected);
        // the long passage keeps its 12 words
        assertThat(index.findAll("the lighthouse keeper's daughter didn't speak of the storm that took")).isEmpty();
    }
}
