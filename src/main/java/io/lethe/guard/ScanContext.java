package io.lethe.guard;

/**
 * Who a response is for: used by stages to scope erasures and by the policy for overrides.
 *
 * @param requestId the gateway's request id
 * @param model     the model the client asked for (may be {@code null} for a bare scan)
 * @param tenant    the tenant, or {@code null}
 * @param upstream  the upstream's name, or {@code null}
 */
public record ScanContext(String requestId, String model, String tenant, String upstream) {

    private static final String EVERY = "\u0000every";

    /**
     * A context for which every erasure applies, whatever its scope: checking a client-supplied label (a request
     * id, a model name) that must never be logged or recorded if it names anything registered.
     */
    public static ScanContext everyScope(String requestId) {
        return new ScanContext(requestId, EVERY, EVERY, null);
    }

    /** Whether this context lets every erasure apply ({@link #everyScope}). */
    public boolean everyScope() {
        return EVERY.equals(model) && EVERY.equals(tenant);
    }
}
