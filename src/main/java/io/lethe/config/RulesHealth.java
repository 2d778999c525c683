package io.lethe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data for the guard rules. Stays UP when a reload was refused — the previous rules still
 * enforce — but says so, with the file, line and reason.
 */
@Readiness
@ApplicationScoped
public class RulesHealth implements HealthCheck {

    @Inject
    GuardWiring guard;
    @Inject
    RulesConfig config;

    @Override
    public HealthCheckResponse call() {
        String error = guard.reloadError();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("guard-rules").up()
                .withData("dir", String.valueOf(config.dir()))
                .withData("status", error == null ? "in force" : "stale: a changed file was refused");
        if (error != null) {
            b.withData("warning", error);
        }
        return b.build();
    }
}
