package io.lethe.guard;

/** Turns findings into decisions. Immutable and thread-safe; swapped whole when rules change. */
public interface Policy {

    Decision decide(Finding finding, ScanContext context);

    /** The ruling used when a stage fails or times out and the pipeline fails closed. */
    Decision onStageFailure(String stage, ScanContext context);

    /** Whether any rule asks for prompts to be checked (off by default: prompts are not scanned). */
    default boolean checksPrompts() {
        return false;
    }

    /** Whether a finding in a client's prompt refuses the request before it reaches the upstream. */
    default boolean refusesPrompt(Finding finding, ScanContext context) {
        return false;
    }
}
