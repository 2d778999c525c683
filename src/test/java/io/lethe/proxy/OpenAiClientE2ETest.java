package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.testkit.NodeE2E;
import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official {@code openai} npm client against the gateway, which forwards to the testkit's
 * {@code ReplayUpstream} through the application's own guard wiring (no test stage): what a real client
 * sees from the proxy, streamed, streamed with usage, whole, and for an unknown model.
 */
@QuarkusTest
@WithTestResource(ReplayUpstreamResource.class)
class OpenAiClientE2ETest {

    @TestHTTPResource("/v1")
    URL gateway;

    @BeforeEach
    void requireNodeAndNpm() {
        Optional<String> missing = NodeE2E.missingTool();
        Assumptions.assumeTrue(missing.isEmpty(), missing.orElse(""));
    }

    @Test
    void openaiClientAndLangChainParseRedactedToolCallsAndResponses() {
        // given: a person erased by name and phone; the echo upstream answers the prompt and a tool call with
        // the person's name in a string and the phone number in a JSON number slot
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"id\":\"e2e-marisol\",\"subject\":{\"names\":[\"Marisol Quintanilla\"],"
                        + "\"phones\":[\"+1 555 123 4567\"]}}")
                .post("/admin/v1/erasures").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(200)));
        String prompt = "Write to Marisol Quintanilla today.";
        String args = "{\"to\":\"Marisol Quintanilla\",\"phone\":15551234567,\"subject\":\"hi\"}";
        // when
        JsonNode r = NodeE2E.run(gateway.toString(), Duration.ofSeconds(120), Map.of("LETHE_E2E_PROMPT", prompt,
                "LETHE_E2E_TOOL_ARGS", args, "LETHE_E2E_RESPONSES", "1", "LETHE_E2E_API_KEY", "acme-key-1"));
        // then: every client parses the tool call, and none sees the person
        String seen = ((com.fasterxml.jackson.databind.node.ObjectNode) r.deepCopy()).without("prompt").toString();
        assertTrue(!seen.contains("Marisol") && !seen.contains("5551234567"), r.toString());
        for (String step : new String[]{"/toolParse/parsed", "/toolStream/parsed", "/langchain/whole/args",
                "/langchain/stream/args", "/responses/toolArgs", "/responsesStream/toolArgs"}) {
            JsonNode parsed = r.at(step);
            assertEquals("[REDACTED]", parsed.path("to").asText(), step + ": " + r);
            assertEquals("[REDACTED]", parsed.path("phone").asText(), step + ": the number slot holds a string now");
            assertEquals("hi", parsed.path("subject").asText(), step);
        }
        assertEquals(0, r.at("/langchain/whole/invalid").asInt(-1), r.toString());
        assertEquals(0, r.at("/langchain/stream/invalid").asInt(-1), r.toString());
        assertEquals("Write to [REDACTED] today.", r.at("/nonStream/text").asText(), r.toString());
        assertEquals("Write to [REDACTED] today.", r.at("/responses/outputText").asText(), r.toString());
        assertEquals("Write to [REDACTED] today.", r.at("/responsesStream/outputText").asText(), r.toString());
        assertEquals("Write to [REDACTED] today.", r.at("/responsesStream/deltas").asText(), r.toString());
        assertEquals("completed", r.at("/responsesStream/status").asText());
        assertEquals("redact", r.at("/responsesStream/guard/action").asText(), r.toString());
        assertEquals("e2e-marisol", r.at("/toolParse/guard/findings/0/erasure_id").asText(), r.toString());
    }

    @Test
    void openaiClientGetsEveryAnswerShapeThroughTheGateway() {
        // given
        String prompt = "Through the gateway: ünïcødé and 🙂 split across chunks.";
        // when
        JsonNode r = NodeE2E.run(gateway.toString(), Duration.ofSeconds(90), Map.of("LETHE_E2E_PROMPT", prompt,
                "LETHE_E2E_API_KEY", "acme-key-1"));  // a gateway key of the test configuration
        // then
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(prompt, r.at("/nonStream/text").asText(), r.toString());
        assertEquals("stop", r.at("/nonStream/finishReason").asText());
        assertEquals(prompt, r.at("/stream/text").asText(), r.toString());
        assertEquals("assistant", r.at("/stream/role").asText());
        assertEquals("stop", r.at("/stream/finishReason").asText());
        assertEquals(prompt, r.at("/streamUsage/text").asText());
        assertTrue(r.at("/streamUsage/usageSeen").asBoolean(), r.toString());
        assertEquals(0, r.at("/streamUsage/usageChunkChoices").asInt(-1));
        assertEquals(404, r.at("/notFound/status").asInt(), r.toString());
        assertTrue(r.at("/notFound/isNotFoundError").asBoolean());
    }
}
