package io.lethe.text;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One {@link NormalizedView} per channel text, shared by the stages that scan it, so a chunk is normalized
 * once however many stages look at it. Kept in a table of the response ({@link #newTable}, held in the
 * response's scan scope), keyed by the text object's identity (the session's buffer of a channel; a decoded
 * view's own text); a {@link String} is never shared, since equal strings from different responses must not
 * meet. The table goes with the response: no global map, no weak references to clear.
 */
public final class SharedViews {

    private SharedViews() {
    }

    /** A table for one response's views; used by the response's thread only. */
    public static Map<Object, NormalizedView> newTable() {
        return new IdentityHashMap<>(4);
    }

    /**
     * The view for this text object in {@code table} (a new, unshared one for a string or without a table): the
     * stage keeps the returned view for the channel's lifetime and calls {@link NormalizedView#advance} on every
     * scan (a second advance to the same length does nothing).
     */
    public static NormalizedView of(Map<Object, NormalizedView> table, CharSequence text) {
        if (table == null || text instanceof String) {
            return new NormalizedView();
        }
        return table.computeIfAbsent(text, t -> new NormalizedView());
    }
}
