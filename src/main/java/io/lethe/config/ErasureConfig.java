package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code lethe.erasure.*}: how erasures are compiled. */
@ConfigMapping(prefix = "lethe.erasure")
public interface ErasureConfig {

    /**
     * Region (ISO 3166-1 alpha-2) for phone numbers written without a country code when neither the phone
     * nor the subject's {@code country} gives one; numbers not valid there are matched by their digits.
     */
    @WithDefault("US")
    String phoneRegion();

    /** Creates kept in the fast-rebuilt delta before the whole matcher is recompiled. */
    @WithDefault("5000")
    int deltaMax();

    /** Typos tolerated in name words: edit distance 1 from this many letters (0 turns typo matching off). */
    @WithDefault("5")
    int fuzzyMinLength1();

    /** Edit distance 2 from this many letters (0: never more than 1). */
    @WithDefault("9")
    int fuzzyMinLength2();
}
