package io.lethe.bench;

import io.lethe.testkit.GrowingWindow;
import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.rules.DenyTermDetector;
import io.lethe.rules.RulesLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long each stage of the gateway's pipeline holds streamed text back, in upstream chunks, without the
 * network: 16 outputs of 2 KB of WikiText-2 prose streamed in chunks of 1-9 chars (seeded), each char counted
 * by how many chunks after its own it was released (0: with its own chunk), per stage and for the pipeline (the
 * latest of the stages). The stages are the gateway's: the shipped {@code guard-rules/} deny terms, N people
 * registered through the registry (PersonDataset), and the decoding stage over both.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.lethe.bench.HoldProfile 1000</pre>
 *
 * <p>With {@code -Dcost=R} it prints instead each stage's wall time per streamed char (ns; the best of 5 rounds of
 * R passes over the 16 texts, one thread, a new scanner per text, as a response opens one), to compare builds on
 * one machine. Each stage builds its own normalized views here, where the gateway shares one per response.
 *
 * <p>Diagnosis aids: {@code HOLD_SHOW=<stage name>} prints each run of chars that stage held {@code -Dhold.min=N}
 * (default 3) chunks or more, with context; {@code HOLD_SHOW=excess} prints the runs the pipeline held N chunks or
 * more beyond the one-word typo oracle; {@code -Dhold.text="..."} profiles that one text instead of the 16.
 */
public final class HoldProfile {

    private HoldProfile() {
    }

    public static void main(String[] args) throws Exception {
        int people = Integer.parseInt(args.length > 0 ? args[0] : "1000");
        Path dir = Files.createTempDirectory("lethe-hold-profile");
        AtomicReference<List<GuardStage>> stages = new AtomicReference<>();
        List<GuardStage> rules = List.of(DenyTermDetector.stage(RulesLoader.load(Path.of("guard-rules")).denyTerms()));
        ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100_000, stage -> {
            List<GuardStage> s = new ArrayList<>(rules);
            if (people > 0) {
                s.add(stage);
            }
            s.add(DecodingDetector.stage(List.copyOf(s)));
            stages.set(s);
        }, Clock.systemUTC());
        registry.start();
        PersonDataset d = new PersonDataset();
        var bulk = registry.bulk();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            batch.add(d.ndjsonLine(i).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 10_000) {
                bulk.lines(batch).join();
                batch = new ArrayList<>();
            }
        }
        bulk.lines(batch).join();
        bulk.finish().join();
        List<GuardStage> st = stages.get();
        if (people > 0) {
            // the shipped pipeline's order: deny terms, erasures, hashed contacts, then decoding over all three
            io.lethe.guard.ErasureRecords records = registry.records();
            GuardStage hashed = new io.lethe.hashed.HashedContactsDetector().build(new io.lethe.guard.DetectorContext() {
                public List<GuardStage> before() {
                    return List.of();
                }

                public <T> T settings(Class<T> type) {
                    return null;
                }

                public io.lethe.guard.ErasureRecords erasures() {
                    return records;
                }

                public <T> T shared(Class<T> type) {
                    return null;
                }
            });
            if (hashed != null) {
                List<GuardStage> s = new ArrayList<>(st.subList(0, st.size() - 1));
                s.add(hashed);
                s.add(DecodingDetector.stage(List.copyOf(s)));
                st = s;
            }
        }
        String[] texts = System.getProperty("hold.text") != null ? new String[] {System.getProperty("hold.text")}
                : ErasureMatchBench.texts(d, 16);
        Random r = new Random(1);
        if (Integer.getInteger("cost", 0) > 0) {
            int reps = Integer.getInteger("cost", 0);
            java.util.List<java.util.List<Integer>> allEnds = new ArrayList<>();
            Random rc = new Random(7);
            long chars = 0;
            for (String t : texts) {
                allEnds.add(chunkEnds(t, rc));
                chars += t.length();
            }
            for (int s = 0; s < st.size(); s++) {
                long best = Long.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < reps; k++) {
                        for (int i = 0; i < texts.length; i++) {
                            StageScanner sc = st.get(s).open(new ScanContext("r", "m", null, null), Channel.content(0));
                            release(sc, texts[i], allEnds.get(i));
                        }
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                System.out.printf("cost %s: %.1f ns/char streamed%n", st.get(s).name(), best / (double) (reps * chars));
            }
            System.exit(0);
        }
        String show = System.getenv("HOLD_SHOW");
        long[][] waited = new long[st.size() + 1][8];
        long[] oracle = new long[8];
        long[] typoOracle = new long[8];
        java.util.Set<String> tokens = new java.util.HashSet<>();
        for (int i = 0; i < people; i++) {
            for (String w : d.name(i).split(" ")) {
                tokens.add(w.toLowerCase(java.util.Locale.ROOT));
            }
        }
        java.util.Set<String> prefixes = new java.util.HashSet<>();
        for (String w : tokens) {
            for (int k = 1; k <= w.length(); k++) {
                prefixes.add(w.substring(0, k));
            }
        }
        // the registered names whole, and every prefix of them: a name's first words wait for its next one
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> namePrefixes = new java.util.HashSet<>();
        for (int i = 0; i < people; i++) {
            String n = d.name(i).toLowerCase(java.util.Locale.ROOT);
            names.add(n);
            for (int k = 1; k < n.length(); k++) {
                namePrefixes.add(n.substring(0, k));
            }
        }
        long[] phraseOracle = new long[8];
        for (String t : texts) {
            List<Integer> ends = chunkEnds(t, r);
            int[] latest = new int[t.length()];
            for (int s = 0; s < st.size(); s++) {
                StageScanner sc = st.get(s).open(new ScanContext("r", "m", null, null), Channel.content(0));
                int[] releasedIn = release(sc, t, ends);
                count(waited[s], releasedIn, ends);
                if (show != null && show.equals(st.get(s).name())) {
                    showLong(t, releasedIn, ends);
                }
                for (int i = 0; i < t.length(); i++) {
                    latest[i] = Math.max(latest[i], releasedIn[i]);
                }
            }
            count(waited[st.size()], latest, ends);
            int[] exactRelease = oracleRelease(t, ends, tokens, prefixes);
            count(oracle, exactRelease, ends);
            count(phraseOracle, phraseRelease(t, ends, exactRelease, names, namePrefixes), ends);
            int[] typoRelease = oracleRelease(t, ends, tokens, null);
            count(typoOracle, typoRelease, ends);
            if ("excess".equals(show)) {
                // the pipeline's hold beyond the one-word typo oracle's, where it is hold.min chunks or more
                int[] excess = new int[t.length()];
                for (int i = 0; i < t.length(); i++) {
                    excess[i] = latest[i] - typoRelease[i];
                }
                showRuns(t, excess);
            }
        }
        for (int s = 0; s <= st.size(); s++) {
            long total = Arrays.stream(waited[s]).sum();
            StringBuilder line = new StringBuilder(s < st.size() ? st.get(s).name() : "pipeline").append(':');
            for (int k = 0; k < 8; k++) {
                line.append(String.format(" %d%s:%.2f%%", k, k == 7 ? "+" : "", 100.0 * waited[s][k] / total));
            }
            System.out.println(line);
        }
        long total = Arrays.stream(oracle).sum();
        StringBuilder line = new StringBuilder("oracle (one word, exact; a lower bound):");
        for (int k = 0; k < 8; k++) {
            line.append(String.format(" %d%s:%.2f%%", k, k == 7 ? "+" : "", 100.0 * oracle[k] / total));
        }
        System.out.println(line);
        total = Arrays.stream(phraseOracle).sum();
        line = new StringBuilder("oracle (whole names, exact; a lower bound):");
        for (int k = 0; k < 8; k++) {
            line.append(String.format(" %d%s:%.2f%%", k, k == 7 ? "+" : "", 100.0 * phraseOracle[k] / total));
        }
        System.out.println(line);
        total = Arrays.stream(typoOracle).sum();
        line = new StringBuilder("oracle (one word, typos as registered; a lower bound):");
        for (int k = 0; k < 8; k++) {
            line.append(String.format(" %d%s:%.2f%%", k, k == 7 ? "+" : "", 100.0 * typoOracle[k] / total));
        }
        System.out.println(line);
        registry.close();
        System.exit(0);
    }

    /** Where each chunk of {@code t} ends, chunks of 1-9 chars drawn from {@code r}. */
    private static List<Integer> chunkEnds(String t, Random r) {
        List<Integer> ends = new ArrayList<>();
        for (int p = 0; p < t.length(); ) {
            p = Math.min(t.length(), p + 1 + r.nextInt(9));
            ends.add(p);
        }
        return ends;
    }

    /** The chunk index each char of {@code t} is released in, streamed to {@code sc} in chunks ending at {@code ends}. */
    private static int[] release(StageScanner sc, String t, List<Integer> ends) {
        GrowingWindow w = new GrowingWindow();
        int released = 0;
        int[] in = new int[t.length()];
        int prev = 0;
        for (int c = 0; c < ends.size(); c++) {
            w.text = t.substring(0, ends.get(c));
            w.from = prev;
            w.complete = c == ends.size() - 1;
            ScanResult res = sc.scan(w);
            int h = w.complete ? t.length() : Math.min(res.holdFrom(), t.length());
            for (int i = released; i < h; i++) {
                in[i] = c;
            }
            released = Math.max(released, h);
            prev = ends.get(c);
        }
        return in;
    }

    /** Prints each run of chars held 3 or more chunks, with context (public prose only; a local diagnosis aid). */
    private static void showLong(String t, int[] releasedIn, List<Integer> ends) {
        int[] waited = new int[t.length()];
        int c = 0;
        for (int i = 0; i < t.length(); i++) {
            while (ends.get(c) <= i) {
                c++;
            }
            waited[i] = releasedIn[i] - c;
        }
        showRuns(t, waited);
    }

    /** Prints each run of chars whose {@code chunks} is {@code hold.min} (default 3) or more, with context. */
    private static void showRuns(String t, int[] chunks) {
        int runStart = -1;
        for (int i = 0; i <= chunks.length; i++) {
            boolean held = i < chunks.length && chunks[i] >= Integer.getInteger("hold.min", 3);
            if (held && runStart < 0) {
                runStart = i;
            } else if (!held && runStart >= 0) {
                String ctx = t.substring(Math.max(0, runStart - 25), runStart) + '[' + t.substring(runStart, i) + ']'
                        + t.substring(i, Math.min(t.length(), i + 25));
                System.out.println("  " + ctx.replace('\n', ' '));
                runStart = -1;
            }
        }
    }

    /**
     * A lower bound of any exact guard's hold: a letter run is held while it is open and a prefix of a registered
     * name word, and released once it ends (a registered word ending is released too: it is a finding).
     */
    private static int[] oracleRelease(String t, List<Integer> ends, java.util.Set<String> tokens,
                                       java.util.Set<String> prefixes) {
        int[] in = new int[t.length()];
        int c = 0;
        for (int i = 0; i < t.length(); i++) {
            while (ends.get(c) <= i) {
                c++;
            }
            in[i] = c;
        }
        for (int ws = 0; ws < t.length(); ) {
            if (!Character.isLetter(t.charAt(ws))) {
                ws++;
                continue;
            }
            int we = ws;
            while (we < t.length() && Character.isLetter(t.charAt(we))) {
                we++;
            }
            String word = t.substring(ws, we).toLowerCase(java.util.Locale.ROOT);
            int rel = in[ws];
            while (rel < ends.size() - 1) {
                int e = ends.get(rel);
                String known = word.substring(0, Math.min(word.length(), e - ws));
                if (e > we || !(prefixes != null ? prefixes.contains(known) : couldBeginWithTypo(known, tokens))) {
                    break;
                }
                rel++;
            }
            for (int i = ws; i < we; i++) {
                in[i] = Math.max(in[i], rel);
            }
            ws = we;
        }
        return in;
    }

    /**
     * The exact one-word oracle's release ({@code words}) widened by whole registered names: text from a word's start is
     * held while it is a proper prefix of a registered name written as registered ("simon st" of "Simon Stephens"),
     * so a first name waits for the next word; released with the chunk that rules it out or completes the name. A
     * lower bound on what any matcher that never releases part of a name must hold (no typos, no other forms).
     */
    private static int[] phraseRelease(String t, List<Integer> ends, int[] words, java.util.Set<String> names,
                                       java.util.Set<String> prefixes) {
        int[] in = words.clone();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        int c0 = 0;
        for (int ws = 0; ws < t.length(); ws++) {
            if (!Character.isLetter(t.charAt(ws)) || (ws > 0 && Character.isLetter(t.charAt(ws - 1)))) {
                continue;
            }
            while (ends.get(c0) <= ws) {
                c0++;
            }
            int rel = c0;
            while (rel < ends.size() - 1) {
                String known = lower.substring(ws, ends.get(rel));
                if (names.contains(known) || !prefixes.contains(known)) {
                    break;
                }
                rel++;
            }
            for (int i = ws; i < Math.min(t.length(), ends.get(rel)); i++) {
                in[i] = Math.max(in[i], rel);
            }
        }
        return in;
    }

    /** Whether {@code p} is within the default typo tolerance (1 edit from 5 letters, 2 from 9) of a token's prefix. */
    private static boolean couldBeginWithTypo(String p, java.util.Set<String> tokens) {
        for (String t : tokens) {
            int e = t.length() >= 9 ? 2 : t.length() >= 5 ? 1 : 0;
            int[] prev = new int[t.length() + 1];
            int[] cur = new int[t.length() + 1];
            for (int j = 0; j <= t.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= p.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= t.length(); j++) {
                    cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (p.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1));
                }
                int[] x = prev;
                prev = cur;
                cur = x;
            }
            for (int j = 0; j <= t.length(); j++) {
                if (prev[j] <= e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void count(long[] waited, int[] releasedIn, List<Integer> ends) {
        int c = 0;
        for (int i = 0; i < releasedIn.length; i++) {
            while (ends.get(c) <= i) {
                c++;
            }
            waited[Math.min(7, releasedIn[i] - c)]++;
        }
    }
}
