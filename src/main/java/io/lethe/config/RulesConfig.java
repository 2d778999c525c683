package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** {@code lethe.rules.*}: where the guard rules live. */
@ConfigMapping(prefix = "lethe.rules")
public interface RulesConfig {

    /** The guard-rules folder ({@code LETHE_RULES_DIR}). */
    @WithDefault("./guard-rules")
    Path dir();

    /** How often the folder is checked for edits (hot reload); 0 turns hot reload off. */
    @WithDefault("2s")
    java.time.Duration reloadInterval();
}
