package io.lethe.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All upstreams and the routing rule: a model listed by a named upstream goes there, every other model to
 * the default upstream. A model is known when a named upstream lists it or the default upstream's
 * {@code /models} does. Thread-safe; built once at start-up.
 */
public final class Upstreams implements AutoCloseable {

    /**
     * Where a model goes.
     *
     * @param upstream the upstream
     * @param listed   true when a named upstream lists the model (no need to ask the default's catalog)
     */
    public record Route(Upstream upstream, boolean listed) {
    }

    private final Upstream defaultUpstream;
    private final List<Upstream> named;
    private final Map<String, Upstream> byModel = new HashMap<>();
    private final ModelCatalog catalog;

    public Upstreams(Vertx vertx, UpstreamSettings defaultSettings, List<UpstreamSettings> namedSettings,
                     Duration modelsCacheTtl) {
        this.defaultUpstream = new Upstream(vertx, defaultSettings);
        List<Upstream> list = new ArrayList<>();
        for (UpstreamSettings s : namedSettings) {
            Upstream u = new Upstream(vertx, s);
            list.add(u);
            for (String m : s.models()) {
                byModel.putIfAbsent(m, u);
            }
        }
        this.named = List.copyOf(list);
        this.catalog = new ModelCatalog(vertx, defaultUpstream, modelsCacheTtl);
    }

    public Route route(String model) {
        Upstream u = byModel.get(model);
        return u != null ? new Route(u, true) : new Route(defaultUpstream, false);
    }

    public Upstream defaultUpstream() {
        return defaultUpstream;
    }

    public List<Upstream> named() {
        return named;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Every upstream's models, deduplicated by id: named upstreams' configured models first (they win the
     * routing), then the default upstream's list as it sent it. Fails only when there is nothing to list.
     */
    public Future<List<ObjectNode>> models() {
        return catalog.current().compose(snapshot -> {
            Map<String, ObjectNode> merged = new LinkedHashMap<>();
            for (Upstream u : named) {
                for (String m : u.settings().models()) {
                    ObjectNode entry = Json.object();
                    entry.put("id", m);
                    entry.put("object", "model");
                    entry.put("created", 0);
                    entry.put("owned_by", u.name());
                    merged.putIfAbsent(m, entry);
                }
            }
            if (snapshot != null && snapshot.ok()) {
                for (ObjectNode m : snapshot.models()) {
                    merged.putIfAbsent(Json.text(m, "id"), m.deepCopy());
                }
            } else if (merged.isEmpty()) {
                return Future.failedFuture(snapshot == null ? "model list unavailable" : snapshot.error());
            }
            return Future.succeededFuture(List.copyOf(merged.values()));
        });
    }

    @Override
    public void close() {
        defaultUpstream.close();
        named.forEach(Upstream::close);
    }
}
