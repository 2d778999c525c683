package io.lethe.erasure;

import io.lethe.classifier.TopicMatcher;
import io.lethe.guard.ScanContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Topic embeddings of active erasures: one row per topic text, rows of an erasure together. Holds vectors,
 * never the topic texts. Matching is a linear scan (dot products of unit vectors): topic erasures are few
 * next to people, and a sentence against 10,000 topic texts costs about 4 million multiply-adds.
 */
final class TopicTable implements TopicMatcher {

    /** One erasure's topics. */
    record Topics(ErasureStage.Entry entry, float[][] vectors) {
    }

    static final TopicTable EMPTY = new TopicTable(List.of(), (e, c) -> true);

    private final Topics[] rows;
    private final BiPredicate<ErasureStage.Entry, ScanContext> applies;
    private final int size;

    private TopicTable(Collection<Topics> topics, BiPredicate<ErasureStage.Entry, ScanContext> applies) {
        this.rows = topics.toArray(Topics[]::new);
        this.applies = applies;
        int n = 0;
        for (Topics t : rows) {
            n += t.vectors.length;
        }
        this.size = n;
    }

    static TopicTable of(Collection<Topics> topics, BiPredicate<ErasureStage.Entry, ScanContext> applies) {
        return topics.isEmpty() ? EMPTY : new TopicTable(topics, applies);
    }

    @Override
    public List<Hit> match(float[] embedding, ScanContext context, float floor) {
        List<Hit> hits = null;
        for (Topics t : rows) {
            float best = -1;
            for (float[] v : t.vectors) {
                if (v.length != embedding.length) {
                    continue;
                }
                float dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += v[d] * embedding[d];
                }
                best = Math.max(best, dot);
            }
            if (best >= floor && applies.test(t.entry, context)) {
                if (hits == null) {
                    hits = new ArrayList<>(2);
                }
                hits.add(new Hit(t.entry.id(), t.entry.action(), best));
            }
        }
        if (hits == null) {
            return List.of();
        }
        hits.sort((a, b) -> Float.compare(b.score(), a.score()));
        return hits;
    }

    @Override
    public int size() {
        return size;
    }
}
