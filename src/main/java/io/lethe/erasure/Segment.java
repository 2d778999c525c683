package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.PassageIndex;

import java.util.BitSet;

/**
 * One compiled segment of the registry, as a Lucene index segment: matchers and passage shingles compiled
 * over a fixed list of erasures (ordinal {@code i} is {@code entries[i]}), and live bits, Lucene's
 * {@code liveDocs}: bit {@code i} is set while erasure {@code i} is active. Retiring an erasure clears its
 * bit in a new segment that shares the compiled tables; nothing is recompiled until the registry merges the
 * segments (a base rebuild). The registry keeps two: the base (compiled at start, from the snapshot, or after
 * bulk imports) and the delta (recent creates). Immutable; read by every scanning thread.
 *
 * @param matchers names, e-mails, phones and identifiers of the entries
 * @param passages verbatim passages of the entries
 * @param entries  what the stage needs of each erasure beyond its matchers, by ordinal
 * @param live     the active ordinals; never mutated once the segment is published
 */
record Segment(CompiledErasures matchers, PassageIndex passages, ErasureStage.Entry[] entries, BitSet live) {

    /** A segment whose entries are all live. */
    static Segment of(CompiledErasures matchers, PassageIndex passages, ErasureStage.Entry[] entries) {
        BitSet live = new BitSet(entries.length);
        live.set(0, entries.length);
        return new Segment(matchers, passages == null ? PassageIndex.empty() : passages, entries, live);
    }

    /** A segment whose entries are live except those set in {@code retired}. */
    static Segment of(CompiledErasures matchers, PassageIndex passages, ErasureStage.Entry[] entries, BitSet retired) {
        Segment s = of(matchers, passages, entries);
        s.live.andNot(retired);
        return s;
    }

    boolean isLive(int ordinal) {
        return live.get(ordinal);
    }

    /** Live erasures in this segment. */
    int liveCount() {
        return live.cardinality();
    }

    /** The same tables with the erasure {@code id} no longer live (this segment when it holds none live). */
    Segment retire(String id) {
        BitSet next = null;
        for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
            if (entries[i].id().equals(id)) {
                if (next == null) {
                    next = (BitSet) live.clone();
                }
                next.clear(i);
            }
        }
        return next == null ? this : new Segment(matchers, passages, entries, next);
    }

    /** Approximate heap bytes of the compiled tables. */
    long approximateBytes() {
        return matchers.approximateBytes() + passages.approximateBytes();
    }
}
