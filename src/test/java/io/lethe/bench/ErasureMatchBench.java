package io.lethe.bench;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.NameVariantsAccess;
import io.lethe.erasure.index.Nicknames;
import io.lethe.erasure.index.ViewCursor;
import io.lethe.testkit.TestData;
import io.lethe.text.NormalizedView;
import io.lethe.text.TermAutomaton;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scanning a 2 KB output against N compiled person erasures (name with variants, e-mail, phone), one
 * thread. The texts are Wikipedia prose (WikiText-2, detokenized) with two registered people planted in
 * every fourth one. {@code charAutomaton} scans the same names (full form only) with a char-level
 * Aho-Corasick automaton, for comparison with the chosen token trie. {@code tokenTrieWithViews} is what the
 * erasure stage does per channel: the raw text plus its normalized and leetspeak views.
 *
 * <p>Run: {@code src/bench/registry-bench.sh jmh} (see BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "-XX:+UseParallelGC"})
@Threads(1)
public class ErasureMatchBench {

    @Param({"1000000"})
    int erasures;

    CompiledErasures compiled;
    TermAutomaton chars;
    String[] texts;
    int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        PersonDataset d = new PersonDataset();
        List<CompiledErasures.Spec> specs = new ArrayList<>(erasures);
        List<String> names = new ArrayList<>(erasures);
        for (int i = 0; i < erasures; i++) {
            specs.add(d.spec(i));
            names.add(d.name(i));
        }
        System.gc();
        long before = used();
        long t0 = System.nanoTime();
        compiled = CompiledErasures.build(specs, Nicknames.shipped(), "US");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        specs = null;
        System.gc();
        long after = used();
        System.out.printf("%n[setup] compiled %d erasures in %d ms; heap +%d MB (tables ~%d MB, %d trie states)%n",
                erasures, ms, (after - before) >> 20, compiled.approximateBytes() >> 20, compiled.states());
        t0 = System.nanoTime();
        chars = TermAutomaton.build(names);
        System.out.printf("[setup] char automaton over %d full names: %d ms, %d states%n", names.size(),
                (System.nanoTime() - t0) / 1_000_000, chars.stateCount());
        texts = texts(d, 64);
        int hits = 0;
        for (String t : texts) {
            hits += compiled.findAll(t).size();
        }
        System.out.printf("[setup] %d texts of ~2 KB, %d hits in all%n", texts.length, hits);
        if (NameVariantsAccess.tokenCount(d.name(0)) < 2) {
            throw new IllegalStateException("dataset names should have two words");
        }
    }

    static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static String[] texts(PersonDataset d, int n) throws IOException {
        List<String> lines = Files.readAllLines(TestData.dir().resolve("wikitext2").resolve("test.txt"), StandardCharsets.UTF_8);
        StringBuilder prose = new StringBuilder();
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("=")) {
                continue;
            }
            prose.append(detokenize(t)).append(' ');
        }
        String[] out = new String[n];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder(prose.substring(pos, pos + 2048));
            pos += 2048;
            if (i % 4 == 0) {
                sb.insert(500, " " + d.name(i * 997) + " ");
                sb.insert(1500, " mail " + d.email(i * 991) + " or call " + d.phone(i * 991) + ". ");
            }
            out[i] = sb.substring(0, 2048);
        }
        return out;
    }

    /** WikiText's tokenization undone: " @-@ " → "-", " , " → ", " and so on. */
    static String detokenize(String s) {
        return s.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".").replace(" , ", ", ")
                .replace(" . ", ". ").replace(" ; ", "; ").replace(" : ", ": ").replace(" 's", "'s")
                .replace("( ", "(").replace(" )", ")").replace(" \" ", " \"").replace("<unk>", "thing");
    }

    @Benchmark
    public void tokenTrie(Blackhole bh) {
        bh.consume(compiled.findAll(texts[next++ & 63]));
    }

    @Benchmark
    public void tokenTrieWithViews(Blackhole bh) {
        bh.consume(scanWithViews(compiled, texts[next++ & 63]));
    }

    /** The raw text and every normalized view, as {@code ErasureStage} scans a whole answer. */
    public static List<CompiledErasures.Hit> scanWithViews(CompiledErasures compiled, String text) {
        List<CompiledErasures.Hit> out = new ArrayList<>();
        NormalizedView view = new NormalizedView();
        view.advance(text, text.length(), true);
        compiled.cursor().feed(text, text.length(), true, out);
        new ViewCursor(compiled, NormalizedView.TOKEN_VIEWS).feed(text, view.tokenViews(), true, out);
        return out;
    }

    @Benchmark
    public void charAutomaton(Blackhole bh) {
        bh.consume(chars.findAll(texts[next++ & 63]));
    }
}
