package io.lethe.decode;

/**
 * What every {@link UnitSequence} keeps alike: the number of units collected and the raw span of their
 * tokens. A subclass parses its tokens and keeps the units themselves. Collects one sequence; not thread-safe.
 */
abstract class AbstractUnitSequence implements UnitSequence {

    private int units;
    private int start = -1;
    private int end = -1;

    /**
     * Counts {@code n} more units read from the token {@code text[s, e)}: the first token starts the span, each
     * one moves its end (with {@code n} 0 too: a token that holds no unit but joins two).
     */
    final void took(int s, int e, int n) {
        if (units == 0) {
            start = s;
        }
        units += n;
        end = e;
    }

    @Override
    public final int units() {
        return units;
    }

    @Override
    public final int start() {
        return start;
    }

    @Override
    public final int end() {
        return end;
    }

    @Override
    public void clear() {
        units = 0;
        start = -1;
        end = -1;
    }
}
