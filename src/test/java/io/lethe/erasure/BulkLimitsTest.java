package io.lethe.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red team h68 F5, over HTTP with small limits (a 200-byte line, a 4 KB bulk body): a line over the line limit
 * is a rejected line with its number and length and the lines around it are stored; only a body over the bulk
 * limit fails the call, saying so.
 */
class BulkLimitsTest {

    @TempDir
    Path dir;
    Vertx vertx;
    HttpServer server;
    ErasureRegistry registry;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        registry = new ErasureRegistry(dir, "US", Map.of(), 3, s -> { }, Clock.systemUTC());
        registry.start();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new AdminRoutes(registry, new AdminRoutes.Settings("tok", 1 << 20, 4096, 200), AdminAudit.NONE, rid -> true)
                .register(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        registry.close();
    }

    HttpResponse<String> bulk(String body, boolean chunked) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher p = chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/admin/v1/erasures:bulk"))
                .header("Authorization", "Bearer tok").header("Content-Type", "application/x-ndjson").POST(p).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOverLongLineIsRejectedAloneWithItsNumberAndLength() throws Exception {
        String longLine = "{\"id\":\"big2\",\"subject\":{\"names\":[\"Bertrand Hollowfane\"]},\"note\":\"" + "x".repeat(300) + "\"}";
        for (boolean chunked : new boolean[]{false, true}) {
            HttpResponse<String> r = bulk("{\"id\":\"big1\",\"subject\":{\"names\":[\"Abelard Grimsditch\"]}}\n" + longLine
                    + "\n{\"id\":\"big3\",\"subject\":{\"names\":[\"Cressida Inglethorpe\"]}}", chunked);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode out = ErasureParser.JSON.readTree(r.body());
            assertThat(out.path("accepted").asLong()).isEqualTo(2);
            assertThat(out.path("rejected")).hasSize(1);
            assertThat(out.path("rejected").get(0).path("line").asLong()).isEqualTo(2);
            assertThat(out.path("rejected").get(0).path("error").asText())
                    .contains(longLine.length() + " bytes", "200 bytes per line").doesNotContain("Bertrand");
            assertThat(registry.get("big1")).isNotNull();
            assertThat(registry.get("big3")).isNotNull();
        }
    }

    @Test
    void aBodyOverTheBulkLimitFailsWholeAndSaysSo() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() <= 5000; i++) {
            b.append("{\"id\":\"w").append(i).append("\",\"subject\":{\"names\":[\"Wendell Quarrington\"]}}\n");
        }
        for (boolean chunked : new boolean[]{false, true}) {
            HttpResponse<String> r = bulk(b.toString(), chunked);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("bulk body larger than 4096 bytes", "none of its lines is stored");
            assertThat(registry.holds("w0")).isFalse();
        }
    }

    @Test
    void anOverLongBulkLineIsRejectedByNumberAndLengthAndTheOthersStored() {
        var bulk = registry.bulk();
        bulk.lines(List.of("{\"id\":\"o1\",\"subject\":{\"names\":[\"Abelard Grimsditch\"]}}".getBytes(StandardCharsets.UTF_8)))
                .thenCompose(x -> bulk.overLong(1_200_037, 1_048_576))
                .thenCompose(x -> bulk.lines(List.of("{\"id\":\"o3\",\"subject\":{\"names\":[\"Cressida Inglethorpe\"]}}"
                        .getBytes(StandardCharsets.UTF_8)))).join();
        var res = bulk.finish().join();
        assertThat(res.accepted()).isEqualTo(2);
        assertThat(res.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.error()).contains("1200037 bytes", "1048576", "lethe.admin.max-bulk-line-size");
        });
        assertThat(registry.get("o3")).isNotNull();
    }
}
