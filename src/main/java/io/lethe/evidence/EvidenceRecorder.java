package io.lethe.evidence;

import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardListenerFactory;

import java.time.Clock;

/** Where findings enter the evidence trail; {@link #open} gives each response its listener. */
public final class EvidenceRecorder implements GuardListenerFactory {

    private final Spool spool;
    private final MatchHasher hasher;
    private final Clock clock;

    public EvidenceRecorder(Spool spool, MatchHasher hasher, Clock clock) {
        this.spool = spool;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public GuardListener open(ScanContext context) {
        return new EvidenceListener(context, this, hasher, clock);
    }

    /** Never blocks: a full queue or spool drops the fact and counts it. */
    void record(LeakFact fact) {
        spool.offer(fact);
    }
}
