package io.lethe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end script and its runner, checked against {@link ReplayUpstream} directly (no gateway),
 * so a failure in the gateway's e2e test is the gateway's, not the kit's.
 */
class NodeE2ESmokeTest {

    static Optional<String> missing;
    static ReplayUpstream upstream;

    @BeforeAll
    static void start() {
        missing = NodeE2E.missingTool();
        if (missing.isEmpty()) {
            upstream = ReplayUpstream.start();
        }
    }

    /** Per test rather than in {@code @BeforeAll}, so the report lists each test as skipped, with why. */
    @BeforeEach
    void requireNodeAndNpm() {
        if (missing.isPresent()) {
            Assumptions.assumeTrue(false, missing.get());
        }
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void openaiClientSeesEchoAnswersUsageAndNotFound() {
        // given
        String prompt = "Smoke test: ünïcødé and 🙂 across chunks.";
        // when
        JsonNode r = NodeE2E.run(upstream.baseUrl(), Duration.ofSeconds(90), Map.of("LETHE_E2E_PROMPT", prompt));
        // then
        assertTrue(r.path("ok").asBoolean(), r.toString());
        assertEquals(prompt, r.at("/nonStream/text").asText(), r.toString());
        assertEquals("stop", r.at("/nonStream/finishReason").asText());
        assertTrue(r.at("/nonStream/usage/total_tokens").asInt() > 0, r.toString());
        assertEquals(prompt, r.at("/stream/text").asText());
        assertEquals("stop", r.at("/stream/finishReason").asText());
        assertEquals("assistant", r.at("/stream/role").asText());
        assertTrue(r.at("/stream/usageSeen").isBoolean() && !r.at("/stream/usageSeen").asBoolean());
        assertEquals(prompt, r.at("/streamUsage/text").asText());
        assertTrue(r.at("/streamUsage/usageSeen").asBoolean());
        assertEquals(0, r.at("/streamUsage/usageChunkChoices").asInt(-1));
        assertEquals(404, r.at("/notFound/status").asInt());
        assertTrue(r.at("/notFound/isNotFoundError").asBoolean());
    }

    @Test
    void openaiClientSendsTheBodiesAndBearerKeyTheUpstreamRecords() {
        // given
        upstream.reset();
        // when
        NodeE2E.run(upstream.baseUrl(), Duration.ofSeconds(90));
        // then: four chat calls, each with the client's key, in the order the script makes them
        List<ReplayUpstream.Received> got = upstream.received();
        assertEquals(4, got.size(), got.toString());
        for (ReplayUpstream.Received r : got) {
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer test", r.header("Authorization"));
        }
        List<JsonObject> bodies = upstream.requests();
        assertTrue(!bodies.get(0).containsKey("stream") || !bodies.get(0).getBoolean("stream"));
        assertEquals(Boolean.TRUE, bodies.get(1).getBoolean("stream"));
        assertEquals(Boolean.TRUE, bodies.get(2).getJsonObject("stream_options").getBoolean("include_usage"));
        assertEquals("no-such-model-e2e", bodies.get(3).getString("model"));
    }
}
