package io.lethe.guard;

import java.util.function.Consumer;

/**
 * Keeps a detector's own index in step with the erasure registry ({@link ErasureRecords}): at each build, the
 * records changed since the last one; at the first build, with another registry, or when the registry lost track,
 * the index is reset and every active record read. Each visit is a record's state now: replace what the index
 * holds for its id, or drop it when the record is retired. One per factory; not thread-safe (a factory's builds
 * never overlap).
 */
public final class RecordsFollower {

    private ErasureRecords source;
    private long version = ErasureRecords.LOST_TRACK;

    /**
     * Brings an index up to date.
     *
     * @param records the registry's records ({@link DetectorContext#erasures()})
     * @param reset   empties the index, before a full read
     * @param apply   takes one record's state now
     * @return true when everything was read again (after {@code reset}), false when only changes were
     */
    public boolean update(ErasureRecords records, Runnable reset, Consumer<RegisteredErasure> apply) {
        if (records != source) {
            // versions belong to the registry that gave them
            source = records;
            version = ErasureRecords.LOST_TRACK;
        }
        if (version != ErasureRecords.LOST_TRACK) {
            version = records.forEachChangedSince(version, apply);
            if (version != ErasureRecords.LOST_TRACK) {
                return false;
            }
        }
        reset.run();
        version = records.forEachActive(apply);
        return true;
    }
}
