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
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@link UpstreamConfig} into the proxy's validated {@link ProxySettings}, so the proxy never depends
 * on this package.
 */
@ApplicationScoped
public class ProxyWiring {

    @Produces
    @Singleton
    ProxySettings proxySettings(UpstreamConfig config) {
        return settings(config);
    }

    static ProxySettings settings(UpstreamConfig config) {
        UpstreamConfig.DefaultUpstream d = config.upstream();
        UpstreamConfig.Timeouts t = d.timeouts();
        UpstreamTimeouts defaults = new UpstreamTimeouts(t.connect(), t.firstByte(), t.idle(), t.total());
        UpstreamSettings def = new UpstreamSettings("default", UpstreamSettings.parseUrl("default", d.url()),
                d.apiKey(), List.of(), defaults, d.maxConnections());
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
            named.add(new UpstreamSettings(name, UpstreamSettings.parseUrl(name, n.url()), n.apiKey(), models,
                    timeouts, n.maxConnections().orElse(d.maxConnections())));
        }
        Map<String, String> tenantsByKey = new HashMap<>();
        config.tenants().forEach((tenant, keys) -> keys.apiKeys().forEach(k -> {
            String prev = tenantsByKey.putIfAbsent(k.trim(), tenant);
            if (prev != null && !prev.equals(tenant)) {
                throw new IllegalArgumentException("an API key is listed by two tenants: '" + prev + "' and '" + tenant + "'");
            }
        }));
        return new ProxySettings(def, named, config.proxy().maxBodySize().asLongValue(),
                config.proxy().maxUpstreamBodySize().asLongValue(), d.modelsCacheTtl(), tenantsByKey);
    }
}
