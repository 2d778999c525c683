package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests on every route, as an attacker sends them (issue 14, item 6): random JSON trees built from
 * the wire's own vocabulary with values of every type, random bytes, truncated and oversized bodies, wrong
 * content types. Pass: no 5xx from the gateway itself (a 502/504 only where a well-formed request reached a
 * missing upstream), and every refusal an error in OpenAI's shape. Seeded, bounded: 600 requests.
 */
@QuarkusTest
class RequestFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> ROUTES = List.of("/v1/chat/completions", "/v1/completions", "/v1/responses",
            "/v1/embeddings", "/v1/guard/scan", "/admin/v1/erasures", "/admin/v1/erasures:bulk",
            "/admin/v1/passages:match");
    static final String[] KEYS = {"model", "messages", "role", "content", "stream", "n", "tools", "tool_calls",
            "input", "prompt", "text", "tenant", "type", "function", "arguments", "stream_options", "include_usage",
            "subject", "names", "emails", "phones", "topics", "examples", "passages", "scope", "tenants", "id",
            "max_tokens", "temperature", "response_format", "instructions", "parts", "image_url", "name"};

    JsonNode value(Random r, int depth) {
        switch (depth > 3 ? r.nextInt(6) : r.nextInt(9)) {
            case 0: return F.textNode(text(r));
            case 1: return F.numberNode(r.nextInt(5) == 0 ? Long.MAX_VALUE : r.nextInt(2000) - 1000);
            case 2: return F.booleanNode(r.nextBoolean());
            case 3: return F.nullNode();
            case 4: return F.numberNode(r.nextDouble() * 1e300);
            case 5: return F.textNode(r.nextBoolean() ? "user" : "echo");
            case 6: {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    o.set(KEYS[r.nextInt(KEYS.length)], value(r, depth + 1));
                }
                return o;
            }
        }
    }

    static String text(Random r) {
        String[] pieces = {"", "hi", "\u0000", "\uD800", "\uDFFF", "🙂", "\\u0000", "%00", "<script>", "a".repeat(300),
                "\u202E", "null", "{", "\"", "Basil Mahfouz Al-Kuwaiti"};
        return pieces[r.nextInt(pieces.length)] + (r.nextBoolean() ? "" : pieces[r.nextInt(pieces.length)]);
    }

    byte[] body(Random r) throws Exception {
        switch (r.nextInt(8)) {
            case 0: {
                byte[] b = new byte[r.nextInt(64)];
                r.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] whole = JSON.writeValueAsBytes(value(r, 0));
                return java.util.Arrays.copyOf(whole, whole.length == 0 ? 0 : r.nextInt(whole.length));
            }
            case 2: return "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model\":\"echo\"}"
                    .getBytes(StandardCharsets.UTF_8);
            case 3: return ("[" + "[".repeat(r.nextInt(3000)) ).getBytes(StandardCharsets.UTF_8);
            default: {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(6); i > 0; i--) {
                    o.set(KEYS[r.nextInt(KEYS.length)], value(r, 1));
                }
                if (r.nextBoolean()) {
                    o.put("model", "echo");
                }
                return JSON.writeValueAsBytes(o);
            }
        }
    }

    @Test
    void malformedRequestsOnEveryRouteGetAClearRefusalNeverACrash() throws Exception {
        Random r = new Random(20261130);
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 600; i++) {
            String route = ROUTES.get(r.nextInt(ROUTES.size()));
            byte[] body = body(r);
            String type = switch (r.nextInt(5)) {
                case 0 -> "text/plain";
                case 1 -> "application/x-ndjson";
                default -> "application/json";
            };
            Response resp = given().header("Authorization", route.startsWith("/admin") ? "Bearer test-admin-token"
                            : "Bearer acme-key-1").contentType(type).body(body).post(route);
            int status = resp.statusCode();
            statuses.merge(status, 1, Integer::sum);
            String shown = new String(body, StandardCharsets.UTF_8);
            String seen = route + " " + type + " " + shown.substring(0, Math.min(200, shown.length()));
            boolean upstreamReached = status == 502 || status == 504;
            assertThat(status < 500 || upstreamReached).as(seen + " → " + status + " " + resp.asString()).isTrue();
            if (!upstreamReached && status >= 400) {
                JsonNode err = JSON.readTree(resp.asByteArray());
                assertThat(err.path("error").path("message").isTextual()).as(seen + " → " + resp.asString()).isTrue();
            }
        }
        // the requests reached the routes' own checks, not just authentication
        assertThat(statuses.keySet()).as("statuses %s", statuses).contains(400).doesNotContain(401, 403);
        assertThat(statuses.getOrDefault(400, 0) + statuses.getOrDefault(415, 0) + statuses.getOrDefault(413, 0))
                .as("statuses %s", statuses).isGreaterThan(300);
    }
}
