package io.lethe.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default upstream's {@code GET /models}, fetched lazily and cached for a TTL; a stale list is still
 * used while a background fetch replaces it. If the list cannot be fetched, models are
 * {@link Knowledge#UNVERIFIED} (requests are forwarded and the upstream answers), and the fetch is not
 * retried for a short back-off so a down upstream isn't asked twice per request. Thread-safe.
 */
public final class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final long MAX_LIST_BYTES = 8L * 1024 * 1024;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    public enum Knowledge { KNOWN, UNKNOWN, UNVERIFIED }

    /**
     * One answer of the upstream (or its failure).
     *
     * @param models     the list's entries, as the upstream sent them
     * @param ids        their ids
     * @param fetchedAt  {@link System#nanoTime()} of the fetch
     * @param error      why the fetch failed, or {@code null}
     */
    public record Snapshot(List<ObjectNode> models, Set<String> ids, long fetchedAt, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Vertx vertx;
    private final Upstream upstream;
    private final long ttlNanos;
    private final long retryNanos;
    /** The last good list, or {@code null}. */
    private final AtomicReference<Snapshot> good = new AtomicReference<>();
    /** The last failed fetch when it is newer than {@link #good}, else {@code null}. */
    private final AtomicReference<Snapshot> failure = new AtomicReference<>();
    private final AtomicReference<Future<Snapshot>> inflight = new AtomicReference<>();

    public ModelCatalog(Vertx vertx, Upstream upstream, Duration ttl) {
        this.vertx = vertx;
        this.upstream = upstream;
        this.ttlNanos = ttl.toNanos();
        this.retryNanos = Math.min(ttlNanos, Duration.ofSeconds(5).toNanos());
    }

    /** The last good list, or {@code null} before the first successful fetch. */
    public Snapshot peek() {
        return good.get();
    }

    /** Why the latest fetch failed, or {@code null} when it succeeded (or none ran yet). */
    public String lastError() {
        Snapshot f = failure.get();
        return f == null ? null : f.error();
    }

    /** Whether the default upstream serves {@code model}. May complete on another event loop. */
    public Future<Knowledge> lookup(String model) {
        Snapshot g = good.get();
        long now = System.nanoTime();
        if (g != null) {
            boolean fresh = now - g.fetchedAt() < ttlNanos;
            if (g.ids().contains(model)) {
                if (!fresh && !backingOff(now)) {
                    refresh(); // stale but listed: answer now, refresh in the background
                }
                return Future.succeededFuture(Knowledge.KNOWN);
            }
            if (fresh) {
                return Future.succeededFuture(Knowledge.UNKNOWN);
            }
        }
        if (backingOff(now)) {
            return Future.succeededFuture(Knowledge.UNVERIFIED);
        }
        // Never fetched, or stale and missing: ask before answering 404.
        return refresh().map(n -> !n.ok() ? Knowledge.UNVERIFIED
                : n.ids().contains(model) ? Knowledge.KNOWN : Knowledge.UNKNOWN);
    }

    /** The list for {@code GET /v1/models}: cached while fresh, else fetched (falling back to a stale one). */
    public Future<Snapshot> current() {
        Snapshot g = good.get();
        long now = System.nanoTime();
        if (g != null && now - g.fetchedAt() < ttlNanos) {
            return Future.succeededFuture(g);
        }
        if (backingOff(now)) {
            return Future.succeededFuture(g != null ? g : failure.get());
        }
        return refresh().map(n -> n.ok() || g == null ? n : g);
    }

    private boolean backingOff(long now) {
        Snapshot f = failure.get();
        return f != null && now - f.fetchedAt() < retryNanos;
    }

    /** Starts a fetch unless one is in flight; never fails (a failure is a snapshot with an error). */
    public Future<Snapshot> refresh() {
        Promise<Snapshot> promise = Promise.promise();
        Future<Snapshot> mine = promise.future();
        Future<Snapshot> running = inflight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        mine.onComplete(ar -> inflight.compareAndSet(mine, null));
        upstream.onEventLoop(() -> fetch(promise));
        return mine;
    }

    private void fetch(Promise<Snapshot> promise) {
        AtomicBoolean settled = new AtomicBoolean();
        long[] timer = {-1};
        timer[0] = vertx.setTimer(FETCH_TIMEOUT.toMillis(),
                id -> settle(promise, settled, null, "timed out after " + FETCH_TIMEOUT.toSeconds() + "s"));
        upstream.client().request(upstream.request(HttpMethod.GET, "/models").putHeader("Accept", "application/json"))
                .compose(req -> req.send())
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        resp.end(); // drain so the connection goes back to the pool
                        return Future.failedFuture("HTTP " + resp.statusCode());
                    }
                    return resp.body();
                })
                .onComplete(ar -> {
                    vertx.cancelTimer(timer[0]);
                    if (ar.failed()) {
                        settle(promise, settled, null, ar.cause().getClass().getName()); // not the message: it may quote upstream bytes
                    } else {
                        settle(promise, settled, ar.result(), null);
                    }
                });
    }

    /** First of answer and timeout wins; the state is updated before waiters run. */
    private void settle(Promise<Snapshot> promise, AtomicBoolean settled, Buffer body, String error) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        Snapshot next = error == null ? parse(body) : new Snapshot(List.of(), Set.of(), System.nanoTime(), error);
        if (next.ok()) {
            good.set(next);
            failure.set(null);
            LOG.debugf("upstream=%s models=%d", upstream.name(), next.ids().size());
        } else {
            failure.set(next);
            LOG.warnf("upstream=%s url=%s model list unavailable: %s", upstream.name(),
                    upstream.settings().displayUrl(), next.error());
        }
        promise.complete(next);
    }

    private Snapshot parse(Buffer body) {
        long now = System.nanoTime();
        if (body.length() > MAX_LIST_BYTES) {
            return new Snapshot(List.of(), Set.of(), now, "model list too large");
        }
        JsonNode root = Json.parseObjectOrNull(body.toString());
        if (root == null || !(root.get("data") instanceof com.fasterxml.jackson.databind.node.ArrayNode data)) {
            return new Snapshot(List.of(), Set.of(), now, "model list is not {\"data\": [...]}");
        }
        List<ObjectNode> models = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode m : data) {
            String id = Json.text(m, "id");
            if (id != null && m instanceof ObjectNode o) {
                models.add(o);
                ids.add(id);
            }
        }
        return new Snapshot(List.copyOf(models), Set.copyOf(ids), now, null);
    }
}
