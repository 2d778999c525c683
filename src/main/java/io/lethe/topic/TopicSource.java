package io.lethe.topic;

/**
 * Where the classifier finds the topics to enforce: the erasure registry's current snapshot of active topic
 * erasures. Read on the thread that builds a pipeline.
 */
public interface TopicSource {

    /** The active topics now, or null before the registry has compiled any. */
    TopicMatcher topics();
}
