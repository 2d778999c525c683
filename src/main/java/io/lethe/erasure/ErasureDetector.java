package io.lethe.erasure;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.GuardStage;
import io.lethe.topic.TopicMatcher;
import io.lethe.topic.TopicSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The erasure detector ("lexical"): the registry's current {@link ErasureStage}, the topics it compiled for
 * the classifier, and the registry's records for other detectors ({@link ErasureRecords}, once
 * {@link #attach}ed). The registry hands each new snapshot to {@link #changed} on its writer thread; the pipeline
 * is rebuilt there, before the write is acknowledged.
 */
@ApplicationScoped
public class ErasureDetector implements DetectorFactory, TopicSource, ErasureRecords {

    private volatile ErasureStage current;
    private volatile ErasureRecords records = ErasureRecords.NONE;
    private volatile Runnable rebuild = () -> { };

    @Override
    public String name() {
        return ErasureStage.NAME;
    }

    /** Names and contacts are "lexical", passages "passage". */
    @Override
    public java.util.Set<String> reports() {
        return java.util.Set.of(ErasureStage.NAME, ErasureStage.PASSAGE);
    }

    @Override
    public int defaultOrder() {
        return 200;
    }

    /** The registry's snapshot, or null before the registry has started. */
    @Override
    public GuardStage build(DetectorContext context) {
        return current;
    }

    @Override
    public void onChange(Runnable rebuild) {
        this.rebuild = rebuild;
    }

    /**
     * Called by the registry on its writer thread with each new snapshot; returns once the pipeline holds it.
     *
     * @throws IllegalArgumentException when {@code stage} is not a snapshot of an {@link ErasureRegistry}
     */
    public void changed(GuardStage stage) {
        if (!(stage instanceof ErasureStage s)) {
            throw new IllegalArgumentException("not an erasure registry snapshot: " + stage.name());
        }
        current = s;
        rebuild.run();
    }

    /** The registry whose records {@link ErasureRecords} reads: set once, before the registry starts. */
    public void attach(ErasureRegistry registry) {
        records = registry.records();
    }

    @Override
    public long forEachActive(java.util.function.Consumer<RegisteredErasure> visitor) {
        return records.forEachActive(visitor);
    }

    @Override
    public long forEachChangedSince(long version, java.util.function.Consumer<RegisteredErasure> visitor) {
        return records.forEachChangedSince(version, visitor);
    }

    @Override
    public TopicMatcher topics() {
        ErasureStage s = current;
        return s == null ? null : s.topics();
    }
}
