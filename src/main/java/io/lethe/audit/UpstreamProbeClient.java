package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.upstream.Upstream;
import io.lethe.proxy.upstream.Upstreams;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.CompletableFuture;

/**
 * Probes through the gateway's own upstream routing ({@link Upstreams#route}): the model's upstream, its key,
 * TLS, total timeout and, as for clients, a silent upstream given up after its first-byte (or idle) timeout
 * (the larger); {@code POST <base>/chat/completions}, non-streamed. Answers larger than {@code maxBodyBytes}
 * fail.
 */
public final class UpstreamProbeClient implements ProbeClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Upstreams upstreams;
    private final long maxBodyBytes;

    public UpstreamProbeClient(Upstreams upstreams, long maxBodyBytes) {
        this.upstreams = upstreams;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public CompletableFuture<Answer> complete(String model, String prompt, int maxTokens) {
        Upstream u = upstreams.route(model).upstream();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0);
        body.put("stream", false);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        RequestOptions o = u.request(HttpMethod.POST, "/chat/completions")
                .putHeader("Content-Type", "application/json")
                .setTimeout(u.settings().timeouts().total().toMillis())
                // as a client's request: a silent upstream is given up after the first-byte (or idle) timeout,
                // not only after the total one (helper-75: probes hung 20 s where clients got a 504 after 8 s)
                .setIdleTimeout(Math.max(u.settings().timeouts().firstByte().toMillis(),
                        u.settings().timeouts().idle().toMillis()));
        CompletableFuture<Answer> out = new CompletableFuture<>();
        u.onEventLoop(() -> u.client().request(o)
                .compose(req -> req.send(Buffer.buffer(bytes)))
                .compose(resp -> {
                    String len = resp.getHeader("Content-Length");
                    if (len != null && len.matches("\\d{1,18}") && Long.parseLong(len) > maxBodyBytes) {
                        return io.vertx.core.Future.failedFuture("answer larger than " + maxBodyBytes + " bytes");
                    }
                    return resp.body().map(b -> new Object[]{resp.statusCode(), b});
                })
                .onSuccess(r -> {
                    int status = (Integer) r[0];
                    Buffer b = (Buffer) r[1];
                    if (status / 100 != 2) {
                        out.completeExceptionally(new IllegalStateException("upstream " + u.name() + " answered " + status));
                    } else if (b.length() > maxBodyBytes) {
                        out.completeExceptionally(new IllegalStateException("answer larger than " + maxBodyBytes + " bytes"));
                    } else {
                        try {
                            out.complete(parse(JSON.readTree(b.getBytes())));
                        } catch (java.io.IOException | RuntimeException e) {
                            out.completeExceptionally(new IllegalStateException("upstream " + u.name() + " sent no chat completion"));
                        }
                    }
                })
                .onFailure(out::completeExceptionally));
        return out;
    }

    /** Every string leaf of every choice (content, reasoning, tool-call arguments), default-deny like the proxy. */
    static Answer parse(JsonNode root) {
        if (root == null || !root.path("choices").isArray()) {
            throw new IllegalArgumentException("no choices");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : root.path("choices")) {
            collect(choice.has("message") ? choice.get("message") : choice, text);
        }
        JsonNode total = root.path("usage").path("total_tokens");
        return new Answer(text.toString(), total.canConvertToLong() ? total.longValue() : -1);
    }

    private static void collect(JsonNode n, StringBuilder out) {
        if (n.isTextual()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(n.textValue());
        } else if (n.isContainerNode()) {
            java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields();
            if (n.isArray()) {
                n.forEach(x -> collect(x, out));
                return;
            }
            while (it.hasNext()) {
                var e = it.next();
                // protocol fields, not model text
                if (!e.getKey().equals("role") && !e.getKey().equals("type") && !e.getKey().equals("id")
                        && !e.getKey().equals("finish_reason")) {
                    collect(e.getValue(), out);
                }
            }
        }
    }
}
