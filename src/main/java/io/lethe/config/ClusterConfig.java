package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code lethe.cluster.*}: cluster mode, the erasure registry replicated through Kafka. On whenever
 * {@code kafka.bootstrap.servers} is set, unless {@code enabled=false}; the other {@code kafka.*} properties
 * (security, SASL, TLS) apply to its clients as to the evidence channel's.
 */
@ConfigMapping(prefix = "lethe.cluster")
public interface ClusterConfig {

    /** Replicate the registry through Kafka when Kafka is configured. */
    @WithDefault("true")
    boolean enabled();

    /** The compacted topic keyed by erasure id that holds every erasure record. */
    @WithDefault("lethe.erasures")
    String topic();

    /**
     * Partitions when the gateway creates the topic: 1 keeps one order of records on every replica (list cursors
     * are local: a cursor from one replica may skip or repeat records on another).
     */
    @WithDefault("1")
    int partitions();

    /** Replication factor when the gateway creates the topic; -1 for the brokers' default. */
    @WithDefault("-1")
    short replicationFactor();

    /** Longest wait for Kafka to acknowledge an admin write; beyond it the call answers 503. */
    @WithDefault("10s")
    Duration writeTimeout();

    /**
     * Longest time a replica guards without having seen that it read the erasure log to its end (probed every 2 s);
     * beyond it, and until it caught up after a start, guarded requests answer 503 {@code registry_not_current}
     * and readiness is DOWN: a replica cut off from Kafka would otherwise pass erasures registered elsewhere, for as
     * long as the cut lasts. {@code 0} turns the bound off (guard on with what was applied, as before).
     */
    @WithDefault("30s")
    Duration maxStaleness();

    /** Longest wait, after Kafka acknowledged a write, for this replica to enforce it; beyond it 503. */
    @WithDefault("30s")
    Duration applyTimeout();

    /**
     * Retired records older than this are removed from the topic (a tombstone, then compaction); unset, retired
     * records stay in the log for audit for good.
     */
    Optional<Duration> tombstoneAfter();

    /** The one-partition topic whose consumer group elects the replica that runs the residual-knowledge audit. */
    @WithDefault("lethe.audit-lease")
    String auditLeaseTopic();

    /** The compacted topic the audit's results are shared through, keyed by model, erasure and probe. */
    @WithDefault("lethe.audit-results")
    String auditResultsTopic();
}
