package io.lethe.hashed;

import io.lethe.guard.Action;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;

import java.util.List;
import java.util.function.Predicate;

/**
 * An immutable snapshot of the hex digests of registered e-mails: sorted lower-case digests, each with the
 * erasures whose e-mails hash to it and the algorithm that produced it. Looked up by binary search straight on the
 * scanned text (hex case folded on the fly), so a lookup allocates nothing; the same search answers whether a text
 * run could still grow into a digest (a prefix lookup), which is what a streaming scanner holds on.
 *
 * <p>Holds registered values in derived form only and never shows them ({@link #toString()} gives counts).
 */
final class DigestIndex {

    /** What the index keeps of an erasure: its id, action and scope test, none of its values. */
    record Owner(String id, Action action, Predicate<ScanContext> applies) {
        static Owner of(RegisteredErasure e) {
            return new Owner(e.id(), e.action(), e.applicability());
        }
    }

    /** One digest's owners. */
    record Owners(String algorithm, List<Owner> erasures) {
        @Override
        public String toString() {
            return "Owners[" + algorithm + ", " + erasures.size() + " erasures]";
        }
    }

    static final DigestIndex EMPTY = new DigestIndex(new String[0], new Owners[0]);

    /** The lengths a digest can have, in hex chars: MD5, SHA-1, SHA-256. */
    static final int[] LENGTHS = {32, 40, 64};
    static final int MAX_LENGTH = 64;

    private final String[] digests;
    private final Owners[] owners;

    /** {@code digests} sorted, lower-case hex, without duplicates; {@code owners} parallel to it. */
    DigestIndex(String[] digests, Owners[] owners) {
        if (digests.length != owners.length) {
            throw new IllegalArgumentException("digests and owners differ in length");
        }
        this.digests = digests;
        this.owners = owners;
    }

    int size() {
        return digests.length;
    }

    /** The owners of the digest spelt by {@code text[from, to)} (hex, any case), or null. */
    Owners exact(CharSequence text, int from, int to) {
        int i = search(text, from, to);
        return i >= 0 && digests[i].length() == to - from ? owners[i] : null;
    }

    /** Whether {@code text[from, to)} (hex, any case) is a proper prefix of some registered digest. */
    boolean properPrefix(CharSequence text, int from, int to) {
        int i = search(text, from, to);
        if (i >= 0) {
            // equal to a digest: a proper prefix of another only when a longer digest follows with it as prefix
            return i + 1 < digests.length && startsWith(digests[i + 1], text, from, to);
        }
        int ceiling = -i - 1;
        return ceiling < digests.length && startsWith(digests[ceiling], text, from, to);
    }

    /** Binary search: the index of a digest equal to the run, else {@code -(insertion point) - 1}. */
    private int search(CharSequence text, int from, int to) {
        int lo = 0;
        int hi = digests.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(digests[mid], text, from, to);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static int compare(String digest, CharSequence text, int from, int to) {
        int n = Math.min(digest.length(), to - from);
        for (int k = 0; k < n; k++) {
            int c = digest.charAt(k) - lower(text.charAt(from + k));
            if (c != 0) {
                return c;
            }
        }
        return digest.length() - (to - from);
    }

    private static boolean startsWith(String digest, CharSequence text, int from, int to) {
        if (digest.length() < to - from) {
            return false;
        }
        for (int k = 0; k < to - from; k++) {
            if (digest.charAt(k) != lower(text.charAt(from + k))) {
                return false;
            }
        }
        return true;
    }

    static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
    }

    @Override
    public String toString() {
        return "DigestIndex[" + digests.length + " digests]";
    }
}
