package io.lethe.guard.pipeline;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The guard's state for one response: per channel, the raw text so far, what was released, and the
 * findings still to apply. Not thread-safe.
 *
 * <p>Streamed: call {@link #append} per delta and {@link #finish} when the channel ends, sending exactly
 * the returned text. Whole answers: {@link #scanWhole}. For the same text both give the same output
 * unless a choice is blocked (then the streamed client got a clean prefix before the refusal).
 *
 * <p>Asynchronous stages (a classifier) leave work {@link #pending()}: the owner waits for that future, then
 * calls {@link #poll()} on the session's thread to release what their results allow. A channel is
 * {@link #settled(int) settled} once it is finished and everything in it was released or blocked. A finding
 * whose text was all released already (a classifier in shadow mode) is recorded but at most audited.
 *
 * <p>Every finding a stage reports is snapped to grapheme cluster boundaries ({@link GraphemeSpans}, UAX #29)
 * before the policy sees it: its start moves past the marks, selectors, ZWJ or tag chars that belong to the
 * char before it, its end over those that belong to its own last char. An end that reaches the text received
 * so far is not final (a combining char may still come): unless it blocks, such a finding waits, and holds
 * the text from its start, until the next char or the channel's end decides it. So a redaction never leaves a
 * mark dangling, and the streamed spans equal the whole text's.
 */
public final class GuardSession {

    /** Detector name of findings the wire itself makes (a choice that cannot be walked). */
    public static final String WIRE = "wire";

    private final List<GuardStage> stages;
    private final Policy policy;
    private final GuardListener listener;
    private final ScanContext context;
    /** What the scanners of this response share across channels. */
    private final io.lethe.guard.ScanScope scope;
    private final Map<Channel, ChannelState> channels = new LinkedHashMap<>();
    /** The same channels by choice: {@link #settled(int)} runs per choice per chunk (3,000 choices took 2.4 s). */
    private final Map<Integer, List<ChannelState>> byChoice = new HashMap<>();
    private final Map<Integer, Decision> blockedChoices = new HashMap<>();
    /** Object keys the request declared (its schemas' property names): a redaction keeps them in JSON channels. */
    private java.util.Set<String> declaredKeys = java.util.Set.of();
    /** Channels marked as JSON text besides those whose kind is ({@link #treatAsJson}). */
    private final java.util.Set<Channel> jsonChannels = new java.util.HashSet<>(0);
    private final List<DecidedFinding> findings = new ArrayList<>();
    private Action action = Action.ALLOW;
    /** The session guards a whole answer: nothing reaches anyone before every channel is settled. */
    private boolean wholeAnswer;
    /** The pipeline this session was opened on, for its cache of clean atoms; null for a prompt check. */
    private final GuardPipeline pipeline;

    GuardSession(List<GuardStage> stages, Policy policy, GuardListener listener, ScanContext context) {
        this(stages, policy, listener, context, null);
    }

    GuardSession(List<GuardStage> stages, Policy policy, GuardListener listener, ScanContext context,
                 GuardPipeline pipeline) {
        this.pipeline = pipeline;
        this.stages = stages;
        this.policy = policy;
        this.listener = listener;
        this.context = context;
        java.util.Map<Object, Object> shared = new HashMap<>(2);
        this.scope = new io.lethe.guard.ScanScope() {
            @Override
            public ScanContext context() {
                return context;
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T shared(Object key, java.util.function.Supplier<T> init) {
                return (T) shared.computeIfAbsent(key, k -> init.get());
            }
        };
    }

    public ScanContext context() {
        return context;
    }

    /**
     * Marks the session as guarding a whole (non-streamed) answer: what it releases is collected, not sent,
     * so evidence reports nothing as already sent.
     */
    public void wholeAnswer() {
        wholeAnswer = true;
    }

    /** Whether a stage may leave work pending (whole scans then wait, off the event loop). */
    public boolean async() {
        for (GuardStage s : stages) {
            if (s.async()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The object keys the request's JSON schemas declare (structured output, tool parameters): the client's own
     * words, so a redaction in a JSON channel leaves a key spelled so as it is ({@link JsonText}). Call before the
     * first append.
     */
    public void declareKeys(java.util.Set<String> keys) {
        declaredKeys = keys;
    }

    /**
     * Marks a channel as carrying JSON text before its first text arrives (a content channel of a request that
     * asked for JSON output): its redactions keep the JSON valid, as in tool arguments. Idempotent.
     */
    public void treatAsJson(Channel channel) {
        jsonChannels.add(channel);
    }

    /** Adds streamed text to a channel; returns what may be sent now. */
    public Release append(Channel channel, CharSequence delta) {
        if (blockedChoices.containsKey(channel.choice())) {
            return Release.EMPTY;
        }
        ChannelState state = state(channel);
        if (state.complete) {
            throw new IllegalStateException("channel " + channel + " already finished");
        }
        state.text.append(delta);
        return state.advance();
    }

    /** Whether {@code channel} was used in this response already (a channel takes one text, see {@link #scanAtom}). */
    public boolean hasChannel(Channel channel) {
        return channels.containsKey(channel);
    }

    /**
     * Scans a short whole text on a channel of its own with the synchronous stages only (a protocol value, an
     * object key, a number): returns the text as released, or null when the choice is or gets blocked. The
     * asynchronous stages (a sentence classifier) are left out: they would hold every chunk for texts they
     * have nothing to say about. Findings are recorded as usual.
     *
     * @param channel a channel not used before
     */
    public String scanAtom(Channel channel, String text) {
        if (blockedChoices.containsKey(channel.choice())) {
            return null;
        }
        if (channels.containsKey(channel)) {
            throw new IllegalStateException("channel " + channel + " already used");
        }
        // a value no stage found anything in under this pipeline, with nothing the response taught the stages
        String key = pipeline != null && stagesFresh() ? GuardPipeline.atomKey(context, text) : null;
        if (pipeline != null && pipeline.knownClean(key)) {
            return text;
        }
        ChannelState state = new ChannelState(channel, true);
        put(state);
        state.text.append(text);
        state.complete = true;
        Release r = state.advance();
        if (r.blockedNow() || blockedChoices.containsKey(channel.choice())) {
            return null;
        }
        if (key != null && state.reported == 0 && text.equals(r.text())) {
            pipeline.clean(key);
        }
        return r.text();
    }

    /** Whether every stage would scan as in a fresh response (nothing learnt yet, see {@link GuardStage#fresh}). */
    private boolean stagesFresh() {
        for (GuardStage s : stages) {
            if (!s.fresh(scope)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lets the stages that read prompts ({@link GuardStage#primes()}) see a request's texts before the answer: a
     * person the prompt names makes their surname a finding from the answer's first token. Nothing is released,
     * recorded or sent: the prompt is the client's own text. Call before the first append.
     *
     * @param texts the prompt's texts (message contents); each is scanned whole on its own
     */
    public void prime(List<String> texts) {
        int n = 0;
        for (String text : texts) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            Channel ch = Channel.prompt(n++);
            ScanWindow w = new ScanWindow.Whole(ch, text);
            for (GuardStage stage : stages) {
                if (stage.primes() && !stage.async()) {
                    stage.open(scope, ch).scan(w); // findings ignored: they learn, they do not report
                }
            }
        }
    }

    /** Ends a channel: everything held is resolved and released (or blocked). Idempotent. */
    public Release finish(Channel channel) {
        if (blockedChoices.containsKey(channel.choice())) {
            return Release.EMPTY;
        }
        ChannelState state = state(channel);
        if (state.complete) {
            return Release.EMPTY;
        }
        state.complete = true;
        return state.advance();
    }

    /**
     * Ends a channel whose text was cut off before its end (the model's token limit, {@code finish_reason:
     * "length"}): what the stages still hold as unfinished — text that could still have become a finding, a
     * sentence an asynchronous stage has not scored — is dropped, never released. Findings already made are
     * applied as they stand (a name complete at the cut is still redacted, not dropped). Idempotent; a finished
     * channel releases nothing more.
     *
     * @return what may be sent now (the redactions up to the stages' hold points), or blocked
     */
    public Release cut(Channel channel) {
        if (blockedChoices.containsKey(channel.choice())) {
            return Release.EMPTY;
        }
        ChannelState state = state(channel);
        if (state.complete) {
            return Release.EMPTY;
        }
        return state.cut();
    }

    /** {@link #cut} for every open channel of a choice, in the order they were opened (as {@link #finishChoice}). */
    public Map<Channel, Release> cutChoice(int choice) {
        return eachChannelOf(choice, this::cut);
    }

    /** Ends every channel of a choice that has been opened, in the order they were opened. */
    public Map<Channel, Release> finishChoice(int choice) {
        return eachChannelOf(choice, this::finish);
    }

    private Map<Channel, Release> eachChannelOf(int choice, java.util.function.Function<Channel, Release> end) {
        Map<Channel, Release> out = new LinkedHashMap<>();
        for (Channel ch : new ArrayList<>(channels.keySet())) {
            if (ch.choice() == choice) {
                out.put(ch, end.apply(ch));
            }
        }
        return out;
    }

    /**
     * The raw text each open channel still holds (what it has not released), for a text that may continue it
     * outside the channel: an upstream error arriving mid-stream ("...ignatius.brambleton@" then an error
     * reading "fernhollow.org"). For joined scans only; never logged or returned.
     */
    public List<String> heldTails() {
        List<String> out = new ArrayList<>(0);
        for (ChannelState s : channels.values()) {
            if (!s.complete && s.released < s.text.length()) {
                out.add(s.text.substring(s.released));
            }
        }
        return out;
    }

    /** Channels opened so far and not yet finished. */
    public List<Channel> openChannels() {
        List<Channel> open = new ArrayList<>();
        for (ChannelState s : channels.values()) {
            if (!s.complete) {
                open.add(s.channel);
            }
        }
        return open;
    }

    /**
     * Scans a whole text (non-streamed answers, the scan API). Returns the text after redaction, or the
     * refusal when the choice is blocked.
     */
    public String scanWhole(Channel channel, String text) {
        StringBuilder out = new StringBuilder();
        wholeAnswer();
        out.append(append(channel, text).text());
        out.append(finish(channel).text());
        // Asynchronous stages: wait here, blocking (the proxy settles sessions without blocking instead), so
        // that shadow findings are recorded too.
        CompletableFuture<?> wait;
        while (!isBlocked(channel.choice()) && (wait = pending(channel)) != null) {
            wait.handle((v, e) -> null).join();
            out.append(state(channel).advance().text());
        }
        if (isBlocked(channel.choice())) {
            return refusal(channel.choice());
        }
        return out.toString();
    }

    /**
     * Work of asynchronous stages still running, over every channel: completes when any of it does. Null
     * when nothing is pending.
     */
    public CompletableFuture<?> pending() {
        List<CompletableFuture<?>> all = null;
        for (ChannelState s : channels.values()) {
            if (blockedChoices.containsKey(s.channel.choice())) {
                continue;
            }
            for (CompletableFuture<?> f : s.pendings) {
                if (f != null) {
                    if (f.isDone()) {
                        return f;
                    }
                    if (all == null) {
                        all = new ArrayList<>(2);
                    }
                    all.add(f);
                }
            }
        }
        if (all == null) {
            return null;
        }
        return all.size() == 1 ? all.get(0) : CompletableFuture.anyOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<?> pending(Channel channel) {
        ChannelState s = channels.get(channel);
        if (s == null) {
            return null;
        }
        for (CompletableFuture<?> f : s.pendings) {
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Re-runs the channels whose asynchronous work was pending; returns what each may send now (channels
     * with nothing new are left out). A channel that got blocked answers {@link Release#blockedNow()}.
     */
    public Map<Channel, Release> poll() {
        Map<Channel, Release> out = new LinkedHashMap<>();
        for (ChannelState s : new ArrayList<>(channels.values())) {
            if (blockedChoices.containsKey(s.channel.choice()) || !s.hasPending()) {
                continue;
            }
            Release r = s.advance();
            if (r.blockedNow() || !r.text().isEmpty()) {
                out.put(s.channel, r);
            }
        }
        return out;
    }

    /**
     * Whether every opened channel of a choice is finished and fully released (or the choice is blocked),
     * so that its end may be sent.
     */
    public boolean settled(int choice) {
        if (blockedChoices.containsKey(choice)) {
            return true;
        }
        for (ChannelState s : byChoice.getOrDefault(choice, List.of())) {
            if (!s.complete || s.released < s.text.length()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a channel is finished and all of its text released (or its choice blocked): its full text may go
     * out. A channel never opened is not settled.
     */
    public boolean settled(Channel channel) {
        if (blockedChoices.containsKey(channel.choice())) {
            return true;
        }
        ChannelState s = channels.get(channel);
        return s != null && s.complete && s.released >= s.text.length();
    }

    /** Whether a channel has been finished. */
    public boolean finished(Channel channel) {
        ChannelState s = channels.get(channel);
        return s != null && s.complete;
    }

    /** Whether some channel still has text that waits for an asynchronous stage. */
    public boolean holding() {
        for (ChannelState s : channels.values()) {
            if (!blockedChoices.containsKey(s.channel.choice()) && s.complete && s.released < s.text.length()) {
                return true;
            }
        }
        return false;
    }

    public boolean isBlocked(int choice) {
        return blockedChoices.containsKey(choice);
    }

    /** The refusal text for a blocked choice (the blocking rule's). */
    public String refusal(int choice) {
        Decision d = blockedChoices.get(choice);
        return d == null ? null : d.refusal();
    }

    /**
     * How much of a channel's raw text has been released (UTF-16 offset; 0 for a channel never opened).
     * Translators use it to send a chunk's logprobs once all of its text is out.
     */
    public int released(Channel channel) {
        ChannelState s = channels.get(channel);
        return s == null ? 0 : s.released;
    }

    /** The redactions applied to a channel's released text so far, in order (empty when none). */
    public List<Redaction> redactions(Channel channel) {
        ChannelState s = channels.get(channel);
        return s == null ? List.of() : Collections.unmodifiableList(s.redactions);
    }

    /** The length of a channel's raw text so far (UTF-16; 0 for a channel never opened). */
    public int length(Channel channel) {
        ChannelState s = channels.get(channel);
        return s == null ? 0 : s.text.length();
    }

    /**
     * Blocks a choice whose text the caller cannot take apart or attribute (default-deny: text the gateway
     * cannot walk is never forwarded). Recorded as a finding of detector {@code wire} with the given rule,
     * ruled as the policy rules a failed stage, but always at least a block. Idempotent per choice.
     *
     * @param rule why, e.g. {@code unwalkable}: a fixed word, never text from the answer
     */
    public void blockChoice(int choice, String rule) {
        if (blockedChoices.containsKey(choice)) {
            return;
        }
        Decision failure = policy.onStageFailure(WIRE, context);
        Decision d = new Decision(Action.BLOCK, rule, failure.replacement(), failure.refusal());
        Finding f = new Finding(null, WIRE, rule, Channel.content(choice), 0, 0, 1.0, Action.BLOCK);
        DecidedFinding df = new DecidedFinding(f, d);
        findings.add(df);
        action = action.max(Action.BLOCK);
        listener.finding(df, 0, "");
        blockedChoices.put(choice, d);
    }

    /** Whether any redaction applied to a channel overlaps its raw range {@code [from, to)}. */
    public boolean redacted(Channel channel, int from, int to) {
        ChannelState s = channels.get(channel);
        if (s == null) {
            return false;
        }
        for (int i = s.redactions.size() - 1; i >= 0; i--) {
            Redaction r = s.redactions.get(i);
            if (r.overlaps(from, to)) {
                return true;
            }
            if (r.end() <= from) {
                break; // applied in order: the rest lie before
            }
        }
        return false;
    }

    /** The findings the policy did not allow in one choice, in the order found. */
    public List<DecidedFinding> findings(int choice) {
        List<DecidedFinding> out = new ArrayList<>();
        for (DecidedFinding f : findings) {
            if (f.finding().channel().choice() == choice) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every finding the policy did not allow, in the order found. */
    public List<DecidedFinding> findings() {
        return Collections.unmodifiableList(findings);
    }

    /**
     * Whether the synchronous stages find something acted on (redacted or blocked) in {@code text}, scanned whole
     * on a side session of this response's context: nothing is recorded, no listener hears of it. For text this
     * response keeps apart that a client joins (the text parts of one answer), to see a form split across them.
     */
    public boolean findsActedOn(String text) {
        return !actedOn(text).isEmpty();
    }

    /**
     * The findings the synchronous stages make in {@code text} scanned whole that the policy acts on (redacts or
     * blocks), with their spans, on a {@link #side()} session: nothing is recorded, no listener hears of it.
     */
    public List<Finding> actedOn(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        GuardSession side = side();
        Channel ch = Channel.content(0);
        side.append(ch, text);
        side.finish(ch);
        List<Finding> out = new ArrayList<>(0);
        for (DecidedFinding f : side.findings()) {
            if (actedOn(f)) {
                out.add(f.finding());
            }
        }
        return out;
    }

    /** Whether the policy's ruling on a finding changes the text (redacts or blocks). */
    public static boolean actedOn(DecidedFinding f) {
        return f.decision().action() == Action.REDACT || f.decision().action() == Action.BLOCK;
    }

    /**
     * A session over this response's context with its synchronous stages (fresh) and policy, that tells no
     * listener: for text the caller checks besides its own channels, streamed (the text parts a client joins).
     * Its findings are its own; nothing reaches this session.
     */
    public GuardSession side() {
        List<GuardStage> sync = new ArrayList<>(stages.size());
        for (GuardStage st : stages) {
            if (!st.async()) {
                sync.add(st);
            }
        }
        return new GuardSession(sync, policy, GuardListener.NONE, context);
    }

    /**
     * Holds a channel's raw text from offset {@code at} on, whatever its stages allow: for text that is also
     * checked elsewhere and may go out only once that check lets it (a text part joined with the parts before
     * it). {@link Integer#MAX_VALUE} lifts the fence. Released text is never taken back: a fence below what was
     * released holds only what follows.
     *
     * @return what may be sent now that the fence moved
     */
    public Release fence(Channel channel, int at) {
        if (blockedChoices.containsKey(channel.choice())) {
            return Release.EMPTY;
        }
        ChannelState s = state(channel);
        s.fence = Math.max(at, 0);
        return s.relimit();
    }

    /** The most severe action taken so far ({@link Action#ALLOW} when nothing was found). */
    public Action action() {
        return action;
    }

    /** Characters received but not yet released, over all channels. */
    public int heldChars() {
        int held = 0;
        for (ChannelState s : channels.values()) {
            held += s.text.length() - s.released;
        }
        return held;
    }

    private ChannelState state(Channel channel) {
        ChannelState s = channels.get(channel);
        if (s == null) {
            s = new ChannelState(channel);
            put(s);
        }
        return s;
    }

    private void put(ChannelState s) {
        channels.put(s.channel, s);
        byChoice.computeIfAbsent(s.channel.choice(), c -> new ArrayList<>(2)).add(s);
    }

    /** A blocked choice releases nothing more: its channels' waiting findings are recorded as they stand. */
    private void recordUnsettled(int choice) {
        for (ChannelState s : channels.values()) {
            if (s.channel.choice() == choice) {
                s.recordWaiting();
            }
        }
    }

    private void record(DecidedFinding df, int alreadySent, CharSequence text) {
        findings.add(df);
        action = action.max(df.decision().action());
        Finding f = df.finding();
        // A view, not a copy: the listener hashes it during the call and must not keep it.
        listener.finding(df, wholeAnswer ? 0 : alreadySent,
                CharBuffer.wrap(text, f.start(), Math.min(f.end(), text.length())));
    }

    /** Per-channel state; also the window its scanners see. */
    private final class ChannelState implements ScanWindow {
        final Channel channel;
        final StringBuilder text = new StringBuilder();
        final StageScanner[] scanners;
        /** Findings the stages reported on this channel, before the policy ruled on them. */
        int reported;
        final int[] holds;
        /** Findings to redact that have not been released yet, kept sorted by start. */
        final List<DecidedFinding> pending = new ArrayList<>();
        /** Findings as reported whose end may still grow over a char not yet received, in the order found. */
        final List<Finding> unsettled = new ArrayList<>(0);
        /** The waiting findings that came from advisory stages. */
        final java.util.Set<Finding> advisoryUnsettled = new java.util.HashSet<>(0);
        /** Per stage: whether it only advises (its findings are at most audited). */
        final boolean[] advisory;
        final boolean[] failed;
        /** Per scanner: its asynchronous work still running, or null. */
        final CompletableFuture<?>[] pendings;
        int scanned;
        int released;
        boolean complete;
        /** Lexes JSON channels (tool arguments) so redactions keep them valid; null for plain text. */
        final JsonText json;
        /** Redactions applied to the released text, in order. */
        final List<Redaction> redactions = new ArrayList<>(0);
        /** Raw offset from which the caller holds the text ({@link GuardSession#fence}). */
        int fence = Integer.MAX_VALUE;
        /**
         * Where a cut channel's released text ends ({@link #cut}), else -1: the synchronous stages' hold at the cut.
         * Nothing from here on is released but findings' replacements; after the cut's own scan only asynchronous
         * stages are called again, and once none is pending the rest is dropped ({@link #dropTail}).
         */
        int cutAt = -1;
        /** The cut's own scan: the synchronous stages read the text once more, as complete. */
        boolean cutScan;
        private final StringBuilder scratch = new StringBuilder();

        ChannelState(Channel channel) {
            this(channel, false);
        }

        /** @param syncOnly scanned by the synchronous stages only ({@link #scanAtom}) */
        ChannelState(Channel channel, boolean syncOnly) {
            this.channel = channel;
            this.scanners = new StageScanner[stages.size()];
            this.holds = new int[stages.size()];
            this.failed = new boolean[stages.size()];
            this.advisory = new boolean[stages.size()];
            for (int i = 0; i < advisory.length; i++) {
                advisory[i] = stages.get(i).advisory();
            }
            this.pendings = new CompletableFuture<?>[stages.size()];
            // content no JSON output was asked for is still JSON when it opens an object with a key (a prompt asked
            // for JSON): a phone as a JSON number is then redacted as "[REDACTED]", not a bare [REDACTED] (helper-61)
            this.json = channel.kind().json() || jsonChannels.contains(channel) ? new JsonText(declaredKeys)
                    : channel.kind() == ChannelKind.CONTENT ? new JsonText(declaredKeys, true) : null;
            for (int i = 0; i < scanners.length; i++) {
                if (syncOnly && stages.get(i).async()) {
                    failed[i] = true; // left out: never called
                } else {
                    scanners[i] = stages.get(i).open(scope, channel);
                }
            }
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public CharSequence text() {
            return text;
        }

        @Override
        public int newFrom() {
            return scanned;
        }

        @Override
        public boolean complete() {
            return complete;
        }

        @Override
        public boolean json() {
            return json != null && json.json(text);
        }

        boolean hasPending() {
            for (CompletableFuture<?> f : pendings) {
                if (f != null) {
                    return true;
                }
            }
            return false;
        }

        Release advance() {
            long t0 = System.nanoTime();
            int len = text.length();
            int hold = len;
            if (!unsettled.isEmpty()) {
                List<Finding> again = new ArrayList<>(unsettled);
                unsettled.clear();
                for (Finding f : again) {
                    accept(f, advisoryUnsettled.remove(f));
                }
            }
            for (int i = 0; i < scanners.length; i++) {
                if (failed[i] || (cutAt >= 0 && !cutScan && !stages.get(i).async())) {
                    continue;
                }
                ScanResult r;
                try {
                    r = scanners[i].scan(this);
                } catch (RuntimeException e) {
                    failed[i] = true;
                    pendings[i] = null;
                    String stage = stages.get(i).name();
                    Finding f = new Finding(null, stage, "stage-failure", channel, released, len, 1.0, Action.BLOCK);
                    record(new DecidedFinding(f, policy.onStageFailure(stage, context)), released, text);
                    blockedChoices.putIfAbsent(channel.choice(), findings.get(findings.size() - 1).decision());
                    recordUnsettled(channel.choice());
                    listener.scanned(System.nanoTime() - t0, len - released);
                    return Release.BLOCKED;
                }
                reported += r.findings().size();
                for (Finding f : r.findings()) {
                    accept(f, advisory[i]);
                }
                pendings[i] = r.pending();
                holds[i] = complete && r.pending() == null ? len : Math.max(Math.min(r.holdFrom(), len), released);
                hold = Math.min(hold, holds[i]);
            }
            scanned = len;
            if (blockedChoices.containsKey(channel.choice())) {
                recordUnsettled(channel.choice());
                listener.scanned(System.nanoTime() - t0, len - released);
                return Release.BLOCKED;
            }
            for (Finding f : unsettled) {
                hold = Math.min(hold, Math.max(f.start(), released));
            }
            hold = Math.min(hold, Math.max(fence, released));
            if (cutAt >= 0) {
                hold = Math.min(hold, cutAt);
            }
            cutScan = false;
            String out = release(hold);
            listener.scanned(System.nanoTime() - t0, len - released);
            if (cutAt >= 0 && !hasPending()) {
                out += dropTail();
            }
            return out.isEmpty() ? Release.EMPTY : new Release(out, false);
        }

        /** Releases what the stages' last holds and the fence allow now, without scanning again. */
        Release relimit() {
            int hold = Math.min(Math.min(text.length(), fence), cutAt >= 0 ? cutAt : Integer.MAX_VALUE);
            for (int i = 0; i < holds.length; i++) {
                if (!failed[i] && (cutAt < 0 || stages.get(i).async())) {
                    hold = Math.min(hold, holds[i]);
                }
            }
            for (Finding f : unsettled) {
                hold = Math.min(hold, f.start());
            }
            if (hold <= released) {
                return Release.EMPTY;
            }
            String out = release(hold);
            return out.isEmpty() ? Release.EMPTY : new Release(out, false);
        }

        private void accept(Finding reported, boolean advisory) {
            Decision d = decision(reported, advisory);
            if (d.action() == Action.ALLOW) {
                return;
            }
            Finding f = snapped(reported);
            if (f.end() == text.length() && !complete && d.action() != Action.BLOCK) {
                unsettled.add(reported);  // a combining char may still follow; a block needs no exact end
                if (advisory) {
                    advisoryUnsettled.add(reported);
                }
                return;
            }
            decide(f, d);
        }

        /** The policy's ruling; an advisory stage's (a classifier in shadow mode) is at most an audit. */
        private Decision decision(Finding f, boolean advisory) {
            Decision d = policy.decide(f, context);
            if (advisory && d.action().compareTo(Action.AUDIT) > 0) {
                return new Decision(Action.AUDIT, d.rule(), d.replacement(), d.refusal());
            }
            return d;
        }

        /**
         * Applies what was found, drops what is held and ends the channel ({@link GuardSession#cut}). The text is
         * final, so every stage scans it once more as complete: a finding there is applied as at a finish, also in
         * the tail the synchronous stages held (a name complete at the cut is replaced, not just dropped). Of that
         * tail ({@link #cutAt}) only the findings' replacements go out; the rest of it could be the start of a
         * form the cut truncated and is dropped. Text before it that an asynchronous stage has not scored yet (a
         * complete sentence waiting for the classifier) is released or redacted once scored.
         */
        Release cut() {
            recordWaiting(); // spans known now: nothing more will come to extend them
            if (blockedChoices.containsKey(channel.choice())) {
                return Release.BLOCKED;
            }
            int limit = Math.min(text.length(), fence);
            for (int i = 0; i < holds.length; i++) {
                if (!failed[i] && !stages.get(i).async()) {
                    limit = Math.min(limit, holds[i]);
                }
            }
            cutAt = Math.max(limit, released);
            complete = true;
            cutScan = true;
            return advance();
        }

        /**
         * Ends a cut channel at what it released: of the rest only the replacements of the findings in it are
         * written (plain text channels; a JSON channel's tail is dropped whole), the rest is never sent.
         *
         * @return the replacements to send after the released text
         */
        private String dropTail() {
            StringBuilder out = new StringBuilder();
            if (!json()) {
                int i = 0;
                while (i < pending.size()) {
                    DecidedFinding first = pending.get(i);
                    int end = first.finding().end();
                    int j = i + 1;
                    while (j < pending.size() && pending.get(j).finding().start() < end) {
                        end = Math.max(end, pending.get(j).finding().end());
                        j++;
                    }
                    if (end > released) {
                        out.append(first.decision().replacement());
                    }
                    i = j;
                }
            }
            pending.clear();
            text.setLength(released);
            scanned = released;
            complete = true;
            java.util.Arrays.fill(pendings, null);
            return out.toString();
        }

        /** Records the findings still waiting for their end with the spans known now (nothing more is released). */
        void recordWaiting() {
            List<Finding> waiting = new ArrayList<>(unsettled);
            unsettled.clear();
            for (Finding f : waiting) {
                decide(snapped(f), decision(f, advisoryUnsettled.remove(f)));
            }
        }

        /** The finding with its span on grapheme cluster boundaries, within the text received so far. */
        private Finding snapped(Finding f) {
            int start = GraphemeSpans.snapStart(text, f.start(), f.end());
            int end = GraphemeSpans.snapEnd(text, Math.min(f.end(), text.length()));
            if (start == f.start() && end == f.end()) {
                return f;
            }
            return new Finding(f.erasureId(), f.detector(), f.rule(), f.channel(), start, end, f.score(), f.action());
        }

        private void decide(Finding f, Decision d) {
            if (f.end() <= released && d.action().compareTo(Action.AUDIT) > 0) {
                // Late (shadow mode): all of its text is out, so the finding can only be recorded. (A finding
                // that only starts in released text, e.g. markup around a match, still redacts the rest.)
                d = new Decision(Action.AUDIT, d.rule(), d.replacement(), d.refusal());
            }
            DecidedFinding df = new DecidedFinding(f, d);
            record(df, released, text);
            if (d.action() == Action.BLOCK) {
                blockedChoices.putIfAbsent(channel.choice(), d);
            } else if (d.action() == Action.REDACT) {
                int at = pending.size();
                while (at > 0 && pending.get(at - 1).finding().start() > f.start()) {
                    at--;
                }
                pending.add(at, df);
            }
        }

        /**
         * Releases text up to {@code limit}, applying redactions whose merged span is fully known. In a JSON
         * channel a redaction keeps the JSON valid ({@link JsonText}) and an unfinished number is held.
         */
        private String release(int limit) {
            StringBuilder out = new StringBuilder();
            int pos = released;
            boolean jsonText = json != null && json.json(text);
            if (jsonText) {
                int open = json.openToken(text, complete);
                if (open >= 0) {
                    limit = Math.min(limit, Math.max(open, pos));
                }
            }
            while (!pending.isEmpty() && pending.get(0).finding().start() < limit) {
                DecidedFinding first = pending.get(0);
                int start = Math.max(first.finding().start(), pos);
                int end = first.finding().end();
                int merged = 1;
                while (merged < pending.size() && pending.get(merged).finding().start() < end) {
                    end = Math.max(end, pending.get(merged).finding().end());
                    merged++;
                }
                if (end <= pos) {
                    pending.subList(0, merged).clear(); // inside text already replaced
                    continue;
                }
                if (!jsonText || json.plainAt(text, start)) {
                    // a Markdown link whose text is redacted goes as one span, destination too, as a lone link's
                    // does (helper-80: one beside another link kept its brackets, "[R](mailto:R)")
                    int link = CellParts.linkEnd(text, start, end, complete);
                    if (link < 0) {
                        limit = start;  // whether a link's destination follows is not known yet
                        break;
                    }
                    // a span starting right inside one link's text and running into the next link takes that
                    // first link's "[" too (a name read across two links: "[R][R]", not "[[R][R]")
                    start = CellParts.linkStart(text, pos, start, end);
                    if (link > end) {
                        int open = CellParts.linkOpen(text, end);
                        start = open >= pos ? Math.min(start, open) : start;
                        end = link;
                        while (merged < pending.size() && pending.get(merged).finding().start() < end) {
                            end = Math.max(end, pending.get(merged).finding().end());
                            merged++;
                        }
                    }
                }
                if (end > limit) {
                    // A finding overlapping this span could still appear: stop before it.
                    limit = start;
                    break;
                }
                String replacement = first.decision().replacement();
                int outBefore = out.length();
                if (jsonText && !json.plainAt(text, start)) {
                    scratch.setLength(0);
                    int after = json.redact(scratch, text, pos, start, end, replacement, complete);
                    int widened = json.lastStart();
                    if (after < 0 || after > limit) {
                        limit = Math.min(start, widened);
                        break;
                    }
                    out.append(scratch);
                    redactions.add(new Redaction(widened, after, out.length() - outBefore - (widened - pos)));
                    pos = after;
                } else {
                    if (!complete && end >= text.length() && CellParts.opensBracket(text, start, end)) {
                        limit = start;  // whether the bracket closes right after the span is not known yet
                        break;
                    }
                    out.append(text, pos, start);
                    CellParts.replace(text, start, end, replacement, out);
                    redactions.add(new Redaction(start, end, out.length() - outBefore - (start - pos)));
                    pos = end;
                }
                json(pos);
                pending.subList(0, merged).clear();
            }
            if (limit > pos) {
                out.append(text, pos, limit);
                pos = limit;
            }
            released = pos;
            json(pos);
            return out.toString();
        }

        private void json(int to) {
            if (json != null) {
                json.released(text, to);
            }
        }
    }
}
