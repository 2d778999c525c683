package io.lethe.guard.pipeline;

import io.lethe.guard.Decision;
import io.lethe.guard.Finding;

/** A finding with the policy's ruling on it. */
public record DecidedFinding(Finding finding, Decision decision) {
}
