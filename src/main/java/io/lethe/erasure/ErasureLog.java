package io.lethe.erasure;

import java.util.concurrent.CompletableFuture;

/**
 * The replicated log of erasure records that is the registry's source of truth in cluster mode (a compacted
 * Kafka topic keyed by erasure id, see {@code io.lethe.erasure.cluster}). The registry appends every create,
 * retirement and bulk line here and applies what it reads back, its own records included, in log order; the
 * local Lucene index is then a cache of the log, keyed by the positions applied.
 *
 * <p>Records carry an erasure record's JSON as stored (status {@code active} or {@code retired}), or no value
 * (a tombstone: the record is removed once its audit period has passed). They may hold erased values: the log
 * is as sensitive as the index.
 */
public interface ErasureLog {

    /**
     * One record to append.
     *
     * @param id          the erasure id (the record key)
     * @param value       the record's JSON, or null for a tombstone
     * @param requestHash the hash of the request that created the erasure (idempotent re-creates compare it)
     * @param writeId     set by the call waiting for this record's outcome; null otherwise
     * @param bulkId      the bulk call this line belongs to, or null
     * @param line        the 1-based line of a bulk call, or 0
     */
    record Append(String id, byte[] value, String requestHash, String writeId, String bulkId, long line) {
    }

    /** Where an appended record landed: partition and offset. */
    record Position(int partition, long offset) {
    }

    /**
     * One record read back from the log, at its position; {@code origin} names the replica that appended it;
     * {@code control} is null for erasure records and {@link #BULK_END} for the marker closing a bulk call.
     */
    record Entry(int partition, long offset, String id, byte[] value, String requestHash, String writeId,
                 String origin, String bulkId, long line, String control) {
    }

    /** The control marker a bulk call appends after its last line: replicas compile the bulk's lines once, then. */
    String BULK_END = "bulk-end";

    /**
     * Appends a record. The future completes once every in-sync broker replica has it ({@code acks=all}), or
     * fails with {@link LogUnavailableException} when it could not be written within the write timeout.
     */
    CompletableFuture<Position> append(Append record);

    /**
     * Appends the marker that closes bulk call {@code bulkId} (a record without value, so compaction drops it);
     * completes with its position once acknowledged, like {@link #append}.
     */
    CompletableFuture<Position> endBulk(String bulkId);

    /** This replica's id, stamped on the records it appends. */
    String origin();

    /** The log could not take a write: Kafka unreachable or slower than the write timeout. Answered 503. */
    final class LogUnavailableException extends RuntimeException {
        public LogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
