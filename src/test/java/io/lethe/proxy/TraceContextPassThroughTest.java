package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.upstreamSaw;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Without an OTLP endpoint tracing is off, and a client's W3C trace context reaches the upstream as sent. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class TraceContextPassThroughTest {

    @Test
    void tracingIsOffWithoutAnEndpointAndTheClientsTraceContextPassesUnchanged() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().contentType("application/json").header("traceparent", traceparent)
                .header("tracestate", "congo=t61rcWkgMzE")
                .body(Json.write(chat("fake-model", false, Json.object().put("tag", "passthrough")
                        .put("body", "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                                + "\"finish_reason\":\"stop\"}]}"))))
                .post("/v1/chat/completions").then().statusCode(200);
        JsonNode headers = upstreamSaw("passthrough").get("headers");
        assertThat(headers.path("traceparent").asText()).isEqualTo(traceparent);
        assertThat(headers.path("tracestate").asText()).isEqualTo("congo=t61rcWkgMzE");
    }
}
