package io.lethe.proxy;

import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lethe.testkit.EchoChat.chat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A planted-value run through telemetry: with tracing on (spans to {@link RecordingSpanExporter}), erasures with
 * values found nowhere else are registered, read back, leaked by the model whole and streamed, scanned and
 * retired; then no span (name, attributes, events), log line, metric or evidence event (leak and admin audit
 * alike) holds any of the values. The spans and events are checked to exist, so an empty export cannot pass.
 */
@QuarkusTest
@TestProfile(PlantedValueTelemetryTest.Traced.class)
@WithTestResource(ReplayUpstreamResource.class)
class PlantedValueTelemetryTest {

    static final String AUTH = "Bearer test-admin-token";

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "0.05s");
        }
    }

    @Inject
    RecordingSpanExporter exporter;

    @Test
    void erasedValuesReachNoSpanLogMetricOrEvidenceEvent() throws Exception {
        // given
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Perpetua Vantongeren" + tag;
        String email = "pv" + tag + "@hidden.example";
        String phone = "+44 20 7946 " + (1000 + (tag.hashCode() & 0x3ff) % 9000);
        String id = "planted-" + tag;
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"" + name + "\"],\"emails\":[\"" + email
                        + "\"],\"phones\":[\"" + phone + "\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        // when: reads, leaks whole and streamed, a scan, a retirement
        // the client plants the values where a label goes: the request id (admin and client routes), the model
        String adminRid = given().header("Authorization", AUTH).header("X-Request-Id", email)
                .get("/admin/v1/erasures/" + id).then().statusCode(200).extract().header("X-Request-Id");
        String clientRid = given().header("Authorization", "Bearer acme-key-1").header("X-Request-Id", email)
                .contentType(ContentType.JSON).body(chat(text(name, email, phone), false, null).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().header("X-Request-Id");
        // the name written as a user name, as an outside tester planted it
        String handle = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
        String handleRid = given().header("Authorization", "Bearer acme-key-1").header("X-Request-Id", handle)
                .contentType(ContentType.JSON).body(chat("hello", false, null).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().header("X-Request-Id");
        assertThat(adminRid).isNotEqualTo(email);
        assertThat(clientRid).isNotEqualTo(email);
        assertThat(handleRid).isNotEqualTo(handle);
        given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body(chat("hello", false, null).put("model", name).toString()).post("/v1/chat/completions");
        // ... and the scan's model, with a finding, so a leak event is written with it
        given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body("{\"model\":\"" + email + "\",\"text\":\"" + name + " wrote it.\"}").post("/v1/guard/scan")
                .then().statusCode(200).body("action", org.hamcrest.Matchers.equalTo("redact"));
        String text = text(name, email, phone);
        String whole = given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body(chat(text, false, null).toString()).post("/v1/chat/completions").then().statusCode(200)
                .extract().asString();
        String streamed = given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body(chat(text, true, List.of(2)).toString()).post("/v1/chat/completions").then().statusCode(200)
                .extract().asString();
        given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON)
                .body("{\"text\":\"" + text + "\"}").post("/v1/guard/scan").then().statusCode(200);
        given().header("Authorization", AUTH).delete("/admin/v1/erasures/" + id).then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // then: spans of the chat route were exported
        long until = System.currentTimeMillis() + 15_000;
        while (!exported().contains("/v1/chat/completions") && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        String spans = exported();
        assertThat(spans).as("spans exported to the receiver").contains("/v1/chat/completions");
        Thread.sleep(300);  // the async console handler; the file handler writes synchronously
        Path log = Path.of("target", "quarkus-tests.log");
        String logText = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertThat(logText).as("the test log is written").isNotEmpty();
        String evidence = io.lethe.testkit.EvidenceFiles.text();
        assertThat(evidence).as("leak and admin events in the spool").contains(id).contains("io.lethe.admin.v1");
        String digits = phone.replaceAll("\\D", "");
        for (String secret : List.of(name, "Vantongeren" + tag, email, "pv" + tag, digits, digits.substring(2),
                handle)) {
            assertThat(spans).as("spans").doesNotContain(secret);
            assertThat(logText).as("log").doesNotContain(secret);
            assertThat(metrics).as("metrics").doesNotContain(secret);
            assertThat(evidence).as("evidence spool").doesNotContain(secret);
            assertThat(whole).doesNotContain(secret);
            assertThat(streamed).doesNotContain(secret);
        }
    }

    private static String text(String name, String email, String phone) {
        return "Ask " + name + " (" + email + ", " + phone + ").";
    }

    private String exported() {
        StringBuilder out = new StringBuilder();
        exporter.spans().forEach(span -> out.append(span).append('\n'));  // name, attributes, events, status
        return out.toString();
    }
}
