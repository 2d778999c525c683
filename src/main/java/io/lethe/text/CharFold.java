package io.lethe.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UTF16;

/**
 * What one code point becomes in the normalized view: compatibility-decomposed (NFKD, so full-width and
 * styled letters become plain ones; but a char that canonical decomposition splits into several letters,
 * a Hangul syllable, stays whole, as {@link Folding} compares it), diacritics dropped, non-ASCII letters that are confusable with ASCII
 * replaced by their TR39 skeleton (Cyrillic "а" → "a"); invisible and format characters become nothing,
 * every kind of space one ASCII space. Case is folded by the matchers, as at registration.
 *
 * <p>ASCII is left as it is (the skeleton of ASCII would turn
 * "I" into "l" and "m" into "rn"). Results for the BMP are cached; a racy fill is harmless because
 * strings are immutable and the computation is pure.
 */
final class CharFold {

    private static final String[] BMP = new String[0x10000];
    private static final int MAX_SUPPLEMENTARY = 4096;
    private static final java.util.Map<Integer, String> SUPPLEMENTARY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private CharFold() {
    }

    static String of(int cp) {
        if (cp < 0x10000) {
            String s = BMP[cp];
            if (s == null) {
                s = compute(cp);
                BMP[cp] = s;
            }
            return s;
        }
        String s = SUPPLEMENTARY.get(cp);
        if (s == null) {
            s = compute(cp);
            if (SUPPLEMENTARY.size() < MAX_SUPPLEMENTARY) {
                SUPPLEMENTARY.put(cp, s);
            }
        }
        return s;
    }

    static boolean isAsciiSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static String compute(int cp) {
        if (cp < 0x80) {
            if (isAsciiSpace(cp)) {
                return " ";
            }
            return cp < 0x20 || cp == 0x7F ? "" : String.valueOf((char) cp);
        }
        if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
            return "";  // zero-width chars, soft hyphen, BOM, bidi controls, variation selectors, fillers
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return " ";
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT || isMark(type)) {
            return "";
        }
        if (type == Character.SURROGATE) {
            return UTF16.valueOf(cp);
        }
        if (splitByCanonicalDecomposition(cp)) {
            return UTF16.valueOf(cp);  // a Hangul syllable stays whole, as Folding keeps it
        }
        String d;
        synchronized (SPOOF) {
            d = NFKD.normalize(UTF16.valueOf(cp));
        }
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                sb.append(isAsciiSpace(c) ? ' ' : (char) c);
            } else if (isMark(Character.getType(c))) {
                continue;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                sb.append(' ');
            } else {
                String sk = asciiSkeleton(c);
                // case is kept: the matchers fold it the way registration did (ß stays ß), and the
                // spaced-letter rejoining reads capitals as word starts
                sb.append(sk != null ? sk : UTF16.valueOf(c));
            }
        }
        return sb.toString();
    }

    /**
     * Whether canonical decomposition (NFD) splits the char into several chars that are not marks: Hangul
     * syllables (into their jamo). Such a char is a letter of its own, not a styled or obfuscated one, and
     * {@link Folding} compares it whole, so the view must not split it.
     */
    private static boolean splitByCanonicalDecomposition(int cp) {
        String d = NFD.normalize(UTF16.valueOf(cp));
        int letters = 0;
        for (int i = 0; i < d.length(); ) {
            int c = d.codePointAt(i);
            i += Character.charCount(c);
            if (!isMark(Character.getType(c))) {
                letters++;
            }
        }
        return letters > 1;
    }

    private static boolean isMark(int type) {
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** The TR39 skeleton when it is plain printable ASCII (marks dropped), else null. */
    private static String asciiSkeleton(int cp) {
        String sk;
        synchronized (SPOOF) {
            sk = SPOOF.getSkeleton(UTF16.valueOf(cp));
        }
        StringBuilder sb = new StringBuilder(sk.length());
        for (int i = 0; i < sk.length(); ) {
            int c = sk.codePointAt(i);
            i += Character.charCount(c);
            if (isMark(Character.getType(c))) {
                continue;
            }
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
