package io.lethe.erasure;

import io.lethe.testkit.GatewayProcess;
import io.lethe.testkit.ReplayUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability against the real process: kill -9 right after a create answered, restart, and the erasure
 * is there and enforced; kill -9 in the middle of a bulk import, restart, and none of it is there.
 */
class CrashRecoveryIT {

    static ReplayUpstream upstream;
    static Path dataDir;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void up() throws Exception {
        upstream = ReplayUpstream.start();
        dataDir = Files.createDirectories(Path.of("target", "it-data", UUID.randomUUID().toString()));
    }

    @AfterAll
    static void down() {
        upstream.close();
    }

    GatewayProcess gateway() {
        return new GatewayProcess(Map.of(
                "LETHE_ADMIN_TOKEN", "it-token",
                "LETHE_DATA_DIR", dataDir.toString(),
                "LETHE_UPSTREAM_URL", upstream.baseUrl(),
                "LETHE_RULES_DIR", "guard-rules"), Path.of("target", "it-gateway.log"));
    }

    static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (!url.contains("/v1/chat/")) {  // the admin token is no credential of the model routes
            b.header("Authorization", "Bearer it-token");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnsweredCreateSurvivesKillNineAndIsEnforcedAfterRestart() throws Exception {
        String id = "crash-" + UUID.randomUUID();
        try (GatewayProcess g = gateway()) {
            g.start(Duration.ofSeconds(60));
            HttpResponse<String> created = send("POST", g.url() + "/admin/v1/erasures",
                    "{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Evelyn Desmet\"],\"emails\":[\"evelyn@desmet.example\"]}}");
            assertThat(created.statusCode()).isEqualTo(201);
            g.kill9();
        }
        try (GatewayProcess g = gateway()) {
            g.start(Duration.ofSeconds(60));
            assertThat(send("GET", g.url() + "/admin/v1/erasures/" + id, null).statusCode()).isEqualTo(200);
            HttpResponse<String> scan = send("POST", g.url() + "/v1/guard/scan",
                    "{\"text\":\"Desmet, Evelyn wrote to EVELYN@desmet.example.\"}");
            assertThat(scan.statusCode()).isEqualTo(200);
            assertThat(scan.body()).contains(id).doesNotContain("Evelyn").doesNotContain("desmet.example");
            HttpResponse<String> chat = send("POST", g.url() + "/v1/chat/completions",
                    "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"I met Evelyn Desmet.\"}]}");
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.body()).doesNotContain("Evelyn").contains(id);
        }
    }

    @Test
    void aBulkImportCutByKillNineLeavesNothingAndTheIndexStaysUsable() throws Exception {
        try (GatewayProcess g = gateway()) {
            g.start(Duration.ofSeconds(60));
            URI u = URI.create(g.url());
            try (Socket s = new Socket(u.getHost(), u.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /admin/v1/erasures:bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer it-token\r\n"
                        + "Content-Type: application/x-ndjson\r\nContent-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 5000; i++) {
                    sb.append("{\"id\":\"bulk-cut-").append(i).append("\",\"subject\":{\"names\":[\"Cut Person").append(i).append("\"]}}\n");
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1500);  // the gateway has staged the lines by now
                g.kill9();
            }
        }
        try (GatewayProcess g = gateway()) {
            g.start(Duration.ofSeconds(60));
            assertThat(send("GET", g.url() + "/admin/v1/erasures/bulk-cut-0", null).statusCode()).isEqualTo(404);
            assertThat(send("GET", g.url() + "/admin/v1/erasures/bulk-cut-4999", null).statusCode()).isEqualTo(404);
            try (var staging = Files.list(dataDir.resolve("erasures"))) {
                assertThat(staging.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("staging-"));
            }
            String id = "after-" + UUID.randomUUID();
            assertThat(send("POST", g.url() + "/admin/v1/erasures",
                    "{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Intact Index\"]}}").statusCode()).isEqualTo(201);
        }
    }
}
