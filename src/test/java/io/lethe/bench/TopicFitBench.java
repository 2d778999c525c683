package io.lethe.bench;

import io.lethe.topic.TopicHeadFitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Time of one topic head's fit ({@link TopicHeadFitter}, embedding excluded) at the sizes the registry gives it:
 * 200 positives (50 examples and their sentences), the 533 background sentences it is fitted on and 267 it is
 * calibrated on, and 0, 400 or 4,000 other topics' texts (4,000: {@code ErasureRegistry.MAX_OTHER_TOPIC_TEXTS}),
 * each without and with the cross-validated bound on other topics. Random unit vectors of width 384 (the cost
 * depends on the sizes only). Best of 3, milliseconds. For one core:
 *
 * <pre>taskset -c 1 java -XX:ActiveProcessorCount=1 -cp target/test-classes:target/classes io.lethe.bench.TopicFitBench</pre>
 */
public final class TopicFitBench {

    private TopicFitBench() {
    }

    static List<float[]> unitVectors(int n, Random rnd) {
        List<float[]> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            float[] v = new float[384];
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
                s += v[i] * v[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(s);
            }
            out.add(v);
        }
        return out;
    }

    public static void main(String[] args) {
        Random rnd = new Random(1);
        List<float[]> pos = unitVectors(200, rnd);
        List<float[]> background = unitVectors(533, rnd);
        List<float[]> calibration = unitVectors(267, rnd);
        for (int others : new int[] {0, 400, 4000}) {
            List<float[]> other = unitVectors(others, rnd);
            for (double share : new double[] {1, 0.02}) {
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    TopicHeadFitter.fit("bench", pos, background, other, calibration, 0.01, share, List.of());
                    best = Math.min(best, System.nanoTime() - t0);
                }
                System.out.printf("others %d, other share %s: %d ms%n", others, share == 1 ? "none" : share,
                        best / 1_000_000);
            }
        }
    }
}
