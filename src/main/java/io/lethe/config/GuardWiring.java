package io.lethe.config;

import io.lethe.erasure.ErasureStage;
import io.lethe.guard.GuardStage;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.PipelineSource;
import io.lethe.rules.DenyTermStage;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesLoader;
import io.lethe.rules.RulesPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the guard pipeline from the rules folder and the erasure registry, and keeps the one in force.
 * A bad rules file fails start-up with file, line and reason. Every change builds a new pipeline and
 * swaps it in; responses in flight keep the one they opened.
 */
@ApplicationScoped
public class GuardWiring {

    private static final Logger LOG = Logger.getLogger(GuardWiring.class);

    private final RulesConfig config;
    private volatile GuardPipeline pipeline;
    private List<GuardStage> ruleStages = List.of();
    private RulesPolicy policy;
    private ErasureStage erasures;

    @Inject
    public GuardWiring(RulesConfig config) {
        this.config = config;
    }

    /** Loads the rules and swaps in a new pipeline. */
    public synchronized GuardPipeline reload() {
        GuardRules rules = RulesLoader.load(config.dir());
        List<GuardStage> stages = new ArrayList<>();
        if (!rules.denyTerms().isEmpty()) {
            DenyTermStage deny = new DenyTermStage(rules.denyTerms());
            stages.add(deny);
            LOG.infof("guard rules loaded from %s: %d deny-term list(s), %d term(s)",
                    config.dir(), rules.denyTerms().size(), deny.termCount());
        } else {
            LOG.infof("guard rules loaded from %s: no deny terms", config.dir());
        }
        ruleStages = List.copyOf(stages);
        policy = new RulesPolicy(rules);
        return rebuild();
    }

    /** Called by the registry on its writer thread, before the write that changed it answers. */
    public synchronized void erasuresChanged(ErasureStage stage) {
        erasures = stage;
        if (policy != null) {
            rebuild();
        }
    }

    private GuardPipeline rebuild() {
        List<GuardStage> stages = new ArrayList<>(ruleStages);
        if (erasures != null) {
            stages.add(erasures);
        }
        GuardPipeline p = new GuardPipeline(stages, policy);
        pipeline = p;
        return p;
    }

    public GuardPipeline current() {
        GuardPipeline p = pipeline;
        return p != null ? p : reload();
    }

    @Produces
    @Singleton
    PipelineSource pipelineSource() {
        current();
        return this::current;
    }
}
