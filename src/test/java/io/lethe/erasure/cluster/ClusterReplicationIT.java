package io.lethe.erasure.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.evidence.ChainVerifier;
import io.lethe.evidence.kafka.KafkaBroker;
import io.lethe.evidence.kafka.KafkaEvidenceReader;
import io.lethe.testkit.GatewayProcess;
import io.lethe.testkit.ReplayUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode with real parts: two gateway processes (the packaged jar) and one KRaft broker from Kafka's jars,
 * on loopback. Create on A, enforced on B within 1 s; retire on B, released on A; a bulk import on A visible on B;
 * {@code kill -9} B, writes meanwhile, restart: caught up before ready; broker stopped: writes refused with 503,
 * guarding unaffected; broker back: writes resume; after every fault the replicas hold the same erasure set, and
 * the evidence of both verifies with the chain verifier. Prints the propagation times it measured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterReplicationIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static KafkaBroker broker;
    static ReplayUpstream upstream;
    static GatewayProcess a;
    static GatewayProcess b;
    static Path dataA;
    static Path dataB;
    static final List<Long> propagationMs = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "it-cluster", UUID.randomUUID().toString()));
        broker = new KafkaBroker(root.resolve("kafka"));
        broker.start();
        upstream = ReplayUpstream.builder().recordRequests(true).start();
        dataA = Files.createDirectories(root.resolve("a"));
        dataB = Files.createDirectories(root.resolve("b"));
        a = gateway(dataA, "it-cluster-a.log");
        b = gateway(dataB, "it-cluster-b.log");
        a.start(Duration.ofSeconds(90));
        b.start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void down() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static GatewayProcess gateway(Path data, String log) {
        return gateway(data, log, Map.of());
    }

    static GatewayProcess gateway(Path data, String log, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.putAll(Map.of(
                "LETHE_ADMIN_TOKEN", "it-token",
                "LETHE_DATA_DIR", data.toString(),
                "LETHE_UPSTREAM_URL", upstream.baseUrl(),
                "LETHE_RULES_DIR", "guard-rules",
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "LETHE_CLUSTER_WRITE_TIMEOUT", "3s",
                "LETHE_CLUSTER_MAX_STALENESS", "8s",
                // the residual-knowledge audit on for model "echo": one replica probes, both report
                "JAVA_TOOL_OPTIONS", "-Dlethe.audit.models.echo.enabled=true -Dlethe.audit.start-delay=1h"
                        + " -Dlethe.audit.tokens-per-run=2560 -Dlethe.audit.max-tokens-per-probe=256"));
        env.keySet().removeIf(k -> more.containsKey(k) && more.get(k) == null);
        return new GatewayProcess(env, Path.of("target", log));
    }

    static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", url.endsWith(":bulk") ? "application/x-ndjson" : "application/json")
                .header("Authorization", "Bearer it-token");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String person(String id, String name) {
        return "{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"" + name + "\"]}}";
    }

    /** Whether the replica's scan API finds the erasure in a text naming the person. */
    static boolean enforces(GatewayProcess g, String id, String name) throws Exception {
        HttpResponse<String> r = send("POST", g.url() + "/v1/guard/scan", "{\"text\":\"Yesterday " + name + " called.\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().contains(id);
    }

    /** Polls until the replica enforces (or, with {@code want} false, no longer enforces) the erasure; the wait in ms. */
    static long awaitEnforced(GatewayProcess g, String id, String name, boolean want, Duration limit) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            HttpResponse<String> r = send("POST", g.url() + "/v1/guard/scan", "{\"text\":\"Yesterday " + name + " called.\"}");
            // 503: a replica not yet current again after a broker outage
            assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
            if (r.statusCode() == 200 && r.body().contains(id) == want) {
                break;
            }
            if (System.nanoTime() - t0 > limit.toNanos()) {
                throw new AssertionError(id + (want ? " not enforced" : " still enforced") + " on " + g.url() + " after " + limit);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static JsonNode ready(GatewayProcess g) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(g.url() + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** Every erasure id with its status, through the paged list API. */
    static Map<String, String> all(GatewayProcess g) throws Exception {
        Map<String, String> out = new TreeMap<>();
        String cursor = null;
        do {
            HttpResponse<String> r = send("GET", g.url() + "/admin/v1/erasures?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.get("data").forEach(e -> out.put(e.get("id").asText(), e.get("status").asText()));
            cursor = page.hasNonNull("next_cursor") ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return out;
    }

    @Test
    @Order(1)
    void aCreateOnOneReplicaIsEnforcedOnTheOtherWithinOneSecond() throws Exception {
        assertThat(check(ready(a), "erasure-replication").get("data").get("mode").asText()).isEqualTo("cluster");
        for (int i = 0; i < 30; i++) {
            String id = "prop-" + i;
            String name = "Orlanda Vesterby" + (char) ('a' + i % 26) + i;
            HttpResponse<String> created = send("POST", (i % 2 == 0 ? a : b).url() + "/admin/v1/erasures", person(id, name));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            // the replica that answered enforces it already: the caller reads its own write
            assertThat(enforces(i % 2 == 0 ? a : b, id, name)).isTrue();
            propagationMs.add(awaitEnforced(i % 2 == 0 ? b : a, id, name, true, Duration.ofSeconds(5)));
        }
        List<Long> sorted = new ArrayList<>(propagationMs);
        Collections.sort(sorted);
        System.out.printf("cluster propagation over %d creates: p50 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        assertThat(sorted.get(sorted.size() - 1)).as("slowest propagation, ms").isLessThanOrEqualTo(1000);
    }

    @Test
    @Order(2)
    void sameIdTwiceIsIdempotentAndAnotherBodyConflictsOnEitherReplica() throws Exception {
        assertThat(send("POST", a.url() + "/admin/v1/erasures", person("idem-1", "Quillon Marsk")).statusCode()).isEqualTo(201);
        assertThat(send("POST", b.url() + "/admin/v1/erasures", person("idem-1", "Quillon Marsk")).statusCode()).isIn(200, 201);
        awaitEnforced(b, "idem-1", "Quillon Marsk", true, Duration.ofSeconds(5));
        assertThat(send("POST", b.url() + "/admin/v1/erasures", person("idem-1", "Other Body")).statusCode()).isEqualTo(409);
    }

    @Test
    @Order(3)
    void aRetirementOnOneReplicaIsReleasedOnTheOther() throws Exception {
        HttpResponse<String> r = send("DELETE", b.url() + "/admin/v1/erasures/prop-0", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"retired\"");
        awaitEnforced(a, "prop-0", "Orlanda Vesterbya0", false, Duration.ofSeconds(5));
        assertThat(JSON.readTree(send("GET", a.url() + "/admin/v1/erasures/prop-0", null).body()).get("status").asText())
                .isEqualTo("retired");
    }

    @Test
    @Order(4)
    void aBulkImportOnOneReplicaIsVisibleOnTheOther() throws Exception {
        StringBuilder nd = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            nd.append(person("bulk-" + i, "Bulkperson Tamsin" + i)).append('\n');
        }
        nd.append(person("idem-1", "Conflicting Body")).append('\n');
        HttpResponse<String> r = send("POST", a.url() + "/admin/v1/erasures:bulk", nd.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = JSON.readTree(r.body());
        assertThat(res.get("accepted").asInt()).isEqualTo(3000);
        assertThat(res.get("rejected").get(0).get("line").asInt()).isEqualTo(3001);
        assertThat(enforces(a, "bulk-2999", "Bulkperson Tamsin2999")).isTrue();
        awaitEnforced(b, "bulk-2999", "Bulkperson Tamsin2999", true, Duration.ofSeconds(10));
        awaitEnforced(b, "bulk-0", "Bulkperson Tamsin0", true, Duration.ofSeconds(1));
        assertThat(all(a)).isEqualTo(all(b));
    }

    @Test
    @Order(5)
    void aReplicaKilledAndRestartedCatchesUpBeforeItIsReady() throws Exception {
        b.kill9();
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", a.url() + "/admin/v1/erasures", person("while-down-" + i, "Absentia Korhonen" + i))
                    .statusCode()).isEqualTo(201);
        }
        assertThat(send("DELETE", a.url() + "/admin/v1/erasures/prop-2", null).statusCode()).isEqualTo(200);
        b = gateway(dataB, "it-cluster-b.log");
        b.start(Duration.ofSeconds(90));
        // ready means caught up: no polling here
        for (int i = 0; i < 5; i++) {
            assertThat(enforces(b, "while-down-" + i, "Absentia Korhonen" + i)).isTrue();
        }
        assertThat(enforces(b, "prop-2", "Orlanda Vesterbyc2")).isFalse();
        assertThat(all(a)).isEqualTo(all(b));
    }

    @Test
    @Order(6)
    void withTheBrokerDownWritesAreRefusedGuardingGoesOnForMaxStalenessThenStopsThenAllResumes() throws Exception {
        broker.stop();
        long down = System.nanoTime();
        // within lethe.cluster.max-staleness (8 s here) guarding goes on with what each replica applied
        assertThat(enforces(a, "while-down-1", "Absentia Korhonen1")).isTrue();
        assertThat(enforces(b, "bulk-7", "Bulkperson Tamsin7")).isTrue();
        long t0 = System.nanoTime();
        HttpResponse<String> refused = send("POST", a.url() + "/admin/v1/erasures", person("during-outage", "Outage Person"));
        System.out.printf("write with the broker down refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("erasure_log_unavailable");
        assertThat(send("POST", b.url() + "/admin/v1/erasures:bulk", person("during-outage-bulk", "Outage Bulk") + "\n")
                .statusCode()).isEqualTo(503);
        // beyond it a replica cannot tell an erasure registered elsewhere did not pass it by (helper-71: a replica
        // cut off from Kafka passed one for as long as the cut lasted): guarded requests 503, readiness DOWN
        long wait = Duration.ofSeconds(12).toNanos() - (System.nanoTime() - down);
        Thread.sleep(Math.max(0, wait / 1_000_000));
        HttpResponse<String> stale = send("POST", b.url() + "/v1/guard/scan", "{\"text\":\"Yesterday Bulkperson Tamsin7 called.\"}");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(503);
        assertThat(stale.body()).contains("registry_not_current").doesNotContain("Bulkperson");
        assertThat(stale.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode health = check(ready(b), "erasure-replication");
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        assertThat(health.get("data").get("kafka").asText()).isEqualTo("unreachable");

        broker.start();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status;
        do {
            status = send("POST", b.url() + "/admin/v1/erasures", person("after-outage", "Returning Writer")).statusCode();
            if (status != 201 && status != 200) {
                Thread.sleep(500);
            }
        } while (status != 201 && status != 200 && System.nanoTime() < until);
        assertThat(status).isIn(200, 201);
        awaitEnforced(a, "after-outage", "Returning Writer", true, Duration.ofSeconds(10));
        awaitEnforced(b, "after-outage", "Returning Writer", true, Duration.ofSeconds(10));
        assertThat(check(ready(b), "erasure-replication").get("status").asText()).isEqualTo("UP");
        // the refused writes were never applied anywhere
        assertThat(send("GET", a.url() + "/admin/v1/erasures/during-outage", null).statusCode()).isEqualTo(404);
        assertThat(all(a)).isEqualTo(all(b));
    }

    static long probesReceived() {
        // the audit's probes: non-streamed, temperature 0, max_tokens as configured (256)
        return upstream.requests().stream().filter(r -> "echo".equals(r.getString("model"))
                && Integer.valueOf(256).equals(r.getInteger("max_tokens"))).count();
    }

    static JsonNode audit(GatewayProcess g) throws Exception {
        HttpResponse<String> r = send("GET", g.url() + "/admin/v1/models/echo/residual-knowledge", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    @Order(8)
    void oneReplicaRunsTheAuditAndBothReportItsResultsThenTheOtherTakesOver() throws Exception {
        // exactly one replica holds the audit lease
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        boolean aRuns;
        boolean bRuns;
        do {
            aRuns = check(ready(a), "erasure-replication").get("data").get("runs_audit").asBoolean();
            bRuns = check(ready(b), "erasure-replication").get("data").get("runs_audit").asBoolean();
            if (aRuns ^ bRuns) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < until);
        assertThat(aRuns ^ bRuns).as("one lease holder (a=%s, b=%s)", aRuns, bRuns).isTrue();
        GatewayProcess holder = aRuns ? a : b;
        GatewayProcess other = aRuns ? b : a;
        // a run asked for on the replica without the lease is done by the holder
        long before = probesReceived();
        assertThat(send("POST", other.url() + "/admin/v1/models/echo/residual-knowledge:run", null).statusCode()).isEqualTo(202);
        // a window of at most 10 probes (tokens-per-run / max-tokens-per-probe); wait until it is over
        JsonNode onHolder = null;
        long seen = -1;
        until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(1000);
            onHolder = audit(holder);
            long now = probesReceived();
            if (onHolder.get("probed").asInt() > 0 && now == seen) {
                break;
            }
            seen = now;
        }
        assertThat(onHolder.get("probed").asInt()).isPositive();
        long sent = probesReceived() - before;
        assertThat(sent).isPositive();
        // the other replica reports the same figures from the replicated results, without having probed
        JsonNode onOther = null;
        until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            onOther = audit(other);
            if (onOther.get("probed").asInt() == onHolder.get("probed").asInt()) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(onOther.get("probed").asInt()).isEqualTo(onHolder.get("probed").asInt());
        assertThat(onOther.get("known").asInt()).isEqualTo(onHolder.get("known").asInt());
        System.out.printf("audit in cluster mode: %d probe(s) sent by one replica, %d erasure(s) probed on both%n",
                sent, onOther.get("probed").asInt());
        // the holder dies: the other takes the lease over and runs the next request
        holder.kill9();
        until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check(ready(other), "erasure-replication").get("data").get("runs_audit").asBoolean()
                && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        assertThat(check(ready(other), "erasure-replication").get("data").get("runs_audit").asBoolean()).isTrue();
        assertThat(send("POST", other.url() + "/admin/v1/erasures", person("audit-late", "Latecomer Ostrova")).statusCode())
                .isEqualTo(201);
        long beforeTakeover = probesReceived();
        assertThat(send("POST", other.url() + "/admin/v1/models/echo/residual-knowledge:run", null).statusCode()).isEqualTo(202);
        until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (probesReceived() == beforeTakeover && System.nanoTime() < until) {
            Thread.sleep(250);
        }
        assertThat(probesReceived()).isGreaterThan(beforeTakeover);
        if (holder == a) {
            a = gateway(dataA, "it-cluster-a.log");
            a.start(Duration.ofSeconds(90));
        } else {
            b = gateway(dataB, "it-cluster-b.log");
            b.start(Duration.ofSeconds(90));
        }
    }

    @Test
    @Order(10)
    void retiredRecordsPastTheirAuditPeriodAreRemovedFromTheLogOnEveryReplica() throws Exception {
        assertThat(send("GET", a.url() + "/admin/v1/erasures/prop-0", null).statusCode()).isEqualTo(200);
        // B restarted with a 1 s audit period sweeps at once: tombstones for the retired records, read by both
        b.kill9();
        b = gateway(dataB, "it-cluster-b.log", Map.of("LETHE_CLUSTER_TOMBSTONE_AFTER", "PT1S"));
        b.start(Duration.ofSeconds(90));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // each replica applies the tombstones when it reads them back from the log, B too: wait for both
        while ((send("GET", a.url() + "/admin/v1/erasures/prop-0", null).statusCode() != 404
                || send("GET", b.url() + "/admin/v1/erasures/prop-2", null).statusCode() != 404) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(send("GET", a.url() + "/admin/v1/erasures/prop-0", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", b.url() + "/admin/v1/erasures/prop-2", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", b.url() + "/admin/v1/erasures/prop-1", null).statusCode()).as("active: kept").isEqualTo(200);
        assertThat(all(a)).isEqualTo(all(b));
    }

    @Test
    @Order(11)
    void aSingleNodeTurnedIntoAReplicaBringsItsErasuresIntoTheLog() throws Exception {
        Path dataC = Files.createDirectories(dataA.resolveSibling("c"));
        Map<String, String> single = new java.util.HashMap<>();
        single.put("KAFKA_BOOTSTRAP_SERVERS", null);
        try (GatewayProcess c = gateway(dataC, "it-cluster-c.log", single)) {
            c.start(Duration.ofSeconds(90));
            assertThat(check(ready(c), "erasure-replication").get("data").get("mode").asText()).isEqualTo("single-node");
            assertThat(send("POST", c.url() + "/admin/v1/erasures", person("from-single", "Solenne Varga")).statusCode())
                    .isEqualTo(201);
        }
        try (GatewayProcess c = gateway(dataC, "it-cluster-c.log")) {
            c.start(Duration.ofSeconds(90));
            awaitEnforced(a, "from-single", "Solenne Varga", true, Duration.ofSeconds(10));
            assertThat(enforces(c, "bulk-5", "Bulkperson Tamsin5")).as("and it reads what the log held").isTrue();
            assertThat(all(c)).isEqualTo(all(a));
        }
    }

    @Test
    @Order(12)
    void theEvidenceOfBothReplicasVerifies() throws Exception {
        // a leak through each replica: evidence from two instances on one topic
        for (GatewayProcess g : List.of(a, b)) {
            HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(URI.create(g.url() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Absentia Korhonen3 is here.\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.body()).doesNotContain("Korhonen3");
        }
        ChainVerifier.Report report = null;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            ChainVerifier v = new ChainVerifier();
            KafkaEvidenceReader.readInto(v, broker.bootstrapServers(), "lethe.leak-evidence", Duration.ofSeconds(5));
            report = v.verify();
            if (report.chains().size() >= 2 && report.chains().stream().allMatch(c -> c.missing() == 0)) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(report).isNotNull();
        assertThat(report.problems()).isEmpty();
        assertThat(report.chains()).hasSizeGreaterThanOrEqualTo(2);
    }
}
