package io.lethe.evidence.kafka;

import io.lethe.evidence.EvidenceEvents;
import io.lethe.evidence.EvidenceSink;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes spooled events to Kafka through the {@value #CHANNEL} channel (SmallRye Reactive Messaging,
 * idempotent producer, acks=all: see application.properties). Keyed by erasure id; the value is the
 * structured CloudEvent, sent as the spool holds it, with {@code content-type: application/cloudevents+json}.
 * {@link #send} only hands the message to the emitter's buffer: the producer's own thread does the I/O.
 */
@ApplicationScoped
public class KafkaEvidenceSink implements EvidenceSink {

    public static final String CHANNEL = "lethe-evidence";
    /** Larger than the spool's in-flight window, so the buffer never overflows. */
    static final int BUFFER = 16_384;
    private static final byte[] CONTENT_TYPE = EvidenceEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
    Emitter<String> emitter;

    @ConfigProperty(name = "mp.messaging.outgoing.lethe-evidence.topic", defaultValue = "lethe.leak-evidence")
    String topic;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "?")
    String servers;

    @Override
    public CompletionStage<Void> send(String key, String id, String event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE);
        headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build();
        emitter.send(Message.of(event, Metadata.of(meta),
                () -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " at " + servers;
    }
}
