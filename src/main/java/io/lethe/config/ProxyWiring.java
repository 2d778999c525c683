package io.lethe.config;

import io.lethe.proxy.ProxySettings;
import io.lethe.proxy.upstream.UpstreamSettings;
import io.lethe.proxy.upstream.UpstreamTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@link UpstreamConfig} into the proxy's validated {@link ProxySettings}, so the proxy never depends
 * on this package.
 */
@ApplicationScoped
public class ProxyWiring {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProxyWiring.class);

    @Produces
    @Singleton
    ProxySettings proxySettings(UpstreamConfig config) {
        return settings(config);
    }

    static ProxySettings settings(UpstreamConfig config) {
        UpstreamConfig.DefaultUpstream d = config.upstream();
        UpstreamConfig.Timeouts t = d.timeouts();
        UpstreamTimeouts defaults = new UpstreamTimeouts(t.connect(), t.firstByte(), t.idle(), t.total());
        UpstreamSettings.Tls tls = new UpstreamSettings.Tls(d.tls().caFile(), d.tls().certFile(), d.tls().keyFile());
        UpstreamSettings def = new UpstreamSettings("default", UpstreamSettings.parseUrl("default", d.url()),
                d.apiKey(), List.of(), defaults, d.maxConnections(), tls, d.badWords(), d.maxConcurrent());
        List<UpstreamSettings> named = new ArrayList<>();
        // Sorted so start-up, logs and health list upstreams in a stable order.
        for (Map.Entry<String, UpstreamConfig.NamedUpstream> e : new TreeMap<>(config.upstreams()).entrySet()) {
            String name = e.getKey();
            UpstreamConfig.NamedUpstream n = e.getValue();
            UpstreamConfig.OptionalTimeouts o = n.timeouts();
            UpstreamTimeouts timeouts = new UpstreamTimeouts(
                    o.connect().orElse(defaults.connect()),
                    o.firstByte().orElse(defaults.firstByte()),
                    o.idle().orElse(defaults.idle()),
                    o.total().orElse(defaults.total()));
            List<String> models = n.models().orElse(List.of()).stream().map(String::trim)
                    .filter(m -> !m.isEmpty()).toList();
            UpstreamSettings.Tls own = new UpstreamSettings.Tls(n.tls().caFile().or(() -> tls.caFile()),
                    n.tls().certFile().or(() -> tls.certFile()), n.tls().keyFile().or(() -> tls.keyFile()));
            named.add(new UpstreamSettings(name, UpstreamSettings.parseUrl(name, n.url()), n.apiKey(), models,
                    timeouts, n.maxConnections().orElse(d.maxConnections()), own, n.badWords(),
                    n.maxConcurrent().orElse(d.maxConcurrent())));
        }
        return new ProxySettings(def, named, config.proxy().maxBodySize().asLongValue(),
                config.proxy().maxUpstreamBodySize().asLongValue(), d.modelsCacheTtl());
    }

    /**
     * In cluster mode, whether this replica's registry is current: caught up after its start, and it saw that it had
     * read the erasure log to its end within {@code lethe.cluster.max-staleness} (0: after the start only).
     * Single-node mode: always.
     */
    @Produces
    @Singleton
    io.lethe.proxy.RegistryGate registryGate(RegistryWiring registry, ClusterConfig cluster) {
        io.lethe.erasure.cluster.KafkaErasureLog log = registry.clusterLogIfAny();
        if (log == null) {
            return () -> null;
        }
        long max = cluster.maxStaleness().toMillis();
        return () -> {
            if (!log.caughtUp()) {
                return "this replica is still reading the erasure log after its start";
            }
            long stale = log.staleMillis();
            return max > 0 && stale > max ? "this replica has not read the erasure log to its end for "
                    + (stale / 1000) + " s" : null;
        };
    }

    /** Request-rate and stream limits per credential and tenant ({@code lethe.limits.*}). */
    @Produces
    @Singleton
    io.lethe.proxy.Limits limits(LimitsConfig c) {
        return new io.lethe.proxy.Limits(new io.lethe.proxy.Limits.Settings(c.credentialRequestsPerSecond(),
                c.tenantRequestsPerSecond(), c.credentialConcurrentStreams(), c.tenantConcurrentStreams()));
    }

    /** Client credentials: tenants' API keys (hashed), the admin token for the guard API, anonymous access. */
    @Produces
    @Singleton
    io.lethe.proxy.ClientAuth clientAuth(UpstreamConfig config, AdminConfig admin, AuthConfig auth) {
        Map<String, String> tenantsByKey = new HashMap<>();
        config.tenants().forEach((tenant, keys) -> keys.apiKeys().orElse(List.of()).forEach(k -> {
            if (k.isBlank()) {
                return;
            }
            String prev = tenantsByKey.putIfAbsent(k.trim(), tenant);
            if (prev != null && !prev.equals(tenant)) {
                throw new IllegalArgumentException("an API key is listed by two tenants: '" + prev + "' and '" + tenant + "'");
            }
        }));
        io.lethe.proxy.ClientAuth.TokenVerifier jwt = null;
        if (auth.jwt().jwks().isPresent()) {
            String issuer = auth.jwt().issuer().orElseThrow(() -> new IllegalArgumentException(
                    "lethe.auth.jwt.jwks is set but lethe.auth.jwt.issuer is not: tokens of any issuer would be taken"));
            jwt = new JwtVerifier(auth.jwt().jwks().get(), issuer, auth.jwt().audience(), auth.jwt().tenantClaim());
        }
        io.lethe.proxy.ClientAuth a = new io.lethe.proxy.ClientAuth(tenantsByKey, admin.token().orElse(null),
                auth.anonymous(), jwt);
        a.withAdminTokens(admin.tokens().values().stream().map(AdminConfig.NamedToken::token).toList());
        Map<String, List<String>> roles = new HashMap<>();
        config.tenants().forEach((tenant, t) -> t.roles().ifPresent(r -> roles.put(tenant, r)));
        a.withTenantRoles(roles).withRoles(auth.scanRole().orElse(null), auth.erasureIdsRole().orElse(null));
        auth.keysFile().ifPresent(f -> {
            if (!java.nio.file.Files.isReadable(f)) {
                throw new IllegalArgumentException("lethe.auth.keys-file: cannot read " + f);
            }
            a.withKeyFile(new io.lethe.proxy.ClientAuth.KeyFile(f, auth.keysFileCheck()));
        });
        if (a.anonymous()) {
            LOG.warnf("client authentication: anonymous access is on (lethe.auth.anonymous=true): requests without a "
                    + "credential run as tenant '%s'; %d client key(s) configured", io.lethe.proxy.ClientAuth.DEFAULT_TENANT, a.keys());
        } else if (a.keys() == 0 && !a.jwt()) {
            LOG.warn("client authentication: no client key configured and anonymous access off, so every client request "
                    + "is answered 401. Create the first key by starting with LETHE_TENANTS_DEMO_API_KEYS=<a long random "
                    + "key> (tenant 'demo'; any name works), or list keys in a file named by LETHE_AUTH_KEYS_FILE, or "
                    + "serve without credentials with LETHE_AUTH_ANONYMOUS=true");
        }
        return a;
    }
}
