package io.lethe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data for the classifier: which models run where, how they batch, and what is queued or has
 * failed. Always UP once started (a model that cannot load stops start-up); sentences that fail follow the
 * rules' fail mode.
 */
@Readiness
@ApplicationScoped
public class ClassifierHealth implements HealthCheck {

    @Inject
    io.lethe.classifier.ClassifierDetector classifier;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("classifier").up();
        classifier.describe().forEach(b::withData);
        return b.build();
    }
}
