package io.lethe.text;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link NormalizedView} per channel text, shared by the stages that scan it, so a chunk is
 * normalized once however many stages look at it. Keyed by the text object's identity (the session's
 * buffer of a channel; a decoded view's own text); a {@link String} is never shared, since equal strings
 * from different responses must not meet. Entries go with their text object (weak keys).
 */
public final class SharedViews {

    private static final Map<CharSequence, NormalizedView> VIEWS = Collections.synchronizedMap(new WeakHashMap<>());

    private SharedViews() {
    }

    /**
     * The view for this text object: the stage keeps the returned view for the channel's lifetime and calls
     * {@link NormalizedView#advance} on every scan (a second advance to the same length does nothing).
     */
    public static NormalizedView of(CharSequence text) {
        if (text instanceof String) {
            return new NormalizedView();
        }
        return VIEWS.computeIfAbsent(text, t -> new NormalizedView());
    }
}
