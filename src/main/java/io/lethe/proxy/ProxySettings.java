package io.lethe.proxy;

import io.lethe.proxy.upstream.UpstreamSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy's settings, validated at construction (a model listed by two named upstreams is an error).
 *
 * @param defaultUpstream       serves every model no named upstream lists
 * @param named                 upstreams routed by model name
 * @param maxBodyBytes          largest client request body
 * @param maxUpstreamBodyBytes  largest upstream JSON body and largest single SSE event
 * @param modelsCacheTtl        how long the default upstream's model list is trusted
 */
public record ProxySettings(UpstreamSettings defaultUpstream, List<UpstreamSettings> named, long maxBodyBytes,
                            long maxUpstreamBodyBytes, Duration modelsCacheTtl) {

    public ProxySettings {
        Objects.requireNonNull(defaultUpstream, "defaultUpstream");
        named = List.copyOf(named);
        if (maxBodyBytes < 1 || maxUpstreamBodyBytes < 1) {
            throw new IllegalArgumentException("lethe.proxy body sizes must be positive");
        }
        if (modelsCacheTtl == null || modelsCacheTtl.isNegative() || modelsCacheTtl.isZero()) {
            throw new IllegalArgumentException("lethe.upstream.models-cache-ttl must be positive");
        }
        Map<String, String> owner = new HashMap<>();
        for (UpstreamSettings u : named) {
            if (u.name().equals("default")) {
                throw new IllegalArgumentException("lethe.upstreams.default: the name 'default' is reserved for lethe.upstream");
            }
            for (String m : u.models()) {
                String prev = owner.putIfAbsent(m, u.name());
                if (prev != null && !prev.equals(u.name())) {
                    throw new IllegalArgumentException("model '" + m + "' is listed by two upstreams: '" + prev
                            + "' and '" + u.name() + "'");
                }
            }
        }
    }
}
