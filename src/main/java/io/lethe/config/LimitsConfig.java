package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code lethe.limits.*}: request rates and concurrent streams per credential and per tenant; 0 turns a limit
 * off (the default for all). A request over a limit is answered 429 with {@code Retry-After}.
 */
@ConfigMapping(prefix = "lethe.limits")
public interface LimitsConfig {

    /** Requests per second of one credential (an API key; anonymous callers share one). */
    @WithDefault("0")
    int credentialRequestsPerSecond();

    /** Requests per second of one tenant, all its credentials together. */
    @WithDefault("0")
    int tenantRequestsPerSecond();

    /** Streamed responses open at once for one credential. */
    @WithDefault("0")
    int credentialConcurrentStreams();

    /** Streamed responses open at once for one tenant. */
    @WithDefault("0")
    int tenantConcurrentStreams();
}
