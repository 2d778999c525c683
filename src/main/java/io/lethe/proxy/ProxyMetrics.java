package io.lethe.proxy;

import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Micrometer meters, and the {@link GuardListener} every session reports to (stateless, so one
 * instance serves all event loops). Prometheus names: {@code lethe_requests_seconds},
 * {@code lethe_upstream_latency_seconds}, {@code lethe_guard_scan_seconds},
 * {@code lethe_guard_held_chars}, {@code lethe_guard_findings_total}.
 *
 * <p>Latencies are Prometheus histograms with fixed buckets ({@link #REQUEST_BUCKETS} and the finer
 * {@link #SCAN_BUCKETS}), not client-side quantiles: buckets add up across replicas, quantiles do not.
 */
@ApplicationScoped
public class ProxyMetrics implements GuardListener {

    /**
     * Buckets of whole requests and upstream waits: from half a millisecond (a refusal, a cached model list)
     * to ten minutes (a long non-streamed generation; {@code lethe.upstream.timeouts.total} is 10 min).
     */
    public static final Duration[] REQUEST_BUCKETS = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500,
            1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000);
    /** Buckets of the gateway's own work per scan call or stream chunk: ten microseconds to five seconds. */
    public static final Duration[] SCAN_BUCKETS = millis(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25,
            50, 100, 250, 500, 1_000, 5_000);

    private static Duration[] millis(double... ms) {
        Duration[] d = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) {
            d[i] = Duration.ofNanos(Math.round(ms[i] * 1_000_000));
        }
        return d;
    }

    private final MeterRegistry registry;
    private final Timer guardScan;
    private final DistributionSummary held;
    private final Timer chunkDelay;

    @Inject
    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.guardScan = Timer.builder("lethe.guard.scan")
                .description("Time the guard stages took per scan call")
                .serviceLevelObjectives(SCAN_BUCKETS)
                .register(registry);
        this.held = DistributionSummary.builder("lethe.guard.held.chars")
                .description("Characters held back (received, not yet released) after each scan call")
                .baseUnit("chars")
                .serviceLevelObjectives(1, 16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144)
                .register(registry);
        this.chunkDelay = Timer.builder("lethe.stream.chunk.delay")
                .description("Time from reading an upstream stream chunk to having written what it released"
                        + " to the client: the gateway's added inter-chunk delay")
                .serviceLevelObjectives(SCAN_BUCKETS)
                .register(registry);
    }

    /** A request refused by a limit ({@link Limits.Refusal#limit}: a bounded set of names). */
    public void limited(String limit) {
        io.micrometer.core.instrument.Counter.builder("lethe.limits.refused")
                .description("Client requests refused by a limit (429; 503 for upstream_concurrency and registry_not_current), by limit")
                .tag("limit", limit).register(registry).increment();
    }

    /** The gateway's own delay on one upstream stream chunk (decode, guard, encode, write). */
    public void chunkDelay(long nanos) {
        chunkDelay.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One finished client request. {@code model} must be bounded (known models only). */
    public void request(String endpoint, String model, int status, boolean streamed, long nanos) {
        // Timers are cached by their tags: building and registering one per request showed in profiles.
        String key = endpoint + '\u0000' + model + '\u0000' + status + '\u0000' + streamed;
        requestTimers.computeIfAbsent(key, k -> Timer.builder("lethe.requests")
                .description("Client requests by endpoint, model, status and streaming")
                .tag("endpoint", endpoint)
                .tag("model", model)
                .tag("status", Integer.toString(status))
                .tag("streamed", Boolean.toString(streamed))
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A request sent again on a fresh connection because the pooled one closed before any answer
     * ({@code lethe.upstream.retries}, per upstream).
     */
    public void upstreamRetried(String upstream) {
        registry.counter("lethe.upstream.retries", "upstream", upstream).increment();
    }

    /** A request sent with erased subjects' names in its {@code bad_words} ({@code lethe.upstream.bad_words}, per upstream). */
    public void steered(String upstream) {
        registry.counter("lethe.upstream.bad_words", "upstream", upstream).increment();
    }

    /** Upstream latency; {@code phase} is {@code headers} or {@code first_byte}. */
    public void upstreamLatency(String upstream, String phase, long nanos) {
        upstreamTimers.computeIfAbsent(upstream + '\u0000' + phase, k -> Timer.builder("lethe.upstream.latency")
                .description("Time from sending the upstream request to its response headers / first body byte")
                .tag("upstream", upstream)
                .tag("phase", phase)
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> upstreamTimers = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void scanned(long nanos, int heldChars) {
        guardScan.record(nanos, TimeUnit.NANOSECONDS);
        held.record(heldChars);
    }

    @Override
    public void finding(DecidedFinding finding, int alreadySent) {
        Counter.builder("lethe.guard.findings")
                .description("Findings the policy did not allow, by action and detector")
                .tag("action", finding.decision().action().wireName())
                .tag("detector", finding.finding().detector())
                .register(registry)
                .increment();
    }
}
