package io.lethe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lethe.audit.*}: the residual-knowledge audit. Off for every model until
 * {@code lethe.audit.models."<model>".enabled=true}; the budget keys below are defaults each model may override
 * under its own key ({@code lethe.audit.models."<model>".tokens-per-run=20000}).
 */
@ConfigMapping(prefix = "lethe.audit")
public interface AuditConfig {

    /** Per model: {@code enabled} and budget overrides. */
    Map<String, Model> models();

    /** Languages whose probe templates run (BCP 47 tags, as templates name them). */
    @WithDefault("en")
    List<String> languages();

    /** Probes started per minute and model (2 a second: gentle on a GPU server, a report within a minute or so). */
    @WithDefault("120")
    int requestsPerMinute();

    /** {@code max_tokens} of each probe's answer. */
    @WithDefault("256")
    int maxTokensPerProbe();

    /** Tokens a window may spend per model, counted as max-tokens-per-probe per probe sent. */
    @WithDefault("100000")
    long tokensPerRun();

    /** Probes in flight at once per model. */
    @WithDefault("2")
    int concurrentProbes();

    /** The most probes one erasure gets. */
    @WithDefault("12")
    int maxProbesPerErasure();

    /** Time between two probing windows of a model. */
    @WithDefault("24h")
    Duration interval();

    /** Time from start-up to a model's first window (a run asked for before a restart resumes 5 s after start-up). */
    @WithDefault("1m")
    Duration startDelay();

    /** Once every probe has a result, results older than this are probed again. */
    @WithDefault("30d")
    Duration refreshAfter();

    /** How long the guard may take to scan one answer (the classifier included). */
    @WithDefault("30s")
    Duration scanTimeout();

    interface Model {
        /** Probe this model. Off by default. */
        @WithDefault("false")
        boolean enabled();

        Optional<Integer> requestsPerMinute();

        Optional<Integer> maxTokensPerProbe();

        Optional<Long> tokensPerRun();

        Optional<Integer> concurrentProbes();
    }
}
