package io.lethe.rules;

import io.lethe.guard.Action;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The policy the rules define. Precedence, most specific first: the finding's own action (an erasure's),
 * the deny-term list's, the detector's, the defaults. Replacement and refusal follow the same order.
 */
public final class RulesPolicy implements Policy {

    private final GuardRules rules;
    private final Map<String, GuardRules.DenyTermList> lists = new HashMap<>();

    public RulesPolicy(GuardRules rules) {
        this.rules = rules;
        for (GuardRules.DenyTermList l : rules.denyTerms()) {
            lists.put(l.id(), l);
        }
    }

    public GuardRules rules() {
        return rules;
    }

    @Override
    public Decision decide(Finding finding, ScanContext context) {
        GuardRules.Defaults d = rules.defaults();
        GuardRules.DetectorRule det = rules.detectors().get(finding.detector());
        GuardRules.DenyTermList list = DenyTermStage.NAME.equals(finding.detector()) ? lists.get(finding.rule()) : null;
        Action action = first(finding.action(), list == null ? null : list.action(), det == null ? null : det.action(), d.action());
        String replacement = first(list == null ? null : list.replacement(), det == null ? null : det.replacement(), d.replacement());
        String refusal = first(list == null ? null : list.refusal(), det == null ? null : det.refusal(), d.refusal());
        String rule = finding.rule() != null ? finding.rule() : finding.detector();
        return new Decision(action, rule, replacement, refusal);
    }

    @Override
    public Decision onStageFailure(String stage, ScanContext context) {
        GuardRules.Defaults d = rules.defaults();
        return new Decision(Action.BLOCK, "stage-failure", d.replacement(), d.refusal());
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
