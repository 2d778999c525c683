package io.lethe.proxy;

import io.lethe.testkit.ReplayUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-upstream bound ({@code lethe.upstreams.<name>.max-concurrent}): a request beyond it is answered 503
 * {@code upstream_busy} with {@code Retry-After} at once instead of queueing behind the connection pool, and its
 * place is given back when a request ends, answered or abandoned by its client.
 */
@QuarkusTest
@TestProfile(UpstreamConcurrencyTest.Bounded.class)
class UpstreamConcurrencyTest {

    static final String SLOW = ReplayUpstream.FAIL_SLOW_FIRST_BYTE;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    public static class Bounded implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Slow.class));
        }
    }

    public static class Slow implements QuarkusTestResourceLifecycleManager {
        static ReplayUpstream upstream;

        @Override
        public Map<String, String> start() {
            upstream = ReplayUpstream.start();
            return Map.of("lethe.upstreams.busy.url", upstream.baseUrl(), "lethe.upstreams.busy.models", SLOW,
                    "lethe.upstreams.busy.max-concurrent", "1");
        }

        @Override
        public void stop() {
            upstream.close();
        }
    }

    HttpRequest chat(int delayMs) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/v1/chat/completions")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + SLOW + "\",\"x_delay_ms\":" + delayMs
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build();
    }

    @Test
    void aRequestBeyondTheBoundIs503AtOnceAndThePlaceComesBackWhenTheFirstEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(chat(1500), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(400);
        long t0 = System.nanoTime();
        HttpResponse<String> second = HTTP.send(chat(0), HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("refused at once, not queued").isLessThan(1000);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.body()).contains("\"code\":\"upstream_busy\"").contains("\"error\"");
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(HTTP.send(chat(0), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestItsClientAbandonsGivesItsPlaceBack() throws Exception {
        String body = "{\"model\":\"" + SLOW + "\",\"x_delay_ms\":15000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(500);
            assertThat(HTTP.send(chat(0), HttpResponse.BodyHandlers.ofString()).statusCode()).as("the place is taken").isEqualTo(503);
        }
        // the client went away 14.5 s before the upstream would answer: its place is back well before that
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status;
        do {
            status = HTTP.send(chat(0), HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        } while (status != 200 && System.nanoTime() < until);
        assertThat(status).isEqualTo(200);
    }
}
