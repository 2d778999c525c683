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

    /**
     * A file of client keys ({@code <tenant> <key>} or {@code <tenant> sha256:<hex>} per line), read again when
     * it changes: keys are added, rotated and revoked without a restart ({@code LETHE_AUTH_KEYS_FILE}).
     */
    java.util.Optional<java.nio.file.Path> keysFile();

    /** How often the keys file is checked for changes. */
    @WithDefault("2s")
    java.time.Duration keysFileCheck();

    /**
     * When set, {@code /v1/guard/scan} answers 403 to credentials without this role (a keys-file line's
     * {@code roles=}, {@code lethe.tenants.<tenant>.roles}, a JWT's {@code groups}); the admin token always
     * scans. Unset (the default): any client credential scans for its own tenant, as API.md says.
     */
    java.util.Optional<String> scanRole();

    /**
     * When set, findings in scan answers and in the {@code guard} object of answers carry {@code erasure_id}
     * only for credentials with this role; others see {@code null}. Unset (the default): every caller sees ids.
     */
    java.util.Optional<String> erasureIdsRole();

    /** JWT bearer tokens of clients; off unless a key set is given. */
    Jwt jwt();

    interface Jwt {
        /** The issuer's public keys: a JWKS (or PEM) file path or URL ({@code LETHE_AUTH_JWT_JWKS}). */
        java.util.Optional<String> jwks();

        /** The issuer ({@code iss}) tokens must carry; required with {@link #jwks}. */
        java.util.Optional<String> issuer();

        /** The audience ({@code aud}) tokens must carry, when set. */
        java.util.Optional<String> audience();

        /** The claim naming the caller's tenant. */
        @WithDefault("tenant")
        String tenantClaim();
    }
}
