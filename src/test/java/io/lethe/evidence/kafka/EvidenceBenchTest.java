package io.lethe.evidence.kafka;

import io.lethe.config.EvidenceWiring;
import io.lethe.evidence.Spool;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardListenerFactory;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.PipelineSource;
import io.lethe.evidence.PlantedAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence benchmark (BENCHMARKS.md, "Evidence"), not part of the suite:
 * {@code ./mvnw -B test -Dtest=EvidenceBenchTest -Devidence.bench=true}. Drives findings through the real
 * listener (HMAC + queue), spool (group commit, fsync) and SmallRye emitter to the local test broker, and
 * reports sustained events/s until Kafka acknowledged the last one, and the listener's cost per finding (what
 * a request pays).
 */
@QuarkusTest
@TestProfile(KafkaEvidenceProfile.class)
@EnabledIfSystemProperty(named = "evidence.bench", matches = "true")
class EvidenceBenchTest {

    @Inject
    EvidenceWiring wiring;
    @Inject
    GuardListenerFactory listeners;
    @Inject
    PipelineSource pipelines;

    /**
     * What evidence adds to a request: the same leaking answer scanned by a guard session with and without the
     * evidence listener (interleaved, so both see the same JIT, GC and background sending).
     */
    @Test
    void addedLatencyPerLeakingResponse() throws Exception {
        PlantedAccess p = PlantedAccess.register(42);
        int n = Integer.getInteger("evidence.bench.requests", 100_000);
        Histogram with = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        Histogram without = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        Spool spool = wiring.spool();
        for (int round = 0; round < 2; round++) { // first round: warm-up
            with.reset();
            without.reset();
            for (int i = 0; i < n; i++) {
                String text = p.leakingText(i);
                ScanContext ctx = new ScanContext("lat-" + i, "bench-model", null, "default");
                long t0 = System.nanoTime();
                GuardSession a = pipelines.current().open(ctx, GuardListener.NONE);
                a.scanWhole(Channel.content(0), text);
                long t1 = System.nanoTime();
                GuardSession b = pipelines.current().open(ctx, listeners.open(ctx));
                b.scanWhole(Channel.content(0), text);
                long t2 = System.nanoTime();
                without.recordValue(Math.min(t1 - t0, TimeUnit.SECONDS.toNanos(1)));
                with.recordValue(Math.min(t2 - t1, TimeUnit.SECONDS.toNanos(1)));
                assertThat(b.findings()).isNotEmpty();
                while (spool.stats().queued() > 60_000) {
                    Thread.sleep(1);
                }
            }
        }
        System.out.printf("EVIDENCE BENCH: guard session over a leaking answer (%d findings), %d times: without evidence "
                        + "p50 %.1f us p99 %.1f us; with evidence p50 %.1f us p99 %.1f us; added at p99 %.1f us%n",
                countFindings(p), n,
                without.getValueAtPercentile(50) / 1e3, without.getValueAtPercentile(99) / 1e3,
                with.getValueAtPercentile(50) / 1e3, with.getValueAtPercentile(99) / 1e3,
                (with.getValueAtPercentile(99) - without.getValueAtPercentile(99)) / 1e3);
        assertThat(spool.stats().dropped()).isZero();
    }

    private int countFindings(PlantedAccess p) {
        GuardSession s = pipelines.current().open(new ScanContext("x", "m", null, null), GuardListener.NONE);
        s.scanWhole(Channel.content(0), p.leakingText(0));
        return s.findings().size();
    }

    @Test
    void sustainedThroughputAndPerFindingCost() throws Exception {
        int events = Integer.getInteger("evidence.bench.events", 200_000);
        int rate = Integer.getInteger("evidence.bench.rate", 0); // 0: as fast as the spool takes them
        Spool spool = wiring.spool();
        run(spool, 20_000, 0, new Histogram(TimeUnit.SECONDS.toNanos(1), 3)); // warm-up
        while (spool.stats().unsent() > 0 || spool.stats().queued() > 0) {
            Thread.sleep(5);
        }
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        long sentBefore = spool.stats().sent();
        long t0 = System.nanoTime();
        run(spool, events, rate, h);
        long offered = System.nanoTime() - t0;
        awaitSent(spool, sentBefore + events);
        long total = System.nanoTime() - t0;
        Spool.Stats st = spool.stats();
        System.out.printf("EVIDENCE BENCH: %d events, offered in %.2f s, all acknowledged by Kafka after %.2f s: "
                        + "%.0f events/s sustained; dropped %d%n", events, offered / 1e9, total / 1e9,
                events / (total / 1e9), st.dropped());
        System.out.printf("EVIDENCE BENCH: listener cost per finding (HMAC + queue) p50 %.1f us, p99 %.1f us, "
                        + "p99.9 %.1f us, max %.1f us%n", h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        assertThat(st.dropped()).isZero();
    }

    private void run(Spool spool, int n, int rate, Histogram h) throws InterruptedException {
        Decision d = new Decision(Action.REDACT, "name", "[REDACTED]", "no");
        String text = "the answer names Basil Mahfouz Al-Kuwaiti in passing";
        long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (interval > 0) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += interval;
            }
            // Let the spool keep up: a full queue would drop, which is not what is measured here.
            while (spool.stats().queued() > 60_000) {
                Thread.sleep(1);
            }
            ScanContext ctx = new ScanContext("bench-" + i, "bench-model", null, "default");
            Finding f = new Finding("erasure-" + (i % 1000), "lexical", "name", Channel.content(0), 17, 41, 1.0, null);
            long t = System.nanoTime();
            GuardListener l = listeners.open(ctx);
            l.finding(new DecidedFinding(f, d), 17, text.subSequence(17, 41));
            h.recordValue(Math.min(System.nanoTime() - t, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    private static void awaitSent(Spool spool, long target) throws InterruptedException {
        long until = System.currentTimeMillis() + 300_000;
        while (spool.stats().sent() < target) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("not all acknowledged: " + spool.stats());
            }
            Thread.sleep(5);
        }
    }
}
