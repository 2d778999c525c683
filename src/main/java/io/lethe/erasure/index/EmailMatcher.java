package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.text.Folding;

import java.util.List;

/**
 * The matcher of e-mail addresses in the {@link KeyTable}: a word run with an "@" after its first char is
 * folded char by char as {@link ErasureKeys#normalizeEmail} folds the registered address and looked up
 * whole; an address with a sub-address tag ("ilse+news@example.nl", RFC 5233) is looked up without it too.
 * Spoken and spaced forms ("ilse at example . nl") reach it through the normalized view, which writes them as
 * addresses. Immutable and stateless apart from the caller's scratch buffer.
 */
final class EmailMatcher {

    private final KeyTable keys;

    EmailMatcher(KeyTable keys) {
        this.keys = keys;
    }

    /** Looks up the trimmed word run {@code text[start, end)} as an address. */
    void run(CharSequence text, int start, int end, StringBuilder scratch, List<Hit> out) {
        scratch.setLength(0);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!Folding.isIgnorable(c)) {
                scratch.append(Folding.fold(c));  // as normalizeEmail folds the registered address
            }
        }
        int hits = out.size();
        keys.lookup(scratch, start, end, out, -1);
        if (out.size() > hits) {
            return;
        }
        // a sub-address ("t.quillfeather+news@..."; RFC 5233): the mailbox is the registered one without its tag
        int at = scratch.indexOf("@");
        int plus = at > 0 ? scratch.indexOf("+") : -1;
        if (plus > 0 && plus < at) {
            scratch.delete(plus, at);
            keys.lookup(scratch, start, end, out, -1);
        }
    }
}
