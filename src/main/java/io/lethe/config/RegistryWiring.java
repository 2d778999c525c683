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
    GuardWiring guard;
    @Inject
    ClassifierWiring classifier;

    @Inject
    UpstreamConfig upstream;
    @Inject
    EvidenceWiring evidence;
    @Inject
    AuthConfig auth;
    @Inject
    AuditWiring audit;

    private ErasureRegistry registry;

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
                guard::erasuresChanged, Clock.systemUTC());
        var embedder = classifier.topicEmbedder();
        if (embedder != null) {
            registry.topicEmbedder(embedder, classifier.topicModel(), classifier.topicFpr());
        }
        // with an issuer or a keys file, tenants come with tokens or edits: not all known in advance
        if (auth.jwt().jwks().isEmpty() && auth.keysFile().isEmpty()) {
            registry.knownTenants(upstream.tenants().entrySet().stream()
                    .filter(t -> t.getValue().apiKeys().map(k -> !k.isEmpty()).orElse(false)).map(Map.Entry::getKey).toList());
        }
        registry.start();
        if (admin.token().isEmpty() || admin.token().get().isBlank()) {
            LOG.warn("admin API disabled: no lethe.admin.token (LETHE_ADMIN_TOKEN) configured; /admin/v1 answers 503");
        }
        return registry;
    }

    void routes(@Observes Router router) {
        java.util.List<AdminRoutes.Credential> named = new java.util.ArrayList<>();
        admin.tokens().forEach((name, t) -> named.add(new AdminRoutes.Credential(name, t.token(),
                t.roles().stream().map(AdminRoutes.Role::parse).collect(java.util.stream.Collectors.toSet()))));
        AdminRoutes routes = new AdminRoutes(registry(), new AdminRoutes.Settings(admin.token().orElse(null),
                admin.maxBodySize().asLongValue(), admin.maxBulkSize().asLongValue(),
                (int) Math.min(Integer.MAX_VALUE, admin.maxBulkLineSize().asLongValue()), named),
                (requestId, actor, action, target, from, allowed) -> evidence.spool().offer(new io.lethe.evidence.AdminFact(
                        java.time.Instant.now(), requestId, actor, action, target, from, allowed ? "allowed" : "refused")));
        routes.residualKnowledge(audit::knownByErasure).register(router);
        audit.routes(router, routes);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (registry != null) {
            registry.close();
        }
    }
}
