package io.lethe.guard.pipeline;

/** Gives the pipeline in force now; callers take it once per response and keep it to the end. */
@FunctionalInterface
public interface PipelineSource {

    GuardPipeline current();
}
