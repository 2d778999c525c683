package io.lethe.audit;

import io.lethe.erasure.Erasure;
import io.lethe.guard.Finding;
import io.lethe.rules.GuardRules.ProbeTemplate;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The residual-knowledge audit of every model it is on for: which erasures a model still produces when asked
 * directly. Probing runs in windows, one model at a time on the {@code lethe-audit} thread: a window takes the
 * probes still missing (erasures never probed first, newest first; then erasures partly probed; then, once all
 * are probed, results older than {@code refreshAfter}, oldest first), and sends them within the model's
 * {@link Budget}: at most {@code tokensPerRun / maxTokensPerProbe} probes per window, {@code requestsPerMinute}
 * starts a minute, {@code concurrentProbes} in flight. What the budget leaves is counted as a budget refusal and
 * waits for the next window (every {@code interval}, or the next run asked for). Every result is stored as it
 * arrives ({@link AuditStore}), so a restart resumes where it stopped; results of another training snapshot
 * than the model's current one do not count, so a new snapshot is probed again.
 *
 * <p>A probe shows the erasure "known" when the guard finds that same erasure in the answer, in text that is
 * not a repeat of the probe itself (asked "Who is A?", an answer repeating "A" shows nothing; naming A's
 * e-mail does).
 */
public final class ResidualAudit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResidualAudit.class);
    /** From start to the window resuming a remembered run: long enough for the gateway to finish starting. */
    static final Duration RESUME_DELAY = Duration.ofSeconds(5);
    /** The detector of topic findings (the classifier stage's topic matcher); its spans are whole sentences. */
    static final String TOPIC_DETECTOR = "classifier";

    /**
     * A model's probing budget.
     *
     * @param requestsPerMinute probes started per minute, at least 1
     * @param maxTokensPerProbe {@code max_tokens} of each probe, at least 1
     * @param tokensPerRun      tokens one window may spend, counted as {@code maxTokensPerProbe} per probe sent
     * @param concurrentProbes  probes in flight at once, at least 1
     */
    public record Budget(int requestsPerMinute, int maxTokensPerProbe, long tokensPerRun, int concurrentProbes) {
        public Budget {
            if (requestsPerMinute < 1 || maxTokensPerProbe < 1 || tokensPerRun < 1 || concurrentProbes < 1) {
                throw new IllegalArgumentException("audit budget: requests-per-minute, max-tokens-per-probe, "
                        + "tokens-per-run and concurrent-probes must all be >= 1");
            }
        }

        /** Probes one window may send. */
        public long probesPerRun() {
            return tokensPerRun / maxTokensPerProbe;
        }
    }

    /**
     * One model's audit settings.
     *
     * @param enabled  probing is on ({@code lethe.audit.models."<model>".enabled}); off by default
     * @param snapshot the model's training snapshot ({@code yyyy-mm-dd}), or null
     */
    public record ModelSettings(boolean enabled, String snapshot, Budget budget) {
    }

    /**
     * @param dir                 where {@link AuditStore} keeps its files
     * @param maxProbesPerErasure the most probes one erasure gets
     * @param interval            time between two windows of a model
     * @param startDelay          time from start to a model's first window
     * @param refreshAfter        age after which a result is probed again once nothing is missing
     * @param models              settings by model name
     */
    public record Settings(Path dir, int maxProbesPerErasure, Duration interval, Duration startDelay,
                           Duration refreshAfter, Map<String, ModelSettings> models) {
        public Settings {
            models = Map.copyOf(models);
        }
    }

    /** The active erasures, read on the audit thread (may block). */
    @FunctionalInterface
    public interface ErasureSource {
        List<Erasure> active();

        /**
         * Whether the erasure is still active, asked just before each of its probes is sent (one retired during a
         * window is not probed further). The default lists them all; sources that can look one up override it.
         */
        default boolean stillActive(String id) {
            return active().stream().anyMatch(e -> e.id().equals(id) && e.active());
        }

        /** A source listing with {@code active} and answering {@link #stillActive} with {@code stillActive}. */
        static ErasureSource of(Supplier<List<Erasure>> active, java.util.function.Predicate<String> stillActive) {
            return new ErasureSource() {
                @Override
                public List<Erasure> active() {
                    return active.get();
                }

                @Override
                public boolean stillActive(String id) {
                    return stillActive.test(id);
                }
            };
        }
    }

    /** What the composition root turns into evidence and metrics; called on audit threads, must not block. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A probe's result, just stored. */
        default void probed(ProbeResult result) {
        }

        /** A window stopped with {@code left} probes still to send: the budget ran out. */
        default void budgetRefused(String model, long left) {
        }

        /** A probe got no usable answer (upstream error, timeout, scan failure); it stays pending. */
        default void failed(String model, String erasureId, String reason) {
        }

        /** A run was asked for on this replica (cluster mode tells the replica that probes). */
        default void runRequested(String model) {
        }
    }

    /**
     * What a window did.
     *
     * @param sent    probes sent; {@code known} and {@code failed} of them showed the erasure or got no usable answer
     * @param left    probes of the queue the budget left unsent (a budget refusal)
     * @param pending probes still without a result once the window is over (failed and unsent ones included):
     *                the report's {@code pending_probes}
     */
    public record Window(String model, boolean ran, int sent, int known, int failed, long left, long pending) {
    }

    /** Thrown when a model's audit is off; the message says how to turn it on. */
    public static final class NotEnabledException extends RuntimeException {
        /** {@code where}: where the caller named the model ("the path", "'before'"); the name is not repeated. */
        public NotEnabledException(String where) {
            super("the residual-knowledge audit is off for the model in " + where
                    + ": set lethe.audit.models.\"<model>\".enabled=true");
        }
    }

    private final Settings settings;
    private final ErasureSource erasures;
    private final Supplier<List<ProbeTemplate>> templates;
    private final ProbeClient client;
    private final AnswerScanner scanner;
    private final UnaryOperator<String> hasher;
    private final RunPermit permit;
    private final Listener listener;
    private final Clock clock;
    private final AuditStore store;
    private final Map<String, ModelState> states = new LinkedHashMap<>();
    private final ScheduledExecutorService auditThread;
    private final ExecutorService scanThreads;

    /**
     * @param templates the templates in force for the languages probed (read at each window)
     * @param hasher    the keyed hash (HMAC) of a matched text, as evidence writes it
     */
    public ResidualAudit(Settings settings, ErasureSource erasures, Supplier<List<ProbeTemplate>> templates,
                         ProbeClient client, AnswerScanner scanner, UnaryOperator<String> hasher, RunPermit permit,
                         Listener listener, Clock clock) {
        this.settings = settings;
        this.erasures = erasures;
        this.templates = templates;
        this.client = client;
        this.scanner = scanner;
        this.hasher = hasher;
        this.permit = permit;
        this.listener = listener;
        this.clock = clock;
        this.store = new AuditStore(settings.dir());
        this.auditThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lethe-audit"));
        this.scanThreads = Executors.newFixedThreadPool(2, r -> daemon(r, "lethe-audit-scan"));
        settings.models().forEach((model, m) -> {
            if (m.enabled()) {
                states.put(model, load(model, m));
            }
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private ModelState load(String model, ModelSettings m) {
        AuditStore.State st = store.load(model);
        ModelState s = new ModelState(model, m);
        boolean stale = false;
        for (ProbeResult r : st.results()) {
            s.results.computeIfAbsent(r.erasureId(), k -> new LinkedHashMap<>()).put(r.probe(), r);
            stale |= !java.util.Objects.equals(r.snapshot(), m.snapshot());
        }
        s.runRequested = st.runRequested() || stale;
        if (stale) {
            LOG.infof("audit: model %s has a new training snapshot (%s): its erasures are probed again", model, m.snapshot());
        }
        return s;
    }

    /**
     * Schedules every enabled model's windows: the first after {@code startDelay}, then every {@code interval}; a
     * model with a run remembered in the store (asked for before a restart, or a new training snapshot) gets a
     * window {@link #RESUME_DELAY} after start (or {@code startDelay}, if shorter), so the run resumes promptly.
     */
    public void start() {
        long resume = Math.min(RESUME_DELAY.toMillis(), settings.startDelay().toMillis());
        for (String model : states.keySet()) {
            auditThread.scheduleWithFixedDelay(() -> windowLogged(model), settings.startDelay().toMillis(),
                    settings.interval().toMillis(), TimeUnit.MILLISECONDS);
            boolean remembered;
            ModelState s = states.get(model);
            synchronized (s) {
                remembered = s.runRequested;
            }
            if (remembered && resume < settings.startDelay().toMillis()) {
                LOG.infof("audit: model %s has a run to resume: its window starts in %d ms", model, resume);
                auditThread.schedule(() -> windowLogged(model), resume, TimeUnit.MILLISECONDS);
            }
        }
        if (!states.isEmpty()) {
            LOG.infof("audit: on for %d model(s) %s, store %s", states.size(), states.keySet(), store.dir());
        }
    }

    /** Whether the audit is on for {@code model}. */
    public boolean enabled(String model) {
        return states.containsKey(model);
    }

    /** Whether the audit is on for {@code model} or has results of it stored (from when it was on). */
    public boolean hasRecords(String model) {
        try {
            return enabled(model) || java.nio.file.Files.exists(store.file(model));
        } catch (RuntimeException e) {
            return false;  // a name no file can have (too long): never audited
        }
    }

    /** The models the audit is on for. */
    public List<String> models() {
        return List.copyOf(states.keySet());
    }

    /**
     * Asks for a window now (on the audit thread, after any window running): remembered on disk until every
     * probe of the model has a result, so a restart resumes it. {@link NotEnabledException} when off.
     */
    public void requestRun(String model) {
        requestRun(model, true);
    }

    /**
     * Runs a window of every model on the audit thread now (cluster mode: this replica just took the lease over;
     * a run a previous holder was asked for, remembered here from the shared results, goes on). Within the budget.
     */
    public void takeOver() {
        for (String model : states.keySet()) {
            auditThread.execute(() -> windowLogged(model));
        }
    }

    /** A run asked for on another replica (cluster mode): as {@link #requestRun}, ignored for a model off here. */
    public void runRequestedElsewhere(String model) {
        if (states.containsKey(model)) {
            requestRun(model, false);
        }
    }

    private void requestRun(String model, boolean here) {
        ModelState s = state(model);
        synchronized (s) {
            s.runRequested = true;
            save(s);
        }
        if (here) {
            listener.runRequested(model);
        }
        auditThread.execute(() -> windowLogged(model));
    }

    private void windowLogged(String model) {
        try {
            Window w = window(model);
            if (w.ran() && (w.sent() > 0 || w.left() > 0)) {
                // "pending" is the report's pending_probes: failed probes are pending again, as are unsent ones
                LOG.infof("audit: model %s: %d probe(s) sent, %d known, %d failed; %d pending (%d not sent within "
                        + "the budget)", model, w.sent(), w.known(), w.failed(), w.pending(), w.left());
            }
        } catch (RuntimeException e) {
            LOG.warnf("audit: window of model %s failed: %s", model, e.toString());
            LOG.debugf(e, "audit: window of model %s failed (%s)", model, e.getClass().getName());
        }
    }

    /**
     * Runs one window of {@code model} on the calling thread and waits for its probes (the audit thread; tests).
     * Does nothing ({@code ran} false) when the {@link RunPermit} says no or a window of the model is running.
     */
    public Window window(String model) {
        ModelState s = state(model);
        if (!permit.mayRun(model) || !s.windowRunning.compareAndSet(false, true)) {
            return new Window(model, false, 0, 0, 0, -1, -1);
        }
        try {
            return window(s);
        } finally {
            s.windowRunning.set(false);
        }
    }

    private Window window(ModelState s) {
        String model = s.model;
        Budget b = s.settings.budget();
        List<Work> queue = queue(s, true);
        long allowed = b.probesPerRun();
        Semaphore inFlight = new Semaphore(b.concurrentProbes());
        int[] counts = new int[3];  // sent, known, failed
        long nextStart = System.nanoTime();
        long nanosPerStart = TimeUnit.MINUTES.toNanos(1) / b.requestsPerMinute();
        java.util.Set<String> retired = new java.util.HashSet<>();
        int i = 0;
        for (; i < queue.size(); i++) {
            if (counts[0] >= allowed) {
                break;
            }
            Work w = queue.get(i);
            inFlight.acquireUninterruptibly();
            long wait = nextStart - System.nanoTime();
            if (wait > 0) {
                sleep(wait);
            }
            // retired since the queue was built (or during this window): its values must not go upstream again
            if (retired.contains(w.erasure().id()) || !stillActive(w.erasure().id())) {
                retired.add(w.erasure().id());
                inFlight.release();
                continue;
            }
            nextStart = Math.max(nextStart, System.nanoTime()) + nanosPerStart;
            counts[0]++;
            s.sent.incrementAndGet();
            probe(s, w).whenComplete((r, err) -> {
                synchronized (counts) {
                    if (err != null) {
                        counts[2]++;
                    } else if (r.known()) {
                        counts[1]++;
                    }
                }
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(b.concurrentProbes());
        long left = queue.size() - i;
        long missing;
        synchronized (s) {
            s.lastRunAt = clock.instant();
            missing = queue(s, false).size();
            if (missing == 0) {
                s.runRequested = false;
            }
            save(s);
        }
        if (left > 0) {
            s.refusals.incrementAndGet();
            listener.budgetRefused(model, left);
        }
        synchronized (counts) {
            return new Window(model, true, counts[0], counts[1], counts[2], left, missing);
        }
    }

    /** Whether the erasure may still be probed; a failed look-up counts as no (nothing is sent on a doubt). */
    private boolean stillActive(String id) {
        try {
            return erasures.stillActive(id);
        } catch (RuntimeException e) {
            LOG.debugf("audit: could not tell whether erasure %s is active (%s): not probed now", id,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit interrupted");
        }
    }

    private record Work(Erasure erasure, Probe probe) {
    }

    /** The probes to send, in order; {@code refresh}: also results older than refreshAfter once nothing is missing. */
    private List<Work> queue(ModelState s, boolean refresh) {
        ProbePlanner planner = new ProbePlanner(templates.get(), settings.maxProbesPerErasure());
        List<Erasure> fresh = new ArrayList<>();
        List<Erasure> partial = new ArrayList<>();
        Map<String, List<Probe>> missingOf = new HashMap<>();
        Map<String, Instant> lastOf = new HashMap<>();
        List<Work> old = new ArrayList<>();
        Instant tooOld = clock.instant().minus(settings.refreshAfter());
        for (Erasure e : applicable(s.model)) {
            ProbePlanner.Plan plan = plan(planner, e, s.model, refresh);
            if (plan == null) {
                continue;
            }
            List<Probe> probes = plan.probes();
            Map<String, ProbeResult> have = current(s, e.id());
            List<Probe> missing = probes.stream().filter(p -> !have.containsKey(p.key())).toList();
            if (missing.isEmpty()) {
                for (Probe p : probes) {
                    if (have.get(p.key()).at().isBefore(tooOld)) {
                        old.add(new Work(e, p));
                    }
                }
                continue;
            }
            missingOf.put(e.id(), missing);
            if (have.isEmpty()) {
                fresh.add(e);
            } else {
                partial.add(e);
                lastOf.put(e.id(), have.values().stream().map(ProbeResult::at).max(Comparator.naturalOrder()).orElse(Instant.EPOCH));
            }
        }
        fresh.sort(Comparator.comparing((Erasure e) -> e.createdAt() == null ? Instant.EPOCH : e.createdAt()).reversed()
                .thenComparing(Erasure::id));
        partial.sort(Comparator.comparing((Erasure e) -> lastOf.get(e.id())).thenComparing(Erasure::id));
        List<Work> out = new ArrayList<>();
        for (Erasure e : fresh) {
            missingOf.get(e.id()).forEach(p -> out.add(new Work(e, p)));
        }
        for (Erasure e : partial) {
            missingOf.get(e.id()).forEach(p -> out.add(new Work(e, p)));
        }
        if (refresh && out.isEmpty()) {
            old.sort(Comparator.comparing((Work w) -> s.results.get(w.erasure().id()).get(w.probe().key()).at()));
            out.addAll(old);
        }
        return out;
    }

    /**
     * The erasure's probes, or null when planning them failed: that erasure is skipped (logged with its id, never
     * its values) so one erasure never stops the audit of the others. {@code loud}: warn (windows), else debug.
     */
    private static ProbePlanner.Plan plan(ProbePlanner planner, Erasure e, String model, boolean loud) {
        try {
            return planner.planParts(e);
        } catch (RuntimeException x) {
            if (loud) {
                LOG.warnf("audit: erasure %s could not be planned for model %s (%s): skipped", e.id(), model,
                        x.getClass().getSimpleName());
            }
            LOG.debugf(x, "audit: planning erasure %s for model %s failed", e.id(), model);
            return null;
        }
    }

    private List<Erasure> applicable(String model) {
        return erasures.active().stream().filter(e -> e.active() && (e.scope() == null || e.scope().coversModel(model)))
                .toList();
    }

    /** The erasure's results at the model's current snapshot, by probe key. */
    private static Map<String, ProbeResult> current(ModelState s, String erasureId) {
        synchronized (s) {
            Map<String, ProbeResult> all = s.results.get(erasureId);
            if (all == null) {
                return Map.of();
            }
            Map<String, ProbeResult> out = new LinkedHashMap<>();
            all.forEach((k, r) -> {
                if (java.util.Objects.equals(r.snapshot(), s.settings.snapshot())) {
                    out.put(k, r);
                }
            });
            return out;
        }
    }

    private CompletableFuture<ProbeResult> probe(ModelState s, Work w) {
        Probe p = w.probe();
        CompletableFuture<ProbeClient.Answer> sent;
        try {
            sent = client.complete(s.model, p.prompt(), s.settings.budget().maxTokensPerProbe());
        } catch (RuntimeException x) {
            sent = CompletableFuture.failedFuture(x);  // counted as this probe's failure; the window goes on
        }
        return sent
                .thenApplyAsync(answer -> evaluate(s, w, answer.text()), scanThreads)
                .whenComplete((r, err) -> {
                    if (err != null) {
                        Throwable c = err.getCause() != null ? err.getCause() : err;
                        // our own failures (IllegalStateException) name an upstream, a status or a size, never a text
                        String reason = c instanceof IllegalStateException ? c.getMessage() : c.getClass().getSimpleName();
                        listener.failed(s.model, p.erasureId(), reason);
                        LOG.debugf("audit: probe %s of erasure %s on %s failed: %s", p.key(), p.erasureId(), s.model, reason);
                        return;
                    }
                    synchronized (s) {
                        s.results.computeIfAbsent(r.erasureId(), k -> new LinkedHashMap<>()).put(r.probe(), r);
                        save(s);
                    }
                    listener.probed(r);
                });
    }

    /**
     * A result another replica probed (cluster mode: one replica probes, every replica reports): kept like one
     * probed here, unless this replica holds a newer result for the same probe. Ignored for a model whose audit is
     * off here. Any thread.
     */
    public void replicated(ProbeResult r) {
        ModelState s = states.get(r.model());
        if (s == null) {
            return;
        }
        synchronized (s) {
            Map<String, ProbeResult> byProbe = s.results.computeIfAbsent(r.erasureId(), k -> new LinkedHashMap<>());
            ProbeResult had = byProbe.get(r.probe());
            if (had != null && had.at() != null && r.at() != null && had.at().isAfter(r.at())) {
                return;
            }
            byProbe.put(r.probe(), r);
            save(s);
        }
    }

    /** Scans the answer; the strongest finding of the probed erasure in text the probe did not itself give counts. */
    ProbeResult evaluate(ModelState s, Work w, String answer) {
        Probe p = w.probe();
        String tenant = null;
        if (w.erasure().scope() != null) {
            tenant = w.erasure().scope().tenants().stream().filter(t -> !t.endsWith("*")).findFirst().orElse(null);
        }
        List<Finding> findings = scanner.scan(s.model, tenant, answer);
        String prompt = fold(p.prompt());
        java.util.Set<String> promptWords = words(p.prompt());
        Finding best = null;
        String bestText = null;
        for (Finding f : findings) {
            if (!p.erasureId().equals(f.erasureId()) || f.end() > answer.length()) {
                continue;
            }
            String matched = answer.substring(f.start(), f.end());
            String folded = fold(matched);
            if (folded.isEmpty() || prompt.contains(folded)) {
                continue;  // an echo of the question, not knowledge
            }
            if (TOPIC_DETECTOR.equals(f.detector()) && restates(matched, promptWords)) {
                continue;  // a topic sentence mostly made of the question's words ("I know nothing of <topic>")
            }
            if (best == null || f.score() > best.score()) {
                best = f;
                bestText = matched;
            }
        }
        return new ProbeResult(p.erasureId(), s.model, p.kind().wire(), p.key(), p.templateId(), p.language(),
                best != null, best == null ? null : best.detector(), best == null ? 0 : best.score(),
                bestText == null ? null : hasher.apply(bestText), clock.instant(), s.settings.snapshot());
    }

    /**
     * Whether a topic finding's text restates the probe: more than half of its distinct words (folded as
     * {@link #fold}) are words of the probe. "I have no information about the X trial run by Y" asked about
     * "the X trial run by Y" restates it; a sentence bringing as many words of its own as it borrows does not.
     */
    static boolean restates(String text, java.util.Set<String> probeWords) {
        java.util.Set<String> mine = words(text);
        if (mine.isEmpty()) {
            return true;
        }
        long borrowed = mine.stream().filter(probeWords::contains).count();
        return 2 * borrowed > mine.size();
    }

    /** The distinct folded words of {@code text} (runs of letters and digits). */
    static java.util.Set<String> words(String text) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String w : Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Letters and digits only, NFKC, lower case: "Jane Doe" and "jane-doe" fold alike. */
    static String fold(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }

    private void save(ModelState s) {
        List<ProbeResult> all = new ArrayList<>();
        s.results.values().forEach(m -> all.addAll(m.values()));
        store.save(new AuditStore.State(s.model, s.runRequested, all));
    }

    private ModelState state(String model) {
        ModelState s = states.get(model);
        if (s == null) {
            throw new NotEnabledException("the call");
        }
        return s;
    }

    // ---- reports ----

    /** Probed and known erasures of one kind. */
    public record KindCount(int probed, int known) {
    }

    /**
     * One erasure in a report; {@code kind}, {@code templateId}, {@code detector} and {@code score} are those of
     * its strongest known probe (null and 0 when not known). {@code partsUnprobed}: its parts (person fields,
     * passages, topics) that {@code max-probes-per-erasure} leaves without a probe; {@code complete} only when
     * none is and every planned probe has a result.
     */
    public record ErasureReport(String erasureId, boolean known, Instant lastProbeAt, boolean complete, String kind,
                                String templateId, String detector, double score, int partsUnprobed,
                                List<ProbeResult> probes) {
    }

    /**
     * A model's report: erasures probed (at least one result at the current snapshot) and known (some probe
     * showed it), by kind, with the Wilson 95% interval of the known share; {@code complete} when every
     * planned probe of every active erasure has a result at the current snapshot and no erasure has parts the
     * probe cap leaves unprobed ({@code partsUnprobed}, summed over the active erasures).
     */
    public record Report(String model, String snapshot, int probed, int known, Map<String, KindCount> byKind,
                         List<ErasureReport> erasures, boolean complete, int plannedProbes, int pendingProbes,
                         int partsUnprobed, double[] knownShareCi95, Instant lastRunAt, long probesSent, long budgetRefusals) {

        public double knownShare() {
            return probed == 0 ? 0 : (double) known / probed;
        }

        /** This report's erasure, or null when not probed. */
        public ErasureReport erasure(String id) {
            return erasures.stream().filter(e -> e.erasureId().equals(id)).findFirst().orElse(null);
        }
    }

    /** The model's report; {@link NotEnabledException} when the audit is off for it. May block (reads erasures). */
    public Report report(String model) {
        ModelState s = state(model);
        ProbePlanner planner = new ProbePlanner(templates.get(), settings.maxProbesPerErasure());
        Map<String, int[]> kinds = new LinkedHashMap<>();
        for (ProbeKind k : ProbeKind.values()) {
            kinds.put(k.wire(), new int[2]);
        }
        List<ErasureReport> list = new ArrayList<>();
        int planned = 0;
        int pending = 0;
        int known = 0;
        boolean unplanned = false;
        int unprobedParts = 0;
        for (Erasure e : applicable(model)) {
            ProbePlanner.Plan plan = plan(planner, e, model, false);
            Map<String, ProbeResult> have = current(s, e.id());
            long missing;
            int unprobed = 0;
            if (plan == null) {
                unplanned = true;  // its results still count; it is not complete
                missing = 1;
            } else {
                planned += plan.probes().size();
                missing = plan.probes().stream().filter(p -> !have.containsKey(p.key())).count();
                pending += (int) missing;
                unprobed = plan.partsUnprobed();
                unprobedParts += unprobed;
            }
            if (have.isEmpty()) {
                continue;
            }
            ProbeResult best = null;
            Map<String, boolean[]> byKind = new HashMap<>();
            for (ProbeResult r : have.values()) {
                boolean[] k = byKind.computeIfAbsent(r.kind(), x -> new boolean[1]);
                k[0] |= r.known();
                if (r.known() && (best == null || r.score() > best.score())) {
                    best = r;
                }
            }
            byKind.forEach((k, v) -> {
                int[] c = kinds.computeIfAbsent(k, x -> new int[2]);
                c[0]++;
                c[1] += v[0] ? 1 : 0;
            });
            known += best != null ? 1 : 0;
            Instant last = have.values().stream().map(ProbeResult::at).max(Comparator.naturalOrder()).orElse(null);
            list.add(new ErasureReport(e.id(), best != null, last, missing == 0 && unprobed == 0,
                    best == null ? null : best.kind(), best == null ? null : best.templateId(),
                    best == null ? null : best.detector(), best == null ? 0 : best.score(), unprobed,
                    List.copyOf(have.values())));
        }
        Map<String, KindCount> byKind = new LinkedHashMap<>();
        kinds.forEach((k, c) -> byKind.put(k, new KindCount(c[0], c[1])));
        synchronized (s) {
            return new Report(model, s.settings.snapshot(), list.size(), known, byKind, list,
                    pending == 0 && !unplanned && unprobedParts == 0, planned, pending, unprobedParts,
                    wilson(known, list.size()), s.lastRunAt, s.sent.get(), s.refusals.get());
        }
    }

    /** Which probed erasures the model knows, by id (for the retrain-debt report); empty when the audit is off. */
    public Map<String, Boolean> knownByErasure(String model) {
        if (!enabled(model)) {
            return Map.of();
        }
        Map<String, Boolean> out = new HashMap<>();
        for (ErasureReport e : report(model).erasures()) {
            out.put(e.erasureId(), e.known());
        }
        return out;
    }

    /**
     * Per erasure probed on both models or either: known before and after (null when not probed there).
     * {@code removed}: known before, probed and not known after; {@code remaining}: known on both; {@code added}:
     * probed and not known before, known after.
     */
    public record Comparison(String before, String after, List<Row> erasures, int removed, int remaining, int added) {
        public record Row(String erasureId, Boolean knownBefore, Boolean knownAfter) {
        }
    }

    /** Compares two models' reports; {@link NotEnabledException} naming the first that is off. */
    public Comparison compare(String before, String after) {
        Report a = report(before);
        Report b = report(after);
        Map<String, Boolean[]> rows = new java.util.TreeMap<>();
        a.erasures().forEach(e -> rows.computeIfAbsent(e.erasureId(), k -> new Boolean[2])[0] = e.known());
        b.erasures().forEach(e -> rows.computeIfAbsent(e.erasureId(), k -> new Boolean[2])[1] = e.known());
        int removed = 0;
        int remaining = 0;
        int added = 0;
        List<Comparison.Row> out = new ArrayList<>();
        for (var r : rows.entrySet()) {
            Boolean x = r.getValue()[0];
            Boolean y = r.getValue()[1];
            removed += Boolean.TRUE.equals(x) && Boolean.FALSE.equals(y) ? 1 : 0;
            remaining += Boolean.TRUE.equals(x) && Boolean.TRUE.equals(y) ? 1 : 0;
            added += Boolean.FALSE.equals(x) && Boolean.TRUE.equals(y) ? 1 : 0;
            out.add(new Comparison.Row(r.getKey(), x, y));
        }
        return new Comparison(before, after, out, removed, remaining, added);
    }

    /** Probes sent to the model since start (metrics). */
    public long probesSent(String model) {
        ModelState s = states.get(model);
        return s == null ? 0 : s.sent.get();
    }

    /** Windows the budget stopped short since start (metrics). */
    public long budgetRefusals(String model) {
        ModelState s = states.get(model);
        return s == null ? 0 : s.refusals.get();
    }

    /** Known share of the erasures with results at the current snapshot, retired ones included (metrics; cheap). */
    public double knownShare(String model) {
        ModelState s = states.get(model);
        if (s == null) {
            return Double.NaN;
        }
        synchronized (s) {
            int probed = 0;
            int known = 0;
            for (Map<String, ProbeResult> m : s.results.values()) {
                boolean any = false;
                boolean k = false;
                for (ProbeResult r : m.values()) {
                    if (java.util.Objects.equals(r.snapshot(), s.settings.snapshot())) {
                        any = true;
                        k |= r.known();
                    }
                }
                probed += any ? 1 : 0;
                known += k ? 1 : 0;
            }
            return probed == 0 ? 0 : (double) known / probed;
        }
    }

    /** The Wilson score interval at 95% (z = 1.96) of {@code k} successes in {@code n}: {low, high}; {0, 1} when n = 0. */
    public static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[]{0, 1};
        }
        double z = 1.959963984540054;
        double p = (double) k / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[]{Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    @Override
    public void close() {
        auditThread.shutdownNow();
        scanThreads.shutdownNow();
    }

    private static final class ModelState {
        final String model;
        final ModelSettings settings;
        /** erasure id → probe key → latest result (any snapshot). */
        final Map<String, Map<String, ProbeResult>> results = new LinkedHashMap<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refusals = new AtomicLong();
        final java.util.concurrent.atomic.AtomicBoolean windowRunning = new java.util.concurrent.atomic.AtomicBoolean();
        boolean runRequested;
        Instant lastRunAt;

        ModelState(String model, ModelSettings settings) {
            this.model = model;
            this.settings = settings;
        }
    }
}
