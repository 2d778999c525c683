package io.lethe.config;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.RulesException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesHotReloadTest {

    @TempDir
    Path dir;

    GuardWiring wiring(SimpleMeterRegistry meters) {
        return new GuardWiring(new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        }, meters, List.of(new io.lethe.rules.DenyTermDetector(), new io.lethe.decode.DecodingDetector()));
    }

    static String scan(GuardPipeline p, String text) {
        return p.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
    }

    void write(String name, String yaml, int secondsLater) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        // a distinct mtime even on coarse file systems
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void anEditedFileIsPickedUpAndABadOneKeepsThePreviousRules() throws Exception {
        // given
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        write("a.yaml", "deny_terms:\n  - {id: one, terms: [alpha]}\n", 1);
        GuardWiring w = wiring(meters);
        assertThat(scan(w.current(), "alpha beta")).isEqualTo("[REDACTED] beta");
        // when: a valid edit
        write("a.yaml", "deny_terms:\n  - {id: one, terms: [beta]}\n", 2);
        w.reloadIfChanged();
        // then
        assertThat(scan(w.current(), "alpha beta")).isEqualTo("alpha [REDACTED]");
        assertThat(w.reloadError()).isNull();
        // when: a bad edit
        write("a.yaml", "deny_terms:\n  - {id: one, terms: [gamma], action: obliterate}\n", 3);
        w.reloadIfChanged();
        // then: previous rules in force, the refusal reported with file and line, the metric raised
        assertThat(scan(w.current(), "alpha beta gamma")).isEqualTo("alpha [REDACTED] gamma");
        assertThat(w.reloadError()).contains("a.yaml:2").contains("action");
        assertThat(meters.get("lethe.rules.reload.failed").gauge().value()).isEqualTo(1.0);
        RulesHealth health = new RulesHealth();
        health.guard = w;
        health.config = new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        };
        assertThat(health.call().getData().orElseThrow().get("warning").toString()).contains("a.yaml:2");
        // when: fixed again
        write("a.yaml", "deny_terms:\n  - {id: one, terms: [gamma]}\n", 4);
        w.reloadIfChanged();
        assertThat(scan(w.current(), "alpha beta gamma")).isEqualTo("alpha beta [REDACTED]");
        assertThat(meters.get("lethe.rules.reload.failed").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void aBadFileAtStartStopsStartUpNamingFileLineAndReason() throws Exception {
        write("z.yaml", "defaults:\n  action: redact\n  refusal: 12\n  colour: blue\n", 1);
        assertThatThrownBy(() -> wiring(new SimpleMeterRegistry()).current())
                .isInstanceOf(RulesException.class)
                .hasMessageContaining("z.yaml:");
    }
}
