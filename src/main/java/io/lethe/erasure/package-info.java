/**
 * The erasure registry: records ({@link io.lethe.erasure.Erasure}), their validation, lifecycle
 * (create, idempotent re-create, retire, bulk import), the guard stage compiled from them
 * ({@link io.lethe.erasure.ErasureStage}) and the admin API under {@code /admin/v1}. The stage holds two
 * segments, as a Lucene index does: a base compiled at start or after bulk imports and a delta of recent
 * creates, each with live bits that retirements clear without recompiling. Topics with examples get heads
 * fitted on the writer thread ({@code io.lethe.topic}) and stored beside the index ({@link io.lethe.erasure.TopicHeadStore}).
 * {@link io.lethe.erasure.ErasureDetector} is the plug-in that puts the current stage into pipelines and
 * serves its topics to the classifier ({@link io.lethe.topic.TopicSource}).
 * Admin calls are authorized by named tokens with roles and recorded through {@link io.lethe.erasure.AdminAudit}.
 *
 * <p>Threads: admin handlers run on the event loop and hand index work to the registry's single writer
 * thread (writes, in order) or to worker threads (reads). Matcher snapshots are swapped atomically after
 * the commit and before the API answers, so a create is enforced for every request that arrives after
 * its answer; a response in flight keeps the snapshot it started with.
 *
 * <p>A request is refused (400, naming the field) only for malformed JSON, unknown fields, wrong types and
 * values that cannot be what their field holds; values accepted as they are (a phone matched by its digits,
 * an unusual e-mail, an unknown country code, a duplicate) are reported as warnings naming the field.
 *
 * <p>Never logs, returns in errors or warnings, or exposes in metrics an erased value: only ids, field names,
 * counts and lengths. Depends on {@code io.lethe.guard}, {@code io.lethe.erasure.index}, {@code io.lethe.text} and
 * {@code io.lethe.topic}; never on {@code io.lethe.classifier} (ArchUnit).
 */
package io.lethe.erasure;
