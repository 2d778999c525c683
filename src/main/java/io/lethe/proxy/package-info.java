/**
 * The OpenAI-compatible front: Vert.x routes ({@link io.lethe.proxy.ProxyRoutes}) for
 * {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models} and {@code /v1/guard/scan};
 * one {@link io.lethe.proxy.ProxyExchange} per proxied request, which streams the upstream's answer through a
 * guard session ({@link io.lethe.proxy.StreamGuard} for SSE, {@link io.lethe.proxy.BodyGuard} for whole
 * bodies); metrics ({@link io.lethe.proxy.ProxyMetrics}, also the guard listener) and the upstream
 * readiness check.
 *
 * <p>Threads: everything runs on the Vert.x event loop that accepted the request, never blocking; an
 * exchange and its guard session are confined to that loop. Upstream futures that may complete elsewhere
 * (the model catalog) are hopped back to it. Failure: text that has not been released by the session never
 * reaches a client; on any upstream failure, held text is dropped and the client gets an OpenAI error
 * (or an SSE error event and {@code [DONE]} once a stream has started).
 *
 * <p>Depends on {@code io.lethe.guard} and {@code io.lethe.guard.pipeline} only among Lethe's packages,
 * never on a detector package or on {@code io.lethe.config} (which builds {@link io.lethe.proxy.ProxySettings}).
 * Logs carry ids, models, upstreams, statuses and durations, never prompt or output text.
 */
package io.lethe.proxy;
