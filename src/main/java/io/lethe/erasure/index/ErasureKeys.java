package io.lethe.erasure.index;

import io.lethe.text.Folding;


/**
 * The one normalization of e-mails, phone numbers and identifiers, used by validation
 * ({@code io.lethe.erasure.ErasureParser}: duplicates, too-short identifiers) and by the matchers alike
 * ({@link KeyTable}): what registration stores is what scanning probes. Stateless.
 */
public final class ErasureKeys {

    private ErasureKeys() {
    }

    /**
     * The key of an e-mail address: as written, outer white space stripped, folded by {@link Folding} (case,
     * diacritics: "Jörg@Example.DE" is "jorg@example.de"), the way the scanner folds the runs it reads.
     */
    public static String normalizeEmail(String email) {
        return Folding.fold(email.strip());
    }

    /**
     * The key of an identifier: its letters and digits only, each folded by {@link Folding} and then
     * upper-cased ("ab-12.é" is "AB12E"), the way the scanner reads compact runs.
     */
    public static String normalizeIdentifier(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toUpperCase(Folding.fold(c)));
            }
        }
        return sb.toString();
    }
}
