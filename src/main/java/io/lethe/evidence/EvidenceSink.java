package io.lethe.evidence;

import java.util.concurrent.CompletionStage;

/** Where spooled events are published (Kafka). Implementations must not block the caller. */
public interface EvidenceSink {

    /**
     * Publishes one event. The stage completes when the broker has it (acks=all), or fails; a failed event
     * is sent again later with the same id.
     */
    CompletionStage<Void> send(String key, String id, String event);

    /** For logs and health, e.g. {@code kafka topic lethe.leak-evidence at 127.0.0.1:9092}. */
    String describe();
}
