package io.lethe.audit;

import io.lethe.proxy.upstream.UpstreamSettings;
import io.lethe.proxy.upstream.UpstreamTimeouts;
import io.lethe.proxy.upstream.Upstreams;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamProbeClientTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * helper-75: a probe to an upstream that accepts the request and never answers waited for the total timeout,
     * where a client's request is answered 504 after the first-byte timeout.
     */
    @Test
    void aSilentUpstreamIsGivenUpAfterTheFirstByteTimeoutNotTheTotal() throws Exception {
        HttpServer silent = vertx.createHttpServer().requestHandler(req -> { }); // reads, never answers
        int port = silent.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        UpstreamTimeouts t = new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofSeconds(120));
        Upstreams upstreams = new Upstreams(vertx, new UpstreamSettings("default",
                URI.create("http://127.0.0.1:" + port + "/v1"), Optional.empty(), List.of(), t, 8), List.of(),
                Duration.ofSeconds(30));
        CompletableFuture<ProbeClient.Answer> answer = new UpstreamProbeClient(upstreams, 1 << 20)
                .complete("m", "Who is Jane Doe?", 16);
        // failed well before the 120 s total (the bound here only keeps a broken build from hanging the suite)
        assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).hasMessageContaining("imeout");
        assertThat(answer).isCompletedExceptionally();
    }
}
