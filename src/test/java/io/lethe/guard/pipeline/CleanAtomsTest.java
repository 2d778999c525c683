package io.lethe.guard.pipeline;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanScope;
import io.lethe.guard.StageScanner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol values scanned clean are not scanned again by later responses on the same pipeline (issue 12: the
 * gateway's own work off the wait), but only where the verdict cannot differ: same model, tenant and upstream,
 * no finding at all (an allowed one included), and nothing the response taught the stages.
 */
class CleanAtomsTest {

    /** Finds "secret" for model "a" only, counts its scans; {@code fresh} says whether it learnt anything. */
    static final class ModelScoped implements GuardStage {
        final AtomicInteger scans = new AtomicInteger();
        final AtomicBoolean fresh = new AtomicBoolean(true);

        @Override
        public String name() {
            return "scoped";
        }

        @Override
        public boolean fresh(ScanScope scope) {
            return fresh.get();
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            return w -> {
                scans.incrementAndGet();
                String s = w.text().toString();
                int at = s.indexOf("secret");
                boolean scoped = "a".equals(context.model());
                return new ScanResult(at < 0 || !scoped ? List.of()
                        : List.of(new Finding("e", "scoped", "r", channel, at, at + 6, 1, Action.REDACT)), s.length());
            };
        }
    }

    @Test
    void aCleanValueIsScannedOncePerPipelineAndContext() {
        ModelScoped stage = new ModelScoped();
        GuardPipeline p = new GuardPipeline(List.of(stage), AdvisoryStageTest.POLICY);
        ScanContext b = new ScanContext("r1", "b", null, null);

        assertThat(p.open(b, null).scanAtom(Channel.other(0, -1, "atom#0"), "chat.completion")).isEqualTo("chat.completion");
        assertThat(p.open(b, null).scanAtom(Channel.other(0, -1, "atom#0"), "chat.completion")).isEqualTo("chat.completion");

        assertThat(stage.scans.get()).isEqualTo(1);
    }

    @Test
    void aValueCleanForOneModelIsStillScannedForAnother() {
        ModelScoped stage = new ModelScoped();
        GuardPipeline p = new GuardPipeline(List.of(stage), AdvisoryStageTest.POLICY);

        assertThat(p.open(new ScanContext("r1", "b", null, null), null).scanAtom(Channel.other(0, -1, "atom#0"), "secret"))
                .isEqualTo("secret");
        GuardSession a = p.open(new ScanContext("r2", "a", null, null), null);

        assertThat(a.scanAtom(Channel.other(0, -1, "atom#0"), "secret")).isEqualTo("[R]");
        assertThat(a.findings()).hasSize(1);
    }

    @Test
    void aValueWithAFindingIsNeverCached() {
        ModelScoped stage = new ModelScoped();
        GuardPipeline p = new GuardPipeline(List.of(stage), AdvisoryStageTest.POLICY);
        ScanContext a = new ScanContext("r", "a", null, null);

        p.open(a, null).scanAtom(Channel.other(0, -1, "atom#0"), "secret");
        GuardSession again = p.open(a, null);
        again.scanAtom(Channel.other(0, -1, "atom#0"), "secret");

        assertThat(stage.scans.get()).isEqualTo(2);
        assertThat(again.findings()).hasSize(1);
    }

    @Test
    void aStageThatLearntFromTheResponseScansEveryValue() {
        ModelScoped stage = new ModelScoped();
        GuardPipeline p = new GuardPipeline(List.of(stage), AdvisoryStageTest.POLICY);
        ScanContext b = new ScanContext("r", "b", null, null);
        p.open(b, null).scanAtom(Channel.other(0, -1, "atom#0"), "assistant");

        stage.fresh.set(false);
        p.open(b, null).scanAtom(Channel.other(0, -1, "atom#0"), "assistant");

        assertThat(stage.scans.get()).isEqualTo(2);
    }
}
