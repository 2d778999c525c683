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
 * held when it started (API.md: "{@code /q/health/ready} is DOWN until a starting replica has caught up"), and
 * again while it has not seen that it read the log to its end for {@code lethe.cluster.max-staleness} (Kafka away:
 * guarded requests then answer 503, {@link io.lethe.proxy.RegistryGate}); {@code kafka} says whether it answers.
 * In single-node mode UP with {@code mode: single-node}.
 */
@Readiness
@ApplicationScoped
public class ClusterHealth implements HealthCheck {

    @Inject
    RegistryWiring wiring;
    @Inject
    AuditWiring audit;
    @Inject
    io.lethe.proxy.RegistryGate gate;

    @Override
    public HealthCheckResponse call() {
        KafkaErasureLog log = wiring.clusterLogIfAny();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("erasure-replication");
        if (log == null) {
            return b.up().withData("mode", "single-node").build();
        }
        String notCurrent = gate.notCurrent();
        b.status(notCurrent == null).withData("mode", "cluster").withData("topic", log.topic())
                .withData("kafka", log.reachable() ? "reachable" : "unreachable")
                .withData("lag_records", log.lag()).withData("applied", log.applied())
                .withData("runs_audit", audit.runsAudit());
        String problem = log.problem();
        if (problem != null) {
            b.withData("problem", problem);
        } else if (notCurrent != null) {
            b.withData("problem", notCurrent);
        }
        return b.build();
    }
}
