package io.lethe.proxy;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request-rate and concurrent-stream limits per credential and per tenant (issue 14, item 4): a request over a
 * rate is answered 429 with {@code Retry-After}; a stream over a concurrency bound likewise, before the upstream
 * is called. Rates are resilience4j rate limiters (a permit budget refilled every second, no waiting); streams
 * are counters released when the response ends. Anonymous callers share the credential {@code anonymous}.
 * Thread-safe; one per gateway.
 */
public final class Limits {

    /**
     * The limits; 0 turns one off.
     *
     * @param credentialRps     requests per second of one credential
     * @param tenantRps         requests per second of all credentials of one tenant
     * @param credentialStreams concurrent streamed responses of one credential
     * @param tenantStreams     concurrent streamed responses of one tenant
     */
    public record Settings(int credentialRps, int tenantRps, int credentialStreams, int tenantStreams) {
        public Settings {
            if (credentialRps < 0 || tenantRps < 0 || credentialStreams < 0 || tenantStreams < 0) {
                throw new IllegalArgumentException("lethe.limits.* must be 0 (off) or positive");
            }
        }

        public static final Settings OFF = new Settings(0, 0, 0, 0);
    }

    /** Which limit refused a request (the metric's {@code limit} tag), and when to try again (s, at least 1). */
    public record Refusal(String limit, long retryAfterSeconds) {
    }

    private final Settings settings;
    private final ConcurrentHashMap<String, RateLimiter> credentialRates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimiter> tenantRates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> credentialStreams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> tenantStreams = new ConcurrentHashMap<>();

    public Limits(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Takes a request permit for the caller, or says which rate refused it. */
    public Refusal request(ClientAuth.Principal caller) {
        Refusal r = take(credentialRates, caller.credential(), settings.credentialRps(), "credential_rate");
        if (r == null) {
            r = take(tenantRates, caller.tenant(), settings.tenantRps(), "tenant_rate");
        }
        return r;
    }

    /**
     * Opens a stream for the caller, or says which bound refused it; on success the caller must call
     * {@link #streamEnded} once.
     */
    public Refusal streamStarted(ClientAuth.Principal caller) {
        if (!open(credentialStreams, caller.credential(), settings.credentialStreams())) {
            return new Refusal("credential_streams", 1);
        }
        if (!open(tenantStreams, caller.tenant(), settings.tenantStreams())) {
            close(credentialStreams, caller.credential(), settings.credentialStreams());
            return new Refusal("tenant_streams", 1);
        }
        return null;
    }

    /** A stream opened by {@link #streamStarted} ended. */
    public void streamEnded(ClientAuth.Principal caller) {
        close(credentialStreams, caller.credential(), settings.credentialStreams());
        close(tenantStreams, caller.tenant(), settings.tenantStreams());
    }

    private static Refusal take(ConcurrentHashMap<String, RateLimiter> rates, String key, int rps, String limit) {
        if (rps == 0) {
            return null;
        }
        RateLimiter r = rates.computeIfAbsent(key, k -> RateLimiter.of(limit, RateLimiterConfig.custom()
                .limitForPeriod(rps).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()));
        if (r.acquirePermission()) {
            return null;
        }
        return new Refusal(limit, 1);  // permits are refilled every second
    }

    private static boolean open(ConcurrentHashMap<String, AtomicInteger> counts, String key, int max) {
        if (max == 0) {
            return true;
        }
        AtomicInteger n = counts.computeIfAbsent(key, k -> new AtomicInteger());
        while (true) {
            int v = n.get();
            if (v >= max) {
                return false;
            }
            if (n.compareAndSet(v, v + 1)) {
                return true;
            }
        }
    }

    private static void close(ConcurrentHashMap<String, AtomicInteger> counts, String key, int max) {
        if (max == 0) {
            return;
        }
        AtomicInteger n = counts.get(key);
        if (n != null) {
            n.decrementAndGet();
        }
    }
}
