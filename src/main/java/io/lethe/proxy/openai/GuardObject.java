package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Action;
import io.lethe.guard.pipeline.DecidedFinding;

import java.util.List;

/**
 * The {@code guard} object clients see on an answer with findings (API.md):
 * {@code {"action": "redact|block|audit", "findings": [{"erasure_id", "detector", "rule", "channel",
 * "choice"}]}} — ids, detector, rule and channel names, never the matched text.
 */
public final class GuardObject {

    private GuardObject() {
    }

    /** Findings listed at most; beyond, {@code "truncated": true} and {@code "count"} say how many there were. */
    public static final int MAX_LISTED = 100;

    /**
     * The object for these findings; {@code action} is the most severe of them. At most {@value #MAX_LISTED}
     * are listed (an answer that repeats a name thousands of times would otherwise carry a list as long). With
     * {@code erasureIds} false every {@code erasure_id} is null: the caller's credential may not read them.
     */
    public static ObjectNode of(List<DecidedFinding> found, boolean erasureIds) {
        Action action = Action.ALLOW;
        for (DecidedFinding df : found) {
            action = action.max(effect(df));
        }
        ObjectNode guard = Json.object();
        guard.put("action", action.wireName());
        ArrayNode findings = guard.putArray("findings");
        if (found.size() > MAX_LISTED) {
            guard.put("truncated", true);
            guard.put("count", found.size());
        }
        for (DecidedFinding df : found.subList(0, Math.min(found.size(), MAX_LISTED))) {
            ObjectNode f = findings.addObject();
            f.put("erasure_id", erasureIds ? df.finding().erasureId() : null);
            f.put("detector", df.finding().detector());
            f.put("rule", df.decision().rule());
            f.put("channel", df.finding().channel().label());
            int choice = df.finding().channel().choice();
            if (choice >= Probes.ALT && choice != Atoms.TOP) {
                choice -= Probes.ALT; // a choice's alternatives (top_logprobs) are scanned as a pseudo-choice
            }
            if (choice != Atoms.TOP) {
                f.put("choice", choice); // text outside the choices belongs to none
            }
        }
        return guard;
    }

    /**
     * What a finding did to the answer: its decision, except in a choice's alternatives (top_logprobs), where a
     * block or redaction withholds the alternatives and leaves the choice as it is: a redaction.
     */
    private static Action effect(DecidedFinding df) {
        int choice = df.finding().channel().choice();
        Action a = df.decision().action();
        boolean alternatives = choice >= Probes.ALT && choice != Atoms.TOP;
        return alternatives && a == Action.BLOCK ? Action.REDACT : a;
    }
}
