package io.lethe.classifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lethe.classifier.*}: the ONNX classifier. The sentence model embeds erasures' topics and output
 * sentences; {@code models.<name>.dir} adds operator sequence classifiers whose labels the rules act on
 * ({@code classifier.labels} in guard-rules).
 */
@ConfigMapping(prefix = "lethe.classifier")
public interface ClassifierConfig {

    /** Off: no model is loaded, topics are stored but not enforced, and operator models are not loaded. */
    @WithDefault("true")
    boolean enabled();

    /** cpu, cuda (warns and falls back to CPU when unavailable) or auto (CUDA when present). */
    @WithDefault("auto")
    String device();

    /**
     * A Hugging Face-style sentence-embedding folder (model.onnx, tokenizer.json) replacing the built-in
     * all-MiniLM-L6-v2-q. Topic thresholds are calibrated per model.
     */
    Optional<Path> modelDir();

    /** Concurrent model runs (on CPU: one per core). */
    Optional<Integer> workers();

    /** ONNX Runtime intra-op threads per run. */
    @WithDefault("1")
    int threads();

    /** Most sentences per model run. */
    @WithDefault("32")
    int maxBatch();

    /** How long the first sentence of a batch waits for others. */
    @WithDefault("2ms")
    Duration maxWait();

    /** Sentences waiting at most; beyond, a sentence fails at once (the rules' fail mode applies). */
    @WithDefault("4096")
    int queueCapacity();

    /** A sentence not scored by then fails (the rules' fail mode applies). */
    @WithDefault("2s")
    Duration timeout();

    /** Tokens per sentence fed to a model (longer ones are truncated). */
    @WithDefault("128")
    int maxTokens();

    /** Run-on text is cut into pieces of at most this many characters (bounds what is held). */
    @WithDefault("400")
    int maxSentenceChars();

    /** Sentences with fewer words are not classified. */
    @WithDefault("4")
    int minWords();

    /**
     * The share of background text (0 to 1) a topic head may find about its topic: its threshold is set there
     * on the shipped background corpus the head was not fitted on (see {@code io.lethe.topic}).
     */
    @WithDefault("0.01")
    double topicFpr();

    /** Operator sequence classifiers by name. */
    Map<String, Model> models();

    interface Model {
        /** A Hugging Face-style folder: model.onnx (input_ids, attention_mask → logits), tokenizer.json, config.json. */
        Path dir();
    }
}
