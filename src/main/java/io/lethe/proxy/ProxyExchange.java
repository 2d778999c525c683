package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ApiError;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.ErrorGuard;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.StreamTranslator;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.Wire;
import io.lethe.proxy.openai.WireEvent;
import io.lethe.proxy.openai.WholeTranslator;
import io.lethe.proxy.sse.SseDecoder;
import io.lethe.proxy.sse.SseEncoder;
import io.lethe.proxy.sse.SseEvent;
import io.lethe.proxy.sse.SseProtocolException;
import io.lethe.proxy.upstream.Upstream;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One proxied completion: forwards the client's body unchanged, then answers with the upstream's response
 * after the guard. Streams are relayed event by event with backpressure (the upstream is paused while the
 * client's write queue is full); the client's response starts only with the first upstream event, so a
 * failure before it is still a plain HTTP error. Confined to the event loop that accepted the request.
 *
 * <p>Timeouts are event-loop timers: first byte (request sent → first body byte), idle (between body
 * pieces, suspended while the client is the slow side) and total. A client disconnect resets the upstream
 * request, which closes its connection so the model server stops generating.
 */
final class ProxyExchange {

    private static final Logger LOG = Logger.getLogger(ProxyExchange.class);
    /**
     * Upstream response headers worth passing to clients: rate limits (OpenAI's and Azure's names; not org or
     * project ids), each only with a value of their shape ({@link #RATE_LIMIT_VALUE}): a header is text the guard
     * does not scan, so any other name or value is dropped (helper-80: {@code x-ratelimit-anything: <a name>} and
     * {@code Retry-After: <a name>} went out as sent).
     */
    /** Content codings an error may name (RFC 9110's registry and common others); any other is not repeated. */
    private static final java.util.Set<String> KNOWN_ENCODINGS = java.util.Set.of("gzip", "x-gzip", "deflate", "br",
            "compress", "zstd");
    /** Media types an error may name; any other is the upstream's text and is not repeated. */
    private static final java.util.Set<String> KNOWN_TYPES = java.util.Set.of("application/json", "text/plain",
            "text/html", "application/octet-stream", "application/x-ndjson", "application/problem+json", "text/xml",
            "application/xml");
    private static final java.util.Set<String> PASSED_HEADERS = java.util.Set.of("x-ratelimit-limit-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens",
            "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", "retry-after", "retry-after-ms");
    /**
     * A count or a number of seconds (up to 10 digits, a fraction allowed), a duration as OpenAI writes its resets
     * ("6m0s", "20ms", "1h2m3.5s"), or an HTTP date (RFC 9110's IMF-fixdate, for {@code Retry-After}).
     */
    private static final java.util.regex.Pattern RATE_LIMIT_VALUE = java.util.regex.Pattern.compile(
            "[0-9]{1,10}(\\.[0-9]{1,6})?|([0-9]{1,6}(\\.[0-9]{1,6})?(ms|h|m|s)){1,4}"
                    + "|(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT");

    private final Vertx vertx;
    private final RoutingContext ctx;
    private final HttpServerResponse resp;
    private final RequestInfo info;
    private final Wire wire;
    private final Upstream upstream;
    private final Buffer body;
    /** What the client's request declared (tool names): the translators scan any other name. */
    private final Declared declared;
    private final GuardSession session;
    private final long maxUpstreamBytes;
    private final ProxyMetrics metrics;

    private HttpClientRequest upstreamRequest;
    private HttpClientResponse upstreamResponse;
    private boolean upstreamResponseEnded;
    private long sentNanos;
    private boolean gotFirstByte;
    private long totalTimer = -1;
    private long firstByteTimer = -1;
    private long idleTimer = -1;
    /** The client's response is finished (or the client is gone): nothing more is written. */
    private boolean done;
    /** The client's SSE response has begun (status and headers sent). */
    private boolean started;
    /** The upstream sent [DONE] (or its stream ended); later events are ignored. */
    private boolean upstreamFinished;
    private boolean paused;
    private SseDecoder decoder;
    private StreamTranslator translator;
    private final List<SseEvent> events = new ArrayList<>();
    private final List<WireEvent> out = new ArrayList<>();
    /** Errors scanned so far (each gets its own channels). */
    private int errors;
    /** Upstream events that wait while a choice's end waits for the classifier, in order. */
    private final ArrayDeque<SseEvent> backlog = new ArrayDeque<>();
    /** A callback is registered on the session's pending work. */
    private boolean wakeArmed;
    /** The upstream's stream is over but the guard still holds text for asynchronous stages. */
    private boolean endPending;
    /** The upstream's stream was cut off: the error goes out once the session holds nothing more. */
    private boolean truncatedPending;
    /** The upstream's body ended while events were queued. */
    private boolean upstreamEndQueued;
    /** The upstream is paused because the backlog is long. */
    private boolean backlogPaused;
    private Context context;
    /** Some stage may leave work pending (computed once: armWake runs per upstream read). */
    private final boolean asyncStages;

    ProxyExchange(Vertx vertx, RoutingContext ctx, RequestInfo info, Wire wire, Upstream upstream, Buffer body,
                  Declared declared,
                  GuardSession session, long maxUpstreamBytes, ProxyMetrics metrics) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.resp = ctx.response();
        this.info = info;
        this.wire = wire;
        this.upstream = upstream;
        this.body = body;
        this.declared = declared;
        this.session = session;
        this.asyncStages = session.async();
        this.maxUpstreamBytes = maxUpstreamBytes;
        this.metrics = metrics;
    }

    void start() {
        context = vertx.getOrCreateContext();
        resp.closeHandler(v -> clientGone());
        resp.exceptionHandler(t -> clientGone());
        totalTimer = vertx.setTimer(upstream.settings().timeouts().total().toMillis(), id -> timedOut("total"));
        connect(CLOSED_CONNECTION_RETRIES);
    }

    /** W3C trace context headers. */
    private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

    /**
     * With tracing on, Quarkus' Vert.x tracer writes the gateway's own client span into the upstream request;
     * with it off the client's trace context passes through unchanged, so the model server's spans still join
     * the client's trace.
     */
    private void passTraceContext(RequestOptions options) {
        if (io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()) {
            return;
        }
        for (String h : TRACE_HEADERS) {
            String v = ctx.request().getHeader(h);
            if (v != null) {
                options.putHeader(h, v);
            }
        }
    }

    /**
     * Tries on a fresh connection when the pooled one closed before any answer. More than one: a stream the
     * guard blocked resets its upstream connection, and under load the pool may hand out another closing one
     * before it hears of the close (26 of 6,000 requests failed with a single retry in a black-box run).
     */
    static final int CLOSED_CONNECTION_RETRIES = 3;

    /**
     * Connects again on a later turn of the event loop: the pool hears of connections closing (a blocked stream's
     * reset) only then, and would otherwise hand out another closing one.
     */
    private void retry(int retriesLeft) {
        metrics.upstreamRetried(upstream.name());
        vertx.setTimer(1, id -> {
            if (!done) {
                connect(retriesLeft);
            }
        });
    }

    private void connect(int retriesLeft) {
        RequestOptions options = upstream.request(HttpMethod.POST, wire.path())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, info.streamed ? "text/event-stream" : "application/json")
                .putHeader(ProxyRoutes.REQUEST_ID, info.requestId)
                // the guard reads every byte: a body must arrive as text (a compressed one is refused below)
                .putHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
        ClientAuth.Principal caller = ctx.get(ProxyRoutes.PRINCIPAL);
        // a gateway credential is ours: never sent upstream, even where the client's own key would be
        String auth = upstream.authorization(caller != null && caller.gatewayCredential() ? null
                : ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (auth != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, auth);
        }
        passTraceContext(options);
        upstream.client().request(options).onComplete(ar -> {
            if (ar.failed()) {
                // A pooled connection closed as it was handed out (nothing sent yet): one more try is safe.
                if (retriesLeft > 0 && !done && ar.cause() instanceof io.vertx.core.http.HttpClosedException) {
                    retry(retriesLeft - 1);
                    return;
                }
                connectFailed(ar.cause());
                return;
            }
            HttpClientRequest req = ar.result();
            if (done) {
                req.reset();
                return;
            }
            upstreamRequest = req;
            sentNanos = System.nanoTime();
            firstByteTimer = vertx.setTimer(upstream.settings().timeouts().firstByte().toMillis(),
                    id -> timedOut("first-byte"));
            req.send(body).onComplete(rar -> {
                if (done) {
                    return;
                }
                if (rar.failed() && retriesLeft > 0 && rar.cause() instanceof io.vertx.core.http.HttpClosedException) {
                    // The connection closed before any answer: a pooled keep-alive connection the upstream
                    // dropped (it restarted, or closed it idle) as this request went out. One more try on a
                    // fresh connection, a few times (see CLOSED_CONNECTION_RETRIES); then the close is reported.
                    vertx.cancelTimer(firstByteTimer);
                    retry(retriesLeft - 1);
                    return;
                }
                if (rar.failed()) {
                    upstreamBroke(rar.cause());
                } else {
                    onResponse(rar.result());
                }
            });
        });
    }

    // ---- upstream response ----------------------------------------------------------------------------

    private void onResponse(HttpClientResponse r) {
        upstreamResponse = r;
        info.upstreamHeadersNanos = System.nanoTime() - sentNanos;
        metrics.upstreamLatency(upstream.name(), "headers", info.upstreamHeadersNanos);
        r.exceptionHandler(this::upstreamBroke);
        int status = r.statusCode();
        String type = r.getHeader(HttpHeaders.CONTENT_TYPE);
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        String encoding = r.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // Not asked for, and not text the guard can read: refused, never forwarded.
            String named = KNOWN_ENCODINGS.contains(encoding.trim().toLowerCase(Locale.ROOT))
                    ? "a '" + encoding.trim().toLowerCase(Locale.ROOT) + "'-encoded" : "an encoded";
            fail(ApiError.badGateway("The upstream answered with " + named
                    + " body the gateway did not ask for and cannot scan.", "upstream_bad_response"),
                    "upstream_bad_response");
            return;
        }
        if (status < 200 || status > 299) {
            collect(r, buf -> upstreamError(status, r, buf));
        } else if (info.streamed && (type.startsWith("text/event-stream") || type.isEmpty())) {
            stream(r);
        } else if (info.streamed) {
            String shown = type;
            collect(r, buf -> streamAnsweredWithBody(shown, buf));
        } else {
            collect(r, buf -> whole(r, buf));
        }
    }

    /** Reads a whole upstream body, bounded. */
    private void collect(HttpClientResponse r, java.util.function.Consumer<Buffer> then) {
        Buffer acc = Buffer.buffer();
        r.handler(buf -> {
            if (done) {
                return;
            }
            bodyActivity();
            if (acc.length() + buf.length() > maxUpstreamBytes) {
                fail(ApiError.badGateway("The upstream's answer exceeds " + maxUpstreamBytes + " bytes.",
                        "upstream_response_too_large"), "upstream_too_large");
                return;
            }
            acc.appendBuffer(buf);
        });
        r.endHandler(v -> {
            upstreamResponseEnded = true;
            if (done) {
                return;
            }
            bodyActivity();
            cancelIdle();
            then.accept(acc);
        });
    }

    private void upstreamError(int status, HttpClientResponse r, Buffer buf) {
        JsonNode json = parseOrNull(buf);
        // a load balancer's plain 503 or 429 page: its Retry-After and a 4xx status still tell SDKs when to retry
        passHeaders(r);
        if (json == null) {
            ApiError bad = ApiError.badGateway("The upstream answered HTTP " + status + " with a body that is not JSON.",
                    "upstream_bad_response");
            fail(new ApiError(ApiError.clientStatus(status), bad.body()), "upstream_bad_response");
            return;
        }
        ApiError e = ApiError.fromUpstream(status, json);
        guardError(new ApiError(ApiError.clientStatus(status), e.body()), g -> finishWith(g, "upstream_" + status));
    }

    private void streamAnsweredWithBody(String type, Buffer buf) {
        JsonNode json = parseOrNull(buf);
        if (json instanceof ObjectNode o && isError(o)) {
            ApiError e = ApiError.fromUpstream(502, o);
            guardError(new ApiError(ApiError.statusOfErrorEvent(e.body()), e.body()), g -> finishWith(g, "upstream_error"));
            return;
        }
        String base = type.split(";", 2)[0].strip();
        // the header is the upstream's text, unscanned: named only when it is a common type (helper-80)
        fail(ApiError.badGateway("The upstream answered a streaming request with "
                + (type.isEmpty() ? "no content type" : KNOWN_TYPES.contains(base) ? "'" + base + "'" : "another content type")
                + " instead of an event stream.", "upstream_bad_response"), "upstream_bad_response");
    }

    /**
     * Scans an upstream error's texts (servers quote model output in them) and hands the error a client may
     * read to {@code then}, on the event loop, once asynchronous stages have answered.
     */
    private void guardError(ApiError error, java.util.function.Consumer<ApiError> then) {
        ErrorGuard g;
        try {
            g = ErrorGuard.start(session, error.body(), errors++);
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        Settle.then(session, context, false, g::collect, () -> then.accept(new ApiError(error.status(), g.apply())),
                this::internalError, () -> done);
    }

    /** A non-streamed answer: scan every choice, forward the upstream's bytes when nothing changed. */
    private void whole(HttpClientResponse r, Buffer buf) {
        JsonNode json = parseOrNull(buf);
        if (!(json instanceof ObjectNode answer)) {
            fail(ApiError.badGateway(json == null ? "The upstream answered with a body that is not JSON (malformed, or "
                    + "a key repeated)." : json.isMissingNode() ? "The upstream answered with an empty body."
                    : "The upstream answered with JSON that is not an object.", "upstream_bad_response"),
                    "upstream_bad_response");
            return;
        }
        if (isError(answer) && !(wire == Wire.RESPONSES && "response".equals(Json.text(answer, "object")))) {
            // (a Responses API response that failed is still a response: its translator scans all of it)
            ApiError e = ApiError.fromUpstream(502, answer);
            guardError(new ApiError(ApiError.statusOfErrorEvent(e.body()), e.body()), g -> finishWith(g, "upstream_error"));
            return;
        }
        if (!wire.guarded()) {
            answerWhole(r, buf, answer, false);
            return;
        }
        WholeTranslator guarded;
        try {
            guarded = wire.whole(session, answer, declared, info.requestId, info.model);
        } catch (Unwalkable e) {
            unwalkable(e);
            return;
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        // Asynchronous stages (the classifier) answer later, for all channels together; nothing blocks.
        Settle.then(session, context, false, guarded::collect, () -> {
            boolean changed;
            try {
                changed = guarded.apply();
            } catch (RuntimeException e) {
                internalError(e);
                return;
            }
            answerWhole(r, buf, answer, changed);
            Settle.audit(session, context);
        }, this::internalError, () -> done);
    }

    /** An answer whose text cannot be attributed: nothing of it is forwarded. */
    private void unwalkable(Unwalkable e) {
        LOG.warnf("request_id=%s upstream=%s answer not walkable: %s", info.requestId, upstream.name(), e.getMessage());
        session.blockChoice(0, "unwalkable");
        fail(ApiError.badGateway("The upstream's answer has a shape the gateway cannot scan (" + e.getMessage()
                + "); it was withheld.", "upstream_unwalkable"), "upstream_unwalkable");
    }

    private void answerWhole(HttpClientResponse r, Buffer buf, ObjectNode answer, boolean changed) {
        passHeaders(r);
        info.status = 200;
        complete("ok");
        resp.setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(changed ? Buffer.buffer(Json.writeBytes(answer)) : buf);
    }

    // ---- streaming --------------------------------------------------------------------------------------

    private void stream(HttpClientResponse r) {
        decoder = new SseDecoder((int) Math.min(Integer.MAX_VALUE, maxUpstreamBytes));
        translator = wire.stream(session, declared, info.requestId, info.model);
        r.handler(buf -> {
            if (done || upstreamFinished) {
                return;
            }
            long t0 = System.nanoTime();
            bodyActivity();
            events.clear();
            try {
                decoder.feed(buf, events);
            } catch (SseProtocolException e) {
                fail(ApiError.badGateway("The upstream's event stream is broken: " + e.getMessage() + ".",
                        "upstream_bad_sse"), "upstream_bad_sse");
                return;
            }
            handleEvents();
            metrics.chunkDelay(System.nanoTime() - t0);
        });
        r.endHandler(v -> {
            upstreamResponseEnded = true;
            cancelIdle();
            if (done || upstreamFinished) {
                return;
            }
            events.clear();
            try {
                decoder.end(events);
            } catch (SseProtocolException e) {
                fail(ApiError.badGateway("The upstream's event stream is broken: " + e.getMessage() + ".",
                        "upstream_bad_sse"), "upstream_bad_sse");
                return;
            }
            handleEvents();
            if (!done && !upstreamFinished) {
                if (gated()) {
                    upstreamEndQueued = true; // after the queued events
                } else {
                    upstreamClosed();
                }
            }
        });
    }

    private void handleEvents() {
        for (SseEvent ev : events) {
            if (done || upstreamFinished) {
                return;
            }
            if (gated()) {
                backlog.add(ev);
            } else {
                handleEvent(ev);
            }
        }
        if (backlog.size() > 256 && !backlogPaused && upstreamResponse != null) {
            // A choice's end waits for the classifier and the upstream runs ahead: let TCP hold the rest.
            backlogPaused = true;
            upstreamResponse.pause();
            cancelIdle();
        }
        armWake();
    }

    /** Whether upstream events must queue: a choice's end, or earlier events, wait for asynchronous stages. */
    private boolean gated() {
        return !backlog.isEmpty() || translator.waiting();
    }

    /** Registers (once) to be called back on the event loop when the session's pending work completes. */
    private void armWake() {
        if (wakeArmed || done || !asyncStages) {
            return;
        }
        CompletableFuture<?> pending = session.pending();
        if (pending == null) {
            return;
        }
        wakeArmed = true;
        pending.whenComplete((v, e) -> context.runOnContext(x -> onWake()));
    }

    /** The classifier answered: send what it released, then go on with what waited. */
    private void onWake() {
        wakeArmed = false;
        if (done) {
            return;
        }
        out.clear();
        try {
            translator.onWake(out);
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        send(out);
        endIfTranslatorEnded();
        while (!backlog.isEmpty() && !translator.waiting() && !done && !upstreamFinished) {
            handleEvent(backlog.poll());
        }
        if (done) {
            return;
        }
        if (backlog.isEmpty() && upstreamEndQueued && !upstreamFinished) {
            upstreamClosed();
            if (done) {
                return;
            }
        }
        if (endPending && !session.holding()) {
            completeStream();
            return;
        }
        if (truncatedPending && !session.holding()) {
            failTruncated();
            return;
        }
        if (backlogPaused && backlog.size() < 64) {
            backlogPaused = false;
            if (!paused && !upstreamResponseEnded) {
                upstreamResponse.resume();
                armIdle();
            }
        }
        armWake();
    }

    private void handleEvent(SseEvent ev) {
        if (ev.isComment()) {
            // Keep-alive: upstream is alive and so should the client's connection be. The comment's own text
            // is not forwarded (it did not pass the guard).
            begin();
            write(SseEncoder.KEEP_ALIVE);
            return;
        }
        if (ev.data().isBlank()) {
            // an event with no data ("data:" alone) carries no text nor anything to relay: skipped, not a broken stream
            return;
        }
        if (translator.terminal(ev.name(), ev.data())) {
            // [DONE] before a choice's finish_reason is a cut-off answer all the same: its held text is dropped
            upstreamClosed();
            return;
        }
        ObjectNode chunk = Json.parseObjectOrNull(ev.data());
        if (chunk == null) {
            fail(ApiError.badGateway("The upstream's event stream is broken: an event is not a JSON object "
                    + "(malformed, or a key repeated).",
                    "upstream_bad_sse"), "upstream_bad_sse");
            return;
        }
        if ("error".equals(ev.name()) || isError(chunk)) {
            // Nothing after an error is forwarded; its text is scanned like an answer's first.
            upstreamFinished = true;
            abortUpstream();
            ObjectNode errorBody = chunk;
            if ("error".equals(ev.name()) && !chunk.has("error") && chunk.has("message")
                    && !"error".equals(Json.text(chunk, "type"))) {
                // llama.cpp's "error:" line carries the error object itself
                errorBody = Json.object();
                errorBody.set("error", chunk);
            }
            ApiError e = ApiError.fromUpstream(502, errorBody);
            guardError(new ApiError(ApiError.statusOfErrorEvent(e.body()), e.body()),
                    g -> fail(g, "upstream_error_event"));
            return;
        }
        out.clear();
        // an event whose JSON spans several data: lines (valid SSE) goes out on one, as OpenAI frames it: a
        // client reading a line at a time lost the text of such chunks passed on as sent (helper-80)
        String raw = ev.data().indexOf('\n') >= 0 || ev.data().indexOf('\r') >= 0 ? Json.write(chunk) : ev.data();
        try {
            translator.onEvent(ev.name(), chunk, raw, out);
        } catch (Unwalkable e) {
            unwalkable(e);
            return;
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        send(out);
        endIfTranslatorEnded();
    }

    /** The client's stream is complete (a Responses terminal event or block): end it, let the upstream go. */
    private void endIfTranslatorEnded() {
        if (!done && translator.ended()) {
            upstreamFinished = true;
            backlog.clear();
            completeStream();
            if (session.isBlocked(0)) {
                abortUpstream(); // nothing more of it will be sent: stop the generation
            }
        }
    }

    /**
     * The upstream ended its stream (closed it, or sent its end marker): finished when every choice had its end
     * (TGI's legacy streams end without [DONE]); cut off mid-answer otherwise (no finish_reason, with or without
     * [DONE]): cut as at a token limit (text final at the cut goes out, once an asynchronous stage has scored
     * it; the held tail, which could be the start of a name, is dropped, never flushed), then the client's
     * stream ends with an error.
     */
    private void upstreamClosed() {
        endStream(!translator.settled());
    }

    /**
     * End of the upstream's stream: flush what the guard still holds (scanned to the end), then [DONE]; or, with
     * {@code cut}, cut it (only what is final at the cut goes out), then the truncation error. Either waits for the
     * classifier's last sentences first.
     */
    private void endStream(boolean cut) {
        upstreamFinished = true;
        out.clear();
        try {
            if (cut) {
                translator.onCut(out);
            } else {
                translator.onEnd(out);
            }
        } catch (RuntimeException e) {
            internalError(e);
            return;
        }
        if (!cut) {
            begin(); // [DONE] follows, whatever the guard released
        }
        send(out);
        if (session.holding()) {
            // [DONE] or the error after the classifier has released the last sentences
            if (cut) {
                truncatedPending = true;
            } else {
                endPending = true;
            }
            armWake();
            return;
        }
        if (cut) {
            failTruncated();
        } else {
            completeStream();
        }
    }

    private void failTruncated() {
        fail(ApiError.badGateway("The upstream's stream ended before its answer finished.",
                "upstream_stream_truncated"), "upstream_stream_truncated");
    }

    private void completeStream() {
        begin();
        info.status = 200;
        complete("ok");
        writeTrailer();
        resp.end();
        Settle.audit(session, context); // shadow-mode scores still running: recorded, nothing sent
        if (!upstreamResponseEnded && upstreamRequest != null) {
            // Give the upstream a moment to close its response cleanly (keeps the pooled connection);
            // reset if it doesn't.
            long grace = Math.min(5000, upstream.settings().timeouts().idle().toMillis());
            vertx.setTimer(grace, id -> {
                if (!upstreamResponseEnded) {
                    upstreamRequest.reset();
                }
            });
        }
    }

    /** Sends the translator's events, starting the response on the first. */
    private void send(List<WireEvent> events) {
        if (!events.isEmpty()) {
            begin();
            for (WireEvent e : events) {
                write(SseEncoder.event(e.event(), e.data()));
            }
        }
    }

    private void writeTrailer() {
        for (WireEvent e : translator.trailer()) {
            resp.write(SseEncoder.event(e.event(), e.data()));
        }
    }

    private void begin() {
        if (started) {
            return;
        }
        started = true;
        info.status = 200;
        resp.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        if (upstreamResponse != null) {
            passHeaders(upstreamResponse);
        }
    }

    private void write(Buffer b) {
        resp.write(b);
        if (resp.writeQueueFull() && !paused && upstreamResponse != null) {
            paused = true;
            upstreamResponse.pause();
            cancelIdle(); // the client is the slow side now, not the upstream
            resp.drainHandler(v -> {
                paused = false;
                if (!done && !upstreamFinished && !backlogPaused) {
                    upstreamResponse.resume();
                    armIdle();
                }
            });
        }
    }

    // ---- timers -----------------------------------------------------------------------------------------

    private void bodyActivity() {
        if (!gotFirstByte) {
            gotFirstByte = true;
            vertx.cancelTimer(firstByteTimer);
            info.upstreamFirstByteNanos = System.nanoTime() - sentNanos;
            metrics.upstreamLatency(upstream.name(), "first_byte", info.upstreamFirstByteNanos);
        }
        armIdle();
    }

    private void armIdle() {
        cancelIdle();
        if (!done && !paused) {
            idleTimer = vertx.setTimer(upstream.settings().timeouts().idle().toMillis(), id -> timedOut("idle"));
        }
    }

    private void cancelIdle() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    private void timedOut(String which) {
        if (done) {
            return;
        }
        Duration d = switch (which) {
            case "first-byte" -> upstream.settings().timeouts().firstByte();
            case "idle" -> upstream.settings().timeouts().idle();
            default -> upstream.settings().timeouts().total();
        };
        LOG.warnf("request_id=%s upstream=%s %s timeout (%d ms)", info.requestId, upstream.name(), which, d.toMillis());
        fail(ApiError.gatewayTimeout("The upstream '" + upstream.name() + "' did not answer in time ("
                + which + " timeout of " + d.toMillis() + " ms)."), "upstream_timeout");
    }

    // ---- failures and completion ------------------------------------------------------------------------

    private void connectFailed(Throwable t) {
        if (done) {
            return;
        }
        LOG.warnf("request_id=%s upstream=%s url=%s connect failed: %s", info.requestId, upstream.name(),
                upstream.settings().displayUrl(), t.toString());
        if (t instanceof ConnectTimeoutException) {
            fail(ApiError.gatewayTimeout("Could not connect to the upstream '" + upstream.name() + "' in time."),
                    "upstream_timeout");
        } else {
            fail(ApiError.badGateway("Could not connect to the upstream '" + upstream.name() + "'.",
                    "upstream_unavailable"), "upstream_unavailable");
        }
    }

    private void upstreamBroke(Throwable t) {
        if (done || upstreamFinished) {
            return;
        }
        // The class only: a decoder's message quotes the bytes the upstream sent, which may be model text.
        LOG.warnf("request_id=%s upstream=%s connection failed: %s", info.requestId, upstream.name(),
                t.getClass().getName());
        fail(ApiError.badGateway("The connection to the upstream '" + upstream.name() + "' failed"
                + (started ? " mid-stream." : "."), "upstream_connection_failed"), "upstream_connection_failed");
    }

    /**
     * Ends the exchange with an error: a plain HTTP error before the stream began, else an SSE error event
     * and [DONE]. Whatever the guard still holds is dropped, never flushed unscanned.
     */
    private void fail(ApiError error, String outcome) {
        if (done) {
            return;
        }
        if (started) {
            complete(outcome);
            WireEvent e = translator.error(error.body());
            resp.write(SseEncoder.event(e.event(), e.data()));
            writeTrailer();
            resp.end();
        } else {
            finishWith(error, outcome);
        }
        abortUpstream();
    }

    /** Answers with an error object (the stream has not begun). */
    private void finishWith(ApiError error, String outcome) {
        complete(outcome);
        ProxyRoutes.sendJson(ctx, error.status(), error.body());
    }

    /** A bug of ours or an answer the guard could not take apart: fail closed, never forward unscanned text. */
    private void internalError(RuntimeException e) {
        LOG.errorf(e, "request_id=%s upstream=%s guarding the answer failed", info.requestId, upstream.name());
        fail(ApiError.of(500, "server_error", "The gateway could not process the upstream's answer.", null,
                "internal_error"), "internal_error");
    }

    private void clientGone() {
        if (done) {
            return;
        }
        LOG.debugf("request_id=%s client went away; cancelling upstream", info.requestId);
        complete("client_closed");
        abortUpstream();
    }

    private void abortUpstream() {
        if (upstreamRequest != null && !upstreamResponseEnded) {
            upstreamRequest.reset(); // HTTP/1.1: closes the connection, so the server stops generating
        }
    }

    private void complete(String outcome) {
        done = true;
        info.guardAction = session.action().wireName();
        if (!"ok".equals(outcome) || "ok".equals(info.outcome)) {
            info.outcome = outcome;
        }
        vertx.cancelTimer(totalTimer);
        vertx.cancelTimer(firstByteTimer);
        cancelIdle();
    }

    private void passHeaders(HttpClientResponse r) {
        for (Map.Entry<String, String> h : r.headers()) {
            if (passedHeader(h.getKey(), h.getValue())) {
                resp.headers().add(h.getKey(), h.getValue());
            }
        }
    }

    /** Whether an upstream response header goes to the client: a rate-limit header with a value of its shape. */
    static boolean passedHeader(String name, String value) {
        return PASSED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && value != null
                && RATE_LIMIT_VALUE.matcher(value.strip()).matches();
    }

    private static JsonNode parseOrNull(Buffer buf) {
        try {
            return Json.parse(buf.getBytes());
        } catch (Exception e) {
            return null;
        }
    }

    /** An error object where an answer or chunk was expected: OpenAI's, vLLM's or TGI's shape. */
    private static boolean isError(ObjectNode o) {
        return o.hasNonNull("error") || "error".equals(Json.text(o, "object"));
    }
}
