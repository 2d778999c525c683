package io.lethe.guard;

import java.util.function.Supplier;

/**
 * What the scanners of one response share: its {@link ScanContext}, and state a stage keeps across the
 * response's channels (a person named in the reasoning makes their surname a finding in the content). One per
 * response, created by the session; used on the session's thread only.
 */
public interface ScanScope {

    ScanContext context();

    /**
     * The response's state under {@code key}, created by {@code init} on first use. Stages key it with
     * something of their own (their class), so they never see each other's state.
     */
    <T> T shared(Object key, Supplier<T> init);

    /** A scope of its own for one scan outside a response (tests, tools). */
    static ScanScope of(ScanContext context) {
        java.util.Map<Object, Object> state = new java.util.HashMap<>(2);
        return new ScanScope() {
            @Override
            public ScanContext context() {
                return context;
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T shared(Object key, Supplier<T> init) {
                return (T) state.computeIfAbsent(key, k -> init.get());
            }
        };
    }
}
