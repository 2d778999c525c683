package io.lethe.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * The figures the load clients ({@link StreamLoad}, {@link CharLatency}) report: latencies recorded in
 * HdrHistograms in microseconds, printed in milliseconds rounded to 1 µs.
 */
final class LoadFigures {

    /** Highest latency a histogram records (10 minutes, in µs); longer ones are clipped to it. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private LoadFigures() {
    }

    /** A histogram for latencies up to {@link #HIGHEST_MICROS}, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    /** Count, p50, p90, p99 (and p99.9 with {@code fine}), max and mean, in ms; only the count when empty. */
    static JsonObject summary(Histogram h, boolean fine) {
        JsonObject o = new JsonObject().put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return o;
        }
        o.put("p50", ms(h.getValueAtPercentile(50))).put("p90", ms(h.getValueAtPercentile(90)))
                .put("p99", ms(h.getValueAtPercentile(99)));
        if (fine) {
            o.put("p99_9", ms(h.getValueAtPercentile(99.9)));
        }
        return o.put("max", ms(h.getMaxValue())).put("mean", round(h.getMean() / 1000.0));
    }

    /** Nanoseconds as microseconds, within what a histogram records. */
    static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static String stripSlash(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
