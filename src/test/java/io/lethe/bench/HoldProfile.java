package io.lethe.bench;

import io.lethe.decode.DecodingStage;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.rules.DenyTermStage;
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
 */
public final class HoldProfile {

    private HoldProfile() {
    }

    /** A growing window over one text, as the session gives it to a stage. */
    private static final class Window implements ScanWindow {
        String text;
        int from;
        boolean complete;

        @Override
        public Channel channel() {
            return Channel.content(0);
        }

        @Override
        public CharSequence text() {
            return text;
        }

        @Override
        public int newFrom() {
            return from;
        }

        @Override
        public boolean complete() {
            return complete;
        }
    }

    public static void main(String[] args) throws Exception {
        int people = Integer.parseInt(args.length > 0 ? args[0] : "1000");
        Path dir = Files.createTempDirectory("lethe-hold-profile");
        AtomicReference<List<GuardStage>> stages = new AtomicReference<>();
        List<GuardStage> rules = List.of(new DenyTermStage(RulesLoader.load(Path.of("guard-rules")).denyTerms()));
        ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100_000, stage -> {
            List<GuardStage> s = new ArrayList<>(rules);
            if (people > 0) {
                s.add(stage);
            }
            s.add(new DecodingStage(List.copyOf(s), 16, 2));
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
        String[] texts = ErasureMatchBench.texts(d, 16);
        Random r = new Random(1);
        long[][] waited = new long[st.size() + 1][8];
        for (String t : texts) {
            List<Integer> ends = new ArrayList<>();
            for (int p = 0; p < t.length(); ) {
                p = Math.min(t.length(), p + 1 + r.nextInt(9));
                ends.add(p);
            }
            int[] latest = new int[t.length()];
            for (int s = 0; s < st.size(); s++) {
                StageScanner sc = st.get(s).open(new ScanContext("r", "m", null, null), Channel.content(0));
                int[] releasedIn = release(sc, t, ends);
                count(waited[s], releasedIn, ends);
                for (int i = 0; i < t.length(); i++) {
                    latest[i] = Math.max(latest[i], releasedIn[i]);
                }
            }
            count(waited[st.size()], latest, ends);
        }
        for (int s = 0; s <= st.size(); s++) {
            long total = Arrays.stream(waited[s]).sum();
            StringBuilder line = new StringBuilder(s < st.size() ? st.get(s).name() : "pipeline").append(':');
            for (int k = 0; k < 8; k++) {
                line.append(String.format(" %d%s:%.1f%%", k, k == 7 ? "+" : "", 100.0 * waited[s][k] / total));
            }
            System.out.println(line);
        }
        registry.close();
        System.exit(0);
    }

    /** The chunk index each char of {@code t} is released in, streamed to {@code sc} in chunks ending at {@code ends}. */
    private static int[] release(StageScanner sc, String t, List<Integer> ends) {
        Window w = new Window();
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
