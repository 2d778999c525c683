package io.lethe.decode;

/**
 * A {@link UnitSequence} whose units are printable characters ({@link CharCodes}, {@link CodePoints}): they are
 * collected as text and read as {@link CharCodes#readable} reads them. Collects one sequence; not thread-safe.
 */
abstract class CharUnitSequence extends AbstractUnitSequence {

    private final StringBuilder text = new StringBuilder();

    /** Appends a character; the subclass counts it with {@link #took}. */
    final void append(int codePoint) {
        text.appendCodePoint(codePoint);
    }

    @Override
    public final boolean couldBeText() {
        return true;  // every unit added is a printable character
    }

    @Override
    public final int minUnits() {
        return CharCodes.MIN_IDEOGRAPHS;
    }

    @Override
    public final String decoded() {
        return CharCodes.readable(text, units());
    }

    @Override
    public final void clear() {
        text.setLength(0);
        super.clear();
    }
}
