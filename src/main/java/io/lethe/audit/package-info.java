/**
 * The residual-knowledge audit: probes a model directly (not through the client path) with questions built from
 * each erasure ({@link io.lethe.audit.ProbePlanner}), scans the raw answers with the guard pipeline, and keeps per
 * model which erasures the model still produces ({@link io.lethe.audit.ResidualAudit}), under
 * {@code <lethe.data.dir>/audit/} ({@link io.lethe.audit.AuditStore}); {@link io.lethe.audit.AuditRoutes} serves
 * the reports under {@code /admin/v1}.
 *
 * <p>Threads: one {@code lethe-audit} thread runs the probing windows (one at a time, any model), waiting on the
 * budget; upstream answers arrive on Vert.x event loops and are handed at once to the {@code lethe-audit-scan}
 * threads, which scan them (guard sessions are confined to the thread that scans). Reports are read by admin
 * handlers on worker threads; model state is guarded by its own monitor. Whether this replica may probe at all
 * is asked of a {@link io.lethe.audit.RunPermit} (single node: always yes).
 *
 * <p>Never stored, logged or returned: a model's answer text, a probe's text, a matched text or an erased value.
 * Only ids, kinds, template ids, detectors, scores, times and keyed hashes of matched text leave this package.
 *
 * <p>Depends on {@code io.lethe.guard..} (findings, the pipeline), {@code io.lethe.erasure} (records and the admin
 * route guard), {@code io.lethe.rules} (probe templates), {@code io.lethe.proxy.upstream} (routing and clients),
 * Vert.x, Jackson and logging. Never on {@code io.lethe.config} or {@code io.lethe.evidence}: evidence and metrics
 * are fed by the composition root through {@link io.lethe.audit.ResidualAudit.Listener}.
 */
package io.lethe.audit;
