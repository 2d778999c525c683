package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;

import java.util.Arrays;
import java.util.List;

/**
 * The postings every matcher of one {@link CompiledErasures} shares, as Lucene's postings lists: chains of
 * int payloads {@code ordinal << 8 | form << 3 | kind} (erasure ordinal, {@link NameVariants} form flags,
 * {@link Kind} ordinal) linked by {@code next}. A trie state of {@link NameMatcher} or a key of
 * {@link KeyTable} holds the head of its chain. Immutable once built; read by any number of scanning threads.
 */
final class Postings {

    private static final Kind[] KINDS = Kind.values();

    private final int[] payload;
    private final int[] next;

    private Postings(int[] payload, int[] next) {
        this.payload = payload;
        this.next = next;
    }

    /**
     * Adds a hit over {@code [start, end)} (UTF-16, end exclusive) for every payload of the chain at
     * {@code head}, except those of kind ordinal {@code skipKind} (-1: none).
     */
    void emit(int head, int start, int end, List<Hit> out, int skipKind, boolean typo) {
        for (int p = head; p >= 0; p = next[p]) {
            int v = payload[p];
            if ((v & 7) != skipKind) {
                out.add(new Hit(v >>> 8, KINDS[v & 7], start, end, (v >>> 3) & 31, typo));
            }
        }
    }

    /** The payload of entry {@code p} ({@code ordinal << 8 | form << 3 | kind}). */
    int payload(int p) {
        return payload[p];
    }

    /** The entry after {@code p} in its chain, or -1. */
    int next(int p) {
        return next[p];
    }

    long bytes() {
        return payload.length * 8L;
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        Ints.write(out, payload);
        Ints.write(out, next);
    }

    static Postings readFrom(java.io.DataInput in) throws java.io.IOException {
        int[] payload = Ints.read(in);
        int[] next = Ints.read(in);
        if (payload.length != next.length) {
            throw new java.io.IOException("corrupt postings");
        }
        return new Postings(payload, next);
    }

    /** Accumulates chains with growable arrays. Not thread-safe. */
    static final class Builder {
        private int[] payload = new int[1024];
        private int[] next = new int[1024];
        private int size;

        /**
         * Prepends a payload to the chain at {@code head} (-1: a new chain) unless it is already there.
         *
         * @return the chain's new head
         * @throws IllegalArgumentException past 2^24 erasures, which the payload cannot hold
         */
        int prepend(int head, int ordinal, Kind kind, int form) {
            if (ordinal >= 1 << 24) {
                throw new IllegalArgumentException("more than 2^24 erasures in one matcher");
            }
            int v = (ordinal << 8) | (form << 3) | kind.ordinal();
            for (int p = head; p >= 0; p = next[p]) {
                if (payload[p] == v) {
                    return head;
                }
            }
            if (size == payload.length) {
                payload = Arrays.copyOf(payload, size * 2);
                next = Arrays.copyOf(next, size * 2);
            }
            payload[size] = v;
            next[size] = head;
            return size++;
        }

        Postings finish() {
            return new Postings(Arrays.copyOf(payload, size), Arrays.copyOf(next, size));
        }
    }
}
