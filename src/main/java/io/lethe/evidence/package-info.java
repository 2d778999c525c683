/**
 * Leak evidence: one CloudEvents 1.0 event per finding the policy did not allow
 * ({@link io.lethe.evidence.EvidenceEvents}, type {@code io.lethe.leak.v1}, JSON Schema in
 * {@code src/main/resources/io/lethe/evidence/leak-evidence-v1.schema.json}) and one per admin API call (type
 * {@code io.lethe.admin.v1}, {@link io.lethe.evidence.AdminFact}) and one per residual-knowledge probe (type
 * {@code io.lethe.audit.v1}, {@link io.lethe.evidence.AuditFact}, schema {@code audit-evidence-v1.schema.json}), chained per instance by sequence
 * number and the previous event's hash, appended to a durable local {@link io.lethe.evidence.Spool} before it is
 * sent to an {@link io.lethe.evidence.EvidenceSink} (Kafka), and checked by {@link io.lethe.evidence.ChainVerifier}.
 *
 * <p>Threads: {@link io.lethe.evidence.EvidenceRecorder}'s listeners run on the response's event loop; they
 * hash the matched text there (HMAC-SHA-256, {@link io.lethe.evidence.MatchHasher}), keep only the hash and the
 * length, and queue the fact without blocking. The spool's writer thread owns the files and the chain; its
 * sender thread sends and tracks acknowledgements.
 *
 * <p>Never holds, writes or logs matched text or any erased value. Depends on {@code io.lethe.guard(.pipeline)},
 * Jackson and JBoss logging only; never on a detector, the proxy, Kafka or {@code io.lethe.config}.
 */
package io.lethe.evidence;
