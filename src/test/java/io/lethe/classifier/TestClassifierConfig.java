package io.lethe.classifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@link ClassifierConfig} with the documented defaults, for tests that build the wiring by hand. */
record TestClassifierConfig(boolean enabled, Map<String, ClassifierConfig.Model> models) implements ClassifierConfig {

    static TestClassifierConfig disabled() {
        return new TestClassifierConfig(false, Map.of());
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public Optional<Path> modelDir() {
        return Optional.empty();
    }

    @Override
    public Optional<Integer> workers() {
        return Optional.of(1);
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public int maxBatch() {
        return 32;
    }

    @Override
    public Duration maxWait() {
        return Duration.ofMillis(2);
    }

    @Override
    public int queueCapacity() {
        return 4096;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public int maxTokens() {
        return 128;
    }

    @Override
    public int maxSentenceChars() {
        return 400;
    }

    @Override
    public int minWords() {
        return 4;
    }

    @Override
    public double topicFpr() {
        return 0.01;
    }
}
