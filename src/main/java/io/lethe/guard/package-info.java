/**
 * The guard stage API: what a detector implements and what it reports.
 *
 * <p>A {@link io.lethe.guard.GuardStage} is shared and thread-safe; it opens one
 * {@link io.lethe.guard.StageScanner} per channel of a response, which is used by one thread at a time.
 * A scanner sees the channel's raw text grow, reports {@link io.lethe.guard.Finding}s with offsets into
 * that raw text, and says from which offset it still needs to see more text before it can rule out a
 * finding there (the hold-back point). A stage whose work is asynchronous (a model) returns it as pending
 * and is called again when it completes. Stages only detect; a {@link io.lethe.guard.Policy} decides what to
 * do; the pipeline acts. A stage never logs matched text. Detectors are plug-ins: a
 * {@link io.lethe.guard.DetectorFactory} builds its stage for each pipeline from a
 * {@link io.lethe.guard.DetectorContext} (the stages before it, its own settings, the rules, and the erasure
 * registry's records as {@link io.lethe.guard.ErasureRecords}, for a detector that compiles an index of its own).
 *
 * <p>Depends on the JDK only.
 */
package io.lethe.guard;
