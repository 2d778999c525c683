package io.lethe.proxy;

import io.lethe.proxy.upstream.Upstreams;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the upstream clients on the Quarkus-managed Vert.x and closes them at shutdown. */
@ApplicationScoped
public class ProxyBeans {

    @Produces
    @Singleton
    Upstreams upstreams(Vertx vertx, ProxySettings settings) {
        return new Upstreams(vertx, settings.defaultUpstream(), settings.named(), settings.modelsCacheTtl());
    }

    void close(@Disposes Upstreams upstreams) {
        upstreams.close();
    }
}
