package io.lethe.config;

import io.lethe.guard.Action;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.PipelineSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Builds the guard pipeline from rules and stages. (Interim: no stages; replaced by the rules loader.) */
@ApplicationScoped
public class GuardWiring {

    private final AtomicReference<GuardPipeline> pipeline = new AtomicReference<>(
            new GuardPipeline(List.of(), new Policy() {
                @Override
                public Decision decide(Finding finding, ScanContext context) {
                    return new Decision(Action.REDACT, "default", "[REDACTED]", "This content was withheld by policy.");
                }

                @Override
                public Decision onStageFailure(String stage, ScanContext context) {
                    return new Decision(Action.BLOCK, "stage-failure", "[REDACTED]", "This content was withheld by policy.");
                }
            }));

    @Produces
    @Singleton
    PipelineSource pipelineSource() {
        return pipeline::get;
    }
}
