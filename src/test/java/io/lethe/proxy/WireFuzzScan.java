package io.lethe.proxy;

/**
 * A longer run of {@link WireFuzzTest}'s two translator properties than the suite's random tries: every seed of a
 * range, each failure printed with its seed (add it to {@code WireFuzzTest} as a fixed sample). Six million seeds
 * of both properties took 3 minutes on two cores and found three leaks the suite's 2,000 random tries per run had
 * not (2026-12-02). Bounded: stops after {@code max} failures.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.lethe.proxy.WireFuzzScan 0 6000000 [max]</pre>
 */
public final class WireFuzzScan {

    private WireFuzzScan() {
    }

    public static void main(String[] args) {
        long from = Long.parseLong(args[0]);
        long to = Long.parseLong(args[1]);
        int max = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        WireFuzzTest t = new WireFuzzTest();
        int failures = 0;
        for (long seed = from; seed < to && failures < max; seed++) {
            for (int p = 0; p < 2; p++) {
                try {
                    if (p == 0) {
                        t.randomChunksThroughTheChatTranslatorsNeverCrashNorLeak(seed);
                    } else {
                        t.randomEventsThroughTheResponsesTranslatorsNeverCrashNorLeak(seed);
                    }
                } catch (Throwable e) {
                    failures++;
                    String m = String.valueOf(e).replace('\n', ' ');
                    System.out.println((p == 0 ? "chat" : "responses") + " seed " + seed + ": "
                            + m.substring(0, Math.min(300, m.length())));
                }
            }
        }
        System.out.println("scanned seeds " + from + " to " + to + ", failures " + failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
