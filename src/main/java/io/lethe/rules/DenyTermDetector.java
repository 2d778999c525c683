package io.lethe.rules;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.GuardStage;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The deny-term detector: the rules' {@code deny_terms} lists compiled into one {@link DenyTermStage}. */
@ApplicationScoped
public class DenyTermDetector implements DetectorFactory {

    private static final Logger LOG = Logger.getLogger(DenyTermDetector.class);

    @Override
    public String name() {
        return DenyTermStage.NAME;
    }

    @Override
    public int defaultOrder() {
        return 100;
    }

    /** Null when the rules list no terms. Logs counts only, never a term. */
    @Override
    public GuardStage build(DetectorContext context) {
        GuardRules rules = context.shared(GuardRules.class);
        if (rules == null || rules.denyTerms().isEmpty()) {
            return null;
        }
        DenyTermStage stage = new DenyTermStage(rules.denyTerms());
        LOG.debugf("deny terms compiled: %d list(s), %d term(s)", rules.denyTerms().size(), stage.termCount());
        return stage;
    }

    /**
     * The deny-term stage of {@code lists}, as {@link #build} compiles the rules' lists. For pipelines assembled
     * without the gateway (tests, benchmarks); the stage's class stays private to this package. The lists are
     * validated where the rules are read ({@link RulesLoader}); an empty list gives a stage that finds nothing.
     */
    public static GuardStage stage(java.util.List<GuardRules.DenyTermList> lists) {
        return new DenyTermStage(lists);
    }
}
