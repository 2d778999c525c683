/**
 * Cluster coordination through Kafka for work one replica should do for all: {@link io.lethe.cluster.KafkaLease}
 * (a consumer-group lease: the member holding the lease topic's only partition is the one that works) and
 * {@link io.lethe.cluster.KafkaFeed} (a compacted topic of keyed records every replica reads whole, for results the
 * leaseholder shares). Used by the residual-knowledge audit in cluster mode; the erasure registry has its own log
 * ({@code io.lethe.erasure.cluster}).
 *
 * <p>Threads: each lease and feed has one daemon thread that polls its consumer; callbacks run on it. Depends on
 * the Kafka client and the JDK only (ArchUnit). Never logs a record's value: keys' counts and topics only.
 */
package io.lethe.cluster;
