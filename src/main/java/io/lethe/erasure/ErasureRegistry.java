package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.ErasureStore;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.GuardStage;
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
import java.util.LinkedHashSet;
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
        /** The id is not repeated: it is the caller's text, which could be anything (an erased name). */
        public NotFoundException(String id) {
            super("no erasure has the id given in the path");
        }

        private NotFoundException(String message, boolean plain) {
            super(message);
        }

        /**
         * No training snapshot is configured for the model, so it has no erasure debt to report. The model is not
         * repeated: it is the caller's text, which could be anything (an erased name).
         */
        static NotFoundException noSnapshot() {
            return new NotFoundException("the model in the path has no training snapshot configured "
                    + "(lethe.models.\"<model>\".training-snapshot), so it owes no erasures", true);
        }
    }

    public static final class ConflictException extends RuntimeException {
        public ConflictException(String id) {
            super("erasure '" + id + "' exists with a different body; an id is bound to one request body");
        }
    }

    /** The warning on a create or bulk line that replays a retired erasure's request. */
    private static final String RETIRED_REPLAY = "erasure '%s' is retired; the same request again does not enforce it "
            + "again (register it under a new id)";

    private final Path dataDir;
    private final CompiledErasures.Fuzzy fuzzy;
    private final ErasureParser parser;
    private final String phoneRegion;
    private final Map<String, Instant> modelSnapshots;
    private final int deltaMax;
    private final Consumer<GuardStage> onSwap;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lethe-erasure-writer");
        t.setDaemon(true);
        return t;
    });
    /** Cluster mode: where bulk lines are parsed and appended (one task per call at a time). */
    private static final ExecutorService BULK_PARSERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lethe-bulk-parser");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<String, LongAdder>> leaks = new ConcurrentHashMap<>();
    private final Set<BulkImport> bulks = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile ErasureStore store;
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
    /** Cluster mode: the replicated log writes go to (null: single node, writes commit locally). */
    private volatile ErasureLog log;
    /** Cluster mode: waiting calls by write id, completed once their record is applied and enforced here. */
    private final Map<String, CompletableFuture<Outcome>> pendingWrites = new ConcurrentHashMap<>();
    /** Cluster mode: bulk calls of this replica by bulk id, told about their lines the log refused. */
    private final Map<String, BulkImport> bulksById = new ConcurrentHashMap<>();
    /** Cluster mode: per partition, the next offset enforced (compiled and published) here. */
    private final Map<Integer, Long> publishedNext = new ConcurrentHashMap<>();
    private final List<PositionWaiter> positionWaiters = new ArrayList<>();
    // writer-thread state of cluster mode
    private final Map<Integer, Long> appliedNext = new HashMap<>();
    private final List<Outcome> deferredOutcomes = new ArrayList<>();
    /** Lines of bulk calls not yet closed, applied to the index but not compiled: compiled once at the bulk's end. */
    private final List<Erasure> bulkPending = new ArrayList<>();
    /** Open bulk calls by id: when their last line was read (nanoTime). */
    private final Map<String, Long> openBulks = new HashMap<>();
    /** A bulk whose marker never comes (its replica died) is compiled after this long without a line of it. */
    static final long BULK_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Cluster mode: how often, at most, the index commits while the reader is behind the log's end. */
    static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private long lastCommit = System.nanoTime();
    private long uncommitted;
    private String appliedTopicId;
    /** Creates outside bulks waiting for the reader to reach the log's end before compiling. */
    private boolean deltaDeferred;
    /** Bulk lines past the delta's bound were read: the base is recompiled from the index at the bulk's end. */
    private boolean bulkOverflow;
    /** The base must be recompiled from the index (more records than the delta holds). */
    private boolean rebuildDue;
    private volatile boolean compileDeferred;
    private volatile java.time.Duration applyTimeout = java.time.Duration.ofSeconds(30);
    static final String COMMIT_TOPIC_ID = "lethe.log.topic-id";
    static final String COMMIT_NEXT_PREFIX = "lethe.log.next.";

    /**
     * A registry over the index in {@code dataDir} (opened by {@link #start}).
     *
     * @param phoneRegion    ISO 3166 region for phones registered without a country code
     * @param modelSnapshots per served model, the snapshot of its training data (retrain debt)
     * @param deltaMax       records compiled into the delta segment before the base is recompiled
     * @param onSwap         given each new matcher snapshot, as the pipeline's erasure stage, on the writer thread
     */
    public ErasureRegistry(Path dataDir, String phoneRegion, Map<String, Instant> modelSnapshots, int deltaMax,
                           Consumer<GuardStage> onSwap, Clock clock) {
        this(dataDir, phoneRegion, modelSnapshots, deltaMax, CompiledErasures.Fuzzy.DEFAULT, onSwap, clock);
    }

    public ErasureRegistry(Path dataDir, String phoneRegion, Map<String, Instant> modelSnapshots, int deltaMax,
                           CompiledErasures.Fuzzy fuzzy, Consumer<GuardStage> onSwap, Clock clock) {
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

    /** The current matcher snapshot, as the pipeline's erasure stage; null before {@link #start}. */
    public GuardStage stage() {
        return stage;
    }

    /** {@link #stage()} with its own type, for this package. */
    ErasureStage snapshot() {
        return stage;
    }

    /**
     * The records as detector plug-ins read them to compile indexes of their own ({@link ErasureRecords}); nothing
     * is visited before {@link #start}. The pipeline is rebuilt after each write (through the swap callback), so a
     * plug-in reading here at build time sees the write.
     */
    public ErasureRecords records() {
        return new RegistryRecords(() -> store, modelSnapshots);
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
        if (log != null) {
            return createReplicated(parsed);
        }
        return onWriter(() -> createOnWriter(parsed));
    }

    private Created createOnWriter(ErasureParser.Parsed p) {
        Erasure req = p.erasure();
        if (req.id() != null) {
            ErasureStore.Stored existing = store.get(req.id());
            if (existing != null) {
                if (existing.requestHash().equals(p.requestHash())) {
                    List<ErasureParser.Warning> warnings = p.warnings();
                    if (Erasure.RETIRED.equals(existing.status())) {
                        // the same request again answers as before; a retirement is not undone by a replay
                        warnings = new ArrayList<>(warnings);
                        warnings.add(new ErasureParser.Warning("id", RETIRED_REPLAY.formatted(req.id())));
                    }
                    return new Created(ErasureParser.fromJson(existing.json()), false, warnings);
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
        if (log != null) {
            return retireReplicated(id);
        }
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

    /** Whether an erasure (active or retired) has this id. */
    public boolean holds(String id) {
        return store.get(id) != null;
    }

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
            throw NotFoundException.noSnapshot();
        }
        ErasureStage s = stage;
        Map<String, LongAdder> counts = leaks.getOrDefault(model, Map.of());
        List<Debt> out = new ArrayList<>();
        for (Segment seg : s.segments()) {
            for (int i = seg.live().nextSetBit(0); i >= 0; i = seg.live().nextSetBit(i + 1)) {
                addDebt(s, seg.entries()[i], snapshot, model, counts, out);
            }
        }
        return out;
    }

    private static void addDebt(ErasureStage s, ErasureStage.Entry e, Instant snapshot, String model,
                                Map<String, LongAdder> counts, List<Debt> out) {
        // any tenant: a tenant-scoped erasure is debt of the model's weights too (and the audit probes it)
        if (e.requestedAt() != null && e.requestedAt().isAfter(snapshot) && s.appliesToModel(e, model)) {
            LongAdder n = counts.get(e.id());
            out.add(new Debt(e.id(), e.requestedAt(), n == null ? 0 : n.sum()));
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
        if (log != null) {
            bulksById.put(b.bulkId, b);
        }
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
        /** The line each id staged by this call came from, for the report when a create takes the id meanwhile. */
        private final Map<String, Long> stagedLines = new HashMap<>();
        final Set<String> createdMeanwhile = ConcurrentHashMap.newKeySet();
        private final List<Rejected> rejected = new ArrayList<>();
        private long rejectedTotal;
        private final List<Warned> warnings = new ArrayList<>();
        private long warningsTotal;
        private long accepted;
        private long lineNo;
        private boolean done;
        // cluster mode: lines go to the log as they are read; the call answers once all are applied here
        final String bulkId = UUID.randomUUID().toString();
        private final Appends appends = new Appends();
        private volatile CompletableFuture<Void> lastLines = CompletableFuture.completedFuture(null);
        private final java.util.concurrent.ConcurrentLinkedQueue<Rejected> refusedByLog = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** Validates and stages the next lines (byte arrays without their line ends). */
        public CompletableFuture<Void> lines(List<byte[]> lines) {
            // cluster mode parses and appends off the writer thread, which is busy applying what the log returns;
            // calls of one import come one after another, so its state needs no lock
            Supplier<Void> task = () -> {
                if (staging == null && log == null) {
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
            };
            return inTurn(task);
        }

        /**
         * Reports the next line as not read: it is {@code bytes} long (without its line end), over the line limit
         * {@code limit} ({@code lethe.admin.max-bulk-line-size}). A rejected line like any other: the call goes on
         * with the lines after it. Called in line order with {@link #lines}.
         */
        public CompletableFuture<Void> overLong(long bytes, long limit) {
            return inTurn(() -> {
                lineNo++;
                reject(null, "the line is " + bytes + " bytes long, over the limit of " + limit
                        + " bytes per line (lethe.admin.max-bulk-line-size): it was not read; the other lines were");
                return null;
            });
        }

        /** Runs a step of this call after the ones before it: on the writer, or (cluster mode) a parser thread. */
        private CompletableFuture<Void> inTurn(Supplier<Void> task) {
            if (log == null) {
                return onWriter(task);
            }
            CompletableFuture<Void> f = lastLines.thenApplyAsync(x -> task.get(), BULK_PARSERS);
            lastLines = f.exceptionally(err -> null);
            return f;
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
                    if (Erasure.RETIRED.equals(existing.status())) {
                        // the same request again: accepted as before, but a retirement is not undone by a replay
                        warningsTotal++;
                        if (warnings.size() < MAX_WARNINGS_REPORTED) {
                            warnings.add(new Warned(lineNo, "id", RETIRED_REPLAY.formatted(id)));
                        }
                    }
                    return;
                }
                idsInCall.put(id, p.requestHash());
                stagedLines.put(id, lineNo);
            }
            Erasure e = withServerFields(req, id != null ? id : UUID.randomUUID().toString());
            if (log != null) {
                appends.add(log.append(new ErasureLog.Append(e.id(), ErasureParser.toJson(e), p.requestHash(), null,
                        bulkId, lineNo)), lineNo);
                accepted++;
                return;
            }
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

        /** Refused on applying by the log: another call created the line's id first (cluster mode, apply thread). */
        void refusedByLog(long line, String id) {
            // the writer thread; the parser thread owns the counters until finish() merges these
            refusedByLog.add(new Rejected(line, "id", "erasure '" + id + "' already exists with a different body"));
        }

        /** Publishes everything staged in one commit, recompiles, and reports. */
        public CompletableFuture<BulkResult> finish() {
            if (log != null) {
                // every line appended (the writer ran them in order), then applied and enforced here
                return lastLines.thenCompose(x -> appends.all())
                        .thenCompose(through -> log.endBulk(bulkId).thenApply(marker -> {
                            Map<Integer, Long> all = new HashMap<>(through);
                            all.merge(marker.partition(), marker.offset(), Math::max);
                            return all;
                        }))
                        .thenCompose(ErasureRegistry.this::enforced)
                        .handle((x, err) -> {
                            done = true;
                            bulks.remove(this);
                            bulksById.remove(bulkId);
                            if (err != null) {
                                throw err instanceof java.util.concurrent.CompletionException ce ? ce : new java.util.concurrent.CompletionException(err);
                            }
                            for (Rejected r; (r = refusedByLog.poll()) != null; ) {
                                accepted--;
                                rejectedTotal++;
                                if (rejected.size() < MAX_REJECTED_REPORTED) {
                                    rejected.add(r);
                                }
                            }
                            return new BulkResult(accepted, List.copyOf(rejected), rejectedTotal, List.copyOf(warnings),
                                    warningsTotal);
                        });
            }
            return onWriter(() -> {
                try {
                    if (staging != null) {
                        for (String id : createdMeanwhile) {
                            if (idsInCall.containsKey(id)) {
                                staging.remove(id);
                                accepted--;
                                rejectedTotal++;
                                if (rejected.size() < MAX_REJECTED_REPORTED) {
                                    rejected.add(new Rejected(stagedLines.getOrDefault(id, 0L), "id",
                                            "erasure '" + id + "' was created by another call during this import"));
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
            bulksById.remove(bulkId);
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

    // ---- cluster mode: the replicated log ----

    /** What applying a logged record did: created, an idempotent repeat, refused as a conflict, or retired. */
    private record Outcome(String writeId, Kind kind, Erasure erasure) {
        enum Kind { CREATED, EXISTING, CONFLICT, RETIRED }
    }

    private record PositionWaiter(Map<Integer, Long> through, CompletableFuture<Void> done) {
    }

    /**
     * Acknowledgements of the appends of one bulk call, counted rather than kept (a million lines must not
     * need a million futures): the highest offset per partition, and the first failure.
     */
    private static final class Appends {
        private final Map<Integer, Long> highest = new HashMap<>();
        private long sent;
        private long acked;
        private long failed;
        private Throwable failure;
        private CompletableFuture<Map<Integer, Long>> whenAll;

        private long firstFailedLine = Long.MAX_VALUE;
        private long lastFailedLine;

        synchronized void add(CompletableFuture<ErasureLog.Position> f, long line) {
            sent++;
            f.whenComplete((p, err) -> ack(p, err, line));
        }

        private void ack(ErasureLog.Position p, Throwable err, long line) {
            CompletableFuture<Map<Integer, Long>> done = null;
            synchronized (this) {
                acked++;
                if (err != null) {
                    failed++;
                    firstFailedLine = Math.min(firstFailedLine, line);
                    lastFailedLine = Math.max(lastFailedLine, line);
                    if (failure == null) {
                        failure = err;
                    }
                } else {
                    highest.merge(p.partition(), p.offset(), Math::max);
                }
                if (whenAll != null && acked == sent) {
                    done = whenAll;
                }
            }
            if (done != null) {
                complete(done);
            }
        }

        /** Completes with the offsets to wait for once every append is acknowledged; fails if one failed. */
        CompletableFuture<Map<Integer, Long>> all() {
            CompletableFuture<Map<Integer, Long>> f;
            synchronized (this) {
                whenAll = f = new CompletableFuture<>();
                if (acked != sent) {
                    return f;
                }
            }
            complete(f);
            return f;
        }

        private synchronized void complete(CompletableFuture<Map<Integer, Long>> f) {
            if (failure != null) {
                f.completeExceptionally(new ErasureLog.LogUnavailableException("the erasure log did not take " + failed
                        + " of the " + sent + " lines of this import, among lines " + firstFailedLine + " to " + lastFailedLine
                        + "; the others are in the log and every replica enforces them as it reads them. Lines with an id"
                        + " can be sent again safely; a line without one would be created twice", failure));
            } else {
                f.complete(Map.copyOf(highest));
            }
        }
    }

    /**
     * Switches to cluster mode (before {@link #start()}): writes go to {@code log} and answer once this replica
     * has read them back, applied and enforced them; the local index becomes a cache of the log.
     */
    public void replicate(ErasureLog log, java.time.Duration applyTimeout) {
        this.log = log;
        this.applyTimeout = applyTimeout;
    }

    /** Whether records were applied but are not compiled yet (a bulk is being read, or the reader is behind). */
    public boolean compileDeferred() {
        return compileDeferred;
    }

    /**
     * The log positions the local index has applied, from its last commit: the topic id it came from (null when
     * none) and, per partition, the next offset to read. Call after {@link #start()}.
     */
    public LogPositions logPositions() {
        Map<String, String> data = store.commitData();
        Map<Integer, Long> next = new HashMap<>();
        data.forEach((k, v) -> {
            if (k.startsWith(COMMIT_NEXT_PREFIX)) {
                next.put(Integer.parseInt(k.substring(COMMIT_NEXT_PREFIX.length())), Long.parseLong(v));
            }
        });
        return new LogPositions(data.get(COMMIT_TOPIC_ID), next, store.count());
    }

    /**
     * The log positions of a replica's index.
     *
     * @param topicId the id of the topic applied (null: never applied any; then {@code records} local records
     *                predate cluster mode)
     * @param next    per partition, the next offset to read
     */
    public record LogPositions(String topicId, Map<Integer, Long> next, int records) {
    }

    /**
     * The local records as log appends, for a replica that held erasures before cluster mode was turned on:
     * appending them makes the log hold them too (applying them back is an idempotent repeat).
     */
    public List<ErasureLog.Append> localRecords() {
        List<ErasureLog.Append> out = new ArrayList<>();
        store.forEach(null, r -> out.add(new ErasureLog.Append(r.id(), r.json(), r.requestHash(), null, null, 0)));
        return out;
    }

    /** Ids of retired records whose retirement is older than {@code cutoff}: due for a tombstone. */
    public List<String> retiredBefore(Instant cutoff) {
        List<String> out = new ArrayList<>();
        store.forEach(Erasure.RETIRED, r -> {
            Erasure e = ErasureParser.fromJson(r.json());
            if (e.retiredAt() != null && e.retiredAt().isBefore(cutoff)) {
                out.add(r.id());
            }
        });
        return out;
    }

    /**
     * Applies records read from the log, in order, on the writer thread: one Lucene commit with the positions
     * reached, then the matchers. A bulk call's lines are compiled once, when its end marker is read (or after
     * {@link #BULK_QUIET_NANOS} without a line of it), not once per batch; other creates are compiled at once,
     * unless {@code behind} (the reader is not at the log's end) and the delta has outgrown its bound. Callers
     * are answered, and positions count as enforced, only once what they cover is compiled.
     *
     * @param next    per partition, the next offset after this batch
     * @param topicId the log's topic id, stored with the positions
     */
    public CompletableFuture<Void> applyFromLog(List<ErasureLog.Entry> entries, Map<Integer, Long> next, String topicId,
                                                boolean behind) {
        return onWriter(() -> {
            applyOnWriter(entries, next, topicId, behind);
            return null;
        });
    }

    private void applyOnWriter(List<ErasureLog.Entry> entries, Map<Integer, Long> next, String topicId, boolean behind) {
        Map<String, ErasureStore.Stored> batch = new LinkedHashMap<>();
        Set<String> deletedInBatch = new HashSet<>();
        Set<String> added = new HashSet<>();
        Set<String> conflicted = new LinkedHashSet<>();
        List<String> deletes = new ArrayList<>();
        List<Erasure> created = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        long now = System.nanoTime();
        List<Erasure> bulkCreated = new ArrayList<>();
        for (ErasureLog.Entry en : entries) {
            if (en.control() != null) {
                if (ErasureLog.BULK_END.equals(en.control()) && en.bulkId() != null) {
                    openBulks.remove(en.bulkId());
                }
                continue;
            }
            if (en.bulkId() != null) {
                openBulks.put(en.bulkId(), now);
            }
            String id = en.id();
            boolean fromIndex = !batch.containsKey(id) && !deletedInBatch.contains(id);
            ErasureStore.Stored existing = !fromIndex ? batch.get(id) : store.get(id);
            if (en.value() == null) {
                added.remove(id);
                batch.remove(id);
                deletedInBatch.add(id);
                deletes.add(id);
                if (existing != null && Erasure.ACTIVE.equals(existing.status())) {
                    retired.add(id);
                    created.removeIf(c -> c.id().equals(id));
                    bulkCreated.removeIf(c -> c.id().equals(id));
                }
                continue;
            }
            Erasure e;
            try {
                e = ErasureParser.fromJson(en.value());
            } catch (RuntimeException ex) {
                LOG.errorf("erasure log record at partition %d offset %d (id %s) is unreadable and skipped: %s",
                        en.partition(), en.offset(), id, ex.getClass().getSimpleName());
                continue;
            }
            Outcome o;
            if (e.active()) {
                if (existing == null) {
                    batch.put(id, new ErasureStore.Stored(id, store.nextSeq(), Erasure.ACTIVE, en.value(), en.requestHash(),
                            hasTopics(e)));
                    putNew(id, fromIndex, deletedInBatch, deletes, added);
                    (en.bulkId() != null ? bulkCreated : created).add(e);
                    o = new Outcome(en.writeId(), Outcome.Kind.CREATED, e);
                } else if (existing.requestHash().equals(en.requestHash())) {
                    o = new Outcome(en.writeId(), Outcome.Kind.EXISTING, ErasureParser.fromJson(existing.json()));
                } else {
                    o = new Outcome(en.writeId(), Outcome.Kind.CONFLICT, ErasureParser.fromJson(existing.json()));
                    conflictInLog(en);
                    conflicted.add(id);
                }
            } else if (existing == null) {
                batch.put(id, new ErasureStore.Stored(id, store.nextSeq(), Erasure.RETIRED, en.value(), en.requestHash(),
                        hasTopics(e)));
                putNew(id, fromIndex, deletedInBatch, deletes, added);
                o = new Outcome(en.writeId(), Outcome.Kind.RETIRED, e);
            } else if (Erasure.ACTIVE.equals(existing.status())) {
                Erasure was = ErasureParser.fromJson(existing.json());
                Erasure r = was.retired(e.retiredAt() != null ? e.retiredAt() : clock.instant());
                batch.put(id, new ErasureStore.Stored(id, existing.seq(), Erasure.RETIRED, ErasureParser.toJson(r),
                        existing.requestHash(), hasTopics(r)));
                retired.add(id);
                created.removeIf(c -> c.id().equals(id));
                bulkCreated.removeIf(c -> c.id().equals(id));
                o = new Outcome(en.writeId(), Outcome.Kind.RETIRED, r);
            } else {
                o = new Outcome(en.writeId(), Outcome.Kind.RETIRED, ErasureParser.fromJson(existing.json()));
            }
            if (o.writeId() != null && pendingWrites.containsKey(o.writeId())) {
                outcomes.add(o);
            }
        }
        appliedTopicId = topicId;
        appliedNext.putAll(next);
        Map<String, String> commit = positionsCommitData();
        if (!batch.isEmpty() || !deletes.isEmpty() || !entries.isEmpty()) {
            uncommitted += entries.size();
            // the log holds every acknowledged write; the index is its cache: committed (fsync) at most every
            // COMMIT_EVERY_NANOS while records stream in, and whenever the reader is at the end
            boolean durable = !behind || System.nanoTime() - lastCommit > COMMIT_EVERY_NANOS;
            if (!deletes.isEmpty()) {
                // the snapshot's watermark cannot see a deleted record (and the version counter may go back
                // below it once its highest holder is gone): the next start recompiles from the index
                MatcherSnapshot.delete(snapshotFile());
            }
            store.applyBatch(new ArrayList<>(batch.values()), added, deletes, commit, durable);
            if (durable) {
                lastCommit = System.nanoTime();
                uncommitted = 0;
            }
        }
        conflicted.forEach(id -> reappend(id, 0));  // the batch is visible to reads now
        // matchers: retirements clear live bits at once; creates go to the delta; bulk lines wait for their bulk's end
        ErasureStage cur = stage;
        boolean republish = false;
        for (String id : retired) {
            bulkPending.removeIf(c -> c.id().equals(id));
            deltaRecords.removeIf(d -> d.id().equals(id));
            if (topics.remove(id) != null && topicHeads != null) {
                topicHeads.delete(id);
            }
            cur = cur.with(cur.base.retire(id), cur.delta == null ? null : cur.delta.retire(id));
            republish = true;
        }
        for (Erasure e : created) {
            embedTopics(e, false);
        }
        for (Erasure e : bulkCreated) {
            embedTopics(e, false);
        }
        // past the delta's bound the base is recompiled from the index anyway: the records are not kept in memory
        if (!bulkOverflow) {
            bulkPending.addAll(bulkCreated);
            if (bulkPending.size() > deltaMax) {
                bulkPending.clear();
                bulkOverflow = true;
            }
        }
        openBulks.values().removeIf(t -> now - t > BULK_QUIET_NANOS);
        boolean compile = !created.isEmpty() || deltaDeferred;
        if (openBulks.isEmpty() && (bulkOverflow || !bulkPending.isEmpty())) {
            deltaRecords.addAll(bulkPending);
            rebuildDue |= bulkOverflow;
            bulkPending.clear();
            bulkOverflow = false;
            compile = true;
        }
        deltaRecords.addAll(created);
        if (deltaRecords.size() > deltaMax) {
            deltaRecords.clear();
            rebuildDue = true;
        }
        deferredOutcomes.addAll(outcomes);
        if (compile) {
            if (behind && rebuildDue) {
                deltaDeferred = true;  // recompiled once the reader is at the log's end
            } else {
                deltaDeferred = false;
                if (rebuildDue) {
                    // an open bulk's lines do not count: creates meanwhile go to the delta, the bulk waits for its end
                    LOG.infof("erasure log: recompiling the base (%d active record(s) in the index; bulk lines pending: %s)",
                            store.count(), bulkOverflow || !bulkPending.isEmpty());
                    rebuildBase();  // compiles every active record in the index, pending bulk lines included
                    rebuildDue = false;
                    bulkPending.clear();
                    bulkOverflow = false;
                } else {
                    swapDelta(cur);
                }
                republish = false;
            }
        }
        if (republish) {
            publish(cur);
        }
        compileDeferred = deltaDeferred || bulkOverflow || !bulkPending.isEmpty();
        completeOutcomes();
        if (!compileDeferred) {
            enforcedThrough(Map.copyOf(appliedNext));
        }
    }

    /**
     * A record for an id the index does not hold: added without a delete-by-term when the index never had it, or
     * replacing the tombstone read earlier in the same batch (whose delete must then not run after it).
     */
    private static void putNew(String id, boolean fromIndex, Set<String> deletedInBatch, List<String> deletes,
                               Set<String> added) {
        if (deletedInBatch.remove(id)) {
            deletes.remove(id);
        } else if (fromIndex) {
            added.add(id);
        }
    }

    /**
     * A create the log refused because an earlier record holds its id with another body: a line of this replica's
     * bulk call is reported refused. Every replica that reads the conflict then appends the id's current record
     * again ({@link #reappend}, retried until Kafka takes it), so that compaction, which keeps a key's last record,
     * keeps what every replica applied, even if the replica that sent the losing record dies first. The copies
     * are idempotent repeats when read back.
     */
    private void conflictInLog(ErasureLog.Entry en) {
        ErasureLog l = log;
        if (l != null && en.bulkId() != null && l.origin().equals(en.origin())) {
            BulkImport b = bulksById.get(en.bulkId());
            if (b != null) {
                b.refusedByLog(en.line(), en.id());
            }
        }
    }

    /** Appends the id's record as this replica holds it now (a retirement in between included); retried. */
    private void reappend(String id, int attempt) {
        ErasureLog l = log;
        ErasureStore.Stored now = store.get(id);
        if (l == null || now == null) {
            return;
        }
        l.append(new ErasureLog.Append(now.id(), now.json(), now.requestHash(), null, null, 0)).whenComplete((p, err) -> {
            if (err != null) {
                if (attempt == 0) {
                    LOG.warnf("erasure %s: the record every replica applied could not be appended again after a"
                            + " conflicting create (%s); retrying every 5 s", id, err.getClass().getSimpleName());
                }
                CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(() -> reappend(id, attempt + 1));
            }
        });
    }

    /**
     * Answers the single writes the published stage now covers (writer thread). A repeat of an existing record
     * waits until everything applied here is enforced: the record may be a line of a bulk still open.
     */
    private void completeOutcomes() {
        List<Outcome> done = new ArrayList<>();
        boolean allEnforced = !deltaDeferred && !bulkOverflow && bulkPending.isEmpty();
        deferredOutcomes.removeIf(o -> {
            if (!allEnforced && (o.kind() == Outcome.Kind.EXISTING || deltaDeferred)) {
                return false;
            }
            done.add(o);
            return true;
        });
        for (Outcome o : done) {
            CompletableFuture<Outcome> f = pendingWrites.remove(o.writeId());
            if (f != null) {
                f.complete(o);
            }
        }
    }

    /** Everything read up to {@code next} is enforced: completes the position waiters it covers (writer thread). */
    private void enforcedThrough(Map<Integer, Long> next) {
        publishedNext.putAll(next);
        List<PositionWaiter> ready = new ArrayList<>();
        synchronized (positionWaiters) {
            positionWaiters.removeIf(w -> {
                if (covers(w.through())) {
                    ready.add(w);
                    return true;
                }
                return false;
            });
        }
        ready.forEach(w -> w.done().complete(null));
    }

    private boolean covers(Map<Integer, Long> through) {
        for (Map.Entry<Integer, Long> e : through.entrySet()) {
            if (publishedNext.getOrDefault(e.getKey(), 0L) <= e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Completes once this replica enforces every record up to and including {@code through} (per partition, an
     * offset), e.g. the end offsets a starting replica saw.
     */
    public CompletableFuture<Void> enforced(Map<Integer, Long> through) {
        PositionWaiter w = new PositionWaiter(through, new CompletableFuture<>());
        synchronized (positionWaiters) {
            if (covers(through)) {
                return CompletableFuture.completedFuture(null);
            }
            positionWaiters.add(w);
        }
        return w.done();
    }

    private record Checked(Created done, Erasure write, String requestHash, Map<Integer, Long> applied) {
        Checked(Created done, Erasure write, String requestHash) {
            this(done, write, requestHash, null);
        }
    }

    private CompletableFuture<Created> createReplicated(ErasureParser.Parsed p) {
        return onWriter(() -> {
            Erasure req = p.erasure();
            if (req.id() != null) {
                ErasureStore.Stored existing = store.get(req.id());
                if (existing != null) {
                    if (existing.requestHash().equals(p.requestHash())) {
                        return new Checked(new Created(ErasureParser.fromJson(existing.json()), false, p.warnings()), null,
                                null, Map.copyOf(appliedNext));
                    }
                    throw new ConflictException(req.id());
                }
            }
            Erasure e = withServerFields(req, req.id() != null ? req.id() : UUID.randomUUID().toString());
            return new Checked(null, e, p.requestHash(), null);
        }).thenCompose(c -> {
            if (c.done() != null) {
                // in the index is not yet enforced (a line of a bulk still open): answer once all applied is
                Map<Integer, Long> through = new HashMap<>();
                c.applied().forEach((part, next) -> {
                    if (next > 0) {
                        through.put(part, next - 1);
                    }
                });
                return enforced(through).orTimeout(applyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((x, err) -> {
                            if (err != null) {
                                throw new ErasureLog.LogUnavailableException("erasure " + c.done().erasure().id()
                                        + " exists but this replica does not enforce it yet (a bulk import is being read);"
                                        + " try again shortly", err);
                            }
                            return c.done();
                        });
            }
            return appendAndWait(c.write(), c.requestHash()).thenApply(o -> switch (o.kind()) {
                case CREATED -> new Created(o.erasure(), true, p.warnings());
                case EXISTING -> new Created(o.erasure(), false, p.warnings());
                case CONFLICT -> throw new ConflictException(c.write().id());
                case RETIRED -> new Created(o.erasure(), false, p.warnings());
            });
        });
    }

    private CompletableFuture<Erasure> retireReplicated(String id) {
        return onWriter(() -> {
            ErasureStore.Stored s = store.get(id);
            if (s == null) {
                throw new NotFoundException(id);
            }
            Erasure e = ErasureParser.fromJson(s.json());
            return new Checked(null, e.active() ? e.retired(clock.instant()) : e, e.active() ? s.requestHash() : null);
        }).thenCompose(c -> c.requestHash() == null ? CompletableFuture.completedFuture(c.write())
                : appendAndWait(c.write(), c.requestHash()).thenApply(Outcome::erasure));
    }

    /** Appends one record and completes once this replica has applied and enforces it, with what applying did. */
    private CompletableFuture<Outcome> appendAndWait(Erasure e, String requestHash) {
        String writeId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        pendingWrites.put(writeId, outcome);
        return log.append(new ErasureLog.Append(e.id(), ErasureParser.toJson(e), requestHash, writeId, null, 0))
                .handle((pos, err) -> {
                    if (err != null) {
                        pendingWrites.remove(writeId);
                        Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                        throw c instanceof RuntimeException re ? re : new ErasureLog.LogUnavailableException(c.toString(), c);
                    }
                    return outcome;
                }).thenCompose(f -> f.orTimeout(applyTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(err -> {
                    pendingWrites.remove(writeId);
                    if (err instanceof java.util.concurrent.TimeoutException) {
                        throw new ErasureLog.LogUnavailableException("erasure " + e.id() + " is in the erasure log but this"
                                + " replica did not apply it within " + applyTimeout.toMillis() + " ms; every replica enforces"
                                + " it once it has read that far", err);
                    }
                    throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
                }));
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
        // writes from now on take versions above the watermark, which the next start catches up from
        store.advanceTo(l.watermark());
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

    /** The log positions applied, as Lucene commit data (writer thread). */
    private Map<String, String> positionsCommitData() {
        Map<String, String> commit = new HashMap<>();
        commit.put(COMMIT_TOPIC_ID, appliedTopicId);
        appliedNext.forEach((p, off) -> commit.put(COMMIT_NEXT_PREFIX + p, Long.toString(off)));
        return commit;
    }

    private void rebuildBase() {
        if (uncommitted > 0) {
            // the matcher snapshot written below must not cover records the index could lose in a crash
            store.commit(positionsCommitData());
            uncommitted = 0;
            lastCommit = System.nanoTime();
        }
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
        return new CompiledErasures.Spec(s.names(), s.aliases(), s.emails(), numbers, s.identifiers(), regions,
                s.country());
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
