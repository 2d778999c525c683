package io.lethe.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.GuardStage;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.PipelineSource;
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
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the guard pipeline from the rules folder and the detectors discovered as {@link DetectorFactory}
 * beans, and keeps the one in force. The detectors run in the rules' {@code detector_order}, then the ones it
 * does not name by their default order. A bad rules file, an unknown detector name or settings a detector
 * refuses fail start-up with the reason, or on reload keep the rules in force. Every change builds a new
 * pipeline and swaps it in; responses in flight keep the one they opened.
 */
@ApplicationScoped
public class GuardWiring {

    private static final Logger LOG = Logger.getLogger(GuardWiring.class);
    private static final ObjectMapper SETTINGS = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RulesConfig config;
    private final MeterRegistry meters;
    private final List<DetectorFactory> detectors;
    private final ErasureRecords records;
    private volatile GuardPipeline pipeline;
    private volatile String fingerprint;
    /** Null while the rules in force are the folder's; otherwise why the last reload was refused. */
    private volatile String reloadError;
    private ScheduledExecutorService watcher;
    private RulesPolicy policy;
    private GuardRules rules;
    private List<String> loggedDetectors = List.of();

    @Inject
    public GuardWiring(RulesConfig config, MeterRegistry meters, @Any Instance<DetectorFactory> detectors,
                       Instance<ErasureRecords> records) {
        this(config, meters, detectors.stream().toList(), registryRecords(records));
    }

    /** The registry's records: one bean provides them (the erasure detector); two would be a wiring error. */
    private static ErasureRecords registryRecords(Instance<ErasureRecords> records) {
        if (records.isAmbiguous()) {
            throw new IllegalStateException("two beans provide the erasure records (io.lethe.guard.ErasureRecords): "
                    + records.handlesStream().map(h -> h.getBean().getBeanClass().getName()).sorted().toList());
        }
        return records.isResolvable() ? records.get() : ErasureRecords.NONE;
    }

    /** With the detectors given and no registry (tests). */
    public GuardWiring(RulesConfig config, MeterRegistry meters, List<DetectorFactory> detectors) {
        this(config, meters, detectors, ErasureRecords.NONE);
    }

    /**
     * With the detectors given and the registry's records they may read (tests); each detector is told how to
     * rebuild the pipeline when its inputs change.
     */
    public GuardWiring(RulesConfig config, MeterRegistry meters, List<DetectorFactory> detectors, ErasureRecords records) {
        this.config = config;
        this.meters = meters;
        this.records = records;
        this.detectors = List.copyOf(detectors);
        Map<String, DetectorFactory> seen = new LinkedHashMap<>();
        for (DetectorFactory d : this.detectors) {
            DetectorFactory other = seen.putIfAbsent(d.name(), d);
            if (other != null) {
                throw new IllegalStateException("two detectors are named '" + d.name() + "': "
                        + other.getClass().getName() + " and " + d.getClass().getName());
            }
            d.onChange(this::detectorChanged);
        }
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

    /** Loads the rules and swaps in a new pipeline; nothing is swapped when any detector refuses them. */
    public synchronized GuardPipeline reload() {
        String fp = RulesFolder.fingerprint(config.dir());
        GuardRules loaded = RulesLoader.load(config.dir());
        RulesPolicy newPolicy = new RulesPolicy(loaded);
        GuardPipeline p = build(loaded, newPolicy);
        fingerprint = fp;
        rules = loaded;
        policy = newPolicy;
        pipeline = p;
        if (java.nio.file.Files.isDirectory(config.dir())) {
            LOG.infof("guard rules loaded from %s", config.dir());
        } else {
            // a jar started outside the checkout has no ./guard-rules: say so rather than "loaded from" it
            LOG.warnf("guard rules folder %s not found (working directory %s): no rules file read, the built-in"
                    + " defaults are in force; set lethe.rules.dir", config.dir(),
                    java.nio.file.Path.of("").toAbsolutePath());
        }
        logDetectors(p);
        return p;
    }

    /** A detector's inputs changed (a registry write, on its writer thread): rebuild before it is acknowledged. */
    private synchronized void detectorChanged() {
        if (policy != null) {
            pipeline = build(rules, policy, true);
            logDetectors(pipeline);
        }
    }

    /** Says which detectors run whenever that changes (the erasure detector joins once the registry is up). */
    private void logDetectors(GuardPipeline p) {
        List<String> names = p.stages().stream().map(GuardStage::name).toList();
        if (!names.equals(loggedDetectors)) {
            loggedDetectors = names;
            LOG.infof("guard pipeline: detectors %s", names);
        }
    }

    /** The detectors in pipeline order: those {@code detector_order} names, in its order, then the rest by default order. */
    static List<DetectorFactory> ordered(List<DetectorFactory> detectors, List<String> order) {
        Map<String, DetectorFactory> byName = new LinkedHashMap<>();
        detectors.stream().sorted(Comparator.comparingInt(DetectorFactory::defaultOrder).thenComparing(DetectorFactory::name))
                .forEach(d -> byName.put(d.name(), d));
        List<DetectorFactory> out = new ArrayList<>();
        for (String name : order) {
            DetectorFactory d = byName.remove(name);
            if (d == null) {
                throw new IllegalArgumentException("detector_order: no detector is named '" + name + "' (there are "
                        + detectors.stream().map(DetectorFactory::name).sorted().toList() + ")");
            }
            out.add(d);
        }
        out.addAll(byName.values());
        return out;
    }

    private GuardPipeline build(GuardRules rules, RulesPolicy policy) {
        return build(rules, policy, false);
    }

    /**
     * The pipeline for these rules. Strict (a rules load): a detector that refuses them refuses the load. Lenient (a
     * detector's inputs changed, on the registry's writer with a write already stored): a detector that fails is
     * left out and logged, so the others (the erasures) are enforced at once rather than not at all.
     */
    private GuardPipeline build(GuardRules rules, RulesPolicy policy, boolean lenient) {
        checkNames(rules);
        List<GuardStage> stages = new ArrayList<>();
        for (DetectorFactory d : ordered(detectors, rules.detectorOrder())) {
            Context context = new Context(d.name(), List.copyOf(stages), rules, records);
            GuardStage stage;
            try {
                stage = d.build(context);
            } catch (RuntimeException e) {
                if (!lenient) {
                    throw e;
                }
                meters.counter("lethe.detector.build.failures", "detector", d.name()).increment();
                // keep what it enforced before (default-deny); only a detector that never built is left out
                GuardStage before = previousStage(d.name());
                LOG.errorf("detector %s failed to build; %s until it builds again: %s", d.name(),
                        before != null ? "its previous stage stays in force" : "it is left out", e.getMessage());
                if (before == null) {
                    continue;
                }
                stage = before;
            }
            GuardRules.DetectorRule rule = rules.detectors().get(d.name());
            if (!lenient && rule != null && rule.settings() != null && !context.settingsRead) {
                throw new IllegalArgumentException("detectors." + d.name() + ".settings: detector '" + d.name()
                        + "' takes no settings");
            }
            if (stage != null) {
                stages.add(stage);
            }
        }
        return new GuardPipeline(stages, policy);
    }

    /** The stage of detector {@code name} in the pipeline in force, or null. */
    private GuardStage previousStage(String name) {
        GuardPipeline p = pipeline;
        if (p != null) {
            for (GuardStage s : p.stages()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** Every detector the rules (and their overrides) name exists: a misspelt one would silently not apply. */
    private void checkNames(GuardRules rules) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        detectors.forEach(d -> known.addAll(d.reports()));
        List<Map<String, GuardRules.DetectorRule>> sections = new ArrayList<>();
        sections.add(rules.detectors());
        rules.overrides().forEach(o -> sections.add(o.detectors()));
        for (Map<String, GuardRules.DetectorRule> section : sections) {
            for (Map.Entry<String, GuardRules.DetectorRule> e : section.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw new IllegalArgumentException("detectors: no detector is named '" + e.getKey()
                            + "' (there are " + known + ")");
                }
                if (e.getValue().settings() != null && section != rules.detectors()) {
                    throw new IllegalArgumentException("overrides: detectors." + e.getKey()
                            + ".settings: settings belong in the top-level detectors section");
                }
            }
        }
    }

    /** One build call's view: the stages before, the detector's settings, the rules, the registry's records. */
    private static final class Context implements DetectorContext {
        private final String name;
        private final List<GuardStage> before;
        private final GuardRules rules;
        private final ErasureRecords records;
        boolean settingsRead;

        Context(String name, List<GuardStage> before, GuardRules rules, ErasureRecords records) {
            this.name = name;
            this.before = before;
            this.rules = rules;
            this.records = records;
        }

        @Override
        public ErasureRecords erasures() {
            return records;
        }

        @Override
        public List<GuardStage> before() {
            return before;
        }

        @Override
        public <T> T settings(Class<T> type) {
            settingsRead = true;
            GuardRules.DetectorRule rule = rules.detectors().get(name);
            if (rule == null || rule.settings() == null) {
                return null;
            }
            try {
                return SETTINGS.convertValue(rule.settings(), type);
            } catch (IllegalArgumentException e) {
                // no cause and no parser message: they repeat the value, and settings may be sensitive terms
                throw new IllegalArgumentException(bindingError("detectors." + name + ".settings", e.getCause()));
            }
        }

        @Override
        public <T> T shared(Class<T> type) {
            return type == GuardRules.class ? type.cast(rules) : null;
        }
    }

    /** Where a settings mapping failed to bind and why, naming fields and types, never a value. */
    static String bindingError(String section, Throwable cause) {
        StringBuilder where = new StringBuilder(section);
        if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    where.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    where.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        if (cause instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return where + ": unknown field (known: " + u.getKnownPropertyIds() + ")";
        }
        if (cause instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
            return where + ": expected " + mi.getTargetType().getSimpleName();
        }
        return where + ": cannot be read";
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
