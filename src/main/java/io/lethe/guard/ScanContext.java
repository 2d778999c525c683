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
}
