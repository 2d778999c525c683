package io.lethe.eval;

import java.util.ArrayList;
import java.util.List;

/** Counters for one (phase, split, class) cell. Thread-safe by synchronisation on the instance. */
final class Stats {

    final String phase;
    final String split;
    final String cls;
    final String group;

    int n;
    int errors;
    // planted classes
    int removedScan;
    int removedStream;
    int removedBoth;
    int partialScan;
    int partialStream;
    int blocked;
    int collateral;
    // benign classes
    int changedScan;
    int changedStream;
    int changedWhole;
    int changedAny;
    int namesakeToken;
    int namesakeTokenChanged;
    // both
    int streamEqWhole;
    int scanEqWhole;
    long nanos;

    final List<Example> examples = new ArrayList<>();

    record Example(String cls, String input, String scanOut, String streamOut, String note) {
    }

    Stats(String phase, String split, String cls, String group) {
        this.phase = phase;
        this.split = split;
        this.cls = cls;
        this.group = group;
    }

    synchronized void example(Example e, int max) {
        if (examples.size() < max) {
            examples.add(e);
        }
    }

    static String pct(int num, int den) {
        if (den == 0) {
            return "–";
        }
        double p = 100.0 * num / den;
        if (num == den) {
            return "100";
        }
        return p >= 99.95 ? String.format("%.2f", p) : String.format("%.1f", p);
    }
}
