/**
 * Upstream model servers: one pooled, keep-alive HTTP/1.1 Vert.x {@code HttpClient} per upstream
 * ({@link io.lethe.proxy.upstream.Upstream}), routing by model name and the default upstream's model list
 * ({@link io.lethe.proxy.upstream.Upstreams}, {@link io.lethe.proxy.upstream.ModelCatalog}), and their
 * validated settings.
 *
 * <p>Threads: clients are shared by all event loops; each request's callbacks run on the event loop that
 * sent it. The model catalog is shared and thread-safe (an atomic snapshot, one fetch in flight); its
 * futures may complete on another event loop, so callers hop back to their own context. Nothing blocks.
 * May not touch the guard or client connections; depends on Vert.x and {@code proxy.openai} only.
 */
package io.lethe.proxy.upstream;
