package io.lethe.rules;

import io.lethe.guard.GuardStage;
import io.lethe.guard.StageContractTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.List;

/** The deny-term stage keeps the stage contract ({@link StageContractTest}), obfuscated terms included. */
class DenyTermStageContractTest extends StageContractTest {

    static final List<String> TERMS = List.of("LETHE-CANARY-7F3A", "Nightjar Protocol");

    @Override
    protected GuardStage stage() {
        return new DenyTermStage(List.of(new GuardRules.DenyTermList("test", TERMS, null, null, null)));
    }

    @Override
    protected Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(9)),
                        Tuple.of(2, Arbitraries.of(TERMS)),
                        Tuple.of(2, Arbitraries.of("L E T H E - C A N A R Y - 7 F 3 A", "lethe-canary-7f3a",
                                "A3F7-YRANAC-EHTEL", "nightjar  protocol", "N1ghtjar Pr0tocol", "Nightjar", "LETHE-",
                                "at", "a", "7F3A", "&amp;", "<b>")),
                        Tuple.of(1, Arbitraries.strings().withChars("0123456789-_.,;:!?()\"'").ofMinLength(1).ofMaxLength(4)))
                .list().ofMaxSize(20).map(ws -> String.join(" ", ws));
    }

    @Override
    protected List<String> secrets() {
        return TERMS;
    }
}
