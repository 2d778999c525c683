package io.lethe.proxy.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.lethe.proxy.upstream.ModelCatalog.Knowledge.KNOWN;
import static io.lethe.proxy.upstream.ModelCatalog.Knowledge.UNKNOWN;
import static io.lethe.proxy.upstream.ModelCatalog.Knowledge.UNVERIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModelCatalogTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<String> models = new AtomicReference<>("{\"object\":\"list\",\"data\":[{\"id\":\"a\"}]}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            fetches.incrementAndGet();
            req.response().setStatusCode(status.get()).end(models.get());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ModelCatalog catalog(Duration ttl) {
        UpstreamSettings s = new UpstreamSettings("default",
                URI.create("http://127.0.0.1:" + server.actualPort() + "/v1"), Optional.empty(), List.of(),
                // generous: a fetch timing out on a loaded machine would read as an unreachable list
                new UpstreamTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10)), 2);
        return new ModelCatalog(vertx, new Upstream(vertx, s), ttl);
    }

    /** Loads a good list before a test about what happens once it is stale; says why when it cannot. */
    private static ModelCatalog primed(ModelCatalog c) throws Exception {
        ModelCatalog.Snapshot s = await(c.refresh());
        assertNull(s.error(), () -> "model list never loaded: " + s.error());
        return c;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void listedModelIsKnownAndOthersUnknownWhileTheListIsFresh() throws Exception {
        ModelCatalog c = catalog(Duration.ofMinutes(1));

        assertEquals(KNOWN, await(c.lookup("a")), () -> "error: " + c.lastError());
        assertEquals(UNKNOWN, await(c.lookup("b")));
        assertEquals(1, fetches.get(), "one fetch serves both answers");
    }

    @Test
    void unreachableListMeansForwardUnverifiedAndBacksOff() throws Exception {
        status.set(500);
        ModelCatalog c = catalog(Duration.ofMinutes(1));

        assertEquals(UNVERIFIED, await(c.lookup("a")));
        assertEquals(UNVERIFIED, await(c.lookup("b")));
        assertEquals(1, fetches.get(), "a failed fetch is not repeated for every request");
        assertNotNull(c.lastError());
    }

    @Test
    void staleListIsRefetchedBeforeAnsweringUnknown() throws Exception {
        ModelCatalog c = primed(catalog(Duration.ofMillis(50)));
        assertEquals(UNKNOWN, await(c.lookup("new")), () -> "list: " + c.peek() + ", error: " + c.lastError());
        models.set("{\"data\":[{\"id\":\"a\"},{\"id\":\"new\"}]}");
        Thread.sleep(300);  // well past the 50 ms TTL even when the machine is loaded

        assertEquals(KNOWN, await(c.lookup("new")), () -> "error: " + c.lastError());
        assertNull(c.lastError());
    }

    @Test
    void staleButListedModelIsAnsweredAtOnceAndRefreshedInTheBackground() throws Exception {
        ModelCatalog c = primed(catalog(Duration.ofMillis(50)));
        int before = fetches.get();
        Thread.sleep(300);

        Future<ModelCatalog.Knowledge> f = c.lookup("a");

        assertEquals(KNOWN, f.result(), "answered without waiting");
        long deadline = System.currentTimeMillis() + 2000;
        while (fetches.get() < before + 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before + 1, fetches.get(), "one background refresh");
    }

    /**
     * Fetches started from a plain thread (start-up checks, audit workers) over one pooled connection: before
     * {@link Upstream#onEventLoop} about one in 30 answers was read as a 200 with an empty body.
     */
    @Test
    void refetchesFromAPlainThreadReadEveryBody() throws Exception {
        ModelCatalog c = catalog(Duration.ofMinutes(1));
        for (int i = 0; i < 300; i++) {
            ModelCatalog.Snapshot s = await(c.refresh());
            int n = i;
            assertNull(s.error(), () -> "fetch " + n + ": " + s.error());
        }
        assertEquals(300, fetches.get());
    }

    @Test
    void badListShapeIsAnError() throws Exception {
        models.set("[1,2]");
        ModelCatalog c = catalog(Duration.ofMinutes(1));

        assertEquals(UNVERIFIED, await(c.lookup("a")));
        assertNull(c.peek());
    }
}
