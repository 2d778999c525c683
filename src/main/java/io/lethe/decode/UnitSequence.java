package io.lethe.decode;

/**
 * A text written one unit at a time as separate tokens (hex bytes "4a 75 6c", decimal character codes "77 105
 * 114"), tokens separated by one or two spaces, commas or colons ({@link HexBytes#isGap}); collected by
 * {@link DecodingStage} token by token and decoded once the sequence ends. Collects one sequence; not
 * thread-safe.
 */
interface UnitSequence {

    /** Whether {@code c} may be part of a token. */
    boolean isTokenChar(char c);

    /**
     * Adds the token {@code text[s, e)} (UTF-16 offsets) to the sequence.
     *
     * @return false when it is no token of this kind (nothing is added)
     */
    boolean add(CharSequence text, int s, int e);

    /** Whether the open token {@code text[s, e)} could still become a token of this kind. */
    boolean couldBeToken(CharSequence text, int s, int e);

    /** Whether the units collected so far can still be (the start of) readable text. */
    boolean couldBeText();

    /**
     * Whether {@code text[from, to)} joins two tokens other than by separators ({@link HexBytes#isGap}): the
     * glue between two calls, as "chr(67)+chr(111)" writes it. With {@code open}, whether it may still become
     * such glue as more text comes.
     */
    default boolean joins(CharSequence text, int from, int to, boolean open) {
        return false;
    }

    /** Units collected. */
    int units();

    /** Fewest units decoded. */
    int minUnits();

    /** Raw offset (UTF-16) of the sequence's first token; -1 when empty. */
    int start();

    /** Raw offset (UTF-16, exclusive) after the sequence's last token; -1 when empty. */
    int end();

    /** The text the units spell, or null when it is not readable text. */
    String decoded();

    void clear();
}
