package io.lethe.evidence.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.lethe.config.EvidenceWiring;
import io.lethe.evidence.ChainVerifier;
import io.lethe.evidence.PlantedAccess;
import io.lethe.evidence.Spool;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Kafka: events reach the topic keyed by erasure id, survive a broker outage while leaking traffic flows
 * (every id arrives, the chain verifies), and carry no erased value (nor do logs, metrics or health).
 */
@QuarkusTest
@TestProfile(KafkaEvidenceProfile.class)
class EvidenceKafkaTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TOPIC = "lethe.leak-evidence";

    @Inject
    EvidenceWiring wiring;

    @Test
    void everyEventArrivesThroughABrokerOutageAndTheChainVerifies() throws Exception {
        PlantedAccess p = PlantedAccess.register(System.nanoTime());
        KafkaBroker broker = KafkaBrokerResource.broker();
        Spool spool = wiring.spool();
        assertThat(wiring.kafkaEnabled()).isTrue();
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<Throwable> trafficErrors = new ArrayList<>();
        try (PlantedAccess.Logs logs = PlantedAccess.catchLogs()) {
            Thread traffic = new Thread(() -> {
                int i = 0;
                while (flowing.get()) {
                    try {
                        leak(p, i++, i % 2 == 0);
                        served.incrementAndGet();
                    } catch (Throwable t) {
                        trafficErrors.add(t);
                        return;
                    }
                }
            }, "leaking-traffic");
            traffic.start();
            await(() -> served.get() >= 10 && spool.stats().sent() > 0, 20);

            broker.stop();
            int atStop = served.get();
            // Requests are still served while Kafka is away; the spool grows and health warns.
            await(() -> served.get() >= atStop + 10, 20);
            await(() -> spool.stats().unsent() > 0 && spool.stats().warning() != null, 20);
            String health = given().get("/q/health/ready").then().statusCode(200).extract().asString();
            assertThat(health).contains("waiting for Kafka");

            broker.start();
            int atRestart = served.get();
            await(() -> served.get() >= atRestart + 5, 20);
            flowing.set(false);
            traffic.join(10_000);
            assertThat(trafficErrors).isEmpty();
            assertThat(spool.awaitCommitted(10_000)).isTrue();
            await(() -> spool.stats().unsent() == 0, 60);

            Spool.Stats st = spool.stats();
            assertThat(st.dropped()).isZero();
            Set<String> ids = new HashSet<>();
            List<byte[]> values = new ArrayList<>();
            ChainVerifier verifier = new ChainVerifier();
            JsonSchema schema;
            try (InputStream in = getClass().getResourceAsStream("/io/lethe/evidence/leak-evidence-v1.schema.json")) {
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            }
            JsonSchema adminSchema;
            try (InputStream in = getClass().getResourceAsStream("/io/lethe/evidence/admin-evidence-v1.schema.json")) {
                adminSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            }
            KafkaEvidenceReader.read(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(30), (part, off, key, value) -> {
                verifier.add("partition " + part, TOPIC + "-" + part + "@" + off, value);
                values.add(value);
                try {
                    JsonNode ev = MAPPER.readTree(value);
                    ids.add(ev.path("id").asText());
                    // keyed by the CloudEvent's subject: a leak's erasure id; admin actions have a schema of their own
                    assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo(ev.path("subject").asText());
                    if (ev.path("type").asText().equals("io.lethe.admin.v1")) {
                        assertThat(adminSchema.validate(ev)).as(ev.path("id").asText()).isEmpty();
                    } else {
                        assertThat(ev.path("subject").asText()).isEqualTo(ev.path("data").path("erasure_id").asText());
                        assertThat(schema.validate(ev)).as(ev.path("id").asText()).isEmpty();
                    }
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            for (long seq = 1; seq <= st.lastSeq(); seq++) {
                assertThat(ids).as("every event arrived, by id").contains(st.instance() + ":" + seq);
            }
            ChainVerifier.Report report = verifier.verify();
            assertThat(report.problems()).as(report.describe()).isEmpty();
            assertThat(report.chains()).anySatisfy(c -> assertThat(c.lastSeq()).isEqualTo(st.lastSeq()));

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            String healthNow = given().get("/q/health").then().extract().asString();
            StringBuilder topic = new StringBuilder();
            values.forEach(v -> topic.append(new String(v, StandardCharsets.UTF_8)).append('\n'));
            for (String f : p.forbidden()) {
                assertThat(topic.toString()).as("topic").doesNotContain(f);
                assertThat(logs.text()).as("logs").doesNotContain(f);
                assertThat(metrics).as("metrics").doesNotContain(f);
                assertThat(healthNow).as("health").doesNotContain(f);
                assertThat(PlantedAccess.spoolText(spool)).as("spool").doesNotContain(f);
            }
            assertThat(topic.toString()).contains("\"erasure_id\":\"" + p.erasureId() + "\"");
        }
    }

    /** One leaking request through the proxy (streamed or not), whose answer must be redacted. */
    private static void leak(PlantedAccess p, int i, boolean stream) throws Exception {
        String body = "{\"model\":\"echo\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + MAPPER.writeValueAsString(p.leakingText(i)) + "}]}";
        String answer = given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();
        for (String f : p.forbidden()) {
            if (answer.contains(f)) {
                throw new AssertionError("an erased value reached the client");
            }
        }
        if (!answer.contains("[REDACTED]")) {
            throw new AssertionError("no redaction in " + answer);
        }
    }

    static void await(BooleanSupplier cond, int seconds) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("condition not met in " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}
