/**
 * Encoded leaks: a stage that runs other stages again over decoded forms of the output — ROT13 of the
 * whole text (length-preserving, so it streams like the raw text) and base64, base32 and hex runs, hex bytes
 * and decimal character codes written a token each, decoded and scanned again, three layers deep (ROT13 of a
 * decoded text one of them, with a work bound per run), and base64 or hex split by spaces or wrapped over lines
 * at any width, its pieces joined. A finding in a decoded run spans the whole encoded run, so a redaction
 * removes it. While a run is unfinished at the end of a stream it is held back, as long as its bytes can still be text in some codec ({@link io.lethe.decode.RunProbe}).
 *
 * <p>Immutable stage, one scanner per channel on the session's thread. Depends on {@code io.lethe.guard}
 * only (and a CDI scope annotation); {@link io.lethe.decode.DecodingDetector} rescans the detectors ordered
 * before it in the pipeline being built.
 */
package io.lethe.decode;
