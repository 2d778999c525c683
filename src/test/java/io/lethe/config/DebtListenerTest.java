package io.lethe.config;

import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.RulesLoader;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retrain-debt report counts a leak as stopped only after the policy decided (issue 13, item 4): not when
 * an allow-list override released it, not when it was only audited, not in the client's own prompt.
 */
class DebtListenerTest {

    @TempDir
    Path dir;
    ErasureRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    long stopped(GuardPipeline pipeline, ScanContext ctx, Channel channel, String text) {
        GuardSession s = pipeline.open(ctx, new DebtListener(registry, ctx));
        s.append(channel, text);
        s.finish(channel);
        return registry.debt(ctx.model()).stream().mapToLong(ErasureRegistry.Debt::leaksStopped).sum();
    }

    @Test
    void onlyLeaksThePolicyStoppedAreCounted() throws Exception {
        Instant trained = Instant.parse("2024-01-01T00:00:00Z");
        registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of("m", trained, "audited", trained), 3,
                s -> { }, Clock.systemUTC());
        registry.start();
        registry.create("{\"id\":\"e1\",\"subject\":{\"names\":[\"Nikolai Abilov\"]},\"requested_at\":\"2025-01-15\"}"
                .getBytes(StandardCharsets.UTF_8)).join();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("a.yaml"), """
                defaults: {action: redact}
                overrides:
                  - when: {tenants: [research]}
                    allow: {erasures: [e1]}
                  - when: {models: [audited]}
                    defaults: {action: audit}
                """);
        GuardPipeline pipeline = new GuardPipeline(List.of(registry.stage()), new RulesPolicy(RulesLoader.load(rules)));
        String leak = "The report was written by Nikolai Abilov last year.";

        assertThat(stopped(pipeline, new ScanContext("r1", "m", "research", null), Channel.content(0), leak))
                .as("released by the research tenant's allow-list").isZero();
        assertThat(stopped(pipeline, new ScanContext("r2", "audited", null, null), Channel.content(0), leak))
                .as("only audited on this model").isZero();
        assertThat(stopped(pipeline, new ScanContext("r3", "m", null, null), Channel.prompt(0), leak))
                .as("the client's own prompt").isZero();
        assertThat(stopped(pipeline, new ScanContext("r4", "m", null, null), Channel.content(0), leak))
                .as("redacted in the model's answer").isEqualTo(1);
    }
}
