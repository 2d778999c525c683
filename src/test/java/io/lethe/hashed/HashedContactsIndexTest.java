package io.lethe.hashed;

import io.lethe.guard.Channel;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;
import io.lethe.testkit.GrowingWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's index, kept from changes (creates, retirements, replacements, lost track) merged into the
 * published arrays, finds exactly what an index built from scratch finds.
 */
class HashedContactsIndexTest {

    /** A registry of versioned records: changes since a version, or lost track after a "bulk". */
    static final class FakeRecords implements ErasureRecords {
        final List<HashedContactsStageContractTest.Rec> log = new ArrayList<>();
        long lostTrackAt = -1;

        void write(HashedContactsStageContractTest.Rec r) {
            log.add(r);
        }

        Map<String, HashedContactsStageContractTest.Rec> state() {
            Map<String, HashedContactsStageContractTest.Rec> m = new LinkedHashMap<>();
            log.forEach(r -> m.put(r.id(), r));
            return m;
        }

        @Override
        public long forEachActive(Consumer<RegisteredErasure> visitor) {
            state().values().stream().filter(RegisteredErasure::active).forEach(visitor);
            return log.size();
        }

        @Override
        public long forEachChangedSince(long version, Consumer<RegisteredErasure> visitor) {
            if (version < lostTrackAt) {
                return LOST_TRACK;
            }
            log.subList((int) version, log.size()).forEach(visitor);
            return log.size();
        }
    }

    /** An operation: create/replace id with e-mails (indices into a small pool), retire id, or a bulk (lost track). */
    record Op(int kind, int id, List<Integer> mails) {
    }

    static final List<String> POOL = List.of("a@x.org", "B@x.org", "b@x.org", "c@y.net", "d@y.net", "e@z.com",
            " f@z.com ", "g@z.com");

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Arbitraries.integers().between(0, 9).flatMap(k -> Arbitraries.integers().between(0, 5)
                .flatMap(id -> Arbitraries.integers().between(0, POOL.size() - 1).list().ofMaxSize(3)
                        .map(m -> new Op(k < 6 ? 0 : k < 9 ? 1 : 2, id, m))));
        return op.list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void anIndexKeptFromChangesFindsWhatAFreshOneFinds(@ForAll("ops") List<Op> ops) {
        FakeRecords records = new FakeRecords();
        HashedContactsDetector kept = new HashedContactsDetector();
        var ctx = HashedContactsStageContractTest.context(records);
        kept.build(ctx);
        for (Op op : ops) {
            String id = "e" + op.id();
            switch (op.kind()) {
                case 0 -> records.write(new HashedContactsStageContractTest.Rec(id, true, null,
                        op.mails().stream().map(POOL::get).toList()));
                case 1 -> records.write(new HashedContactsStageContractTest.Rec(id, false, null, List.of()));
                default -> records.lostTrackAt = records.log.size() + 1;
            }
            GuardStage incremental = kept.build(ctx);
            GuardStage fresh = new HashedContactsDetector().build(HashedContactsStageContractTest.context(records));
            assertThat(findings(incremental)).isEqualTo(findings(fresh));
            assertThat(incremental == null ? 0 : ((HashedContactsStage) incremental).digests())
                    .isEqualTo(fresh == null ? 0 : ((HashedContactsStage) fresh).digests());
        }
    }

    /** Every pool address's digests in one text: the (erasure, rule, offset) found. */
    private static Set<String> findings(GuardStage stage) {
        Set<String> out = new TreeSet<>();
        if (stage == null) {
            return out;
        }
        StringBuilder text = new StringBuilder();
        for (String mail : POOL) {
            for (String alg : new String[]{"MD5", "SHA-1", "SHA-256"}) {
                text.append(HashedContactsDetector.digest(alg, mail.trim())).append(' ')
                        .append(HashedContactsDetector.digest(alg, mail.trim().toLowerCase(java.util.Locale.ROOT))).append(' ');
            }
        }
        GrowingWindow w = new GrowingWindow();
        w.text = text.toString();
        w.complete = true;
        for (Finding f : stage.open(new ScanContext("r", "m", null, null), Channel.content(0)).scan(w).findings()) {
            out.add(f.erasureId() + "/" + f.rule() + "@" + f.start());
        }
        return out;
    }
}
