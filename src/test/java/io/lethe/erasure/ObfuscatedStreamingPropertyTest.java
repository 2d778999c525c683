package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming guarantee with the normalized views on: for any chunking, the erasure stage reports the
 * same findings as for the whole text, never one starting before a hold point it already gave, and the
 * streamed answer equals the whole one with every planted obfuscated mention redacted.
 */
class ObfuscatedStreamingPropertyTest {

    static final List<String> AUTHORS = List.of("Jaime Vasquez", "Evelyn Desmet", "Elliot Patrick Benson");

    record Case(String text, List<String> planted, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> textsWithObfuscatedMentions() {
        Arbitrary<String> filler = Arbitraries.of("the", "novel", "by", "and", "at", "dot", "**", "_", "&amp;",
                "%20", "&nbsp;", "<b>", "</b>", ",", ".", "\n", "Jaime", "Vasq", "Evelyn", "Desmet", "V\u0430squez",
                "&#74;", "Ev3lyn", "J a", "B.e.n", "\u200D", "\uD83D\uDD25", "\u2014", "...", ":", "\\_", "\\",
                "\uDB40\uDC4A\uDB40\uDC61", "\"", "\", \"", "last_name", "\": \"", "first", "=", "&", "<last>", "Last name:", "null", "\"\"", "middle");
        Arbitrary<String> mention = Arbitraries.of(AUTHORS).flatMap(a -> Arbitraries.of(ObfuscationFixtures.obfuscations().stream()
                .filter(o -> o.appliesTo().test(a)).toList())
                .map(o -> o.apply().apply(a)));
        Arbitrary<List<String>> pieces = Arbitraries.frequencyOf(Tuple.of(4, filler.map(f -> "f" + f)),
                Tuple.of(1, mention.map(m -> "m" + m))).list().ofMaxSize(25);
        return pieces.flatMap(ps -> {
            StringBuilder sb = new StringBuilder();
            List<String> planted = new ArrayList<>();
            for (String p : ps) {
                if (p.charAt(0) == 'm') {
                    planted.add(p.substring(1));
                    // a mention in spaced lower-case letters glues to single letters written right before it
                    // ("J a j a i m e / v a s q u e z" reads "Jajaime Vasquez"): planted after a colon
                    sb.append(':');
                }
                sb.append(' ').append(p, 1, p.length());
            }
            sb.append(' ');
            String text = sb.toString();
            return Arbitraries.integers().between(1, Math.max(1, text.length())).list().ofMaxSize(20)
                    .map(cuts -> new Case(text, planted, cuts));
        });
    }

    static List<Integer> cuts(Case c) {
        List<Integer> cuts = new ArrayList<>(c.cuts().stream().filter(x -> x > 0 && x < c.text().length())
                .distinct().sorted().toList());
        cuts.add(c.text().length());
        return cuts;
    }

    @Property(tries = 400)
    void findingsAndHoldsDoNotDependOnTheChunking(@ForAll("textsWithObfuscatedMentions") Case c) {
        // given
        Set<Finding> whole = new HashSet<>(ObfuscationFixtures.scanWhole(c.text()));
        // when
        StageScanner s = ObfuscationFixtures.stage().open(ObfuscationFixtures.CTX, Channel.content(0));
        Set<Finding> streamed = new HashSet<>();
        int hold = 0;
        for (int cut : cuts(c)) {
            ScanResult r = s.scan(ObfuscationFixtures.window(c.text().substring(0, cut), false));
            // then: nothing found before what was already declared safe
            for (Finding f : r.findings()) {
                assertThat(f.start()).as("finding %s after hold %d", f, hold).isGreaterThanOrEqualTo(hold);
                assertThat(streamed.add(f)).as("reported twice: %s", f).isTrue();
            }
            assertThat(r.holdFrom()).isLessThanOrEqualTo(cut);
            hold = Math.max(hold, r.holdFrom());
        }
        ScanResult last = s.scan(ObfuscationFixtures.window(c.text(), true));
        streamed.addAll(last.findings());
        assertThat(last.holdFrom()).isEqualTo(c.text().length());
        assertThat(streamed).isEqualTo(whole);
    }

    /**
     * The forms of helper-85 ({@link NameFormGapsTest}): a name's parts as labelled values in prose or a vertical
     * table, a surname hyphenated at a line's end, other romanizations of a Cyrillic name; planted among fillers
     * that hold the given names alone and label words.
     */
    record FormCase(String text, List<Integer> sizes) {
    }

    /** Parts of the planted forms that must never be released (the fillers hold none of them). */
    static final List<String> FORM_SECRETS = List.of("Halvorsrud", "Raghunathan", "sen-Kr", "Kolokolzew",
            "Kolokol'cev", "Kolokol\u2019cev", "Kolokol\u02B9cev");

    @Provide
    Arbitrary<FormCase> textsWithNameFormGaps() {
        Arbitrary<String> filler = Arbitraries.of("the", "is", "name", "first", "given", "family", ":", "|", "\n",
                ".", ",", ";", "\"", "Ingrid", "Priyanka", "Ansgar", "Contact", "-", "**", "was");
        Arbitrary<String> form = Arbitraries.of(
                "The first name is \"Ingrid\" and the last name is \"Halvorsrud\".",
                "Her given name is Ingrid; her family name is Halvorsrud.",
                "First name: Ingrid. Last name: Halvorsrud.",
                "\n| field | value |\n|---|---|\n| given | Priyanka |\n| family | Raghunathan |\n",
                "Contact Ansgar Thorvald-\nsen-Kr\u00FCger for details.",
                "Iwan Kolokolzew", "Ivan Kolokol'cev", "Ivan Kolokol\u2019cev", "Ivan Kolokol\u02B9cev");
        // a romanized name right after a capitalized word ("Tom Sergey Myasnikov": read as a given name and a
        // middle name, two departures) or written twice back to back is not found (limits of before, see README):
        // each form stands in a sentence of its own
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(4, filler), Tuple.of(1, form.map(f -> ". " + f + " and")))
                .list().ofMaxSize(25)
                .map(l -> String.join(" ", l));
        return text.flatMap(t -> Arbitraries.integers().between(1, 9).list().ofMinSize(1).ofMaxSize(12)
                .map(sizes -> new FormCase(t, sizes)));
    }

    @Property(tries = 300)
    void nameFormGapsStreamLikeWholeAndNothingOfTheNameIsReleased(@ForAll("textsWithNameFormGaps") FormCase c) {
        // given
        String whole = NameFormGapsTest.PIPELINE.whole(c.text());
        // when
        String streamed = NameFormGapsTest.PIPELINE.streamed(c.text(), c.sizes(), whole);
        // then
        assertThat(streamed).isEqualTo(whole);
        for (String secret : FORM_SECRETS) {
            assertThat(whole).as("a planted form left in").doesNotContain(secret);
        }
    }

    @Property(tries = 300)
    void streamedEqualsWholeAndNoPlantedMentionIsReleased(@ForAll("textsWithObfuscatedMentions") Case c) {
        // given
        GuardPipeline p = ObfuscatedMentionsTest.pipeline();
        String whole = p.open(ObfuscationFixtures.CTX, null).scanWhole(Channel.content(0), c.text());
        // when
        GuardSession s = p.open(ObfuscationFixtures.CTX, null);
        StringBuilder out = new StringBuilder();
        int prev = 0;
        for (int cut : cuts(c)) {
            out.append(s.append(Channel.content(0), c.text().substring(prev, cut)).text());
            prev = cut;
            assertThat(whole).startsWith(out.toString());
        }
        out.append(s.finish(Channel.content(0)).text());
        // then
        assertThat(out.toString()).isEqualTo(whole);
        for (String m : c.planted()) {
            assertThat(whole).as("planted mention left in").doesNotContain(m);
        }
    }
}
