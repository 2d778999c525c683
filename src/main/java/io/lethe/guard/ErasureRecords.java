package io.lethe.guard;

import java.util.function.Consumer;

/**
 * The erasure registry as a detector plug-in reads it ({@link DetectorContext#erasures()}), to compile an index of
 * its own from the erasures it cares about. The registry rebuilds the pipeline after each write, before the write
 * is acknowledged, so a detector that reads here in {@link DetectorFactory#build} enforces the write when its
 * caller hears of it.
 *
 * <p>Two ways to read, as Lucene's monitor keeps its queries up to date: {@link #forEachActive} visits every active
 * erasure (a full read, O(erasures): the first build, or when a detector has lost track), and
 * {@link #forEachChangedSince} only those written after the version an earlier read returned (O(changes): the
 * usual rebuild after one write). A record written while a read runs may be visited by the next read again: take
 * each visit as the record's state now (replace, or drop when retired). Versions are the registry's (kept on
 * disk); a detector keeps the last one it was given in memory, so after a restart it reads everything again.
 * The first build may come before the registry has opened its index: then nothing is visited and 0 returned, and
 * the stored records arrive at the next build (the registry's start rebuilds the pipeline) as if changed since 0.
 * Called on the thread that builds the pipeline; errors reading the index are {@link java.io.UncheckedIOException}s.
 */
public interface ErasureRecords {

    /** Returned by {@link #forEachChangedSince} when it cannot say what changed: read everything again. */
    long LOST_TRACK = -1;

    /** No registry (tests, tools): nothing is registered. */
    ErasureRecords NONE = new ErasureRecords() {
        @Override
        public long forEachActive(Consumer<RegisteredErasure> visitor) {
            return 0;
        }

        @Override
        public long forEachChangedSince(long version, Consumer<RegisteredErasure> visitor) {
            return version;
        }
    };

    /**
     * Visits every active erasure, in no stated order.
     *
     * @return the version to pass to {@link #forEachChangedSince} at the next build
     */
    long forEachActive(Consumer<RegisteredErasure> visitor);

    /**
     * Visits every erasure written after {@code version} (a value an earlier read returned), in write order: new
     * ones with {@code active()} true, retired ones with it false.
     *
     * @return the version to pass next time, or {@link #LOST_TRACK} without visiting anything when the registry
     *         changed in a way a version range cannot show since {@code version} (a bulk import published lines
     *         staged before a write that {@code version} covers; a replicated delete removed records): then call
     *         {@link #forEachActive} and rebuild from it. {@code 0} visits the active records only, as
     *         {@link #forEachActive} does.
     */
    long forEachChangedSince(long version, Consumer<RegisteredErasure> visitor);
}
