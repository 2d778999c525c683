package io.lethe.classifier;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTest {

    private final Sentences sentences = new Sentences(400);

    static List<String> cut(Sentences s, String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int end = s.end(text, from, true);
            addPiece(out, text.substring(from, end));
            from = end;
        }
        return out;
    }

    /** Feeds the text in pieces, cutting whenever an end is known, as the stage does. */
    static List<String> cutStreamed(Sentences s, String text, int[] pieces) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int at = 0;
        for (int i = 0; i <= pieces.length; i++) {
            boolean complete = i == pieces.length;
            int to = complete ? text.length() : Math.min(text.length(), at + pieces[i]);
            sb.append(text, at, to);
            at = to;
            int end;
            while (from < sb.length() && (end = s.end(sb, from, complete)) >= 0) {
                addPiece(out, sb.substring(from, end));
                from = end;
            }
        }
        return out;
    }

    /** Pieces that are only white space (a line break after a sentence) are not sentences. */
    static void addPiece(List<String> out, String piece) {
        if (!piece.isBlank()) {
            out.add(piece.trim());
        }
    }

    @Test
    void cutsAtTerminatorsAndLineBreaksButNotAtInitialsAbbreviationsOrNumbers() {
        String text = "Dr. Jane Q. Doe wrote 3.5 books. She lived in St. Louis! Did she? Yes, e.g. twice.\nA list item";
        assertThat(cut(sentences, text)).containsExactly(
                "Dr. Jane Q. Doe wrote 3.5 books.", "She lived in St. Louis!", "Did she?", "Yes, e.g. twice.",
                "A list item");
    }

    @Test
    void aPeriodBeforeALowerCaseWordDoesNotEndTheSentence() {
        assertThat(cut(sentences, "It was approx. ten. then more. Then the end.")).containsExactly(
                "It was approx. ten. then more.", "Then the end.");
    }

    @Test
    void anUnfinishedSentenceWaitsForTheCharacterThatDecides() {
        assertThat(sentences.end("He left.", 0, false)).isEqualTo(-1);
        assertThat(sentences.end("He left. ", 0, false)).isEqualTo(-1);
        assertThat(sentences.end("He left. S", 0, false)).isEqualTo(8);
        assertThat(sentences.end("He left. s", 0, false)).isEqualTo(-1);
        assertThat(sentences.end("He left.", 0, true)).isEqualTo(8);
    }

    @Test
    void runOnTextIsCutAtASpaceWithinTheLimit() {
        Sentences small = new Sentences(40);
        String text = "word ".repeat(30);
        int end = small.end(text, 0, false);
        assertThat(end).isBetween(21, 40);
        assertThat(text.charAt(end - 1)).isEqualTo(' ');
    }

    @Property(tries = 300)
    void streamedCutsEqualWholeCuts(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 9) int maxPiece) {
        Random r = new Random(seed);
        String[] parts = {"The author was born in Paris. ", "Mr. Smith", " wrote", " 3.5 books", ". ", "and then",
                "? ", "Yes!", "\n", "e.g. this", " is it. ", "J. R. Doe", " signed.", "  ", "Another one. "};
        StringBuilder sb = new StringBuilder();
        int n = 3 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
        }
        String text = sb.toString();
        int[] pieces = new int[text.length()];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = 1 + r.nextInt(maxPiece);
        }
        Sentences small = new Sentences(24 + r.nextInt(40));
        assertThat(cutStreamed(small, text, pieces)).isEqualTo(cut(small, text));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }
}
