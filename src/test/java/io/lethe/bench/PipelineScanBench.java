package io.lethe.bench;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole 2 KB output through the gateway's guard pipeline with every view on: the erasure stage (raw
 * text, normalized view, two leetspeak views, passages) and the decoding stage (the same again over ROT13
 * and decoded base64/base32/hex runs), against N person erasures registered through the registry.
 *
 * <p>Run: {@code java -cp ... org.openjdk.jmh.Main PipelineScanBench -p erasures=100000} (BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-XX:+UseParallelGC"})
@Threads(1)
public class PipelineScanBench {

    @Param({"100000"})
    int erasures;

    /** Passage erasures registered besides the people (80-word texts, see {@link #passages}). */
    @Param({"0"})
    int passages;

    ErasureRegistry registry;
    final AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
    String[] texts;
    int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path dir = Files.createTempDirectory("lethe-pipeline-bench");
        RulesPolicy policy = new RulesPolicy(GuardRules.builtIn());
        registry = new ErasureRegistry(dir, "US", Map.of(), 100_000, stage -> pipeline.set(new GuardPipeline(
                List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))), policy)), Clock.systemUTC());
        registry.start();
        PersonDataset d = new PersonDataset();
        var bulk = registry.bulk();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < erasures; i++) {
            batch.add(d.ndjsonLine(i).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 10_000) {
                bulk.lines(batch).join();
                batch = new ArrayList<>();
            }
        }
        List<String> passageTexts = passages(passages, 80);
        for (int i = 0; i < passageTexts.size(); i++) {
            batch.add(("{\"id\":\"passage-" + i + "\",\"passages\":[\"" + passageTexts.get(i) + "\"]}")
                    .getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 10_000) {
                bulk.lines(batch).join();
                batch = new ArrayList<>();
            }
        }
        bulk.lines(batch).join();
        bulk.finish().join();
        texts = ErasureMatchBench.texts(d, 64);
        plant(texts, passageTexts);
        int findings = 0;
        for (String t : texts) {
            var s = pipeline.get().open(new ScanContext("b", "m", null, null), null);
            s.scanWhole(Channel.content(0), t);
            findings += s.findings().size();
        }
        System.out.printf("%n[setup] %d erasures, 64 texts of 2 KB, %d findings in all%n", erasures, findings);
    }

    /** Every fourth output reproduces 40 words of a registered passage, with one word changed. */
    static void plant(String[] texts, List<String> passageTexts) {
        for (int i = 0; i < texts.length && !passageTexts.isEmpty(); i += 4) {
            String[] w = passageTexts.get((i * 7919) % passageTexts.size()).split(" ");
            w[20] = "otherwise";
            String planted = String.join(" ", java.util.Arrays.copyOfRange(w, 0, 40));
            texts[i] = (texts[i].substring(0, 900) + " " + planted + " " + texts[i].substring(900)).substring(0, 2048);
        }
    }

    /** The benchmark's 64 outputs with passages planted (for timings outside JMH). */
    public static String[] texts64(List<String> passageTexts) throws java.io.IOException {
        String[] texts = ErasureMatchBench.texts(new PersonDataset(), 64);
        plant(texts, passageTexts);
        return texts;
    }

    /**
     * {@code n} passages of {@code words} words walked through the word bigrams of WikiText-2's validation
     * prose (deterministic): text with English word statistics that no output of the benchmark repeats
     * except where planted.
     */
    public static List<String> passages(int n, int words) throws java.io.IOException {
        if (n == 0) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(io.lethe.testkit.TestData.dir().resolve("wikitext2").resolve("valid.txt"),
                StandardCharsets.UTF_8);
        List<String> tokens = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("=")) {
                for (String w : t.split(" ")) {
                    if (!w.isEmpty() && Character.isLetterOrDigit(w.charAt(0)) && !w.equals("unk")) {
                        tokens.add(w);
                    }
                }
            }
        }
        java.util.Map<String, List<String>> next = new java.util.HashMap<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            next.computeIfAbsent(tokens.get(i), k -> new ArrayList<>()).add(tokens.get(i + 1));
        }
        java.util.Random r = new java.util.Random(42);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            String w = tokens.get(r.nextInt(tokens.size()));
            for (int k = 0; k < words; k++) {
                sb.append(k == 0 ? "" : " ").append(w);
                List<String> f = next.get(w);
                w = f == null ? tokens.get(r.nextInt(tokens.size())) : f.get(r.nextInt(f.size()));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public String wholeOutputAllViews() {
        var s = pipeline.get().open(new ScanContext("b", "m", null, null), null);
        return s.scanWhole(Channel.content(0), texts[next++ & 63]);
    }
}
