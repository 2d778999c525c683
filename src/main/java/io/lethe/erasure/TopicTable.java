package io.lethe.erasure;

import io.lethe.guard.ScanContext;
import io.lethe.topic.TopicHead;
import io.lethe.topic.TopicMatcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The topics of active erasures, by erasure: the embeddings of topics that are a description alone (compared
 * by cosine) and the fitted heads of topics with examples. Holds vectors and heads, never the topic texts.
 * Matching is a linear scan (dot products of unit vectors): topic erasures are few next to people, and a
 * sentence against 10,000 topic texts costs about 4 million multiply-adds.
 */
final class TopicTable implements TopicMatcher {

    /**
     * One erasure's topics.
     *
     * @param vectors      embeddings of its description-only topics
     * @param heads        the heads of its topics with examples
     * @param fitted       the embeddings its heads were fitted on (negatives for later topics)
     * @param fittedWords  the words of those texts (key terms of later topics must be rare there)
     */
    record Topics(ErasureStage.Entry entry, float[][] vectors, List<TopicHead> heads, List<float[]> fitted,
                  List<Set<String>> fittedWords) {

        Topics {
            heads = List.copyOf(heads);
            fitted = List.copyOf(fitted);
            fittedWords = List.copyOf(fittedWords);
        }

        /** Topics that are descriptions alone. */
        Topics(ErasureStage.Entry entry, float[][] vectors) {
            this(entry, vectors, List.of(), List.of(), List.of());
        }
    }

    static final TopicTable EMPTY = new TopicTable(List.of(), (e, c) -> true);

    private final Topics[] rows;
    private final BiPredicate<ErasureStage.Entry, ScanContext> applies;
    private final int size;
    private final boolean usesWords;

    private TopicTable(Collection<Topics> topics, BiPredicate<ErasureStage.Entry, ScanContext> applies) {
        this.rows = topics.toArray(Topics[]::new);
        this.applies = applies;
        int n = 0;
        boolean words = false;
        for (Topics t : rows) {
            n += t.vectors.length + t.heads.size();
            for (TopicHead h : t.heads) {
                words |= !h.keyTerms().isEmpty();
            }
        }
        this.size = n;
        this.usesWords = words;
    }

    static TopicTable of(Collection<Topics> topics, BiPredicate<ErasureStage.Entry, ScanContext> applies) {
        return topics.isEmpty() ? EMPTY : new TopicTable(topics, applies);
    }

    @Override
    public List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor) {
        return match(embedding, words, context, floor, false);
    }

    @Override
    public List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor, boolean unspaced) {
        List<Hit> hits = null;
        for (Topics t : rows) {
            float best = -1;
            for (float[] v : unspaced ? new float[0][] : t.vectors) {
                if (v.length != embedding.length) {
                    continue;
                }
                float dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += v[d] * embedding[d];
                }
                best = Math.max(best, dot);
            }
            float head = -1;
            for (TopicHead h : t.heads) {
                if (!unspaced || h.termRequired()) {
                    head = Math.max(head, h.fires(embedding, words));
                }
            }
            if ((best >= floor || head >= 0) && applies.test(t.entry, context)) {
                if (hits == null) {
                    hits = new ArrayList<>(2);
                }
                if (best >= floor) {
                    hits.add(new Hit(t.entry.id(), t.entry.action(), best, COSINE_RULE));
                }
                if (head >= 0) {
                    hits.add(new Hit(t.entry.id(), t.entry.action(), head, HEAD_RULE));
                }
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

    @Override
    public boolean usesWords() {
        return usesWords;
    }
}
