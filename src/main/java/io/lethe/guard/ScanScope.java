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
     * The key under which stages share the normalized views of the response's texts. A scope for scanning a
     * reading derived from those texts (ROT13, decoded runs: {@link #forReadings}) shares this key alone.
     */
    Object VIEWS = new Object() {
        @Override
        public String toString() {
            return "ScanScope.VIEWS";
        }
    };

    /**
     * A scope for stages scanning readings derived from the response's texts: the views ({@link #VIEWS}) are
     * this scope's, everything else is the new scope's own (a decoded text teaches the stages nothing about the
     * response, such as who it named).
     */
    default ScanScope forReadings() {
        ScanScope outer = this;
        ScanScope own = of(context());
        return new ScanScope() {
            @Override
            public ScanContext context() {
                return outer.context();
            }

            @Override
            public <T> T shared(Object key, Supplier<T> init) {
                return key == VIEWS ? outer.shared(key, init) : own.shared(key, init);
            }
        };
    }

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
