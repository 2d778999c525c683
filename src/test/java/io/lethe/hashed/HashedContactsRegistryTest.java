package io.lethe.hashed;

import io.lethe.config.GuardWiring;
import io.lethe.config.RulesConfig;
import io.lethe.erasure.ErasureDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hashed-contacts detector against a real registry and the gateway's wiring: what is created is found when
 * the create returns, what is retired is not, a bulk import is read in full, and scopes are kept.
 */
class HashedContactsRegistryTest {

    @TempDir
    Path dir;

    private ErasureRegistry registry;
    private GuardWiring wiring;
    private HashedContactsDetector hashed;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "defaults: {action: redact}\n");
        ErasureDetector erasures = new ErasureDetector();
        hashed = new HashedContactsDetector();
        registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of(), 100, erasures::changed, Clock.systemUTC());
        erasures.attach(registry);
        registry.start();
        wiring = new GuardWiring(new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        }, new SimpleMeterRegistry(), List.of(erasures, hashed), erasures);
        wiring.current();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static String md5(String email) {
        return HashedContactsDetector.digest("MD5", email.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private void create(String json) {
        registry.create(json.getBytes(StandardCharsets.UTF_8)).join();
    }

    private static String person(String id, String email, String extra) {
        return "{\"id\": \"" + id + "\", \"subject\": {\"names\": [\"Person " + id + "\"], \"emails\": [\"" + email
                + "\"]}" + extra + "}";
    }

    private List<Finding> found(String text, String tenant) {
        GuardPipeline p = wiring.current();
        List<Finding> out = new ArrayList<>();
        var scanner = p.open(new ScanContext("r", "m", tenant, null), null);
        scanner.scanWhole(Channel.content(0), text);
        for (var d : scanner.findings()) {
            if (d.finding().detector().equals(HashedContactsDetector.NAME)) {
                out.add(d.finding());
            }
        }
        return out;
    }

    private static String gravatar(String email) {
        return "Her avatar is https://www.gravatar.com/avatar/" + md5(email).toUpperCase(java.util.Locale.ROOT) + "?s=80.";
    }

    @Test
    void createIsFoundRetireIsNotAndOnlyChangesAreRead() {
        create(person("wren", "Wren.Halloway@Example.org", ""));
        assertThat(found(gravatar("wren.halloway@example.org"), null)).singleElement()
                .satisfies(f -> assertThat(f.erasureId()).isEqualTo("wren"))
                .satisfies(f -> assertThat(f.rule()).isEqualTo("md5"));
        int full = hashed.fullReads;
        registry.retire("wren").join();
        assertThat(found(gravatar("wren.halloway@example.org"), null)).isEmpty();
        assertThat(hashed.fullReads).as("a create and a retire are read as changes").isEqualTo(full);
    }

    @Test
    void aBulkImportIsFoundAndAWriteDuringItToo() {
        create(person("before", "before@example.org", ""));
        var bulk = registry.bulk();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(person("bulk-" + i, "bulk" + i + "@example.org", "").getBytes(StandardCharsets.UTF_8));
        }
        bulk.lines(lines).join();
        create(person("during", "during@example.org", ""));
        assertThat(found(gravatar("during@example.org"), null)).extracting(Finding::erasureId).containsExactly("during");
        bulk.finish().join();
        assertThat(found(gravatar("bulk7@example.org") + " " + gravatar("bulk19@example.org"), null))
                .extracting(Finding::erasureId).containsExactlyInAnyOrder("bulk-7", "bulk-19");
        assertThat(found(gravatar("before@example.org"), null)).hasSize(1);
        assertThat(found(gravatar("during@example.org"), null)).hasSize(1);
        // a create after the bulk is a change again
        int full = hashed.fullReads;
        create(person("after", "after@example.org", ""));
        assertThat(found(gravatar("after@example.org"), null)).hasSize(1);
        assertThat(hashed.fullReads).isEqualTo(full);
    }

    @Test
    void aTenantScopeIsKept() {
        create(person("scoped", "scoped@example.org", ", \"scope\": {\"tenants\": [\"a\"]}"));
        assertThat(found(gravatar("scoped@example.org"), "a")).extracting(Finding::erasureId).containsExactly("scoped");
        assertThat(found(gravatar("scoped@example.org"), "b")).isEmpty();
    }

    /**
     * An id is bound to one body (API.md): re-sending a retired erasure's body answers with the retired record, and
     * another body for the id is refused; either way the retired address stays unenforced and the index unchanged.
     */
    @Test
    void aRetiredIdCreatedAgainStaysRetired() {
        String body = person("again", "first@example.org", "");
        create(body);
        registry.retire("again").join();
        registry.create(body.getBytes(StandardCharsets.UTF_8)).join();
        assertThat(found(gravatar("first@example.org"), null)).isEmpty();
        assertThat(registry.create(person("again", "second@example.org", "").getBytes(StandardCharsets.UTF_8)))
                .failsWithin(Duration.ofSeconds(10));
        assertThat(found(gravatar("second@example.org"), null)).isEmpty();
        assertThat(found(gravatar("first@example.org"), null)).isEmpty();
    }
}
