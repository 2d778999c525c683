package io.lethe.hashed;

import io.lethe.erasure.ErasureDetector;
import io.lethe.erasure.ErasureRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registry behaviour found while writing this plug-in, outside its package (reported to the registry's owners;
 * disabled until fixed there so this package's suite stays green). Each test fails today.
 */
class RegistryFindingsTest {

    @TempDir
    Path dir;

    private ErasureRegistry registry;

    @BeforeEach
    void start() {
        ErasureDetector erasures = new ErasureDetector();
        registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of(), 100, erasures::changed, Clock.systemUTC());
        erasures.attach(registry);
        erasures.onChange(() -> { });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static byte[] body(String id, String email) {
        return ("{\"id\": \"" + id + "\", \"subject\": {\"names\": [\"Wren Halloway\"], \"emails\": [\"" + email + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** README: "no error, log line or metric ever repeats an erased value"; the records' generated toString does. */
    @Disabled("registry: Created/Erasure/Subject are records with the generated toString, which prints names and e-mails")
    @Test
    void aCreatedErasureShowsNoErasedValueInItsToString() {
        var created = registry.create(body("w", "wren@example.org")).join();
        assertThat(created.toString()).doesNotContain("wren@example.org").doesNotContain("Halloway");
        assertThat(created.erasure().toString()).doesNotContain("wren@example.org").doesNotContain("Halloway");
    }

    /** The bulk answer names the line it refused; for a line whose id a create took meanwhile it says line 0. */
    @Disabled("registry: BulkImport.finish reports Rejected(0, ...) for ids created by another call during the import")
    @Test
    void aBulkLineWhoseIdWasCreatedMeanwhileIsReportedWithItsLineNumber() {
        var bulk = registry.bulk();
        bulk.lines(List.of(body("x", "bulk@example.org"))).join();
        registry.create(body("x", "create@example.org")).join();
        var result = bulk.finish().join();
        assertThat(result.rejected()).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(1));
    }
}
