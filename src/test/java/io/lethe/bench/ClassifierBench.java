package io.lethe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.classifier.MicroBatcher;
import io.lethe.classifier.OnnxClassifier;
import io.lethe.testkit.TestData;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sentence-embedding throughput on CPU: the model alone at fixed batch sizes, then through the
 * {@link MicroBatcher} as the classifier stage uses it (one sentence per caller), and whether a sentence's
 * vector depends on what it was batched with.
 *
 * <p>Sentences: retain90 answers of TOFU cut like the stage cuts them (4+ words), 2,000 of them in a fixed
 * shuffle. {@code main [q|fp32] [seconds=10] [workers=cpus] [threads=1] [cpu|cuda]}: each measurement runs 3 s of
 * warm-up, then {@code seconds}; a call counts when it completes inside the window (no edge bias on average).
 */
public final class ClassifierBench {

    static final int SENTENCES = 2000;
    static final int CLIENTS = 64;
    static final int PROBES = 50;
    static final Duration WARMUP = Duration.ofSeconds(3);

    static List<String> sentences() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> all = new ArrayList<>();
        for (String l : Files.readAllLines(TestData.dir().resolve("tofu/retain90.jsonl"))) {
            if (!l.isBlank()) {
                all.addAll(ClassifierEval.sentences(json.readTree(l).path("answer").asText()));
            }
        }
        Collections.shuffle(all, new Random(20240601));
        return List.copyOf(all.subList(0, Math.min(SENTENCES, all.size())));
    }

    /** A measurement window after the warm-up; loops run until {@code end}. */
    record Window(long start, long end) {
        static Window after(Duration warmup, int seconds) {
            long s = System.nanoTime() + warmup.toNanos();
            return new Window(s, s + seconds * 1_000_000_000L);
        }

        boolean counts(long done) {
            return done >= start && done <= end;
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }

    record Result(long sentences, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return sentences / seconds;
        }

        String line() {
            return String.format("%9.1f sentences/s   p50 %8.2f ms   p99 %8.2f ms   (%d sentences, %d calls)", perSecond(),
                    latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(99) / 1000.0,
                    sentences, latencyMicros.getTotalCount());
        }
    }

    /** (a) {@code workers} threads calling {@code model.run} back-to-back on batches of {@code batch}. */
    static Result isolation(OnnxClassifier model, List<String> texts, int batch, int workers, int seconds) throws InterruptedException {
        Window w = Window.after(WARMUP, seconds);
        Histogram[] h = new Histogram[workers];
        long[] counted = new long[workers];
        Thread[] ts = new Thread[workers];
        for (int k = 0; k < workers; k++) {
            int id = k;
            h[k] = new Histogram(3);
            ts[k] = new Thread(() -> {
                int next = id * texts.size() / workers; // threads on different sentences
                long done = 0;
                while (done < w.end) {
                    List<String> b = slice(texts, next, batch);
                    next = (next + batch) % texts.size();
                    long t0 = System.nanoTime();
                    model.run(b);
                    done = System.nanoTime();
                    if (w.counts(done)) {
                        counted[id] += b.size();
                        h[id].recordValue(Math.max(1, (done - t0) / 1000));
                    }
                }
            });
            ts[k].start();
        }
        Histogram all = new Histogram(3);
        long n = 0;
        for (int k = 0; k < workers; k++) {
            ts[k].join();
            all.add(h[k]);
            n += counted[k];
        }
        return new Result(n, w.seconds(), all);
    }

    static List<String> slice(List<String> texts, int from, int n) {
        List<String> b = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            b.add(texts.get((from + i) % texts.size()));
        }
        return b;
    }

    /** (b) 64 callers, each one sentence at a time through the batcher; (c) probes batched amid that load. */
    static Result batched(MicroBatcher batcher, List<String> texts, int seconds, List<String> probes, float[][] probeOut)
            throws InterruptedException {
        Window w = Window.after(WARMUP, seconds);
        AtomicBoolean stop = new AtomicBoolean();
        Histogram[] h = new Histogram[CLIENTS];
        long[] counted = new long[CLIENTS];
        Thread[] ts = new Thread[CLIENTS];
        MicroBatcher.Stats[] at = new MicroBatcher.Stats[2];
        for (int k = 0; k < CLIENTS; k++) {
            int id = k;
            h[k] = new Histogram(3);
            ts[k] = new Thread(() -> {
                int next = id * texts.size() / CLIENTS;
                while (!stop.get()) {
                    String s = texts.get(next);
                    next = (next + 1) % texts.size();
                    long t0 = System.nanoTime();
                    try {
                        batcher.submit(s).join();
                    } catch (java.util.concurrent.CompletionException e) {
                        continue; // refused or timed out: in the batcher's counters, not in the throughput
                    }
                    long done = System.nanoTime();
                    if (w.counts(done)) {
                        counted[id]++;
                        h[id].recordValue(Math.max(1, (done - t0) / 1000));
                    }
                }
            });
            ts[k].start();
        }
        sleepUntil(w.start);
        at[0] = batcher.stats();
        sleepUntil(w.end);
        at[1] = batcher.stats();
        // Still under load: the probes share batches with the callers' sentences.
        List<CompletableFuture<float[]>> fs = new ArrayList<>();
        probes.forEach(p -> fs.add(batcher.submit(p)));
        for (int i = 0; i < fs.size(); i++) {
            probeOut[i] = fs.get(i).join();
        }
        stop.set(true);
        Histogram all = new Histogram(3);
        long n = 0;
        for (int k = 0; k < CLIENTS; k++) {
            ts[k].join();
            all.add(h[k]);
            n += counted[k];
        }
        long sentences = at[1].sentences() - at[0].sentences();
        long batches = at[1].batches() - at[0].batches();
        System.out.printf("  window: %d batches, mean batch %.2f (cumulative incl. warm-up %.2f); rejected %d, timed out %d, failed %d%n",
                batches, batches == 0 ? 0 : (double) sentences / batches, at[1].meanBatch(), at[1].rejected(),
                at[1].timedOut(), at[1].failed());
        return new Result(n, w.seconds(), all);
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    /** Max absolute difference, "0 (bit-identical)" when none. */
    static String gap(float[][] a, float[][] b) {
        float m = maxAbsDiff(a, b);
        return m == 0 ? "0 (bit-identical)" : String.format("%.3g", m);
    }

    static float maxAbsDiff(float[][] a, float[][] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int d = 0; d < a[i].length; d++) {
                m = Math.max(m, Math.abs(a[i][d] - b[i][d]));
            }
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "q";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // cuda: the gpu profile's build on a GPU machine (src/bench/gpu-bench.sh); falls back to CPU, and says so
        OnnxClassifier.Device device = OnnxClassifier.Device.parse(args.length > 4 ? args[4] : "cpu");
        if (!which.equals("q") && !which.equals("fp32")) {
            throw new IllegalArgumentException("model: q or fp32");
        }
        List<String> texts = sentences();
        Path tmp = Files.createTempDirectory("lethe-classifier-bench");
        try (OnnxClassifier model = which.equals("q")
                ? OnnxClassifier.builtIn(device, threads, ClassifierEval.MAX_TOKENS)
                : fp32(tmp, threads, device)) {
            System.out.printf("model %s on %s, perItem %s; cpus %d, workers %d, intra-op threads %d; java %s (%s); %d sentences; load average %s%n",
                    model.name(), model.onGpu() ? "CUDA" : "CPU", model.perItem(), Runtime.getRuntime().availableProcessors(), workers, threads,
                    System.getProperty("java.version"), System.getProperty("java.vm.name"), texts.size(),
                    ClassifierEval.loadAverage());

            System.out.printf("%n(a) model.run back-to-back, %d thread(s), %d s after %d s warm-up%n", workers, seconds,
                    WARMUP.toSeconds());
            Result b32 = null;
            for (int batch : new int[] {1, 8, 32}) {
                Result r = isolation(model, texts, batch, workers, seconds);
                System.out.printf("  batch %2d: %s%n", batch, r.line());
                b32 = r;
            }

            System.out.printf("%n(b) MicroBatcher(workers %d, max batch 32, wait 2 ms), %d callers one sentence at a time%n",
                    workers, CLIENTS);
            List<String> probes = texts.subList(0, PROBES);
            float[][] inBatcher = new float[PROBES][];
            Result mb;
            try (MicroBatcher batcher = new MicroBatcher("bench", model::run, workers, 32, Duration.ofMillis(2), 4096,
                    Duration.ofSeconds(10))) {
                mb = batched(batcher, texts, seconds, probes, inBatcher);
            }
            System.out.printf("  batcher : %s%n", mb.line());
            System.out.printf("  ratio to (a) batch 32: %.3f (target >= 0.90)%n", mb.perSecond() / b32.perSecond());

            System.out.printf("%n(c) the same %d sentences scored apart and together%n", PROBES);
            float[][] alone = new float[PROBES][];
            for (int i = 0; i < PROBES; i++) {
                alone[i] = model.run(List.of(probes.get(i)))[0];
            }
            float[][] oneRun = model.run(probes);
            System.out.printf("  max |alone - in micro-batcher under load| = %s%n", gap(alone, inBatcher));
            System.out.printf("  max |alone - one run() of %d|            = %s%n", PROBES, gap(alone, oneRun));
            System.out.printf("%nload average %s%n", ClassifierEval.loadAverage());
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static OnnxClassifier fp32(Path tmp, int threads, OnnxClassifier.Device device) throws IOException {
        ClassifierEval.copy("/all-minilm-l6-v2.onnx", tmp.resolve("model.onnx"));
        ClassifierEval.copy("/all-minilm-l6-v2-tokenizer.json", tmp.resolve("tokenizer.json"));
        return OnnxClassifier.fromFolder("all-MiniLM-L6-v2", tmp, device, threads, ClassifierEval.MAX_TOKENS);
    }
}
