package io.lethe.config;

import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Action;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;

/**
 * Counts, for the retrain-debt report, the leaks of an erasure the guard stopped in one answer: after the
 * policy decided, so a finding an allow-list override released or one only audited is not counted, nor one
 * found in the client's own prompt or after its text had already reached the client. One per session; called
 * on the session's thread.
 */
final class DebtListener implements GuardListener {

    private final ErasureRegistry registry;
    private final ScanContext context;

    DebtListener(ErasureRegistry registry, ScanContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public void finding(DecidedFinding f, int alreadySent) {
        Action a = f.decision().action();
        if (f.finding().erasureId() != null && !f.finding().channel().isPrompt()
                && (a == Action.REDACT || a == Action.BLOCK) && f.finding().start() >= alreadySent) {
            registry.leakStopped(f.finding().erasureId(), context == null ? null : context.model());
        }
    }
}
