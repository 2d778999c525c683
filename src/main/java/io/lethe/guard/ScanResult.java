package io.lethe.guard;

import java.util.List;

/**
 * A scanner's answer for one call.
 *
 * @param findings new findings (each reported once, in any order)
 * @param holdFrom the smallest raw offset at which a finding not yet reported could still start; the text
 *                 length when nothing is held. Must not decrease between calls, and must equal the text
 *                 length once the window is complete.
 */
public record ScanResult(List<Finding> findings, int holdFrom) {

    public ScanResult {
        findings = List.copyOf(findings);
    }

    public static ScanResult clear(int textLength) {
        return new ScanResult(List.of(), textLength);
    }
}
