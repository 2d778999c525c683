package io.lethe.erasure.index;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed equals whole for passage matching: texts made of passage pieces (edited or not), shared page
 * furniture and other words, cut into random chunks, give the hits of the whole text, and no chunk
 * boundary ever releases text a later hit covers.
 */
class PassageStreamingPropertyTest {

    static final String FURNITURE = "Sign up for the Harbour Ledger daily digest and receive our best stories by email "
            + "every weekday morning at seven.";
    /** A base segment (three pages sharing the furniture, one reproduced novel passage) and a delta beside it. */
    static final PassageIndex BASE = PassageIndex.build(List.of(
            List.of(PassageIndexTest.ARTICLES[0] + " " + FURNITURE),
            List.of(PassageIndexTest.NOVEL),
            List.of(PassageIndexTest.ARTICLES[1] + " " + FURNITURE)));
    static final PassageIndex DELTA = PassageIndex.build(List.of(
            List.of(PassageIndexTest.ARTICLES[2] + " " + FURNITURE),
            List.of(PassageIndexTest.ARTICLES[3] + " " + FURNITURE)), BASE);

    record Case(String text, List<Integer> cuts) {
    }

    static String piece(String passage, int from, int words, int editEvery) {
        String[] w = passage.split(" ");
        from = Math.min(from, Math.max(0, w.length - 1));
        String[] part = Arrays.copyOfRange(w, from, Math.min(w.length, from + words));
        if (editEvery > 0) {
            for (int i = editEvery; i < part.length; i += editEvery) {
                part[i] = i % 2 == 0 ? "changed" : "";
            }
        }
        return String.join(" ", part).replace("  ", " ");
    }

    @Provide
    Arbitrary<Case> texts() {
        Arbitrary<String> passagePiece = Arbitraries.integers().between(0, 50).flatMap(from ->
                Arbitraries.integers().between(3, 64).flatMap(words ->
                        Arbitraries.of(0, 0, 7, 11, 16).map(edit -> piece(PassageIndexTest.NOVEL, from, words, edit))));
        Arbitrary<String> page = Arbitraries.of(PassageIndexTest.ARTICLES).map(a -> piece(a, 0, 40, 0));
        Arbitrary<String> other = Arbitraries.of("and then", "the weather", "Quote:", "\u201c", "\u201d", "\n\n", "it's",
                "don't", "seven.", "every", "the", "harbour", "ledger");
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(3, passagePiece), Tuple.of(1, Arbitraries.just(FURNITURE)),
                        Tuple.of(1, page), Tuple.of(4, other))
                .list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join(" ", parts));
        return text.flatMap(t -> Arbitraries.integers().between(1, Math.max(1, t.length())).list().ofMaxSize(20)
                .map(cuts -> new Case(t, cuts)));
    }

    static List<PassageIndex.Hit> streamed(PassageIndex index, PassageIndex other, Case c, String text) {
        PassageIndex.Cursor cursor = index.cursor(other);
        List<PassageIndex.Hit> whole = index.findAll(text, other);
        List<PassageIndex.Hit> got = new ArrayList<>();
        List<Integer> cuts = new ArrayList<>(c.cuts());
        cuts.sort(Integer::compare);
        int lastHold = 0;
        for (int cut : cuts) {
            int hold = cursor.feed(text, cut, false, got);
            assertThat(hold).isGreaterThanOrEqualTo(lastHold).isLessThanOrEqualTo(cut);
            for (PassageIndex.Hit h : whole) {
                if (!got.contains(h)) {
                    assertThat(hold).as("text a later hit covers is still held").isLessThanOrEqualTo(h.start());
                }
            }
            lastHold = hold;
        }
        cursor.feed(text, text.length(), true, got);
        return got;
    }

    @Property(tries = 400)
    void streamedHitsEqualWholeHitsAndNothingAHitCoversIsReleasedEarly(@ForAll("texts") Case c) {
        String text = c.text();
        assertThat(streamed(BASE, DELTA, c, text)).isEqualTo(BASE.findAll(text, DELTA));
        assertThat(streamed(DELTA, BASE, c, text)).isEqualTo(DELTA.findAll(text, BASE));
    }

    @Example
    void theSharedFurnitureAloneIsNeverAHit() {
        String text = "Weather. " + FURNITURE + " " + FURNITURE.toUpperCase() + " ends";
        assertThat(BASE.findAll(text, DELTA)).isEmpty();
        assertThat(DELTA.findAll(text, BASE)).isEmpty();
    }
}
