package io.lethe.text;

/**
 * A derived text in which some chars stand for two letters: leetspeak's "1" is "i" or "l", "6" is "g" or
 * "b" (see {@link LeetView}). The text itself holds one reading of each such char; this says the other, so a
 * matcher can try every combination of readings over a word instead of scanning one fixed reading per view.
 */
public interface CharAlternatives {

    /** The alternative of a char that may also be no letter at all: a run's final "!" may be punctuation. */
    char ABSENT = '\uFFFF';

    /**
     * The second reading of the char at {@code index} (a UTF-16 index into this text, below its length):
     * another letter, {@link #ABSENT} when the char may also be read as nothing (only ever the last char of a
     * word), or {@code 0} when the char has one reading only.
     */
    char alternative(int index);

    /**
     * Whether {@code text[start, end)} (UTF-16 indexes) holds a char read from a symbol, or from a digit in a
     * word with letters: what makes a match in this text an obfuscated one. A match without one ("16 miles" read
     * "ib miles") is ordinary text the other views judge, and is not reported from this one.
     */
    boolean substituted(int start, int end);
}
