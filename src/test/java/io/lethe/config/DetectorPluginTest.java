package io.lethe.config;

import io.lethe.decode.DecodingDetector;
import io.lethe.guard.Channel;
import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.DenyTermDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A detector added the way a plug-in is: a factory, a stage and a settings record in one place, nothing else
 * touched. The wiring orders it by the rules, hands it its settings and rebuilds when it says its inputs changed.
 */
class DetectorPluginTest {

    @TempDir
    Path dir;

    /** The plug-in's own settings record ({@code detectors.marker.settings}). */
    record MarkerSettings(String word) {
    }

    /** Finds one configured word (case-insensitive, whole text at completion only: it holds everything). */
    static class MarkerDetector implements DetectorFactory {
        int builds;
        Runnable rebuild;
        List<String> seenBefore = new ArrayList<>();

        @Override
        public String name() {
            return "marker";
        }

        @Override
        public int defaultOrder() {
            return 250;
        }

        @Override
        public GuardStage build(DetectorContext context) {
            builds++;
            seenBefore = context.before().stream().map(GuardStage::name).toList();
            MarkerSettings s = context.settings(MarkerSettings.class);
            if (s == null || s.word() == null) {
                return null;
            }
            String word = s.word().toLowerCase(Locale.ROOT);
            return new GuardStage() {
                @Override
                public String name() {
                    return "marker";
                }

                @Override
                public StageScanner open(ScanContext ctx, Channel channel) {
                    return w -> {
                        if (!w.complete()) {
                            return new ScanResult(List.of(), 0);
                        }
                        String text = w.text().toString().toLowerCase(Locale.ROOT);
                        List<Finding> found = new ArrayList<>();
                        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
                            found.add(new Finding(null, "marker", null, w.channel(), i, i + word.length(), 1, null));
                        }
                        return new ScanResult(found, w.text().length());
                    };
                }
            };
        }

        @Override
        public void onChange(Runnable rebuild) {
            this.rebuild = rebuild;
        }
    }

    private GuardWiring wiring(List<DetectorFactory> detectors) {
        return new GuardWiring(new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        }, new SimpleMeterRegistry(), detectors);
    }

    private static List<String> names(GuardPipeline p) {
        return p.stages().stream().map(GuardStage::name).toList();
    }

    private static String scan(GuardPipeline p, String text) {
        return p.open(new ScanContext("r", null, null, null), null).scanWhole(Channel.content(0), text);
    }

    @Test
    void aPluginRunsWithItsOwnSettingsWhereTheRulesOrderIt() throws Exception {
        // given
        Files.writeString(dir.resolve("rules.yaml"), """
                deny_terms:
                  - id: codes
                    terms: [Project Nightjar]
                detectors:
                  marker:
                    action: redact
                    settings: {word: zebrafinch}
                detector_order: [marker, deny-terms]
                """);
        MarkerDetector marker = new MarkerDetector();
        // when
        GuardPipeline p = wiring(List.of(new DecodingDetector(), new DenyTermDetector(), marker)).current();
        // then: named ones first in the rules' order, then the rest by default order
        assertThat(names(p)).containsExactly("marker", "deny-terms", "decoded");
        assertThat(scan(p, "A zebrafinch and Project Nightjar.")).doesNotContain("zebrafinch").doesNotContain("Nightjar");
        assertThat(marker.seenBefore).isEmpty();
    }

    @Test
    void withoutAnOrderDetectorsRunByDefaultOrderAndDecodingRescansTheOnesBeforeIt() throws Exception {
        // given
        Files.writeString(dir.resolve("rules.yaml"), """
                deny_terms:
                  - id: codes
                    terms: [Project Nightjar]
                detectors:
                  marker:
                    settings: {word: zebrafinch}
                """);
        MarkerDetector marker = new MarkerDetector();
        // when
        GuardPipeline p = wiring(List.of(marker, new DecodingDetector(), new DenyTermDetector())).current();
        // then
        assertThat(names(p)).containsExactly("deny-terms", "marker", "decoded");
        assertThat(marker.seenBefore).containsExactly("deny-terms");
        // base64 of "zebrafinch here": the decoding stage runs the marker too, because it came before it
        String encoded = java.util.Base64.getEncoder().encodeToString("zebrafinch here".getBytes());
        assertThat(scan(p, "See " + encoded + " now.")).doesNotContain(encoded);
    }

    @Test
    void aPluginWithoutSettingsIsLeftOutAndADecoderWithNothingBeforeItToo() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "detector_order: [decoded]\n");
        GuardPipeline p = wiring(List.of(new MarkerDetector(), new DecodingDetector(), new DenyTermDetector())).current();
        assertThat(names(p)).isEmpty();
    }

    @Test
    void settingsThatDoNotBindAndUnknownNamesAreRefusedWithTheFieldAndTheRulesInForceStay() throws Exception {
        // given: good rules in force
        Files.writeString(dir.resolve("rules.yaml"), """
                detectors:
                  marker:
                    settings: {word: zebrafinch}
                """);
        GuardWiring w = wiring(List.of(new MarkerDetector(), new DenyTermDetector()));
        GuardPipeline before = w.current();
        // when: a misspelt setting
        Files.writeString(dir.resolve("rules.yaml"), """
                detectors:
                  marker:
                    settings: {wrd: zebrafinch}
                """);
        // then
        assertThatThrownBy(w::reload).hasMessageContaining("detectors.marker.settings.wrd: unknown field")
                .hasMessageNotContaining("zebrafinch");
        assertThat(w.current()).isSameAs(before);
        // when: a value of the wrong type: the error names the field and the type, never the value
        Files.writeString(dir.resolve("rules.yaml"), """
                detectors:
                  marker:
                    settings: {word: [zebrafinch-secret]}
                """);
        assertThatThrownBy(w::reload).hasMessageContaining("detectors.marker.settings.word: expected String")
                .hasMessageNotContaining("zebrafinch-secret").hasNoCause();
        assertThat(w.current()).isSameAs(before);
        // when: a misspelt detector name, at the top or in an override
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {marekr: {action: block}}\n");
        assertThatThrownBy(w::reload).hasMessageContaining("detectors: no detector is named 'marekr'")
                .hasMessageContaining("[deny-terms, marker]");
        Files.writeString(dir.resolve("rules.yaml"), """
                overrides:
                  - when: {models: [m1]}
                    detectors: {deny-term: {action: block}}
                """);
        assertThatThrownBy(w::reload).hasMessageContaining("no detector is named 'deny-term'");
        // when: settings for a detector that takes none
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {deny-terms: {settings: {anything: 1}}}\n");
        assertThatThrownBy(w::reload).hasMessageContaining("detectors.deny-terms.settings: detector 'deny-terms' takes no settings");
        assertThat(w.current()).isSameAs(before);
        // when: an order naming no detector
        Files.writeString(dir.resolve("rules.yaml"), "detector_order: [marker, lexicon]\n");
        assertThatThrownBy(w::reload).hasMessageContaining("detector_order: no detector is named 'lexicon'")
                .hasMessageContaining("[deny-terms, marker]");
        assertThat(w.current()).isSameAs(before);
        // when: the same detector twice
        Files.writeString(dir.resolve("rules.yaml"), "detector_order: [marker, marker]\n");
        assertThatThrownBy(w::reload).hasMessageContaining("detector_order");
        assertThat(w.current()).isSameAs(before);
    }

    @Test
    void aDetectorWhoseInputsChangeRebuildsThePipelineAtOnce() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {marker: {settings: {word: zebrafinch}}}\n");
        MarkerDetector marker = new MarkerDetector();
        GuardWiring w = wiring(List.of(marker));
        GuardPipeline first = w.current();
        int builds = marker.builds;
        marker.rebuild.run();
        assertThat(marker.builds).isEqualTo(builds + 1);
        assertThat(w.current()).isNotSameAs(first);
        assertThat(names(w.current())).containsExactly("marker");
    }

    @Test
    void aDetectorFailingWhenAnotherDetectorsInputsChangeIsLeftOutNotTheWholeChange() throws Exception {
        // given: a marker in force, and a second detector that throws from its second build on
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {marker: {settings: {word: zebrafinch}}}\n");
        MarkerDetector marker = new MarkerDetector();
        DetectorFactory flaky = new DetectorFactory() {
            int builds;

            public String name() {
                return "flaky";
            }

            public int defaultOrder() {
                return 10;
            }

            public GuardStage build(DetectorContext context) {
                if (++builds > 1) {
                    throw new IllegalStateException("index unavailable");
                }
                return null;
            }
        };
        GuardWiring w = wiring(List.of(flaky, marker));
        w.current();
        // when: the marker's inputs change (as a registry write would), and the flaky one fails
        marker.rebuild.run();
        // then: the change is in force without the failing detector; a rules load would still refuse
        assertThat(names(w.current())).containsExactly("marker");
        assertThat(scan(w.current(), "a zebrafinch")).doesNotContain("zebrafinch");
        assertThatThrownBy(w::reload).hasMessageContaining("index unavailable");
    }

    @Test
    void aDetectorFailingAfterItBuiltKeepsItsPreviousStage() throws Exception {
        // given: the marker in force, then its inputs change and its build fails (an index it cannot read)
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {marker: {settings: {word: zebrafinch}}}\n");
        boolean[] fail = {false};
        MarkerDetector marker = new MarkerDetector() {
            @Override
            public GuardStage build(DetectorContext context) {
                if (fail[0]) {
                    throw new IllegalStateException("cannot read its index");
                }
                return super.build(context);
            }
        };
        GuardWiring w = wiring(List.of(marker));
        GuardStage before = w.current().stages().get(0);
        fail[0] = true;
        marker.rebuild.run();
        // then: still enforced, by the stage it had (default-deny: a failed rebuild never drops a detector)
        assertThat(w.current().stages()).containsExactly(before);
        assertThat(scan(w.current(), "a zebrafinch")).doesNotContain("zebrafinch");
    }

    @Test
    void twoDetectorsWithOneNameAreAnError() {
        assertThatThrownBy(() -> wiring(List.of(new MarkerDetector(), new MarkerDetector())))
                .hasMessageContaining("two detectors are named 'marker'");
    }
}
