package io.lethe.testkit;

import io.netty.channel.ChannelOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fake OpenAI-compatible upstream (vLLM / OpenAI style) for tests and benchmarks.
 *
 * <p>What it answers is chosen by the request's {@code model}:
 * <ul>
 *   <li>a transcript base name from {@code shared/data/transcripts} (e.g.
 *       {@code vllm-stream-usage-deepseekv31}): the recorded body byte for byte; {@code .sse} files are
 *       written event by event as chunks, {@code .json} files in one piece (status 404 for
 *       {@code *-error-404-*});</li>
 *   <li>{@code echo} / {@code echo-stream}: the last user message (chat) or the {@code prompt}
 *       (legacy completions) as the answer, chunked as the request's {@code x_*} fields say;</li>
 *   <li>the {@code fail-*} models: upstream failures (see {@link #FAILURE_MODELS}).</li>
 * </ul>
 * Request fields read by the echo and failure models (unknown to real servers, so the gateway must pass
 * them through): {@code x_chunks} (chunk sizes in UTF-16 units, cycled, restarted per channel; default
 * 4), {@code x_delay_ms} (pause between text chunks; for {@code fail-slow-first-byte} the pause before
 * the headers; for non-streamed echo a pause before the answer), {@code x_keepalive} ({@code : keep-alive}
 * comment after each event), {@code x_reasoning} (streamed as {@code reasoning_content} before the
 * content), {@code x_tool_args} and {@code x_tool_name} (streamed as tool call 0's
 * {@code function.arguments}, finish reason {@code tool_calls}), {@code x_finish} (the finish reason to send
 * instead, e.g. {@code length} for an answer cut by its token limit; {@code none}: a stream without any, cut
 * off before its end).
 *
 * <p>Runs on a Vert.x instance of its own, never blocks its event loops (delays are timers), and
 * pre-loads the transcripts, so it is also the "direct" target of the benchmarks.
 */
public final class ReplayUpstream implements AutoCloseable {

    public static final String ECHO = "echo";
    /** Like {@link #ECHO} but streams unless the request says {@code "stream": false}. */
    public static final String ECHO_STREAM = "echo-stream";
    /** 200 {@code text/html} body {@code <html>oops</html>}. */
    public static final String FAIL_NON_JSON = "fail-non-json";
    /** 200 SSE: role chunk, up to two content chunks, then {@code data: {not json}, then the end. */
    public static final String FAIL_BROKEN_SSE = "fail-broken-sse";
    /** Waits {@code x_delay_ms} (default 5000) before the headers, then answers like {@code echo}. */
    public static final String FAIL_SLOW_FIRST_BYTE = "fail-slow-first-byte";
    /** 200 SSE: role chunk and up to two content chunks, then silence with the connection left open. */
    public static final String FAIL_STALL_MID_STREAM = "fail-stall-mid-stream";
    /** 200 SSE: role chunk and up to two content chunks, then a TCP reset (SO_LINGER 0 close). */
    public static final String FAIL_RESET_MID_STREAM = "fail-reset-mid-stream";
    /** vLLM's mid-stream error: role chunk, two content chunks, {@code data: {"error": ...}}, {@code [DONE]}. */
    public static final String FAIL_ERROR_EVENT = "fail-error-event";
    /** 500 with an OpenAI error body. */
    public static final String FAIL_500 = "fail-500";

    public static final List<String> FAILURE_MODELS = List.of(FAIL_NON_JSON, FAIL_BROKEN_SSE,
            FAIL_SLOW_FIRST_BYTE, FAIL_STALL_MID_STREAM, FAIL_RESET_MID_STREAM, FAIL_ERROR_EVENT, FAIL_500);

    /** The text of the failure models' prefix chunks when the request carries no user text. */
    static final String FALLBACK_TEXT = "The quick brown fox jumps over the lazy dog.";
    static final int DEFAULT_CHUNK = 4;
    static final long DEFAULT_SLOW_FIRST_BYTE_MS = 5000;
    /** Pause between the last bytes and the reset, so the peer has read them before the RST drops them. */
    static final long RESET_GRACE_MS = 100;

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final Buffer KEEPALIVE = Buffer.buffer(": keep-alive\n\n");
    private static final Pattern ERROR_STATUS = Pattern.compile("-error-(\\d{3})-");

    /** One request as received: method, path, headers (case-insensitive), raw body and parsed body. */
    public record Received(String method, String path, MultiMap headers, Buffer rawBody, JsonObject body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** A pre-loaded transcript: its exact bytes and, for SSE, the same bytes cut into events. */
    record Transcript(String name, boolean sse, int status, Buffer bytes, List<Buffer> events) {
    }

    /** One write of a scripted response, after an optional pause. */
    private record Step(Buffer bytes, long delayBeforeMs) {
    }

    private enum Ending { END, STALL, RESET }

    private final Vertx vertx;
    private final int port;
    private final Map<String, Transcript> transcripts;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final boolean record;
    private final AtomicLong ids = new AtomicLong();

    private ReplayUpstream(Vertx vertx, int port, Map<String, Transcript> transcripts, boolean record) {
        this.vertx = vertx;
        this.port = port;
        this.transcripts = transcripts;
        this.record = record;
    }

    /** Starts on 127.0.0.1, a free port, one event loop, transcripts from {@link TestData#transcripts()}. */
    public static ReplayUpstream start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; every one has a default suited to unit tests. */
    public static final class Builder {
        private int port;
        private int eventLoops = 1;
        private Path transcriptsDir;
        private boolean recordRequests = true;

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Server instances sharing the port, one per event loop; more than one only pays off in benchmarks. */
        public Builder eventLoops(int eventLoops) {
            if (eventLoops < 1) {
                throw new IllegalArgumentException("eventLoops must be >= 1");
            }
            this.eventLoops = eventLoops;
            return this;
        }

        public Builder transcripts(Path dir) {
            this.transcriptsDir = dir;
            return this;
        }

        /** Off for benchmarks: a long wrk run would otherwise keep every body in memory. */
        public Builder recordRequests(boolean record) {
            this.recordRequests = record;
            return this;
        }

        public ReplayUpstream start() {
            Map<String, Transcript> loaded = loadTranscripts(
                    transcriptsDir != null ? transcriptsDir : TestData.transcripts());
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(eventLoops, 1))
                    .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
            try {
                // The first server binds (port 0 → a free port); the others share that port, which
                // Vert.x round-robins across their event loops.
                ServerVerticle first = new ServerVerticle(port);
                await(vertx.deployVerticle(first));
                int bound = first.server.actualPort();
                ReplayUpstream upstream = new ReplayUpstream(vertx, bound, loaded, recordRequests);
                first.owner = upstream;
                if (eventLoops > 1) {
                    await(vertx.deployVerticle(() -> {
                        ServerVerticle v = new ServerVerticle(bound);
                        v.owner = upstream;
                        return v;
                    }, new DeploymentOptions().setInstances(eventLoops - 1)));
                }
                return upstream;
            } catch (RuntimeException e) {
                vertx.close();
                throw e;
            }
        }
    }

    private static final class ServerVerticle extends AbstractVerticle {
        private final int port;
        volatile ReplayUpstream owner;
        HttpServer server;

        ServerVerticle(int port) {
            this.port = port;
        }

        @Override
        public void start(Promise<Void> started) {
            server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                    .setTcpNoDelay(true).setHandle100ContinueAutomatically(true));
            server.requestHandler(req -> {
                ReplayUpstream o = owner;
                if (o == null) {
                    // Only possible in the instant between bind and hand-over; answering beats hanging.
                    req.response().setStatusCode(503).end();
                    return;
                }
                o.handle(req);
            });
            server.listen().<Void>mapEmpty().onComplete(started);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ReplayUpstream failed to start", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/v1}, the form {@code lethe.upstream.url} takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** Bodies of the requests that carried a JSON body, in arrival order (a snapshot). */
    public List<JsonObject> requests() {
        synchronized (received) {
            return received.stream().map(Received::body).filter(b -> b != null).toList();
        }
    }

    /** Every request received, with method, path and headers, in arrival order (a snapshot). */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The most recent request; throws when none has arrived. */
    public Received lastReceived() {
        synchronized (received) {
            if (received.isEmpty()) {
                throw new IllegalStateException("ReplayUpstream has received no request");
            }
            return received.get(received.size() - 1);
        }
    }

    /** Forgets the recorded requests. */
    public void reset() {
        received.clear();
    }

    /** Names of the loaded transcripts (file base names), sorted. */
    public List<String> transcriptNames() {
        return List.copyOf(transcripts.keySet());
    }

    /** The exact bytes of a loaded transcript, for byte-for-byte comparisons. */
    public byte[] transcriptBytes(String name) {
        Transcript t = transcripts.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no transcript named " + name);
        }
        return t.bytes().getBytes();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ReplayUpstream did not close cleanly", e);
        }
    }

    // ---------------------------------------------------------------- loading

    static Map<String, Transcript> loadTranscripts(Path dir) {
        Map<String, Transcript> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                boolean sse = file.endsWith(".sse");
                if (!sse && !file.endsWith(".json")) {
                    continue;
                }
                String name = file.substring(0, file.lastIndexOf('.'));
                byte[] bytes = Files.readAllBytes(f);
                Matcher m = ERROR_STATUS.matcher(name);
                int status = m.find() ? Integer.parseInt(m.group(1)) : 200;
                out.put(name, new Transcript(name, sse, status, Buffer.buffer(bytes),
                        sse ? splitEvents(bytes) : List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transcripts from " + dir, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no .sse or .json transcripts in " + dir);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Cuts an SSE body after each blank line ({@code \n\n} or {@code \r\n\r\n}); the pieces concatenate
     * to the input exactly, so a trailing event without its blank line stays as it was recorded.
     */
    static List<Buffer> splitEvents(byte[] bytes) {
        List<Buffer> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            int end = -1;
            if (bytes[i] == '\n' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                end = i + 2;
            } else if (bytes[i] == '\r' && i + 3 < bytes.length && bytes[i + 1] == '\n'
                    && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                end = i + 4;
            }
            if (end > 0) {
                events.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, start, end)));
                start = end;
                i = end - 1;
            }
        }
        if (start < bytes.length) {
            events.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, start, bytes.length)));
        }
        return List.copyOf(events);
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(raw -> dispatch(req, raw));
        // A failed body read means the client went away; there is no one left to answer.
    }

    private void dispatch(HttpServerRequest req, Buffer raw) {
        String path = req.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        HttpServerResponse resp = req.response();
        JsonObject body = null;
        String parseError = null;
        if (raw.length() > 0) {
            try {
                body = new JsonObject(raw);
            } catch (DecodeException | ClassCastException e) {
                parseError = "request body is not a JSON object";
            }
        }
        if (record) {
            received.add(new Received(req.method().name(), path,
                    MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), raw, body));
        }
        if (req.method() == HttpMethod.GET && path.equals("/v1/models")) {
            sendJson(resp, 200, modelList());
            return;
        }
        if (req.method() == HttpMethod.POST && path.equals("/v1/responses") && body != null
                && ECHO.equals(body.getValue("model"))) {
            answerResponses(req, body);
            return;
        }
        boolean chat = path.equals("/v1/chat/completions");
        if (req.method() != HttpMethod.POST || !(chat || path.equals("/v1/completions"))) {
            sendJson(resp, 404, vllmError("Not Found: " + req.method().name() + " " + path,
                    "NotFoundError", 404));
            return;
        }
        if (parseError != null || body == null) {
            sendJson(resp, 400, vllmError(parseError != null ? parseError : "request body is empty",
                    "BadRequestError", 400));
            return;
        }
        Object modelValue = body.getValue("model");
        if (!(modelValue instanceof String model)) {
            sendJson(resp, 400, vllmError("field 'model' is required and must be a string",
                    "BadRequestError", 400));
            return;
        }
        Transcript transcript = transcripts.get(model);
        if (transcript != null) {
            replay(req, transcript, body);
            return;
        }
        if (!model.equals(ECHO) && !model.equals(ECHO_STREAM) && !FAILURE_MODELS.contains(model)) {
            sendJson(resp, 404, vllmError("The model `" + model + "` does not exist.", "NotFoundError", 404));
            return;
        }
        EchoRequest echo;
        try {
            echo = EchoRequest.parse(body, chat, model, nextId(chat));
        } catch (IllegalArgumentException e) {
            sendJson(resp, 400, vllmError(e.getMessage(), "BadRequestError", 400));
            return;
        }
        switch (model) {
            case FAIL_NON_JSON -> resp.setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8")
                    .end("<html>oops</html>");
            case FAIL_500 -> sendJson(resp, 500, new JsonObject().put("error", new JsonObject()
                    .put("message", "The server had an error while processing your request (simulated).")
                    .put("type", "server_error").putNull("param").putNull("code")));
            case FAIL_SLOW_FIRST_BYTE -> {
                long wait = echo.delayMs >= 0 ? echo.delayMs : DEFAULT_SLOW_FIRST_BYTE_MS;
                EchoRequest afterWait = echo.withoutDelay();
                vertx.setTimer(Math.max(wait, 1), t -> {
                    if (!resp.closed()) {
                        answerEcho(req, afterWait);
                    }
                });
            }
            case FAIL_BROKEN_SSE -> play(req, failurePrefix(echo, Buffer.buffer("data: {not json\n\n")),
                    echo.keepalive, Ending.END);
            case FAIL_STALL_MID_STREAM -> play(req, failurePrefix(echo), echo.keepalive, Ending.STALL);
            case FAIL_RESET_MID_STREAM -> play(req, failurePrefix(echo), echo.keepalive, Ending.RESET);
            case FAIL_ERROR_EVENT -> play(req, failurePrefix(echo, Buffer.buffer("data: {\"error\": "
                            + "{\"object\": \"error\", \"message\": \"simulated mid-stream failure after "
                            + "two chunks\", \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}}\n\n"),
                    DONE), echo.keepalive, Ending.END);
            default -> answerEcho(req, echo);
        }
    }

    // ---------------------------------------------------------------- Responses API echo

    /**
     * {@code POST /v1/responses} with model {@code echo}: the input (a string, or the last user item's text) as
     * one output message, plus a function call when {@code x_tool_args} is set; streamed as the API's typed
     * events ({@code event: <type>} framing, sequence numbers from 0, no {@code [DONE]}), deltas cut by
     * {@code x_chunks}.
     */
    private void answerResponses(HttpServerRequest req, JsonObject body) {
        String text = "";
        Object input = body.getValue("input");
        if (input instanceof String s) {
            text = s;
        } else if (input instanceof JsonArray items) {
            for (Object o : items) {
                if (o instanceof JsonObject item && "user".equals(item.getValue("role"))) {
                    text = EchoRequest.contentText(item.getValue("content") instanceof JsonArray a ? inputParts(a)
                            : item.getValue("content"));
                }
            }
        }
        String toolArgs = body.getValue("x_tool_args") instanceof String t ? t : null;
        String toolName = body.getValue("x_tool_name") instanceof String t ? t : "get_info";
        int[] sizes = EchoRequest.chunkSizes(body.getValue("x_chunks"));
        String id = "resp_" + String.format("%016x", ids.incrementAndGet() * 0x9E3779B97F4A7C15L);
        long created = Instant.now().getEpochSecond();
        JsonObject message = new JsonObject().put("id", "msg_" + id.substring(5)).put("type", "message")
                .put("status", "completed").put("role", "assistant").put("content", new JsonArray().add(
                        new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", text)));
        JsonArray output = new JsonArray().add(message);
        JsonObject call = null;
        if (toolArgs != null) {
            call = new JsonObject().put("id", "fc_" + id.substring(5)).put("type", "function_call")
                    .put("status", "completed").put("arguments", toolArgs).put("call_id", "call_" + id.substring(5))
                    .put("name", toolName);
            output.add(call);
        }
        JsonObject done = responseObject(id, created, "completed", output, body);
        if (!Boolean.TRUE.equals(body.getValue("stream"))) {
            sendJson(req.response(), 200, done.toBuffer());
            return;
        }
        List<Step> steps = new ArrayList<>();
        int[] seq = {0};
        steps.add(typed(seq, "response.created", new JsonObject().put("response",
                responseObject(id, created, "in_progress", new JsonArray(), body))));
        steps.add(typed(seq, "response.in_progress", new JsonObject().put("response",
                responseObject(id, created, "in_progress", new JsonArray(), body))));
        String msgId = message.getString("id");
        JsonObject added = message.copy().put("status", "in_progress").put("content", new JsonArray());
        steps.add(typed(seq, "response.output_item.added", new JsonObject().put("output_index", 0).put("item", added)));
        JsonObject emptyPart = new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", "");
        steps.add(typed(seq, "response.content_part.added", new JsonObject().put("item_id", msgId).put("output_index", 0)
                .put("content_index", 0).put("part", emptyPart)));
        for (String piece : split(text, sizes)) {
            steps.add(typed(seq, "response.output_text.delta", new JsonObject().put("item_id", msgId).put("output_index", 0)
                    .put("content_index", 0).put("delta", piece).put("logprobs", new JsonArray())));
        }
        steps.add(typed(seq, "response.output_text.done", new JsonObject().put("item_id", msgId).put("output_index", 0)
                .put("content_index", 0).put("text", text).put("logprobs", new JsonArray())));
        steps.add(typed(seq, "response.content_part.done", new JsonObject().put("item_id", msgId).put("output_index", 0)
                .put("content_index", 0).put("part", emptyPart.copy().put("text", text))));
        steps.add(typed(seq, "response.output_item.done", new JsonObject().put("output_index", 0).put("item", message)));
        if (call != null) {
            String callId = call.getString("id");
            steps.add(typed(seq, "response.output_item.added", new JsonObject().put("output_index", 1)
                    .put("item", call.copy().put("status", "in_progress").put("arguments", ""))));
            for (String piece : split(toolArgs, sizes)) {
                steps.add(typed(seq, "response.function_call_arguments.delta", new JsonObject().put("item_id", callId)
                        .put("output_index", 1).put("delta", piece)));
            }
            steps.add(typed(seq, "response.function_call_arguments.done", new JsonObject().put("item_id", callId)
                    .put("output_index", 1).put("arguments", toolArgs)));
            steps.add(typed(seq, "response.output_item.done", new JsonObject().put("output_index", 1).put("item", call)));
        }
        steps.add(typed(seq, "response.completed", new JsonObject().put("response", done)));
        play(req, steps, false, Ending.END);
    }

    private static JsonArray inputParts(JsonArray parts) {
        JsonArray out = new JsonArray();
        for (Object p : parts) {
            if (p instanceof JsonObject part && part.getValue("text") instanceof String t) {
                out.add(new JsonObject().put("type", "text").put("text", t));
            }
        }
        return out;
    }

    private static JsonObject responseObject(String id, long created, String status, JsonArray output, JsonObject req) {
        JsonObject r = new JsonObject().put("id", id).put("object", "response").put("created_at", created)
                .put("status", status).putNull("error").putNull("incomplete_details")
                .put("instructions", req.getValue("instructions")).put("model", ECHO).put("output", output)
                .put("parallel_tool_calls", true).put("temperature", 1.0).put("tool_choice", "auto")
                .put("tools", req.getValue("tools") == null ? new JsonArray() : req.getValue("tools")).put("top_p", 1.0);
        if ("completed".equals(status)) {
            r.put("usage", new JsonObject().put("input_tokens", 5).put("output_tokens", 7).put("total_tokens", 12));
        } else {
            r.putNull("usage");
        }
        return r;
    }

    private static Step typed(int[] seq, String type, JsonObject fields) {
        JsonObject data = new JsonObject().put("type", type).put("sequence_number", seq[0]++);
        data.mergeIn(fields);
        return new Step(Buffer.buffer("event: " + type + "\ndata: " + data.encode() + "\n\n"), 0);
    }

    private String nextId(boolean chat) {
        return (chat ? "chatcmpl-" : "cmpl-") + String.format("%016x", ids.incrementAndGet() * 0x9E3779B97F4A7C15L);
    }

    private void replay(HttpServerRequest req, Transcript t, JsonObject body) {
        HttpServerResponse resp = req.response();
        if (!t.sse()) {
            resp.setStatusCode(t.status()).putHeader("Content-Type", "application/json").end(t.bytes());
            return;
        }
        long delay = body.getValue("x_delay_ms") instanceof Number d ? Math.max(0, d.longValue()) : 0;
        boolean keepalive = Boolean.TRUE.equals(body.getValue("x_keepalive"));
        List<Step> steps = new ArrayList<>(t.events().size());
        for (int i = 0; i < t.events().size(); i++) {
            steps.add(new Step(t.events().get(i), i == 0 ? 0 : delay));
        }
        play(req, steps, keepalive, Ending.END);
    }

    private void answerEcho(HttpServerRequest req, EchoRequest e) {
        HttpServerResponse resp = req.response();
        if (e.stream) {
            play(req, echoStream(e, Integer.MAX_VALUE), e.keepalive, Ending.END);
            return;
        }
        Buffer json = echoJson(e).toBuffer();
        if (e.delayMs > 0) {
            vertx.setTimer(e.delayMs, t -> {
                if (!resp.closed()) {
                    sendJson(resp, 200, json);
                }
            });
        } else {
            sendJson(resp, 200, json);
        }
    }

    /** Role chunk plus up to two text chunks of the echo stream, then the given tail. */
    private List<Step> failurePrefix(EchoRequest e, Buffer... tail) {
        EchoRequest withText = e.text.isEmpty() ? e.withText(FALLBACK_TEXT) : e;
        List<Step> steps = new ArrayList<>(echoStream(withText, 2));
        for (Buffer b : tail) {
            steps.add(new Step(b, 0));
        }
        return steps;
    }

    // ---------------------------------------------------------------- writing

    /** Writes the steps in order, honouring pauses and back-pressure, then ends, stalls or resets. */
    private void play(HttpServerRequest req, List<Step> steps, boolean keepalive, Ending ending) {
        HttpServerResponse resp = req.response();
        resp.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        new Player(req, resp, steps, keepalive, ending).next(0, false);
    }

    private final class Player {
        private final HttpServerRequest req;
        private final HttpServerResponse resp;
        private final List<Step> steps;
        private final boolean keepalive;
        private final Ending ending;
        private io.vertx.core.Future<Void> lastWrite = io.vertx.core.Future.succeededFuture();

        Player(HttpServerRequest req, HttpServerResponse resp, List<Step> steps, boolean keepalive, Ending ending) {
            this.req = req;
            this.resp = resp;
            this.steps = steps;
            this.keepalive = keepalive;
            this.ending = ending;
        }

        /** Writes from step {@code i}; loops while no pause is due, so long transcripts do not recurse. */
        void next(int i, boolean pauseDone) {
            while (i < steps.size()) {
                if (resp.closed()) {
                    return; // the client went away; pending timers find this and stop too
                }
                Step s = steps.get(i);
                if (s.delayBeforeMs() > 0 && !pauseDone) {
                    int at = i;
                    vertx.setTimer(s.delayBeforeMs(), t -> next(at, true));
                    return;
                }
                pauseDone = false;
                lastWrite = resp.write(s.bytes());
                if (keepalive && i + 1 < steps.size()) {
                    resp.write(KEEPALIVE.copy());
                }
                i++;
                if (resp.writeQueueFull() && i < steps.size()) {
                    int at = i;
                    resp.drainHandler(v -> next(at, false));
                    return;
                }
            }
            finish();
        }

        private void finish() {
            if (resp.closed()) {
                return;
            }
            switch (ending) {
                case END -> resp.end();
                case STALL -> {
                    // Nothing more: the connection stays open until the client or close() ends it.
                }
                case RESET -> lastWrite.onComplete(ignored ->
                        vertx.setTimer(RESET_GRACE_MS, t -> resetConnection(req.connection())));
            }
        }
    }

    /** Closes with SO_LINGER 0, so the peer sees a TCP RST rather than an orderly FIN. */
    private static void resetConnection(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            // Internal Vert.x API, acceptable in a test kit: the public API offers only a graceful close.
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        connection.close();
    }

    private static void sendJson(HttpServerResponse resp, int status, JsonObject body) {
        sendJson(resp, status, body.toBuffer());
    }

    private static void sendJson(HttpServerResponse resp, int status, Buffer body) {
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    static JsonObject vllmError(String message, String type, int code) {
        return new JsonObject().put("object", "error").put("message", message).put("type", type)
                .putNull("param").put("code", code);
    }

    private JsonObject modelList() {
        JsonArray data = new JsonArray();
        List<String> names = new ArrayList<>();
        names.add(ECHO);
        names.add(ECHO_STREAM);
        names.addAll(transcripts.keySet());
        names.addAll(FAILURE_MODELS);
        for (String n : names) {
            data.add(new JsonObject().put("id", n).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "lethe-testkit"));
        }
        return new JsonObject().put("object", "list").put("data", data);
    }

    // ---------------------------------------------------------------- echo

    /** What an echo (or failure-model) request asks for, validated. */
    static final class EchoRequest {
        boolean chat;
        String model;
        String id;
        long created;
        String text;
        String reasoning;
        String toolArgs;
        String toolName;
        /** The finish reason asked for ({@code x_finish}), or null for the natural one. */
        String finish;
        int n;
        int[] chunks;
        boolean stream;
        boolean includeUsage;
        long delayMs;
        boolean keepalive;
        int promptChars;

        static EchoRequest parse(JsonObject body, boolean chat, String model, String id) {
            EchoRequest e = new EchoRequest();
            e.chat = chat;
            e.model = model;
            e.id = id;
            e.created = Instant.now().getEpochSecond();
            if (chat) {
                Object messages = body.getValue("messages");
                if (!(messages instanceof JsonArray list)) {
                    throw new IllegalArgumentException("field 'messages' is required and must be an array");
                }
                e.text = "";
                for (Object m : list) {
                    if (m instanceof JsonObject msg) {
                        String content = contentText(msg.getValue("content"));
                        e.promptChars += content.length();
                        if ("user".equals(msg.getValue("role"))) {
                            e.text = content;
                        }
                    }
                }
                e.reasoning = optString(body, "x_reasoning");
                e.toolArgs = optString(body, "x_tool_args");
                String name = optString(body, "x_tool_name");
                e.toolName = name != null ? name : "get_info";
            } else {
                Object prompt = body.getValue("prompt");
                if (prompt instanceof JsonArray arr && !arr.isEmpty() && arr.getValue(0) instanceof String s) {
                    e.text = s;
                } else if (prompt instanceof String s) {
                    e.text = s;
                } else {
                    throw new IllegalArgumentException("field 'prompt' is required and must be a string");
                }
                e.promptChars = e.text.length();
            }
            e.finish = optString(body, "x_finish");
            Object n = body.getValue("n");
            e.n = n == null ? 1 : (n instanceof Number num ? num.intValue() : -1);
            if (e.n < 1 || e.n > 128) {
                throw new IllegalArgumentException("n must be an integer between 1 and 128");
            }
            e.chunks = chunkSizes(body.getValue("x_chunks"));
            Object stream = body.getValue("stream");
            e.stream = model.equals(ECHO_STREAM) ? !Boolean.FALSE.equals(stream) : Boolean.TRUE.equals(stream);
            // Failure models that break a stream always stream; that is their point.
            if (model.equals(FAIL_BROKEN_SSE) || model.equals(FAIL_STALL_MID_STREAM)
                    || model.equals(FAIL_RESET_MID_STREAM) || model.equals(FAIL_ERROR_EVENT)) {
                e.stream = true;
            }
            JsonObject opts = body.getValue("stream_options") instanceof JsonObject o ? o : null;
            e.includeUsage = opts != null && Boolean.TRUE.equals(opts.getValue("include_usage"));
            Object delay = body.getValue("x_delay_ms");
            e.delayMs = delay instanceof Number d ? Math.max(0, d.longValue()) : -1;
            e.keepalive = Boolean.TRUE.equals(body.getValue("x_keepalive"));
            return e;
        }

        private static String optString(JsonObject body, String key) {
            Object v = body.getValue(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("field '" + key + "' must be a string");
            }
            return s;
        }

        /** A message's text: a string, or the concatenated {@code text} parts of a content array. */
        static String contentText(Object content) {
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof JsonArray parts) {
                StringBuilder sb = new StringBuilder();
                for (Object p : parts) {
                    if (p instanceof JsonObject part && "text".equals(part.getValue("type"))
                            && part.getValue("text") instanceof String t) {
                        sb.append(t);
                    }
                }
                return sb.toString();
            }
            return "";
        }

        static int[] chunkSizes(Object v) {
            if (v == null) {
                return new int[] {DEFAULT_CHUNK};
            }
            if (!(v instanceof JsonArray arr) || arr.isEmpty()) {
                throw new IllegalArgumentException("x_chunks must be a non-empty array of positive integers");
            }
            int[] sizes = new int[arr.size()];
            for (int i = 0; i < sizes.length; i++) {
                if (!(arr.getValue(i) instanceof Number num) || num.intValue() < 1) {
                    throw new IllegalArgumentException("x_chunks must be a non-empty array of positive integers");
                }
                sizes[i] = num.intValue();
            }
            return sizes;
        }

        long delayOrZero() {
            return Math.max(0, delayMs);
        }

        EchoRequest withoutDelay() {
            EchoRequest c = copy();
            c.delayMs = 0;
            return c;
        }

        EchoRequest withText(String text) {
            EchoRequest c = copy();
            c.text = text;
            return c;
        }

        private EchoRequest copy() {
            EchoRequest c = new EchoRequest();
            c.chat = chat;
            c.model = model;
            c.id = id;
            c.created = created;
            c.text = text;
            c.reasoning = reasoning;
            c.toolArgs = toolArgs;
            c.toolName = toolName;
            c.finish = finish;
            c.n = n;
            c.chunks = chunks;
            c.stream = stream;
            c.includeUsage = includeUsage;
            c.delayMs = delayMs;
            c.keepalive = keepalive;
            c.promptChars = promptChars;
            return c;
        }
    }

    /**
     * Cuts text into pieces of the given sizes (UTF-16 units, cycled). A cut never separates a surrogate
     * pair: real servers send UTF-8, which cannot carry half a code point, so that piece grows by one.
     */
    static List<String> split(String text, int[] sizes) {
        List<String> pieces = new ArrayList<>();
        int pos = 0;
        int k = 0;
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + sizes[k++ % sizes.length]);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                    && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            pieces.add(text.substring(pos, end));
            pos = end;
        }
        return pieces;
    }

    /** One text-bearing delta per choice round: which channel and which piece. */
    private record Piece(String channel, String text, boolean firstToolFragment) {
    }

    private static List<Piece> pieces(EchoRequest e) {
        List<Piece> out = new ArrayList<>();
        if (e.chat && e.reasoning != null) {
            for (String p : split(e.reasoning, e.chunks)) {
                out.add(new Piece("reasoning_content", p, false));
            }
        }
        for (String p : split(e.text, e.chunks)) {
            out.add(new Piece("content", p, false));
        }
        if (e.chat && e.toolArgs != null) {
            out.add(new Piece("tool", "", true));
            for (String p : split(e.toolArgs, e.chunks)) {
                out.add(new Piece("tool", p, false));
            }
        }
        return out;
    }

    /**
     * The SSE steps of an echo stream; {@code maxTextPieces} cuts it short after that many text rounds
     * (used by the failure models), in which case no finish, usage or [DONE] events follow.
     */
    private static List<Step> echoStream(EchoRequest e, int maxTextPieces) {
        List<Step> steps = new ArrayList<>();
        String object = e.chat ? "chat.completion.chunk" : "text_completion";
        if (e.chat) {
            for (int c = 0; c < e.n; c++) {
                steps.add(new Step(event(chunk(e, object, c, new JsonObject().put("role", "assistant")
                        .put("content", ""), null)), 0));
            }
        }
        List<Piece> pieces = pieces(e);
        long delay = e.delayOrZero();
        int textRounds = 0;
        int completionTokens = 0;
        for (Piece p : pieces) {
            if (textRounds == maxTextPieces) {
                return steps;
            }
            for (int c = 0; c < e.n; c++) {
                JsonObject choiceBody;
                if (!e.chat) {
                    choiceBody = null;
                } else if (p.channel().equals("tool")) {
                    JsonObject fn = new JsonObject();
                    JsonObject call = new JsonObject().put("index", 0);
                    if (p.firstToolFragment()) {
                        call.put("id", "call_" + e.id.substring(e.id.indexOf('-') + 1) + "_" + c)
                                .put("type", "function");
                        fn.put("name", e.toolName);
                    }
                    fn.put("arguments", p.text());
                    call.put("function", fn);
                    choiceBody = new JsonObject().put("tool_calls", new JsonArray().add(call));
                } else {
                    choiceBody = new JsonObject().put(p.channel(), p.text());
                }
                JsonObject chunk = e.chat ? chunk(e, object, c, choiceBody, null)
                        : legacyChunk(e, c, p.text(), null);
                // Pause before each text round but the first, so time-to-first-token is not delayed.
                steps.add(new Step(event(chunk), c == 0 && textRounds > 0 ? delay : 0));
            }
            if (!p.firstToolFragment()) {
                completionTokens += e.n;
            }
            textRounds++;
        }
        String finish = e.finish != null ? e.finish : e.chat && e.toolArgs != null ? "tool_calls" : "stop";
        for (int c = 0; c < e.n && !"none".equals(finish); c++) {
            JsonObject chunk = e.chat ? chunk(e, object, c, new JsonObject(), finish)
                    : legacyChunk(e, c, "", finish);
            steps.add(new Step(event(chunk), 0));
        }
        if (e.includeUsage) {
            steps.add(new Step(event(new JsonObject().put("id", e.id).put("object", object)
                    .put("created", e.created).put("model", e.model).put("choices", new JsonArray())
                    .put("usage", usage(e, completionTokens))), 0));
        }
        steps.add(new Step(DONE.copy(), 0));
        return steps;
    }

    private static JsonObject chunk(EchoRequest e, String object, int index, JsonObject delta, String finish) {
        JsonObject choice = new JsonObject().put("index", index).put("delta", delta).putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return new JsonObject().put("id", e.id).put("object", object).put("created", e.created)
                .put("model", e.model).put("choices", new JsonArray().add(choice));
    }

    private static JsonObject legacyChunk(EchoRequest e, int index, String text, String finish) {
        JsonObject choice = new JsonObject().put("index", index).put("text", text).putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return new JsonObject().put("id", e.id).put("object", "text_completion").put("created", e.created)
                .put("model", e.model).put("choices", new JsonArray().add(choice));
    }

    private static Buffer event(JsonObject json) {
        Buffer b = Buffer.buffer(json.encode().length() + 8);
        b.appendString("data: ").appendBuffer(json.toBuffer()).appendString("\n\n");
        return b;
    }

    /** Token counts are a stand-in: one completion token per streamed piece, a prompt token per 4 chars. */
    private static JsonObject usage(EchoRequest e, int completionTokens) {
        int prompt = Math.max(1, (e.promptChars + 3) / 4);
        return new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", completionTokens)
                .put("total_tokens", prompt + completionTokens);
    }

    private static JsonObject echoJson(EchoRequest e) {
        JsonArray choices = new JsonArray();
        int perChoice = 0;
        for (Piece p : pieces(e)) {
            if (!p.firstToolFragment()) {
                perChoice++;
            }
        }
        String finish = e.finish != null ? e.finish : e.chat && e.toolArgs != null ? "tool_calls" : "stop";
        for (int c = 0; c < e.n; c++) {
            JsonObject choice = new JsonObject().put("index", c);
            if (e.chat) {
                JsonObject message = new JsonObject().put("role", "assistant");
                if (e.toolArgs != null && e.text.isEmpty()) {
                    message.putNull("content");
                } else {
                    message.put("content", e.text);
                }
                if (e.reasoning != null) {
                    message.put("reasoning_content", e.reasoning);
                }
                if (e.toolArgs != null) {
                    message.put("tool_calls", new JsonArray().add(new JsonObject()
                            .put("id", "call_" + e.id.substring(e.id.indexOf('-') + 1) + "_" + c)
                            .put("type", "function")
                            .put("function", new JsonObject().put("name", e.toolName).put("arguments", e.toolArgs))));
                }
                choice.put("message", message);
            } else {
                choice.put("text", e.text);
            }
            choice.putNull("logprobs").put("finish_reason", finish);
            choices.add(choice);
        }
        return new JsonObject().put("id", e.id).put("object", e.chat ? "chat.completion" : "text_completion")
                .put("created", e.created).put("model", e.model).put("choices", choices)
                .put("usage", usage(e, perChoice * e.n));
    }
}
