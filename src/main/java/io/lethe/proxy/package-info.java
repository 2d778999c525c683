/**
 * The OpenAI-compatible front: Vert.x routes ({@link io.lethe.proxy.ProxyRoutes}) for
 * {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/responses}, {@code /v1/embeddings}
 * (relayed unguarded: vectors carry no text), {@code /v1/models} and {@code /v1/guard/scan}; any other
 * {@code /v1/*} route answers an OpenAI 404. One {@link io.lethe.proxy.ProxyExchange} per proxied request
 * relays the upstream's answer: it moves bytes and events and asks the endpoint's translator
 * ({@code io.lethe.proxy.openai}) what is text; it never decides that itself. Also metrics
 * ({@link io.lethe.proxy.ProxyMetrics}, also the guard listener; {@link io.lethe.proxy.PrometheusFilters} for
 * histogram buckets and a clean Prometheus page) and the upstream readiness check. The W3C trace context
 * reaches the upstream: the gateway's own span when tracing is on, the client's headers unchanged when off. Every
 * {@code /v1} request is authenticated first ({@link io.lethe.proxy.ClientAuth}: keys held as hashes, a
 * re-read keys file, JWTs through a verifier the composition root gives) and counted against its credential's
 * and tenant's limits ({@link io.lethe.proxy.Limits}); the tenant a request runs as comes only from its
 * credential.
 *
 * <p>Threads: everything runs on the Vert.x event loop that accepted the request, never blocking; an
 * exchange and its guard session are confined to that loop. Upstream futures that may complete elsewhere
 * (the model catalog, a classifier's scores) are hopped back to it. Failure: text that has not been released
 * by the session never reaches a client; on any upstream failure, held text is dropped and the client gets an
 * OpenAI error (or an SSE error event once a stream has started), itself scanned first (upstreams quote model
 * output in errors). Upstream 5xx answers are 502.
 *
 * <p>Depends on {@code io.lethe.guard} and {@code io.lethe.guard.pipeline} only among Lethe's packages,
 * never on a detector package or on {@code io.lethe.config} (which builds {@link io.lethe.proxy.ProxySettings}).
 * Logs carry ids, models, upstreams, statuses and durations, never prompt or output text.
 */
package io.lethe.proxy;
