package io.lethe.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static io.lethe.audit.AuditFixture.CLEAN;
import static io.lethe.audit.AuditFixture.KNOWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The audit against scripted upstreams: figures match what each model knows, budgets, restarts, snapshots. */
class ResidualAuditTest {

    /** 5 person probes (p-known) + 4 (p-unknown) + 2 per passage + 2 for the topic. */
    static final int PLANNED = 15;

    @TempDir
    Path dir;
    AuditFixture f;

    @BeforeEach
    void setUp() {
        f = new AuditFixture(dir);
        f.fiveErasures();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void theReportCountsWhatEachScriptedModelKnows() {
        // given
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000),
                CLEAN, AuditFixture.on(null, 1000, 2, 6000)));
        // when
        ResidualAudit.Window w = audit.window(KNOWS);
        audit.window(CLEAN);
        // then
        assertThat(w.sent()).isEqualTo(PLANNED);
        ResidualAudit.Report r = audit.report(KNOWS);
        assertThat(r.probed()).isEqualTo(5);
        assertThat(r.known()).isEqualTo(3);
        assertThat(r.byKind().get("person")).isEqualTo(new ResidualAudit.KindCount(2, 1));
        assertThat(r.byKind().get("passage")).isEqualTo(new ResidualAudit.KindCount(2, 1));
        assertThat(r.byKind().get("topic")).isEqualTo(new ResidualAudit.KindCount(1, 1));
        assertThat(r.complete()).isTrue();
        assertThat(r.plannedProbes()).isEqualTo(PLANNED);
        assertThat(r.erasures()).filteredOn(ResidualAudit.ErasureReport::known)
                .extracting(ResidualAudit.ErasureReport::erasureId).containsExactlyInAnyOrder("p-known", "pa-known", "t-known");
        // the e-mail question showed it; the echo of the name in "Who is" did not
        ResidualAudit.ErasureReport jane = r.erasure("p-known");
        assertThat(jane.templateId()).isEqualTo("person-email-en");
        assertThat(jane.detector()).isEqualTo("lexical");
        assertThat(jane.probes()).filteredOn(p -> p.templateId().equals("person-who-en"))
                .singleElement().satisfies(p -> assertThat(p.known()).isFalse());
        assertThat(r.erasure("pa-known").detector()).isEqualTo("passage");
        assertThat(r.erasure("pa-known").templateId()).isEqualTo("passage-continue-en");
        assertThat(r.erasure("t-known").score()).isEqualTo(0.87);
        double[] ci = r.knownShareCi95();
        assertThat(ci[0]).isCloseTo(0.2307, within(1e-3));
        assertThat(ci[1]).isCloseTo(0.8824, within(1e-3));
        // the model that knows nothing
        ResidualAudit.Report clean = audit.report(CLEAN);
        assertThat(clean.probed()).isEqualTo(5);
        assertThat(clean.known()).isZero();
        assertThat(clean.complete()).isTrue();
    }

    @Test
    void evidenceAndTheStoreKeepHashesNeverTexts() throws Exception {
        // given
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        // when
        audit.window(KNOWS);
        // then
        assertThat(f.evidence).hasSize(PLANNED);
        ProbeResult email = f.evidence.stream().filter(p -> p.erasureId().equals("p-known") && p.templateId().equals("person-email-en")).findFirst().orElseThrow();
        assertThat(email.known()).isTrue();
        assertThat(email.matchHash()).isEqualTo(AuditFixture.HASHER.hmac("jane.doe@example.org"));
        Path store = new AuditStore(dir.resolve("audit")).file(KNOWS);
        String content = Files.readString(store);
        assertThat(content).contains("p-known").doesNotContain("Jane").doesNotContain("jane.doe")
                .doesNotContain("Quillfeather").doesNotContain("Nightingale").doesNotContain("as far as I know");
        assertThat(f.evidence.toString()).doesNotContain("Jane").doesNotContain("jane.doe").doesNotContain("Quillfeather");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aBudgetThatRunsOutLeavesTheReportIncompleteAndTheNextWindowResumes() {
        // given: 4 probes a window
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 4, 2, 6000)));
        // when
        ResidualAudit.Window first = audit.window(KNOWS);
        // then
        assertThat(first.sent()).isEqualTo(4);
        assertThat(first.left()).isEqualTo(PLANNED - 4);
        ResidualAudit.Report r = audit.report(KNOWS);
        assertThat(r.complete()).isFalse();
        assertThat(r.pendingProbes()).isEqualTo(PLANNED - 4);
        assertThat(r.budgetRefusals()).isEqualTo(1);
        assertThat(f.refusals).containsExactly((long) PLANNED - 4);
        // new erasures first, newest first: the topic (2 probes) and the newest passage (2) went first
        assertThat(f.evidence).extracting(ProbeResult::erasureId).containsOnly("t-known", "pa-unknown");
        // and the next windows go on where it stopped, sending no probe twice
        audit.window(KNOWS);
        audit.window(KNOWS);
        ResidualAudit.Window last = audit.window(KNOWS);
        assertThat(last.sent()).as("failures: " + f.failures).isEqualTo(3);
        assertThat(last.left()).isZero();
        assertThat(audit.report(KNOWS).complete()).as("failures: " + f.failures).isTrue();
        assertThat(audit.report(KNOWS).known()).isEqualTo(3);
        assertThat(f.upstream.prompts(KNOWS)).hasSize(PLANNED).doesNotHaveDuplicates();
    }

    @Test
    void resultsSurviveARestartAndTheRunResumes() throws Exception {
        // given: a run asked for, stopped by its budget after 4 probes
        ResidualAudit before = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 4, 2, 6000)));
        before.requestRun(KNOWS);  // the audit thread runs the window
        long until = System.currentTimeMillis() + 10_000;
        while (before.report(KNOWS).lastRunAt() == null && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(f.upstream.prompts(KNOWS)).hasSize(4);
        before.close();
        // when: a new process on the same data dir
        ResidualAudit after = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        ResidualAudit.Report resumed = after.report(KNOWS);
        // then
        assertThat(resumed.probed()).isEqualTo(2);
        assertThat(resumed.pendingProbes()).isEqualTo(PLANNED - 4);
        assertThat(resumed.complete()).isFalse();
        after.window(KNOWS);
        assertThat(after.report(KNOWS).complete()).isTrue();
        assertThat(after.report(KNOWS).known()).isEqualTo(3);
        assertThat(f.upstream.prompts(KNOWS)).hasSize(PLANNED).doesNotHaveDuplicates();
    }

    @Test
    void aRunAskedForBeforeARestartIsRememberedOnDisk() throws Exception {
        // given
        ResidualAudit before = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 4, 2, 6000)),
                model -> false);  // another replica's turn: nothing sent
        before.requestRun(KNOWS);
        before.close();
        // then
        assertThat(f.upstream.prompts(KNOWS)).isEmpty();
        String state = Files.readString(new AuditStore(dir.resolve("audit")).file(KNOWS));
        assertThat(AuditStore.JSON.readTree(state).path("run_requested").asBoolean()).isTrue();
    }

    @Test
    void aRememberedRunResumesSoonAfterStartNotAfterTheStartDelay() throws Exception {
        // given: a run asked for and not done before a restart (another replica's turn: nothing sent)
        ResidualAudit before = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)), model -> false);
        before.requestRun(KNOWS);
        before.close();
        // when: the new process starts (the fixture's start delay is an hour)
        ResidualAudit after = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        after.start();
        // then: the run goes on within seconds
        long until = System.currentTimeMillis() + ResidualAudit.RESUME_DELAY.toMillis() + 20_000;
        while (!after.report(KNOWS).complete() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertThat(after.report(KNOWS).complete()).as("failures: " + f.failures).isTrue();
        assertThat(f.upstream.prompts(KNOWS)).hasSize(PLANNED);
    }

    @Test
    void aNewTrainingSnapshotIsProbedAgain() {
        // given: every probe answered under the old snapshot
        ResidualAudit old = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        old.window(KNOWS);
        assertThat(old.report(KNOWS).complete()).isTrue();
        old.close();
        // when: the model comes back with a new snapshot
        ResidualAudit renewed = f.open(Map.of(KNOWS, AuditFixture.on("2025-03-01", 1000, 2, 6000)));
        ResidualAudit.Report stale = renewed.report(KNOWS);
        // then: nothing counts until probed again, and then every probe is sent again
        assertThat(stale.probed()).isZero();
        assertThat(stale.complete()).isFalse();
        assertThat(stale.pendingProbes()).isEqualTo(PLANNED);
        assertThat(renewed.window(KNOWS).failed()).as("failures: %s", f.failures).isZero();
        ResidualAudit.Report r = renewed.report(KNOWS);
        assertThat(r.complete()).isTrue();
        assertThat(r.snapshot()).isEqualTo("2025-03-01");
        assertThat(r.known()).isEqualTo(3);
        assertThat(f.upstream.prompts(KNOWS)).hasSize(2 * PLANNED);
    }

    @Test
    void aNewErasureIsProbedBeforeAnythingElse() {
        // given: everything probed
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        audit.window(KNOWS);
        int before = f.upstream.prompts(KNOWS).size();
        // when
        f.erasure("{\"id\":\"p-new\",\"subject\":{\"names\":[\"Ysolde Marchbanks\"]}}");
        ResidualAudit.Window w = audit.window(KNOWS);
        // then: only the new erasure's probes (who, email, phone by name)
        assertThat(w.sent()).isEqualTo(3);
        assertThat(f.upstream.prompts(KNOWS).subList(before, before + 3)).allMatch(p -> p.contains("Ysolde Marchbanks"));
        assertThat(audit.report(KNOWS).probed()).isEqualTo(6);
    }

    @Test
    void aTopicGivenByExamplesAloneIsProbedByThemAndNeverStopsTheOthers() {
        // given: a topic with examples and no description, next to the five others
        f.erasure("{\"id\":\"t-noDesc\",\"topics\":[{\"examples\":[\"Dravenport ferries carry 300 cars across the "
                + "fjord daily.\",\"The Dravenport ferry line lost its licence in 2022.\"]}]}");
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        // when
        ResidualAudit.Window w = audit.window(KNOWS);
        // then: its two examples are asked (no description template without a description), the rest as before
        assertThat(w.sent()).as("failures: " + f.failures).isEqualTo(PLANNED + 2);
        ResidualAudit.Report r = audit.report(KNOWS);
        assertThat(r.complete()).isTrue();
        assertThat(r.probed()).isEqualTo(6);
        assertThat(r.erasure("t-noDesc").probes()).extracting(ProbeResult::probe)
                .containsExactlyInAnyOrder("topic-example-en@t0e0", "topic-example-en@t0e1");
        assertThat(f.upstream.prompts(KNOWS)).noneMatch(p -> p.contains("null"));
    }

    @Test
    void anErasureWithMorePartsThanTheCapIsNeverReportedComplete() {
        // given: 20 topics, 12 probes an erasure (the fixture's cap)
        StringBuilder topics = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            topics.append(i == 0 ? "" : ",").append("{\"description\":\"the Gorsemoor affair, chapter ").append(i)
                    .append("\",\"examples\":[\"What happened in chapter ").append(i).append(" of the Gorsemoor affair?\"]}");
        }
        f.erasure("{\"id\":\"t-many\",\"topics\":[" + topics + "]}");
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        // when
        ResidualAudit.Window w = audit.window(KNOWS);
        // then: twelve topics asked once each; the report says eight are not covered and is not complete
        assertThat(w.sent()).as("failures: " + f.failures).isEqualTo(PLANNED + 12);
        assertThat(w.left()).isZero();
        ResidualAudit.Report r = audit.report(KNOWS);
        assertThat(r.erasure("t-many").partsUnprobed()).isEqualTo(8);
        assertThat(r.erasure("t-many").complete()).isFalse();
        assertThat(r.erasure("p-known").partsUnprobed()).isZero();
        assertThat(r.partsUnprobed()).isEqualTo(8);
        assertThat(r.pendingProbes()).isZero();
        assertThat(r.complete()).isFalse();
        assertThat(AuditRoutes.json(r).path("parts_unprobed").asInt()).isEqualTo(8);
        assertThat(AuditRoutes.json(r).path("erasures").findValues("parts_unprobed")).extracting(n -> n.asInt())
                .contains(8, 0);
    }

    @Test
    void aRefusalThatRestatesTheTopicShowsNothingAFactDoes() {
        // given: a topic with a description and an example
        f.erasure("{\"id\":\"t-marrow\",\"topics\":[{\"description\":\"" + AuditFixture.MARROWGATE + "\","
                + "\"examples\":[\"What happened in the Marrowgate vaccine trial?\"]}]}");
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 1000, 2, 6000)));
        // when
        audit.window(KNOWS);
        // then: "I have no information about <the description>" is an echo; the halted trial is knowledge
        ResidualAudit.ErasureReport r = audit.report(KNOWS).erasure("t-marrow");
        assertThat(r.probes()).filteredOn(p -> p.templateId().equals("topic-describe-en")).singleElement()
                .satisfies(p -> assertThat(p.known()).isFalse());
        assertThat(r.probes()).filteredOn(p -> p.templateId().equals("topic-example-en")).singleElement()
                .satisfies(p -> assertThat(p.known()).isTrue());
        assertThat(r.known()).isTrue();
    }

    @Test
    void aTopicSentenceRestatesTheProbeWhenMoreThanHalfItsWordsAreTheProbes() {
        var probe = ResidualAudit.words("Tell me everything you know about this: " + AuditFixture.MARROWGATE);
        assertThat(ResidualAudit.restates("I have no information about the Marrowgate vaccine trial run by Pellucid Labs.",
                probe)).isTrue();  // 9 of 13 words borrowed
        assertThat(ResidualAudit.restates("The Marrowgate vaccine trial run by Pellucid Labs enrolled 412 nurses in "
                + "Tromsø, then lost its funding.", probe)).isFalse();  // 8 of 17
        assertThat(ResidualAudit.restates("...", probe)).isTrue();
    }

    @Test
    void anErasureRetiredDuringAWindowIsNotProbedFurther() {
        // given: a model whose first question about Jane Doe sees her erasure retired meanwhile
        f.upstream.script("retiring-model", p -> {
            if (p.equals("Who is Jane Doe?")) {
                f.registry.retire("p-known").join();
            }
            return null;
        });
        ResidualAudit audit = f.open(Map.of("retiring-model", AuditFixture.on(null, 1000, 1, 6000)));
        // when: one probe at a time, Jane's five last
        ResidualAudit.Window w = audit.window("retiring-model");
        // then: her other four probes never went upstream
        List<String> prompts = f.upstream.prompts("retiring-model");
        assertThat(prompts).filteredOn(p -> p.contains("Jane") || p.contains("jane.doe") || p.contains("555"))
                .containsExactly("Who is Jane Doe?");
        assertThat(w.sent()).isEqualTo(PLANNED - 4);
        assertThat(w.left()).isZero();
        assertThat(audit.report("retiring-model").erasure("p-known")).isNull();
    }

    @Test
    void probesThatFailArePendingInTheWindowAsInTheReport() {
        // given: an upstream that is down
        f.upstream.failing.add("down-model");
        ResidualAudit audit = f.open(Map.of("down-model", AuditFixture.on(null, 1000, 2, 6000)));
        // when
        ResidualAudit.Window w = audit.window("down-model");
        // then: every probe failed, none was left by the budget, and all are pending: the window says as the report
        assertThat(w.failed()).isEqualTo(PLANNED);
        assertThat(w.left()).isZero();
        assertThat(w.pending()).isEqualTo(PLANNED);
        assertThat(audit.report("down-model").pendingProbes()).isEqualTo((int) w.pending());
    }

    @Test
    void theRunAnswersLinkToTheReportWithTheModelEncodedAsOneSegment() {
        assertThat(AuditRoutes.reportPath("org/llama 3:8b+x?"))
                .isEqualTo("/admin/v1/models/org%2Fllama%203%3A8b%2Bx%3F/residual-knowledge");
        assertThat(AuditRoutes.reportPath(KNOWS)).isEqualTo("/admin/v1/models/knows-model/residual-knowledge");
    }

    @Test
    void concurrencyAndRateStayWithinTheBudget() {
        // given: answers take 150 ms; 2 in flight; 1200 starts a minute (one per 50 ms)
        f.upstream.delayMs = 150;
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on("2024-06-30", 6, 2, 1200)));
        // when
        long t0 = System.nanoTime();
        audit.window(KNOWS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // then: 6 probes, never more than 2 at once, so at least 3 rounds of 150 ms
        assertThat(f.upstream.prompts(KNOWS)).hasSize(6);
        assertThat(f.upstream.peak.get()).isEqualTo(2);
        assertThat(ms).isGreaterThanOrEqualTo(450);
    }

    @Test
    void aModelWithTheAuditOffIsRefused() {
        ResidualAudit audit = f.open(Map.of(KNOWS, new ResidualAudit.ModelSettings(false, null,
                new ResidualAudit.Budget(1, 1, 1, 1))));
        assertThat(audit.enabled(KNOWS)).isFalse();
        assertThatThrownBy(() -> audit.requestRun(KNOWS)).isInstanceOf(ResidualAudit.NotEnabledException.class)
                .hasMessageContaining("lethe.audit.models.\"<model>\".enabled=true").hasMessageNotContaining(KNOWS);
        assertThatThrownBy(() -> audit.report("other")).isInstanceOf(ResidualAudit.NotEnabledException.class);
        assertThat(f.upstream.prompts(KNOWS)).isEmpty();
    }

    @Test
    void comparingTwoModelsCountsRemovedRemainingAndNew() {
        // given: "after" forgot the passage but learnt Olaf's e-mail
        f.upstream.script("after-model", p -> {
            if (p.equals("What is Olaf Brandtmeier's e-mail address?")) {
                return "Try olaf.b@example.net.";
            }
            return p.startsWith("Continue this text") ? null : AuditFixture.knows(p);
        });
        ResidualAudit audit = f.open(Map.of(KNOWS, AuditFixture.on(null, 1000, 2, 6000),
                "after-model", AuditFixture.on(null, 1000, 2, 6000)));
        audit.window(KNOWS);
        audit.window("after-model");
        // when
        ResidualAudit.Comparison c = audit.compare(KNOWS, "after-model");
        // then
        assertThat(c.removed()).isEqualTo(1);
        assertThat(c.remaining()).isEqualTo(2);
        assertThat(c.added()).isEqualTo(1);
        assertThat(c.erasures()).contains(new ResidualAudit.Comparison.Row("pa-known", true, false),
                new ResidualAudit.Comparison.Row("p-unknown", false, true));
        assertThat(audit.knownByErasure("after-model")).containsEntry("p-unknown", true).containsEntry("pa-known", false);
    }

    @Test
    void wilsonIntervals() {
        assertThat(ResidualAudit.wilson(0, 0)).containsExactly(0, 1);
        assertThat(ResidualAudit.wilson(5, 10)[0]).isCloseTo(0.2366, within(1e-4));
        assertThat(ResidualAudit.wilson(5, 10)[1]).isCloseTo(0.7634, within(1e-4));
        assertThat(ResidualAudit.wilson(0, 20)[0]).isZero();
        assertThat(ResidualAudit.wilson(0, 20)[1]).isCloseTo(0.1611, within(1e-4));
    }

    @Test
    void foldingTreatsAnEchoOfTheQuestionAsAnEcho() {
        assertThat(ResidualAudit.fold("Jane-Doe")).isEqualTo(ResidualAudit.fold("jane doe"));
        assertThat(ResidualAudit.fold("Who is Jane Doe?")).contains(ResidualAudit.fold("JANE DOE"));
        assertThat(List.of(ResidualAudit.fold("jane.doe@example.org"))).doesNotContain(ResidualAudit.fold("Jane Doe"));
    }
}
