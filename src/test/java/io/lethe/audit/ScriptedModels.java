package io.lethe.audit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible upstream on its own Vert.x answering {@code POST /v1/chat/completions} from a script per
 * model: prompt → answer (null: "I don't know that."). Records every prompt per model, the in-flight peak, and
 * the {@code bad_words} each request carried.
 */
final class ScriptedModels implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, java.util.function.BiFunction<String, List<String>, String>> scripts = new ConcurrentHashMap<>();
    final Map<String, List<String>> prompts = new ConcurrentHashMap<>();
    final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    volatile long delayMs;
    /** Models answered 503 (an upstream that is down). */
    final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    ScriptedModels script(String model, Function<String, String> answer) {
        scripts.put(model, (prompt, badWords) -> answer.apply(prompt));
        return this;
    }

    /** A model that also sees the request's {@code bad_words} (empty when none), as vLLM does. */
    ScriptedModels scriptSteered(String model, java.util.function.BiFunction<String, List<String>, String> answer) {
        scripts.put(model, answer);
        return this;
    }

    int start() {
        try {
            server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
                if (!req.path().equals("/v1/chat/completions")) {
                    req.response().setStatusCode(404).end("{\"error\":{\"message\":\"no route\"}}");
                    return;
                }
                JsonObject body = buf.toJsonObject();
                bodies.add(body);
                String model = body.getString("model");
                String prompt = body.getJsonArray("messages").getJsonObject(0).getString("content");
                prompts.computeIfAbsent(model, k -> new CopyOnWriteArrayList<>()).add(prompt);
                if (failing.contains(model)) {
                    req.response().setStatusCode(503).end("{\"error\":{\"message\":\"down\"}}");
                    return;
                }
                int now = inFlight.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                var script = scripts.getOrDefault(model, (p, w) -> null);
                List<String> badWords = body.getJsonArray("bad_words") == null ? List.of()
                        : body.getJsonArray("bad_words").stream().map(String::valueOf).toList();
                String answer = script.apply(prompt, badWords);
                JsonObject out = new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion")
                        .put("model", model)
                        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                                .put("message", new JsonObject().put("role", "assistant")
                                        .put("content", answer == null ? "I don't know that." : answer))
                                .put("finish_reason", "stop")))
                        .put("usage", new JsonObject().put("total_tokens", 20));
                vertx.setTimer(Math.max(1, delayMs), t -> {
                    inFlight.decrementAndGet();
                    req.response().putHeader("Content-Type", "application/json").end(out.encode());
                });
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("scripted upstream did not start", e);
        }
        return server.actualPort();
    }

    List<String> prompts(String model) {
        return prompts.getOrDefault(model, List.of());
    }

    @Override
    public void close() {
        vertx.close();
    }
}
