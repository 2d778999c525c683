package io.lethe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import io.lethe.proxy.ClientAuth;

/**
 * Readiness data for client authentication: whether anonymous access is on (API.md: health says so) and how
 * many client keys are configured. Always UP: a gateway without keys still answers, with 401s.
 */
@Readiness
@ApplicationScoped
public class AuthHealth implements HealthCheck {

    @Inject
    ClientAuth auth;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("client-auth").up()
                .withData("anonymous", auth.anonymous())
                .withData("status", auth.anonymous()
                        ? "anonymous access on: requests without a credential run as tenant '" + ClientAuth.DEFAULT_TENANT + "'"
                        : auth.keys() == 0 ? "no client key configured: every client request is answered 401"
                        : "client keys required")
                .withData("client_keys", auth.keys())
                .build();
    }
}
