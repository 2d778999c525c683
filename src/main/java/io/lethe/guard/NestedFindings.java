package io.lethe.guard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * For stages that scan several views of one text: the same mention is often found twice — in the raw text
 * and, wider, in a view that takes in the markup around it. A finding inside a larger one with the same
 * subject (erasure, or rule when there is none) adds nothing to the redaction, so it is not reported and
 * the leak counts once. A finding is decided only once nothing that could contain it can still appear
 * (every later finding starts at or after the hold point), and equal spans keep the first by detector
 * and rule, so the outcome does not depend on how the text was chunked. One per channel; not thread-safe.
 */
public final class NestedFindings {

    private final List<Finding> pending = new ArrayList<>();
    /** Every finding reported, by start: a containing one starts at most {@link #longest} before. */
    private final java.util.TreeMap<Integer, List<Finding>> known = new java.util.TreeMap<>();
    private int longest;

    /**
     * Takes this call's new findings and returns those now decided and not nested.
     *
     * @param hold     the stage's hold point for this call
     * @param complete whether the text is complete (everything is decided)
     */
    public List<Finding> settle(List<Finding> found, int hold, boolean complete) {
        if (found != null) {
            pending.addAll(found);
            for (Finding f : found) {
                known.computeIfAbsent(f.start(), k -> new ArrayList<>(1)).add(f);
                longest = Math.max(longest, f.length());
            }
        }
        if (pending.isEmpty()) {
            return List.of();
        }
        int finalBelow = complete ? Integer.MAX_VALUE : hold;
        List<Finding> out = new ArrayList<>(pending.size());
        for (Iterator<Finding> it = pending.iterator(); it.hasNext(); ) {
            Finding f = it.next();
            if (f.start() < finalBelow) {
                it.remove();
                if (!nested(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The smallest start of findings not yet decided, or {@code hold}. It may move back (a view re-reads text
     * it had let go as the start of something longer: "B", then "B A" as possible spaced-out letters); the
     * session never takes back what it released, and keeps holding what it has not released yet.
     */
    public int holdFrom(int hold) {
        int h = hold;
        for (Finding f : pending) {
            h = Math.min(h, f.start());
        }
        return h;
    }

    private boolean nested(Finding f) {
        // only findings starting within the longest span before f can contain it: linear in the text, not
        // quadratic in the number of findings
        for (List<Finding> at : known.subMap(f.start() - longest, true, f.start(), true).values()) {
            for (Finding g : at) {
                if (g != f && sameSubject(g, f) && g.start() <= f.start() && f.end() <= g.end()
                        && (g.length() > f.length() || (g.length() == f.length() && order(g).compareTo(order(f)) < 0))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameSubject(Finding a, Finding b) {
        return a.erasureId() != null ? a.erasureId().equals(b.erasureId())
                : b.erasureId() == null && java.util.Objects.equals(a.rule(), b.rule());
    }

    private static String order(Finding f) {
        return f.detector() + '\u0000' + f.rule();
    }
}
