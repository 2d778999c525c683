package io.lethe.guard.pipeline;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
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

import static org.assertj.core.api.Assertions.assertThat;

class GraphemeSpansTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // text | span before | span after (start-end, UTF-16 offsets)
            "\u2764\uFE0FAnn!                       | 1-5  | 2-5",     // VS16 belongs to the heart
            "#\uFE0F\u20E3Ann!                      | 1-6  | 3-6",     // keycap
            "\uD83D\uDC69\u200DAnn!                 | 2-6  | 3-6",     // ZWJ after an emoji
            "Ann\u0301\u0327!                      | 0-3  | 0-5",     // the marks of the last letter
            "Ann\uD83C\uDFFD!                       | 0-3  | 0-5",     // a skin tone
            "Ann\uDB40\uDC7F!                       | 0-3  | 0-3",     // a tag char after a letter: hidden text
            "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC7FAnn | 2-9 | 6-9",  // tags of a flag's tag sequence
            "x \uDB40\uDC41\uDB40\uDC6EAnn!         | 2-9  | 2-9",     // hidden text after a space: its own
            "\uD83C\uDDE9\uD83C\uDDEA\uD83C\uDDEB\uD83C\uDDF7 | 2-6 | 4-8",  // flag pairs (GB12/13)
            "e\u0301\u0301                         | 1-3  | 1-3",     // marks only: left as they are
            "\uAC00\u11A8x                        | 0-1  | 0-2",     // Hangul LV × T (GB7)
    })
    void snapsSpansOntoClusterBoundaries(String text, String before, String after) {
        String[] b = before.split("-");
        int start = GraphemeSpans.snapStart(text, Integer.parseInt(b[0]), Integer.parseInt(b[1]));
        int end = GraphemeSpans.snapEnd(text, Integer.parseInt(b[1]));
        assertThat(start + "-" + end).isEqualTo(after);
    }

    @Test
    void lineBreaksAreClustersOfTheirOwn() {
        assertThat(GraphemeSpans.snapEnd("Ann\r\nx", 4)).isEqualTo(5);           // CR × LF (GB3)
        assertThat(GraphemeSpans.snapEnd("Ann\n\u0301x", 4)).isEqualTo(4);       // a mark after LF (GB4)
        assertThat(GraphemeSpans.snapStart("Ann\n\u0301x", 4, 6)).isEqualTo(4);
    }

    @Test
    void anEndAtTheTextEndOrAtAnUnpairedHighSurrogateIsUndecided() {
        assertThat(GraphemeSpans.snapEnd("Ann", 3)).isEqualTo(3);
        assertThat(GraphemeSpans.snapEnd("Ann\uDB40", 3)).isEqualTo(4);
        assertThat(GraphemeSpans.snapEnd("Ann\uDB40\uDC7F", 3)).isEqualTo(3);  // hidden text, not a mark
        // a flag's tag sequence is one cluster once its cancel tag ends it; until then its tags are hidden text
        assertThat(GraphemeSpans.snapEnd("\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC7F", 2)).isEqualTo(6);
        assertThat(GraphemeSpans.snapEnd("\uD83C\uDFF4\uDB40\uDC67", 2)).isEqualTo(2);
        assertThat(GraphemeSpans.snapEnd("Ann!", 3)).isEqualTo(3);
    }

    @Provide
    Arbitrary<String> clusterSoup() {
        return Arbitraries.of("a", "é", "e\u0301", "\u0301", "\uFE0F", "\u200D", "\u20E3", "\u2764", "\uD83D\uDC69",
                "\uD83C\uDFFD", "\uD83C\uDDE9", "\uD83C\uDDEA", "\uDB40\uDC67", "\uDB40\uDC7F", "\uD83C\uDFF4", "#",
                " ", "\n", "\r", "\uAC00", "\u1100", "\u1161", "\u11A8", "\u0915\u093F", "\u0E2A\u0E33", "x")
                .list().ofMaxSize(14).map(l -> String.join("", l));
    }

    /**
     * The JDK-only rules agree with ICU's implementation of UAX #29 on everything but Prepend, GB9c and tag chars
     * that follow no emoji (hidden text, a cluster of its own on purpose).
     */
    @Property(tries = 1000)
    void agreesWithIcusGraphemeBreakIterator(@ForAll("clusterSoup") String text) {
        BreakIterator it = BreakIterator.getCharacterInstance(ULocale.ROOT);
        it.setText(text);
        for (int i = 0; i <= text.length(); i++) {
            if (i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i))
                    && Character.isHighSurrogate(text.charAt(i - 1))) {
                continue;
            }
            if (i < text.length() && hiddenTag(text, i)) {
                assertThat(GraphemeSpans.isBoundary(text, i)).as("hidden tag at %d", i).isTrue();
                continue;
            }
            assertThat(GraphemeSpans.isBoundary(text, i)).as("offset %d of %s", i, text.codePoints()
                    .mapToObj(Integer::toHexString).toList()).isEqualTo(it.isBoundary(i));
        }
    }

    /**
     * A tag char at {@code i} that is not part of an emoji tag sequence of the soup: no pictograph (with its
     * selector or skin tone) before its tag run, a cancel tag before it in the run, or no cancel tag ending it.
     */
    private static boolean hiddenTag(String text, int i) {
        int cp = text.codePointAt(i);
        if (cp < 0xE0020 || cp > 0xE007F) {
            return false;
        }
        int j = i;
        while (true) {
            if (j == 0) {
                return true;
            }
            int c = text.codePointBefore(j);
            if (c == 0xE007F) {
                return true;
            }
            if ((c < 0xE0020 || c > 0xE007F) && c != 0xFE0F && c != 0x1F3FD) {
                if (c != 0x1F3F4 && c != 0x2764 && c != 0x1F469) {
                    return true;
                }
                break;
            }
            j -= Character.charCount(c);
        }
        for (int k = i; k < text.length(); k += Character.charCount(text.codePointAt(k))) {
            int c = text.codePointAt(k);
            if (c == 0xE007F) {
                return false;
            }
            if (c < 0xE0020 || c > 0xE007F) {
                return true;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- the session

    /** Flags every "Ann" as soon as it is there, even at the very end of the text received so far. */
    static final class EagerStage implements GuardStage {
        @Override
        public String name() {
            return "eager";
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            List<Integer> reported = new ArrayList<>();
            return w -> {
                List<Finding> found = new ArrayList<>();
                String s = w.text().toString();
                for (int i = s.indexOf("Ann"); i >= 0; i = s.indexOf("Ann", i + 1)) {
                    if (!reported.contains(i)) {
                        reported.add(i);
                        found.add(new Finding("e-ann", name(), "name", w.channel(), i, i + 3, 1.0, null));
                    }
                }
                int bad = s.indexOf("Bad");
                if (bad >= 0 && !reported.contains(-1)) {
                    reported.add(-1);
                    found.add(new Finding("e-bad", name(), "name", w.channel(), bad, bad + 3, 1.0, Action.BLOCK));
                }
                int hold = s.endsWith("An") ? s.length() - 2 : s.endsWith("A") ? s.length() - 1 : s.length();
                return new ScanResult(found, w.complete() ? s.length() : hold);
            };
        }
    }

    static GuardPipeline eager() {
        Policy policy = new RulesPolicy(new GuardRules(null, null, List.of()));
        return new GuardPipeline(List.of(new EagerStage()), policy);
    }

    static final ScanContext CTX = new ScanContext("r", "m", null, null);

    @Test
    void aFindingAtTheReceivedEndWaitsForTheCharThatDecidesItsEnd() {
        // given
        GuardSession s = eager().open(CTX, null);
        // when: "Ann" ends the text received so far
        Release first = s.append(Channel.content(0), "Hi Ann");
        // then: the name and what follows are held, since a combining mark may still come
        assertThat(first.text()).isEqualTo("Hi ");
        assertThat(s.findings()).isEmpty();
        // when: it comes
        Release second = s.append(Channel.content(0), "\u0301\u0327 and");
        Release last = s.finish(Channel.content(0));
        // then: the redaction takes the marks
        assertThat(second.text() + last.text()).isEqualTo("[REDACTED] and");
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().start()).isEqualTo(3);
            assertThat(f.finding().end()).isEqualTo(8);
        });
    }

    @Test
    void aBlockingFindingAtTheReceivedEndBlocksAtOnce() {
        // given
        GuardRules rules = new GuardRules(new GuardRules.Defaults(Action.BLOCK, null, null), null, List.of());
        GuardPipeline p = new GuardPipeline(List.of(new EagerStage()), new RulesPolicy(rules));
        GuardSession s = p.open(CTX, null);
        // when
        Release r = s.append(Channel.content(0), "Hi Ann");
        // then
        assertThat(r.blockedNow()).isTrue();
        assertThat(s.findings()).hasSize(1);
    }

    @Test
    void whenAnotherChannelBlocksTheChoiceAWaitingFindingIsStillRecorded() {
        // given: a redaction waiting for the char after it
        GuardSession s = eager().open(CTX, null);
        s.append(Channel.content(0), "Hi Ann");
        // when: the same choice's reasoning blocks
        Release r = s.append(Channel.reasoning(0), "Bad idea");
        // then
        assertThat(r.blockedNow()).isTrue();
        assertThat(s.findings()).extracting(f -> f.finding().erasureId()).containsExactlyInAnyOrder("e-ann", "e-bad");
    }

    record Case(String text, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> annBesideMarks() {
        Arbitrary<String> text = Arbitraries.of("Ann", "Ann", "\u0301", "\uFE0F", "\u200D", "\uD83C\uDFFD", "\uDB40\uDC7F",
                "\u2764", " ", "x", "\uD83D\uDC69").list().ofMaxSize(12).map(l -> String.join("", l));
        return text.flatMap(t -> Arbitraries.integers().between(1, Math.max(1, t.length())).list().ofMaxSize(10)
                .map(cuts -> new Case(t, cuts)));
    }

    @Property(tries = 500)
    void streamedEqualsWholeAndSpansEndOnClusterBoundaries(@ForAll("annBesideMarks") Case c) {
        // given
        GuardSession whole = eager().open(CTX, null);
        String expected = whole.scanWhole(Channel.content(0), c.text());
        // when
        GuardSession s = eager().open(CTX, null);
        StringBuilder out = new StringBuilder();
        int prev = 0;
        for (int cut : c.cuts().stream().filter(x -> x > 0 && x < c.text().length()).distinct().sorted().toList()) {
            out.append(s.append(Channel.content(0), c.text().substring(prev, cut)).text());
            assertThat(expected).startsWith(out.toString());
            prev = cut;
        }
        out.append(s.append(Channel.content(0), c.text().substring(prev)).text());
        out.append(s.finish(Channel.content(0)).text());
        // then
        assertThat(out.toString()).isEqualTo(expected);
        assertThat(s.findings()).extracting(f -> f.finding().start() + "-" + f.finding().end())
                .containsExactlyElementsOf(whole.findings().stream()
                        .map(f -> f.finding().start() + "-" + f.finding().end()).toList());
        for (DecidedFinding f : whole.findings()) {
            assertThat(GraphemeSpans.isBoundary(c.text(), f.finding().start())).isTrue();
            assertThat(GraphemeSpans.isBoundary(c.text(), f.finding().end())).isTrue();
        }
    }
}
