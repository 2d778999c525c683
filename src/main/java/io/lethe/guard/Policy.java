package io.lethe.guard;

/** Turns findings into decisions. Immutable and thread-safe; swapped whole when rules change. */
public interface Policy {

    Decision decide(Finding finding, ScanContext context);

    /** The ruling used when a stage fails or times out and the pipeline fails closed. */
    Decision onStageFailure(String stage, ScanContext context);
}
