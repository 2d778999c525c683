package io.lethe.erasure;

import io.lethe.guard.Finding;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The passage findings of one channel, found in its raw text and in its normalized view: hits of one erasure
 * whose raw spans overlap are one reproduction (the raw text's words and the view's decoded ones are the same
 * passage), reported once over the union of their spans (UTF-16 offsets, end exclusive). A merged span is
 * decided once no passage cursor can still report a hit overlapping it: every cursor holds from its end or
 * later (a cursor's later hits start at or after its hold). So the spans reported do not depend on how the
 * text was chunked. One per channel; not thread-safe.
 */
final class PassageSpans {

    private final List<Finding> pending = new ArrayList<>(2);

    /** Takes a hit, joining it with the undecided ones of the same erasure that it overlaps. */
    void add(Finding f) {
        Finding m = f;
        boolean grew = true;
        // a union may reach a span neither part overlapped alone: join until nothing more overlaps
        while (grew) {
            grew = false;
            for (Iterator<Finding> it = pending.iterator(); it.hasNext(); ) {
                Finding g = it.next();
                if (g.erasureId().equals(m.erasureId()) && g.start() < m.end() && m.start() < g.end()) {
                    it.remove();
                    m = new Finding(m.erasureId(), m.detector(), m.rule(), m.channel(), Math.min(m.start(), g.start()),
                            Math.max(m.end(), g.end()), m.score(), m.action());
                    grew = true;
                }
            }
        }
        pending.add(m);
    }

    /**
     * Moves to {@code out} (a new list when null) the spans now decided: those ending at or before
     * {@code cursorsHold} (the smallest raw offset, UTF-16, from which any passage cursor, raw or view, still
     * holds text), or all of them once the text is complete.
     *
     * @return {@code out}, or a new list when it was null and something was decided
     */
    List<Finding> settle(int cursorsHold, boolean complete, List<Finding> out) {
        for (Iterator<Finding> it = pending.iterator(); it.hasNext(); ) {
            Finding f = it.next();
            if (complete || f.end() <= cursorsHold) {
                it.remove();
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(f);
            }
        }
        return out;
    }

    /** The smallest start (raw UTF-16 offset) of the undecided spans, or {@code hold}. */
    int holdFrom(int hold) {
        int h = hold;
        for (Finding f : pending) {
            h = Math.min(h, f.start());
        }
        return h;
    }
}
