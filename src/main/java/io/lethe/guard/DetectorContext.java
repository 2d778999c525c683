package io.lethe.guard;

import java.util.List;

/**
 * What a {@link DetectorFactory} is given to build one pipeline's stage. Valid only during that
 * {@link DetectorFactory#build} call.
 */
public interface DetectorContext {

    /**
     * The stages built for this pipeline so far, in pipeline order (those ordered before this detector that
     * had something to find). A detector that rescans decoded readings of the text runs these.
     */
    List<GuardStage> before();

    /**
     * This detector's own settings, the rules' {@code detectors.<name>.settings} mapping, bound to
     * {@code type} (a record with Jackson-readable components); null when the rules give none.
     *
     * @throws IllegalArgumentException naming {@code detectors.<name>.settings} and the field when they do not
     *                                  bind to {@code type}
     */
    <T> T settings(Class<T> type);

    /**
     * The erasure registry's records, for a detector that compiles an index of its own from the erasures it cares
     * about (nothing is visited when no registry runs). The pipeline is rebuilt after every registry write, before
     * the write is acknowledged; read the changes since the last build there ({@link ErasureRecords}).
     */
    ErasureRecords erasures();

    /**
     * A value the composition root shares with every detector, by type: the rules in force
     * ({@code io.lethe.rules.GuardRules}). Null when none of that type is shared.
     */
    <T> T shared(Class<T> type);
}
