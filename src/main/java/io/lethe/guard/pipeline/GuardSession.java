package io.lethe.guard.pipeline;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
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

/**
 * The guard's state for one response: per channel, the raw text so far, what was released, and the
 * findings still to apply. Not thread-safe.
 *
 * <p>Streamed: call {@link #append} per delta and {@link #finish} when the channel ends, sending exactly
 * the returned text. Whole answers: {@link #scanWhole}. For the same text both give the same output
 * unless a choice is blocked (then the streamed client got a clean prefix before the refusal).
 */
public final class GuardSession {

    private final List<GuardStage> stages;
    private final Policy policy;
    private final GuardListener listener;
    private final ScanContext context;
    private final Map<Channel, ChannelState> channels = new LinkedHashMap<>();
    private final Map<Integer, Decision> blockedChoices = new HashMap<>();
    private final List<DecidedFinding> findings = new ArrayList<>();
    private Action action = Action.ALLOW;
    /** Inside {@link #scanWhole}: nothing of the text has reached anyone yet, whatever the session released. */
    private boolean wholeScan;

    GuardSession(List<GuardStage> stages, Policy policy, GuardListener listener, ScanContext context) {
        this.stages = stages;
        this.policy = policy;
        this.listener = listener;
        this.context = context;
    }

    public ScanContext context() {
        return context;
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

    /** Ends every channel of a choice that has been opened, in the order they were opened. */
    public Map<Channel, Release> finishChoice(int choice) {
        Map<Channel, Release> out = new LinkedHashMap<>();
        for (Channel ch : new ArrayList<>(channels.keySet())) {
            if (ch.choice() == choice) {
                out.put(ch, finish(ch));
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
        Release first;
        Release last;
        wholeScan = true;
        try {
            first = append(channel, text);
            last = finish(channel);
        } finally {
            wholeScan = false;
        }
        if (isBlocked(channel.choice())) {
            return refusal(channel.choice());
        }
        return first.text() + last.text();
    }

    public boolean isBlocked(int choice) {
        return blockedChoices.containsKey(choice);
    }

    /** The refusal text for a blocked choice (the blocking rule's). */
    public String refusal(int choice) {
        Decision d = blockedChoices.get(choice);
        return d == null ? null : d.refusal();
    }

    /** Every finding the policy did not allow, in the order found. */
    public List<DecidedFinding> findings() {
        return Collections.unmodifiableList(findings);
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
            channels.put(channel, s);
        }
        return s;
    }

    private void record(DecidedFinding df, int alreadySent, CharSequence text) {
        findings.add(df);
        action = action.max(df.decision().action());
        Finding f = df.finding();
        // A view, not a copy: the listener hashes it during the call and must not keep it.
        listener.finding(df, wholeScan ? 0 : alreadySent,
                CharBuffer.wrap(text, f.start(), Math.min(f.end(), text.length())));
    }

    /** Per-channel state; also the window its scanners see. */
    private final class ChannelState implements ScanWindow {
        final Channel channel;
        final StringBuilder text = new StringBuilder();
        final StageScanner[] scanners;
        final int[] holds;
        /** Findings to redact that have not been released yet, kept sorted by start. */
        final List<DecidedFinding> pending = new ArrayList<>();
        final boolean[] failed;
        int scanned;
        int released;
        boolean complete;

        ChannelState(Channel channel) {
            this.channel = channel;
            this.scanners = new StageScanner[stages.size()];
            this.holds = new int[stages.size()];
            this.failed = new boolean[stages.size()];
            for (int i = 0; i < scanners.length; i++) {
                scanners[i] = stages.get(i).open(context, channel);
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

        Release advance() {
            long t0 = System.nanoTime();
            int len = text.length();
            int hold = len;
            for (int i = 0; i < scanners.length; i++) {
                if (failed[i]) {
                    continue;
                }
                ScanResult r;
                try {
                    r = scanners[i].scan(this);
                } catch (RuntimeException e) {
                    failed[i] = true;
                    String stage = stages.get(i).name();
                    Finding f = new Finding(null, stage, "stage-failure", channel, released, len, 1.0, Action.BLOCK);
                    record(new DecidedFinding(f, policy.onStageFailure(stage, context)), released, text);
                    blockedChoices.putIfAbsent(channel.choice(), findings.get(findings.size() - 1).decision());
                    listener.scanned(System.nanoTime() - t0, len - released);
                    return Release.BLOCKED;
                }
                for (Finding f : r.findings()) {
                    accept(f);
                }
                holds[i] = complete ? len : Math.max(r.holdFrom(), released);
                hold = Math.min(hold, holds[i]);
            }
            scanned = len;
            if (blockedChoices.containsKey(channel.choice())) {
                listener.scanned(System.nanoTime() - t0, len - released);
                return Release.BLOCKED;
            }
            String out = release(complete ? len : hold);
            listener.scanned(System.nanoTime() - t0, len - released);
            return out.isEmpty() ? Release.EMPTY : new Release(out, false);
        }

        private void accept(Finding f) {
            Decision d = policy.decide(f, context);
            if (d.action() == Action.ALLOW) {
                return;
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

        /** Releases text up to {@code limit}, applying redactions whose merged span is fully known. */
        private String release(int limit) {
            StringBuilder out = new StringBuilder();
            int pos = released;
            while (!pending.isEmpty() && pending.get(0).finding().start() < limit) {
                DecidedFinding first = pending.get(0);
                int start = Math.max(first.finding().start(), pos);
                int end = first.finding().end();
                int merged = 1;
                while (merged < pending.size() && pending.get(merged).finding().start() < end) {
                    end = Math.max(end, pending.get(merged).finding().end());
                    merged++;
                }
                if (end > limit) {
                    // A finding overlapping this span could still appear: stop before it.
                    limit = start;
                    break;
                }
                out.append(text, pos, start).append(first.decision().replacement());
                pos = Math.max(pos, end);
                pending.subList(0, merged).clear();
            }
            if (limit > pos) {
                out.append(text, pos, limit);
                pos = limit;
            }
            released = pos;
            return out.toString();
        }
    }
}
