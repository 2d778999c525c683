package io.lethe.topic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A knowledge topic's own classifier over sentence embeddings: logistic regression {@code p = σ(w·x + b)} on a
 * unit embedding {@code x}, with two thresholds calibrated on background text the head was not fitted on:
 * {@code threshold} (the stated false-positive rate) alone, and the lower {@code termThreshold} for a sentence
 * that also holds one of the topic's {@code keyTerms} (folded words, see {@link KeyTerms}). A head fitted
 * against background text alone ({@code termRequired}) has learnt the topic's field more than the topic, so it
 * fires only with a key term (on TOFU authors, development split: near-domain false positives 26 % → 7 %,
 * BENCHMARKS.md). Immutable; made by {@link TopicHeadFitter}.
 *
 * @param model          the sentence model the weights belong to (a head is refitted when the model changes)
 * @param weights        one weight per embedding dimension
 * @param bias           the intercept
 * @param threshold      the probability at or above which a sentence is about the topic
 * @param termThreshold  the probability at or above which a sentence holding a key term is about the topic
 * @param keyTerms       distinctive words of the topic (mined from its examples, and those the operator gave)
 * @param termRequired   whether a sentence needs a key term as well (no other topic was a negative)
 */
public record TopicHead(String model, float[] weights, float bias, float threshold, float termThreshold,
                        List<String> keyTerms, boolean termRequired) {

    public TopicHead {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        keyTerms = List.copyOf(keyTerms);
    }

    /** The probability that a sentence with unit embedding {@code x} is about the topic; 0 for another width. */
    public float probability(float[] x) {
        if (x.length != weights.length) {
            return 0;
        }
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            z += weights[i] * x[i];
        }
        return (float) (1 / (1 + Math.exp(-z)));
    }

    /**
     * The sentence's score if the head finds it about the topic, else -1: its probability when at least
     * {@link #threshold} (unless {@link #termRequired}), or at least {@link #termThreshold} with a key term
     * among its words.
     *
     * @param words the sentence's folded words ({@link KeyTerms#words})
     */
    public float fires(float[] x, java.util.Set<String> words) {
        float p = probability(x);
        if (p >= threshold && !termRequired) {
            return p;
        }
        if (p >= termThreshold) {
            for (String t : keyTerms) {
                if (words.contains(t)) {
                    return p;
                }
            }
        }
        return -1;
    }

    /** Writes the head (a stable binary form, read by {@link #readFrom}). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeUTF(model);
        out.writeInt(weights.length);
        for (float w : weights) {
            out.writeFloat(w);
        }
        out.writeFloat(bias);
        out.writeFloat(threshold);
        out.writeFloat(termThreshold);
        out.writeInt(keyTerms.size());
        for (String t : keyTerms) {
            out.writeUTF(t);
        }
        out.writeBoolean(termRequired);
    }

    /** Reads a head written by {@link #writeTo}; IOException when the data is not one. */
    public static TopicHead readFrom(DataInput in) throws IOException {
        String model = in.readUTF();
        int n = in.readInt();
        if (n <= 0 || n > 1 << 16) {
            throw new IOException("corrupt topic head: " + n + " weights");
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = in.readFloat();
        }
        float bias = in.readFloat();
        float threshold = in.readFloat();
        float termThreshold = in.readFloat();
        int k = in.readInt();
        if (k < 0 || k > 10_000) {
            throw new IOException("corrupt topic head: " + k + " key terms");
        }
        List<String> terms = new java.util.ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            terms.add(in.readUTF());
        }
        return new TopicHead(model, w, bias, threshold, termThreshold, terms, in.readBoolean());
    }

    @Override
    public String toString() {
        // key terms are topic words an operator registered: counted, not listed
        return "TopicHead[model=" + model + ", dims=" + weights.length + ", threshold=" + threshold
                + ", termThreshold=" + termThreshold + ", keyTerms=" + keyTerms.size() + ", termRequired=" + termRequired
                + "]";
    }
}
