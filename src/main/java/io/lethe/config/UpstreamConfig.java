package io.lethe.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's configuration: {@code lethe.upstream.*} (the default upstream and the timeout defaults),
 * {@code lethe.upstreams.<name>.*} (upstreams routed by model name) and {@code lethe.proxy.*}. Other
 * {@code lethe.*} keys belong to other mappings. Durations take Quarkus' forms ({@code 5s}, {@code 2m},
 * {@code PT5S}); sizes take {@code 4M}, {@code 512K}.
 */
@ConfigMapping(prefix = "lethe")
public interface UpstreamConfig {

    /** The default upstream: every model no named upstream lists goes here. */
    DefaultUpstream upstream();

    /** Named upstreams, each serving the models it lists. */
    Map<String, NamedUpstream> upstreams();

    Proxy proxy();

    /**
     * Tenants by client API key: {@code lethe.tenants.<tenant>.api-keys=k1,k2}. A request whose
     * {@code Authorization: Bearer} key is listed is scanned as that tenant (erasure scopes name tenants).
     */
    Map<String, Tenant> tenants();

    interface Tenant {
        /** Absent or empty: the tenant has no key (yet). */
        java.util.Optional<List<String>> apiKeys();

        /** Client roles of this tenant's configured keys ({@code scan}, ...: see {@code lethe.auth.scan-role}). */
        java.util.Optional<List<String>> roles();
    }

    interface DefaultUpstream {
        /** OpenAI-compatible base URL ending in {@code /v1}. */
        @WithDefault("http://127.0.0.1:8000/v1")
        String url();

        /** Sent as {@code Authorization: Bearer}; when set the client's own Authorization is not forwarded. */
        Optional<String> apiKey();

        /** Timeouts of the default upstream and defaults for the named ones. */
        Timeouts timeouts();

        /** Connections kept per upstream (HTTP/1.1 pool); a stream holds one for its whole length. */
        @WithDefault("1024")
        int maxConnections();

        /** How long the default upstream's {@code /models} answer is trusted before it is fetched again. */
        @WithDefault("30s")
        Duration modelsCacheTtl();

        /** TLS to an https upstream: {@code tls.ca-file}, {@code tls.cert-file} and {@code tls.key-file} (PEM). */
        UpstreamTls tls();

        /**
         * Requests in flight to this upstream at most (streams count for their whole length); beyond it 503
         * {@code upstream_busy} with {@code Retry-After}. 0: bounded only by the connection pool, which queues.
         */
        @WithDefault("0")
        int maxConcurrent();

        /**
         * Steer the default upstream (vLLM) away from erased subjects a request names, through vLLM's
         * {@code bad_words}. Off by default; never inherited by named upstreams.
         */
        @WithDefault("false")
        boolean badWords();
    }

    /** A CA to trust and a client certificate for mutual TLS, PEM files. */
    interface UpstreamTls {
        Optional<String> caFile();

        Optional<String> certFile();

        Optional<String> keyFile();
    }

    interface Timeouts {
        /** TCP (and TLS) connect. */
        @WithDefault("5s")
        Duration connect();

        /**
         * From sending the request to the first byte of the answer's body. Non-streamed answers arrive only
         * once generated, so this must cover a whole generation.
         */
        @WithDefault("120s")
        Duration firstByte();

        /** Longest silence between two pieces of the body once it started (keep-alive comments count). */
        @WithDefault("60s")
        Duration idle();

        /** The whole exchange, request to last byte. */
        @WithDefault("10m")
        Duration total();
    }

    interface NamedUpstream {
        String url();

        Optional<String> apiKey();

        /** Model names this upstream serves (routing is by exact name). */
        Optional<List<String>> models();

        OptionalTimeouts timeouts();

        Optional<Integer> maxConnections();

        /** TLS of this upstream; missing files fall back to {@code lethe.upstream.tls.*}. */
        UpstreamTls tls();

        /** As {@code lethe.upstream.max-concurrent}, for this upstream (default: the default upstream's). */
        Optional<Integer> maxConcurrent();

        /** Steer this upstream (vLLM) away from erased subjects a request names ({@code bad_words}). Off by default. */
        @WithDefault("false")
        boolean badWords();
    }

    /** Per-upstream overrides; each missing one falls back to {@code lethe.upstream.timeouts.*}. */
    interface OptionalTimeouts {
        Optional<Duration> connect();

        Optional<Duration> firstByte();

        Optional<Duration> idle();

        Optional<Duration> total();
    }

    interface Proxy {
        /** Largest client request body; larger ones get 413. */
        @WithDefault("4M")
        MemorySize maxBodySize();

        /** Largest upstream JSON body (non-streamed answers, errors) and largest single SSE event. */
        @WithDefault("32M")
        MemorySize maxUpstreamBodySize();
    }
}
