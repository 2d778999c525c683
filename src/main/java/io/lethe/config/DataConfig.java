package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** {@code lethe.data.*}: where the erasure index and the evidence spool live. */
@ConfigMapping(prefix = "lethe.data")
public interface DataConfig {

    /** The data folder ({@code LETHE_DATA_DIR}); created owner-only. */
    @WithDefault("./data")
    Path dir();
}
