package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.ErasureStore;
import io.lethe.erasure.index.Nicknames;
import io.lethe.erasure.index.PassageIndex;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The erasure registry: durable records, their lifecycle and the guard stage compiled from them.
 *
 * <p>All writes run in order on one writer thread: validate, commit to Lucene, compile, swap the stage,
 * then complete the caller's future. So once a call has answered, its erasure is on disk and in the
 * stage every new response opens. Recent creates go into a small delta compiled in milliseconds; the
 * large base is recompiled at start, after a bulk import, and when the delta outgrows its bound.
 */
public final class ErasureRegistry implements Closeable {

    private static final Logger LOG = Logger.getLogger(ErasureRegistry.class);
    static final int MAX_REJECTED_REPORTED = 10_000;
    static final int MAX_WARNINGS_REPORTED = 10_000;

    /**
     * Outcome of a create: 201 for a new record, 200 for an idempotent repeat, with the warnings about
     * values accepted as they are (see {@link ErasureParser.Warning}).
     */
    public record Created(Erasure erasure, boolean isNew, List<ErasureParser.Warning> warnings) {
    }

    public record Page(List<Erasure> data, String nextCursor) {
    }

    /** A rejected bulk line: its 1-based number, the field when known, and why. */
    public record Rejected(long line, String param, String error) {
    }

    /** A warning about an accepted bulk line: its 1-based number, the field, and what (never the value). */
    public record Warned(long line, String field, String warning) {
    }

    /**
     * What a bulk call did: lines accepted, lines rejected (the first {@value #MAX_REJECTED_REPORTED} listed)
     * and warnings about accepted lines (the first {@value #MAX_WARNINGS_REPORTED} listed), with totals.
     */
    public record BulkResult(long accepted, List<Rejected> rejected, long rejectedTotal, List<Warned> warnings,
                             long warningsTotal) {
    }

    /** An erasure the gateway alone enforces for a model, with the leaks it stopped there. */
    public record Debt(String id, Instant requestedAt, long leaksStopped) {
    }

    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(String id) {
            super("no erasure with id '" + id + "'");
        }
    }

    public static final class ConflictException extends RuntimeException {
        public ConflictException(String id) {
            super("erasure '" + id + "' exists with a different body; an id is bound to one request body");
        }
    }

    private final Path dataDir;
    private final CompiledErasures.Fuzzy fuzzy;
    private final ErasureParser parser;
    private final String phoneRegion;
    private final Map<String, Instant> modelSnapshots;
    private final int deltaMax;
    private final Consumer<ErasureStage> onSwap;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lethe-erasure-writer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<String, LongAdder>> leaks = new ConcurrentHashMap<>();
    private final Set<BulkImport> bulks = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private ErasureStore store;
    private volatile ErasureStage stage;
    /** Embeds topic texts (the classifier's sentence model), or null when the classifier is off. */
    private volatile Function<List<String>, float[][]> topicEmbedder;
    /** Fits the heads of topics with examples (writer thread), with {@link #topicEmbedder}. */
    private volatile io.lethe.topic.TopicModels topicModels;
    private volatile TopicHeadStore topicHeads;
    /** Other topics' texts a new topic head is fitted against, at most (see {@link #fitTopics}). */
    static final int MAX_OTHER_TOPIC_TEXTS = 4000;
    /** Topic embeddings of active erasures, by id (writer thread). */
    private final Map<String, TopicTable.Topics> topics = new LinkedHashMap<>();
    // writer-thread state
    private final List<Erasure> deltaRecords = new ArrayList<>();

    public ErasureRegistry(Path dataDir, String phoneRegion, Map<String, Instant> modelSnapshots, int deltaMax,
                           Consumer<ErasureStage> onSwap, Clock clock) {
        this(dataDir, phoneRegion, modelSnapshots, deltaMax, CompiledErasures.Fuzzy.DEFAULT, onSwap, clock);
    }

    public ErasureRegistry(Path dataDir, String phoneRegion, Map<String, Instant> modelSnapshots, int deltaMax,
                           CompiledErasures.Fuzzy fuzzy, Consumer<ErasureStage> onSwap, Clock clock) {
        this.fuzzy = fuzzy;
        this.dataDir = dataDir;
        this.phoneRegion = phoneRegion;
        this.parser = new ErasureParser(phoneRegion);
        this.modelSnapshots = Map.copyOf(modelSnapshots);
        this.deltaMax = deltaMax;
        this.onSwap = onSwap;
        this.clock = clock;
    }

    /**
     * Sets the model that embeds erasures' knowledge topics at registration (before {@link #start()}).
     * Without one, topics are stored but not enforced.
     */
    public void topicEmbedder(Function<List<String>, float[][]> embedder) {
        topicEmbedder(embedder, "sentence-model", io.lethe.topic.TopicModels.DEFAULT_FPR);
    }

    /**
     * {@link #topicEmbedder(Function)}, naming the model (a head stored for another model is refitted) and the
     * false-positive rate on background text topic heads are calibrated to (0 to 1).
     */
    public void topicEmbedder(Function<List<String>, float[][]> embedder, String model, double fpr) {
        this.topicEmbedder = embedder;
        this.topicModels = embedder == null ? null : new io.lethe.topic.TopicModels(model, embedder, fpr);
        this.topicHeads = embedder == null ? null : new TopicHeadStore(dataDir);
    }

    /** The tenants with client keys, when all are known in advance (see {@link ErasureParser#knownTenants}). */
    public void knownTenants(java.util.Collection<String> tenants) {
        parser.knownTenants(tenants);
    }

    /** Opens the index and compiles every active erasure; blocks until the stage is ready. */
    public void start() {
        long t0 = System.nanoTime();
        store = ErasureStore.open(dataDir);
        await(onWriter(() -> {
            if (!loadSnapshot()) {
                rebuildBase();
            } else if (topicEmbedder != null) {
                store.forEachWithTopics(Erasure.ACTIVE, s -> embedTopics(ErasureParser.fromJson(s.json()), false));
                if (!topics.isEmpty()) {
                    publish(stage);
                }
            }
            return null;
        }));
        LOG.infof("erasure registry ready: %d active erasure(s) compiled in %d ms (~%d MB of matcher tables)",
                stage.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), stage.approximateBytes() >> 20);
    }

    public ErasureStage stage() {
        return stage;
    }

    public Map<String, Instant> modelSnapshots() {
        return modelSnapshots;
    }

    // ---- writes ----

    public CompletableFuture<Created> create(byte[] body) {
        ErasureParser.Parsed parsed;
        try {
            parsed = parser.parse(body);
        } catch (InvalidErasureException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onWriter(() -> createOnWriter(parsed));
    }

    private Created createOnWriter(ErasureParser.Parsed p) {
        Erasure req = p.erasure();
        if (req.id() != null) {
            ErasureStore.Stored existing = store.get(req.id());
            if (existing != null) {
                if (existing.requestHash().equals(p.requestHash())) {
                    return new Created(ErasureParser.fromJson(existing.json()), false, p.warnings());
                }
                throw new ConflictException(req.id());
            }
        }
        Erasure e = withServerFields(req, req.id() != null ? req.id() : UUID.randomUUID().toString());
        // Embedded before the write: a model failure fails the call with nothing stored.
        embedTopics(e, true);
        store.put(new ErasureStore.Stored(e.id(), store.nextSeq(), Erasure.ACTIVE, ErasureParser.toJson(e), p.requestHash(),
                hasTopics(e)));
        for (BulkImport b : bulks) {
            b.createdMeanwhile.add(e.id());
        }
        deltaRecords.add(e);
        if (deltaRecords.size() > deltaMax) {
            rebuildBase();
        } else {
            swapDelta(stage);
        }
        return new Created(e, true, p.warnings());
    }

    private Erasure withServerFields(Erasure r, String id) {
        return new Erasure(id, Erasure.ACTIVE, r.subject(), r.passages(), r.topics(), r.action(), r.scope(),
                r.legalBasis(), r.requestedAt(), r.note(), r.retireOnRetrain(), clock.instant(), null);
    }

    /** Retires an erasure: kept for audit, no longer enforced. Retiring twice is harmless. */
    public CompletableFuture<Erasure> retire(String id) {
        return onWriter(() -> {
            ErasureStore.Stored s = store.get(id);
            if (s == null) {
                throw new NotFoundException(id);
            }
            Erasure e = ErasureParser.fromJson(s.json());
            if (!e.active()) {
                return e;
            }
            Erasure retired = e.retired(clock.instant());
            store.put(new ErasureStore.Stored(id, s.seq(), Erasure.RETIRED, ErasureParser.toJson(retired), s.requestHash(),
                    hasTopics(retired)));
            if (topics.remove(id) != null && topicHeads != null) {
                topicHeads.delete(id);
            }
            ErasureStage cur = stage;
            if (deltaRecords.removeIf(d -> d.id().equals(id))) {
                swapDelta(cur);
            } else {
                publish(cur.with(cur.base.retire(id), cur.delta));
            }
            return retired;
        });
    }

    /**
     * Active erasures whose passages a text reproduces, at most {@code limit}: answered by the current
     * stage's passage matcher ({@link ErasureStage#passageMatches}), so it agrees with what the gateway
     * enforces — same shingles, weights and coverage rule — except that scopes are not applied. For
     * compliance checks ("is this text covered?").
     */
    public List<String> erasuresCoveringText(String text, int limit) {
        return stage.passageMatches(text, limit);
    }

    // ---- reads (any thread) ----

    public Erasure get(String id) {
        ErasureStore.Stored s = store.get(id);
        if (s == null) {
            throw new NotFoundException(id);
        }
        return ErasureParser.fromJson(s.json());
    }

    public Page list(String status, int limit, String cursor) {
        if (status != null && !status.equals(Erasure.ACTIVE) && !status.equals(Erasure.RETIRED)) {
            throw new InvalidErasureException("status", "status must be active or retired");
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidErasureException("limit", "limit must be between 1 and 1000");
        }
        long after = decodeCursor(cursor);
        List<ErasureStore.Stored> page = store.page(status, after, limit + 1);
        List<Erasure> data = new ArrayList<>(Math.min(limit, page.size()));
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            data.add(ErasureParser.fromJson(page.get(i).json()));
        }
        String next = page.size() > limit ? encodeCursor(page.get(limit - 1).seq()) : null;
        return new Page(data, next);
    }

    /**
     * Counts one leak of an erasure that the guard stopped in a model's answer, after the policy decided
     * (a finding an allow-list override released is not stopped, nor one only audited): the retrain-debt
     * report's {@code leaks_stopped}. Any thread; never blocks.
     *
     * @param model the model the answer came from (null: unknown)
     */
    public void leakStopped(String erasureId, String model) {
        leaks.computeIfAbsent(model == null ? "" : model, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(erasureId, k -> new LongAdder()).increment();
    }

    /**
     * Erasures requested after the model's training snapshot, which only the gateway enforces for it,
     * with the leaks stopped for each on that model since start-up.
     */
    public List<Debt> debt(String model) {
        Instant snapshot = modelSnapshots.get(model);
        if (snapshot == null) {
            throw new NotFoundException("model " + model);
        }
        ErasureStage s = stage;
        Map<String, LongAdder> counts = leaks.getOrDefault(model, Map.of());
        ScanContextFor ctx = new ScanContextFor(model);
        List<Debt> out = new ArrayList<>();
        for (Segment seg : s.segments()) {
            for (int i = seg.live().nextSetBit(0); i >= 0; i = seg.live().nextSetBit(i + 1)) {
                addDebt(s, seg.entries()[i], snapshot, ctx, counts, out);
            }
        }
        return out;
    }

    private static void addDebt(ErasureStage s, ErasureStage.Entry e, Instant snapshot, ScanContextFor ctx,
                                Map<String, LongAdder> counts, List<Debt> out) {
        if (e.requestedAt() != null && e.requestedAt().isAfter(snapshot) && s.applies(e, ctx.context)) {
            LongAdder n = counts.get(e.id());
            out.add(new Debt(e.id(), e.requestedAt(), n == null ? 0 : n.sum()));
        }
    }

    private record ScanContextFor(io.lethe.guard.ScanContext context) {
        ScanContextFor(String model) {
            this(new io.lethe.guard.ScanContext(null, model, null, null));
        }
    }

    static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static long decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.US_ASCII);
            if (!s.startsWith("s")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(s.substring(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidErasureException("cursor", "cursor is not one this API returned");
        }
    }

    // ---- bulk ----

    /** Starts a bulk import; feed it lines in order, then {@link BulkImport#finish()}. */
    public BulkImport bulk() {
        BulkImport b = new BulkImport();
        bulks.add(b);
        return b;
    }

    /**
     * One bulk call. Lines are validated and staged as they arrive (on the writer thread, between other
     * writes); nothing is visible or durable until {@link #finish()} publishes the staging index in one
     * commit, so a crash part-way leaves no trace, and an answered call is entirely durable.
     */
    public final class BulkImport {
        private ErasureStore.Staging staging;
        private final Map<String, String> idsInCall = new HashMap<>();
        final Set<String> createdMeanwhile = ConcurrentHashMap.newKeySet();
        private final List<Rejected> rejected = new ArrayList<>();
        private long rejectedTotal;
        private final List<Warned> warnings = new ArrayList<>();
        private long warningsTotal;
        private long accepted;
        private long lineNo;
        private boolean done;

        /** Validates and stages the next lines (byte arrays without their line ends). */
        public CompletableFuture<Void> lines(List<byte[]> lines) {
            return onWriter(() -> {
                if (staging == null) {
                    staging = store.stage();
                }
                for (byte[] line : lines) {
                    lineNo++;
                    if (isBlank(line)) {
                        continue;
                    }
                    try {
                        stageLine(line);
                    } catch (InvalidErasureException e) {
                        reject(e.param(), e.getMessage());
                    } catch (ConflictException e) {
                        reject("id", e.getMessage());
                    }
                }
                return null;
            });
        }

        private void stageLine(byte[] line) {
            ErasureParser.Parsed p = parser.parse(line);
            for (ErasureParser.Warning w : p.warnings()) {
                warningsTotal++;
                if (warnings.size() < MAX_WARNINGS_REPORTED) {
                    warnings.add(new Warned(lineNo, w.field(), w.warning()));
                }
            }
            Erasure req = p.erasure();
            String id = req.id();
            if (id != null) {
                String seenHash = idsInCall.get(id);
                if (seenHash != null) {
                    if (!seenHash.equals(p.requestHash())) {
                        throw new ConflictException(id);
                    }
                    accepted++;
                    return;
                }
                ErasureStore.Stored existing = store.get(id);
                if (existing != null) {
                    if (!existing.requestHash().equals(p.requestHash())) {
                        throw new ConflictException(id);
                    }
                    accepted++;
                    idsInCall.put(id, p.requestHash());
                    return;
                }
                idsInCall.put(id, p.requestHash());
            }
            Erasure e = withServerFields(req, id != null ? id : UUID.randomUUID().toString());
            staging.add(new ErasureStore.Stored(e.id(), store.nextSeq(), Erasure.ACTIVE, ErasureParser.toJson(e), p.requestHash(),
                    hasTopics(e)));
            accepted++;
        }

        private void reject(String param, String error) {
            rejectedTotal++;
            if (rejected.size() < MAX_REJECTED_REPORTED) {
                rejected.add(new Rejected(lineNo, param, error));
            }
        }

        /** Publishes everything staged in one commit, recompiles, and reports. */
        public CompletableFuture<BulkResult> finish() {
            return onWriter(() -> {
                try {
                    if (staging != null) {
                        for (String id : createdMeanwhile) {
                            if (idsInCall.containsKey(id)) {
                                staging.remove(id);
                                accepted--;
                                rejectedTotal++;
                                if (rejected.size() < MAX_REJECTED_REPORTED) {
                                    rejected.add(new Rejected(0, "id", "erasure '" + id + "' was created by another call during this import"));
                                }
                            }
                        }
                        if (staging.added() > 0) {
                            // staged records carry versions older than a snapshot taken meanwhile
                            MatcherSnapshot.delete(snapshotFile());
                            staging.publish();
                            rebuildBase();
                        } else {
                            staging.close();
                        }
                    }
                    return new BulkResult(accepted, List.copyOf(rejected), rejectedTotal, List.copyOf(warnings),
                            warningsTotal);
                } finally {
                    done = true;
                    bulks.remove(this);
                }
            });
        }

        /** Drops a call whose client went away: nothing staged is kept. */
        public void abort() {
            onWriter(() -> {
                if (!done && staging != null) {
                    staging.close();
                }
                done = true;
                bulks.remove(this);
                return null;
            });
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    // ---- compilation (writer thread) ----

    private Path snapshotFile() {
        return store.root().resolve("matcher.snapshot");
    }

    /** Loads the base from the snapshot and applies what was written since; false to recompile. */
    private boolean loadSnapshot() {
        MatcherSnapshot.Loaded l = MatcherSnapshot.read(snapshotFile());
        if (l == null) {
            return false;
        }
        if (!l.base().fuzzy().equals(fuzzy)) {
            LOG.info("matcher snapshot was compiled with other typo settings; recompiling");
            return false;
        }
        BitSet retired = new BitSet();
        Map<String, Integer> ordinals = null;
        List<ErasureStore.Stored> changes = new ArrayList<>();
        store.changedSince(l.watermark(), changes::add);
        deltaRecords.clear();
        for (ErasureStore.Stored c : changes) {
            Erasure e = ErasureParser.fromJson(c.json());
            deltaRecords.removeIf(d -> d.id().equals(e.id()));
            if (e.active()) {
                deltaRecords.add(e);
            } else {
                if (ordinals == null) {
                    ordinals = new HashMap<>(l.entries().length * 2);
                    for (int i = 0; i < l.entries().length; i++) {
                        ordinals.put(l.entries()[i].id(), i);
                    }
                }
                Integer ord = ordinals.get(e.id());
                if (ord != null) {
                    retired.set(ord);
                }
            }
        }
        if (deltaRecords.size() > deltaMax) {
            return false;
        }
        ErasureStage loaded = new ErasureStage(l.base(), l.passages(), l.entries(), retired, CompiledErasures.empty(),
                null, new ErasureStage.Entry[0], modelSnapshots);
        swapDelta(loaded);
        LOG.infof("matcher snapshot loaded: %d compiled erasure(s), %d change(s) applied since", l.entries().length,
                changes.size());
        return true;
    }

    private void rebuildBase() {
        long t0 = System.nanoTime();
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        List<List<String>> passages = new ArrayList<>();
        Set<String> withTopics = new HashSet<>();
        store.forEach(Erasure.ACTIVE, s -> {
            Erasure e = ErasureParser.fromJson(s.json());
            if (hasTopics(e)) {
                withTopics.add(e.id());
                embedTopics(e, false);
            }
            specs.add(spec(e));
            entries.add(ErasureStage.Entry.of(e));
            passages.add(e.passages() == null ? List.of() : e.passages());
        });
        topics.keySet().retainAll(withTopics);
        PassageIndex basePassages = PassageIndex.build(passages);
        long watermark = store.lastVer();
        CompiledErasures base = CompiledErasures.build(specs, Nicknames.shipped(), phoneRegion, fuzzy);
        deltaRecords.clear();
        ErasureStage.Entry[] baseEntries = entries.toArray(ErasureStage.Entry[]::new);
        publish(new ErasureStage(base, basePassages, baseEntries, new BitSet(),
                CompiledErasures.empty(), null, new ErasureStage.Entry[0], modelSnapshots));
        MatcherSnapshot.write(snapshotFile(), base, basePassages, baseEntries, watermark);
        LOG.debugf("erasure base recompiled: %d entries in %d ms", specs.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void swapDelta(ErasureStage cur) {
        List<CompiledErasures.Spec> specs = new ArrayList<>(deltaRecords.size());
        ErasureStage.Entry[] entries = new ErasureStage.Entry[deltaRecords.size()];
        List<List<String>> passages = new ArrayList<>(deltaRecords.size());
        for (int i = 0; i < deltaRecords.size(); i++) {
            specs.add(spec(deltaRecords.get(i)));
            entries[i] = ErasureStage.Entry.of(deltaRecords.get(i));
            passages.add(deltaRecords.get(i).passages() == null ? List.of() : deltaRecords.get(i).passages());
        }
        CompiledErasures delta = CompiledErasures.build(specs, Nicknames.shipped(), phoneRegion, fuzzy);
        PassageIndex deltaPassages = PassageIndex.build(passages, cur.base.passages());
        publish(cur.with(cur.base, Segment.of(delta, deltaPassages, entries)));
    }

    /** What the matchers compile from a record; each phone with the region it is read in. */
    private CompiledErasures.Spec spec(Erasure e) {
        Erasure.Subject s = e.subject();
        List<String> numbers = new ArrayList<>(s.phones().size());
        List<String> regions = new ArrayList<>(s.phones().size());
        for (int i = 0; i < s.phones().size(); i++) {
            numbers.add(s.phones().get(i).number());
            regions.add(s.phoneRegion(i, phoneRegion));
        }
        return new CompiledErasures.Spec(s.names(), s.aliases(), s.emails(), numbers, s.identifiers(), regions);
    }

    private void publish(ErasureStage next) {
        ErasureStage s = next.withTopics(topics.values());
        stage = s;
        onSwap.accept(s);
    }

    private static boolean hasTopics(Erasure e) {
        return e.topics() != null && !e.topics().isEmpty();
    }

    /**
     * Embeds an active erasure's topics (writer thread). At registration a failure fails the call; when
     * recompiling, the erasure keeps its other matchers and the failure is logged.
     */
    private void embedTopics(Erasure e, boolean strict) {
        Function<List<String>, float[][]> embedder = topicEmbedder;
        if (embedder == null || !hasTopics(e) || topics.containsKey(e.id())) {
            return;
        }
        try {
            topics.put(e.id(), fitTopics(e, embedder));
        } catch (RuntimeException ex) {
            if (strict) {
                throw new IllegalStateException("the classifier could not embed the erasure's topics: " + ex.getMessage(), ex);
            }
            LOG.errorf("erasure %s: topics not embedded, not enforced by the classifier: %s", e.id(), ex.getMessage());
        }
    }

    /**
     * An erasure's topics as the classifier matches them: descriptions alone embedded, topics with examples as
     * heads (stored ones when they fit these topics and this model, else fitted now against the background and
     * the other active topics, then stored).
     */
    private TopicTable.Topics fitTopics(Erasure e, Function<List<String>, float[][]> embedder) {
        List<String> descriptions = new ArrayList<>();
        List<Erasure.Topic> withExamples = new ArrayList<>();
        for (Erasure.Topic t : e.topics()) {
            if (t.examples().isEmpty()) {
                descriptions.add(t.description());
            } else {
                withExamples.add(t);
            }
        }
        float[][] vectors = descriptions.isEmpty() ? new float[0][] : embedder.apply(descriptions);
        ErasureStage.Entry entry = ErasureStage.Entry.of(e);
        if (withExamples.isEmpty()) {
            return new TopicTable.Topics(entry, vectors);
        }
        io.lethe.topic.TopicModels models = topicModels;
        TopicHeadStore.Entry stored = topicHeads.read(e, models.identity());
        if (stored == null) {
            List<float[]> otherVectors = new ArrayList<>();
            List<Set<String>> otherWords = new ArrayList<>();
            for (TopicTable.Topics other : topics.values()) {
                otherVectors.addAll(other.fitted());
                otherWords.addAll(other.fittedWords());
            }
            // a fit's cost grows with n·d²: at most MAX_OTHER_TOPIC_TEXTS other texts, every k-th (deterministic)
            int stride = (otherVectors.size() + MAX_OTHER_TOPIC_TEXTS - 1) / MAX_OTHER_TOPIC_TEXTS;
            if (stride > 1) {
                List<float[]> v = new ArrayList<>();
                for (int i = 0; i < otherVectors.size(); i += stride) {
                    v.add(otherVectors.get(i));
                }
                otherVectors = v;
            }
            List<io.lethe.topic.TopicHead> heads = new ArrayList<>();
            List<float[]> fitted = new ArrayList<>();
            List<Set<String>> fittedWords = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Erasure.Topic t : withExamples) {
                io.lethe.topic.TopicModels.Fitted f = models.fit(t.description(), t.examples(), t.keyTerms(),
                        otherVectors, otherWords);
                heads.add(f.head());
                fitted.addAll(f.vectors());
                fittedWords.addAll(f.words());
            }
            LOG.infof("erasure %s: %d topic head(s) fitted in %d ms", e.id(), heads.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            stored = new TopicHeadStore.Entry(heads, fitted, fittedWords);
            topicHeads.write(e, models.identity(), stored);
        }
        return new TopicTable.Topics(entry, vectors, stored.heads(), stored.fitted(), stored.fittedWords());
    }

    private <T> CompletableFuture<T> onWriter(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, writer);
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
    }

}
