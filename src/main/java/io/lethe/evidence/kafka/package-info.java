/**
 * Kafka for the evidence trail: {@link io.lethe.evidence.kafka.KafkaEvidenceSink} publishes spooled events through
 * a SmallRye Reactive Messaging emitter (channel {@code lethe-evidence}, idempotent producer, acks=all);
 * {@link io.lethe.evidence.kafka.KafkaEvidenceReader} reads a topic back and
 * {@link io.lethe.evidence.kafka.VerifyEvidence} is the verifier command (spool or topic).
 *
 * <p>Threads: {@code send} is called by the spool's sender thread and only hands the message to the emitter;
 * acknowledgements arrive on the producer's threads. The reader and the command run on the caller's thread.
 *
 * <p>Depends on {@code io.lethe.evidence}, SmallRye Reactive Messaging and the Kafka clients; never on the guard,
 * the proxy, a detector or {@code io.lethe.config}.
 */
package io.lethe.evidence.kafka;
