package io.lethe.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fitter's calibration against other registered topics (issue 13, items 5 and 7): synthetic unit
 * embeddings stand in for the sentence model, two topics whose clusters overlap (cosine 0.8 between their
 * centres, per-dimension noise 0.1 in 96 dimensions: a text's noise is as long as its centre), as biology and
 * chemistry hazard questions do, and isotropic background.
 */
class TopicHeadFitterTest {

    static final int DIMS = 96;

    static float[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    static List<float[]> cluster(double[] centre, double noise, int n, Random rnd) {
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] v = new double[DIMS];
            for (int i = 0; i < DIMS; i++) {
                v[i] = centre[i] + noise * rnd.nextGaussian();
            }
            out.add(unit(v));
        }
        return out;
    }

    /** Two overlapping topics and background, all drawn from one seed. */
    record World(List<float[]> a, List<float[]> aHeld, List<float[]> b, List<float[]> bHeld, List<float[]> background,
                 List<float[]> calibration) {

        static World of(long seed) {
            Random rnd = new Random(seed);
            double[] ca = new double[DIMS];
            double[] r = new double[DIMS];
            for (int i = 0; i < DIMS; i++) {
                ca[i] = rnd.nextGaussian();
                r[i] = rnd.nextGaussian();
            }
            float[] ua = unit(ca);
            float[] ur = unit(r);
            double[] a = new double[DIMS];
            double[] b = new double[DIMS];
            for (int i = 0; i < DIMS; i++) {
                a[i] = ua[i];
                b[i] = 0.8 * ua[i] + 0.6 * ur[i];
            }
            double noise = 0.1;
            return new World(cluster(a, noise, 50, rnd), cluster(a, noise, 200, rnd), cluster(b, noise, 50, rnd),
                    cluster(b, noise, 200, rnd), cluster(new double[DIMS], 1, 400, rnd), cluster(new double[DIMS], 1, 200, rnd));
        }
    }

    static double share(TopicHead h, List<float[]> xs) {
        return xs.stream().filter(x -> h.probability(x) >= h.threshold()).count() / (double) xs.size();
    }

    @Test
    void anotherTopicsUnseenTextsFireAtTheCrossValidatedShare() {
        World w = World.of(13);
        TopicHead uncalibrated = TopicHeadFitter.fit("m", w.a(), w.background(), w.b(), w.calibration(), 0.01, 1,
                List.of());
        TopicHead calibrated = TopicHeadFitter.fit("m", w.a(), w.background(), w.b(), w.calibration(), 0.01, 0.02,
                List.of());
        // fitted with B as negatives, the background threshold alone passes most of B's texts the head has not seen
        // (0.915 with this seed; 0.010 with the cross-validated threshold, and A's unseen texts 1.000 -> 0.955)
        assertThat(share(uncalibrated, w.bHeld())).as("B's unseen texts, background threshold").isGreaterThan(0.10);
        assertThat(share(calibrated, w.bHeld())).as("B's unseen texts, cross-validated threshold").isLessThan(0.06);
        assertThat(share(calibrated, w.aHeld())).as("A's unseen texts still found").isGreaterThan(0.9);
        assertThat(calibrated.weights()).isEqualTo(uncalibrated.weights());
        assertThat(calibrated.termThreshold()).isEqualTo(uncalibrated.termThreshold());
    }

    @Test
    void theSameInputsGiveTheSameHeadBitForBit() {
        World w = World.of(7);
        TopicHead one = TopicHeadFitter.fit("m", w.a(), w.background(), w.b(), w.calibration(), 0.01, 0.02, List.of("x"));
        TopicHead two = TopicHeadFitter.fit("m", w.a(), w.background(), w.b(), w.calibration(), 0.01, 0.02, List.of("x"));
        assertThat(two.weights()).isEqualTo(one.weights());
        assertThat(two.bias()).isEqualTo(one.bias());
        assertThat(two.threshold()).isEqualTo(one.threshold());
        assertThat(two.termThreshold()).isEqualTo(one.termThreshold());
        assertThat(one.termRequired()).as("other topics registered: the head may fire without a key term").isFalse();
    }

    @Test
    void withoutOtherTopicsOrWithTooFewTheBackgroundAloneSetsTheThresholds() {
        World w = World.of(7);
        TopicHead alone = TopicHeadFitter.fit("m", w.a(), w.background(), List.of(), w.calibration(), 0.01, 0.02,
                List.of("x"));
        assertThat(alone.termRequired()).as("fitted against background alone: a key term is needed").isTrue();
        List<float[]> few = w.b().subList(0, TopicHeadFitter.MIN_OTHERS - 1);
        TopicHead bounded = TopicHeadFitter.fit("m", w.a(), w.background(), few, w.calibration(), 0.01, 0.02, List.of());
        TopicHead unbounded = TopicHeadFitter.fit("m", w.a(), w.background(), few, w.calibration(), 0.01, 1, List.of());
        assertThat(bounded.threshold()).isEqualTo(unbounded.threshold());
    }

    @Test
    void aLoneTopicsNearestBackgroundWeighsMoreAndTheSameInputsGiveTheSameHead() {
        World w = World.of(7);
        List<float[]> background = w.background();
        double[] c = new double[3 + background.size()];
        java.util.Arrays.fill(c, 1);
        TopicHeadFitter.weighHardNegatives(w.a(), background, c, 3);
        long heavy = java.util.Arrays.stream(c).filter(v -> v == TopicHeadFitter.HARD_WEIGHT).count();
        assertThat(heavy).isEqualTo(Math.min(TopicHeadFitter.HARD_NEGATIVES, background.size()));
        assertThat(c[0] + c[1] + c[2]).as("positives untouched").isEqualTo(3);
        TopicHead one = TopicHeadFitter.fit("m", w.a(), background, List.of(), w.calibration(), 0.01, 0.02, List.of("x"));
        TopicHead two = TopicHeadFitter.fit("m", w.a(), background, List.of(), w.calibration(), 0.01, 0.02, List.of("x"));
        assertThat(two.weights()).containsExactly(one.weights());
        assertThat(two.threshold()).isEqualTo(one.threshold());
    }
}
