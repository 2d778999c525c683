/**
 * The erasure registry: records ({@link io.lethe.erasure.Erasure}), their validation, lifecycle
 * (create, idempotent re-create, retire, bulk import), the guard stage compiled from them
 * ({@link io.lethe.erasure.ErasureStage}) and the admin API under {@code /admin/v1}.
 *
 * <p>Threads: admin handlers run on the event loop and hand index work to the registry's single writer
 * thread (writes, in order) or to worker threads (reads). Matcher snapshots are swapped atomically after
 * the commit and before the API answers, so a create is enforced for every request that arrives after
 * its answer; a response in flight keeps the snapshot it started with.
 *
 * <p>Never logs, returns in errors, or exposes in metrics an erased value: only ids, counts and lengths.
 */
package io.lethe.erasure;
