package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.FollowUpCursor;
import io.lethe.erasure.index.FollowUpTerms;
import io.lethe.erasure.index.FollowUps;
import io.lethe.erasure.index.NameVariants;
import io.lethe.erasure.index.Nicknames;
import io.lethe.erasure.index.PassageIndex;
import io.lethe.erasure.index.PhoneKeys;
import io.lethe.erasure.index.ViewCursor;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.NestedFindings;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanScope;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.text.FormStarts;
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
 * The registry's guard stage: an immutable snapshot of compiled erasures in two {@link Segment}s (a large
 * base compiled at start or after bulk imports, a small delta of recent creates), each with live bits for
 * the erasures retired since it was compiled. A new snapshot replaces it on every change; sessions keep the
 * one they opened.
 *
 * <p>Each channel's raw text is scanned as it is and through its normalized views (homoglyphs, invisible
 * chars, entities, spaced letters, leetspeak, ... undone; see {@link NormalizedView}); findings carry raw
 * spans, and one found several ways with the same erasure and span is reported once. Passages are matched in
 * the raw text and the first view; overlapping hits of one erasure are one finding ({@link PassageSpans}).
 */
final class ErasureStage implements GuardStage {

    public static final String NAME = "lexical";
    /** Detector name of verbatim-passage findings. */
    public static final String PASSAGE = "passage";
    /**
     * Words a passage must have to be registered: the distinctive coverage that makes a finding
     * ({@link PassageIndex#MIN_COVERAGE}).
     */
    static final int PASSAGE_WORDS = PassageIndex.MIN_COVERAGE;

    /**
     * What the stage needs to know of an erasure beyond its matchers: its follow-up terms, and the prefixes of
     * their first words ({@link FollowUpTerms#firstWordPrefixes}; null: not known, every word being written is
     * held once the person is named).
     */
    record Entry(String id, Action action, Erasure.Scope scope, Instant requestedAt, boolean retireOnRetrain,
                 long[][] followUps, long[] followUpPrefixes) {

        Entry(String id, Action action, Erasure.Scope scope, Instant requestedAt, boolean retireOnRetrain) {
            this(id, action, scope, requestedAt, retireOnRetrain, NO_FOLLOW_UPS);
        }

        Entry(String id, Action action, Erasure.Scope scope, Instant requestedAt, boolean retireOnRetrain,
              long[][] followUps) {
            this(id, action, scope, requestedAt, retireOnRetrain, followUps, null);
        }

        static Entry of(Erasure e) {
            List<String> names = e.subject() == null ? List.of() : e.subject().names();
            if (e.subject() != null && !e.subject().aliases().isEmpty()) {
                // an alias's surname is the person's too ("Takatsukasa" for 鷹司 璃桜, alias Rio Takatsukasa)
                names = new java.util.ArrayList<>(names);
                names.addAll(e.subject().aliases());
            }
            List<String> local = new java.util.ArrayList<>();
            if (e.subject() != null && e.subject().phones() != null && !names.isEmpty()) {
                for (Erasure.Phone p : e.subject().phones()) {
                    String n = PhoneKeys.localNumber(p.number(),
                            PhoneKeys.region(p.country() != null ? p.country() : e.subject().country()));
                    if (n != null) {
                        local.add(n);
                    }
                }
            }
            FollowUpTerms.Compiled f = FollowUpTerms.compile(names, local, Nicknames.shipped(), e.subject() == null
                    ? null : CompiledErasures.Spec.namesCountry(e.subject().country(), e.subject().phones() == null
                    ? List.of() : e.subject().phones().stream().map(Erasure.Phone::number).toList()));
            return new Entry(e.id(), e.actionOrNull(), e.scope(), e.effectiveRequestedAt(), e.retireOnRetrain(),
                    f.terms(), f.firstWordPrefixes());
        }

        // identity: the follow-up arrays are derived data
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    static final long[][] NO_FOLLOW_UPS = new long[0][];

    /** A follow-up term found at raw {@code [start, end)}, judged once the text after it has arrived. */
    private record FollowHit(Entry entry, int start, int end) {
    }
    /** Rule of findings that are follow-up mentions of a person the response named. */
    public static final String FOLLOW_UP = "follow_up";

    /** The base segment (compiled at start, from the snapshot or after bulk imports). */
    final Segment base;
    /** The delta segment: creates since the base, recompiled on each (small by {@code lethe.erasures.delta-max}). */
    final Segment delta;
    private final Map<String, Instant> modelSnapshots;
    private TopicTable topics = TopicTable.EMPTY;

    /** A base without passages, {@code retiredBase} set for its retired ordinals, and a delta (tests). */
    ErasureStage(CompiledErasures base, Entry[] baseEntries, BitSet retiredBase, CompiledErasures delta,
                 Entry[] deltaEntries, Map<String, Instant> modelSnapshots) {
        this(base, null, baseEntries, retiredBase, delta, null, deltaEntries, modelSnapshots);
    }

    /** A base with {@code retiredBase} set for its retired ordinals, and a delta whose entries are all live. */
    ErasureStage(CompiledErasures base, PassageIndex basePassages, Entry[] baseEntries, BitSet retiredBase,
                 CompiledErasures delta, PassageIndex deltaPassages, Entry[] deltaEntries,
                 Map<String, Instant> modelSnapshots) {
        this(Segment.of(base, basePassages, baseEntries, retiredBase), Segment.of(delta, deltaPassages, deltaEntries),
                modelSnapshots);
    }

    ErasureStage(Segment base, Segment delta, Map<String, Instant> modelSnapshots) {
        this.base = base;
        this.delta = delta;
        this.modelSnapshots = modelSnapshots;
    }

    /** The same stage over other segments (a retirement, a new delta); topics are set again by the registry. */
    ErasureStage with(Segment base, Segment delta) {
        return new ErasureStage(base, delta, modelSnapshots);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The same matchers with these topic embeddings (set once, before the stage is published). */
    ErasureStage withTopics(java.util.Collection<TopicTable.Topics> t) {
        ErasureStage s = new ErasureStage(base, delta, modelSnapshots);
        s.topics = TopicTable.of(t, s::applies);
        return s;
    }

    /** Knowledge topics of the active erasures, for the classifier stage. */
    public io.lethe.topic.TopicMatcher topics() {
        return topics;
    }

    /** Active erasures compiled in. */
    public int size() {
        return base.liveCount() + delta.liveCount();
    }

    /** Approximate heap bytes of both segments' compiled tables. */
    public long approximateBytes() {
        return base.approximateBytes() + delta.approximateBytes();
    }

    /** The segments, base first. */
    List<Segment> segments() {
        return List.of(base, delta);
    }

    /**
     * Whether an erasure applies to a response: in scope, and not opted out for a model whose training data
     * was taken after the erasure was requested (that model was retrained without the data).
     */
    boolean applies(Entry e, ScanContext ctx) {
        return applies(e.scope(), e.retireOnRetrain(), e.requestedAt(), modelSnapshots, ctx);
    }

    /**
     * Whether an erasure applies to the model for some tenant (the retrain-debt report, like the audit's probes):
     * a tenant-scoped erasure is still in that model's weights, whichever tenants it is enforced for.
     */
    boolean appliesToModel(Entry e, String model) {
        Erasure.Scope anyTenant = e.scope() == null ? null : new Erasure.Scope(e.scope().models(), null);
        return applies(anyTenant, e.retireOnRetrain(), e.requestedAt(), modelSnapshots,
                new ScanContext(null, model, null, null));
    }

    /**
     * {@link #applies(Entry, ScanContext)} for an erasure's parts: its scope (null: everywhere), whether it retires
     * on retrain and when it was requested, against the models' training snapshots.
     */
    static boolean applies(Erasure.Scope scope, boolean retireOnRetrain, Instant requestedAt,
                           Map<String, Instant> modelSnapshots, ScanContext ctx) {
        if (ctx != null && ctx.everyScope()) {
            return true;
        }
        String model = ctx == null ? null : ctx.model();
        String tenant = ctx == null ? null : ctx.tenant();
        // a record without a scope (one read from the log that another version wrote) applies everywhere
        if (scope != null && !scope.covers(model, tenant)) {
            return false;
        }
        if (retireOnRetrain && model != null && requestedAt != null) {
            Instant snapshot = modelSnapshots.get(model);
            return snapshot == null || !snapshot.isAfter(requestedAt);
        }
        return true;
    }

    /** What a passage word can begin with in the normalized view: a letter or digit of any script. */
    private static final FormStarts PASSAGE_STARTS = new FormStarts.Builder().addLetters()
            .add('0').add('1').add('2').add('3').add('4').add('5').add('6').add('7').add('8').add('9').build();

    /** What a follow-up term (a surname, a distinctive given name) can begin with in the normalized view. */
    private static final FormStarts FOLLOW_UP_STARTS = new FormStarts.Builder().addLetters().build();

    @Override
    public boolean fresh(ScanScope scope) {
        @SuppressWarnings("unchecked")
        FollowUps<Entry> people = scope.shared(FollowUps.class, FollowUps::new);
        return people.active().isEmpty();
    }

    @Override
    public boolean findsNothing() {
        return size() == 0;
    }

    /** The stage learns from prompts which people they name (their follow-up mentions count from the start). */
    @Override
    public boolean primes() {
        return true;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return open(ScanScope.of(context), channel);
    }

    /**
     * Opens a channel's scanner. The channels of one response share the people it has named
     * ({@link FollowUps}): a name or alias found in any channel (or in the prompt) makes the person's follow-up
     * terms ({@link FollowUpTerms}) findings of rule {@value #FOLLOW_UP} from then on: in the channel that named
     * them, after the end of that name; in every other, in the text it receives afterwards. Positions, not
     * chunks, decide within a channel, so a stream of one channel is cut as the whole answer is.
     */
    @Override
    public StageScanner open(ScanScope scope, Channel channel) {
        ScanContext context = scope.context();
        @SuppressWarnings("unchecked")
        FollowUps<Entry> people = scope.shared(FollowUps.class, FollowUps::new);
        java.util.Map<Object, NormalizedView> sharedViews = scope.shared(ScanScope.VIEWS, SharedViews::newTable);
        FollowUpCursor<Entry> rawFollow = new FollowUpCursor<>();
        FollowUpCursor<Entry> viewFollow = new FollowUpCursor<>();
        List<FollowUpCursor.Hit<Entry>> followHits = new ArrayList<>(2);
        List<FollowHit> followPending = new ArrayList<>(2);
        List<FollowHit> beside = new ArrayList<>(2);
        // per person: from which raw offset of this channel their follow-ups count (the end of the name that
        // named them here, else the first text this channel received after they were named elsewhere)
        java.util.Map<Entry, Integer> countsFrom = new java.util.HashMap<>(2);
        Segment[] segs = {base, delta};
        CompiledErasures.Cursor[] cursors = new CompiledErasures.Cursor[segs.length];
        ViewCursor[] viewCursors = new ViewCursor[segs.length];
        PassageIndex.Cursor[] passageCursors = new PassageIndex.Cursor[segs.length];
        // the same passages read in the first normalized view: "The&nbsp;lantern%20keeper" is words there
        PassageIndex.Cursor[] passageViewCursors = new PassageIndex.Cursor[segs.length];
        boolean anySegment = false;
        boolean anyPassages = false;
        for (int i = 0; i < segs.length; i++) {
            CompiledErasures m = segs[i].matchers();
            if (m.size() > 0) {
                cursors[i] = m.cursor();
                viewCursors[i] = new ViewCursor(m, NormalizedView.TOKEN_VIEWS);
                anySegment = true;
            }
            if (segs[i].passages().size() > 0) {
                // each segment's cursor counts the other's passages in its shingle statistics
                passageCursors[i] = segs[i].passages().cursor(segs[1 - i].passages());
                passageViewCursors[i] = segs[i].passages().cursor(segs[1 - i].passages());
                anyPassages = true;
            }
        }
        boolean names = anySegment;
        boolean passages = anyPassages;
        boolean views = anySegment || anyPassages;
        PassageSpans passageSpans = new PassageSpans();
        NormalizedView[] viewOf = new NormalizedView[1];  // shared with other stages, taken at the first scan
        List<PassageIndex.Hit> passageHits = new ArrayList<>(2);
        List<CompiledErasures.Hit> hits = new ArrayList<>(4);
        // per segment: name hits whose judgement reads text after them that has not arrived yet
        @SuppressWarnings("unchecked")
        List<CompiledErasures.Hit>[] pending = new List[segs.length];
        for (int i = 0; i < segs.length; i++) {
            pending[i] = new ArrayList<>(1);
        }
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
            // people named before this call (elsewhere, or in the prompt): their follow-ups count from the text
            // this channel receives now on
            for (Entry named : people.active()) {
                countsFrom.putIfAbsent(named, window.newFrom());
            }
            if (views) {
                if (viewOf[0] == null) {
                    viewOf[0] = SharedViews.of(sharedViews, text);
                }
                view = viewOf[0];
                view.advance(text, len, complete);
            }
            for (int i = 0; i < segs.length; i++) {
                if (cursors[i] != null) {
                    hits.clear();
                    hold = Math.min(hold, cursors[i].feed(text, len, complete, hits));
                    hold = Math.min(hold, viewCursors[i].feed(text, view.tokenViews(), complete, hits));
                    hits.addAll(pending[i]);
                    pending[i].clear();
                    if (!complete) {
                        hold = Math.min(hold, defer(hits, text, len, pending[i]));
                    }
                    dropStacked(hits, text);
                    found = collect(hits, text, segs[i], context, channel, seen, found);
                    activate(hits, segs[i], context, people, countsFrom);
                }
            }
            if (names) {
                followHits.clear();
                hold = Math.min(hold, rawFollow.feed(people, text, len, complete, followHits));
                for (FollowUpCursor.Hit<Entry> h : followHits) {
                    followPending.add(new FollowHit(h.key(), h.start(), h.end()));
                }
                followHits.clear();
                io.lethe.text.MappedText mv = view.views().get(0);
                int h = viewFollow.feed(people, mv.text(), mv.length(), complete, followHits);
                if (!complete) {
                    // a follow-up term begins with a letter, and only once someone is named
                    hold = Math.min(hold, mv.matcherHold(h, text, len,
                            people.active().isEmpty() ? FormStarts.NONE : FOLLOW_UP_STARTS));
                }
                for (FollowUpCursor.Hit<Entry> f : followHits) {
                    followPending.add(new FollowHit(f.key(), mv.coverStart(f.start(), text), mv.coverEnd(f.end(), text)));
                }
                // judged once the text after them is there: "Priya| Sharma" is another person
                for (java.util.Iterator<FollowHit> it = followPending.iterator(); it.hasNext(); ) {
                    FollowHit f = it.next();
                    // one in lower case counts only as a user name: judged once an "@" may follow it
                    int judged = nameLike(text, f.start()) ? f.end() + NameVariants.LOOKAHEAD
                            : Math.max(f.end() + NameVariants.LOOKAHEAD, NameVariants.userNameJudgedUpTo(text, f.end()));
                    // a term a hyphen joins to more of its word ("Thorvaldsen-Krügers", the double surname's
                    // genitive) takes the whole word, once its end is there
                    int wordEnd = hyphenatedEnd(text, f.end(), len);
                    if (!complete && (judged > len || wordEnd < 0)) {
                        hold = Math.min(hold, f.start());
                        continue;
                    }
                    it.remove();
                    if (f.start() >= countsFrom.getOrDefault(f.entry(), Integer.MAX_VALUE) && (nameLike(text, f.start())
                            || NameVariants.userNameAt(text, f.start(), f.end()))) {
                        if (!NameVariants.partOfAnotherName(text, f.start(), f.end())
                                || (people.genitiveOfTerm(f.entry(), text, f.start(), f.end())
                                && !NameVariants.afterGivenNameOrInitial(text, f.start()))) {
                            found = followUp(f.entry(), f.start(), wordEnd < 0 ? len : wordEnd, channel, seen, found);
                        } else {
                            beside.add(new FollowHit(f.entry(), f.start(), wordEnd < 0 ? len : wordEnd));
                        }
                    }
                }
                // a term beside another capitalized word counts when that word is the person's own mention: judged
                // in any order once the neighbours' findings are known ("Timofei Zhukovitskiy", both follow-ups),
                // and in a stream held while the word after it is still open or its term still unjudged
                boolean more = !beside.isEmpty();
                while (more) {
                    more = false;
                    for (java.util.Iterator<FollowHit> it = beside.iterator(); it.hasNext(); ) {
                        FollowHit f = it.next();
                        if (besideOwnMention(f.entry(), text, f.start(), f.end(), seen)) {
                            it.remove();
                            found = followUp(f.entry(), f.start(), f.end(), channel, seen, found);
                            more = true;
                        }
                    }
                }
                for (FollowHit f : beside) {
                    if (!complete && neighbourOpen(text, f.end(), len, followPending)) {
                        followPending.add(f);
                        hold = Math.min(hold, f.start());
                    }
                }
                beside.clear();
            }
            if (passages) {
                // raw and view hits of one erasure that overlap are one reproduction (PassageSpans): each is
                // decided once no passage cursor can still report a hit overlapping it
                int passageHold = len;
                io.lethe.text.MappedText pv = view.views().get(0);
                for (int i = 0; i < segs.length; i++) {
                    if (passageCursors[i] != null) {
                        passageHits.clear();
                        passageHold = Math.min(passageHold, passageCursors[i].feed(text, len, complete, passageHits));
                        int raw = passageHits.size();
                        int vh = passageViewCursors[i].feed(pv.text(), pv.length(), complete, passageHits);
                        if (!complete) {
                            passageHold = Math.min(passageHold, pv.matcherHold(vh, text, len, PASSAGE_STARTS));
                        }
                        for (int k = 0; k < passageHits.size(); k++) {
                            PassageIndex.Hit h = passageHits.get(k);
                            // a view hit covers the decoded words and the markup around them, as a name's does
                            int start = k < raw ? h.start() : pv.coverStart(h.start(), text);
                            int end = k < raw ? h.end() : pv.coverEnd(h.end(), text);
                            pendPassage(h.ordinal(), start, end, segs[i], context, channel, passageSpans);
                        }
                    }
                }
                List<Finding> decided = passageSpans.settle(passageHold, complete, null);
                if (decided != null) {
                    for (Finding f : decided) {
                        if (seen.add(f)) {
                            if (found == null) {
                                found = new ArrayList<>(2);
                            }
                            found.add(f);
                        }
                    }
                }
                hold = Math.min(hold, passageSpans.holdFrom(passageHold));
            }
            List<Finding> out = nested.settle(found, hold, complete);
            int held = nested.holdFrom(hold);
            return out.isEmpty() ? ScanResult.clear(held) : new ScanResult(out, held);
        };
    }

    /**
     * Ids of the active (not retired) erasures whose passages a whole text reproduces, by the same rule and
     * statistics as the stage's passage findings, whatever their scope; at most {@code limit}, in the order
     * their first finding starts. For {@code POST /admin/v1/passages:match}.
     */
    public List<String> passageMatches(CharSequence text, int limit) {
        // as the stage does: the raw text and its first normalized view, view hits mapped back to raw offsets
        NormalizedView nv = new NormalizedView();
        nv.advance(text, text.length(), true);
        List<PassageIndex.Hit> hits = new ArrayList<>(base.passages().findAll(text, delta.passages()));
        viewHits(base.passages().findAll(nv.text(), delta.passages()), nv, text, hits);
        int fromDelta = hits.size();
        hits.addAll(delta.passages().findAll(text, base.passages()));
        viewHits(delta.passages().findAll(nv.text(), base.passages()), nv, text, hits);
        Integer[] order = new Integer[hits.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer i) -> hits.get(i).start()));
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        for (int i : order) {
            PassageIndex.Hit h = hits.get(i);
            Segment seg = i < fromDelta ? base : delta;
            if (!seg.isLive(h.ordinal())) {
                continue;
            }
            ids.add(seg.entries()[h.ordinal()].id());
            if (ids.size() == limit) {
                break;
            }
        }
        return List.copyOf(ids);
    }

    /** Passage hits in a view, moved to the raw spans they cover and added to {@code out}. */
    private static void viewHits(List<PassageIndex.Hit> inView, io.lethe.text.MappedText view, CharSequence raw,
                                 List<PassageIndex.Hit> out) {
        for (PassageIndex.Hit h : inView) {
            out.add(new PassageIndex.Hit(h.ordinal(), view.coverStart(h.start(), raw), view.coverEnd(h.end(), raw)));
        }
    }

    /** A passage hit over raw {@code [start, end)} (UTF-16) kept undecided, unless not live or out of scope. */
    private void pendPassage(int ordinal, int start, int end, Segment seg, ScanContext ctx, Channel channel,
                             PassageSpans spans) {
        if (!seg.isLive(ordinal)) {
            return;
        }
        Entry e = seg.entries()[ordinal];
        if (applies(e, ctx)) {
            spans.add(new Finding(e.id(), PASSAGE, PASSAGE, channel, start, end, 1.0, e.action()));
        }
    }

    /**
     * Moves to {@code pending} the name hits whose departures read text after their end that has not arrived
     * ({@link NameVariants#judgedUpTo}: "G. David| Thompson" is someone else's name only once "Thompson" is
     * there; "M. Costa" is Monsieur Costa in French prose), so a stream is judged as the whole text is.
     *
     * @return the smallest start of a deferred hit, or {@code len}
     */
    private static int defer(List<CompiledErasures.Hit> hits, CharSequence text, int len,
                             List<CompiledErasures.Hit> pending) {
        int hold = len;
        for (java.util.Iterator<CompiledErasures.Hit> it = hits.iterator(); it.hasNext(); ) {
            CompiledErasures.Hit h = it.next();
            if (NameVariants.deferredUpTo(text, h.start(), h.end(), h.form()) > len) {
                pending.add(h);
                hold = Math.min(hold, h.start());
                it.remove();
            }
        }
        return hold;
    }

    /** Name hits with two departures or more (an initial and a typo, say) are not findings alone. */
    private static void dropStacked(List<CompiledErasures.Hit> hits, CharSequence text) {
        hits.removeIf(h -> (h.kind() == CompiledErasures.Kind.NAME || h.kind() == CompiledErasures.Kind.ALIAS)
                && !NameVariants.standsAlone(text, h.start(), h.end(), h.form(), h.typo()));
    }

    /**
     * People identified by any finding — a name, an alias, or their e-mail, phone or identifier alone ("Who is
     * 415 555 0142?") — are remembered for the response.
     */
    private void activate(List<CompiledErasures.Hit> hits, Segment seg, ScanContext ctx,
                          FollowUps<Entry> people, java.util.Map<Entry, Integer> countsFrom) {
        for (CompiledErasures.Hit h : hits) {
            if (seg.isLive(h.ordinal())) {
                Entry e = seg.entries()[h.ordinal()];
                if (e.followUps().length > 0 && applies(e, ctx)) {
                    people.activate(e, e.followUps(), e.followUpPrefixes());
                    countsFrom.merge(e, h.end(), Math::min); // in this channel: from the end of its first mention
                }
            }
        }
    }

    /**
     * A follow-up term alone counts where it is written as a name: not starting with a lower-case letter
     * ("Baker" after "Ada Baker", not "the baker"; "4shdale" and scripts without case count).
     */
    static boolean nameLike(CharSequence text, int start) {
        if (start >= text.length() || !Character.isLowerCase(Character.codePointAt(text, start))) {
            return true;
        }
        // a surname particle in lower case: the word after it decides ("da Paz", not "da pasta")
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        if (end == start || end >= text.length() || text.charAt(end) != ' '
                || !NameVariants.isParticle(io.lethe.text.Folding.fold(text.subSequence(start, end)))) {
            return false;
        }
        return end + 1 < text.length() && !Character.isLowerCase(Character.codePointAt(text, end + 1));
    }

    /** Most chars between a follow-up term and a mention of the same person it stands beside (whitespace only). */
    private static final int BESIDE_GAP = 2;

    /**
     * Whether a follow-up term stands right beside a finding of the same person in this channel ("Corwin Ashdale
     * Ashdale", "Ashdale Ashdale" after it): the capitalized word next to it is that person's own, not another
     * person's name (helper-67: the namesake rule left the repeated surname). Asked only of a term that rule
     * rejects: it walks the channel's findings.
     */
    private static boolean besideOwnMention(Entry e, CharSequence text, int start, int end, Set<Finding> seen) {
        for (Finding f : seen) {
            if (!e.id().equals(f.erasureId())) {
                continue;
            }
            int gapBefore = start - f.end();
            int gapAfter = f.start() - end;
            if ((gapBefore >= 1 && gapBefore <= BESIDE_GAP && blank(text, f.end(), start))
                    || (gapAfter >= 1 && gapAfter <= BESIDE_GAP && blank(text, end, f.start()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the word after a follow-up term ending at {@code end} may still become the person's own mention in
     * a stream of {@code len} chars: it runs to the end of the text or less than {@link NameVariants#LOOKAHEAD}
     * chars follow it, or a follow-up term within {@value #BESIDE_GAP} chars after {@code end} is still unjudged.
     */
    private static boolean neighbourOpen(CharSequence text, int end, int len, List<FollowHit> unjudged) {
        for (FollowHit u : unjudged) {
            if (u.start() > end && u.start() - end <= BESIDE_GAP) {
                return true;
            }
        }
        int i = end;
        while (i < len && i - end < BESIDE_GAP && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < len && Character.isLetterOrDigit(text.charAt(i)) && i - end <= MAX_HYPHENATED) {
            i++;
        }
        // a word longer than any name's is no mention: the hold stays bounded
        return i - end <= MAX_HYPHENATED && i + NameVariants.LOOKAHEAD > len;
    }

    private static boolean blank(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Most chars a follow-up term's word runs on past it after a hyphen ({@link #hyphenatedEnd}). */
    static final int MAX_HYPHENATED = 48;

    /**
     * The end of the word that hyphens join to a follow-up term ending at {@code end} ("Thorvaldsen|-Krügers"):
     * past each hyphen a letter or digit follows at once; {@code end} where none does; -1 where the word runs to
     * {@code length}, as a stream's word still being written may. A word running on past
     * {@value #MAX_HYPHENATED} chars is no name's: the term alone, so a stream holds no more than that.
     */
    static int hyphenatedEnd(CharSequence text, int end, int length) {
        int e = end;
        while (e < length && (text.charAt(e) == '-' || text.charAt(e) == '\u2010' || text.charAt(e) == '\u2011')) {
            if (e - end > MAX_HYPHENATED) {
                return end;
            }
            if (e + 1 >= length) {
                return -1;
            }
            if (!Character.isLetterOrDigit(text.charAt(e + 1))) {
                return e;
            }
            e++;
            while (e < length && Character.isLetterOrDigit(text.charAt(e)) && e - end <= MAX_HYPHENATED) {
                e++;
            }
            if (e - end > MAX_HYPHENATED) {
                return end;
            }
            if (e >= length) {
                return -1;
            }
        }
        return e;
    }

    private static List<Finding> followUp(Entry e, int start, int end, Channel channel, Set<Finding> seen,
                                          List<Finding> out) {
        Finding f = new Finding(e.id(), NAME, FOLLOW_UP, channel, start, end, 1.0, e.action());
        if (seen.add(f)) {
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(f);
        }
        return out;
    }

    private List<Finding> collect(List<CompiledErasures.Hit> hits, CharSequence text, Segment seg, ScanContext ctx,
                                  Channel channel, Set<Finding> seen, List<Finding> out) {
        for (CompiledErasures.Hit h : hits) {
            if (h.kind() == CompiledErasures.Kind.NAME && acrossTableRows(text, h.start(), h.end())) {
                continue;  // "| Jane | Corwin |\n| Ashdale |": two rows' cells (the views read the line break as a space)
            }
            // a name written as a record's fields: each value a finding, the keys between them kept
            int[] values = h.kind() == CompiledErasures.Kind.NAME || h.kind() == CompiledErasures.Kind.ALIAS
                    ? NameVariants.recordValues(text, h.start(), h.end()) : null;
            if (values != null && values.length >= 4) {
                for (int v = 0; v < values.length; v += 2) {
                    out = add(h.ordinal(), NAME, h.kind().wireName(), values[v], values[v + 1], seg, ctx, channel,
                            seen, out);
                }
                continue;
            }
            out = add(h.ordinal(), NAME, h.kind().wireName(), h.start(), h.end(), seg, ctx, channel, seen, out);
        }
        return out;
    }

    /** Whether {@code text[start, end)} holds a line break and a table's cell bar: the end of one row, the next's start. */
    private static boolean acrossTableRows(CharSequence text, int start, int end) {
        boolean lineBreak = false;
        boolean pipe = false;
        for (int i = start; i < Math.min(end, text.length()); i++) {
            char c = text.charAt(i);
            lineBreak |= c == '\n';
            pipe |= c == '|';
        }
        return lineBreak && pipe;
    }

    /** A hit of erasure {@code ordinal} of a segment as a finding, unless not live, out of scope or already found. */
    private List<Finding> add(int ordinal, String detector, String rule, int start, int end, Segment seg,
                              ScanContext ctx, Channel channel, Set<Finding> seen, List<Finding> out) {
        if (!seg.isLive(ordinal)) {
            return out;
        }
        Entry e = seg.entries()[ordinal];
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
