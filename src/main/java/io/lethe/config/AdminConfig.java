package io.lethe.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** {@code lethe.admin.*}: the admin API. */
@ConfigMapping(prefix = "lethe.admin")
public interface AdminConfig {

    /** Bearer token of the admin API ({@code LETHE_ADMIN_TOKEN}); without one the API answers 503. */
    Optional<String> token();

    /**
     * More admin credentials, by name: {@code lethe.admin.tokens.<name>.token} and {@code .roles} (admin,
     * importer: bulk imports only, auditor: reads only). The name is what the admin-action log records.
     */
    java.util.Map<String, NamedToken> tokens();

    interface NamedToken {
        String token();

        java.util.List<String> roles();
    }

    /** Largest JSON body of a single admin call. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Largest NDJSON body of a bulk import. */
    @WithDefault("4G")
    MemorySize maxBulkSize();

    /** Longest line of a bulk import. */
    @WithDefault("1M")
    MemorySize maxBulkLineSize();
}
