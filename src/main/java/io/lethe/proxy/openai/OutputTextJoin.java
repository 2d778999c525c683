package io.lethe.proxy.openai;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Responses API's output_text as the SDKs' {@code output_text} shows it: every output_text part of every
 * message, joined in order. Each part is still scanned (and redacted) as its own channel; the join is checked
 * besides, for a form that exists only across a part or message boundary ("Thaddeus " | "Quillfeather"). Such
 * a form blocks the response (rule {@code split-across-parts}): no part alone can be redacted.
 *
 * <p>The check is the same for whole and streamed answers, so both end alike: at the end of every part after
 * the first, the join up to that part's end is scanned whole ({@link GuardSession#actedOn}) and a finding that
 * crosses a boundary blocks. A stream also scans the join as it grows, on a side session, from the second part
 * on; a part after the first is fenced ({@link GuardSession#fence}) at what the join has released, so the
 * chars that would complete a form across the boundary wait until the join has ruled on it. The first part is
 * never fenced: its chars alone are not a form found only in the join. A part's own end releases what its
 * channel held, though the join may still hold it (a given name the next part's surname completes): the stream
 * then sends nothing more until the join has ruled on that tail ({@link #holdsTail}, {@link #releasedTo}), so a
 * block leaves none of the name out. Parts go into the join in the order
 * their text arrives; text for a part after a later one began cannot be joined as the SDKs join it and blocks
 * ({@code unwalkable}). One per response; not thread-safe.
 */
final class OutputTextJoin {

    /** The rule of a block for a form found only in the join. */
    static final String RULE = "split-across-parts";
    private static final Channel JOINED = Channel.content(0);

    private final GuardSession session;
    private final boolean streamed;
    /** The side session that scans the join as it grows (streams, from the second part or the first's end on); null before. */
    private GuardSession side;
    private final StringBuilder text = new StringBuilder();
    private final List<Channel> parts = new ArrayList<>();
    private final List<Integer> bases = new ArrayList<>();
    private final Map<Channel, Integer> order = new HashMap<>();
    /** Side findings already checked. */
    private int seen;

    /**
     * @param streamed whether the answer is streamed (the join is then scanned as it grows and parts are fenced)
     */
    OutputTextJoin(GuardSession session, boolean streamed) {
        this.session = session;
        this.streamed = streamed;
    }

    /**
     * A copy of this join as it stands, to go on with other parts besides (a refusal part: {@link MessageTextJoins}).
     * Its side session, if any, scans the text so far again as one delta.
     */
    OutputTextJoin fork() {
        OutputTextJoin f = new OutputTextJoin(session, streamed);
        f.text.append(text);
        f.parts.addAll(parts);
        f.bases.addAll(bases);
        f.order.putAll(order);
        if (side != null) {
            f.startSide();
        }
        return f;
    }

    /** A part's text, in the order it arrives; may block the response. */
    void append(Channel part, String t) {
        if (t.isEmpty() || session.isBlocked(0)) {
            return;
        }
        Integer at = order.get(part);
        if (at == null) {
            order.put(part, parts.size());
            parts.add(part);
            bases.add(text.length());
            if (streamed && parts.size() == 2 && side == null) {
                startSide();
            }
        } else if (at != parts.size() - 1) {
            session.blockChoice(0, "unwalkable");
            return;
        }
        text.append(t);
        if (side != null) {
            side.append(JOINED, t);
            List<DecidedFinding> found = side.findings();
            for (; seen < found.size(); seen++) {
                if (GuardSession.actedOn(found.get(seen)) && crosses(found.get(seen).finding())) {
                    session.blockChoice(0, RULE);
                    return;
                }
            }
        }
    }

    /** Starts scanning the join on a side session, with the text so far as one delta: the same findings as streamed. */
    private void startSide() {
        side = session.side();
        side.append(JOINED, text);
    }

    /**
     * Whether the join, streamed, still holds some of its text at a part's end: a form could begin there that the
     * next part's text completes ("Ask Wilhelmina" | " Quillfeather"). What the part released of it may then not
     * reach the client until {@link #releasedTo} says the join ruled on it, or the response ends.
     */
    boolean holdsTail() {
        if (!streamed || text.isEmpty() || session.isBlocked(0)) {
            return false;
        }
        if (side == null) {
            startSide(); // one part so far: the join is that part, scanned again only now that it ended
        }
        return side.released(JOINED) < text.length();
    }

    /** The join's length so far (UTF-16). */
    int length() {
        return text.length();
    }

    /** Whether the join has released its text up to {@code at}: nothing before it can still become a form. */
    boolean releasedTo(int at) {
        return side == null || side.released(JOINED) >= at;
    }

    /**
     * Where the join lets a part's text go: its raw offset up to which the join has released (everything for the
     * first part, or a part the join does not know).
     */
    int fence(Channel part) {
        Integer at = order.get(part);
        if (at == null || at == 0 || side == null) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, side.released(JOINED) - bases.get(at));
    }

    /**
     * A part ended: the join up to its end is scanned whole, and a form there that crosses a boundary blocks the
     * response (a form the growing join still held at the end of the part, which now goes out).
     */
    void ended(Channel part) {
        Integer at = order.get(part);
        if (at == null || at == 0 || session.isBlocked(0)) {
            return;
        }
        int end = at + 1 < parts.size() ? bases.get(at + 1) : text.length();
        for (Finding f : session.actedOn(text.substring(0, end))) {
            if (crosses(f)) {
                session.blockChoice(0, RULE);
                return;
            }
        }
    }

    /** Whether a finding's span in the join reaches over the start of a part after the first. */
    private boolean crosses(Finding f) {
        for (int i = 1; i < bases.size(); i++) {
            int b = bases.get(i);
            if (f.start() < b && b < f.end()) {
                return true;
            }
        }
        return false;
    }
}
