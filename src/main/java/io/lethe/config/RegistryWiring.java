package io.lethe.config;

import io.lethe.erasure.AdminRoutes;
import io.lethe.erasure.ErasureRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the erasure registry before the HTTP server opens (StartupEvent observers run first), so no
 * request is ever served without the erasures on disk, and mounts the admin API.
 */
@ApplicationScoped
public class RegistryWiring {

    private static final Logger LOG = Logger.getLogger(RegistryWiring.class);

    @Inject
    DataConfig data;
    @Inject
    AdminConfig admin;
    @Inject
    ErasureConfig erasure;
    @Inject
    ModelsConfig models;
    @Inject
    io.lethe.erasure.ErasureDetector erasures;
    @Inject
    GuardWiring guard;
    @Inject
    io.lethe.classifier.ClassifierDetector classifier;

    @Inject
    UpstreamConfig upstream;
    @Inject
    EvidenceWiring evidence;
    @Inject
    AuthConfig auth;
    @Inject
    ClusterConfig cluster;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @Inject
    AuditWiring audit;
    @Inject
    io.lethe.proxy.upstream.Upstreams upstreams;

    private ErasureRegistry registry;
    private io.lethe.erasure.cluster.KafkaErasureLog log;
    private Map<String, String> clientProperties;
    private final String origin = System.getenv().getOrDefault("HOSTNAME", "replica") + "-"
            + java.util.UUID.randomUUID().toString().substring(0, 8);

    void start(@Observes @Priority(10) StartupEvent ev) {
        registry();
    }

    /** The registry, started on first use (the router may be set up before StartupEvent). */
    public synchronized ErasureRegistry registry() {
        if (registry != null) {
            return registry;
        }
        Map<String, Instant> snapshots = new HashMap<>();
        models.all().forEach((name, m) -> m.trainingSnapshot()
                .ifPresent(d -> snapshots.put(name, d.atStartOfDay(ZoneOffset.UTC).toInstant())));
        registry = new ErasureRegistry(data.dir(), erasure.phoneRegion(), snapshots, erasure.deltaMax(),
                new io.lethe.erasure.index.CompiledErasures.Fuzzy(erasure.fuzzyMinLength1(), erasure.fuzzyMinLength2()),
                erasures::changed, Clock.systemUTC());
        var embedder = classifier.topicEmbedder();
        if (embedder != null) {
            registry.topicEmbedder(embedder, classifier.topicModel(), classifier.topicFpr());
        }
        // with an issuer or a keys file, tenants come with tokens or edits: not all known in advance
        if (auth.jwt().jwks().isEmpty() && auth.keysFile().isEmpty()) {
            registry.knownTenants(upstream.tenants().entrySet().stream()
                    .filter(t -> t.getValue().apiKeys().map(k -> !k.isEmpty()).orElse(false)).map(Map.Entry::getKey).toList());
        }
        io.lethe.erasure.cluster.KafkaErasureLog l = clusterLog();
        if (l != null) {
            registry.replicate(l, cluster.applyTimeout());
        }
        erasures.attach(registry);
        registry.start();
        if (l != null) {
            l.start(registry);
            log = l;
            io.micrometer.core.instrument.Gauge.builder("lethe.registry.replication.lag", l, x -> x.lag())
                    .baseUnit("records").description("erasure log records not yet read by this replica (-1: unknown)")
                    .register(meters);
            io.micrometer.core.instrument.FunctionCounter.builder("lethe.registry.replication.applied", l, x -> x.applied())
                    .description("erasure log records applied by this replica since start").register(meters);
            LOG.infof("cluster mode: erasures replicated through Kafka topic %s; ready once caught up", l.topic());
        }
        if (admin.token().isEmpty() || admin.token().get().isBlank()) {
            LOG.warn("admin API disabled: no lethe.admin.token (LETHE_ADMIN_TOKEN) configured; /admin/v1 answers 503");
        }
        return registry;
    }

    /** Cluster mode's log when Kafka is configured and cluster mode not turned off; null otherwise. */
    private io.lethe.erasure.cluster.KafkaErasureLog clusterLog() {
        org.eclipse.microprofile.config.Config cfg = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        if (!cluster.enabled() || !EvidenceKafkaSwitch.configured(cfg.unwrap(io.smallrye.config.SmallRyeConfig.class).getConfigValue(EvidenceKafkaSwitch.SERVERS))) {
            return null;
        }
        Map<String, String> client = new HashMap<>();
        for (String name : cfg.getPropertyNames()) {
            if (name.startsWith("kafka.") && !name.equals(EvidenceKafkaSwitch.SERVERS)) {
                cfg.getOptionalValue(name, String.class).ifPresent(v -> client.put(name.substring("kafka.".length()), v));
            }
        }
        clientProperties = new HashMap<>(client);
        clientProperties.put("bootstrap.servers", cfg.getValue(EvidenceKafkaSwitch.SERVERS, String.class));
        return new io.lethe.erasure.cluster.KafkaErasureLog(new io.lethe.erasure.cluster.KafkaErasureLog.Settings(
                cfg.getValue(EvidenceKafkaSwitch.SERVERS, String.class), client, cluster.topic(), cluster.partitions(),
                cluster.replicationFactor(), cluster.writeTimeout(), cluster.tombstoneAfter().orElse(null), origin));
    }

    /** Cluster mode's Kafka client properties ({@code bootstrap.servers} included), or null in single-node mode. */
    public Map<String, String> clusterClientProperties() {
        return clusterLogIfAny() == null ? null : Map.copyOf(clientProperties);
    }

    /** This replica's id in cluster mode (host name and a per-start suffix). */
    public String origin() {
        return origin;
    }

    /** Cluster mode's log, or null in single-node mode. */
    public io.lethe.erasure.cluster.KafkaErasureLog clusterLogIfAny() {
        registry();
        return log;
    }

    void routes(@Observes Router router) {
        java.util.List<AdminRoutes.Credential> named = new java.util.ArrayList<>();
        admin.tokens().forEach((name, t) -> named.add(new AdminRoutes.Credential(name, t.token(),
                t.roles().stream().map(AdminRoutes.Role::parse).collect(java.util.stream.Collectors.toSet()))));
        AdminRoutes routes = new AdminRoutes(registry(), new AdminRoutes.Settings(admin.token().orElse(null),
                admin.maxBodySize().asLongValue(), admin.maxBulkSize().asLongValue(),
                (int) Math.min(Integer.MAX_VALUE, admin.maxBulkLineSize().asLongValue()), named),
                (requestId, actor, action, target, from, allowed) -> evidence.spool().offer(new io.lethe.evidence.AdminFact(
                        java.time.Instant.now(), requestId, actor, action, target, from, allowed ? "allowed" : "refused")),
                id -> io.lethe.proxy.ProxyRoutes.usableRequestId(id) && !guard.current().mentionsErased(id));
        routes.residualKnowledge(audit::knownByErasure).knownModels(this::knownModel)
                .namesErased(id -> !id.isEmpty() && guard.current().mentionsErased(id)).register(router);
        audit.routes(router, routes);
    }

    /**
     * Whether the admin log and evidence may name {@code model} (red team h68 F2): one the operator configured
     * (a training snapshot, a named upstream's list, the audit), or one the default upstream lists or the audit
     * has results of, unless it names an erased value (the proxy's log withholds such a name the same way).
     */
    private boolean knownModel(String model) {
        if (models.all().containsKey(model) || upstreams.route(model).listed() || audit.audit().enabled(model)) {
            return true;
        }
        io.lethe.proxy.upstream.ModelCatalog.Snapshot listed = upstreams.catalog().peek();
        return ((listed != null && listed.ids().contains(model)) || audit.audit().hasRecords(model))
                && !guard.current().mentionsErased(model);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (log != null) {
            log.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
