package io.lethe.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A minimal OpenAI-compatible upstream on its own Vert.x, for the proxy's tests. What it answers is chosen by
 * the request body's {@code x_fake} object (a field real servers don't know, so it also proves the proxy
 * passes unknown fields through):
 * <ul>
 *   <li>{@code replay}: a transcript file from {@code shared/data/transcripts}, byte for byte; written one
 *       SSE event per write, or in {@code chunk_bytes}-sized pieces;</li>
 *   <li>{@code events}: literal strings, one write each (SSE events, comments, garbage);</li>
 *   <li>{@code body}: one literal body;</li>
 *   <li>{@code status}, {@code content_type}, {@code content_encoding}, {@code first_byte_delay_ms} (before the headers),
 *       {@code delay_ms} (between writes), {@code then}: {@code end} (default), {@code reset} (close the
 *       connection mid-body) or {@code hang} (leave it open);</li>
 *   <li>{@code tag}: the request is recorded under it, and whether the proxy closed the connection before
 *       the answer ended;</li>
 *   <li>{@code close_unanswered}: the first N requests under the tag have their connection closed once read,
 *       without an answer (an upstream that restarted under a pooled keep-alive connection).</li>
 * </ul>
 * {@code GET <any>/models} lists {@link #MODELS}. Observations: {@code GET /_fake/requests/<tag>} and
 * {@code GET /_fake/closed/<tag>}.
 */
public final class FakeUpstream implements AutoCloseable {

    /** The transcripts in the shared test data ({@link io.lethe.testkit.TestData#transcripts}). */
    public static final Path TRANSCRIPTS = io.lethe.testkit.TestData.transcripts();
    public static final List<String> MODELS = List.of("fake-model", "deepseek-ai/DeepSeek-V3.1");

    private final Vertx vertx = Vertx.vertx();
    /** Requests seen per tag, for {@code close_unanswered}. */
    private final java.util.Map<String, Integer> unanswered = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, JsonObject> requests = new ConcurrentHashMap<>();
    private final Map<String, Boolean> closedEarly = new ConcurrentHashMap<>();
    private final Map<String, Integer> progress = new ConcurrentHashMap<>();
    private HttpServer server;

    public int start() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake upstream did not start", e);
        }
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith("/_fake/requests/")) {
            JsonObject r = requests.get(path.substring("/_fake/requests/".length()));
            req.response().setStatusCode(r == null ? 404 : 200).end(r == null ? "{}" : r.encode());
            return;
        }
        if (path.startsWith("/_fake/progress/")) {
            Integer n = progress.get(path.substring("/_fake/progress/".length()));
            req.response().end(new JsonObject().put("written", n == null ? 0 : n).encode());
            return;
        }
        if (path.startsWith("/_fake/closed/")) {
            Boolean c = closedEarly.get(path.substring("/_fake/closed/".length()));
            req.response().end(new JsonObject().put("closed", c != null && c).encode());
            return;
        }
        if (path.endsWith("/models")) {
            JsonArray data = new JsonArray();
            for (String m : MODELS) {
                data.add(new JsonObject().put("id", m).put("object", "model").put("owned_by", "fake")
                        .put("max_model_len", 4096));
            }
            req.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("object", "list").put("data", data).encode());
            return;
        }
        req.body().onSuccess(body -> answer(req, body));
    }

    private void answer(HttpServerRequest req, Buffer body) {
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            json = new JsonObject();
        }
        JsonObject x = json.getJsonObject("x_fake", new JsonObject());
        String tag = x.getString("tag", "last");
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        JsonObject record = new JsonObject().put("path", req.path()).put("headers", headers)
                .put("body", body.toString(StandardCharsets.UTF_8));
        requests.put(tag, record);
        requests.put("last", record);
        HttpServerResponse resp = req.response();
        req.connection().closeHandler(v -> {
            if (!resp.ended()) {
                closedEarly.put(tag, true);
            }
        });
        if (x.containsKey("flood")) {
            flood(resp, tag, x.getInteger("flood"));
            return;
        }
        if (unanswered.merge(tag, 1, Integer::sum) <= x.getInteger("close_unanswered", 0)) {
            req.connection().close();
            return;
        }
        long firstDelay = x.getLong("first_byte_delay_ms", 0L);
        Runnable go = () -> respond(req, resp, x);
        if (firstDelay > 0) {
            vertx.setTimer(firstDelay, id -> go.run());
        } else {
            go.run();
        }
    }

    private void respond(HttpServerRequest req, HttpServerResponse resp, JsonObject x) {
        if (resp.closed()) {
            return;
        }
        List<Buffer> pieces = new ArrayList<>();
        String type;
        if (x.containsKey("replay")) {
            String name = x.getString("replay");
            byte[] bytes = read(name);
            type = name.endsWith(".sse") ? "text/event-stream" : "application/json";
            int size = x.getInteger("chunk_bytes", 0);
            if (size > 0) {
                for (int i = 0; i < bytes.length; i += size) {
                    pieces.add(Buffer.buffer().appendBytes(bytes, i, Math.min(size, bytes.length - i)));
                }
            } else if (name.endsWith(".sse")) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int from = 0;
                for (int i = text.indexOf("\n\n"); i >= 0; i = text.indexOf("\n\n", from)) {
                    pieces.add(Buffer.buffer(text.substring(from, i + 2)));
                    from = i + 2;
                }
                if (from < text.length()) {
                    pieces.add(Buffer.buffer(text.substring(from)));
                }
            } else {
                pieces.add(Buffer.buffer(bytes));
            }
        } else if (x.containsKey("events")) {
            type = "text/event-stream";
            for (Object e : x.getJsonArray("events")) {
                pieces.add(Buffer.buffer(String.valueOf(e)));
            }
        } else {
            type = "application/json";
            pieces.add(Buffer.buffer(x.getString("body", "{}")));
        }
        type = x.getString("content_type", type);
        resp.setStatusCode(x.getInteger("status", 200)).putHeader("content-type", type)
                .putHeader("x-ratelimit-remaining-requests", "99");
        if (x.containsKey("content_encoding")) {
            resp.putHeader("content-encoding", x.getString("content_encoding"));
        }
        if (x.containsKey("retry_after")) {
            resp.putHeader("retry-after", x.getString("retry_after"));
        }
        String then = x.getString("then", "end");
        if (pieces.size() == 1 && then.equals("end") && !type.equals("text/event-stream")) {
            resp.end(pieces.get(0));
            return;
        }
        resp.setChunked(true);
        writeFrom(req, resp, pieces, 0, x.getLong("delay_ms", 0L), then);
    }

    private void writeFrom(HttpServerRequest req, HttpServerResponse resp, List<Buffer> pieces, int i, long delay,
                           String then) {
        if (resp.closed()) {
            return;
        }
        if (i == pieces.size()) {
            switch (then) {
                case "reset" -> vertx.setTimer(50, id -> req.connection().close());
                case "hang" -> {
                    // leave the response open: the proxy's timeouts or the client decide
                }
                default -> resp.end();
            }
            return;
        }
        resp.write(pieces.get(i));
        if (delay > 0) {
            vertx.setTimer(delay, id -> writeFrom(req, resp, pieces, i + 1, delay, then));
        } else {
            vertx.runOnContext(v -> writeFrom(req, resp, pieces, i + 1, delay, then));
        }
    }

    /**
     * Writes {@code count} 1 KiB content events as fast as its own write queue allows (pausing while it is
     * full), counting them under {@code tag}: a proxy that applies backpressure stalls this writer.
     */
    private void flood(HttpServerResponse resp, String tag, int count) {
        String event = "data: {\"id\":\"f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "z".repeat(1024) + "\"},\"finish_reason\":null}]}\n\n";
        Buffer piece = Buffer.buffer(event);
        resp.setChunked(true).putHeader("content-type", "text/event-stream");
        progress.put(tag, 0);
        floodFrom(resp, tag, count, piece);
    }

    private void floodFrom(HttpServerResponse resp, String tag, int count, Buffer piece) {
        int written = progress.get(tag);
        while (written < count && !resp.closed()) {
            resp.write(piece);
            progress.put(tag, ++written);
            if (resp.writeQueueFull()) {
                resp.drainHandler(v -> floodFrom(resp, tag, count, piece));
                return;
            }
        }
        if (written == count && !resp.ended() && !resp.closed()) {
            resp.end("data: [DONE]\n\n");
        }
    }

    static byte[] read(String transcript) {
        try {
            return Files.readAllBytes(TRANSCRIPTS.resolve(transcript));
        } catch (IOException e) {
            throw new UncheckedIOException("transcript " + transcript + " not found under "
                    + TRANSCRIPTS.toAbsolutePath().normalize(), e);
        }
    }
}
