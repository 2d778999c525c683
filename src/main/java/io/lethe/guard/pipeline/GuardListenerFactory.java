package io.lethe.guard.pipeline;

import io.lethe.guard.ScanContext;

/**
 * Makes the listener for one response (evidence needs the request's context). The composition root
 * provides it, so callers that open sessions need not know who listens.
 */
@FunctionalInterface
public interface GuardListenerFactory {

    GuardListenerFactory NONE = context -> GuardListener.NONE;

    /** Called once per session, on the session's thread; must be cheap and must not block. */
    GuardListener open(ScanContext context);
}
