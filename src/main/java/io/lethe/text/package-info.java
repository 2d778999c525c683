/**
 * Text machinery shared by detectors: a streaming multi-term automaton that reports word-bounded matches
 * with offsets and how much trailing text may still begin one, and the normalized views of a channel's
 * raw text ({@link io.lethe.text.NormalizedView}, {@link io.lethe.text.LeetView}) that undo obfuscation
 * (homoglyphs, invisible chars, entities, URL-encoding, JSON escapes, markup, spaced letters, leetspeak)
 * while mapping every normalized char back to its raw span, so detectors report raw offsets.
 * {@link io.lethe.text.WordBreaks} is the one definition of word boundaries (UAX #29) and
 * {@link io.lethe.text.Folding} the one definition of when two words are the same (case, diacritics,
 * compatibility forms) that every detector and registration use, {@link io.lethe.text.TagChars} the one reading
 * of tag characters (hidden ASCII); a match widened over dropped raw chars
 * stops at grapheme cluster boundaries.
 *
 * <p>Immutable compiled structures are thread-safe; cursors and views belong to one channel and one
 * thread. Depends on the JDK and ICU4J only.
 */
package io.lethe.text;
