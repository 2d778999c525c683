/**
 * Runs the stages over a response and applies the policy: {@link io.lethe.guard.pipeline.GuardPipeline}
 * (an immutable snapshot of stages and policy, swapped whole on change) opens one
 * {@link io.lethe.guard.pipeline.GuardSession} per response.
 *
 * <p>Threading: a session is not thread-safe; the proxy drives it from the response's event-loop thread.
 * Ordering: every stage sees every chunk of a channel in order; text is released only up to the smallest
 * hold-back point of all stages, so nothing that could still turn out to be a finding leaves. Failure: a
 * stage that throws fails closed (the choice is blocked with the policy's failure ruling). Asynchronous
 * stages (the classifier) answer with pending work: the session's owner waits for
 * {@code GuardSession.pending()} off the session's thread, then calls {@code poll()} on it; a choice may end
 * only once {@code settled}. {@code scanWhole} waits by blocking, so the proxy feeds whole answers with
 * {@code append}/{@code finish} and settles them the same way as streams. Finding spans are moved onto
 * grapheme cluster boundaries (UAX #29) before the policy applies them; a finding whose end could still
 * grow over a combining char not yet received holds its text until that is decided.
 *
 * <p>Depends on {@code io.lethe.guard} only.
 */
package io.lethe.guard.pipeline;
