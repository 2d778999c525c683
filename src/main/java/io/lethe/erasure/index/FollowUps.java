package io.lethe.erasure.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The follow-up terms ({@link FollowUpTerms}) of the people a response has named so far: shared by the
 * scanners of all its channels, so a person named in one channel makes their surname a finding in every
 * other. One per response; used on its session's thread only.
 *
 * @param <K> what a hit reports for its person (the stage's entry)
 */
public final class FollowUps<K> {

    /** One term of one person. */
    record Term<K>(long[] seq, K key) {
    }

    private final Map<Long, List<Term<K>>> byFirst = new HashMap<>();
    private final Set<K> active = new java.util.LinkedHashSet<>();

    /** The prefixes of the terms' first words ({@link FollowUpTerms#firstWordPrefixes}) of the people named. */
    private final Set<Long> prefixes = new HashSet<>();
    /** Whether someone was named whose prefixes are not known: every word being written may begin a term. */
    private boolean anyPrefix;

    /** Makes a person's terms findings from now on; returns whether the person was new. */
    public boolean activate(K key, long[][] terms) {
        return activate(key, terms, null);
    }

    /**
     * Makes a person's terms findings from now on, with the prefixes of their first words (null: not known);
     * returns whether the person was new.
     */
    public boolean activate(K key, long[][] terms, long[] firstWordPrefixes) {
        if (terms.length == 0 || !active.add(key)) {
            return false;
        }
        if (firstWordPrefixes == null) {
            anyPrefix = true;
        } else {
            for (long h : firstWordPrefixes) {
                prefixes.add(h);
            }
        }
        for (long[] seq : terms) {
            byFirst.computeIfAbsent(seq[0], k -> new ArrayList<>(1)).add(new Term<>(seq, key));
        }
        return true;
    }


    /** The people named so far, in the order they were named. */
    public Set<K> active() {
        return java.util.Collections.unmodifiableSet(active);
    }

    boolean isEmpty() {
        return byFirst.isEmpty();
    }

    /** Whether a word still being written, of hash {@code prefixHash} ({@link Fold#tokenHash}), may begin a term. */
    boolean couldBegin(long prefixHash) {
        return anyPrefix || prefixes.contains(prefixHash);
    }

    /**
     * Whether {@code text[start, end)} is the genitive or plural "s" of one of {@code key}'s one-word terms
     * ("Größenbäumers" for Größenbäumer): a capitalized word after it is the noun it governs ("Größenbäumers
     * Frau"), not another person's name.
     */
    public boolean genitiveOfTerm(K key, CharSequence text, int start, int end) {
        if (end - start < FollowUpTerms.MIN_PART + 1 || text.charAt(end - 1) != 's') {
            return false;
        }
        for (Term<K> t : startingWith(Fold.tokenHash(text, start, end - 1))) {
            if (t.seq().length == 1 && t.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    List<Term<K>> startingWith(long tokenHash) {
        return byFirst.getOrDefault(tokenHash, List.of());
    }
}
