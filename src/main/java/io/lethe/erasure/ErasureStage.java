package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.PassageIndex;
import io.lethe.erasure.index.ViewCursor;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.NestedFindings;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.text.NormalizedView;
import io.lethe.text.SharedViews;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's guard stage: an immutable snapshot of compiled erasures (a large base compiled at start
 * or after bulk imports, a small delta of recent creates, a mask of retired base entries). A new
 * snapshot replaces it on every change; sessions keep the one they opened.
 *
 * <p>Each channel's raw text is scanned as it is and through its normalized views (homoglyphs, invisible
 * chars, entities, spaced letters, leetspeak, ... undone; see {@link NormalizedView}); findings carry raw
 * spans, and one found several ways with the same erasure and span is reported once.
 */
public final class ErasureStage implements GuardStage {

    public static final String NAME = "lexical";
    /** Detector name of verbatim-passage findings. */
    public static final String PASSAGE = "passage";
    /** Consecutive words of a passage that make a reproduction. */
    static final int PASSAGE_WORDS = 12;

    /** What the stage needs to know of an erasure beyond its matchers. */
    record Entry(String id, Action action, Erasure.Scope scope, Instant requestedAt, boolean retireOnRetrain) {

        static Entry of(Erasure e) {
            return new Entry(e.id(), e.actionOrNull(), e.scope(), e.effectiveRequestedAt(), e.retireOnRetrain());
        }
    }

    /** Counts findings per erasure and model (for the retrain-debt report). */
    interface LeakCounter {
        void leaked(String erasureId, String model);
    }

    final CompiledErasures base;
    final Entry[] baseEntries;
    final BitSet retiredBase;
    final CompiledErasures delta;
    final Entry[] deltaEntries;
    final PassageIndex basePassages;
    final PassageIndex deltaPassages;
    private final Map<String, Instant> modelSnapshots;
    private final LeakCounter counter;
    private TopicTable topics = TopicTable.EMPTY;

    ErasureStage(CompiledErasures base, Entry[] baseEntries, BitSet retiredBase, CompiledErasures delta,
                 Entry[] deltaEntries, Map<String, Instant> modelSnapshots, LeakCounter counter) {
        this(base, null, baseEntries, retiredBase, delta, null, deltaEntries, modelSnapshots, counter);
    }

    ErasureStage(CompiledErasures base, PassageIndex basePassages, Entry[] baseEntries, BitSet retiredBase,
                 CompiledErasures delta, PassageIndex deltaPassages, Entry[] deltaEntries,
                 Map<String, Instant> modelSnapshots, LeakCounter counter) {
        this.basePassages = basePassages == null ? PassageIndex.empty(PASSAGE_WORDS) : basePassages;
        this.deltaPassages = deltaPassages == null ? PassageIndex.empty(PASSAGE_WORDS) : deltaPassages;
        this.base = base;
        this.baseEntries = baseEntries;
        this.retiredBase = retiredBase;
        this.delta = delta;
        this.deltaEntries = deltaEntries;
        this.modelSnapshots = modelSnapshots;
        this.counter = counter;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The same matchers with these topic embeddings (set once, before the stage is published). */
    ErasureStage withTopics(java.util.Collection<TopicTable.Topics> t) {
        ErasureStage s = new ErasureStage(base, basePassages, baseEntries, retiredBase, delta, deltaPassages,
                deltaEntries, modelSnapshots, counter);
        s.topics = TopicTable.of(t, s::applies);
        return s;
    }

    /** Knowledge topics of the active erasures, for the classifier stage. */
    public io.lethe.classifier.TopicMatcher topics() {
        return topics;
    }

    /** Active erasures compiled in. */
    public int size() {
        return base.size() - retiredBase.cardinality() + delta.size();
    }

    public long approximateBytes() {
        return base.approximateBytes() + delta.approximateBytes() + basePassages.approximateBytes()
                + deltaPassages.approximateBytes();
    }

    /**
     * Whether an erasure applies to a response: in scope, and not opted out for a model whose training data
     * was taken after the erasure was requested (that model was retrained without the data).
     */
    boolean applies(Entry e, ScanContext ctx) {
        String model = ctx == null ? null : ctx.model();
        String tenant = ctx == null ? null : ctx.tenant();
        if (!e.scope().covers(model, tenant)) {
            return false;
        }
        if (e.retireOnRetrain() && model != null && e.requestedAt() != null) {
            Instant snapshot = modelSnapshots.get(model);
            return snapshot == null || !snapshot.isAfter(e.requestedAt());
        }
        return true;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        CompiledErasures.Cursor baseCursor = base.size() == 0 ? null : base.cursor();
        CompiledErasures.Cursor deltaCursor = delta.size() == 0 ? null : delta.cursor();
        boolean views = baseCursor != null || deltaCursor != null;
        NormalizedView[] viewOf = new NormalizedView[1];  // shared with other stages, taken at the first scan
        ViewCursor baseViews = baseCursor == null ? null : new ViewCursor(base, NormalizedView.TOKEN_VIEWS);
        ViewCursor deltaViews = deltaCursor == null ? null : new ViewCursor(delta, NormalizedView.TOKEN_VIEWS);
        PassageIndex.Cursor basePassageCursor = basePassages.size() == 0 ? null : basePassages.cursor();
        PassageIndex.Cursor deltaPassageCursor = deltaPassages.size() == 0 ? null : deltaPassages.cursor();
        List<PassageIndex.Hit> passageHits = new ArrayList<>(2);
        List<CompiledErasures.Hit> hits = new ArrayList<>(4);
        Set<Finding> seen = new HashSet<>();
        NestedFindings nested = new NestedFindings();
        return window -> {
            CharSequence text = window.text();
            int len = text.length();
            boolean complete = window.complete();
            hits.clear();
            int hold = len;
            List<Finding> found = null;
            NormalizedView view = null;
            if (views) {
                if (viewOf[0] == null) {
                    viewOf[0] = SharedViews.of(text);
                }
                view = viewOf[0];
                view.advance(text, len, complete);
            }
            if (baseCursor != null) {
                hold = Math.min(hold, baseCursor.feed(text, len, complete, hits));
                hold = Math.min(hold, baseViews.feed(text, view.tokenViews(), complete, hits));
                found = collect(hits, baseEntries, retiredBase, context, channel, seen, found);
                hits.clear();
            }
            if (deltaCursor != null) {
                hold = Math.min(hold, deltaCursor.feed(text, len, complete, hits));
                hold = Math.min(hold, deltaViews.feed(text, view.tokenViews(), complete, hits));
                found = collect(hits, deltaEntries, null, context, channel, seen, found);
            }
            if (basePassageCursor != null) {
                passageHits.clear();
                hold = Math.min(hold, basePassageCursor.feed(text, len, complete, passageHits));
                found = collectPassages(passageHits, baseEntries, retiredBase, context, channel, seen, found);
            }
            if (deltaPassageCursor != null) {
                passageHits.clear();
                hold = Math.min(hold, deltaPassageCursor.feed(text, len, complete, passageHits));
                found = collectPassages(passageHits, deltaEntries, null, context, channel, seen, found);
            }
            List<Finding> out = nested.settle(found, hold, complete);
            for (Finding f : out) {
                counter.leaked(f.erasureId(), context == null ? null : context.model());
            }
            int held = nested.holdFrom(hold);
            return out.isEmpty() ? ScanResult.clear(held) : new ScanResult(out, held);
        };
    }

    private List<Finding> collectPassages(List<PassageIndex.Hit> hits, Entry[] entries, BitSet retired, ScanContext ctx,
                                          Channel channel, Set<Finding> seen, List<Finding> out) {
        for (PassageIndex.Hit h : hits) {
            out = add(h.ordinal(), PASSAGE, PASSAGE, h.start(), h.end(), entries, retired, ctx, channel, seen, out);
        }
        return out;
    }

    private List<Finding> collect(List<CompiledErasures.Hit> hits, Entry[] entries, BitSet retired, ScanContext ctx,
                                  Channel channel, Set<Finding> seen, List<Finding> out) {
        for (CompiledErasures.Hit h : hits) {
            out = add(h.ordinal(), NAME, h.kind().wireName(), h.start(), h.end(), entries, retired, ctx, channel, seen, out);
        }
        return out;
    }

    /** A hit of erasure {@code ordinal} as a finding, unless retired, out of scope or already found. */
    private List<Finding> add(int ordinal, String detector, String rule, int start, int end, Entry[] entries,
                              BitSet retired, ScanContext ctx, Channel channel, Set<Finding> seen, List<Finding> out) {
        if (retired != null && retired.get(ordinal)) {
            return out;
        }
        Entry e = entries[ordinal];
        if (!applies(e, ctx)) {
            return out;
        }
        Finding f = new Finding(e.id(), detector, rule, channel, start, end, 1.0, e.action());
        if (seen.add(f)) {
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(f);
        }
        return out;
    }
}
