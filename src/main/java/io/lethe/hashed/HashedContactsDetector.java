package io.lethe.hashed;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.GuardStage;
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
 * <p>No settings. Runs after the erasure detector (250) so the decoded detector rescans it in decoded text.
 */
@ApplicationScoped
public class HashedContactsDetector implements DetectorFactory {

    static final String NAME = "hashed-contacts";
    private static final System.Logger LOG = System.getLogger(HashedContactsDetector.class.getName());
    private static final String[][] ALGORITHMS = {{"MD5", "md5"}, {"SHA-1", "sha1"}, {"SHA-256", "sha256"}};

    /** Digest → its owners (immutable values, replaced on change so a snapshot can share them). */
    private final TreeMap<String, DigestIndex.Owners> byDigest = new TreeMap<>();
    /** Erasure id → the digests it put into {@link #byDigest}. */
    private final Map<String, List<String>> digestsById = new HashMap<>();
    private long version = ErasureRecords.LOST_TRACK;
    private ErasureRecords source;
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
        ErasureRecords records = context.erasures();
        if (records != source) {
            // another registry (or none) than the one the version came from: versions do not carry over
            source = records;
            version = ErasureRecords.LOST_TRACK;
        }
        if (version != ErasureRecords.LOST_TRACK) {
            version = records.forEachChangedSince(version, this::apply);
            changeReads++;
        }
        if (version == ErasureRecords.LOST_TRACK) {
            long t0 = System.nanoTime();
            byDigest.clear();
            digestsById.clear();
            version = records.forEachActive(this::apply);
            fullReads++;
            changed = true;
            LOG.log(System.Logger.Level.DEBUG, "hashed-contacts: full read, {0} erasures, {1} digests in {2} ms",
                    digestsById.size(), byDigest.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        if (changed || last == null) {
            changed = false;
            last = byDigest.isEmpty() ? null : new HashedContactsStage(NAME, new DigestIndex(
                    byDigest.keySet().toArray(new String[0]), byDigest.values().toArray(new DigestIndex.Owners[0])));
        }
        return last;
    }

    /** Takes a visit as the record's state now: its old digests go, an active record's come back. */
    private void apply(RegisteredErasure e) {
        changed = true;
        List<String> old = digestsById.remove(e.id());
        if (old != null) {
            for (String d : old) {
                DigestIndex.Owners o = byDigest.get(d);
                List<RegisteredErasure> rest = new ArrayList<>(o.erasures().size());
                for (RegisteredErasure x : o.erasures()) {
                    if (!x.id().equals(e.id())) {
                        rest.add(x);
                    }
                }
                if (rest.isEmpty()) {
                    byDigest.remove(d);
                } else {
                    byDigest.put(d, new DigestIndex.Owners(o.algorithm(), List.copyOf(rest)));
                }
            }
        }
        if (!e.active()) {
            return;
        }
        List<String> mine = new ArrayList<>();
        for (String[] alg : ALGORITHMS) {
            for (String form : forms(e.emails())) {
                String d = digest(alg[0], form);
                if (mine.contains(d)) {
                    continue;
                }
                mine.add(d);
                DigestIndex.Owners o = byDigest.get(d);
                List<RegisteredErasure> owners = new ArrayList<>(o == null ? List.of() : o.erasures());
                owners.add(e);
                byDigest.put(d, new DigestIndex.Owners(alg[1], List.copyOf(owners)));
            }
        }
        if (!mine.isEmpty()) {
            digestsById.put(e.id(), List.copyOf(mine));
        }
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

    static String digest(String algorithm, String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "HashedContactsDetector[" + digestsById.size() + " erasures, " + byDigest.size() + " digests]";
    }
}
