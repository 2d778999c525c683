package io.lethe.config;

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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the guard pipeline from the rules folder and keeps the one in force. A bad rules file fails
 * start-up with file, line and reason.
 */
@ApplicationScoped
public class GuardWiring {

    private static final Logger LOG = Logger.getLogger(GuardWiring.class);

    private final AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
    private final RulesConfig config;

    @Inject
    public GuardWiring(RulesConfig config) {
        this.config = config;
    }

    /** Loads the rules and swaps in a new pipeline; the previous one serves responses already in flight. */
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
        GuardPipeline p = new GuardPipeline(stages, new RulesPolicy(rules));
        pipeline.set(p);
        return p;
    }

    public GuardPipeline current() {
        GuardPipeline p = pipeline.get();
        return p != null ? p : reload();
    }

    @Produces
    @Singleton
    PipelineSource pipelineSource() {
        current();
        return this::current;
    }
}
