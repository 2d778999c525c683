package io.lethe.bench;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;

import java.util.ArrayList;
import java.util.List;

/**
 * A quick single-thread timing (thread CPU time) of one 2 KB answer scanned raw only and raw plus normalized views (the JMH
 * benchmark {@link ErasureMatchBench} is the careful measurement). Args: erasures (default 100000), seconds, "exact" to compile without typo matching.
 */
public final class ViewScanTiming {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        PersonDataset d = new PersonDataset();
        List<CompiledErasures.Spec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            specs.add(d.spec(i));
        }
        boolean exact = args.length > 2 && args[2].equals("exact");
        CompiledErasures compiled = CompiledErasures.build(specs, Nicknames.shipped(), "US",
                exact ? CompiledErasures.Fuzzy.OFF : CompiledErasures.Fuzzy.DEFAULT);
        String[] texts = ErasureMatchBench.texts(d, 64);
        for (int round = 0; round < 3; round++) {
            System.out.printf("%d erasures, round %d: raw %.1f us, normalizing only %.1f us, raw+views %.1f us"
                            + " per 2 KB answer%n", n, round,
                    time(seconds, texts, t -> compiled.findAll(t).size()),
                    time(seconds, texts, t -> {
                        io.lethe.text.NormalizedView v = new io.lethe.text.NormalizedView();
                        v.advance(t, t.length(), true);
                        return v.length();
                    }),
                    time(seconds, texts, t -> ErasureMatchBench.scanWithViews(compiled, t).size()));
        }
    }

    private static double time(int seconds, String[] texts, java.util.function.ToIntFunction<String> scan) {
        // thread CPU time, so other load on the machine counts less
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long ops = 0;
        long t0 = mx.getCurrentThreadCpuTime();
        while (System.nanoTime() < end) {
            for (String t : texts) {
                sink += scan.applyAsInt(t);
            }
            ops += texts.length;
        }
        double us = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / ops;
        if (sink == 42) {
            System.out.print("");
        }
        return us;
    }
}
