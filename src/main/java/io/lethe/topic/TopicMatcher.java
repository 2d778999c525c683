package io.lethe.classifier;

import io.lethe.guard.Action;
import io.lethe.guard.ScanContext;

import java.util.List;

/** The knowledge topics of active erasures, as unit embeddings; an immutable snapshot. */
public interface TopicMatcher {

    TopicMatcher NONE = new TopicMatcher() {
        @Override
        public List<Hit> match(float[] embedding, ScanContext context, float floor) {
            return List.of();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    /** An erasure whose topic is close to a sentence: the best cosine over its topic texts. */
    record Hit(String erasureId, Action action, float score) {
    }

    /** Erasures that apply to the response and have a topic at cosine {@code >= floor}, best first. */
    List<Hit> match(float[] embedding, ScanContext context, float floor);

    /** Topic texts held (0: the classifier has nothing to compare sentences with). */
    int size();
}
