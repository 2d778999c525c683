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
}
