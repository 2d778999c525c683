package io.lethe.guard.pipeline;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stage that only advises (a classifier in shadow mode): its findings are audited whatever the policy says. */
class AdvisoryStageTest {

    /** Reports "secret" wherever it is, with the block the registry asks for; holds a trailing word. */
    record Finder(boolean advisory) implements GuardStage {
        @Override
        public String name() {
            return "finder";
        }

        @Override
        public boolean advisory() {
            return advisory;
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            java.util.Set<Integer> reported = new java.util.HashSet<>();
            return w -> {
                String s = w.text().toString();
                int at = s.indexOf("secret");
                List<Finding> f = at < 0 || !reported.add(at) ? List.of()
                        : List.of(new Finding("e", "finder", "r", channel, at, at + 6, 1, Action.BLOCK));
                return new ScanResult(f, s.length());
            };
        }
    }

    /** Another stage holding the last word, as the erasure stage does. */
    record Holder() implements GuardStage {
        @Override
        public String name() {
            return "holder";
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            return w -> {
                String s = w.text().toString();
                int sp = s.lastIndexOf(' ');
                return new ScanResult(List.of(), w.complete() ? s.length() : Math.max(0, sp + 1));
            };
        }
    }

    static final Policy POLICY = new Policy() {
        @Override
        public Decision decide(Finding finding, ScanContext context) {
            return new Decision(finding.action(), finding.rule(), "[R]", "refused");
        }

        @Override
        public Decision onStageFailure(String stage, ScanContext context) {
            return new Decision(Action.BLOCK, "f", "[R]", "refused");
        }
    };

    @Test
    void anAdvisoryStagesFindingIsAuditedEvenWhereAnotherStageStillHoldsItsText() {
        GuardSession s = new GuardPipeline(List.of(new Finder(true), new Holder()), POLICY)
                .open(new ScanContext("r", null, null, null), null);
        Channel ch = Channel.content(0);

        String out = s.append(ch, "the secret").text() + s.finish(ch).text();

        assertThat(out).isEqualTo("the secret");
        assertThat(s.findings()).hasSize(1);
        assertThat(s.findings().get(0).decision().action()).isEqualTo(Action.AUDIT);
        assertThat(s.isBlocked(0)).isFalse();
    }

    @Test
    void theSameStageNotAdvisoryIsActedOn() {
        GuardSession s = new GuardPipeline(List.of(new Finder(false), new Holder()), POLICY)
                .open(new ScanContext("r", null, null, null), null);
        Channel ch = Channel.content(0);

        s.append(ch, "the secret");
        s.finish(ch);

        assertThat(s.isBlocked(0)).isTrue();
    }
}
