package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code lethe.erasure.*}: how erasures are compiled. */
@ConfigMapping(prefix = "lethe.erasure")
public interface ErasureConfig {

    /** Region assumed for phone numbers written without a country code (ISO 3166 code). */
    @WithDefault("US")
    String phoneRegion();

    /** Creates kept in the fast-rebuilt delta before the whole matcher is recompiled. */
    @WithDefault("5000")
    int deltaMax();
}
