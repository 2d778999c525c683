package io.lethe.hashed;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the MD5, SHA-1 and SHA-256 hex digests of registered e-mails in text, in either hex case, wherever they
 * stand (also inside a longer hex run). A finding spans the digest, carries the erasure's id and action, and its
 * rule is the algorithm ({@code md5}, {@code sha1}, {@code sha256}); erasures that do not apply to the response
 * ({@link RegisteredErasure#applicability}) are not reported.
 *
 * <p>Streaming: text is held from the first position of the trailing hex run at which the rest of the text is a
 * proper prefix of a registered digest (an exact lookup in the sorted index), and released as soon as no digest
 * can start there any more; a text ending in hex that no digest begins with is released at once. Immutable: a
 * registry change builds a new stage.
 */
final class HashedContactsStage implements GuardStage {

    private final String name;
    private final DigestIndex index;

    HashedContactsStage(String name, DigestIndex index) {
        this.name = name;
        this.index = index;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean findsNothing() {
        return index.size() == 0;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return new Scanner(context);
    }

    /** The number of digests indexed (for tests and metrics). */
    public int digests() {
        return index.size();
    }

    @Override
    public String toString() {
        return "HashedContactsStage[" + name + ", " + index.size() + " digests]";
    }

    private final class Scanner implements StageScanner {
        private final ScanContext context;
        private int hold;

        Scanner(ScanContext context) {
            this.context = context;
        }

        @Override
        public ScanResult scan(ScanWindow window) {
            CharSequence text = window.text();
            int len = text.length();
            int newFrom = Math.min(window.newFrom(), len);
            List<Finding> found = List.of();
            // digests ending in the new text: a run of hex chars at least a digest long ends there
            int run = 0;
            for (int i = Math.max(0, newFrom - DigestIndex.MAX_LENGTH); i < len; i++) {
                run = DigestIndex.hex(text.charAt(i)) ? run + 1 : 0;
                if (i < newFrom || run < DigestIndex.LENGTHS[0]) {
                    continue;
                }
                for (int l : DigestIndex.LENGTHS) {
                    if (run < l) {
                        break;
                    }
                    DigestIndex.Owners owners = index.exact(text, i + 1 - l, i + 1);
                    if (owners == null) {
                        continue;
                    }
                    for (DigestIndex.Owner e : owners.erasures()) {
                        if (e.applies().test(context)) {
                            if (found.isEmpty()) {
                                found = new ArrayList<>();
                            }
                            found.add(new Finding(e.id(), name, owners.algorithm(), window.channel(), i + 1 - l, i + 1,
                                    1, e.action()));
                        }
                    }
                }
            }
            hold = window.complete() ? len : holdFrom(text, len);
            return new ScanResult(found, hold);
        }

        /**
         * The first offset of the trailing hex run from which the text is still a proper prefix of a digest, else
         * the length. Never before the last hold: a prefix found now was a prefix then.
         */
        private int holdFrom(CharSequence text, int len) {
            int start = len;
            while (start > hold && start > len - (DigestIndex.MAX_LENGTH - 1) && DigestIndex.hex(text.charAt(start - 1))) {
                start--;
            }
            for (int p = start; p < len; p++) {
                if (index.properPrefix(text, p, len)) {
                    return p;
                }
            }
            return len;
        }

        @Override
        public String toString() {
            return "HashedContactsStage.Scanner[hold " + hold + "]";
        }
    }
}
