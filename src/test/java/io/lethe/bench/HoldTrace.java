package io.lethe.bench;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import io.lethe.testkit.GrowingWindow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A companion to {@link HoldProfile}: streams one text a char at a time into one stage, with N people of
 * {@link PersonDataset} registered, and prints after each char the part the stage still holds, in brackets
 * after 20 chars of context (nothing when it holds nothing). Shows which words a hold waits on and for how long,
 * where HoldProfile only counts chunks.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.lethe.bench.HoldTrace "text" [people] [stage]</pre>
 *
 * <p>{@code stage}: {@code lexical} (the erasure stage, the default) or {@code decoded} (the decoding stage over it).
 * Public prose only: a local diagnosis aid that prints the text it is given.
 */
public final class HoldTrace {

    private HoldTrace() {
    }

    public static void main(String[] args) throws Exception {
        String text = args[0];
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String name = args.length > 2 ? args[2] : "lexical";
        Path dir = Files.createTempDirectory("lethe-hold-trace");
        AtomicReference<List<GuardStage>> stages = new AtomicReference<>();
        ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100_000, stage -> {
            List<GuardStage> s = new ArrayList<>();
            s.add(stage);
            s.add(DecodingDetector.stage(List.copyOf(s)));
            stages.set(s);
        }, Clock.systemUTC());
        registry.start();
        PersonDataset d = new PersonDataset();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            lines.add(d.ndjsonLine(i).getBytes(StandardCharsets.UTF_8));
        }
        var bulk = registry.bulk();
        bulk.lines(lines).join();
        bulk.finish().join();
        GuardStage stage = stages.get().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name));
        StageScanner sc = stage.open(new ScanContext("r", "m", null, null), Channel.content(0));
        GrowingWindow w = new GrowingWindow();
        for (int e = 1; e <= text.length(); e++) {
            w.text = text.substring(0, e);
            w.from = e - 1;
            w.complete = false;
            ScanResult res = sc.scan(w);
            int h = Math.min(res.holdFrom(), e);
            String found = res.findings().isEmpty() ? "" : "  (" + res.findings().size() + " finding(s))";
            if (h < e) {
                System.out.println(text.substring(Math.max(0, h - 20), h) + '[' + text.substring(h, e) + ']' + found);
            } else if (!found.isEmpty()) {
                System.out.println(text.substring(Math.max(0, e - 20), e) + "[]" + found);
            }
        }
        registry.close();
        System.exit(0);
    }
}
