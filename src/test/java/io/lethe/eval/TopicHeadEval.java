package io.lethe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.classifier.OnnxClassifier;
import io.lethe.classifier.Sentences;
import io.lethe.testkit.TestData;
import io.lethe.topic.KeyTerms;
import io.lethe.topic.TopicHead;
import io.lethe.topic.TopicModels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Topic heads measured on public data (issue 13, item 7): each topic is fitted on at most 50 example texts
 * and tested on held-apart texts of the topic (recall: a text counts when one of its sentences fires, as the
 * classifier stage scores sentences) and on near-domain text of the same field and another topic (false
 * positives), with ordinary Wikipedia prose as a third column.
 * <ul>
 *   <li>TOFU: a topic per fictitious author, fitted on 10 of its 20 question-answer pairs, tested on the
 *       other 10 answers; near-domain: the held-apart answers about the other authors of the split.</li>
 *   <li>WMDP: biology and chemistry hazard questions (question and right answer), 50 to fit, the rest to
 *       test; near-domain: the other field's questions.</li>
 * </ul>
 * Splits: {@code dev} (TOFU authors 0-39) is the only one looked at while choosing the fitter's settings, with
 * {@code devgroups} (the same authors as 4 pairs of 5-author topics, see {@link #tofuGroups}) for overlapping topics;
 * {@code test} (TOFU authors 100-199 and WMDP) is reported. Other topics registered beside each one (its
 * negatives and the background its key terms are mined against, as at registration): TOFU authors 40-79 for
 * dev and 50-99 for test, whose texts are not tested; for WMDP the other field's 50 examples. Background: the gateway's shipped sentences, the
 * head fitted on two thirds and its thresholds set on the other third.
 *
 * {@code mmlu} (added 2026-12-03, twenty-fourth session, before its data was fetched or looked at): twelve MMLU
 * subjects (Hendrycks et al., MIT; the test split's CSVs as JSON Lines, {@code question}, {@code choices},
 * {@code answer}, from {@code -Dmmlu.dir}, default {@code ../topicdata/mmlu}; not shipped, fetched as that folder's
 * SOURCES.md says) as six pairs of the same field, see {@link #MMLU_PAIRS}: each subject a topic fitted on 50 of
 * its questions (question and right answer, seeded shuffle), tested on the rest; near-domain: its partner's held-apart
 * questions; registered beside its partner (the partner's 50 examples) or alone ({@code -DnoOthers=true}). No
 * setting of the fitter was chosen on it: it is the held-out split for topics after WMDP had been run several times.
 *
 * WMDP biology questions 400 and on were first scored in the fifth session of 2026-11-30 (rows "fresh"): the first
 * test split used 50-399 only. {@code -DwmdpOnly=true} runs the WMDP topics alone.
 *
 * {@code mmludev} and {@code mmlutest} (added 2026-12-03 by helper h104, before their data was fetched): eight more
 * pairs of MMLU subjects, none of the twelve above, in the same form: {@link #MMLU_DEV_PAIRS} to tune broad-subject
 * topics on, {@link #MMLU_TEST_PAIRS} held out and run once after every change.
 *
 * <pre>java [-Dmodel.dir=DIR] -cp target/test-classes:target/classes:$(cat target/cp.txt) io.lethe.eval.TopicHeadEval dev|devgroups|test|mmlu|mmludev|mmlutest [fpr]</pre>
 * Other topics are given to the fitter as the registry holds them: what each was fitted on (description, examples
 * and their sentences, {@link TopicModels#fittedTexts}) in registration order, and the words of its texts.
 */
public final class TopicHeadEval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Sentences SENTENCES = new Sentences(1000);
    private static final int MIN_WORDS = 4;

    private TopicHeadEval() {
    }

    record Topic(String name, String description, List<String> examples, List<String> tests, List<List<String>> near,
                 List<Other> others) {
    }

    /** Another topic registered beside the one measured (its description may be null). */
    record Other(String description, List<String> examples) {
    }

    public static void main(String[] args) throws Exception {
        String split = args.length > 0 ? args[0] : "dev";
        double fpr = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        System.setProperty("ai.djl.offline", "true");
        // -Dmodel.dir=<folder with model.onnx and tokenizer.json>: another sentence model, as lethe.classifier.model-dir
        String modelDir = System.getProperty("model.dir");
        try (OnnxClassifier model = modelDir == null ? OnnxClassifier.builtIn(OnnxClassifier.Device.CPU, 2, 256)
                : OnnxClassifier.fromFolder("sentences", java.nio.file.Path.of(modelDir), OnnxClassifier.Device.CPU, 2, 256)) {
            // -DotherShare=S: the share of other topics' texts a head may flag (TopicModels.DEFAULT_OTHER_SHARE)
            double otherShare = Double.parseDouble(System.getProperty("otherShare", "" + TopicModels.DEFAULT_OTHER_SHARE));
            TopicModels models = new TopicModels(model.name(), texts -> embed(model, texts).toArray(float[][]::new), fpr,
                    otherShare);
            List<String> wiki = wikiSentences(1500);
            List<float[]> wikiV = embed(model, wiki);
            List<Set<String>> wikiW = wiki.stream().map(KeyTerms::words).toList();
            List<String> bgLines = TopicModels.background();
            List<String> bgFitT = new ArrayList<>();
            List<String> bgCalT = new ArrayList<>();
            for (int i = 0; i < bgLines.size(); i++) {
                (i % 3 == 0 ? bgCalT : bgFitT).add(bgLines.get(i));
            }
            List<float[]> bgFit = embed(model, bgFitT);
            List<float[]> bgCal = embed(model, bgCalT);
            List<Topic> topics = new ArrayList<>();
            if (split.equals("dev")) {
                topics.addAll(tofu(0, 40, 40, 80));
            } else if (split.equals("devgroups")) {
                topics.addAll(tofuGroups(0, 40, 5));
            } else if (split.equals("mmlu")) {
                topics.addAll(mmlu(Path.of(System.getProperty("mmlu.dir", "../topicdata/mmlu")), MMLU_PAIRS));
            } else if (split.equals("mmludev")) {
                topics.addAll(mmlu(Path.of(System.getProperty("mmlu.dir", "../topicdata/mmlu")), MMLU_DEV_PAIRS));
            } else if (split.equals("mmlutest")) {
                topics.addAll(mmlu(Path.of(System.getProperty("mmlu.dir", "../topicdata/mmlu")), MMLU_TEST_PAIRS));
            } else {
                if (!Boolean.getBoolean("wmdpOnly")) {
                    topics.addAll(tofu(100, 200, 50, 100));
                }
                topics.addAll(wmdp());
            }
            System.out.printf("split %s, fpr %.3f, other share %.3f, %d topics, other topics as negatives: %s%n", split,
                    fpr, otherShare, topics.size(), OTHERS);
            System.out.println("| topic | examples | recall | near-domain FP | Wikipedia FP | fit ms | key terms |");
            System.out.println("|---|---|---|---|---|---|---|");
            double sumRecall = 0;
            double sumNear = 0;
            double sumWiki = 0;
            long sumFit = 0;
            java.util.Map<List<String>, Scored> cache = new java.util.IdentityHashMap<>();
            java.util.Map<List<Other>, List<float[]>> cacheV = new java.util.IdentityHashMap<>();
            for (Topic t : topics) {
                long t0 = System.nanoTime();
                // as the registry holds other topics: what each was fitted on (texts and their sentences), in
                // registration order, and the words of their texts
                List<float[]> otherV = OTHERS ? cacheV.computeIfAbsent(t.others(), k -> embed(model, k.stream()
                        .flatMap(o -> TopicModels.fittedTexts(o.description(), o.examples()).stream()).toList())) : List.of();
                List<Set<String>> otherW = OTHERS ? t.others().stream()
                        .flatMap(o -> TopicModels.texts(o.description(), o.examples()).stream())
                        .map(KeyTerms::words).toList() : List.of();
                TopicModels.Fitted fitted = models.fit(t.description(), t.examples(), List.of(), otherV, otherW);
                TopicHead head = fitted.head();
                if (RULE.startsWith("knn")) {
                    KNN = Knn.calibrate(fitted.vectors(), bgFit, bgCal, otherV, fpr, otherShare);
                }
                long fitMs = (System.nanoTime() - t0) / 1_000_000;
                Scored tests = cache.computeIfAbsent(t.tests(), k -> scored(model, k));
                double recall = tests.share(head);
                int nearHits = 0;
                int nearTexts = 0;
                for (List<String> group : t.near()) {
                    Scored near = cache.computeIfAbsent(group, k -> scored(model, k));
                    nearHits += near.hits(head);
                    nearTexts += group.size();
                }
                double nearFp = (double) nearHits / nearTexts;
                int wikiHits = 0;
                for (int i = 0; i < wikiV.size(); i++) {
                    if (fires(head, wikiV.get(i), wikiW.get(i))) {
                        wikiHits++;
                    }
                }
                double wikiFp = (double) wikiHits / wikiV.size();
                if (Boolean.getBoolean("showTerms")) {
                    System.out.println("  terms " + head.keyTerms());
                }
                System.out.printf("| %s | %d | %.1f %% | %.1f %% | %.2f %% | %d | %d |%n", t.name(), t.examples().size(),
                        100 * recall, 100 * nearFp, 100 * wikiFp, fitMs, head.keyTerms().size());
                sumRecall += recall;
                sumNear += nearFp;
                sumWiki += wikiFp;
                sumFit += fitMs;
            }
            int n = topics.size();
            System.out.printf("%nmean over %d topics: recall %.1f %%, near-domain FP %.1f %%, Wikipedia FP %.2f %%, fit %d ms%n",
                    n, 100 * sumRecall / n, 100 * sumNear / n, 100 * sumWiki / n, sumFit / n);
        }
    }

    /** Texts cut into sentences, embedded, with their words: scored against each head. */
    record Scored(List<List<float[]>> vectors, List<List<Set<String>>> words) {
        double share(TopicHead head) {
            return vectors.isEmpty() ? 0 : (double) hits(head) / vectors.size();
        }

        int hits(TopicHead head) {
            int hits = 0;
            for (int i = 0; i < vectors.size(); i++) {
                for (int s = 0; s < vectors.get(i).size(); s++) {
                    if (fires(head, vectors.get(i).get(s), words.get(i).get(s))) {
                        hits++;
                        break;
                    }
                }
            }
            return hits;
        }
    }

    /** Whether other registered topics are negatives and term background too (as at registration). */
    static final boolean OTHERS = !Boolean.getBoolean("noOthers");
    static final String RULE = System.getProperty("rule", "head");

    /** The measured topic's nearest-example scorer when {@code -Drule=knn...} (set per topic before scoring). */
    static Knn KNN;
    /** {@code -DknnK=K}: the margin averages the K nearest on each side (default 1). */
    static final int KNN_K = Integer.getInteger("knnK", 1);
    /** {@code -DknnDup=C}: an other topic's text is scored without the negatives nearer it than cosine C. */
    static final double KNN_DUP = Double.parseDouble(System.getProperty("knnDup", "0.95"));

    /**
     * A measured, not shipped, second scorer (h104, 2026-12-03, mmludev only): a sentence's margin is its mean cosine
     * to the {@link #KNN_K} nearest of the topic's own fitted texts minus that to the nearest negatives (background
     * fit lines and the other topics' fitted texts); its threshold {@code delta} is the lowest margin at most
     * {@code fpr} of the held-apart background lines reach and, with other topics, at most {@code otherShare} of
     * their texts (each scored without its near-duplicates, cosine above {@link #KNN_DUP}, its own example among them).
     * Rules: {@code knn} (head or margin), {@code knnterm} (head, or margin with the head's probability at least its
     * key-term threshold), {@code knnonly} (margin alone); {@code -DknnMin=M} floors {@code delta}, {@code -DknnShare=S}
     * sets its share of other topics' texts.
     */
    record Knn(List<float[]> own, List<float[]> neg, double delta) {
        static double cos(float[] a, float[] b) {
            double z = 0;
            for (int i = 0; i < a.length; i++) {
                z += a[i] * b[i];
            }
            return z;
        }

        static double topk(List<float[]> set, float[] v, float[] skipNear) {
            double[] best = new double[KNN_K];
            java.util.Arrays.fill(best, -1);
            for (float[] u : set) {
                if (skipNear != null && cos(u, skipNear) > KNN_DUP) {
                    continue;
                }
                double c = cos(u, v);
                if (c > best[KNN_K - 1]) {
                    int i = KNN_K - 1;
                    while (i > 0 && best[i - 1] < c) {
                        best[i] = best[i - 1];
                        i--;
                    }
                    best[i] = c;
                }
            }
            double m = 0;
            for (double b : best) {
                m += b;
            }
            return m / KNN_K;
        }

        double margin(float[] v, float[] skip) {
            return topk(own, v, null) - topk(neg, v, skip);
        }

        static Knn calibrate(List<float[]> own, List<float[]> bgFit, List<float[]> bgCal, List<float[]> others,
                             double fpr, double otherShare) {
            List<float[]> neg = new ArrayList<>(bgFit);
            neg.addAll(others);
            Knn k = new Knn(own, neg, 0);
            float[] cal = new float[bgCal.size()];
            for (int i = 0; i < cal.length; i++) {
                cal[i] = (float) k.margin(bgCal.get(i), null);
            }
            double d = quantile(cal, fpr);
            if (others.size() >= 10) {
                float[] o = new float[others.size()];
                for (int i = 0; i < o.length; i++) {
                    o[i] = (float) k.margin(others.get(i), others.get(i));  // its own text left out
                }
                // -DknnShare=S: the share of other topics' texts the margin may flag (default: as the head's)
                d = Math.max(d, quantile(o, Double.parseDouble(System.getProperty("knnShare", "" + otherShare))));
            }
            d = Math.max(d, Double.parseDouble(System.getProperty("knnMin", "-1")));
            return new Knn(own, neg, d);
        }

        static double quantile(float[] s, double rate) {
            float[] c = s.clone();
            java.util.Arrays.sort(c);
            return Math.nextUp(c[c.length - 1 - (int) Math.floor(rate * c.length)]);
        }
    }

    static boolean fires(TopicHead head, float[] v, Set<String> words) {
        if (RULE.equals("head")) {
            return head.fires(v, words) >= 0;
        }
        if (RULE.equals("knn")) {
            return head.fires(v, words) >= 0 || KNN.margin(v, null) >= KNN.delta();
        }
        if (RULE.equals("knnonly")) {
            return KNN.margin(v, null) >= KNN.delta();
        }
        if (RULE.equals("knnterm")) {
            return head.fires(v, words) >= 0 || (KNN.margin(v, null) >= KNN.delta()
                    && (head.probability(v) >= head.termThreshold()));
        }
        float p = head.probability(v);
        boolean term = head.keyTerms().stream().anyMatch(words::contains);
        return switch (RULE) {
            case "and" -> p >= head.threshold() && term;
            case "andlow" -> p >= head.termThreshold() && term;
            case "term" -> term;
            default -> throw new IllegalArgumentException(RULE);
        };
    }

    static Scored scored(OnnxClassifier model, List<String> texts) {
        List<List<float[]>> v = new ArrayList<>();
        List<List<Set<String>>> w = new ArrayList<>();
        for (String t : texts) {
            List<String> ss = sentences(t);
            v.add(embed(model, ss));
            w.add(ss.stream().map(KeyTerms::words).toList());
        }
        return new Scored(v, w);
    }

    /** The sentences of a text the classifier stage would score (at least {@value #MIN_WORDS} words). */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int end = SENTENCES.end(text, from, true);
            String s = text.substring(from, end).strip();
            if (s.split("\\s+").length >= MIN_WORDS) {
                out.add(s);
            }
            from = end;
        }
        if (out.isEmpty() && !text.isBlank()) {
            out.add(text.strip());
        }
        return out;
    }

    static List<float[]> embed(OnnxClassifier model, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 64) {
            Collections.addAll(out, model.run(texts.subList(i, Math.min(texts.size(), i + 64))));
        }
        return out;
    }

    /** TOFU authors {@code [from, to)}: 10 pairs to fit, the other 10 answers to test. */
    static List<Topic> tofu(int from, int to, int othersFrom, int othersTo) throws IOException {
        Path dir = TestData.dir().resolve("tofu");
        List<JsonNode> qa = tofuPairs(dir);
        List<String> names = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("authors_derived.jsonl"), StandardCharsets.UTF_8)) {
            names.add(JSON.readTree(l).get("name").asText());
        }
        List<List<String>> tests = new ArrayList<>();
        for (int a = from; a < to; a++) {
            List<String> t = new ArrayList<>();
            for (int q = 10; q < 20; q++) {
                t.add(qa.get(a * 20 + q).get("answer").asText());
            }
            tests.add(t);
        }
        List<Other> others = new ArrayList<>();
        for (int a = othersFrom; a < othersTo; a++) {
            others.add(new Other(description(names.get(a)), examples(qa, a)));
        }
        List<Topic> out = new ArrayList<>();
        for (int a = from; a < to; a++) {
            List<String> ex = examples(qa, a);
            List<List<String>> near = new ArrayList<>();
            for (int b = from; b < to; b++) {
                if (b != a) {
                    near.add(tests.get(b - from));
                }
            }
            out.add(new Topic("tofu-" + a, description(names.get(a)), ex, tests.get(a - from), near, others));
        }
        return out;
    }

    static String description(String name) {
        return "The life, family, books and awards of the author " + name + ".";
    }

    /** Author {@code a}'s first 10 question-answer pairs, each as one text. */
    static List<String> examples(List<JsonNode> qa, int a) {
        List<String> ex = new ArrayList<>();
        for (int q = 0; q < 10; q++) {
            JsonNode p = qa.get(a * 20 + q);
            ex.add(p.get("question").asText() + " " + p.get("answer").asText());
        }
        return ex;
    }

    /** TOFU question-answer pairs in order (retain90, then forget10), 20 per author. */
    static List<JsonNode> tofuPairs(Path dir) throws IOException {
        List<JsonNode> qa = new ArrayList<>();
        for (String f : List.of("retain90.jsonl", "forget10.jsonl")) {
            for (String l : Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8)) {
                qa.add(JSON.readTree(l));
            }
        }
        return qa;
    }

    /**
     * A design-only near-domain set shaped like WMDP, from the dev authors alone: authors {@code [from, to)} in
     * groups of {@code size} consecutive ones, a topic per group (its 10 fitted pairs per author, 50 for 5), tested
     * on the group's held-apart answers; groups paired (0 with 1, 2 with 3, ...), each registered beside its partner
     * and its near-domain the partner's held-apart answers: two broad topics of one field, as biology and chemistry.
     */
    static List<Topic> tofuGroups(int from, int to, int size) throws IOException {
        Path dir = TestData.dir().resolve("tofu");
        List<JsonNode> qa = tofuPairs(dir);
        List<String> names = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("authors_derived.jsonl"), StandardCharsets.UTF_8)) {
            names.add(JSON.readTree(l).get("name").asText());
        }
        int groups = (to - from) / size;
        List<String> what = new ArrayList<>();
        List<List<String>> ex = new ArrayList<>();
        List<List<String>> tests = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<String> e = new ArrayList<>();
            List<String> t = new ArrayList<>();
            List<String> who = new ArrayList<>();
            for (int a = from + g * size; a < from + (g + 1) * size; a++) {
                e.addAll(examples(qa, a));
                for (int q = 10; q < 20; q++) {
                    t.add(qa.get(a * 20 + q).get("answer").asText());
                }
                who.add(names.get(a));
            }
            what.add("The lives, families, books and awards of the authors " + String.join(", ", who) + ".");
            ex.add(e);
            tests.add(t);
        }
        List<Topic> out = new ArrayList<>();
        for (int g = 0; g < groups - groups % 2; g++) {
            int p = g ^ 1;
            out.add(new Topic("tofu-group-" + g, what.get(g), ex.get(g), tests.get(g), List.of(tests.get(p)),
                    List.of(new Other(what.get(p), ex.get(p)))));
        }
        return out;
    }

    /** WMDP biology and chemistry: 50 to fit (seeded), the rest to test; near-domain the other field. */
    static List<Topic> wmdp() throws IOException {
        Path dir = TestData.dir().resolve("wmdp");
        List<String> bio = wmdpTexts(dir.resolve("bio_questions.json"));
        List<String> chem = wmdpTexts(dir.resolve("chem_questions.json"));
        Collections.shuffle(bio, new Random(13));
        Collections.shuffle(chem, new Random(13));
        List<String> bioTest = bio.subList(50, Math.min(bio.size(), 400));
        List<String> chemTest = chem.subList(50, chem.size());
        // biology questions 400 on were never scored before 2026-11-30's fifth session: a fresh test set
        List<String> bioFresh = bio.subList(Math.min(bio.size(), 400), bio.size());
        String bioWhat = "Hazardous biology: pathogens, toxins, their enhancement, production and spread.";
        String chemWhat = "Hazardous chemistry: chemical weapons, explosives, their synthesis and use.";
        List<Other> bioOther = List.of(new Other(bioWhat, bio.subList(0, 50)));
        List<Other> chemOther = List.of(new Other(chemWhat, chem.subList(0, 50)));
        return List.of(
                new Topic("wmdp-bio", bioWhat, bio.subList(0, 50), bioTest, List.of(chemTest), chemOther),
                new Topic("wmdp-chem", chemWhat, chem.subList(0, 50), chemTest, List.of(bioTest), bioOther),
                new Topic("wmdp-bio, fresh test (400+)", bioWhat, bio.subList(0, 50), bioFresh, List.of(chemTest),
                        chemOther),
                new Topic("wmdp-chem, fresh near-domain (bio 400+)", chemWhat, chem.subList(0, 50), chemTest,
                        List.of(bioFresh), bioOther));
    }

    /**
     * MMLU subjects paired with another of the same field, each with a one-line description written before the data
     * was seen.
     */
    static final String[][] MMLU_PAIRS = {
        {"virology", "Virology: viruses, their structure, replication, transmission and the diseases they cause.",
            "medical_genetics", "Medical genetics: inheritance, genetic disorders, mutations and genetic testing."},
        {"anatomy", "Human anatomy: the structure of the body, its organs, bones, muscles, nerves and vessels.",
            "clinical_knowledge", "Clinical knowledge: clinical practice, examination, procedures and patient care."},
        {"computer_security", "Computer security: attacks, vulnerabilities, cryptography and defences of computer systems.",
            "college_computer_science", "Computer science: algorithms, data structures, complexity, programming languages and systems."},
        {"high_school_chemistry", "Chemistry: reactions, stoichiometry, bonding, acids and bases, and thermodynamics.",
            "high_school_physics", "Physics: mechanics, electricity, magnetism, waves, optics and energy."},
        {"international_law", "International law: treaties, states, sovereignty, the law of the sea and international courts.",
            "jurisprudence", "Jurisprudence: theories of law, legal positivism, natural law and legal reasoning."},
        {"econometrics", "Econometrics: regression, estimators, time series, hypothesis tests and models of economic data.",
            "high_school_macroeconomics", "Macroeconomics: output, inflation, unemployment, monetary and fiscal policy."},
    };

    /**
     * The {@code mmludev} split (added 2026-12-03, helper h104, before its data was fetched or looked at): four more
     * same-field pairs of MMLU subjects, none of the twelve of {@link #MMLU_PAIRS}, for tuning broad-subject topics.
     */
    static final String[][] MMLU_DEV_PAIRS = {
        {"astronomy", "Astronomy: the planets, stars, galaxies, the solar system and how they are observed.",
            "conceptual_physics", "Conceptual physics: forces, motion, energy, heat, light and sound explained without equations."},
        {"management", "Management: organizations, leadership, motivation, planning and the structure of firms.",
            "marketing", "Marketing: consumers, market research, branding, pricing, promotion and distribution."},
        {"human_aging", "Human aging: how the body, mind and social life change in old age.",
            "human_sexuality", "Human sexuality: sexual development, behaviour, orientation, reproduction and relationships."},
        {"logical_fallacies", "Logical fallacies: errors of reasoning in arguments, their names and how to spot them.",
            "formal_logic", "Formal logic: propositional and predicate logic, truth tables, validity and symbolization."},
    };

    /**
     * The {@code mmlutest} split (added with {@link #MMLU_DEV_PAIRS}, before its data was fetched): four other
     * same-field pairs, held out: run once, after every change chosen on {@code mmludev}.
     */
    static final String[][] MMLU_TEST_PAIRS = {
        {"college_physics", "College physics: mechanics, electromagnetism, thermodynamics, quantum and relativistic physics.",
            "electrical_engineering", "Electrical engineering: circuits, electronics, signals, machines and power systems."},
        {"high_school_geography", "Geography: places, population, migration, cities, climate and the use of land.",
            "high_school_government_and_politics", "Government and politics: the constitution, Congress, the presidency, courts, elections and parties."},
        {"machine_learning", "Machine learning: models that learn from data, neural networks, training, overfitting and evaluation.",
            "high_school_statistics", "Statistics: sampling, distributions, probability, confidence intervals and significance tests."},
        {"us_foreign_policy", "US foreign policy: how the United States deals with other countries, its doctrines, alliances and wars.",
            "security_studies", "Security studies: war, peace, deterrence, terrorism and the security of states and people."},
    };

    /** An MMLU split: each subject of {@code pairs} a topic, its partner near-domain and registered. */
    static List<Topic> mmlu(Path dir, String[][] pairs) throws IOException {
        List<Topic> out = new ArrayList<>();
        for (String[] pair : pairs) {
            List<String> a = mmluTexts(dir.resolve(pair[0] + ".jsonl"));
            List<String> b = mmluTexts(dir.resolve(pair[2] + ".jsonl"));
            List<Other> aOther = List.of(new Other(pair[1], a.subList(0, 50)));
            List<Other> bOther = List.of(new Other(pair[3], b.subList(0, 50)));
            out.add(new Topic(pair[0], pair[1], a.subList(0, 50), a.subList(50, a.size()),
                    List.of(b.subList(50, b.size())), bOther));
            out.add(new Topic(pair[2], pair[3], b.subList(0, 50), b.subList(50, b.size()),
                    List.of(a.subList(50, a.size())), aOther));
        }
        return out;
    }

    /** One subject's questions, each with its right answer, shuffled with a fixed seed. */
    static List<String> mmluTexts(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode q = JSON.readTree(line);
            out.add(q.get("question").asText() + " " + q.get("choices").get(q.get("answer").asInt()).asText());
        }
        Collections.shuffle(out, new Random(13));
        return out;
    }

    static List<String> wmdpTexts(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode q : JSON.readTree(file.toFile())) {
            out.add(q.get("question").asText() + " " + q.get("choices").get(q.get("answer").asInt()).asText());
        }
        return out;
    }

    static List<String> wikiSentences(int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(TestData.dir().resolve("wikitext2").resolve("valid.txt"), StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("=")) {
                continue;
            }
            for (String s : sentences(t.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
                    .replace(" ,", ",").replace(" .", "."))) {
                out.add(s);
                if (out.size() == n) {
                    return out;
                }
            }
        }
        return out;
    }
}
