package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.GuardStage;
import io.lethe.guard.StageContractTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The erasure stage keeps the stage contract ({@link StageContractTest}) over names, their obfuscated forms,
 * typos, e-mails and phones, with follow-up mentions on (the default for people).
 */
class ErasureStageContractTest extends StageContractTest {

    static final List<String> NAMES = List.of("Corwin Ashdale", "Greta Lindqvist");
    static final String EMAIL = "corwin.ashdale@example.org";
    static final String PHONE = "+1 201 555 0147";

    @Override
    protected GuardStage stage() {
        List<CompiledErasures.Spec> specs = List.of(
                new CompiledErasures.Spec(List.of(NAMES.get(0)), List.of(), List.of(EMAIL), List.of(PHONE), List.of()),
                new CompiledErasures.Spec(List.of(NAMES.get(1)), List.of(), List.of(), List.of(), List.of()));
        ErasureStage.Entry[] entries = {
                new ErasureStage.Entry("p0", null, Erasure.Scope.EVERYWHERE, null, false),
                new ErasureStage.Entry("p1", null, Erasure.Scope.EVERYWHERE, null, false)};
        return new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US"), entries, new BitSet(),
                CompiledErasures.empty(), new ErasureStage.Entry[0], Map.of());
    }

    @Override
    protected Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(9)),
                        Tuple.of(2, Arbitraries.of(NAMES)),
                        Tuple.of(2, Arbitraries.of("C0rw1n A5hda1e", "Corwn Ashdale", "Ashdale", "Lindqvist,", "Greta",
                                "G r e t a  L i n d q v i s t", "Ash**dale**", "corwin.ashdale at example dot org",
                                EMAIL, "(201) 555-0147", "201.555.0147", "Corwin", "Lindqvsit", "Dr.", "M.")),
                        Tuple.of(1, Arbitraries.strings().withChars("0123456789-_.,;:!?()\"'@").ofMinLength(1).ofMaxLength(5)),
                        // the view's newer readings: links, LaTeX, joined literals, asides, spelled digits and
                        // letters, character codes, and their broken halves
                        Tuple.of(2, Arbitraries.of("[Corwin](https://a.example)", "[Ashdale][1]", "![Greta](x.png)", "[", "](",
                                "\\textbf{Corwin}", "\\emph{", "}", "\"Cor\" + \"win\"", "+ \"", "' + '", "(née Holt)", "(born",
                                "Jane", "Maximilian", "five five five", "triple five", "double", "0147", "Charlie Oscar Romeo Whiskey India November,",
                                "Alfa Sierra Hotel", "Delta", "67 111 114 119 105 110", "71, 114, 101, 116, 97")),
                        // literals joined in code (red team 13), and their broken halves
                        Tuple.of(2, Arbitraries.of("'Gre' 'ta Lind'\n  \"qvist\"", "'Cor' || 'win'", "'Cor'.'win Ash' . 'dale'",
                                "''.join(['Gre', 'ta Lind', 'qvist'])", "\" \".join((\"Corwin\",\n \"Ashdale\"))",
                                "['Cor', \"win\"].join('')", "['Greta', 'Lindqvist'].join(\" \")", "''.join([", "].join(", "||",
                                "' '", "\"\"", "a || b", "'yes'. 'No'")),
                        // character arrays, templates, calls, escapes, LaTeX, styled letters and German code words
                        // (red team 13, second round), and their broken halves
                        Tuple.of(2, Arbitraries.of("{'C','o','r','w','i','n',' ','A','s','h'}", "['G', 'r', 'e', 't', 'a']",
                                "`${'Cor'}win ${\"Ash\"}dale`", "f\"{'Greta'} {'Lind'}qvist\"", "\"Cor\" & \"win\"",
                                "CONCAT('Gre', 'ta Lind', 'qvist')", "CONCAT_WS('', 'Cor', 'win')", "\"Cor\"\"win Ash\"\"dale\"",
                                "%u0043%u006F%u0072win", "\\u{47}\\u{72}eta", "Cor\\-win", "Lind{}qvist", "$\\mathrm{Greta}$",
                                "Lindqv\\'ist", "🅲🅾🆁🆆🅸🅽", "🅖🅡🅔🅣🅐", "Gustav Richard Emil Theodor Anton",
                                "Chemnitz Otto Rostock Wuppertal", "${", "{'", "'}", "%u00", "\\u{4", "\\-", "{}", "$", "$$",
                                "CONCAT(", "concat_ws(''", "'C','o'", "\\'", "Otto Ida")))
                .list().ofMaxSize(20).map(ws -> String.join(" ", ws));
    }

    /**
     * A run with an "@" is held only while it could begin a registered address: "IDwAT" was let go, so
     * "IDwATXyl @ " does not take it back (it did, holding any run with an "@").
     */
    @org.junit.jupiter.api.Test
    void aRunWithAnAtIsHeldOnlyWhileItCouldBeginARegisteredAddress() {
        io.lethe.guard.StageScanner sc = stage().open(context(), io.lethe.guard.Channel.content(0));
        String text = "We met IDwATXyl @ LwpEWYn and corwin.ash";
        int furthest = 0;
        for (int end : new int[]{12, 19, 22, text.length()}) {
            String t = text.substring(0, end);
            io.lethe.guard.ScanResult r = sc.scan(ObfuscationFixtures.window(t, false));
            org.assertj.core.api.Assertions.assertThat(r.holdFrom()).as("at %d", end).isGreaterThanOrEqualTo(furthest);
            furthest = r.holdFrom();
        }
        // the registered address's beginning is still held
        org.assertj.core.api.Assertions.assertThat(furthest).isLessThanOrEqualTo(text.indexOf("corwin"));
    }

    @Override
    protected List<Case> knownCases() {
        // letter-spaced text glues "0" onto the surname: whitespace after the view's last word is no word end
        // a tag after a space the stage let go (nobody named yet) took that space back: "Quote: ", then "Quote: <"
        return List.of(new Case("AAAAAAAA A AAAA AA G r e t a  L i n d q v i s t 0!-00", List.of(50)),
                new Case("AAAAAAAA A AAAA AA G r e t a  L i n d q v i s t 0!-00", List.of(51)),
                new Case("Quote: <p>Corwin&nbsp;Ashdale</p>", List.of(7, 8, 9)),
                // the view dropped "_ _" between "AA " and "00": the hold widens back over markup, not the space
                new Case("AA _ _000", List.of(5, 8)),
                new Case("+ \" KwX WNwKU _ _76,8 ZbZquKlv Corwn Ashdale aFM", List.of(18, 47, 3, 6, 9, 1, 45, 21)),
                // "A @" let "A" go, then "A @ A" took it back as a possible address "A@A"
                new Case("A @ A A", List.of(3, 5)), new Case("AA @ Corwin Ashdale", List.of(3, 7)),
                // a run's leading "-" and a part before its "@" were held for a user name in a later part
                new Case("-\" \"Cor\" + \"win\"", List.of(3, 6)), new Case("wiqx @ Lind", List.of(4, 8)), new Case("A @ B x", List.of(3, 5)), new Case("A @ e x", List.of(3, 5)),
                // a string prefix the view dropped ("f" of f"...") was let go, then a name after it widened over it
                new Case("\" f\"{'Greta'} {'Lind'}qvist\"", List.of(4, 13)));
    }

    @Override
    protected List<String> secrets() {
        return List.of("Corwin", "Ashdale", "Lindqvist", EMAIL, "555 0147", "5550147");
    }
}
