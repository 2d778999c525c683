package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Finding;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.RequestCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests refused on their prompt (a rule opted in with {@code prompt: refuse}): answered by the gateway
 * itself, without the upstream, as a normal completion whose text is the refusal and whose
 * {@code finish_reason} is {@code content_filter} — streamed or not, as asked.
 */
final class PromptRefusal {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PromptRefusal() {
    }

    /**
     * The client's text in a Responses API request: {@code instructions}, and {@code input} as a string or as
     * items whose {@code content} is a string or text parts ({@code input_text}), and tool outputs.
     */
    static List<String> responsesTexts(ObjectNode body) {
        List<String> out = new ArrayList<>();
        JsonNode instructions = body.get("instructions");
        if (instructions != null && instructions.isTextual()) {
            out.add(instructions.textValue());
        }
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            out.add(input.textValue());
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                contentTexts(item.get("content"), out);
                JsonNode o = item.get("output");
                if (o != null && o.isTextual()) {
                    out.add(o.textValue());
                }
            }
        }
        return out;
    }

    /**
     * A Responses API request refused on its prompt: an incomplete response ({@code content_filter}) whose one
     * output message is the refusal; streamed as {@code response.created} then {@code response.incomplete}.
     */
    static void sendResponses(RoutingContext ctx, ObjectNode request, RequestInfo info, DecidedFinding refusing) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        Finding f = refusing.finding();
        ObjectNode guard = F.objectNode().put("action", "block").put("stage", "prompt");
        guard.putArray("findings").addObject().put("erasure_id", info.erasureIds ? f.erasureId() : null).put("detector", f.detector())
                .put("rule", refusing.decision().rule()).put("channel", "prompt");
        ObjectNode r = F.objectNode().put("id", "resp_lethe_" + info.requestId).put("object", "response")
                .put("created_at", System.currentTimeMillis() / 1000).put("status", "incomplete");
        r.putObject("incomplete_details").put("reason", "content_filter");
        r.put("model", info.model);
        ObjectNode msg = r.putArray("output").addObject().put("id", "msg_lethe_" + info.requestId).put("type", "message")
                .put("status", "incomplete").put("role", "assistant");
        msg.putArray("content").addObject().put("type", "output_text").put("text", refusing.decision().refusal())
                .putArray("annotations");
        r.putNull("error");
        r.set("usage", F.objectNode().put("input_tokens", 0).put("output_tokens", 0).put("total_tokens", 0));
        r.set("guard", guard);
        info.status = 200;
        if (!RequestCheck.streamed(request)) {
            resp.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(Json.writeBytes(r)));
            return;
        }
        ObjectNode created = r.deepCopy();
        created.put("status", "in_progress");
        created.putNull("incomplete_details");
        created.putArray("output");
        created.remove("guard");
        StringBuilder sse = new StringBuilder();
        sse.append("event: response.created\ndata: ").append(Json.write(F.objectNode().put("type", "response.created")
                .put("sequence_number", 0).set("response", created))).append("\n\n");
        sse.append("event: response.incomplete\ndata: ").append(Json.write(F.objectNode()
                .put("type", "response.incomplete").put("sequence_number", 1).set("response", r))).append("\n\n");
        resp.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(sse.toString());
    }

    /** The client's text in a request: message contents (strings or text parts), or a legacy prompt. */
    static List<String> texts(ObjectNode body, boolean legacy) {
        List<String> out = new ArrayList<>();
        if (legacy) {
            JsonNode p = body.get("prompt");
            if (p != null && p.isTextual()) {
                out.add(p.textValue());
            } else if (p != null && p.isArray()) {
                p.forEach(x -> {
                    if (x.isTextual()) {
                        out.add(x.textValue());
                    }
                });
            }
            return out;
        }
        for (JsonNode m : body.path("messages")) {
            contentTexts(m.get("content"), out);
        }
        return out;
    }

    /** The last texts of a prompt, {@code limit} characters at most in all (the latest count most). */
    static List<String> tail(List<String> texts, int limit) {
        List<String> out = new ArrayList<>();
        int left = limit;
        for (int i = texts.size() - 1; i >= 0 && left > 0; i--) {
            String t = texts.get(i);
            String kept = t.length() <= left ? t : t.substring(t.length() - left);
            out.add(0, kept);
            left -= kept.length();
        }
        return out;
    }

    /** A message's or input item's content: a string, or the {@code text} of its parts. */
    private static void contentTexts(JsonNode c, List<String> out) {
        if (c != null && c.isTextual()) {
            out.add(c.textValue());
        } else if (c != null && c.isArray()) {
            for (JsonNode part : c) {
                JsonNode t = part.get("text");
                if (t != null && t.isTextual()) {
                    out.add(t.textValue());
                }
            }
        }
    }

    static void send(RoutingContext ctx, ObjectNode request, boolean legacy, RequestInfo info, DecidedFinding refusing) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        String refusal = refusing.decision().refusal();
        String id = (legacy ? "cmpl-lethe-" : "chatcmpl-lethe-") + info.requestId;
        long created = System.currentTimeMillis() / 1000;
        String model = info.model;
        Finding f = refusing.finding();
        ObjectNode guard = F.objectNode().put("action", "block").put("stage", "prompt");
        ObjectNode finding = guard.putArray("findings").addObject();
        finding.put("erasure_id", info.erasureIds ? f.erasureId() : null).put("detector", f.detector()).put("rule", refusing.decision().rule())
                .put("channel", "prompt");
        info.status = 200;
        if (!RequestCheck.streamed(request)) {
            ObjectNode body = F.objectNode().put("id", id).put("object", legacy ? "text_completion" : "chat.completion")
                    .put("created", created).put("model", model);
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            if (legacy) {
                choice.put("text", refusal);
            } else {
                choice.putObject("message").put("role", "assistant").put("content", refusal);
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", "content_filter");
            body.set("usage", usage());
            body.set("guard", guard);
            resp.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(Json.writeBytes(body)));
            return;
        }
        StringBuilder sse = new StringBuilder();
        ObjectNode chunk = F.objectNode().put("id", id).put("object", legacy ? "text_completion" : "chat.completion.chunk")
                .put("created", created).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        if (legacy) {
            choice.put("text", refusal);
        } else {
            choice.putObject("delta").put("role", "assistant").put("content", refusal);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", "content_filter");
        chunk.set("guard", guard);  // API.md: on the chunk that ends the choice, as in a streamed answer
        sse.append("data: ").append(new String(Json.writeBytes(chunk), java.nio.charset.StandardCharsets.UTF_8)).append("\n\n");
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode u = F.objectNode().put("id", id).put("object", legacy ? "text_completion" : "chat.completion.chunk")
                    .put("created", created).put("model", model);
            u.putArray("choices");
            u.set("usage", usage());
            sse.append("data: ").append(new String(Json.writeBytes(u), java.nio.charset.StandardCharsets.UTF_8)).append("\n\n");
        }
        sse.append("data: [DONE]\n\n");
        resp.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(sse.toString());
    }

    private static ObjectNode usage() {
        return F.objectNode().put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    }


}
