/**
 * Cluster mode: the erasure registry replicated through Kafka. {@link io.lethe.erasure.cluster.KafkaErasureLog}
 * appends every create, retirement and bulk line to a compacted topic keyed by erasure id (idempotent producer,
 * {@code acks=all}) and reads the whole topic back on every replica, handing batches to the registry, which
 * applies them to its Lucene index (a cache keyed by the offsets applied) and its matchers.
 *
 * <p>Threads: one reader thread per replica ({@code lethe-erasure-log}) polls the topic, hands each batch to the
 * registry's writer thread and waits for it; producer callbacks run on the Kafka client's I/O thread and only
 * complete futures. Depends on {@code io.lethe.erasure} and the Kafka client; never on the proxy, the guard
 * pipeline or {@code io.lethe.config} (ArchUnit). Never logs a record's value: ids, partitions and offsets only.
 */
package io.lethe.erasure.cluster;
