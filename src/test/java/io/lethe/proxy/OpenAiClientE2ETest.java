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
    void openaiClientGetsEveryAnswerShapeThroughTheGateway() {
        // given
        String prompt = "Through the gateway: ünïcødé and 🙂 split across chunks.";
        // when
        JsonNode r = NodeE2E.run(gateway.toString(), Duration.ofSeconds(90), Map.of("LETHE_E2E_PROMPT", prompt));
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
