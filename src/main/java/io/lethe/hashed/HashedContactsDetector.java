package io.lethe.hashed;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.GuardStage;
import io.lethe.guard.RecordsFollower;
import io.lethe.guard.RegisteredErasure;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code hashed-contacts} detector: e-mail addresses leaked as hashes (a Gravatar URL carries the MD5 hex of
 * the trimmed, lower-cased address; tracking pixels carry SHA-256). Its index holds the MD5, SHA-1 and SHA-256 hex
 * digests of every registered e-mail of every active erasure — of the address trimmed and lower-cased, and as
 * registered (trimmed) where that differs — kept up to date from the registry's records: everything once, then
 * only the changes at each rebuild, and everything again when the registry says it lost track (a bulk import, a
 * replicated delete). A rebuild with no change returns the stage built before.
 *
 * <p>No settings. Runs at 250, after the erasure detector (200) and before the decoded detector (300), which rescans it
 * in decoded text.
 */
@ApplicationScoped
public class HashedContactsDetector implements DetectorFactory {

    static final String NAME = "hashed-contacts";
    private static final System.Logger LOG = System.getLogger(HashedContactsDetector.class.getName());
    private static final String[][] ALGORITHMS = {{"MD5", "md5"}, {"SHA-1", "sha1"}, {"SHA-256", "sha256"}};

    /** The index as last published: sorted digests and their owners (never changed once a stage holds them). */
    private String[] digests = new String[0];
    private DigestIndex.Owners[] owners = new DigestIndex.Owners[0];
    /** Digests changed since: new owners, or {@link #REMOVED}; merged into new arrays at the next stage. */
    private final TreeMap<String, DigestIndex.Owners> pending = new TreeMap<>();
    private static final DigestIndex.Owners REMOVED = new DigestIndex.Owners("", List.of());
    /** Erasure id → the digests it holds in the index. */
    private final Map<String, List<String>> digestsById = new HashMap<>();
    /** One instance per algorithm, reused: builds of one factory never overlap. */
    private final MessageDigest[] hashers = new MessageDigest[ALGORITHMS.length];
    private final RecordsFollower follower = new RecordsFollower();
    private HashedContactsStage last;
    private boolean changed;
    int fullReads;
    int changeReads;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int defaultOrder() {
        return 250;
    }

    @Override
    public GuardStage build(DetectorContext context) {
        long start = System.nanoTime();
        long t0 = System.nanoTime();
        boolean all = follower.update(context.erasures(), () -> {
            digests = new String[0];
            owners = new DigestIndex.Owners[0];
            pending.clear();
            digestsById.clear();
            changed = true;
        }, this::apply);
        if (all) {
            fullReads++;
            LOG.log(System.Logger.Level.DEBUG, "hashed-contacts: full read, {0} erasures, {1} digests in {2} ms",
                    digestsById.size(), pending.size(), (System.nanoTime() - t0) / 1_000_000);
        } else {
            changeReads++;
        }
        long read = System.nanoTime();
        if (changed || last == null) {
            changed = false;
            merge();
            last = digests.length == 0 ? null : new HashedContactsStage(NAME, new DigestIndex(digests, owners));
            LOG.log(System.Logger.Level.DEBUG, "hashed-contacts: stage built, {0} erasures, {1} digests, read {2} us, snapshot {3} us",
                    digestsById.size(), digests.length, (read - start) / 1_000, (System.nanoTime() - read) / 1_000);
        }
        return last;
    }

    /** Takes a visit as the record's state now: its old digests go, an active record's come back. */
    private void apply(RegisteredErasure e) {
        changed = true;
        List<String> old = digestsById.remove(e.id());
        if (old != null) {
            for (String d : old) {
                DigestIndex.Owners o = ownersOf(d);
                List<DigestIndex.Owner> rest = new ArrayList<>(o.erasures().size());
                for (DigestIndex.Owner x : o.erasures()) {
                    if (!x.id().equals(e.id())) {
                        rest.add(x);
                    }
                }
                if (rest.isEmpty()) {
                    pending.put(d, REMOVED);
                } else {
                    pending.put(d, new DigestIndex.Owners(o.algorithm(), List.copyOf(rest)));
                }
            }
        }
        if (!e.active()) {
            return;
        }
        List<String> mine = new ArrayList<>();
        DigestIndex.Owner owner = DigestIndex.Owner.of(e);
        Set<String> forms = forms(e.emails());
        for (int a = 0; a < ALGORITHMS.length; a++) {
            String[] alg = ALGORITHMS[a];
            for (String form : forms) {
                String d = HEX.formatHex(hasher(a).digest(form.getBytes(StandardCharsets.UTF_8)));
                if (mine.contains(d)) {
                    continue;
                }
                mine.add(d);
                DigestIndex.Owners o = ownersOf(d);
                List<DigestIndex.Owner> list = new ArrayList<>(o == null ? List.of() : o.erasures());
                list.add(owner);
                pending.put(d, new DigestIndex.Owners(alg[1], List.copyOf(list)));
            }
        }
        if (!mine.isEmpty()) {
            digestsById.put(e.id(), List.copyOf(mine));
        }
    }

    /** A digest's owners now: changed ones first, else as published; null when none. */
    private DigestIndex.Owners ownersOf(String digest) {
        DigestIndex.Owners o = pending.get(digest);
        if (o != null) {
            return o == REMOVED ? null : o;
        }
        int i = java.util.Arrays.binarySearch(digests, digest);
        return i >= 0 ? owners[i] : null;
    }

    /**
     * Publishes the pending changes as new arrays: the unchanged runs between changed digests are copied whole,
     * so a rebuild after one write costs two array copies and a binary search per changed digest.
     */
    private void merge() {
        if (pending.isEmpty()) {
            return;
        }
        int n = digests.length;
        String[] keys = new String[n + pending.size()];
        DigestIndex.Owners[] vals = new DigestIndex.Owners[keys.length];
        int from = 0;
        int out = 0;
        for (Map.Entry<String, DigestIndex.Owners> change : pending.entrySet()) {
            int i = java.util.Arrays.binarySearch(digests, from, n, change.getKey());
            int until = i >= 0 ? i : -i - 1;
            System.arraycopy(digests, from, keys, out, until - from);
            System.arraycopy(owners, from, vals, out, until - from);
            out += until - from;
            from = i >= 0 ? i + 1 : until;
            if (change.getValue() != REMOVED) {
                keys[out] = change.getKey();
                vals[out++] = change.getValue();
            }
        }
        System.arraycopy(digests, from, keys, out, n - from);
        System.arraycopy(owners, from, vals, out, n - from);
        out += n - from;
        digests = java.util.Arrays.copyOf(keys, out);
        owners = java.util.Arrays.copyOf(vals, out);
        pending.clear();
    }

    /** What gets hashed: the address trimmed and lower-cased (Gravatar's form), and trimmed as registered. */
    static Set<String> forms(List<String> emails) {
        Set<String> forms = new LinkedHashSet<>();
        for (String email : emails) {
            String trimmed = email.trim();
            if (!trimmed.isEmpty()) {
                forms.add(trimmed.toLowerCase(Locale.ROOT));
                forms.add(trimmed);
            }
        }
        return forms;
    }

    private static final HexFormat HEX = HexFormat.of();

    private MessageDigest hasher(int a) {
        if (hashers[a] == null) {
            hashers[a] = instance(ALGORITHMS[a][0]);
        }
        return hashers[a];
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** The hex digest of {@code value} by {@code algorithm} (a JDK name: MD5, SHA-1, SHA-256), as indexed. */
    static String digest(String algorithm, String value) {
        return HEX.formatHex(instance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "HashedContactsDetector[" + digestsById.size() + " erasures, " + digests.length + " digests]";
    }
}
