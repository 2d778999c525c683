package io.lethe.decode;

/**
 * Whether a run of base64/base32/hex chars still open at the end of a stream could yet decode to text, so
 * that the stage holds it only while it could. {@link Codecs} decodes a finished run only into strict UTF-8
 * ({@link Codecs#text}); every codec here is prefix-stable (the bytes of a prefix of the run are a prefix of
 * the run's bytes), so once the bytes read so far are malformed UTF-8 in every codec the run can take, no
 * continuation decodes and nothing in it can become a finding: "because" is not base64 of text from its
 * second char on (0x6D 0xE7 0x1A: a lead byte without its continuation). The test is a superset: an
 * incomplete last sequence passes, and the printable-share rule of {@link Codecs#text} is not applied.
 * Stateless; thread-safe.
 */
final class RunProbe {

    /** Chars of a piece probed: its prefix decides (probing is linear in what it reads). */
    static final int MAX_PROBED = 256;

    private RunProbe() {
    }

    /**
     * Where the open run {@code text[start, end)} (as {@link DecodingStage} collects it) must be held from: the
     * start of its first piece that could still decode to text in some codec, or -1 when none can. Pieces are
     * what {@code DecodingStage} decodes alone (split after an interior "=": "key=VALUE"); a finished piece that
     * could decode stays held until the run ends, when it is decoded. The answer only moves forward as the run
     * grows: every codec is prefix-stable, so a piece rejected once stays rejected, and a long piece is judged by
     * its first {@value #MAX_PROBED} chars (a malformed prefix decodes in no continuation).
     */
    static int holdFrom(CharSequence text, int start, int end) {
        Cursor c = new Cursor();
        c.start(start);
        return c.holdFrom(text, end);
    }

    /**
     * Whether {@code s} (its first {@value #MAX_PROBED} chars: pieces of a split run joined) could still begin text
     * in some codec.
     */
    static boolean couldBeText(CharSequence s) {
        int e = Math.min(s.length(), MAX_PROBED);
        return base64(s, 0, e) || base32(s, 0, e) || hex(s, 0, e);
    }

    /**
     * {@link #couldBeText}, and its bytes so far hold at most {@code maxControls} control bytes (not tab or line
     * breaks): a count that only grows with the prefix, so the answer stays false once false.
     */
    static boolean couldBeText(CharSequence s, int maxControls) {
        int e = Math.min(s.length(), MAX_PROBED);
        Utf8 u = new Utf8();
        u.maxControls = maxControls;
        if (decodesToUtf8(s, 0, e, 6, RunProbe::base64Value, u)) {
            return true;
        }
        u = new Utf8();
        u.maxControls = maxControls;
        if (decodesToUtf8(s, 0, e, 5, RunProbe::base32Value, u)) {
            return true;
        }
        u = new Utf8();
        u.maxControls = maxControls;
        return hex(s, 0, e, u);
    }

    /** Whether the open run could still decode to text ({@link #holdFrom} is not -1). */
    static boolean couldDecode(CharSequence text, int start, int end) {
        return holdFrom(text, start, end) >= 0;
    }

    /**
     * {@link #holdFrom} for one open run as it grows, chunk by chunk, reading each new char once: a run of any
     * length streamed in small pieces costs linear time (a data URI of 200,000 chars cost seconds when every chunk
     * re-read the run). Used by one scanner, on its thread.
     */
    static final class Cursor {
        private int pieceStart = -1;
        private int pos;
        /** First char of the piece not in "-_/+" (-1: none yet), last not in "-_/+=" (-1: none yet). */
        private int first = -1;
        private int last = -1;
        /** A finished piece that could decode: held until the run ends. */
        private int finishedHold = -1;

        /** A new run begins at {@code start}. */
        void start(int start) {
            pieceStart = start;
            pos = start;
            first = -1;
            last = -1;
            finishedHold = -1;
        }

        /** Where the run begun at {@link #start} must be held from, now that it reaches {@code end}; -1: nowhere. */
        int holdFrom(CharSequence text, int end) {
            for (; pos < end && finishedHold < 0; pos++) {
                char c = text.charAt(pos);
                if (pos > pieceStart && text.charAt(pos - 1) == '=' && c != '=') {
                    if (probe(text)) {
                        finishedHold = pieceStart;
                        break;
                    }
                    pieceStart = pos;
                    first = -1;
                    last = -1;
                }
                if (first < 0 && "-_/+".indexOf(c) < 0) {
                    first = pos;
                }
                if ("-_/+=".indexOf(c) < 0) {
                    last = pos;
                }
            }
            if (finishedHold >= 0) {
                return finishedHold;
            }
            return probe(text) ? pieceStart : -1;
        }

        /**
         * The piece read so far: leading "-_/+" and trailing "-_/+=" are dropped (separators or padding that may end
         * it), and its first {@value #MAX_PROBED} chars decoded in every codec.
         */
        private boolean probe(CharSequence text) {
            int s = first < 0 ? pos : first;
            int e = Math.max(s, last + 1);
            e = Math.min(e, s + MAX_PROBED);
            return base64(text, s, e) || base32(text, s, e) || hex(text, s, e);
        }
    }

    private static boolean base64(CharSequence text, int s, int e) {
        return decodesToUtf8(text, s, e, 6, RunProbe::base64Value);
    }

    private static int base64Value(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
    }

    /** Base32 runs are upper case (see {@code DecodingStage#decodings}). */
    private static boolean base32(CharSequence text, int s, int e) {
        return decodesToUtf8(text, s, e, 5, RunProbe::base32Value);
    }

    private static int base32Value(int c) {
        return c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    }

    /**
     * Whether {@code text[s, e)}, {@code bits} bits per char ({@code value}: -1 for a char outside the alphabet;
     * "=" is skipped, as {@link Codecs} drops padding wherever it stands), decodes to a prefix of UTF-8.
     */
    private static boolean decodesToUtf8(CharSequence text, int s, int e, int bits,
                                         java.util.function.IntUnaryOperator value) {
        return decodesToUtf8(text, s, e, bits, value, new Utf8());
    }

    private static boolean decodesToUtf8(CharSequence text, int s, int e, int bits,
                                         java.util.function.IntUnaryOperator value, Utf8 u) {
        int have = 0;
        int acc = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '=') {
                continue;
            }
            int v = value.applyAsInt(c);
            if (v < 0) {
                return false;
            }
            acc = (acc << bits) | v;
            have += bits;
            if (have >= 8) {
                have -= 8;
                if (!u.accept((acc >>> have) & 0xFF)) {
                    return false;
                }
            }
        }
        return u.couldTake(acc & ((1 << have) - 1), have);
    }

    private static boolean hex(CharSequence text, int s, int e) {
        return hex(text, s, e, new Utf8());
    }

    private static boolean hex(CharSequence text, int s, int e, Utf8 u) {
        for (int i = s; i < e; i++) {
            int hi = Character.digit(text.charAt(i), 16);
            if (hi < 0 || text.charAt(i) >= 0x80) {
                return false;
            }
            if (i + 1 == e) {
                return u.couldTake(hi, 4);
            }
            int lo = Character.digit(text.charAt(i + 1), 16);
            if (lo < 0 || text.charAt(i + 1) >= 0x80 || !u.accept(hi << 4 | lo)) {
                return false;
            }
            i++;
        }
        return true;
    }

    /**
     * Whether {@code bytes} (each 0-255) are a prefix of well-formed UTF-8 (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF), as the JDK's strict decoder requires.
     */
    static boolean utf8Prefix(int... bytes) {
        Utf8 u = new Utf8();
        for (int b : bytes) {
            if (!u.accept(b)) {
                return false;
            }
        }
        return true;
    }

    /** A UTF-8 validator fed one byte at a time (RFC 3629, table 3-7 of the Unicode Standard). */
    private static final class Utf8 {
        private int needed;
        private int lower = 0x80;
        private int upper = 0xBF;
        /** Control bytes accepted at most (not tab, CR, LF). */
        int maxControls = Integer.MAX_VALUE;
        private int controls;

        /** Whether some byte whose high {@code bits} bits are {@code high} would be accepted next (state kept). */
        boolean couldTake(int high, int bits) {
            if (bits == 0) {
                return true;
            }
            int free = 8 - bits;
            // the bytes with these high bits form the range [lo, hi]; the next byte is acceptable in
            // [0x00, 0x7F] ∪ [0xC2, 0xF4] at a character's start, in [lower, upper] within one
            int lo = high << free;
            int hi = lo | ((1 << free) - 1);
            if (needed > 0) {
                return hi >= lower && lo <= upper;
            }
            return lo <= 0x7F || (hi >= 0xC2 && lo <= 0xF4);
        }

        boolean accept(int b) {
            if (needed == 0) {
                if (b < 0x80) {
                    boolean control = (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F;
                    return !control || ++controls <= maxControls;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    needed = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    needed = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                } else {
                    return false;
                }
                return true;
            }
            if (b < lower || b > upper) {
                return false;
            }
            lower = 0x80;
            upper = 0xBF;
            needed--;
            return true;
        }
    }
}
