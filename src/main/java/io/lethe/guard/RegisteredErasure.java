package io.lethe.guard;

import java.util.List;

/**
 * One erasure as a detector plug-in reads it to compile an index of its own ({@link ErasureRecords}). The values
 * are the registry's (sensitive: who asked to be forgotten); a detector keeps them in its index only and never
 * logs or reports them. Its findings carry {@link #id()} as {@link Finding#erasureId()} and {@link #action()} as
 * their action. A record is an immutable snapshot and may be kept after the build call, but it holds all of the
 * erasure's values (passages and topic texts too): keep what you compiled from it, its id, action and
 * {@link #applicability()}.
 */
public interface RegisteredErasure {

    /** The erasure's id, as the admin API gives it. */
    String id();

    /** False for a retired erasure (visited by {@link ErasureRecords#forEachChangedSince} only): drop it. */
    boolean active();

    /** The erasure's own action, or null to let the rules decide. */
    Action action();

    /** The subject's names as registered (empty when none; likewise every list below). */
    List<String> names();

    List<String> aliases();

    List<String> emails();

    /** Phone numbers as registered, without their countries. */
    List<String> phones();

    /** Identifiers (account numbers, national ids, handles) as registered. */
    List<String> identifiers();

    /** Verbatim passages. */
    List<String> passages();

    /** The texts of its knowledge topics: each topic's description (when given), then its examples. */
    List<String> topicTexts();

    /**
     * Whether the erasure applies to a response for {@code context}: its scope covers the model and tenant, and
     * the model's training data was not taken after the erasure was requested (a model retrained without the
     * data is opted out when the erasure says {@code retire_on_retrain}). True for {@link ScanContext#everyScope}.
     */
    default boolean appliesTo(ScanContext context) {
        return applicability().test(context);
    }

    /** {@link #appliesTo} as a predicate that holds none of the erasure's values, to keep in a compiled index. */
    java.util.function.Predicate<ScanContext> applicability();
}
