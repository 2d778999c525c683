/**
 * Knowledge topics as classifiers: {@link io.lethe.topic.TopicModels} fits a {@link io.lethe.topic.TopicHead}
 * per topic with examples (logistic regression on sentence embeddings, {@link io.lethe.topic.TopicHeadFitter},
 * thresholds calibrated on the shipped background corpus, key terms from {@link io.lethe.topic.KeyTerms});
 * {@link io.lethe.topic.TopicMatcher} is what the classifier stage asks per sentence, found through
 * {@link io.lethe.topic.TopicSource}. Fitting runs on the
 * erasure registry's writer thread; heads and matchers are immutable and read by any thread. Depends on the
 * JDK and {@code io.lethe.guard} (actions, scan context) only.
 */
package io.lethe.topic;
