package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proxy.openai.Json;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;

/** Helpers of the proxy's HTTP tests: request bodies, SSE parsing, the fake upstream's observations. */
final class TestHttp {

    private TestHttp() {
    }

    /** A chat request for {@code model} whose answer the fake upstream takes from {@code xFake}. */
    static ObjectNode chat(String model, boolean stream, ObjectNode xFake) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        body.put("stream", stream);
        body.set("x_fake", xFake);
        return body;
    }

    static ObjectNode replay(String transcript) {
        return Json.object().put("replay", transcript);
    }

    /** Literal SSE writes: each string is sent as one piece. */
    static ObjectNode events(String... pieces) {
        ObjectNode x = Json.object();
        ArrayNode a = x.putArray("events");
        for (String p : pieces) {
            a.add(p);
        }
        return x;
    }

    static Response post(String path, JsonNode body) {
        return given().contentType("application/json").body(Json.write(body)).post(path);
    }

    /** The {@code data:} payloads of an SSE body, in order; comments are returned as {@code ":" + text}. */
    static List<String> sse(String body) {
        List<String> out = new ArrayList<>();
        String normalized = body.replace("\r\n", "\n");
        for (String block : normalized.split("\n\n")) {
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    out.add(line);
                } else if (line.startsWith("data:")) {
                    String v = line.substring(5);
                    v = v.startsWith(" ") ? v.substring(1) : v;
                    data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
                }
            }
            if (data != null) {
                out.add(data.toString());
            }
        }
        return out;
    }

    static List<JsonNode> chunks(List<String> payloads) {
        List<JsonNode> out = new ArrayList<>();
        for (String p : payloads) {
            if (!p.startsWith(":") && !p.equals("[DONE]")) {
                out.add(json(p));
            }
        }
        return out;
    }

    /** The concatenated text of one choice's delta field over all chunks. */
    static String concat(List<JsonNode> chunks, int choice, String pointer) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : chunks) {
            for (JsonNode ch : c.path("choices")) {
                if (ch.path("index").asInt() == choice) {
                    JsonNode v = ch.at(pointer);
                    if (v.isTextual()) {
                        sb.append(v.textValue());
                    }
                }
            }
        }
        return sb.toString();
    }

    static JsonNode json(String s) {
        try {
            return Json.parse(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String transcript(String name) {
        return new String(FakeUpstream.read(name), StandardCharsets.UTF_8);
    }

    static String fakeBase() {
        return ConfigProvider.getConfig().getValue("fake.upstream.base", String.class);
    }

    /** What the fake upstream received under {@code tag}: path, headers (lower-case), body. */
    static JsonNode upstreamSaw(String tag) {
        return json(RestAssured.given().baseUri(fakeBase()).get("/_fake/requests/" + tag).asString());
    }

    static boolean upstreamClosedEarly(String tag) {
        return json(RestAssured.given().baseUri(fakeBase()).get("/_fake/closed/" + tag).asString())
                .path("closed").asBoolean();
    }
}
