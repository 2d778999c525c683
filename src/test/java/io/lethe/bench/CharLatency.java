package io.lethe.bench;

import io.lethe.testkit.TestData;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency a proxy adds to streamed chat completions per character (issue 12): a paced, vLLM-shaped upstream
 * and a load client in one JVM, so every character's send and arrival are read from the same clock
 * ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux).
 *
 * <pre>
 * # measure: start the upstream on P, then run each target in turn (the first, "direct", is the floor)
 * java -cp ... io.lethe.bench.CharLatency --upstream-port 18101 \
 *      --targets direct=http://127.0.0.1:18101/v1,relay=http://127.0.0.1:18102/v1,gateway=http://127.0.0.1:18180/v1 \
 *      --concurrency 50 [--streams 300] [--warmup 50] [--duration-s 60] [--delay-ms 20] [--seed 12]
 *      [--min-chunk 1] [--max-chunk 9] [--min-chars 300] [--max-chars 600] [--text-file .../valid.txt]
 * # serve: only the upstream, until killed (for wrk; non-streamed requests are answered at once)
 * java -cp ... io.lethe.bench.CharLatency --mode serve --upstream-port 18101
 * </pre>
 *
 * <p>Stream n of every target carries the same text (prose from WikiText-2, detokenised, 300–600
 * characters) cut into the same chunks (1–9 characters, seeded by n), one chunk every {@code --delay-ms}.
 * The upstream notes {@code System.nanoTime()} just before writing each content chunk against every
 * character the chunk carries; the client notes the arrival of each content delta against every
 * character it carries. Characters are matched by their index in the stream's text, so the figure holds
 * however a proxy re-splits or holds back text. A stream whose concatenated content is not the text sent
 * counts as a text mismatch and gives no per-character figures (its first difference is reported).
 *
 * <p>One JSON object per target on stdout: per-character latency (ms, p50/p90/p99/p99.9/max), time to
 * first character (from the upstream's first content write, and from sending the request), streams
 * ok/failed, mismatches, and {@code added_ms}: the target's figure minus the first target's at the same
 * percentile. The first {@code --warmup} streams of each target run unrecorded (connections, JIT).
 */
public final class CharLatency {

    private static final String MODEL = "bench-paced";
    private static final String PROMPT = "Write a paragraph of an encyclopaedia article.";

    private CharLatency() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] argv) throws Exception {
        Map<String, String> args = StreamLoad.parseArgs(argv);
        String mode = args.getOrDefault("mode", "measure");
        int port = Integer.parseInt(args.getOrDefault("upstream-port", "18101"));
        long seed = Long.parseLong(args.getOrDefault("seed", "12"));
        Path textFile = args.containsKey("text-file") ? Path.of(args.get("text-file"))
                : TestData.dir().resolve("wikitext2").resolve("valid.txt");
        List<String> texts = loadTexts(textFile, Integer.parseInt(args.getOrDefault("min-chars", "300")),
                Integer.parseInt(args.getOrDefault("max-chars", "600")), seed);
        PacedUpstream upstream = new PacedUpstream(texts, port, Long.parseLong(args.getOrDefault("delay-ms", "20")),
                Integer.parseInt(args.getOrDefault("min-chunk", "1")), Integer.parseInt(args.getOrDefault("max-chunk", "9")));
        upstream.start();
        if (mode.equals("serve")) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                upstream.close();
                stopped.countDown();
            }, "char-latency-upstream-shutdown"));
            System.out.println("CharLatency upstream listening on :" + port + " (" + texts.size() + " texts)");
            System.out.flush();
            stopped.await();
            return;
        }
        if (!mode.equals("measure")) {
            throw new IllegalArgumentException("--mode: measure or serve");
        }
        Map<String, String> targets = parseTargets(args.get("targets"));
        int concurrency = Integer.parseInt(args.getOrDefault("concurrency", "50"));
        int streams = Integer.parseInt(args.getOrDefault("streams", String.valueOf(concurrency * 6)));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", String.valueOf(concurrency)));
        long durationMs = TimeUnit.SECONDS.toMillis(Long.parseLong(args.getOrDefault("duration-s", "60")));
        if (concurrency < 1 || streams < 1 || warmup < 0) {
            throw new IllegalArgumentException("concurrency and streams must be >= 1, warmup >= 0");
        }
        // The client has its own Vert.x instance and event loop: it never shares a thread with the upstream.
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            JsonObject floor = null;
            for (Map.Entry<String, String> t : targets.entrySet()) {
                // A collection between targets, so one target's garbage does not pause the next one's streams.
                System.gc();
                Thread.sleep(500);
                Target run = new Target(clientVertx, upstream, texts, t.getKey(), LoadFigures.stripSlash(t.getValue()),
                        concurrency, streams, warmup, durationMs, seed);
                JsonObject report = run.run();
                if (floor == null) {
                    floor = report;
                } else {
                    report.put("added_ms", added(report, floor));
                }
                System.out.println(report.encode());
                System.out.flush();
            }
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            upstream.close();
        }
    }

    // ------------------------------------------------------------------------------------------- texts

    /**
     * Prose paragraphs of WikiText-2 (lines without {@code <unk>}, headings skipped), detokenised and cut at
     * sentence ends into texts of {@code minChars}–{@code maxChars} characters, shuffled with {@code seed}.
     */
    static List<String> loadTexts(Path file, int minChars, int maxChars, long seed) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String p = line.trim();
            if (p.isEmpty() || p.startsWith("=") || p.contains("<unk>")) {
                continue;
            }
            StringBuilder cur = new StringBuilder();
            for (String sentence : detokenize(p).split("(?<=[.!?])\\s+(?=[A-Z\"])")) {
                if (cur.length() + 1 + sentence.length() > maxChars) {
                    cur.setLength(0); // a text never ends mid-sentence: start over at this sentence
                    if (sentence.length() > maxChars) {
                        continue;
                    }
                }
                if (cur.length() > 0) {
                    cur.append(' ');
                }
                cur.append(sentence);
                if (cur.length() >= minChars) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no texts of " + minChars + "-" + maxChars + " characters in " + file);
        }
        // WikiText runs article by article; shuffled, consecutive streams are not all about one lobster.
        Collections.shuffle(out, new Random(seed));
        return out.size() > 4000 ? new ArrayList<>(out.subList(0, 4000)) : out;
    }

    /** Undoes WikiText's tokenisation ({@code @-@}, spaced punctuation) closely enough to read as prose. */
    static String detokenize(String s) {
        String t = s.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".");
        t = t.replaceAll(" ([,.;:!?%)\\]])", "$1").replaceAll("([(\\[$]) ", "$1");
        t = t.replace(" 's ", "'s ").replace(" n't ", "n't ").replace(" ' ", "' ");
        t = t.replaceAll("\" ([^\"]*?) \"", "\"$1\"");
        return t.trim();
    }

    /** Chunk ends for stream text {@code text}: sizes drawn from [min, max] with {@code seed}, no split surrogate pair. */
    static int[] chunkEnds(String text, long seed, int min, int max) {
        Random r = new Random(seed);
        int[] ends = new int[text.length()];
        int n = 0;
        int pos = 0;
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + min + r.nextInt(max - min + 1));
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            ends[n++] = end;
            pos = end;
        }
        return Arrays.copyOf(ends, n);
    }

    /** The chunking seed of stream {@code n}: the same for every target, so each sees identical chunks. */
    static long streamSeed(long seed, int n) {
        return seed * 1_000_003L + n;
    }

    // ------------------------------------------------------------------------------------------ upstream

    /** Send times of one stream's characters, filled by the upstream, read by the client once complete. */
    static final class SendTimes {
        final long[] nanos;
        /** Set after the last character's time is written; the volatile write publishes the array. */
        volatile boolean complete;

        SendTimes(int chars) {
            nanos = new long[chars];
        }
    }

    /**
     * The paced upstream: vLLM's SSE framing (role chunk, content chunks every {@code delayMs}, a
     * {@code finish_reason: "stop"} chunk, a usage chunk when asked for, {@code [DONE]}); non-streamed
     * requests get one {@code chat.completion} at once. Request fields it reads (a proxy must pass them
     * through): {@code x_text} (text index), {@code x_seed} (chunking seed), {@code x_bench_id} (key of the
     * send times the client reads back).
     */
    static final class PacedUpstream {
        final List<String> texts;
        final int port;
        final long delayMs;
        final int minChunk;
        final int maxChunk;
        final Map<String, SendTimes> sends = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private Vertx vertx;
        private HttpServer server;

        PacedUpstream(List<String> texts, int port, long delayMs, int minChunk, int maxChunk) {
            if (minChunk < 1 || maxChunk < minChunk || delayMs < 0) {
                throw new IllegalArgumentException("need 1 <= min-chunk <= max-chunk and delay-ms >= 0");
            }
            this.texts = texts;
            this.port = port;
            this.delayMs = delayMs;
            this.minChunk = minChunk;
            this.maxChunk = maxChunk;
        }

        void start() throws Exception {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
            server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setHost("127.0.0.1").setPort(port))
                    .requestHandler(this::handle);
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        void close() {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort at shutdown
            }
        }

        private void handle(HttpServerRequest req) {
            String path = req.path();
            if (req.method() == HttpMethod.GET && path.equals("/v1/models")) {
                // "echo" too: src/bench/chat.lua (wrk) asks for it, and the gateway answers 404 for unlisted models.
                JsonArray data = new JsonArray();
                for (String id : List.of(MODEL, "echo")) {
                    data.add(new JsonObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "bench"));
                }
                req.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("object", "list").put("data", data).encode());
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/chat/completions")) {
                req.body().onSuccess(b -> chat(req, b)).onFailure(e -> req.response().setStatusCode(400).end());
            } else {
                error(req.response(), 404, "no route " + req.method() + " " + path);
            }
        }

        private static void error(HttpServerResponse resp, int status, String message) {
            resp.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("message", message)
                            .put("type", "invalid_request_error").putNull("param").putNull("code")).encode());
        }

        private void chat(HttpServerRequest req, Buffer b) {
            JsonObject body;
            try {
                body = b.toJsonObject();
            } catch (RuntimeException e) {
                error(req.response(), 400, "body is not JSON");
                return;
            }
            String model = body.getString("model", MODEL);
            String text = texts.get(Math.floorMod(body.getInteger("x_text", 0), texts.size()));
            String id = "chatcmpl-" + Long.toHexString(0x5eed0000L + ids.incrementAndGet());
            long created = System.currentTimeMillis() / 1000;
            int completionTokens = (text.length() + 3) / 4;
            JsonObject usage = new JsonObject().put("prompt_tokens", 12).put("total_tokens", 12 + completionTokens)
                    .put("completion_tokens", completionTokens);
            if (!body.getBoolean("stream", false)) {
                JsonObject message = new JsonObject().put("role", "assistant").put("content", text)
                        .putNull("refusal").put("tool_calls", new JsonArray()).putNull("reasoning_content");
                JsonObject choice = new JsonObject().put("index", 0).put("message", message).putNull("logprobs")
                        .put("finish_reason", "stop").putNull("stop_reason");
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("id", id)
                        .put("object", "chat.completion").put("created", created).put("model", model)
                        .put("choices", new JsonArray().add(choice)).put("usage", usage).encode());
                return;
            }
            JsonObject opts = body.getJsonObject("stream_options");
            boolean includeUsage = opts != null && opts.getBoolean("include_usage", false);
            String benchId = body.getString("x_bench_id");
            SendTimes times = null;
            if (benchId != null) {
                times = new SendTimes(text.length());
                sends.put(benchId, times);
            }
            new Streamer(req.response(), id, created, model, text,
                    chunkEnds(text, body.getLong("x_seed", 0L), minChunk, maxChunk), times, benchId, includeUsage,
                    usage).begin();
        }

        /** One paced stream, driven by event-loop timers. */
        private final class Streamer {
            final HttpServerResponse resp;
            final String head;
            final String text;
            final int[] ends;
            final SendTimes times;
            final String benchId;
            final boolean includeUsage;
            final JsonObject usage;
            int k;
            int pos;
            long timer = -1;
            boolean closed;

            Streamer(HttpServerResponse resp, String id, long created, String model, String text, int[] ends,
                     SendTimes times, String benchId, boolean includeUsage, JsonObject usage) {
                this.resp = resp;
                this.head = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                        + ",\"model\":" + Json.encode(model) + ",\"choices\":";
                this.text = text;
                this.ends = ends;
                this.times = times;
                this.benchId = benchId;
                this.includeUsage = includeUsage;
                this.usage = usage;
            }

            void begin() {
                resp.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8");
                resp.closeHandler(v -> {
                    closed = true;
                    if (timer >= 0) {
                        vertx.cancelTimer(timer);
                    }
                    // A stream the client dropped never completes; its send times would only leak.
                    if (benchId != null && times != null && !times.complete) {
                        sends.remove(benchId, times);
                    }
                });
                resp.write(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
                timer = vertx.setTimer(Math.max(1, delayMs), t -> next());
            }

            private void next() {
                timer = -1;
                if (closed) {
                    return;
                }
                if (k == ends.length) {
                    StringBuilder tail = new StringBuilder(head).append("[{\"index\":0,\"delta\":{\"content\":\"\"},"
                            + "\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]}\n\n");
                    if (includeUsage) {
                        tail.append(head).append("[],\"usage\":").append(usage.encode()).append("}\n\n");
                    }
                    tail.append("data: [DONE]\n\n");
                    resp.end(tail.toString());
                    return;
                }
                int end = ends[k];
                Buffer chunk = Buffer.buffer(head + "[{\"index\":0,\"delta\":{\"content\":" + Json.encode(text.substring(pos, end))
                        + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
                long now = System.nanoTime();
                if (times != null) {
                    Arrays.fill(times.nanos, pos, end, now);
                    if (k == ends.length - 1) {
                        times.complete = true;
                    }
                }
                resp.write(chunk);
                pos = end;
                k++;
                timer = vertx.setTimer(Math.max(1, delayMs), t -> next());
            }
        }
    }

    // -------------------------------------------------------------------------------------------- client

    /** One target measured: C streams in flight until {@code streams} are done or the window closes. */
    static final class Target {
        final Vertx vertx;
        final PacedUpstream upstream;
        final List<String> texts;
        final String label;
        final String url;
        final int concurrency;
        final int streams;
        final int warmup;
        final long durationMs;
        final long seed;

        final Histogram perChar = LoadFigures.histogram();
        final Histogram ttftUpstream = LoadFigures.histogram();
        final Histogram ttftRequest = LoadFigures.histogram();
        final Histogram streamTime = LoadFigures.histogram();
        final Map<String, Integer> errors = new LinkedHashMap<>();
        final JsonArray mismatchSamples = new JsonArray();
        int started;
        int inFlight;
        int ok;
        int failed;
        int mismatches;
        long chars;
        long deltas;
        long measureStartNanos;
        boolean stopLaunching;
        HttpClient client;
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Target(Vertx vertx, PacedUpstream upstream, List<String> texts, String label, String url, int concurrency,
               int streams, int warmup, long durationMs, long seed) {
            this.vertx = vertx;
            this.upstream = upstream;
            this.texts = texts;
            this.label = label;
            this.url = url;
            this.concurrency = concurrency;
            this.streams = streams;
            this.warmup = warmup;
            this.durationMs = durationMs;
            this.seed = seed;
        }

        JsonObject run() throws Exception {
            // Idle timeout: a stream stalled 30 s fails instead of hanging the run.
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                            .setConnectTimeout(10_000).setIdleTimeout(30),
                    new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
            Context ctx = vertx.getOrCreateContext();
            ctx.runOnContext(v -> {
                vertx.setTimer(durationMs, t -> stopLaunching = true);
                for (int i = 0; i < concurrency; i++) {
                    launch();
                }
            });
            long graceMs = durationMs + TimeUnit.SECONDS.toMillis(60);
            try {
                finished.get(graceMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                ctx.runOnContext(v -> errors.merge("still in flight at deadline", inFlight, Integer::sum));
                Thread.sleep(50);
            }
            CompletableFuture<JsonObject> report = new CompletableFuture<>();
            ctx.runOnContext(v -> report.complete(report()));
            JsonObject r = report.get(10, TimeUnit.SECONDS);
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return r;
        }

        /** Starts stream number {@code started} if the budget allows; runs on the client's event loop. */
        private void launch() {
            if (stopLaunching || started >= warmup + streams) {
                if (inFlight == 0) {
                    finished.complete(null);
                }
                return;
            }
            int n = started++;
            inFlight++;
            int textIndex = n % texts.size();
            Stream s = new Stream(label + "#" + n, texts.get(textIndex), n >= warmup);
            String body = new JsonObject().put("model", MODEL).put("stream", true)
                    .put("stream_options", new JsonObject().put("include_usage", true))
                    .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", PROMPT)))
                    .put("x_text", textIndex).put("x_seed", streamSeed(seed, n)).put("x_bench_id", s.id).encode();
            s.sentNanos = System.nanoTime();
            if (n == warmup) {
                measureStartNanos = s.sentNanos;
            }
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url + "/chat/completions")
                            .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream")
                            .putHeader("Authorization", "Bearer bench"))
                    .compose(req -> req.send(body))
                    .onSuccess(resp -> consume(resp, s))
                    .onFailure(err -> done(s, "request: " + err.getClass().getSimpleName() + ": " + err.getMessage()));
        }

        private void consume(HttpClientResponse resp, Stream s) {
            if (resp.statusCode() != 200) {
                resp.body().onComplete(b -> done(s, "HTTP " + resp.statusCode()
                        + (b.succeeded() ? ": " + b.result().toString() : "")));
                return;
            }
            resp.handler(s::feed);
            resp.exceptionHandler(err -> done(s, "read: " + err.getClass().getSimpleName() + ": " + err.getMessage()));
            resp.endHandler(v -> done(s, s.sawDone ? null : "stream ended without [DONE]"));
        }

        private void done(Stream s, String error) {
            if (s.finished) {
                return;
            }
            s.finished = true;
            inFlight--;
            SendTimes times = upstream.sends.remove(s.id);
            if (!s.measured) {
                if (error != null) {
                    errors.merge("warm-up: " + clip(error, 150), 1, Integer::sum);
                }
            } else if (error != null) {
                failed++;
                errors.merge(clip(error, 160), 1, Integer::sum);
            } else if (times == null || !times.complete) {
                failed++;
                errors.merge("no upstream send times for the stream (x_bench_id not passed through?)", 1, Integer::sum);
            } else {
                ok++;
                streamTime.recordValue(LoadFigures.micros(System.nanoTime() - s.sentNanos));
                deltas += s.deltas;
                if (s.expected.contentEquals(s.text)) {
                    for (int i = 0; i < s.arrival.length; i++) {
                        perChar.recordValue(LoadFigures.micros(s.arrival[i] - times.nanos[i]));
                    }
                    chars += s.arrival.length;
                    ttftUpstream.recordValue(LoadFigures.micros(s.arrival[0] - times.nanos[0]));
                    ttftRequest.recordValue(LoadFigures.micros(s.arrival[0] - s.sentNanos));
                } else {
                    mismatches++;
                    if (mismatchSamples.size() < 5) {
                        mismatchSamples.add(diff(s.id, s.expected, s.text.toString()));
                    }
                }
            }
            launch();
        }

        private JsonObject report() {
            double elapsedS = (System.nanoTime() - measureStartNanos) / 1e9;
            JsonObject errs = new JsonObject();
            errors.forEach(errs::put);
            return new JsonObject().put("label", label).put("url", url).put("concurrency", concurrency)
                    .put("warmup_streams", warmup).put("streams_requested", streams)
                    .put("streams_ok", ok).put("streams_failed", failed).put("text_mismatches", mismatches)
                    .put("chars_measured", chars)
                    .put("deltas_per_stream", ok == 0 ? 0 : LoadFigures.round((double) deltas / ok))
                    .put("chunks_per_s_sent", LoadFigures.round(upstreamChunkRate()))
                    .put("elapsed_s", LoadFigures.round(elapsedS))
                    .put("per_char_ms", LoadFigures.summary(perChar, true))
                    .put("ttft_ms", LoadFigures.summary(ttftUpstream, false))
                    .put("ttft_from_request_ms", LoadFigures.summary(ttftRequest, false))
                    .put("stream_ms", LoadFigures.summary(streamTime, false))
                    .put("mismatch_samples", mismatchSamples).put("errors", errs);
        }

        /** Content chunks per second the upstream writes at this concurrency (mean chunk 5 chars): load context. */
        private double upstreamChunkRate() {
            return concurrency * 1000.0 / Math.max(1, upstream.delayMs);
        }

        /** Per-stream SSE decoding; arrival time per character. */
        private final class Stream {
            final String id;
            final String expected;
            final boolean measured;
            final long[] arrival;
            final StringBuilder text = new StringBuilder();
            long sentNanos;
            int deltas;
            boolean sawDone;
            boolean finished;
            private final SseData sse = new SseData();

            Stream(String id, String expected, boolean measured) {
                this.id = id;
                this.expected = expected;
                this.measured = measured;
                this.arrival = new long[expected.length()];
            }

            void feed(Buffer buf) {
                // One arrival time per network read: every event in it reached the client at the same moment.
                long now = System.nanoTime();
                sse.feedContent(buf, () -> sawDone = true, content -> onContent(content, now));
            }

            private void onContent(String content, long now) {
                deltas++;
                int from = text.length();
                text.append(content);
                int to = Math.min(text.length(), arrival.length);
                for (int i = from; i < to; i++) {
                    arrival[i] = now;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- figures

    /** Target minus floor at each percentile, in ms; absent where either side has no figure. */
    static JsonObject added(JsonObject target, JsonObject floor) {
        JsonObject out = new JsonObject().put("vs", floor.getString("label"));
        for (String h : List.of("per_char_ms", "ttft_ms", "ttft_from_request_ms")) {
            JsonObject t = target.getJsonObject(h);
            JsonObject f = floor.getJsonObject(h);
            JsonObject d = new JsonObject();
            for (String p : List.of("p50", "p90", "p99", "p99_9", "max")) {
                if (t.containsKey(p) && f.containsKey(p)) {
                    d.put(p, LoadFigures.round(t.getDouble(p) - f.getDouble(p)));
                }
            }
            out.put(h.replace("_ms", ""), d);
        }
        return out;
    }


    private static JsonObject diff(String id, String expected, String got) {
        int i = 0;
        while (i < expected.length() && i < got.length() && expected.charAt(i) == got.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 40);
        return new JsonObject().put("stream", id).put("first_difference_at", i)
                .put("expected", expected.substring(from, Math.min(expected.length(), i + 60)))
                .put("got", got.substring(Math.min(from, got.length()), Math.min(got.length(), i + 60)));
    }

    private static Map<String, String> parseTargets(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--targets label=url[,label=url...] is required (first = floor)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("target '" + part + "' is not label=url");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    private static String clip(String s, int n) {
        return s.length() > n ? s.substring(0, n) : s;
    }




}
