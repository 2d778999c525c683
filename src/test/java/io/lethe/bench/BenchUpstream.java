package io.lethe.bench;

import io.lethe.testkit.ReplayUpstream;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ReplayUpstream} on a fixed port until killed, for wrk and {@link StreamLoad} runs.
 *
 * <pre>java -cp ... io.lethe.bench.BenchUpstream --port 18001 [--event-loops 1]</pre>
 *
 * Request recording is off: a long run would otherwise keep every body in memory.
 */
public final class BenchUpstream {

    private BenchUpstream() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Map<String, String> args = StreamLoad.parseArgs(argv);
        int port = Integer.parseInt(args.getOrDefault("port", "18001"));
        int loops = Integer.parseInt(args.getOrDefault("event-loops", "1"));
        ReplayUpstream upstream = ReplayUpstream.builder().port(port).eventLoops(loops).recordRequests(false).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            upstream.close();
            stopped.countDown();
        }, "bench-upstream-shutdown"));
        System.out.println("BenchUpstream listening on " + upstream.baseUrl() + " (event loops: " + loops + ")");
        System.out.flush();
        stopped.await();
    }
}
