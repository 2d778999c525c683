package io.lethe.topic;

import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link TopicHead}: L2-regularized logistic regression by Newton's method (iteratively reweighted
 * least squares, a fixed number of steps from zero, so the same inputs always give the same head), the two
 * classes weighted to equal mass; then the thresholds from held-apart background embeddings the head was not
 * fitted on: {@code threshold} is the lowest probability that at most {@code fpr} of them reach (never below
 * 0.5), {@code termThreshold} the same at {@value #TERM_FPR_FACTOR}×{@code fpr}.
 *
 * <p>Other registered topics' texts are negatives too, and a fitted head scores its own negatives near 0, so
 * the background alone says nothing about how often it fires on another topic's unseen text (WMDP, issue 13:
 * a chemistry head flagged 25 % of biology questions while its biology negatives scored near 0). So
 * {@code threshold} (the one for a sentence without a key term) is also raised to the lowest probability that
 * at most {@code otherShare} of the other topics' texts reach when each is scored by a head fitted without it
 * ({@code termThreshold} stays as the background sets it: see {@link #fit}): {@value #FOLDS}-fold
 * cross-validation over the other topics' texts, cut in their given order into blocks of {@value #BLOCK} dealt to the folds in turn
 * (an example and its sentences, given side by side, mostly fall in one block, so a sentence is rarely
 * scored by a head fitted on its own example; every topic is spread over all folds, as another topic's unseen
 * texts are to the full head), each fold's head warm-started from the full fit and refined by
 * {@value #CV_STEPS} Newton steps with the same class weights and penalty.
 *
 * <p>Cost: about {@code steps × n × d² / 2} multiply-adds per fit (d = embedding width + 1; 0.2 s for 1,000
 * texts at d = 385), {@code (STEPS + FOLDS × CV_STEPS) / STEPS} times that with other topics (2.5×).
 * Stateless.
 */
public final class TopicHeadFitter {

    /** Newton steps; the regularized problem converges in fewer on the data measured (BENCHMARKS.md). */
    static final int STEPS = 10;
    /** L2 penalty on the weights (not the bias), per unit of total sample weight. */
    static final double LAMBDA = 0.01;
    /** How much more background a key-term sentence may pass: the term is extra evidence. */
    static final int TERM_FPR_FACTOR = 5;
    /** Folds of the cross-validation over other topics' texts. */
    static final int FOLDS = 5;
    /** Consecutive other-topic texts held apart together (see the class comment). */
    static final int BLOCK = 8;
    /** Newton steps of a fold's head, from the full fit's weights. */
    static final int CV_STEPS = 3;
    /** Fewer other-topic texts than this: no cross-validated threshold (too few to estimate a share). */
    static final int MIN_OTHERS = 10;
    /**
     * A topic registered alone: how many background texts nearest its centroid weigh {@value #HARD_WEIGHT}×
     * as negatives (chosen on the development splits, BENCHMARKS.md "A topic registered alone").
     */
    static final int HARD_NEGATIVES = 100;
    /** The weight of a lone topic's hard negatives, relative to the other background texts. */
    static final double HARD_WEIGHT = 5;

    private TopicHeadFitter() {
    }

    /**
     * {@link #fit(String, List, List, List, List, double, double, List)} with {@code negatives} as background
     * and no other topic's texts held apart: the thresholds from {@code calibration} alone.
     *
     * @param otherTopics whether {@code negatives} include other topics' texts (else the head needs key terms)
     */
    public static TopicHead fit(String model, List<float[]> positives, List<float[]> negatives, boolean otherTopics,
                                List<float[]> calibration, double fpr, List<String> keyTerms) {
        TopicHead h = fit(model, positives, negatives, List.of(), calibration, fpr, 1, keyTerms);
        return new TopicHead(model, h.weights(), h.bias(), h.threshold(), h.termThreshold(), keyTerms,
                !otherTopics && !keyTerms.isEmpty());
    }

    /**
     * @param model       the sentence model the embeddings come from
     * @param positives   unit embeddings of texts about the topic (at least one)
     * @param background  unit embeddings of texts about anything else (negatives)
     * @param others      unit embeddings of other registered topics' texts (negatives; may be empty, then the
     *                    head needs key terms), in registration order
     * @param calibration unit embeddings of background texts not among {@code background} (at least one)
     * @param fpr         the false-positive rate the threshold is set to on {@code calibration} (0 to 1)
     * @param otherShare  the share of {@code others}, each scored by a head fitted without its fold, that may
     *                    reach the thresholds (0 to 1; 1: no such bound)
     * @param keyTerms    the topic's key terms ({@link KeyTerms#mine})
     * @throws IllegalArgumentException when a set is empty or the widths differ
     */
    public static TopicHead fit(String model, List<float[]> positives, List<float[]> background, List<float[]> others,
                                List<float[]> calibration, double fpr, double otherShare, List<String> keyTerms) {
        if (positives.isEmpty() || background.size() + others.size() == 0 || calibration.isEmpty()) {
            throw new IllegalArgumentException("a topic head needs positives, negatives and calibration texts");
        }
        if (!(fpr >= 0 && fpr < 1)) {
            throw new IllegalArgumentException("fpr must be in [0, 1): " + fpr);
        }
        if (!(otherShare >= 0 && otherShare <= 1)) {
            throw new IllegalArgumentException("otherShare must be in [0, 1]: " + otherShare);
        }
        int dims = positives.get(0).length;
        int d = dims + 1;
        int nOthers = others.size();
        int nNeg = background.size() + nOthers;
        int n = positives.size() + nNeg;
        double[][] x = new double[n][];
        double[] y = new double[n];
        double[] c = new double[n];
        double wPos = n / (2.0 * positives.size());
        double wNeg = n / (2.0 * nNeg);
        int k = 0;
        for (List<float[]> set : List.of(positives, background, others)) {
            boolean pos = set == positives;
            for (float[] v : set) {
                if (v.length != dims) {
                    throw new IllegalArgumentException("embeddings of different widths: " + v.length + " and " + dims);
                }
                double[] row = new double[d];
                for (int i = 0; i < dims; i++) {
                    row[i] = v[i];
                }
                row[dims] = 1;  // the bias
                x[k] = row;
                y[k] = pos ? 1 : 0;
                c[k] = pos ? wPos : wNeg;
                k++;
            }
        }
        if (nOthers == 0) {
            weighHardNegatives(positives, background, c, positives.size());
        }
        double lambda = LAMBDA * n;
        double[] beta = newton(x, y, c, lambda, new double[d], STEPS, null);
        float[] w = new float[dims];
        for (int i = 0; i < dims; i++) {
            w[i] = (float) beta[i];
        }
        TopicHead unthresholded = new TopicHead(model, w, (float) beta[dims], 1, 1, keyTerms, false);
        float[] scores = new float[calibration.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = unthresholded.probability(calibration.get(i));
        }
        float t = Math.max(0.5f, quantileAbove(scores, fpr));
        float tt = Math.max(0.5f, Math.min(t, quantileAbove(scores, Math.min(0.5, fpr * TERM_FPR_FACTOR))));
        if (nOthers >= MIN_OTHERS && otherShare < 1) {
            // the bound on other topics raises the threshold of a sentence without a key term only: key terms
            // are mined to be in at most KeyTerms.MAX_BACKGROUND of the other topics' texts, so a sentence with
            // one is rarely another topic's (raising both: recall 95.5 -> 61.5 % on devgroups, BENCHMARKS.md)
            t = Math.max(t, quantileAbove(crossValidated(x, y, c, lambda, beta, n - nOthers, n), otherShare));
        }
        return new TopicHead(model, w, (float) beta[dims], t, tt, keyTerms,
                nOthers == 0 && !keyTerms.isEmpty());  // no key term at all: the head alone decides
    }

    /**
     * A topic registered alone has no other topic to tell it from, so the head learns its field (every text
     * about books and authors reads as the topic) and, the background separating easily, its thresholds sit
     * at their 0.5 floor. The {@value #HARD_NEGATIVES} background texts nearest the topic's centroid (the
     * nearest of its field the background has) weigh {@value #HARD_WEIGHT}× as negatives: the boundary moves
     * towards the topic. Ties by position, so the same inputs pick the same texts.
     *
     * @param c    the rows' weights, background rows from {@code from} on (multiplied in place)
     */
    static void weighHardNegatives(List<float[]> positives, List<float[]> background, double[] c, int from) {
        int dims = positives.get(0).length;
        double[] centroid = new double[dims];
        for (float[] v : positives) {
            for (int i = 0; i < dims; i++) {
                centroid[i] += v[i];
            }
        }
        int nb = background.size();
        double[] cos = new double[nb];
        Integer[] order = new Integer[nb];
        for (int b = 0; b < nb; b++) {
            float[] v = background.get(b);
            double z = 0;
            for (int i = 0; i < dims; i++) {
                z += centroid[i] * v[i];
            }
            cos[b] = z;
            order[b] = b;
        }
        Arrays.sort(order, (a, b) -> cos[a] != cos[b] ? Double.compare(cos[b], cos[a]) : Integer.compare(a, b));
        for (int i = 0; i < Math.min(HARD_NEGATIVES, nb); i++) {
            c[from + order[i]] *= HARD_WEIGHT;
        }
    }

    /**
     * The probabilities of rows {@code [from, to)} (the other topics' texts), each by a head fitted without its
     * fold: row {@code s} is in fold {@code ((s - from) / BLOCK) % FOLDS}; each fold's head refit from
     * {@code beta} by {@value #CV_STEPS} Newton steps.
     */
    static float[] crossValidated(double[][] x, double[] y, double[] c, double lambda, double[] beta, int from, int to) {
        int m = to - from;
        int folds = Math.min(FOLDS, (m + BLOCK - 1) / BLOCK);
        float[] out = new float[m];
        boolean[] skip = new boolean[x.length];
        for (int f = 0; f < folds; f++) {
            Arrays.fill(skip, false);
            for (int s = from; s < to; s++) {
                skip[s] = (s - from) / BLOCK % folds == f;
            }
            double[] bf = newton(x, y, c, lambda, beta.clone(), CV_STEPS, skip);
            for (int s = from; s < to; s++) {
                if (!skip[s]) {
                    continue;
                }
                double z = 0;
                for (int i = 0; i < bf.length; i++) {
                    z += x[s][i] * bf[i];
                }
                out[s - from] = (float) (1 / (1 + Math.exp(-z)));
            }
        }
        return out;
    }

    /**
     * Newton's method on the weighted, L2-penalized logistic loss over every row {@code s} without
     * {@code skip[s]} (null: all), from {@code beta} (updated in place and returned). The last column is the
     * unpenalized bias.
     */
    static double[] newton(double[][] x, double[] y, double[] c, double lambda, double[] beta, int steps,
                           boolean[] skip) {
        int d = beta.length;
        int dims = d - 1;
        double[][] h = new double[d][d];
        double[] g = new double[d];
        for (int step = 0; step < steps; step++) {
            for (double[] r : h) {
                Arrays.fill(r, 0);
            }
            Arrays.fill(g, 0);
            for (int s = 0; s < x.length; s++) {
                if (skip != null && skip[s]) {
                    continue;
                }
                double[] r = x[s];
                double z = 0;
                for (int i = 0; i < d; i++) {
                    z += r[i] * beta[i];
                }
                double p = 1 / (1 + Math.exp(-z));
                double gs = c[s] * (p - y[s]);
                double hs = c[s] * Math.max(p * (1 - p), 1e-9);
                for (int i = 0; i < d; i++) {
                    g[i] += gs * r[i];
                    double hr = hs * r[i];
                    double[] hi = h[i];
                    for (int j = i; j < d; j++) {
                        hi[j] += hr * r[j];
                    }
                }
            }
            for (int i = 0; i < dims; i++) {
                g[i] += lambda * beta[i];
                h[i][i] += lambda;
            }
            h[dims][dims] += 1e-6;
            double[] delta = solveSymmetric(h, g);
            for (int i = 0; i < d; i++) {
                beta[i] -= delta[i];
            }
        }
        return beta;
    }

    /** The lowest value that at most {@code rate} of {@code scores} reach. */
    static float quantileAbove(float[] scores, double rate) {
        float[] s = scores.clone();
        Arrays.sort(s);
        int allowed = (int) Math.floor(rate * s.length);  // how many may reach it
        float above = s[s.length - 1 - allowed];
        return Math.nextUp(above);
    }

    /** Solves {@code A x = b} for a symmetric positive-definite A given by its upper triangle (Cholesky). */
    static double[] solveSymmetric(double[][] upper, double[] b) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = upper[j][i];
                double[] li = l[i];
                double[] lj = l[j];
                for (int m = 0; m < j; m++) {
                    sum -= li[m] * lj[m];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new IllegalStateException("topic head: the system is not positive definite");
                    }
                    li[i] = Math.sqrt(sum);
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int m = 0; m < i; m++) {
                sum -= l[i][m] * z[m];
            }
            z[i] = sum / l[i][i];
        }
        double[] out = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double sum = z[i];
            for (int m = i + 1; m < d; m++) {
                sum -= l[m][i] * out[m];
            }
            out[i] = sum / l[i][i];
        }
        return out;
    }
}
