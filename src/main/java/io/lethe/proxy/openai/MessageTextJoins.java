package io.lethe.proxy.openai;

import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;

/**
 * The joins of a Responses answer's message text that a client shows as one text, each checked as
 * {@link OutputTextJoin} checks it (rule {@code split-across-parts}, streamed and whole alike):
 * <ul>
 *   <li>the output_text parts, as the SDKs' {@code output_text} joins them (openai-python and openai-node take
 *       every message's {@code output_text} parts and skip {@code refusal} parts);</li>
 *   <li>once a {@code refusal} part comes, every message part, output_text and refusal, in order: a refusal is
 *       model text a client shows beside the message's other parts (helper-80: "... Corwin" | refusal
 *       "Ashdale ..."), and two refusal parts show as one text too.</li>
 * </ul>
 * Both are needed: with a refusal between two output_text parts, {@code output_text} joins the two without it. The
 * second join is forked from the first at the first refusal part, so an answer without one is scanned once.
 * A part is fenced at the lesser of what the joins holding it released. One per response; not thread-safe.
 */
final class MessageTextJoins {

    private final OutputTextJoin outputText;
    /** All message parts joined, output_text and refusal; null until the first refusal part. */
    private OutputTextJoin shown;
    /** The joins' lengths when a part ended on a held tail: {@link #gateReleased} waits for them. */
    private int gateText;
    private int gateShown = -1;

    /**
     * @param streamed whether the answer is streamed (see {@link OutputTextJoin})
     */
    MessageTextJoins(io.lethe.guard.pipeline.GuardSession session, boolean streamed) {
        this.outputText = new OutputTextJoin(session, streamed);
    }

    /** Whether a channel's text is a message part a client shows: output_text or refusal. */
    static boolean isPart(Channel ch) {
        return ch.choice() == 0 && (ch.kind() == ChannelKind.CONTENT || ch.kind() == ChannelKind.REFUSAL);
    }

    /** A part's text, in the order it arrives; may block the response. */
    void append(Channel part, String t) {
        if (t.isEmpty()) {
            return;
        }
        if (part.kind() == ChannelKind.REFUSAL && shown == null) {
            shown = outputText.fork();
        }
        if (part.kind() == ChannelKind.CONTENT) {
            outputText.append(part, t);
        }
        if (shown != null) {
            shown.append(part, t);
        }
    }

    /** Where the joins let a part's text go (see {@link OutputTextJoin#fence}). */
    int fence(Channel part) {
        int at = part.kind() == ChannelKind.CONTENT ? outputText.fence(part) : Integer.MAX_VALUE;
        return shown == null ? at : Math.min(at, shown.fence(part));
    }

    /** A part ended: each join holding it checks its end (see {@link OutputTextJoin#ended}). */
    void ended(Channel part) {
        if (part.kind() == ChannelKind.CONTENT) {
            outputText.ended(part);
        }
        if (shown != null) {
            shown.ended(part);
        }
    }

    /**
     * Whether a join still holds some of its text at a part's end (see {@link OutputTextJoin#holdsTail}); if so,
     * {@link #gateReleased} tells when both have ruled on what they hold now.
     */
    boolean holdsTail() {
        boolean holds = outputText.holdsTail() | (shown != null && shown.holdsTail());
        if (holds) {
            gateText = outputText.length();
            gateShown = shown == null ? -1 : shown.length();
        }
        return holds;
    }

    /** Whether both joins have released what they held at the last {@link #holdsTail} that said so. */
    boolean gateReleased() {
        if (!outputText.releasedTo(gateText)) {
            return false;
        }
        // a join forked after the mark has the first one's text up to it, at the same offsets
        return shown == null || shown.releasedTo(gateShown < 0 ? gateText : gateShown);
    }
}
