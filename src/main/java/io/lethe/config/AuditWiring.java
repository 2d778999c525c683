package io.lethe.config;

import io.lethe.audit.AuditRoutes;
import io.lethe.audit.AuditStore;
import io.lethe.audit.PipelineScanner;
import io.lethe.audit.ProbePlanner;
import io.lethe.audit.ProbeResult;
import io.lethe.audit.ResidualAudit;
import io.lethe.audit.RunPermit;
import io.lethe.audit.UpstreamProbeClient;
import io.lethe.erasure.AdminRoutes;
import io.lethe.erasure.Erasure;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.evidence.AuditFact;
import io.lethe.proxy.upstream.Upstreams;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesLoader;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the residual-knowledge audit ({@code lethe.audit.*}): its store under {@code <lethe.data.dir>/audit},
 * probes through the gateway's upstream routing, answers scanned by the pipeline in force, templates from the jar
 * ({@code io/lethe/audit/default-probes.yaml}) and the rules folder's {@code audit_probes}, results as
 * {@code io.lethe.audit.v1} evidence and {@code lethe.audit.*} metrics. Single node: every replica may probe
 * ({@link RunPermit#SINGLE_NODE}); cluster mode replaces the permit.
 */
@ApplicationScoped
public class AuditWiring {

    static final String DEFAULTS = "io/lethe/audit/default-probes.yaml";
    /** Cluster mode: the feed key of a model's latest run request (results are keyed model, erasure, probe). */
    static final String RUN_KEY = "\u0000run\u0000";
    /** Cluster mode: a run request read later than this (a replica starting) is not acted on. */
    static final long RUN_REQUEST_FRESH_MS = 600_000;

    @Inject
    AuditConfig config;
    @Inject
    ModelsConfig models;
    @Inject
    DataConfig data;
    @Inject
    GuardWiring guard;
    @Inject
    EvidenceWiring evidence;
    @Inject
    RegistryWiring registries;
    @Inject
    Upstreams upstreams;
    @Inject
    UpstreamConfig upstreamConfig;
    @Inject
    MeterRegistry meters;

    @Inject
    ClusterConfig cluster;

    private volatile ResidualAudit audit;
    private io.lethe.cluster.KafkaLease lease;
    private io.lethe.cluster.KafkaFeed feed;
    private List<GuardRules.ProbeTemplate> defaults;

    void start(@Observes @Priority(30) StartupEvent ev) {
        audit().start();
    }

    /** The audit, built on first use (routes may be mounted before StartupEvent). */
    public synchronized ResidualAudit audit() {
        if (audit != null) {
            return audit;
        }
        defaults = defaults();
        Set<String> languages = new LinkedHashSet<>(config.languages().stream().map(String::trim).toList());
        Map<String, ResidualAudit.ModelSettings> settings = new HashMap<>();
        config.models().forEach((model, m) -> {
            ResidualAudit.Budget b = new ResidualAudit.Budget(
                    m.requestsPerMinute().orElse(config.requestsPerMinute()),
                    m.maxTokensPerProbe().orElse(config.maxTokensPerProbe()),
                    m.tokensPerRun().orElse(config.tokensPerRun()),
                    m.concurrentProbes().orElse(config.concurrentProbes()));
            ModelsConfig.Model known = models.all().get(model);
            String snapshot = known == null ? null : known.trainingSnapshot().map(Object::toString).orElse(null);
            settings.put(model, new ResidualAudit.ModelSettings(m.enabled(), snapshot, b));
        });
        ErasureRegistry registry = registries.registry();
        var hasher = evidence.hasher();
        // cluster mode: the replica holding the lease probes; its results reach the others through a compacted topic
        Map<String, String> kafka = settings.values().stream().anyMatch(ResidualAudit.ModelSettings::enabled)
                ? registries.clusterClientProperties() : null;
        RunPermit permit = RunPermit.SINGLE_NODE;
        if (kafka != null) {
            lease = new io.lethe.cluster.KafkaLease(kafka, cluster.auditLeaseTopic(), "lethe-audit", registries.origin(),
                    () -> {
                        ResidualAudit a = audit;
                        if (a != null) {
                            a.takeOver();
                        }
                    });
            // a holder cut off from Kafka keeps its assignment until it hears otherwise: it must also reach Kafka
            var erasureLog = registries.clusterLogIfAny();
            permit = model -> lease.held() && (erasureLog == null || erasureLog.reachable());
        }
        audit = new ResidualAudit(new ResidualAudit.Settings(data.dir().resolve("audit"), config.maxProbesPerErasure(),
                config.interval(), config.startDelay(), config.refreshAfter(), settings),
                ResidualAudit.ErasureSource.of(() -> active(registry), id -> stillActive(registry, id)),
                () -> ProbePlanner.select(defaults, guard.rules().auditProbes(), languages),
                new UpstreamProbeClient(upstreams, upstreamConfig.proxy().maxUpstreamBodySize().asLongValue()),
                new PipelineScanner(guard::current, config.scanTimeout().toMillis()),
                hasher::hmac, permit, new ResidualAudit.Listener() {
                    @Override
                    public void runRequested(String model) {
                        if (feed != null) {
                            feed.publish(RUN_KEY + model, Long.toString(System.currentTimeMillis())
                                    .getBytes(StandardCharsets.US_ASCII));
                        }
                    }

                    @Override
                    public void probed(ProbeResult r) {
                        if (feed != null) {
                            feed.publish(r.model() + "\u0000" + r.erasureId() + "\u0000" + r.probe(), AuditStore.toJson(r));
                        }
                        evidence.spool().offer(new AuditFact(r.at(), r.erasureId(), r.model(), r.kind(), r.probe(),
                                r.templateId(), r.language(), r.known(), r.detector(), r.score(), r.matchHash(),
                                r.snapshot()));
                    }
                }, Clock.systemUTC());
        if (kafka != null) {
            ResidualAudit a = audit;
            feed = new io.lethe.cluster.KafkaFeed(kafka, cluster.auditResultsTopic(), registries.origin(), (key, value) -> {
                if (key.startsWith(RUN_KEY)) {
                    // a run asked for on another replica; old requests replayed at start are past
                    long at = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
                    if (System.currentTimeMillis() - at < RUN_REQUEST_FRESH_MS) {
                        a.runRequestedElsewhere(key.substring(RUN_KEY.length()));
                    }
                } else {
                    a.replicated(AuditStore.resultFromJson(value));
                }
            });
        }
        for (String model : audit.models()) {
            ResidualAudit a = audit;
            FunctionCounter.builder("lethe.audit.probes.sent", a, x -> x.probesSent(model)).tag("model", model)
                    .description("Residual-knowledge probes sent to the model since start").register(meters);
            FunctionCounter.builder("lethe.audit.budget.refusals", a, x -> x.budgetRefusals(model)).tag("model", model)
                    .description("Probing windows the budget stopped with probes left").register(meters);
            Gauge.builder("lethe.audit.known.share", a, x -> x.knownShare(model)).tag("model", model)
                    .description("Share of probed erasures the model still produces when asked directly").register(meters);
        }
        return audit;
    }

    /** The residual-knowledge marks of the retrain-debt report. */
    public Map<String, Boolean> knownByErasure(String model) {
        return audit().knownByErasure(model);
    }

    void routes(Router router, AdminRoutes admin) {
        new AuditRoutes(audit(), admin).register(router);
    }

    /** Whether the erasure is active now (a probe is about to be sent); an unknown id is not. */
    private static boolean stillActive(ErasureRegistry registry, String id) {
        try {
            return registry.get(id).active();
        } catch (ErasureRegistry.NotFoundException e) {
            return false;
        }
    }

    private static List<Erasure> active(ErasureRegistry registry) {
        List<Erasure> out = new ArrayList<>();
        String cursor = null;
        do {
            ErasureRegistry.Page page = registry.list(Erasure.ACTIVE, 1000, cursor);
            out.addAll(page.data());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** The templates shipped in the jar, validated like a rules file. */
    static List<GuardRules.ProbeTemplate> defaults() {
        try (InputStream in = AuditWiring.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            return RulesLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "jar:" + DEFAULTS).auditProbes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        ResidualAudit a;
        synchronized (this) {
            a = audit;
        }
        if (a != null) {
            a.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (lease != null) {
            lease.close();
        }
    }

    /** Whether this replica runs the audit now: always in single-node mode, the lease holder in cluster mode. */
    public boolean runsAudit() {
        return lease == null || lease.held();
    }
}
