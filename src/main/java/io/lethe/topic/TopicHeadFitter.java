package io.lethe.topic;

import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link TopicHead}: L2-regularized logistic regression by Newton's method (iteratively reweighted
 * least squares, a fixed number of steps from zero, so the same inputs always give the same head), the two
 * classes weighted to equal mass; then the thresholds from held-apart background embeddings the head was not
 * fitted on: {@code threshold} is the lowest probability that at most {@code fpr} of them reach (never below
 * 0.5), {@code termThreshold} the same at {@value #TERM_FPR_FACTOR}×{@code fpr}. Cost: about
 * {@code steps × n × d² / 2} multiply-adds (d = embedding width + 1): 0.2 s for 1,000 texts at d = 385.
 * Stateless.
 */
public final class TopicHeadFitter {

    /** Newton steps; the regularized problem converges in fewer on the data measured (BENCHMARKS.md). */
    static final int STEPS = 10;
    /** L2 penalty on the weights (not the bias), per unit of total sample weight. */
    static final double LAMBDA = 0.01;
    /** How much more background a key-term sentence may pass: the term is extra evidence. */
    static final int TERM_FPR_FACTOR = 5;

    private TopicHeadFitter() {
    }

    /**
     * @param model       the sentence model the embeddings come from
     * @param positives   unit embeddings of texts about the topic (at least one)
     * @param negatives   unit embeddings of texts about anything else (background, other topics; at least one)
     * @param otherTopics whether {@code negatives} include other topics' texts (else the head needs key terms)
     * @param calibration unit embeddings of background texts not among {@code negatives} (at least one)
     * @param fpr         the false-positive rate the threshold is set to on {@code calibration} (0 to 1)
     * @param keyTerms    the topic's key terms ({@link KeyTerms#mine})
     * @throws IllegalArgumentException when a set is empty or the widths differ
     */
    public static TopicHead fit(String model, List<float[]> positives, List<float[]> negatives, boolean otherTopics,
                                List<float[]> calibration, double fpr, List<String> keyTerms) {
        if (positives.isEmpty() || negatives.isEmpty() || calibration.isEmpty()) {
            throw new IllegalArgumentException("a topic head needs positives, negatives and calibration texts");
        }
        if (!(fpr >= 0 && fpr < 1)) {
            throw new IllegalArgumentException("fpr must be in [0, 1): " + fpr);
        }
        int dims = positives.get(0).length;
        int d = dims + 1;
        int n = positives.size() + negatives.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        double[] c = new double[n];
        double wPos = n / (2.0 * positives.size());
        double wNeg = n / (2.0 * negatives.size());
        int k = 0;
        for (List<float[]> set : List.of(positives, negatives)) {
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
        double lambda = LAMBDA * n;
        double[] beta = new double[d];
        double[][] h = new double[d][d];
        double[] g = new double[d];
        for (int step = 0; step < STEPS; step++) {
            for (double[] r : h) {
                Arrays.fill(r, 0);
            }
            Arrays.fill(g, 0);
            for (int s = 0; s < n; s++) {
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
        return new TopicHead(model, w, (float) beta[dims], t, tt, keyTerms,
                !otherTopics && !keyTerms.isEmpty());  // no key term at all: the head alone decides
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
