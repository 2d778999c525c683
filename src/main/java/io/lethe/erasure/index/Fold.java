package io.lethe.erasure.index;

import io.lethe.text.Folding;
import io.lethe.text.WordBreaks;

/**
 * How tokens are compared: folded by {@link Folding} (the folding every detector shares: case, diacritics,
 * compatibility forms), hashed to 64 bits. Registration and scanning use the same functions, so only
 * hashes of normalized forms need to be kept.
 */
final class Fold {

    static final long FNV_OFFSET = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;

    private Fold() {
    }

    /**
     * A char that belongs to a token: a letter, digit, kana or ideograph ({@link WordBreaks#isWordChar}).
     * Where one token ends and the next begins is {@link WordBreaks}' (UAX #29) decision, shared with every
     * matcher: "私はLorcan" is 私, は, Lorcan; "王秀英" is 王, 秀, 英.
     */
    static boolean isTokenChar(char c) {
        return WordBreaks.isWordChar(c);
    }

    /** The end of the token that starts at the token char {@code s[start]} (see {@link WordBreaks#wordEnd}). */
    static int tokenEnd(CharSequence s, int start, int limit) {
        return WordBreaks.wordEnd(s, start, limit);
    }

    /**
     * Hash of the folded form of {@code text[start, end)} ({@link Folding#fold(CharSequence)}: per char,
     * ignorable chars dropped); allocation-free.
     */
    static long tokenHash(CharSequence text, int start, int end) {
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + 32);
                }
            } else if (Folding.isIgnorable(c)) {
                continue;
            } else {
                c = Folding.fold(c);
            }
            h = (h ^ c) * FNV_PRIME;
        }
        return mix(h);
    }

    /** {@link #tokenHash(CharSequence, int, int)} of the chars {@code a[0, length)}. */
    static long tokenHash(char[] a, int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            char c = a[i];
            if (c >= 128) {
                return foldedHash(new String(a, 0, length));
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            h = (h ^ c) * FNV_PRIME;
        }
        return mix(h);
    }

    /** Hash of the folded form of a whole string: {@code tokenHash(s, 0, s.length())}. */
    static long foldedHash(String s) {
        return tokenHash(s, 0, s.length());
    }

    /**
     * The folded form every matcher compares ({@link Folding#fold(CharSequence)}): case folded,
     * diacritics stripped (é → e, ø → o; ß stays), compatibility forms unified (full-width letters), format
     * chars and marks (ZWJ, soft hyphen) dropped: a token takes the marks and format chars attached to it
     * (UAX #29 WB4), and they must not change its hash.
     */
    static String fold(String s) {
        return Folding.fold(s);
    }

    /** Hash of a key made of chars already normalized by the caller (digits, upper-case identifiers). */
    static long keyHash(CharSequence s) {
        long h = FNV_OFFSET ^ 0x5bd1e995L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** A finalizer so FNV's weak low bits do not cluster the open-addressing tables. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
