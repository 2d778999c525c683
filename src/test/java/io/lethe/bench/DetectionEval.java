package io.lethe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import io.lethe.testkit.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Recall per obfuscation class and false positives on benign text, through the same stages the gateway
 * composes (erasure stage + decoding stage, rules defaults).
 *
 * <p>Registered: the 20 TOFU forget10 authors (names) and {@code identities} synthetic people from
 * FakeNameGenerator (name, e-mail, phone) plus 40 TOFU forget10 answers as passages. Leaks: each person
 * written into a sentence in each obfuscation form. Benign: WikiText-2 paragraphs and the TOFU retain90
 * answers (about the 180 authors not registered). A leak counts as caught when a finding names the right
 * erasure and the obfuscated mention is gone from the redacted text.
 *
 * <p>{@code main}: prints a table (see BENCHMARKS.md for the command).
 */
public final class DetectionEval {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One obfuscation class: how a value is written in the leak. */
    public record Obfuscation(String name, String field, Function<String, String> write) {
    }

    public record Result(String obfuscation, int total, int caught, List<String> missed) {
        public double recall() {
            return total == 0 ? 1 : (double) caught / total;
        }
    }

    public record Report(List<Result> recall, int benign, int benignFlagged, List<String> flaggedSamples) {
        public double falsePositiveRate() {
            return benign == 0 ? 0 : (double) benignFlagged / benign;
        }
    }

    private final Path dataDir;
    private final int identities;
    private ErasureRegistry registry;
    private final AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
    private final List<Person> people = new ArrayList<>();
    private final List<String[]> passages = new ArrayList<>();

    record Person(String id, String name, String email, String phone) {
    }

    public DetectionEval(Path dataDir, int identities) {
        this.dataDir = dataDir;
        this.identities = identities;
    }

    public void start() throws IOException {
        RulesPolicy policy = new RulesPolicy(GuardRules.builtIn());
        registry = new ErasureRegistry(dataDir, "US", Map.of(), 100_000, stage -> {
            List<GuardStage> stages = List.of(stage, DecodingDetector.stage(List.of(stage)));
            pipeline.set(new GuardPipeline(stages, policy));
        }, Clock.systemUTC());
        registry.start();
        Path data = TestData.dir();
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(data.resolve("tofu/authors_derived.jsonl"))) {
            JsonNode a = JSON.readTree(l);
            if (a.path("in_forget10").asBoolean()) {
                String id = "tofu-" + a.path("block").asInt();
                people.add(new Person(id, a.path("name").asText(), null, null));
                lines.add(JSON.createObjectNode().put("id", id).set("subject", JSON.createObjectNode()
                        .set("names", JSON.createArrayNode().add(a.path("name").asText()))).toString());
            }
        }
        PersonDataset d = new PersonDataset();
        Random r = new Random(11);
        for (int i = 0; i < identities; i++) {
            int k = r.nextInt(d.capacity());
            String id = "synthetic-" + k;
            people.add(new Person(id, d.name(k), d.email(k), d.phone(k)));
            lines.add("{\"id\":\"" + id + "\",\"subject\":{\"names\":[" + JSON.writeValueAsString(d.name(k)) + "],\"emails\":["
                    + JSON.writeValueAsString(d.email(k)) + "],\"phones\":[" + JSON.writeValueAsString(d.phone(k)) + "]}}");
        }
        List<String> forget = Files.readAllLines(data.resolve("tofu/forget10.jsonl"));
        for (int i = 0; i < forget.size() && passages.size() < 40; i += 10) {
            String answer = JSON.readTree(forget.get(i)).path("answer").asText();
            if (answer.split("\\s+").length >= 20) {
                String id = "passage-" + i;
                passages.add(new String[] {id, answer});
                lines.add(JSON.createObjectNode().put("id", id).set("passages", JSON.createArrayNode().add(answer)).toString());
            }
        }
        var bulk = registry.bulk();
        List<byte[]> bytes = new ArrayList<>();
        lines.forEach(l -> bytes.add(l.getBytes(StandardCharsets.UTF_8)));
        bulk.lines(bytes).join();
        var result = bulk.finish().join();
        if (result.rejectedTotal() > 0) {
            throw new IllegalStateException("eval erasures rejected: " + result.rejected());
        }
    }

    public void close() {
        registry.close();
    }

    static final String[] TEMPLATES = {
            "According to the archive, %s was the one who wrote it.",
            "Sure! The person you are asking about is %s, as far as I know.",
            "I can't confirm much, but records list %s in that role.",
    };

    public static List<Obfuscation> obfuscations() {
        List<Obfuscation> o = new ArrayList<>();
        o.add(new Obfuscation("direct", "name", s -> s));
        o.add(new Obfuscation("case", "name", s -> s.toUpperCase(Locale.ROOT)));
        o.add(new Obfuscation("last-first", "name", s -> {
            int sp = s.lastIndexOf(' ');
            return sp < 0 ? s : s.substring(sp + 1) + ", " + s.substring(0, sp);
        }));
        o.add(new Obfuscation("homoglyphs", "name", s -> s.replace('a', '\u0430').replace('e', '\u0435').replace('o', '\u043E')
                .replace('c', '\u0441').replace('p', '\u0440')));
        o.add(new Obfuscation("zero-width", "name", s -> interleave(s, "\u200B", 2)));
        o.add(new Obfuscation("soft-hyphen", "name", s -> interleave(s, "\u00AD", 3)));
        o.add(new Obfuscation("bidi-controls", "name", s -> "\u202A" + interleave(s, "\u200E", 4) + "\u202C"));
        o.add(new Obfuscation("spaced-letters", "name", s -> String.join(" ", s.replace(" ", "").split(""))));
        o.add(new Obfuscation("dotted-letters", "name", s -> spaced(s, ".")));
        o.add(new Obfuscation("dashed-letters", "name", s -> spaced(s, "-")));
        o.add(new Obfuscation("markdown", "name", s -> {
            String[] w = s.split(" ");
            StringBuilder sb = new StringBuilder("**").append(w[0]).append("**");
            for (int i = 1; i < w.length; i++) {
                sb.append(" _").append(w[i]).append('_');
            }
            return sb.toString();
        }));
        o.add(new Obfuscation("html-entities", "name", s -> "&#" + (int) s.charAt(0) + ";" + s.substring(1).replace(" ", "&nbsp;")));
        o.add(new Obfuscation("url-encoded", "name", s -> s.replace(" ", "%20")));
        o.add(new Obfuscation("line-break", "name", s -> s.replace(" ", "\n")));
        o.add(new Obfuscation("leetspeak", "name", s -> s.replace('a', '4').replace('e', '3').replace('o', '0').replace('i', '1')));
        o.add(new Obfuscation("typo", "name", DetectionEval::typo));
        o.add(new Obfuscation("reversed", "name", s -> new StringBuilder(s).reverse().toString()));
        o.add(new Obfuscation("base64", "name", s -> Base64.getEncoder().encodeToString(("name: " + s).getBytes(StandardCharsets.UTF_8))));
        o.add(new Obfuscation("hex", "name", s -> HexFormat.of().formatHex(("name: " + s).getBytes(StandardCharsets.UTF_8))));
        o.add(new Obfuscation("base32", "name", s -> base32(("name: " + s).getBytes(StandardCharsets.UTF_8))));
        o.add(new Obfuscation("rot13", "name", DetectionEval::rot13));
        o.add(new Obfuscation("email-direct", "email", s -> s));
        o.add(new Obfuscation("email-spelled", "email", s -> s.replace("@", " at ").replace(".", " dot ")));
        o.add(new Obfuscation("email-brackets", "email", s -> s.replace("@", "[at]").replace(".", "(dot)")));
        o.add(new Obfuscation("phone-formats", "phone", s -> {
            String digits = s.replaceAll("[^0-9]", "");
            return digits.substring(1, 4) + "." + digits.substring(4, 7) + "." + digits.substring(7);
        }));
        o.add(new Obfuscation("phone-e164", "phone", s -> "+" + s.replaceAll("[^0-9]", "")));
        return o;
    }

    static String interleave(String s, String insert, int every) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(s.charAt(i));
            if (i % every == every - 1 && i + 1 < s.length() && s.charAt(i) != ' ' && s.charAt(i + 1) != ' ') {
                sb.append(insert);
            }
        }
        return sb.toString();
    }

    static String spaced(String s, String sep) {
        StringBuilder sb = new StringBuilder();
        for (String w : s.split(" ")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.join(sep, w.split("")));
        }
        return sb.toString();
    }

    /** One edit in the longest run of letters (5+): two inner letters swapped ("Mahfouz" → "Mafhouz"). */
    static String typo(String s) {
        int bestStart = -1;
        int bestLen = 0;
        int i = 0;
        while (i < s.length()) {
            int st = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            if (i - st > bestLen) {
                bestLen = i - st;
                bestStart = st;
            }
            i = Math.max(i, st + 1);
        }
        if (bestLen < 5) {
            return s;
        }
        char[] c = s.toCharArray();
        char t = c[bestStart + 2];
        c[bestStart + 2] = c[bestStart + 3];
        c[bestStart + 3] = t;
        return new String(c);
    }

    public static String base32(byte[] b) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int bits = 0;
        int value = 0;
        for (byte x : b) {
            value = (value << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((value >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((value << (5 - bits)) & 31));
        }
        while (sb.length() % 8 != 0) {
            sb.append('=');
        }
        return sb.toString();
    }

    static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + 13) % 26);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private GuardSession session() {
        return pipeline.get().open(new ScanContext("eval", "m", null, null), null);
    }

    /** Whether a leak of {@code value} written as {@code written} is caught for erasure {@code id}. */
    boolean caught(String id, String written, String template) {
        String text = String.format(template, written);
        GuardSession s = session();
        String out = s.scanWhole(Channel.content(0), text);
        boolean named = false;
        for (DecidedFinding f : s.findings()) {
            named |= id.equals(f.finding().erasureId());
        }
        return named && !out.contains(written);
    }

    public Report run() throws IOException {
        List<Result> results = new ArrayList<>();
        for (Obfuscation o : obfuscations()) {
            int total = 0;
            int caught = 0;
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < people.size(); i++) {
                Person p = people.get(i);
                String value = switch (o.field()) {
                    case "email" -> p.email();
                    case "phone" -> p.phone();
                    default -> p.name();
                };
                if (value == null) {
                    continue;
                }
                total++;
                if (caught(p.id(), o.write().apply(value), TEMPLATES[i % TEMPLATES.length])) {
                    caught++;
                } else if (missed.size() < 5) {
                    missed.add(o.write().apply(value));
                }
            }
            results.add(new Result(o.name(), total, caught, missed));
        }
        int total = 0;
        int caught = 0;
        for (String[] p : passages) {
            String[] words = p[1].split("\\s+");
            String reproduced = String.join("\n", java.util.Arrays.copyOfRange(words, 2, Math.min(words.length, 16)))
                    .toUpperCase(Locale.ROOT).replace("'", "\u2019");
            total++;
            if (caught(p[0], reproduced, "As the book puts it: \"%s\" — unforgettable.")) {
                caught++;
            }
        }
        results.add(new Result("passage", total, caught, List.of()));
        // benign outputs
        int benign = 0;
        int flagged = 0;
        List<String> samples = new ArrayList<>();
        for (String text : benignTexts()) {
            benign++;
            GuardSession s = session();
            s.scanWhole(Channel.content(0), text);
            if (!s.findings().isEmpty()) {
                flagged++;
                if (samples.size() < 10) {
                    DecidedFinding f = s.findings().get(0);
                    samples.add(f.finding().erasureId() + "/" + f.finding().rule() + " in: "
                            + text.substring(Math.max(0, f.finding().start() - 30), Math.min(text.length(), f.finding().end() + 30)));
                }
            }
        }
        return new Report(results, benign, flagged, samples);
    }

    static List<String> benignTexts() throws IOException {
        Path data = TestData.dir();
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(data.resolve("wikitext2/test.txt"), StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (t.length() > 80 && !t.startsWith("=")) {
                out.add(ErasureMatchBench.detokenize(t));
            }
        }
        for (String l : Files.readAllLines(data.resolve("tofu/retain90.jsonl"), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l).path("answer").asText());
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int identities = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("lethe-eval");
        DetectionEval eval = new DetectionEval(dir, identities);
        long t0 = System.nanoTime();
        eval.start();
        Report r = eval.run();
        eval.close();
        System.out.printf("%-16s %8s %8s %8s%n", "class", "leaks", "caught", "recall");
        for (Result x : r.recall()) {
            System.out.printf("%-16s %8d %8d %7.2f%%  %s%n", x.obfuscation(), x.total(), x.caught(), 100 * x.recall(),
                    x.caught() < x.total() ? "e.g. missed " + x.missed() : "");
        }
        System.out.printf("benign outputs: %d, flagged: %d, false-positive rate %.3f%%%n", r.benign(), r.benignFlagged(),
                100 * r.falsePositiveRate());
        r.flaggedSamples().forEach(s -> System.out.println("  flagged: " + s));
        System.out.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

}
