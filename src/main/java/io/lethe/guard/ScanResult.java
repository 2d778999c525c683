package io.lethe.guard;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A scanner's answer for one call.
 *
 * @param findings new findings (each reported once, in any order)
 * @param holdFrom the smallest raw offset at which a finding not yet reported could still start; the text
 *                 length when nothing is held. Must not decrease between calls, and must equal the text
 *                 length once the window is complete and nothing is pending.
 * @param pending  null for synchronous scanners; otherwise work still running (a classifier's scores). When
 *                 it completes, the session's owner polls the session on the session's thread, the scanner
 *                 is called again and reports what it found. Text from {@code holdFrom} on stays held
 *                 meanwhile, even once the window is complete.
 */
public record ScanResult(List<Finding> findings, int holdFrom, CompletableFuture<?> pending) {

    public ScanResult {
        findings = List.copyOf(findings);
    }

    public ScanResult(List<Finding> findings, int holdFrom) {
        this(findings, holdFrom, null);
    }

    public static ScanResult clear(int textLength) {
        return new ScanResult(List.of(), textLength);
    }
}
