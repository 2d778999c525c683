package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code lethe.auth.*}: client authentication (API.md, "Client authentication"). Client keys are listed per
 * tenant in {@code lethe.tenants.<tenant>.api-keys}.
 */
@ConfigMapping(prefix = "lethe.auth")
public interface AuthConfig {

    /**
     * Whether a request without a credential is served, as tenant {@code default} ({@code LETHE_AUTH_ANONYMOUS}).
     * Off by default: a missing or wrong credential is a 401 on every client route.
     */
    @WithDefault("false")
    boolean anonymous();
}
