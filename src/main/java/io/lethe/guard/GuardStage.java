package io.lethe.guard;

/**
 * A detector. Implementations are immutable snapshots (a registry change builds a new stage), so a
 * response in flight finishes on the stage it started with.
 */
public interface GuardStage {

    /** The detector name reported in findings and metrics. */
    String name();

    /** Opens a scanner for one channel; cheap, called per channel per response. */
    StageScanner open(ScanContext context, Channel channel);

    /**
     * Opens a scanner for one channel of a response whose channels share {@code scope}: stages that keep state
     * across a response's channels override this; the default opens as {@link #open(ScanContext, Channel)}.
     */
    default StageScanner open(ScanScope scope, Channel channel) {
        return open(scope.context(), channel);
    }

    /**
     * Whether this stage reads a request's prompt before the answer ({@code GuardSession#prime}): it learns from
     * it (a person the prompt names) but reports nothing about it — the prompt is the client's own text.
     */
    default boolean primes() {
        return false;
    }

    /**
     * Whether this stage's scanners may answer with {@link ScanResult#pending()} work. Sessions over such a
     * stage must be polled when that work completes, and whole-text scans wait for it (off the event loop).
     */
    default boolean async() {
        return false;
    }

    /**
     * Whether this stage only advises: its findings are recorded (evidence, metrics) but acted on at most as
     * audits, whatever the policy would rule, and it never holds text (a classifier in shadow mode).
     */
    default boolean advisory() {
        return false;
    }

    /**
     * Whether this stage can report nothing in any text (nothing registered: no erasure, no term). A stage that
     * runs others over decoded readings of the text skips such stages, and holds nothing when all are.
     */
    default boolean findsNothing() {
        return false;
    }

    /**
     * Whether this stage, in {@code scope}, scans a text as it would in a fresh response: it has learnt nothing
     * from the response so far that could change what it reports (a person named earlier makes a surname a
     * finding). Sessions rely on it to skip protocol values known to be clean.
     */
    default boolean fresh(ScanScope scope) {
        return true;
    }
}
