package io.lethe.config;

import io.lethe.evidence.Spool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The evidence trail in health: where it goes (Kafka or the spool only), what waits, and a warning when
 * Kafka is unreachable, the spool nears its bound or events were dropped. Always UP: requests are still
 * served while Kafka is away; the spool keeps the evidence.
 */
@Readiness
@ApplicationScoped
public class EvidenceHealth implements HealthCheck {

    @Inject
    EvidenceWiring wiring;

    @Override
    public HealthCheckResponse call() {
        Spool.Stats s = wiring.spool().stats();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("evidence").up()
                .withData("kafka", wiring.kafkaDescription())
                .withData("instance", s.instance())
                .withData("last_seq", s.lastSeq())
                .withData("spool_bytes", s.spoolBytes())
                .withData("spool_max_bytes", s.maxBytes())
                .withData("dropped", s.dropped());
        if (wiring.kafkaEnabled()) {
            b.withData("unsent", s.unsent()).withData("acknowledged", s.acknowledged());
        }
        String warning = s.warning();
        if (warning != null) {
            b.withData("warning", warning);
        }
        return b.build();
    }
}
