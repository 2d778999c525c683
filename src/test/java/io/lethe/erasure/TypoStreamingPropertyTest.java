package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names written with typos, streamed in any chunking (issue 12): the matcher reads a word with one edit, or a
 * long word with two, as a registered name word, and a stream releases a partial word only once no such
 * reading can begin with it; so the streamed answer is always a prefix of the whole one, and equal to it at the
 * end. The names are short and long (3 to 11 letters) so every typo budget and the word lengths around them
 * are met.
 */
class TypoStreamingPropertyTest {

    private static final ScanContext CTX = new ScanContext("req", "m", null, null);
    private static final String LETTERS = "abcdefgnopqrst";

    record Case(List<String> names, String text, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> namesWithTypos() {
        Arbitrary<String> nameWord = Arbitraries.strings().withChars(LETTERS).ofMinLength(3).ofMaxLength(11)
                .map(TypoStreamingPropertyTest::capitalized);
        Arbitrary<String> name = nameWord.list().ofMinSize(2).ofMaxSize(3).map(ws -> String.join(" ", ws));
        return name.list().ofMinSize(1).ofMaxSize(4).flatMap(names -> {
            Arbitrary<String> filler = Arbitraries.strings().withChars(LETTERS + "hiluy").ofMinLength(1).ofMaxLength(12);
            Arbitrary<String> mention = Arbitraries.of(names).flatMap(n -> Arbitraries.longs().map(seed -> typos(n, seed)));
            Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(3, filler), Tuple.of(2, mention));
            return piece.list().ofMinSize(1).ofMaxSize(12).flatMap(ps -> {
                String text = String.join(" ", ps) + " ";
                return Arbitraries.integers().between(1, text.length()).list().ofMaxSize(30)
                        .map(cuts -> new Case(names, text, cuts));
            });
        });
    }

    /**
     * The name with up to two edits in each word (insertions, deletions, substitutions, swaps), kept capitalized,
     * sometimes with a middle initial or a nickname after the first word.
     */
    static String typos(String name, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (String w : name.split(" ")) {
            String t = w.toLowerCase(java.util.Locale.ROOT);
            for (int e = r.nextInt(3); e > 0; e--) {
                t = edit(t, r);
            }
            out.add(capitalized(t));
            // a walk also passes over a middle initial or a nickname in quotes or brackets
            if (out.size() == 1) {
                switch (r.nextInt(8)) {
                    case 0 -> out.add("Q.");
                    // of letters no name has: the open word begins no name word
                    case 1 -> out.add("\"Hilu\"");
                    case 2 -> out.add("(Yuli)");
                    default -> { }
                }
            }
        }
        return String.join(" ", out);
    }

    private static String edit(String w, Random r) {
        int i = r.nextInt(w.length());
        char c = LETTERS.charAt(r.nextInt(LETTERS.length()));
        return switch (r.nextInt(4)) {
            case 0 -> w.substring(0, i) + c + w.substring(i);
            case 1 -> w.length() > 2 ? w.substring(0, i) + w.substring(i + 1) : w;
            case 2 -> w.substring(0, i) + c + w.substring(i + 1);
            default -> i + 1 < w.length() ? w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2) : w;
        };
    }

    private static String capitalized(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    @Property(tries = 500)
    void aNameWithTyposIsNeverReleasedInPart(@ForAll("namesWithTypos") Case c) {
        assertStreamedIsWhole(ExactHoldPropertyTest.pipeline(c.names(), List.of()), c.text(), c.cuts());
    }

    /**
     * A word of nine letters or more is read with two edits, also against a name word of seven or eight letters
     * (two letters inserted): "Axyshdale" is Ashdale. Its first eight letters are held until it is known.
     */
    @Example
    void aLongWordTwoInsertionsFromAShorterNameWordIsHeld() {
        GuardPipeline p = ExactHoldPropertyTest.pipeline(List.of("Ashdale Corwin"), List.of());
        String text = "They met Axyshdale Corwin today ";
        assertStreamedIsWhole(p, text, List.of(text.indexOf("Axyshdal") + 8));
        GuardSession s = p.open(CTX, null);
        s.append(Channel.content(0), "They met Axyshdal");
        assertThat(s.released(Channel.content(0))).isLessThanOrEqualTo(text.indexOf("Axyshdal"));
    }

    static void assertStreamedIsWhole(GuardPipeline p, String text, List<Integer> cuts) {
        Channel ch = Channel.content(0);
        String whole = p.open(CTX, null).scanWhole(ch, text);
        GuardSession s = p.open(CTX, null);
        StringBuilder out = new StringBuilder();
        int prev = 0;
        for (int cut : ExactHoldPropertyTest.chunkEnds(cuts, text.length())) {
            out.append(s.append(ch, text.substring(prev, cut)).text());
            prev = cut;
            assertThat(whole).as("streamed [%s] of [%s]", text.substring(0, cut), text).startsWith(out.toString());
        }
        out.append(s.finish(ch).text());
        assertThat(out.toString()).isEqualTo(whole);
    }
}
