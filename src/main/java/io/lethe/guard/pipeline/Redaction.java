package io.lethe.guard.pipeline;

/**
 * A redaction applied to a channel's released text.
 *
 * @param start             raw offset of the replaced span (UTF-16), after any widening
 * @param end               raw offset after it (exclusive)
 * @param replacementLength length of the text written in its place (UTF-16)
 */
public record Redaction(int start, int end, int replacementLength) {

    /** Whether the raw range {@code [from, to)} overlaps this redaction. */
    public boolean overlaps(int from, int to) {
        return from < end && start < to;
    }
}
