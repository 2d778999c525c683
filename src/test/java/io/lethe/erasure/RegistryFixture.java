package io.lethe.erasure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A registry in a temporary folder (region US, no stage listener), opened by a test and closed after it. */
abstract class RegistryFixture {

    @TempDir
    Path dir;
    ErasureRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    void open() {
        registry = new ErasureRegistry(dir, "US", Map.of(), 3, s -> { }, Clock.systemUTC());
        registry.start();
    }

    ErasureRegistry.Created create(String json) {
        return registry.create(json.getBytes(StandardCharsets.UTF_8)).join();
    }
}
