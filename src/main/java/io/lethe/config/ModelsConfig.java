package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lethe.models."<model>".*}: what the gateway knows of each model, e.g.
 * {@code lethe.models."llama-3.1-8b".training-snapshot=2024-06-30}.
 */
@ConfigMapping(prefix = "lethe.models")
public interface ModelsConfig {

    @WithParentName
    Map<String, Model> all();

    interface Model {
        /** The date of the model's training data; erasures requested later are the gateway's alone to enforce. */
        Optional<LocalDate> trainingSnapshot();
    }
}
