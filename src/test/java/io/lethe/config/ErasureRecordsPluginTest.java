package io.lethe.config;

import io.lethe.erasure.ErasureDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.RecordsFollower;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plug-in that compiles an index of its own from the registry's records (issue 13, item 1): here, the
 * identifiers of every active erasure, matched whole-word and case-insensitively. It reads everything once, then
 * only what changed at each rebuild, and everything again when the registry says it lost track (a bulk import).
 */
class ErasureRecordsPluginTest {

    @TempDir
    Path dir;

    private ErasureRegistry registry;
    private GuardWiring wiring;
    private AccountsDetector accounts;

    /** What the index keeps of an erasure: no values beyond the identifiers it matches. */
    record Owner(String id, Action action, Predicate<ScanContext> applies) {
    }

    /** Identifier → the erasure it belongs to, kept up to date from the records. */
    static final class AccountsDetector implements DetectorFactory {
        final Map<String, Owner> index = new HashMap<>();
        /** Erasure id → its identifiers in the index, so a change replaces them without a scan of the index. */
        final Map<String, List<String>> keysOf = new HashMap<>();
        final RecordsFollower follower = new RecordsFollower();
        int fullReads;
        int changeReads;

        @Override
        public String name() {
            return "accounts";
        }

        @Override
        public int defaultOrder() {
            return 250;
        }

        @Override
        public GuardStage build(DetectorContext context) {
            boolean all = follower.update(context.erasures(), () -> {
                index.clear();
                keysOf.clear();
            }, this::apply);
            if (all) {
                fullReads++;
            } else {
                changeReads++;
            }
            return index.isEmpty() ? null : new AccountsStage(Map.copyOf(index));
        }

        private void apply(RegisteredErasure e) {
            List<String> old = keysOf.remove(e.id());
            if (old != null) {
                old.forEach(index::remove);
            }
            if (e.active()) {
                List<String> keys = e.identifiers().stream().map(id -> id.toLowerCase(Locale.ROOT)).toList();
                Owner owner = new Owner(e.id(), e.action(), e.applicability());
                keys.forEach(k -> index.put(k, owner));
                keysOf.put(e.id(), keys);
            }
        }
    }

    /** Whole text only (it holds everything until complete): enough to show the index, not a streaming matcher. */
    static final class AccountsStage implements GuardStage {
        private final Map<String, Owner> index;

        AccountsStage(Map<String, Owner> index) {
            this.index = index;
        }

        @Override
        public String name() {
            return "accounts";
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            return w -> {
                if (!w.complete()) {
                    return new ScanResult(List.of(), 0);
                }
                String text = w.text().toString().toLowerCase(Locale.ROOT);
                List<Finding> found = new ArrayList<>();
                index.forEach((key, e) -> {
                    if (!e.applies().test(context)) {
                        return;
                    }
                    for (int i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) {
                        found.add(new Finding(e.id(), "accounts", null, w.channel(), i, i + key.length(), 1, e.action()));
                    }
                });
                return new ScanResult(found, w.text().length());
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "detectors: {accounts: {action: redact}}\n");
        ErasureDetector erasures = new ErasureDetector();
        accounts = new AccountsDetector();
        registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of(), 100, erasures::changed, Clock.systemUTC());
        erasures.attach(registry);
        // registered before the gateway reads the rules: the first build reads everything
        registry.start();
        create("""
                {"id": "before-start", "subject": {"names": ["Wren Halloway"], "identifiers": ["ACCT-7731-QX"]}}""");
        wiring = new GuardWiring(new RulesConfig() {
            public Path dir() {
                return dir;
            }

            public Duration reloadInterval() {
                return Duration.ZERO;
            }
        }, new SimpleMeterRegistry(), List.of(erasures, accounts), erasures);
        wiring.current();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private void create(String json) {
        registry.create(json.getBytes(StandardCharsets.UTF_8)).join();
    }

    private List<Finding> accountFindings(String text, String tenant) {
        GuardPipeline p = wiring.current();
        List<Finding> out = new ArrayList<>();
        var scanner = p.open(new ScanContext("r", "m", tenant, null), null);
        scanner.scanWhole(Channel.content(0), text);
        for (var d : scanner.findings()) {
            if (d.finding().detector().equals("accounts")) {
                out.add(d.finding());
            }
        }
        return out;
    }

    @Test
    void thePluginIndexesWhatWasRegisteredBeforeItAndEachWriteAfterWithoutReadingEverythingAgain() {
        // then: the record from before start, with its erasure id and span
        String text = "Account acct-7731-qx was closed.";
        assertThat(accountFindings(text, null)).singleElement()
                .satisfies(f -> assertThat(f.erasureId()).isEqualTo("before-start"))
                .satisfies(f -> assertThat(text.substring(f.start(), f.end())).isEqualToIgnoringCase("ACCT-7731-QX"));
        assertThat(accounts.fullReads).isEqualTo(1);
        // when: a new erasure, scoped to tenant "a"
        create("""
                {"id": "scoped", "subject": {"names": ["Oona Featherstonehaugh"], "identifiers": ["IBAN-NL-0099"]},
                 "scope": {"tenants": ["a"]}}""");
        // then: enforced when create returned, for its tenant only, read as a change
        assertThat(accountFindings("Pay to iban-nl-0099 today.", "a")).extracting(Finding::erasureId).containsExactly("scoped");
        assertThat(accountFindings("Pay to iban-nl-0099 today.", "b")).isEmpty();
        assertThat(accounts.fullReads).isEqualTo(1);
        assertThat(accounts.changeReads).isGreaterThanOrEqualTo(1);
        // when: the first one is retired
        registry.retire("before-start").join();
        // then: no longer found, and the other stays
        assertThat(accountFindings(text, null)).isEmpty();
        assertThat(accountFindings("iban-nl-0099", "a")).hasSize(1);
        assertThat(accounts.fullReads).isEqualTo(1);
    }

    @Test
    void afterABulkImportThePluginIsToldItLostTrackAndReadsEverythingAgain() {
        int before = accounts.fullReads;
        var bulk = registry.bulk();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(("{\"id\": \"bulk-" + i + "\", \"subject\": {\"names\": [\"Person Number" + i + "\"], "
                    + "\"identifiers\": [\"BULK-ID-" + (1000 + i) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        }
        bulk.lines(lines).join();
        // a write while the bulk is staged: its version is above the staged lines', and the plug-in reads it
        create("""
                {"id": "during-bulk", "subject": {"names": ["Ines Quarrington"], "identifiers": ["MID-BULK-42"]}}""");
        assertThat(accountFindings("mid-bulk-42", null)).hasSize(1);
        bulk.finish().join();
        // then: the staged lines, published below the version the plug-in saw, still reach it
        assertThat(accountFindings("ids bulk-id-1007 and bulk-id-1049", null)).extracting(Finding::erasureId)
                .containsExactlyInAnyOrder("bulk-7", "bulk-49");
        assertThat(accounts.fullReads).isGreaterThan(before);
        assertThat(accountFindings("acct-7731-qx", null)).hasSize(1);
        assertThat(accountFindings("mid-bulk-42", null)).hasSize(1);
    }

    @Test
    void aRecordShowsItsIdNeverItsValues() {
        List<RegisteredErasure> seen = new ArrayList<>();
        registry.records().forEachActive(seen::add);
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.toString()).contains("before-start").doesNotContain("Wren").doesNotContain("7731");
            assertThat(e.names()).containsExactly("Wren Halloway");
            assertThat(e.appliesTo(ScanContext.everyScope("x"))).isTrue();
        });
    }
}
