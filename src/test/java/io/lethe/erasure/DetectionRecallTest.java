package io.lethe.erasure;

import io.lethe.bench.DetectionEval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detection targets on public data, at a size that runs in seconds (the full run is in
 * BENCHMARKS.md): the 20 TOFU forget10 authors and 200 synthetic people, leaked in every obfuscation form
 * the matchers handle; WikiText-2 paragraphs and TOFU retain answers as benign outputs.
 */
class DetectionRecallTest {

    @TempDir
    static Path dir;
    static DetectionEval.Report report;

    /** Forms not handled yet (the normalizer's): measured and printed, not asserted here. */
    static final Set<String> PENDING = Set.of("homoglyphs", "zero-width", "soft-hyphen", "bidi-controls",
            "spaced-letters", "dotted-letters", "dashed-letters", "markdown", "html-entities", "url-encoded",
            "leetspeak", "email-spelled", "email-brackets");

    @BeforeAll
    static void run() throws Exception {
        DetectionEval eval = new DetectionEval(dir, 200);
        eval.start();
        report = eval.run();
        eval.close();
        report.recall().forEach(r -> System.out.printf("recall %-16s %4d/%4d%n", r.obfuscation(), r.caught(), r.total()));
    }

    @AfterAll
    static void print() {
        System.out.printf("benign %d, flagged %d%n", report.benign(), report.benignFlagged());
    }

    @Test
    void directMentionsAreCaughtAtLeast995Percent() {
        Map<String, Double> recall = report.recall().stream()
                .collect(Collectors.toMap(DetectionEval.Result::obfuscation, DetectionEval.Result::recall));
        assertThat(recall.get("direct")).isGreaterThanOrEqualTo(0.995);
        assertThat(recall.get("email-direct")).isGreaterThanOrEqualTo(0.995);
    }

    @Test
    void everyHandledObfuscationClassIsCaughtAtLeast97Percent() {
        for (DetectionEval.Result r : report.recall()) {
            if (PENDING.contains(r.obfuscation())) {
                continue;
            }
            double target = Set.of("base64", "base32", "hex", "rot13").contains(r.obfuscation()) ? 0.95
                    : r.obfuscation().equals("passage") ? 0.99 : 0.97;
            assertThat(r.recall()).as(r.obfuscation()).isGreaterThanOrEqualTo(target);
        }
    }

    @Test
    void benignOutputsAreFlaggedAtMost01Percent() {
        assertThat(report.benign()).isGreaterThan(5000);
        assertThat(report.falsePositiveRate()).as("flagged: %s", report.flaggedSamples()).isLessThanOrEqualTo(0.001);
    }
}
