package io.lethe.decode;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.GuardStage;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The decoding detector: the detectors ordered before it run again over ROT13 and decoded base64, base32 and
 * hex runs of 16 characters or more, three layers deep (ROT13 one of them) ({@link DecodingStage}).
 */
@ApplicationScoped
public class DecodingDetector implements DetectorFactory {

    /** Shortest encoded run decoded, in chars. */
    static final int MIN_RUN = 16;
    /** Layers decoded (base64 of hex of ROT13 ...), each run's work bound ({@link DecodingStage#WORK_FACTOR}). */
    static final int DEPTH = 3;

    @Override
    public String name() {
        return DecodingStage.NAME;
    }

    @Override
    public int defaultOrder() {
        return 300;
    }

    /**
     * Null when no synchronous detector runs before it: there is nothing to rescan. Asynchronous ones (a model)
     * are left out: a decoded run is scanned at once, in line.
     */
    @Override
    public GuardStage build(DetectorContext context) {
        java.util.List<GuardStage> inner = context.before().stream().filter(s -> !s.async()).toList();
        return inner.isEmpty() ? null : stage(inner);
    }

    /**
     * The decoding stage over {@code inner} (synchronous stages, in pipeline order), as {@link #build} makes it:
     * runs of {@value #MIN_RUN} chars or more, {@value #DEPTH} levels deep. For pipelines assembled without the
     * gateway (tests, benchmarks); the stage's class stays private to this package.
     */
    public static GuardStage stage(java.util.List<GuardStage> inner) {
        return new DecodingStage(inner, MIN_RUN, DEPTH);
    }
}
