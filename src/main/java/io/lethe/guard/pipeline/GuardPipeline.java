package io.lethe.guard.pipeline;

import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;

import java.util.List;
import java.util.Objects;

/**
 * An immutable set of stages and a policy. Rule or registry changes build a new pipeline and swap it in;
 * sessions keep the one they were opened on.
 */
public final class GuardPipeline {

    private final List<GuardStage> stages;
    private final Policy policy;

    public GuardPipeline(List<GuardStage> stages, Policy policy) {
        this.stages = List.copyOf(stages);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public List<GuardStage> stages() {
        return stages;
    }

    public Policy policy() {
        return policy;
    }

    /** Opens a session for one response; cheap. The listener sees its scans and findings. */
    public GuardSession open(ScanContext context, GuardListener listener) {
        return new GuardSession(stages, policy, listener == null ? GuardListener.NONE : listener, context);
    }
}
