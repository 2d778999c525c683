/**
 * Text machinery shared by detectors: case folding and a streaming multi-term automaton that reports
 * word-bounded matches with offsets and how much trailing text may still begin one.
 *
 * <p>Immutable compiled structures are thread-safe; cursors over them belong to one channel and one
 * thread. Depends on the JDK only.
 */
package io.lethe.text;
