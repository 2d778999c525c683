package io.lethe.topic;

import io.lethe.guard.Action;
import io.lethe.guard.ScanContext;

import java.util.List;
import java.util.Set;

/**
 * The knowledge topics of active erasures, as unit embeddings (a topic that is a description alone, compared
 * by cosine) and fitted heads (a topic with examples, see {@link TopicHead}); an immutable snapshot.
 */
public interface TopicMatcher {

    /** Rule of a finding by cosine to a topic's description. */
    String COSINE_RULE = "topic";
    /** Rule of a finding by a topic's fitted head. */
    String HEAD_RULE = "topic-head";

    TopicMatcher NONE = new TopicMatcher() {
        @Override
        public List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor) {
            return List.of();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    /**
     * An erasure whose topic a sentence is about: by {@link #COSINE_RULE} the best cosine over its topic
     * descriptions, by {@link #HEAD_RULE} the head's probability.
     */
    record Hit(String erasureId, Action action, float score, String rule) {
    }

    /**
     * Erasures that apply to the response and have a topic the sentence is about, best first: a description
     * at cosine {@code >= floor}, or a head that fires.
     *
     * @param embedding the sentence's unit embedding
     * @param words     the sentence's words ({@link KeyTerms#words})
     */
    List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor);

    /**
     * {@link #match} for a sentence written mostly in a script without spaces ({@link KeyTerms#unspaced}) when
     * {@code unspaced}: the shipped sentence model and background are English, so there only heads that need a key
     * term (a topic written in such a script, {@link TopicHead#termRequired}) may fire, with one of their terms in
     * the sentence; descriptions by cosine and English heads do not (helper-79: every Thai sentence scored as a
     * Thai description-only topic, and as an English topic's head).
     */
    default List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor, boolean unspaced) {
        return match(embedding, words, context, floor);
    }

    /** Whether {@link #match} reads the sentence's words (only topic heads with key terms do). */
    default boolean usesWords() {
        return false;
    }

    /** Topics held (0: the classifier has nothing to compare sentences with). */
    int size();
}
