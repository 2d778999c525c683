package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.proxy.openai.Json;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.upstreamSaw;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Traces with the SDK on: the upstream joins the client's trace, and no span carries guarded text. */
@QuarkusTest
@TestProfile(TracingTestProfile.class)
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Inject
    RecordingSpanExporter exporter;

    private static Response send(String tag, String content, boolean stream) {
        String answer = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(content).toString()
                + "},\"finish_reason\":\"stop\"}]}";
        var x = Json.object().put("tag", tag);
        if (stream) {
            String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(content).toString()
                    + "},\"finish_reason\":null}]}\n\n";
            x.putArray("events").add(chunk).add("data: [DONE]\n\n");
            x.put("content_type", "text/event-stream");
        } else {
            x.put("body", answer);
        }
        return given().contentType("application/json")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01")
                .header("tracestate", "vendor=opaque")
                .body(Json.write(chat("fake-model", stream, x))).post("/v1/chat/completions");
    }

    @Test
    void theUpstreamReceivesATraceparentOfTheClientsTraceWithTheGatewaysSpan() {
        Response r = send("trace-1", "Hello there.", false);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode headers = upstreamSaw("trace-1").get("headers");
        String traceparent = headers.path("traceparent").asText();
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(traceparent.split("-")[1]).as("same trace as the client's").isEqualTo(TRACE_ID);
        assertThat(traceparent.split("-")[2]).as("parented by a gateway span, not the client's").isNotEqualTo(CLIENT_SPAN);
        assertThat(headers.path("tracestate").asText()).isEqualTo("vendor=opaque");
    }

    @Test
    void noSpanCarriesMatchedOrRedactedText() throws Exception {
        assertThat(send("trace-2", "Hello Voldemort, how are you?", false).asString())
                .contains("[REDACTED]").doesNotContain("Voldemort");
        assertThat(send("trace-3", "Voldemort again", true).asString()).doesNotContain("Voldemort");
        given().contentType("application/json").body("{\"text\":\"Voldemort wrote it.\"}").post("/v1/guard/scan");
        // the batch processor exports every 50 ms
        List<SpanData> spans = List.of();
        for (int i = 0; i < 100; i++) {
            spans = exporter.spans();
            if (spans.stream().filter(s -> TRACE_ID.equals(s.getTraceId())).count() >= 4) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(spans).as("server and upstream client spans were recorded")
                .anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
                .anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT);
        List<String> texts = new ArrayList<>();
        for (SpanData s : spans) {
            texts.add(s.getName());
            texts.add(s.getStatus().getDescription());
            collect(s.getAttributes(), texts);
            collect(s.getResource().getAttributes(), texts);
            for (EventData e : s.getEvents()) {
                texts.add(e.getName());
                collect(e.getAttributes(), texts);
            }
        }
        assertThat(texts).isNotEmpty().noneMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains("voldemort"));
    }

    private static void collect(Attributes attributes, List<String> into) {
        attributes.forEach((k, v) -> into.add(k.getKey() + "=" + v));
    }
}
