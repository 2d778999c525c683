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
 * {@code ./mvnw -B test -Dtest=EvidenceBenchTest -Dlethe.bench=true}. Drives findings through the real
 * listener (HMAC + queue), spool (group commit, fsync) and SmallRye emitter to the local test broker, and
 * reports sustained events/s until Kafka acknowledged the last one, and the listener's cost per finding (what
 * a request pays).
 */
@QuarkusTest
@TestProfile(KafkaEvidenceProfile.class)
@EnabledIfSystemProperty(named = "lethe.bench", matches = "true")
class EvidenceBenchTest {

    @Inject
    EvidenceWiring wiring;
    @Inject
    GuardListenerFactory listeners;

    @Test
    void sustainedThroughputAndPerFindingCost() throws Exception {
        int events = Integer.getInteger("lethe.bench.events", 200_000);
        int rate = Integer.getInteger("lethe.bench.rate", 0); // 0: as fast as the spool takes them
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
