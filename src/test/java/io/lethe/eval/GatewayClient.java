package io.lethe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The gateway as a black box: its public HTTP API only (shared/API.md). */
final class GatewayClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminToken;
    private final String clientKey;

    GatewayClient(String base, String adminToken, String clientKey) {
        this.base = base;
        this.adminToken = adminToken;
        this.clientKey = clientKey;
    }

    record Reply(int status, JsonNode body, String raw) {
    }

    record Chat(int status, String text, String finishReason, boolean error, JsonNode guard, String raw) {
        boolean blocked() {
            return "content_filter".equals(finishReason);
        }
    }

    Reply bulk(Path ndjson, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/admin/v1/erasures:bulk")).timeout(timeout)
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(ndjson)).build();
        return reply(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    Reply create(String json) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/admin/v1/erasures"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return reply(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    Reply scan(String text) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("text", text);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/guard/scan"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + clientKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return reply(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private static Reply reply(HttpResponse<String> r) {
        JsonNode node = null;
        try {
            node = JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON: kept raw
        }
        return new Reply(r.statusCode(), node, r.body());
    }

    private ObjectNode chatBody(String text, boolean stream, List<Integer> chunks) {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", "echo");
        req.put("stream", stream);
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "user").put("content", text);
        if (chunks != null) {
            ArrayNode c = req.putArray("x_chunks");
            chunks.forEach(c::add);
        }
        return req;
    }

    Chat chatWhole(String text) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + clientKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(text, false, null).toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode n;
        try {
            n = JSON.readTree(r.body());
        } catch (IOException e) {
            return new Chat(r.statusCode(), null, null, true, null, r.body());
        }
        JsonNode choice = n.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        return new Chat(r.statusCode(), content.isTextual() ? content.asText() : null,
                choice.path("finish_reason").asText(null), r.statusCode() != 200 || n.has("error"),
                n.get("guard"), r.body());
    }

    Chat chatStream(String text, List<Integer> chunks) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + clientKey)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(text, true, chunks).toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder out = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        String finish = null;
        boolean error = r.statusCode() != 200;
        boolean done = false;
        JsonNode guard = null;
        try (BufferedReader br = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                if (raw.length() < 200_000) {
                    raw.append(line).append('\n');
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    continue;
                }
                JsonNode ev;
                try {
                    ev = JSON.readTree(data);
                } catch (IOException e) {
                    error = true;
                    continue;
                }
                if (ev.has("error")) {
                    error = true;
                }
                if (ev.has("guard")) {
                    guard = ev.get("guard");
                }
                for (JsonNode ch : ev.path("choices")) {
                    if (ch.path("index").asInt(0) != 0) {
                        continue;
                    }
                    JsonNode c = ch.path("delta").path("content");
                    if (c.isTextual()) {
                        out.append(c.asText());
                    }
                    JsonNode f = ch.path("finish_reason");
                    if (f.isTextual()) {
                        finish = f.asText();
                    }
                }
            }
        }
        if (!done) {
            error = true;
        }
        return new Chat(r.statusCode(), error && out.length() == 0 ? null : out.toString(), finish, error, guard,
                raw.toString());
    }
}
