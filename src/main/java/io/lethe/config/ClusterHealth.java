package io.lethe.config;

import io.lethe.erasure.cluster.KafkaErasureLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Cluster mode in readiness ({@code erasure-replication}): DOWN until this replica enforces every erasure the log
 * held when it started (API.md: "{@code /q/health/ready} is DOWN until a starting replica has caught up"), UP
 * afterwards even while Kafka is away — guarding goes on with the erasures applied — with {@code kafka} saying so.
 * In single-node mode UP with {@code mode: single-node}.
 */
@Readiness
@ApplicationScoped
public class ClusterHealth implements HealthCheck {

    @Inject
    RegistryWiring wiring;
    @Inject
    AuditWiring audit;

    @Override
    public HealthCheckResponse call() {
        KafkaErasureLog log = wiring.clusterLogIfAny();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("erasure-replication");
        if (log == null) {
            return b.up().withData("mode", "single-node").build();
        }
        b.status(log.caughtUp()).withData("mode", "cluster").withData("topic", log.topic())
                .withData("kafka", log.reachable() ? "reachable" : "unreachable")
                .withData("lag_records", log.lag()).withData("applied", log.applied())
                .withData("runs_audit", audit.runsAudit());
        String problem = log.problem();
        if (problem != null) {
            b.withData("problem", problem);
        }
        return b.build();
    }
}
