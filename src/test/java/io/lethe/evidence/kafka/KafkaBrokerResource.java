package io.lethe.evidence.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Starts one {@link KafkaBroker} for a test profile and points the gateway's evidence channel at it. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaBroker current;

    public static KafkaBroker broker() {
        KafkaBroker b = current;
        if (b == null) {
            throw new IllegalStateException("no test broker running");
        }
        return b;
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker b = new KafkaBroker(Path.of("target", "kafka", UUID.randomUUID().toString()));
        b.start();
        current = b;
        return Map.of("kafka.bootstrap.servers", b.bootstrapServers());
    }

    @Override
    public void stop() {
        KafkaBroker b = current;
        current = null;
        if (b != null) {
            b.close();
        }
    }
}
