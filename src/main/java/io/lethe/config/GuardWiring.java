package io.lethe.config;

import io.lethe.classifier.ClassifierStage;
import io.lethe.decode.DecodingStage;
import io.lethe.erasure.ErasureStage;
import io.lethe.guard.GuardStage;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.PipelineSource;
import io.lethe.rules.DenyTermStage;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesLoader;
import io.lethe.rules.RulesPolicy;
import io.lethe.rules.RulesException;
import io.lethe.rules.RulesFolder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the guard pipeline from the rules folder and the erasure registry, and keeps the one in force.
 * A bad rules file fails start-up with file, line and reason. Every change builds a new pipeline and
 * swaps it in; responses in flight keep the one they opened.
 */
@ApplicationScoped
public class GuardWiring {

    private static final Logger LOG = Logger.getLogger(GuardWiring.class);

    private final RulesConfig config;
    private final MeterRegistry meters;
    private final ClassifierWiring classifier;
    private volatile GuardPipeline pipeline;
    private volatile String fingerprint;
    /** Null while the rules in force are the folder's; otherwise why the last reload was refused. */
    private volatile String reloadError;
    private ScheduledExecutorService watcher;
    private List<GuardStage> ruleStages = List.of();
    private RulesPolicy policy;
    private GuardRules rules;
    private ErasureStage erasures;

    @Inject
    public GuardWiring(RulesConfig config, MeterRegistry meters, ClassifierWiring classifier) {
        this.config = config;
        this.meters = meters;
        this.classifier = classifier;
        Gauge.builder("lethe.rules.reload.failed", this, w -> w.reloadError == null ? 0 : 1)
                .description("1 while the rules folder holds a file that was refused and older rules stay in force")
                .register(meters);
    }

    void watch(@Observes StartupEvent ev) {
        current();
        long ms = config.reloadInterval().toMillis();
        if (ms <= 0) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lethe-rules-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** Hot reload: a bad file keeps the rules in force and says so in the log, health and a metric. */
    void reloadIfChanged() {
        String now = RulesFolder.fingerprint(config.dir());
        if (now.equals(fingerprint)) {
            return;
        }
        try {
            reload();
            reloadError = null;
            meters.counter("lethe.rules.reloads", "result", "ok").increment();
            LOG.infof("guard rules reloaded from %s", config.dir());
        } catch (RulesException e) {
            fingerprint = now;
            reloadError = e.getMessage();
            meters.counter("lethe.rules.reloads", "result", "refused").increment();
            LOG.warnf("guard rules NOT reloaded, the previous rules stay in force: %s", e.getMessage());
        } catch (RuntimeException e) {
            fingerprint = now;
            reloadError = e.toString();
            meters.counter("lethe.rules.reloads", "result", "refused").increment();
            LOG.warnf("guard rules NOT reloaded, the previous rules stay in force: %s", e.toString());
        }
    }

    /** Why the last reload was refused, or null when the folder's rules are in force. */
    public String reloadError() {
        return reloadError;
    }

    /** Loads the rules and swaps in a new pipeline. */
    public synchronized GuardPipeline reload() {
        String fp = RulesFolder.fingerprint(config.dir());
        GuardRules rules = RulesLoader.load(config.dir());
        fingerprint = fp;
        List<GuardStage> stages = new ArrayList<>();
        if (!rules.denyTerms().isEmpty()) {
            DenyTermStage deny = new DenyTermStage(rules.denyTerms());
            stages.add(deny);
            LOG.infof("guard rules loaded from %s: %d deny-term list(s), %d term(s)",
                    config.dir(), rules.denyTerms().size(), deny.termCount());
        } else {
            LOG.infof("guard rules loaded from %s: no deny terms", config.dir());
        }
        // Checked before anything is swapped: labels must name configured models.
        classifier.stage(rules, erasures == null ? null : erasures.topics());
        ruleStages = List.copyOf(stages);
        this.rules = rules;
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
        if (!stages.isEmpty()) {
            // the same detectors again over ROT13 and decoded base64/base32/hex runs (16+ chars, 2 levels)
            stages.add(new DecodingStage(List.copyOf(stages), 16, 2));
        }
        // Last: it needs whole sentences, and the cheap exact stages have already held what they must.
        ClassifierStage semantic = classifier.stage(rules, erasures == null ? null : erasures.topics());
        if (semantic != null) {
            stages.add(semantic);
        }
        GuardPipeline p = new GuardPipeline(stages, policy);
        pipeline = p;
        return p;
    }

    /** The rules in force (loaded on first use). */
    public synchronized GuardRules rules() {
        if (rules == null) {
            reload();
        }
        return rules;
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
