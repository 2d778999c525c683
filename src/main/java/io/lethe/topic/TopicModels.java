package io.lethe.topic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Fits topic heads with one sentence model: embeds a topic's texts, mines its key terms and fits its
 * {@link TopicHead} against the background corpus shipped in the jar ({@code background-sentences.txt}: 800
 * sentences on everyday and professional subjects written for Lethe; two thirds are negatives, every third
 * line sets the thresholds) and against the other topics registered. The background is embedded once, at the
 * first fit. Not thread-safe: the registry's writer thread owns it.
 */
public final class TopicModels {

    /** The default false-positive rate a head's threshold is set to on background text. */
    public static final double DEFAULT_FPR = 0.01;
    /**
     * The share of other registered topics' texts a head may flag, each scored by a head fitted without it
     * ({@link TopicHeadFitter}); chosen on the development split (BENCHMARKS.md, "Topic heads").
     */
    public static final double DEFAULT_OTHER_SHARE = 0.02;
    /**
     * How heads are calibrated, part of {@link #identity()}: 1 on background text alone, 2 also on other topics'
     * texts by cross-validation, 3 with a lone topic's nearest background weighed more and its key terms in a
     * fifth of its texts ({@link TopicHeadFitter#HARD_NEGATIVES}, {@link KeyTerms#ALONE_MIN_SHARE_PERCENT}), 4
     * with a topic written mostly in a script without spaces needing a key term (its terms two-char runs). A head
     * stored by an older version loads (the format is the same) but is refitted.
     */
    static final int CALIBRATION = 4;
    private static final String BACKGROUND = "/io/lethe/topic/background-sentences.txt";

    private final String model;
    private final Function<List<String>, float[][]> embedder;
    private final double fpr;
    private final double otherShare;
    private List<float[]> backgroundFit;
    private List<float[]> backgroundCalibration;
    private List<Set<String>> backgroundWords;

    /**
     * @param model    the sentence model's identity (a stored head of another model is refitted)
     * @param embedder texts → unit embeddings, one per text
     * @param fpr      false-positive rate on background text (0 to 1)
     */
    public TopicModels(String model, Function<List<String>, float[][]> embedder, double fpr) {
        this(model, embedder, fpr, DEFAULT_OTHER_SHARE);
    }

    /**
     * @param otherShare share of other topics' texts a head may flag (0 to 1, see {@link TopicHeadFitter})
     */
    public TopicModels(String model, Function<List<String>, float[][]> embedder, double fpr, double otherShare) {
        if (!(otherShare >= 0 && otherShare <= 1)) {
            throw new IllegalArgumentException("otherShare must be in [0, 1]: " + otherShare);
        }
        this.otherShare = otherShare;
        this.model = Objects.requireNonNull(model, "model");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        if (!(fpr >= 0 && fpr < 1)) {
            throw new IllegalArgumentException("fpr must be in [0, 1): " + fpr);
        }
        this.fpr = fpr;
    }

    public String model() {
        return model;
    }

    /**
     * What a stored head must have been fitted with to be used again: the model, the false-positive rate, the
     * calibration version and the share of other topics (a head stored before version 2 has no
     * {@code |cal=} part and is refitted).
     */
    public String identity() {
        return model + "|fpr=" + fpr + "|cal=" + CALIBRATION + "|other=" + otherShare;
    }

    /**
     * One topic fitted: the embeddings of its texts (description, examples and their sentences), the words of
     * those texts (for other topics' key terms) and its head.
     */
    public record Fitted(List<float[]> vectors, List<Set<String>> words, TopicHead head) {
    }

    /**
     * Fits a topic.
     *
     * @param description  what the topic is, or null
     * @param examples     texts about it (at least one)
     * @param keyTerms     terms the operator named
     * @param otherVectors embeddings of the other registered topics' texts (negatives, and the texts the
     *                     thresholds are cross-validated on), topic after topic
     * @param otherWords   the words of those texts (key terms must be rare there too)
     */
    public Fitted fit(String description, List<String> examples, List<String> keyTerms, List<float[]> otherVectors,
                      List<Set<String>> otherWords) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a topic head needs examples");
        }
        loadBackground();
        List<float[]> vectors = List.of(embedder.apply(fittedTexts(description, examples)));
        List<Set<String>> words = texts(description, examples).stream().map(KeyTerms::words).toList();
        List<Set<String>> against = new ArrayList<>(backgroundWords);
        against.addAll(otherWords);
        List<String> terms = KeyTerms.mine(words, against, keyTerms,
                otherVectors.isEmpty() ? KeyTerms.ALONE_MIN_SHARE_PERCENT : KeyTerms.MIN_SHARE_PERCENT);
        TopicHead head = TopicHeadFitter.fit(model, vectors, backgroundFit, otherVectors, backgroundCalibration, fpr,
                otherShare, terms);
        if (!terms.isEmpty() && !head.termRequired() && mostlyUnspaced(texts(description, examples))) {
            // the background is English and the sentence model mostly so: a head fitted on Chinese or Thai texts
            // learns the script, not the topic (every Chinese sentence fired), so its key terms must be there too
            head = new TopicHead(head.model(), head.weights(), head.bias(), head.threshold(), head.termThreshold(),
                    head.keyTerms(), true);
        }
        return new Fitted(vectors, words, head);
    }

    /** Whether most letters of {@code texts} are of scripts written without spaces ({@link KeyTerms#unspaced}). */
    static boolean mostlyUnspaced(List<String> texts) {
        return KeyTerms.mostlyUnspaced(String.join("", texts));
    }

    /** A topic's texts: its description (when given), then its examples. */
    public static List<String> texts(String description, List<String> examples) {
        List<String> texts = new ArrayList<>();
        if (description != null) {
            texts.add(description);
        }
        texts.addAll(examples);
        return texts;
    }

    /**
     * What a topic's head is fitted on, in this order: its description (when given), then each example followed
     * by its sentences when it has more than one (the classifier stage scores sentences; an example and its
     * sentences side by side fall in one cross-validation block, see {@link TopicHeadFitter}).
     * {@link Fitted#vectors} embeds these.
     */
    public static List<String> fittedTexts(String description, List<String> examples) {
        List<String> positives = new ArrayList<>();
        if (description != null) {
            positives.add(description);
        }
        for (String e : examples) {
            positives.add(e);
            List<String> ss = sentences(e);
            if (ss.size() > 1) {
                positives.addAll(ss);
            }
        }
        return positives;
    }

    private void loadBackground() {
        if (backgroundFit != null) {
            return;
        }
        List<String> lines = background();
        List<String> fit = new ArrayList<>();
        List<String> cal = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            (i % 3 == 0 ? cal : fit).add(lines.get(i));
        }
        backgroundFit = List.of(embedder.apply(fit));
        backgroundCalibration = List.of(embedder.apply(cal));
        backgroundWords = fit.stream().map(KeyTerms::words).toList();
    }

    /** The shipped background sentences, one per line. */
    public static List<String> background() {
        try (InputStream in = TopicModels.class.getResourceAsStream(BACKGROUND)) {
            if (in == null) {
                throw new IllegalStateException(BACKGROUND + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BACKGROUND, e);
        }
    }

    /** The sentences of an example (ICU-free JDK sentence breaks, ROOT locale), stripped, non-blank. */
    static List<String> sentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
            String t = text.substring(s, e).strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
