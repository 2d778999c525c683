package io.lethe.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streaming load client: keeps C streamed chat completions (model {@code echo}, paced by
 * {@code x_delay_ms}) in flight against a base URL and prints one JSON object with time-to-first-token
 * and inter-chunk gap percentiles (HdrHistogram, milliseconds).
 *
 * <pre>
 * java -cp ... io.lethe.bench.StreamLoad --url http://127.0.0.1:8080/v1 --concurrency 200 \
 *      --streams 600 --chunks 50 --delay-ms 20 [--chunk-size 4] [--warmup 200] [--duration-s 120]
 *      [--label gateway] [--text words|sentences] [--api-key bench]
 * </pre>
 *
 * <p>Everything runs on one Vert.x event loop, so the histograms need no locking and the client adds
 * one core's worth of load at most (it matters on a 2-core machine shared with what it measures).
 * Time-to-first-token is from sending the request to the first non-empty {@code content} delta; a gap
 * is the time between consecutive non-empty content deltas of one stream (ideally {@code delay-ms}).
 * The first {@code --warmup} streams (default: one per concurrent slot) are run but not recorded, so
 * connection set-up and JIT warm-up do not pass for steady-state figures.
 */
public final class StreamLoad {

    private static final String WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod ";
    /** {@code --text sentences}: prose the classifier cuts into sentences (about 60 characters each). */
    private static final String SENTENCES = "The museum opens at nine on most weekdays. Tea is best brewed for "
            + "three minutes. Our team played football in the park. She painted the fence a pale shade of green. ";

    private final String url;
    private final int concurrency;
    private final int streams;
    private final int chunks;
    private final int chunkSize;
    private final long delayMs;
    private final long durationMs;
    /** Sent as {@code Authorization: Bearer} ({@code --api-key}; a gateway with client keys needs one). */
    private final String apiKey;
    private final int warmup;
    private final String label;
    private final String requestBody;
    private final String expectedText;

    private final Histogram ttft = LoadFigures.histogram();
    private final Histogram gaps = LoadFigures.histogram();
    private final Histogram total = LoadFigures.histogram();
    private final Map<String, Integer> errors = new HashMap<>();
    private int started;
    private int inFlight;
    private int completed;
    private int failed;
    private int textMismatches;
    private long contentEvents;
    private long startNanos;
    private long measureStartNanos;
    private boolean stopLaunching;

    private Vertx vertx;
    private HttpClient client;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    StreamLoad(Map<String, String> args) {
        url = LoadFigures.stripSlash(require(args, "url"));
        concurrency = Integer.parseInt(args.getOrDefault("concurrency", "200"));
        streams = Integer.parseInt(args.getOrDefault("streams", String.valueOf(concurrency * 3)));
        chunks = Integer.parseInt(args.getOrDefault("chunks", "50"));
        chunkSize = Integer.parseInt(args.getOrDefault("chunk-size", "4"));
        delayMs = Long.parseLong(args.getOrDefault("delay-ms", "20"));
        durationMs = TimeUnit.SECONDS.toMillis(Long.parseLong(args.getOrDefault("duration-s", "120")));
        apiKey = args.getOrDefault("api-key", "bench");
        label = args.getOrDefault("label", url);
        warmup = Integer.parseInt(args.getOrDefault("warmup", String.valueOf(concurrency)));
        if (concurrency < 1 || streams < 1 || chunks < 1 || chunkSize < 1 || delayMs < 0 || warmup < 0) {
            throw new IllegalArgumentException(
                    "concurrency, streams, chunks, chunk-size must be >= 1; delay-ms, warmup >= 0");
        }
        String unit = switch (args.getOrDefault("text", "words")) {
            case "words" -> WORDS;
            case "sentences" -> SENTENCES;
            default -> throw new IllegalArgumentException("--text: words or sentences");
        };
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chunks * chunkSize) {
            sb.append(unit);
        }
        expectedText = sb.substring(0, chunks * chunkSize);
        requestBody = new JsonObject().put("model", "echo").put("stream", true)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", expectedText)))
                .put("x_chunks", new JsonArray().add(chunkSize)).put("x_delay_ms", delayMs).encode();
    }

    public static void main(String[] argv) throws Exception {
        StreamLoad load = new StreamLoad(parseArgs(argv));
        System.out.println(load.run().encode());
    }

    JsonObject run() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                            .setConnectTimeout(10_000).setIdleTimeout(0),
                    new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
            Context ctx = vertx.getOrCreateContext();
            ctx.runOnContext(v -> {
                startNanos = System.nanoTime();
                vertx.setTimer(durationMs, t -> stopLaunching = true);
                for (int i = 0; i < concurrency; i++) {
                    launch();
                }
            });
            // In-flight streams get a grace period after the launch window; past it, report what we have.
            long graceMs = durationMs + TimeUnit.SECONDS.toMillis(30) + chunks * delayMs;
            try {
                finished.get(graceMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ctx.runOnContext(v -> errors.merge("still in flight at deadline", inFlight, Integer::sum));
                Thread.sleep(50);
            }
            CompletableFuture<JsonObject> report = new CompletableFuture<>();
            ctx.runOnContext(v -> report.complete(report()));
            return report.get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Starts one stream if the budget allows; runs on the event loop. */
    private void launch() {
        if (stopLaunching || started >= warmup + streams) {
            if (inFlight == 0) {
                finished.complete(null);
            }
            return;
        }
        started++;
        inFlight++;
        long sent = System.nanoTime();
        if (started == warmup + 1) {
            measureStartNanos = sent;
        }
        StreamState s = new StreamState(sent, started > warmup);
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url + "/chat/completions")
                        .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream")
                        .putHeader("Authorization", "Bearer " + apiKey))
                .compose(req -> req.send(requestBody))
                .onSuccess(resp -> consume(resp, s))
                .onFailure(err -> done(s, "request: " + err.getClass().getSimpleName() + ": " + err.getMessage()));
    }

    private void consume(HttpClientResponse resp, StreamState s) {
        if (resp.statusCode() != 200) {
            resp.body().onComplete(b -> done(s, "HTTP " + resp.statusCode()));
            return;
        }
        resp.handler(buf -> s.feed(buf));
        resp.exceptionHandler(err -> done(s, "read: " + err.getClass().getSimpleName() + ": " + err.getMessage()));
        resp.endHandler(v -> done(s, s.sawDone ? null : "stream ended without [DONE]"));
    }

    private void done(StreamState s, String error) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        inFlight--;
        if (!s.measured) {
            if (error != null) {
                errors.merge("warm-up: " + (error.length() > 150 ? error.substring(0, 150) : error), 1, Integer::sum);
            }
        } else if (error == null) {
            completed++;
            total.recordValue(LoadFigures.micros(System.nanoTime() - s.sentNanos));
            if (!expectedText.contentEquals(s.text)) {
                textMismatches++;
            }
        } else {
            failed++;
            errors.merge(error.length() > 160 ? error.substring(0, 160) : error, 1, Integer::sum);
        }
        launch();
    }

    /** Per-stream SSE decoding and timing. */
    private final class StreamState {
        final long sentNanos;
        final boolean measured;
        final StringBuilder text = new StringBuilder();
        private final SseData sse = new SseData();
        long lastContentNanos;
        boolean sawDone;
        boolean finished;

        StreamState(long sentNanos, boolean measured) {
            this.sentNanos = sentNanos;
            this.measured = measured;
        }

        void feed(Buffer buf) {
            long now = System.nanoTime();
            sse.feedContent(buf, () -> sawDone = true, content -> onContent(content, now));
        }

        private void onContent(String content, long now) {
            text.append(content);
            if (!measured) {
                return;
            }
            contentEvents++;
            if (lastContentNanos == 0) {
                ttft.recordValue(LoadFigures.micros(now - sentNanos));
            } else {
                gaps.recordValue(LoadFigures.micros(now - lastContentNanos));
            }
            lastContentNanos = now;
        }
    }

    private JsonObject report() {
        // Rates cover the measured streams only, from the first one's launch.
        double elapsedS = (System.nanoTime() - (measureStartNanos != 0 ? measureStartNanos : startNanos)) / 1e9;
        JsonObject errs = new JsonObject();
        errors.forEach(errs::put);
        return new JsonObject().put("label", label).put("url", url).put("concurrency", concurrency)
                .put("warmup_streams", warmup).put("streams_requested", streams)
                .put("streams_started", Math.max(0, started - warmup))
                .put("streams_completed", completed).put("streams_failed", failed)
                .put("text_mismatches", textMismatches).put("chunks_per_stream", chunks)
                .put("chunk_size", chunkSize).put("delay_ms", delayMs)
                .put("elapsed_s", LoadFigures.round(elapsedS)).put("content_events", contentEvents)
                .put("content_events_per_s", LoadFigures.round(contentEvents / Math.max(elapsedS, 1e-9)))
                .put("ttft_ms", LoadFigures.summary(ttft, false)).put("gap_ms", LoadFigures.summary(gaps, false))
                .put("stream_ms", LoadFigures.summary(total, false))
                .put("errors", errs);
    }






    private static String require(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    /** {@code --key value} and {@code --key=value} pairs. */
    static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> out = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(argv));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                out.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < rest.size()) {
                out.put(a.substring(2), rest.get(++i));
            } else {
                throw new IllegalArgumentException("missing value for " + a);
            }
        }
        return out;
    }
}
