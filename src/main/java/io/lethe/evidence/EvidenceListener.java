package io.lethe.evidence;

import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;

import java.time.Clock;

/**
 * Turns one response's findings into {@link LeakFact}s for the spool. Runs on the response's event loop:
 * hashes the matched text at once (the text is not kept) and hands the fact over without blocking.
 */
final class EvidenceListener implements GuardListener {

    private final ScanContext context;
    private final EvidenceRecorder recorder;
    private final MatchHasher hasher;
    private final Clock clock;

    EvidenceListener(ScanContext context, EvidenceRecorder recorder, MatchHasher hasher, Clock clock) {
        this.context = context;
        this.recorder = recorder;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public void finding(DecidedFinding df, int alreadySent, CharSequence matched) {
        Finding f = df.finding();
        LeakFact fact = new LeakFact(clock.instant(), context.requestId(), context.model(), context.upstream(),
                context.tenant(), f.erasureId(), df.decision().rule(), f.detector(), f.channel().label(),
                f.channel().choice(), df.decision().action().wireName(), f.start(), f.end(), f.score(), alreadySent,
                hasher.hmac(matched), matched.length());
        recorder.record(fact);
    }
}
