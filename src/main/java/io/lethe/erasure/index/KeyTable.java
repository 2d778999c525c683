package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;

import java.util.List;

/**
 * The keys of e-mails, phone numbers and identifiers ({@link ErasureKeys}): 64-bit hashes of normalized
 * keys ({@link Fold#keyHash}) to postings chains, in one open-addressing table that {@link EmailMatcher},
 * {@link PhoneMatcher} and {@link IdentifierMatcher} probe with the candidate runs they read. Every key is
 * also registered written backwards. Immutable once built.
 */
final class KeyTable {

    private final LongIntMap keys;
    private final Postings postings;

    private KeyTable(LongIntMap keys, Postings postings) {
        this.keys = keys;
        this.postings = postings;
    }

    /** Adds a hit for every erasure registered under {@code key}, except those of kind ordinal {@code skipKind}. */
    void lookup(CharSequence key, int start, int end, List<Hit> out, int skipKind) {
        int head = keys.get(Fold.keyHash(key), -1);
        if (head >= 0) {
            postings.emit(head, start, end, out, skipKind, false);
        }
    }

    long bytes() {
        return keys.bytes();
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        keys.writeTo(out);
    }

    static KeyTable readFrom(java.io.DataInput in, Postings postings) throws java.io.IOException {
        return new KeyTable(LongIntMap.readFrom(in), postings);
    }

    /** Accumulates keys into the shared postings. Not thread-safe. */
    static final class Builder {
        private final LongIntMap keys;
        private final Postings.Builder postings;

        Builder(int expected, Postings.Builder postings) {
            this.keys = new LongIntMap(Math.max(16, expected * 4));
            this.postings = postings;
        }

        /** Registers a normalized key and the same key written backwards; an empty key is ignored. */
        void add(String key, int ordinal, Kind kind) {
            add(key, ordinal, kind, 0);
        }

        /** {@link #add(String, int, Kind)} with form flags on its hits ({@link PhoneKeys#DIALLED}). */
        void add(String key, int ordinal, Kind kind, int form) {
            put(key, ordinal, kind, form);
            put(new StringBuilder(key).reverse().toString(), ordinal, kind, form);
        }

        private void put(String key, int ordinal, Kind kind, int form) {
            if (key.isEmpty()) {
                return;
            }
            long h = Fold.keyHash(key);
            int head = keys.get(h, -1);
            int newHead = postings.prepend(head, ordinal, kind, form);
            if (newHead != head) {
                keys.put(h, newHead, -1);
            }
        }

        KeyTable finish(Postings finished) {
            keys.trim();
            return new KeyTable(keys, finished);
        }
    }
}
