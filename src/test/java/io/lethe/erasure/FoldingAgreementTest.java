package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.DenyTermDetector;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name registered as an erasure and the same name listed as a deny term are found in the same
 * spellings: both compare words through {@link io.lethe.text.Folding} (issue 11, item 10). Each row is
 * the registered name, a way of writing it, and whether both detectors find it.
 */
class FoldingAgreementTest {

    static final List<String> NAMES = List.of("José Núñez", "Jose Nunez", "Søren Ågård", "Łukasz Wałęsa",
            "Işık Yılmaz", "İlkay Gündoğan", "Nguyễn Văn Đức", "Günther Weiß", "Ελένη Παπαδοπούλου",
            "Οδυσσέας Ελύτης", "Алёна Воробьёва", "Dragoș Țurcanu", "Zoë Brontë", "김민준");
    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline ERASURES = erasurePipeline();
    static final GuardPipeline DENY_TERMS = denyTermPipeline();

    @ParameterizedTest(name = "[{index}] {0} written {1}")
    @CsvSource(delimiter = '|', value = {
            // the reported input and its siblings: accents dropped, upper case, decomposed, and the reverse
            "José Núñez        | Jose Nunez                  | true",
            "José Núñez        | JOSÉ NÚÑEZ                  | true",
            "José Núñez        | Jose\u0301 Nun\u0303ez      | true",
            "José Núñez        | josé núñez                  | true",
            "Jose Nunez        | José Núñez                  | true",
            "Jose Nunez        | ＪＯＳＥ　ＮＵＮＥＺ         | true",
            // Nordic ø and å
            "Søren Ågård       | Soren Agard                 | true",
            "Søren Ågård       | SØREN ÅGÅRD                 | true",
            // Polish ł (no decomposition) and ę
            "Łukasz Wałęsa     | Lukasz Walesa               | true",
            "Łukasz Wałęsa     | ŁUKASZ WAŁĘSA               | true",
            // Turkish dotless ı and dotted İ
            "Işık Yılmaz       | Isik Yilmaz                 | true",
            "Işık Yılmaz       | IŞIK YILMAZ                 | true",
            "İlkay Gündoğan    | Ilkay Gundogan              | true",
            "İlkay Gündoğan    | ilkay gündoğan              | true",
            // Vietnamese: stacked marks and đ
            "Nguyễn Văn Đức    | Nguyen Van Duc              | true",
            "Nguyễn Văn Đức    | NGUYỄN VĂN ĐỨC              | true",
            // German ß: capital ẞ folds to it, "ss" is another spelling (folding never expands)
            "Günther Weiß      | GÜNTHER WEIẞ                | true",
            "Günther Weiß      | Gunther Weiß                | true",
            // the expanded spelling is registered by both: umlauts and ß written out
            "Günther Weiß      | Gunther Weiss               | true",
            "Günther Weiß      | Guenther Weiss              | true",
            // Greek: accents, final sigma against capital sigma
            "Ελένη Παπαδοπούλου | ΕΛΕΝΗ ΠΑΠΑΔΟΠΟΥΛΟΥ         | true",
            "Ελένη Παπαδοπούλου | Ελενη Παπαδοπουλου         | true",
            "Οδυσσέας Ελύτης   | ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ             | true",
            // Cyrillic ё written е, and upper case
            "Алёна Воробьёва   | Алена Воробьева             | true",
            "Алёна Воробьёва   | АЛЁНА ВОРОБЬЁВА             | true",
            // Romanian comma below, diaeresis
            "Dragoș Țurcanu    | Dragos Turcanu              | true",
            "Zoë Brontë        | Zoe Bronte                  | true",
            "Zoë Brontë        | Zoe\u0308 Bronte\u0308      | true",
            // Hangul syllables stay whole in the folding and in the normalized views
            "김민준            | 김\u200B민\u200B준            | true",
            "김민준            | &#44608;&#48124;&#51456;     | true",
    })
    void aNameErasureAndADenyTermAgree(String registered, String written, boolean found) {
        assertThat(NAMES).contains(registered);
        String text = "Yesterday " + written + " spoke.";
        String expected = found ? "Yesterday [REDACTED] spoke." : text;
        assertThat(redact(ERASURES, text, List.of())).as("erasure").isEqualTo(expected);
        assertThat(redact(DENY_TERMS, text, List.of())).as("deny term").isEqualTo(expected);
    }

    /** Every letter of a name written in any of its spellings: both detectors find it, streamed as whole. */
    @Property(tries = 200)
    void anySpellingIsFoundByBothStreamedAsWhole(@ForAll("spellings") String written, @ForAll("cuts") List<Integer> cuts) {
        String text = "Le " + written + ", dit-on.";
        String whole = redact(ERASURES, text, List.of());
        assertThat(whole).isEqualTo("Le [REDACTED], dit-on.");
        assertThat(redact(DENY_TERMS, text, List.of())).isEqualTo(whole);
        assertThat(redact(ERASURES, text, cuts)).isEqualTo(whole);
        assertThat(redact(DENY_TERMS, text, cuts)).isEqualTo(whole);
    }

    /** "José Núñez", each letter in one of the forms that fold to it. */
    @Provide
    Arbitrary<String> spellings() {
        String[][] letters = {
                {"J", "j", "Ｊ"}, {"o", "O", "ó", "Ó", "o\u0301"}, {"s", "S", "ś", "ş"}, {"e", "E", "é", "É", "e\u0301", "ë"},
                {" "},
                {"N", "n", "Ñ", "ñ", "N\u0303"}, {"u", "U", "ú", "Ú", "ü", "u\u0301"}, {"ñ", "Ñ", "n", "N", "n\u0303"},
                {"e", "E", "é", "è"}, {"z", "Z", "ż", "Ž"}};
        List<Arbitrary<String>> parts = new ArrayList<>();
        for (String[] forms : letters) {
            parts.add(Arbitraries.of(forms));
        }
        return Combinators.combine(parts).as(p -> String.join("", p));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 30).list().ofMaxSize(8);
    }

    static String redact(GuardPipeline pipeline, String text, List<Integer> cuts) {
        GuardSession s = pipeline.open(CTX, null);
        if (cuts.isEmpty()) {
            return s.scanWhole(Channel.content(0), text);
        }
        StringBuilder out = new StringBuilder();
        int prev = 0;
        for (int cut : new LinkedHashSet<>(cuts.stream().filter(c -> c < text.length()).sorted().toList())) {
            out.append(s.append(Channel.content(0), text.substring(prev, cut)).text());
            prev = cut;
        }
        out.append(s.append(Channel.content(0), text.substring(prev)).text());
        out.append(s.finish(Channel.content(0)).text());
        return out.toString();
    }

    private static GuardPipeline erasurePipeline() {
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            specs.add(new CompiledErasures.Spec(List.of(NAMES.get(i)), null, null, null, null));
            entries.add(new ErasureStage.Entry("e" + i, null, Erasure.Scope.EVERYWHERE, null, false));
        }
        ErasureStage stage = new ErasureStage(CompiledErasures.build(specs, Nicknames.of(Map.of()), "US"),
                entries.toArray(new ErasureStage.Entry[0]), new BitSet(), CompiledErasures.empty(),
                new ErasureStage.Entry[0], Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage), new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    private static GuardPipeline denyTermPipeline() {
        List<GuardRules.DenyTermList> lists = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            lists.add(new GuardRules.DenyTermList("p" + i, List.of(NAMES.get(i)), Action.REDACT, null, null));
        }
        GuardRules rules = new GuardRules(null, null, lists);
        return new GuardPipeline(List.<GuardStage>of(DenyTermDetector.stage(rules.denyTerms())), new RulesPolicy(rules));
    }
}
