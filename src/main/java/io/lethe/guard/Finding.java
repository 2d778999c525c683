package io.lethe.guard;

import java.util.Objects;

/**
 * Something a stage found: where, by which detector, for which erasure. Never the matched text.
 *
 * @param erasureId the erasure the text leaks, or {@code null} for rule-only detectors (deny terms)
 * @param detector  the detector's name ({@code deny-terms}, {@code lexical}, {@code classifier}, ...)
 * @param rule      the rule or term id that matched, for the policy and for evidence
 * @param channel   where in the response
 * @param start     raw offset of the first char, UTF-16 units into the channel's text
 * @param end       raw offset after the last char (exclusive)
 * @param score     the detector's confidence in [0, 1]; exact matchers report 1
 * @param action    the action the registry asks for (an erasure's own action), or {@code null} to let the
 *                  policy choose
 */
public record Finding(String erasureId, String detector, String rule, Channel channel, int start, int end,
                      double score, Action action) {

    public Finding {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(channel, "channel");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The same finding moved to another channel and shifted by {@code delta} (used for whole-text scans). */
    public Finding on(Channel other, int delta) {
        return new Finding(erasureId, detector, rule, other, start + delta, end + delta, score, action);
    }
}
