package io.lethe.erasure.index;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follow-up cursor on its own, streamed (issue 12): it holds a word being written only while the word could
 * begin a term of someone named ({@link FollowUpTerms#firstWordPrefixes}), so in any chunking it finds the whole
 * text's terms, each at or after every hold it gave before.
 */
class FollowUpCursorPropertyTest {

    private static final List<String> NAMES = List.of("Corwin Ashdale", "Marisol Quenby-Okafor", "Arthur Miguel da Paz",
            "Wendelin Groot Haverkamp");

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("Ashdale", "Ash", "Ashdales", "ashdale", "Ashd", "Corwin", "Quenby", "Okafor", "Okaf",
                "Quenby-Okafor", "da Paz", "Paz", "da", "Pazzo", "Groot Haverkamp", "Groot", "Haver", "Wendelin",
                "Wend", "the", "went", "performed", "as", ",", "-").list().ofMinSize(1).ofMaxSize(16)
                .map(ws -> String.join(" ", ws) + " ");
    }

    @Property(tries = 500)
    void streamedFindsTheWholeTextsTermsAfterItsHolds(@ForAll("texts") String text,
                                                     @ForAll List<@net.jqwik.api.constraints.IntRange(min = 1, max = 120) Integer> cuts) {
        List<FollowUpCursor.Hit<String>> whole = new ArrayList<>();
        new FollowUpCursor<String>().feed(people(), text, text.length(), true, whole);
        FollowUps<String> people = people();
        FollowUpCursor<String> c = new FollowUpCursor<>();
        // a window still open is looked at again: a hit may come twice (the stage reports each finding once)
        java.util.Set<FollowUpCursor.Hit<String>> streamed = new java.util.HashSet<>();
        int hold = 0;
        List<Integer> ends = new ArrayList<>(cuts.stream().filter(x -> x < text.length()).distinct().sorted().toList());
        ends.add(text.length());
        for (int end : ends) {
            List<FollowUpCursor.Hit<String>> out = new ArrayList<>();
            int h = c.feed(people, text, end, end == text.length(), out);
            for (FollowUpCursor.Hit<String> hit : out) {
                if (streamed.add(hit)) {
                    assertThat(hit.start()).as("%s found after hold %d in [%s]", hit, hold, text)
                            .isGreaterThanOrEqualTo(hold);
                }
            }
            assertThat(h).as("hold moves forward in [%s]", text.substring(0, end)).isGreaterThanOrEqualTo(hold);
            hold = h;
        }
        assertThat(streamed).isEqualTo(new java.util.HashSet<>(whole));
    }

    private static FollowUps<String> people() {
        FollowUps<String> p = new FollowUps<>();
        for (String n : NAMES) {
            p.activate(n, FollowUpTerms.of(List.of(n), Nicknames.shipped()),
                    FollowUpTerms.firstWordPrefixes(List.of(n), Nicknames.shipped()));
        }
        return p;
    }
}
