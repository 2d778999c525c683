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

    /** Makes a person's terms findings from now on; returns whether the person was new. */
    public boolean activate(K key, long[][] terms) {
        if (terms.length == 0 || !active.add(key)) {
            return false;
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

    List<Term<K>> startingWith(long tokenHash) {
        return byFirst.getOrDefault(tokenHash, List.of());
    }
}
