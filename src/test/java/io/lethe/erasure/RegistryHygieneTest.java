package io.lethe.erasure;

import io.lethe.erasure.cluster.KafkaErasureLog;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.PhoneKeys;
import io.lethe.guard.Action;
import io.lethe.guard.RegisteredErasure;
import io.lethe.rules.GuardRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a registry value must never reach: the {@code toString} of any record that carries it (assertion messages,
 * debuggers and log lines print them), and what the bulk report says about lines. Found by a newcomer writing a
 * detector plug-in on the registry's records.
 */
class RegistryHygieneTest {

    private static final String NAME = "Wrenna Halloway-Quist";
    private static final String EMAIL = "wrenna.hq@example.org";
    private static final String PHONE = "+31 6 12345678";
    private static final String IDENT = "ACCT-88421-ZX";
    private static final String PASSAGE = "The lighthouse keeper's ledger of 1893 lists every ship that passed the reef that winter.";
    private static final String TOPIC = "The copper key under the harbour stairs of Quenby Hollow.";
    private static final String NOTE = "Requested by her solicitor Amberly Voss";

    @TempDir
    Path dir;

    private ErasureRegistry registry;

    @BeforeEach
    void start() {
        registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of(), 100, s -> { }, Clock.systemUTC());
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static byte[] body(String id, String email) {
        return ("{\"id\": \"" + id + "\", \"subject\": {\"names\": [\"" + NAME + "\"], \"aliases\": [\"Wren\"], "
                + "\"emails\": [\"" + email + "\"], \"phones\": [{\"number\": \"" + PHONE + "\", \"country\": \"NL\"}], "
                + "\"identifiers\": [\"" + IDENT + "\"]}, \"passages\": [\"" + PASSAGE + "\"], "
                + "\"topics\": [{\"description\": \"" + TOPIC + "\", \"examples\": [\"" + TOPIC + " Again.\"], "
                + "\"key_terms\": [\"quenby\"]}], \"note\": \"" + NOTE + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertClean(Object o) {
        assertThat(o.toString()).doesNotContain("Wrenna").doesNotContain("Halloway").doesNotContain(EMAIL)
                .doesNotContain("12345678").doesNotContain("88421").doesNotContain("lighthouse").doesNotContain("Quenby")
                .doesNotContain("quenby").doesNotContain("Amberly");
    }

    @Test
    void noRecordCarryingRegistryValuesPrintsThem() {
        var created = registry.create(body("w", EMAIL)).join();
        Erasure e = created.erasure();
        assertClean(created);
        assertClean(e);
        assertClean(e.subject());
        assertClean(e.subject().phones().get(0));
        assertClean(e.topics().get(0));
        assertClean(registry.list(null, 10, null));
        assertThat(e.toString()).contains("w").contains("names=1").contains("emails=1");
        List<RegisteredErasure> seen = new ArrayList<>();
        registry.records().forEachActive(seen::add);
        assertClean(seen);
        assertClean(new CompiledErasures.Spec(List.of(NAME), List.of(), List.of(EMAIL), List.of(PHONE), List.of(IDENT)));
        assertClean(PhoneKeys.read(PHONE, "NL"));
        assertClean(new GuardRules.DenyTermList("codes", List.of("Quenby Hollow"), Action.BLOCK, null, null));
        assertClean(new AdminRoutes.Settings("Amberly-token", 1, 1, 1));
        assertClean(new KafkaErasureLog.Settings("localhost:9092",
                Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"Amberly\";"),
                "t", 1, (short) 1, Duration.ofSeconds(1), Duration.ofDays(1), "o"));
    }

    @Test
    void aBulkLineWhoseIdACreateTookMeanwhileIsReportedWithItsLineNumber() {
        var bulk = registry.bulk();
        bulk.lines(List.of("".getBytes(StandardCharsets.UTF_8), body("x", "bulk@example.org"))).join();
        registry.create(body("x", "create@example.org")).join();
        var result = bulk.finish().join();
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertClean(r);
        });
    }

    @Test
    void replayingARetiredErasureInABulkIsAcceptedWithAWarningThatItStaysRetired() {
        registry.create(body("r", EMAIL)).join();
        registry.retire("r").join();
        var bulk = registry.bulk();
        bulk.lines(List.of(body("r", EMAIL))).join();
        var result = bulk.finish().join();
        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(1);
            assertThat(w.field()).isEqualTo("id");
            assertThat(w.warning()).contains("retired");
        });
        assertThat(registry.get("r").status()).isEqualTo(Erasure.RETIRED);
        // a single create replaying it says the same
        var again = registry.create(body("r", EMAIL)).join();
        assertThat(again.erasure().status()).isEqualTo(Erasure.RETIRED);
        assertThat(again.warnings()).extracting(ErasureParser.Warning::field).containsExactly("id");
    }

    @Test
    void aShortPassageIsAcceptedWithAWarningAndOneTooShortToMatchIsPassedOverOrRefusedWhenItIsAll() {
        // API.md's example passage has 6 words
        var created = registry.create("""
                {"id": "p6", "passages": ["verbatim text that must not be reproduced"]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(created.erasure().passages()).hasSize(1);
        assertThat(created.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("passages[0]");
            assertThat(w.warning()).contains("reproduced whole");
        });
        // three words cannot form a shingle: passed over beside a name, refused alone, naming the field
        var mixed = registry.create("""
                {"id": "p3", "subject": {"names": ["Oona Featherstonehaugh"]}, "passages": ["three short words"]}"""
                .getBytes(StandardCharsets.UTF_8)).join();
        assertThat(mixed.erasure().passages()).isEmpty();
        assertThat(mixed.warnings()).extracting(ErasureParser.Warning::field).containsExactly("passages[0]");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registry.create("""
                {"id": "p3b", "passages": ["three short words"]}""".getBytes(StandardCharsets.UTF_8)).join()))
                .hasRootCauseInstanceOf(InvalidErasureException.class).rootCause()
                .hasMessageContaining("at least 4 words").hasMessageNotContaining("three short");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registry.get("p3b"))).hasMessageContaining("no erasure");
    }
}
