package io.lethe.bench;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import io.lethe.testkit.TestData;
import net.datafaker.Faker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Precision check for changes to the matchers: registers N people (FakeNameGenerator names from
 * {@link PersonDataset}, plus a tenth of them from datafaker in non-Latin locales) and prints every WikiText-2
 * paragraph (test and validation splits, detokenized) that the erasure and decoding stages change. Run it on two
 * builds and compare the lists: a change must not add benign paragraphs.
 *
 * <p>{@code java -cp ... io.lethe.bench.BenignDiff 100000 [--spans] > target/bench/benign.txt} ({@code --spans}
 * also prints what each finding covers).
 */
public final class BenignDiff {

    private BenignDiff() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean spans = args.length > 1 && args[1].equals("--spans");
        Path dir = Files.createTempDirectory("lethe-benign");
        AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
        RulesPolicy policy = new RulesPolicy(GuardRules.builtIn());
        ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100_000, stage -> pipeline.set(
                new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))), policy)),
                Clock.systemUTC());
        registry.start();
        PersonDataset d = new PersonDataset();
        Random r = new Random(29);
        String[] locales = {"ko", "zh-CN", "ja", "ru", "ar", "el-GR", "uk", "bg"};
        Faker[] fakers = new Faker[locales.length];
        for (int i = 0; i < locales.length; i++) {
            fakers[i] = new Faker(Locale.forLanguageTag(locales[i]), new Random(31 + i));
        }
        var bulk = registry.bulk();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = i % 10 == 9 ? fakers[i % locales.length].name().fullName() : d.name(r.nextInt(d.capacity()));
            if (spans && args.length > 2 && args[2].equals("b" + i)) {
                System.out.println("NAME\t" + name);
            }
            batch.add(("{\"id\":\"b" + i + "\",\"subject\":{\"names\":[\"" + name.replace("\"", "") + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 10_000) {
                bulk.lines(batch).join();
                batch = new ArrayList<>();
            }
        }
        bulk.lines(batch).join();
        bulk.finish().join();
        int paragraphs = 0;
        int changed = 0;
        for (String split : new String[] {"test.txt", "valid.txt"}) {
            for (String line : Files.readAllLines(TestData.dir().resolve("wikitext2").resolve(split), StandardCharsets.UTF_8)) {
                String text = detokenize(line.strip());
                if (text.isEmpty() || text.startsWith("=")) {
                    continue;
                }
                paragraphs++;
                var s = pipeline.get().open(new ScanContext("b", "m", null, null), null);
                if (!s.scanWhole(Channel.content(0), text).equals(text)) {
                    changed++;
                    System.out.println("CHANGED\t" + text);
                    if (spans) {
                        // synthetic registrations over public prose: the spans help find the variant at fault
                        for (var f : s.findings()) {
                            System.out.println("  " + f.finding().erasureId() + "\t" + f.finding().rule() + "\t" + text.substring(f.finding().start(),
                                    f.finding().end()));
                        }
                    }
                }
            }
        }
        System.out.printf("%d of %d paragraphs changed with %d people%n", changed, paragraphs, n);
        registry.close();
    }

    static String detokenize(String s) {
        return s.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".").replace(" , ", ", ")
                .replace(" . ", ". ").replace(" ; ", "; ").replace(" : ", ": ").replace(" 's", "'s")
                .replace("( ", "(").replace(" )", ")").replace(" \" ", " \"").replace("<unk>", "thing");
    }
}
