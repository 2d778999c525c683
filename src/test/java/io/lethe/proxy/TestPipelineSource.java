package io.lethe.proxy;

import io.lethe.guard.Action;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.PipelineSource;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.List;

/** The guard for the proxy's tests ({@link TestStage}); enabled only by {@link ProxyTestProfile}. */
@Alternative
@Singleton
public class TestPipelineSource implements PipelineSource {

    public static final String REFUSAL = "This content was withheld by policy.";

    static final GuardPipeline PIPELINE = new GuardPipeline(List.of(new TestStage()), policy());

    /** Each finding's own action; the test replacement and refusal. */
    static Policy policy() {
        return new Policy() {
            @Override
            public Decision decide(Finding finding, ScanContext context) {
                Action a = finding.action() == null ? Action.REDACT : finding.action();
                return new Decision(a, finding.rule(), "[REDACTED]", REFUSAL);
            }

            @Override
            public Decision onStageFailure(String stage, ScanContext context) {
                return new Decision(Action.BLOCK, "stage-failure", "[REDACTED]", REFUSAL);
            }
        };
    }

    @Override
    public GuardPipeline current() {
        return PIPELINE;
    }
}
