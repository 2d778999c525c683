package io.lethe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dev-split diagnosis only: loads the untuned evaluation's generated registry (under
 * {@code target/untuned-eval/}) in process and prints the dev instances of the given classes whose planted
 * form survives a whole scan, with the registered names of the person. Never reads the held-out file.
 *
 * <p>usage: {@code java -cp … io.lethe.eval.DevMisses <small|large> class[,class…]}
 */
public final class DevMisses {
    private DevMisses() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = Path.of("target/untuned-eval");
        Set<String> classes = Set.of(args[1].split(","));
        Path data = Files.createTempDirectory("devmisses");
        AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
        RulesPolicy policy = new RulesPolicy(GuardRules.builtIn());
        ErasureRegistry registry = new ErasureRegistry(data, "US", Map.of(), 200_000,
                stage -> pipeline.set(new GuardPipeline(List.<GuardStage>of(stage), policy)), Clock.systemUTC());
        registry.start();
        List<byte[]> lines = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (String l : Files.readAllLines(dir.resolve("registry-small.ndjson"))) {
            lines.add(l.getBytes(StandardCharsets.UTF_8));
            JsonNode n = json.readTree(l);
            names.put(n.path("id").asText(), n.path("subject").path("names").toString());
        }
        if (args[0].equals("large")) {
            for (String l : Files.readAllLines(dir.resolve("registry-fillers.ndjson"))) {
                lines.add(l.getBytes(StandardCharsets.UTF_8));
                if (Boolean.getBoolean("show")) {
                    JsonNode f = json.readTree(l);
                    names.put(f.path("id").asText(), f.path("subject").path("names").toString());
                }
            }
        }
        var bulk = registry.bulk();
        bulk.lines(lines).join();
        System.out.println("rejected: " + bulk.finish().join().rejectedTotal());
        int n = 0;
        Map<String, int[]> perClass = new java.util.TreeMap<>();
        int missed = 0;
        for (String l : Files.readAllLines(dir.resolve("instances-dev.jsonl"))) {
            JsonNode i = json.readTree(l);
            if (!classes.contains(i.path("class").asText())) {
                continue;
            }
            n++;
            int[] c = perClass.computeIfAbsent(i.path("class").asText(), k -> new int[2]);
            c[0]++;
            GuardSession s = pipeline.get().open(new ScanContext("eval", "m", null, null), null);
            String out = s.scanWhole(Channel.content(0), i.path("text").asText());
            if (!i.has("planted") || i.path("planted").isEmpty()) {
                if (!out.equals(i.path("text").asText())) {
                    missed++;
                    c[1]++;
                    if (Boolean.getBoolean("show")) {
                        String text = i.path("text").asText();
                        StringBuilder why = new StringBuilder();
                        for (var f : s.findings()) {
                            var g = f.finding();
                            why.append(" [").append(text, g.start(), Math.min(text.length(), g.end())).append("] ")
                                    .append(g.rule()).append(' ').append(names.get(g.erasureId()));
                        }
                        System.out.println(i.path("class").asText() + " changed |" + why);
                    }
                }
                continue;
            }
            for (JsonNode p : i.path("planted")) {
                if (out.contains(p.asText())) {
                    missed++;
                    c[1]++;
                    System.out.println(i.path("class").asText() + " | " + p.asText() + " | registered "
                            + names.get(i.path("person").asText()) + " | findings " + s.findings().size());
                    break;
                }
            }
        }
        perClass.forEach((k, v) -> System.out.println(k + ": " + v[1] + " / " + v[0]));
        System.out.println("scanned " + n + ", missed or changed " + missed);
        registry.close();
        System.exit(0);
    }
}
