package io.lethe.config;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload from a Kubernetes ConfigMap volume. The kubelet lays a mounted ConfigMap out as
 * {@code key -> ..data/key}, {@code ..data -> ..<timestamp>/}, and publishes a new version by writing a new
 * timestamped folder, renaming a fresh {@code ..data_tmp} link over {@code ..data} (one atomic rename) and
 * then removing the old folder and the links of keys that are gone. This test builds that exact layout.
 */
class ConfigMapRulesReloadTest {

    @TempDir
    Path mount;

    private int version;

    private GuardWiring wiring() {
        return new GuardWiring(new RulesConfig() {
            public Path dir() {
                return mount;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        }, new SimpleMeterRegistry(), List.of(new io.lethe.rules.DenyTermDetector(), new io.lethe.decode.DecodingDetector()));
    }

    private static String scan(GuardPipeline p, String text) {
        return p.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
    }

    /** Writes a new timestamped folder with {@code files} and points {@code ..data} at it atomically. */
    private Path publish(Map<String, String> files, FileTime mtime) throws IOException {
        Path data = Files.createDirectory(mount.resolve("..2026_11_30_16_00_0" + (++version) + ".123456789"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = Files.writeString(data.resolve(f.getKey()), f.getValue());
            Files.setLastModifiedTime(p, mtime);
        }
        Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), data.getFileName());
        Path old = Files.isSymbolicLink(mount.resolve("..data")) ? mount.resolve(Files.readSymbolicLink(mount.resolve("..data"))) : null;
        Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String key : files.keySet()) {
            Path link = mount.resolve(key);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data").resolve(key));
            }
        }
        if (old != null) {
            deleteTree(old);
        }
        return data;
    }

    /** The kubelet's last step: links of keys the new version no longer has are removed. */
    private void unlinkGoneKeys() throws IOException {
        try (Stream<Path> s = Files.list(mount)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p) && !p.getFileName().toString().startsWith("..") && !Files.exists(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aSwappedConfigMapIsPickedUpEvenWithTheSameSizeAndModificationTime() throws Exception {
        // given: version 1 in force
        FileTime t = FileTime.fromMillis(1_780_000_000_000L);
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [alpha]}\n"), t);
        GuardWiring w = wiring();
        assertThat(scan(w.current(), "alpha gamma")).isEqualTo("[REDACTED] gamma");
        // when: version 2, a same-length edit with the same mtime (what a copy that keeps times gives)
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [gamma]}\n"), t);
        w.reloadIfChanged();
        // then
        assertThat(scan(w.current(), "alpha gamma")).isEqualTo("alpha [REDACTED]");
        assertThat(w.reloadError()).isNull();
    }

    @Test
    void keysAddedAndRemovedByASwapAreFollowed() throws Exception {
        // given
        FileTime t1 = FileTime.fromMillis(1_780_000_000_000L);
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [alpha]}\n",
                "b.yaml", "deny_terms:\n  - {id: two, terms: [beta]}\n"), t1);
        GuardWiring w = wiring();
        assertThat(scan(w.current(), "alpha beta gamma")).isEqualTo("[REDACTED] [REDACTED] gamma");
        // when: b.yaml is gone and c.yaml is new; first the moment after the rename (b.yaml dangles) ...
        FileTime t2 = FileTime.fromMillis(1_780_000_060_000L);
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [alpha]}\n",
                "c.yaml", "deny_terms:\n  - {id: three, terms: [gamma]}\n"), t2);
        w.reloadIfChanged();
        // then: the dangling link is no rules file, and no error
        assertThat(scan(w.current(), "alpha beta gamma")).isEqualTo("[REDACTED] beta [REDACTED]");
        assertThat(w.reloadError()).isNull();
        // ... and after the kubelet removes it nothing changes
        unlinkGoneKeys();
        assertThat(Files.exists(mount.resolve("b.yaml"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        w.reloadIfChanged();
        assertThat(scan(w.current(), "alpha beta gamma")).isEqualTo("[REDACTED] beta [REDACTED]");
    }

    @Test
    void aBadVersionKeepsTheOldRulesAndTheNextGoodOneIsTaken() throws Exception {
        FileTime t = FileTime.fromMillis(1_780_000_000_000L);
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [alpha]}\n"), t);
        GuardWiring w = wiring();
        w.current();
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [gamma], action: obliterate}\n"), t);
        w.reloadIfChanged();
        assertThat(scan(w.current(), "alpha gamma")).isEqualTo("[REDACTED] gamma");
        assertThat(w.reloadError()).contains("a.yaml:2");
        publish(Map.of("a.yaml", "deny_terms:\n  - {id: one, terms: [gamma]}\n"), t);
        w.reloadIfChanged();
        assertThat(scan(w.current(), "alpha gamma")).isEqualTo("alpha [REDACTED]");
        assertThat(w.reloadError()).isNull();
    }
}
