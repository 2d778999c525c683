package io.lethe.guard;

/** A stage's state for one channel of one response. Used by one thread at a time; never shared. */
public interface StageScanner {

    /**
     * Looks at the text added since the last call (from {@link ScanWindow#newFrom()}).
     *
     * <p>Must be deterministic in the text alone: the same text, however it was split across calls, gives
     * the same findings. That is what makes a streamed answer equal the non-streamed one.
     */
    ScanResult scan(ScanWindow window);
}
