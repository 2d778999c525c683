package io.lethe.erasure;

import io.lethe.guard.GuardStage;
import io.lethe.guard.StageContractTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * The erasure stage keeps the stage contract ({@link StageContractTest}) over passages found in the raw text
 * and in the normalized view: pieces of a registered passage whose spaces are written as entities, URL escapes
 * or markup, mixed with plain ones and other words, beside a registered name.
 */
class PassageStageContractTest extends StageContractTest {

    static final String[] WORDS = PassageViewTest.PASSAGE.split(" ");
    static final List<String> SEPARATORS = List.of(" ", " ", "&nbsp;", "&#32;", "%20", "&ensp;", " <b>", "</b> ",
            "\u200b ", " **", "<br>");

    @Override
    protected GuardStage stage() {
        return PassageViewTest.withNames();
    }

    /** Words {@code [from, from + n)} of the passage, each gap written with a separator drawn per gap. */
    static Arbitrary<String> piece() {
        return Arbitraries.integers().between(0, WORDS.length - 2).flatMap(from ->
                Arbitraries.integers().between(2, WORDS.length - from).flatMap(n ->
                        Arbitraries.of(SEPARATORS).list().ofSize(n).map(seps -> {
                            StringBuilder sb = new StringBuilder(WORDS[from]);
                            for (int i = 1; i < n && from + i < WORDS.length; i++) {
                                sb.append(seps.get(i)).append(WORDS[from + i]);
                            }
                            return sb.toString();
                        })));
    }

    @Override
    protected Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, piece()),
                        Tuple.of(3, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(7)),
                        Tuple.of(1, Arbitraries.of("Miranda Quillsworth", "Miranda&nbsp;Quillsworth", "<p>", "</p>",
                                "&amp;", "%", "&", "the", "lantern", "keeper", "100%20")))
                .list().ofMaxSize(8).map(ws -> String.join(" ", ws));
    }

    @Override
    protected List<String> secrets() {
        return List.of("Orrinsby", "lighthouse", "Quillsworth");
    }
}
