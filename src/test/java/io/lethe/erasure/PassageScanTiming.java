package io.lethe.erasure;

import io.lethe.bench.PipelineScanBench;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The erasure stage with passages only (N registered through a bulk import), scanning 2 KB outputs of
 * WikiText-2 prose, every fourth with 40 words of a registered passage planted (one word changed): thread
 * CPU time per output, which a loaded machine disturbs less than wall time. Also prints the bulk import's
 * wall time and the passage tables' size.
 *
 * <p>Run: {@code java -cp ... io.lethe.erasure.PassageScanTiming 20000 20} (passages, rounds).
 */
public final class PassageScanTiming {

    private PassageScanTiming() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> passages = PipelineScanBench.passages(n, 80);
        try (ErasureRegistry registry = new ErasureRegistry(Files.createTempDirectory("lethe-passage-timing"), "US",
                Map.of(), 100, s -> { }, Clock.systemUTC())) {
            registry.start();
            long t0 = System.nanoTime();
            ErasureRegistry.BulkImport bulk = registry.bulk();
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(("{\"id\":\"p" + i + "\",\"passages\":[\"" + passages.get(i) + "\"]}").getBytes(StandardCharsets.UTF_8));
            }
            bulk.lines(lines).join();
            bulk.finish().join();
            long importMs = (System.nanoTime() - t0) / 1_000_000;
            String[] texts = PipelineScanBench.texts64(passages);
            ErasureStage stage = registry.snapshot();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            int findings = 0;
            long best = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                for (String t : texts) {
                    var s = stage.open(new ScanContext("r", "m", null, null), Channel.content(0));
                    findings += s.scan(ObfuscationFixtures.window(t, true)).findings().size();
                }
                best = Math.min(best, (mx.getCurrentThreadCpuTime() - c0) / texts.length);
            }
            System.out.printf("%d passages: bulk import %d ms, tables ~%d MB; scan of a 2 KB output (best round of %d, "
                            + "thread CPU): %.1f us; findings per round %d%n", n, importMs,
                    stage.approximateBytes() >> 20, rounds, best / 1000.0, findings / rounds);
        }
    }
}
