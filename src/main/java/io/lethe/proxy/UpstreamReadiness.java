package io.lethe.proxy;

import io.lethe.proxy.upstream.ModelCatalog;
import io.lethe.proxy.upstream.Upstream;
import io.lethe.proxy.upstream.Upstreams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the upstream configuration and what the last model-list fetch of the default upstream said.
 * Always UP: a model server that is down is the upstream's problem, answered per request with 502/504;
 * taking the gateway out of rotation would not help.
 */
@Readiness
@ApplicationScoped
public class UpstreamReadiness implements HealthCheck {

    @Inject
    Upstreams upstreams;

    @Override
    public HealthCheckResponse call() {
        Upstream d = upstreams.defaultUpstream();
        ModelCatalog catalog = upstreams.catalog();
        ModelCatalog.Snapshot good = catalog.peek();
        String error = catalog.lastError();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("upstreams").up()
                .withData("default.url", d.settings().displayUrl())
                .withData("default.api_key", d.settings().apiKey().isPresent() ? "set" : "none")
                .withData("default.models", error != null ? "unavailable: " + error
                        : good == null ? "not fetched yet" : good.ids().size() + " listed");
        for (Upstream u : upstreams.named()) {
            b.withData(u.name() + ".url", u.settings().displayUrl());
            b.withData(u.name() + ".models", String.join(",", u.settings().models()));
        }
        if (good == null || error != null) {
            catalog.refresh(); // non-blocking; the next probe reports the outcome
        }
        return b.build();
    }
}
