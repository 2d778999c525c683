package io.lethe.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolTest {

    static final byte[] KEY = "spool-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    static SpoolSettings settings(Path dir) {
        return new SpoolSettings(dir, 10_000, 1L << 30, 1L << 29, 4096, 64, Duration.ZERO, true, 256,
                Duration.ofMillis(50), Duration.ofSeconds(10));
    }

    static LeakFact fact(int i) {
        return new LeakFact(Instant.parse("2026-01-01T00:00:00Z").plusMillis(i), "req-" + i, "echo", "default",
                null, i % 3 == 0 ? null : "erasure-" + (i % 5), "name", "lexical", "content", 0, "redact", i, i + 5,
                1.0, i, "ab".repeat(32), 5);
    }

    static List<String> lines(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path seg : Spool.listSegments(dir)) {
            out.addAll(Files.readAllLines(seg, StandardCharsets.UTF_8));
        }
        return out;
    }

    static void offer(Spool s, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(s.offer(fact(i))).isTrue();
        }
        assertThat(s.awaitCommitted(10_000)).isTrue();
    }

    @Test
    void eventsAreChainedAcrossRestartsAndSegmentsAndVerify() throws Exception {
        try (Spool s = new Spool(settings(dir), null, "k")) {
            s.start();
            offer(s, 0, 30);
        }
        String instance;
        try (Spool s = new Spool(settings(dir), null, "k")) {
            instance = s.instance();
            s.start();
            offer(s, 30, 50);
            assertThat(s.stats().lastSeq()).isEqualTo(50);
        }
        assertThat(Spool.listSegments(dir)).hasSizeGreaterThan(1); // 4 KiB segments
        try (var files = java.nio.file.Files.list(dir)) {
            List<Path> all = files.filter(java.nio.file.Files::isRegularFile).toList();
            assertThat(all).extracting(f -> f.getFileName().toString()).contains("instance");
            for (Path f : all) {  // segments, the instance id, the acknowledged point
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(f))).as(f.getFileName().toString()).isEqualTo("rw-------");
            }
        }
        List<String> lines = lines(dir);
        assertThat(lines).hasSize(50);
        JsonNode first = MAPPER.readTree(lines.get(0));
        assertThat(first.path("id").asText()).isEqualTo(instance + ":1");
        assertThat(first.path("data").path("prev_hash").isNull()).isTrue();
        JsonNode later = MAPPER.readTree(lines.get(30));
        assertThat(later.path("data").path("seq").asLong()).isEqualTo(31);
        assertThat(later.path("data").path("prev_hash").asText())
                .isEqualTo(EvidenceEvents.hash(lines.get(29).getBytes(StandardCharsets.UTF_8)));

        ChainVerifier v = new ChainVerifier();
        v.addSpool(dir);
        ChainVerifier.Report r = v.verify();
        assertThat(r.problems()).isEmpty();
        assertThat(r.chains()).singleElement().satisfies(c -> {
            assertThat(c.firstSeq()).isEqualTo(1);
            assertThat(c.lastSeq()).isEqualTo(50);
        });
    }

    @Test
    void everyEventMatchesTheJsonSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/io/lethe/evidence/leak-evidence-v1.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        try (Spool s = new Spool(settings(dir), null, "0123456789abcdef")) {
            s.start();
            offer(s, 0, 10);
        }
        for (String line : lines(dir)) {
            Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(line));
            assertThat(errors).as(line).isEmpty();
        }
        // The schema does reject what it must: a matched text field, a missing hash.
        ObjectMapper m = MAPPER;
        JsonNode bad = m.readTree(lines(dir).get(0));
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("data")).put("matched_text", "x");
        assertThat(schema.validate(bad)).isNotEmpty();
    }

    @Test
    void aTornTailIsCutAndTheChainGoesOn() throws Exception {
        try (Spool s = new Spool(settings(dir), null, "k")) {
            s.start();
            offer(s, 0, 5);
        }
        Path last = Spool.listSegments(dir).get(Spool.listSegments(dir).size() - 1);
        Files.writeString(last, "{\"specversion\":\"1.0\",\"id\":\"half", StandardOpenOption.APPEND);
        try (Spool s = new Spool(settings(dir), null, "k")) {
            s.start();
            offer(s, 5, 7);
        }
        ChainVerifier v = new ChainVerifier();
        v.addSpool(dir);
        assertThat(v.verify().problems()).isEmpty();
        assertThat(lines(dir)).hasSize(7);
    }

    @Test
    void theVerifierReportsTamperingGapsAndReordering() throws Exception {
        try (Spool s = new Spool(new SpoolSettings(dir, 100, 1L << 30, 1L << 29, 1L << 20, 64, Duration.ZERO, false,
                16, Duration.ofMillis(50), Duration.ofSeconds(10)), null, "k")) {
            s.start();
            offer(s, 0, 10);
        }
        Path seg = Spool.listSegments(dir).get(0);
        List<String> lines = Files.readAllLines(seg);

        List<String> tampered = new ArrayList<>(lines);
        tampered.set(4, tampered.get(4).replace("\"score\":1.0", "\"score\":0.5"));
        assertThat(verify(tampered)).anyMatch(p -> p.contains(":6: prev_hash does not match") && p.contains("tampered"));

        List<String> gap = new ArrayList<>(lines);
        gap.remove(6);
        assertThat(verify(gap)).anyMatch(p -> p.contains("gap, seq 7 missing"));

        List<String> reordered = new ArrayList<>(lines);
        reordered.set(2, lines.get(3));
        reordered.set(3, lines.get(2));
        assertThat(verify(reordered)).anyMatch(p -> p.contains("reordered"));

        List<String> duplicated = new ArrayList<>(lines);
        duplicated.add(lines.get(5));
        assertThat(verify(duplicated)).isEmpty();
        assertThat(verify(lines)).isEmpty();
    }

    private static List<String> verify(List<String> lines) {
        ChainVerifier v = new ChainVerifier();
        int n = 0;
        for (String l : lines) {
            v.add("spool", "line " + (++n), l.getBytes(StandardCharsets.UTF_8));
        }
        return v.verify().problems();
    }

    /** A sink that fails while {@code down}, like a broker that is away. */
    static final class FakeSink implements EvidenceSink {
        final AtomicBoolean down = new AtomicBoolean();
        final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();

        @Override
        public CompletionStage<Void> send(String key, String id, String event) {
            if (down.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            ids.add(id);
            keys.add(key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    @Test
    void eventsWaitWhileTheSinkIsDownThenAllArriveInOrderWithTheirIds() throws Exception {
        FakeSink sink = new FakeSink();
        String instance;
        try (Spool s = new Spool(settings(dir), sink, "k")) {
            instance = s.instance();
            s.start();
            offer(s, 0, 20);
            await(() -> s.stats().unsent() == 0);
            sink.down.set(true);
            offer(s, 20, 40);
            await(() -> s.stats().sendFailures() > 0);
            assertThat(s.stats().unsent()).isEqualTo(20);
            assertThat(s.stats().warning()).contains("waiting for Kafka");
            sink.down.set(false);
            await(() -> s.stats().unsent() == 0);
            assertThat(s.stats().warning()).isNull();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            expected.add(instance + ":" + i);
        }
        assertThat(sink.ids).containsExactlyElementsOf(expected);
        assertThat(sink.keys).contains("erasure-1", "rule:name");
        // Fully acknowledged segments are gone; the last one stays (it carries the chain's head).
        assertThat(Spool.listSegments(dir)).hasSizeLessThan(4);
    }

    @Test
    void unsentEventsGoOutAfterARestartInOrder() throws Exception {
        FakeSink sink = new FakeSink();
        sink.down.set(true);
        try (Spool s = new Spool(settings(dir), sink, "k")) {
            s.start();
            offer(s, 0, 15);
            await(() -> s.stats().sendFailures() > 0);
        }
        assertThat(sink.ids).isEmpty();
        FakeSink up = new FakeSink();
        String instance;
        try (Spool s = new Spool(settings(dir), up, "k")) {
            instance = s.instance();
            s.start();
            await(() -> s.stats().unsent() == 0);
            offer(s, 15, 17);
            await(() -> s.stats().unsent() == 0);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            expected.add(instance + ":" + i);
        }
        assertThat(up.ids).containsExactlyElementsOf(expected);
    }

    @Test
    void aFullSpoolDropsAndCountsWithoutBlocking() throws Exception {
        try (Spool s = new Spool(new SpoolSettings(dir, 100, 3000, 2000, 1L << 20, 64, Duration.ZERO, false, 16,
                Duration.ofMillis(50), Duration.ofSeconds(10)), null, "k")) {
            s.start();
            for (int i = 0; i < 20; i++) {
                s.offer(fact(i));
            }
            assertThat(s.awaitCommitted(10_000)).isTrue();
            Spool.Stats st = s.stats();
            assertThat(st.dropped()).isPositive();
            assertThat(st.spoolBytes()).isLessThanOrEqualTo(3000);
            assertThat(st.recorded() + st.dropped()).isEqualTo(20);
            assertThat(st.warning()).contains("dropped");
        }
    }

    @Test
    void theHmacIsTheKeyedHashOfTheMatchedTextAndNothingElse() throws Exception {
        MatchHasher h = new MatchHasher(KEY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String text = "Basil Mahfouz Al-Kuwaiti é";
        assertThat(h.hmac(new StringBuilder("xx" + text + "yy").subSequence(2, 2 + text.length())))
                .isEqualTo(HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
        assertThat(h.hmac("a")).isNotEqualTo(new MatchHasher("another-key-0123456789".getBytes()).hmac("a"));
        assertThat(h.keyId()).hasSize(16);
    }

    static void await(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("condition not met in 15 s");
            }
            Thread.sleep(10);
        }
    }
}
