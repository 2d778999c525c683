package io.lethe.evidence;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks evidence chains, per instance: every sequence number from the first seen to the last is present
 * (gaps), each event's {@code prev_hash} is the hash of the event before it (tampering), events of an
 * instance appear in sequence order within each stream they were read from (reordering: a spool file, a
 * topic partition), and an id seen twice carries the same bytes both times (a re-sent duplicate is fine,
 * a different event under the same id is tampering).
 *
 * <p>Feed it with {@link #add} in the order each stream was read, then call {@link #verify}. Not thread-safe.
 */
public final class ChainVerifier {

    private final Map<String, Map<Long, byte[]>> byInstance = new HashMap<>();
    /** Per stream and instance: the highest sequence seen so far (for reordering). */
    private final Map<String, Long> highest = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long events;
    private long duplicates;

    /** One event as read from {@code stream} (e.g. {@code spool} or {@code partition 2}); {@code where} locates it. */
    public void add(String stream, String where, byte[] event) {
        events++;
        EvidenceEvents.Head h;
        try {
            h = EvidenceEvents.head(event);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": unreadable event: " + e.getMessage());
            return;
        }
        if (!h.id().equals(EvidenceEvents.id(h.instance(), h.seq()))) {
            problems.add(where + ": id " + h.id() + " does not match instance and seq " + h.seq() + " (tampered)");
        }
        Map<Long, byte[]> chain = byInstance.computeIfAbsent(h.instance(), k -> new TreeMap<>());
        byte[] earlier = chain.get(h.seq());
        if (earlier != null) {
            if (Arrays.equals(earlier, event)) {
                duplicates++;
            } else {
                problems.add(where + ": event " + h.id() + " seen twice with different contents (tampered)");
            }
            return;
        }
        chain.put(h.seq(), event);
        String key = stream + '\u0000' + h.instance();
        Long top = highest.get(key);
        if (top != null && h.seq() < top) {
            problems.add(where + ": event " + h.id() + " comes after seq " + top + " in " + stream + " (reordered)");
        }
        if (top == null || h.seq() > top) {
            highest.put(key, h.seq());
        }
    }

    /** Reads every segment of a spool folder, in order. */
    public void addSpool(Path dir) throws IOException {
        for (Path seg : Spool.listSegments(dir)) {
            long line = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(seg), 64 * 1024)) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
                int b;
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        line++;
                        add("spool", seg.getFileName() + ":" + line, buf.toByteArray());
                        buf.reset();
                    } else {
                        buf.write(b);
                    }
                }
                if (buf.size() > 0) {
                    problems.add(seg.getFileName() + ":" + (line + 1) + ": unfinished last line (" + buf.size()
                            + " bytes; cut on the gateway's next start)");
                }
            }
        }
    }

    public Report verify() {
        List<String> out = new ArrayList<>(problems);
        List<Report.Chain> chains = new ArrayList<>();
        for (Map.Entry<String, Map<Long, byte[]>> e : new TreeMap<>(byInstance).entrySet()) {
            TreeMap<Long, byte[]> chain = (TreeMap<Long, byte[]>) e.getValue();
            long first = chain.firstKey();
            long last = chain.lastKey();
            long missing = 0;
            Long prevSeq = null;
            String prevHash = null;
            for (Map.Entry<Long, byte[]> ev : chain.entrySet()) {
                long seq = ev.getKey();
                EvidenceEvents.Head h = EvidenceEvents.head(ev.getValue());
                if (prevSeq == null) {
                    if (seq == 1 && h.prevHash() != null) {
                        out.add(h.id() + ": the first event of an instance has a prev_hash (tampered)");
                    }
                } else if (seq != prevSeq + 1) {
                    missing += seq - prevSeq - 1;
                    out.add(e.getKey() + ": gap, seq " + (prevSeq + 1) + (seq - 1 > prevSeq + 1 ? ".." + (seq - 1) : "")
                            + " missing");
                } else if (h.prevHash() == null || !h.prevHash().equals(prevHash)) {
                    out.add(h.id() + ": prev_hash does not match the hash of seq " + prevSeq + " (tampered)");
                }
                prevSeq = seq;
                prevHash = EvidenceEvents.hash(ev.getValue());
            }
            chains.add(new Report.Chain(e.getKey(), first, last, chain.size(), missing));
        }
        return new Report(events, duplicates, chains, out);
    }

    /** The outcome: {@link #ok()} when no problem was found. */
    public record Report(long events, long duplicates, List<Chain> chains, List<String> problems) {

        public record Chain(String instance, long firstSeq, long lastSeq, long events, long missing) {
        }

        public boolean ok() {
            return problems.isEmpty();
        }

        /** Human-readable summary, one line per chain and per problem. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(events).append(" event(s) read, ").append(duplicates).append(" duplicate(s) (re-sent, same bytes)\n");
            for (Chain c : chains) {
                sb.append("instance ").append(c.instance()).append(": seq ").append(c.firstSeq()).append("..")
                        .append(c.lastSeq()).append(", ").append(c.events()).append(" event(s), ")
                        .append(c.missing()).append(" missing");
                if (c.firstSeq() > 1) {
                    sb.append(" (starts after seq 1: earlier events not in this source)");
                }
                sb.append('\n');
            }
            for (String p : problems) {
                sb.append("PROBLEM ").append(p).append('\n');
            }
            sb.append(ok() ? "OK: every chain verifies\n" : "FAILED: " + problems.size() + " problem(s)\n");
            return sb.toString();
        }
    }
}
