package io.lethe.proxy.upstream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** One upstream and its client: HTTP/1.1 (what every model server speaks), pooled, keep-alive. */
public final class Upstream {

    private final UpstreamSettings settings;
    private final HttpClient client;
    private final Vertx vertx;
    private volatile Context offLoopContext;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    public Upstream(Vertx vertx, UpstreamSettings settings) {
        this.settings = settings;
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                // Below uvicorn's 5 s (vLLM, TGI's router, many others): a pooled connection is dropped by us
                // before the server closes it under a request that is just being sent.
                .setKeepAliveTimeout(4)
                .setPipelining(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeouts().connect().toMillis()))
                // The proxy must parse bodies; upstreams on a local network gain nothing from gzip.
                .setDecompressionSupported(false)
                .setSsl(settings.https())
                .setDefaultHost(settings.baseUrl().getHost())
                .setDefaultPort(settings.port())
                .setName("lethe-upstream-" + settings.name());
        settings.tls().caFile().ifPresent(ca -> options.setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(ca)));
        settings.tls().certFile().ifPresent(cert -> options.setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                .setCertPath(cert).setKeyPath(settings.tls().keyFile().orElseThrow())));
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(settings.maxConnections());
        this.client = vertx.createHttpClient(options, pool);
    }

    /**
     * Takes one of the upstream's {@link UpstreamSettings#maxConcurrent()} places; false when all are taken (then
     * nothing was taken). Every true must be followed by one {@link #release()}. Any thread.
     */
    public boolean tryAcquire() {
        int max = settings.maxConcurrent();
        if (max <= 0) {
            inFlight.incrementAndGet();
            return true;
        }
        while (true) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken by {@link #tryAcquire()}. */
    public void release() {
        inFlight.decrementAndGet();
    }

    public String name() {
        return settings.name();
    }

    public UpstreamSettings settings() {
        return settings;
    }

    public HttpClient client() {
        return client;
    }

    /**
     * Runs {@code exchange} (which sends a request with {@link #client()} and reads its answer) on a Vert.x
     * thread: at once when called on an event loop; on the caller's own context when it has one (a blocking
     * section of a route); from a thread without a context, on one event-loop context kept for this upstream.
     * Called from a plain thread (a start-up check, an audit worker, a test), each request got a context of its
     * own, and the body of an answer read over a pooled connection was sometimes lost: a 200 with an empty body
     * (reproduced about once in 30 model-list refetches on a loaded 2-core machine, Vert.x 4.5).
     */
    public void onEventLoop(Runnable exchange) {
        if (Context.isOnEventLoopThread()) {
            exchange.run();
            return;
        }
        Context current = Vertx.currentContext();
        if (current != null) {
            // kept only for threads without one: a route's context carries that request's local data
            current.runOnContext(v -> exchange.run());
            return;
        }
        Context c = offLoopContext;
        if (c == null) {
            synchronized (this) {
                if (offLoopContext == null) {
                    offLoopContext = vertx.getOrCreateContext();
                }
                c = offLoopContext;
            }
        }
        c.runOnContext(v -> exchange.run());
    }

    /** Options for a request to {@code base + path} ({@code path} like {@code /chat/completions}). */
    public RequestOptions request(HttpMethod method, String path) {
        RequestOptions o = new RequestOptions()
                .setMethod(method)
                .setHost(settings.baseUrl().getHost())
                .setPort(settings.port())
                .setSsl(settings.https())
                .setURI(settings.basePath() + path);
        settings.apiKey().ifPresent(k -> o.putHeader("Authorization", "Bearer " + k));
        return o;
    }

    /**
     * The Authorization header to send: the configured key when there is one (the client's header is then
     * never forwarded, so client credentials don't leak to the model server), else the client's own.
     */
    public String authorization(String clientAuthorization) {
        return settings.apiKey().map(k -> "Bearer " + k).orElse(clientAuthorization);
    }

    void close() {
        client.close();
    }
}
