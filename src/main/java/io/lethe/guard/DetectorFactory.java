package io.lethe.guard;

/**
 * A detector plug-in: builds the {@link GuardStage} of one detector for each pipeline the gateway assembles.
 * Factories are discovered (as CDI beans of this type), ordered by the rules' {@code detector_order} or, where
 * it does not name them, by {@link #defaultOrder()}, and asked for a new stage whenever the rules or what the
 * detector reads (the erasure registry) change. A detector owns its package: its factory, its stage, its
 * configuration record ({@link DetectorContext#settings}) and whatever index it compiles.
 *
 * <p>Called on the thread that rebuilds the pipeline (start-up, the rules watcher, the registry's writer);
 * {@link #build} calls for one factory never overlap.
 */
public interface DetectorFactory {

    /** The detector's name: the one its stage reports in findings, the rules' {@code detectors} key. */
    String name();

    /**
     * The detector names its findings carry, each a valid {@code detectors} key in the rules: its own name, and
     * any other it reports under (the erasure detector's passages are "passage").
     */
    default java.util.Set<String> reports() {
        return java.util.Set.of(name());
    }

    /**
     * Where this detector runs when the rules do not order it: lower runs first. The built-ins use 100
     * (deny terms), 200 (erasures), 300 (decoded readings of the ones before) and 400 (the classifier, which
     * needs whole sentences and is slowest).
     */
    int defaultOrder();

    /**
     * The stage for a new pipeline, or null when this detector has nothing to find (it is left out).
     *
     * @throws IllegalArgumentException when the rules or settings are invalid for this detector, with a message
     *                                  naming the rules field; the new rules are then refused and the old stay
     */
    GuardStage build(DetectorContext context);

    /**
     * Gives the factory the action that rebuilds the pipeline. A factory whose inputs change outside the rules and
     * outside the erasure registry (a file of its own, say) runs it on the changing thread, before the change is
     * acknowledged, so the change is enforced when its caller hears of it. A detector that reads the registry
     * ({@link DetectorContext#erasures()}) needs nothing here: every registry write rebuilds the pipeline. The
     * default ignores it: the rules' own reloads rebuild anyway.
     */
    default void onChange(Runnable rebuild) {
    }
}
