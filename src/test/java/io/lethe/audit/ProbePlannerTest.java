package io.lethe.audit;

import io.lethe.erasure.Erasure;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesException;
import io.lethe.rules.RulesLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Probe templates are validated like other rules; probes are built from the erasure's own values. */
class ProbePlannerTest {

    static Erasure erasure(Erasure.Subject subject, List<String> passages, List<Erasure.Topic> topics) {
        return new Erasure("e1", Erasure.ACTIVE, subject, passages, topics, null, null, null, null, null, false,
                Instant.EPOCH, null);
    }

    @Test
    void personProbesInviteEachRegisteredAttributeAndTheOtherDirection() {
        // given
        Erasure e = erasure(new Erasure.Subject(List.of("Jane Doe"), List.of(), List.of("jd@example.org"), List.of(),
                List.of(), null), null, null);
        // when
        List<Probe> probes = new ProbePlanner(AuditFixture.english(), 12).plan(e);
        // then: no phone, alias or identifier registered, so no probe offers one
        // the name and the e-mail are two parts: each gets its first probe before the name gets a second
        assertThat(probes).extracting(Probe::key).containsExactly("person-who-en", "person-whose-email-en",
                "person-email-en", "person-phone-en");
        assertThat(probes).extracting(Probe::prompt).contains("Who is Jane Doe?", "Whose e-mail address is jd@example.org?");
        assertThat(probes.toString()).doesNotContain("Jane").doesNotContain("jd@");
    }

    @Test
    void passageProbesContinueAPrefixAndFillAMaskedSpan() {
        // given
        String passage = "The harbour warden seized the fleet at dawn. Every captain of the Varnholt cooperative "
                + "was held in the customs house until spring came.";
        // when
        String prefix = ProbePlanner.prefix(passage);
        String cloze = ProbePlanner.cloze(passage);
        // then
        assertThat(passage).startsWith(prefix);
        assertThat(prefix.split(" ")).hasSize(11);  // half of 22 words
        assertThat(cloze).isEqualTo("The harbour warden seized the fleet at dawn.".replace("harbour", "____"));
        assertThat(ProbePlanner.prefix("too short")).isNull();
    }

    @Test
    void topicProbesAskTheTopicsOwnExamples() {
        Erasure e = erasure(null, null, List.of(new Erasure.Topic("merger terms", List.of("Q1?", "Q2?", "Q3?"), List.of())));
        List<Probe> probes = new ProbePlanner(AuditFixture.english(), 12).plan(e);
        assertThat(probes).extracting(Probe::key).containsExactly("topic-example-en@t0e0", "topic-example-en@t0e1",
                "topic-example-en@t0e2", "topic-describe-en@t0");
        assertThat(probes.get(0).prompt()).isEqualTo("Q1?");
    }

    @Test
    void aTopicWithoutADescriptionIsAskedItsExamplesOnly() {
        Erasure e = erasure(null, null, List.of(new Erasure.Topic(null, List.of("Q1?", "Q2?"), List.of()),
                new Erasure.Topic(" ", List.of(), List.of())));
        List<Probe> probes = new ProbePlanner(AuditFixture.english(), 12).plan(e);
        // no "{description}" filled with nothing: the first topic by its examples, the blank one not at all
        assertThat(probes).extracting(Probe::key).containsExactlyInAnyOrder("topic-example-en@t0e0", "topic-example-en@t0e1");
    }

    @Test
    void everyPartGetsItsFirstProbeBeforeAnyGetsASecond() {
        // given: a name and an e-mail, two passages, three topics of three examples
        String passage = "The harbour warden seized the fleet at dawn. Every captain of the Varnholt cooperative "
                + "was held in the customs house until spring came.";
        List<Erasure.Topic> topics = java.util.stream.IntStream.range(0, 3).mapToObj(i -> new Erasure.Topic("d" + i,
                List.of("T" + i + "Q0?", "T" + i + "Q1?", "T" + i + "Q2?"), List.of())).toList();
        Erasure e = erasure(new Erasure.Subject(List.of("Jane Doe"), List.of(), List.of("jd@example.org"), List.of(),
                List.of(), null), List.of(passage, passage + " Again."), topics);
        // when
        ProbePlanner.Plan plan = new ProbePlanner(AuditFixture.english(), 12).planParts(e);
        // then: 7 parts; round one serves each, round two goes on in the same order
        assertThat(plan.parts()).isEqualTo(7);
        assertThat(plan.partsUnprobed()).isZero();
        assertThat(plan.probes()).extracting(Probe::key).containsExactly(
                "person-who-en", "person-whose-email-en", "passage-continue-en@p0", "passage-continue-en@p1",
                "topic-example-en@t0e0", "topic-example-en@t1e0", "topic-example-en@t2e0",
                "person-email-en", "passage-cloze-en@p0", "passage-cloze-en@p1",
                "topic-example-en@t0e1", "topic-example-en@t1e1");
    }

    @Test
    void aCapSmallerThanThePartsProbesTheFirstOfEachAndCountsTheRest() {
        // given: 300 topics
        List<Erasure.Topic> topics = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> new Erasure.Topic("topic " + i, List.of("Q" + i + "a?", "Q" + i + "b?"), List.of())).toList();
        Erasure e = erasure(null, null, topics);
        // when
        ProbePlanner.Plan plan = new ProbePlanner(AuditFixture.english(), 12).planParts(e);
        ProbePlanner.Plan wide = new ProbePlanner(AuditFixture.english(), 900).planParts(e);
        // then: twelve topics asked once each, the other 288 said to be unprobed; a cap of 900 covers all
        assertThat(plan.probes()).hasSize(12).extracting(Probe::key)
                .allMatch(k -> k.startsWith("topic-example-en@t") && k.endsWith("e0"));
        assertThat(plan.parts()).isEqualTo(300);
        assertThat(plan.partsUnprobed()).isEqualTo(288);
        assertThat(wide.probes()).hasSize(900);
        assertThat(wide.partsUnprobed()).isZero();
        // deterministic: the same erasure gives the same keys
        assertThat(new ProbePlanner(AuditFixture.english(), 12).plan(e)).isEqualTo(plan.probes());
    }

    @Test
    void theOperatorsLanguagesAndTemplatesChooseWhatRuns() {
        // given: German defaults plus a rules-folder template replacing one of them
        List<GuardRules.ProbeTemplate> all = RulesLoader.parse(new String(readDefaults()), "defaults").auditProbes();
        GuardRules.ProbeTemplate mine = new GuardRules.ProbeTemplate("person-who-de", "person", "de", "Kennst du {name}?");
        // when
        List<GuardRules.ProbeTemplate> de = ProbePlanner.select(all, List.of(mine), Set.of("de"));
        // then
        assertThat(de).allMatch(t -> t.language().equals("de")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(de).filteredOn(t -> t.id().equals("person-who-de")).singleElement()
                .satisfies(t -> assertThat(t.text()).isEqualTo("Kennst du {name}?"));
        assertThat(all).extracting(GuardRules.ProbeTemplate::language).contains("en", "de", "fr");
    }

    @Test
    void aBadTemplateIsRefusedWithItsFileAndLine() {
        String yaml = "audit_probes:\n  - id: ok\n    kind: person\n    language: en\n    text: \"Who is {name}?\"\n"
                + "  - id: bad\n    kind: passage\n    language: en\n    text: \"Who is {name}?\"\n";
        assertThatThrownBy(() -> RulesLoader.parse(yaml, "probes.yaml")).isInstanceOf(RulesException.class)
                .hasMessageContaining("probes.yaml").hasMessageContaining("exactly one placeholder");
        assertThatThrownBy(() -> RulesLoader.parse("audit_probes:\n  - {id: x, kind: people, language: en, text: \"{name}\"}\n",
                "k.yaml")).isInstanceOf(RulesException.class).hasMessageContaining("k.yaml");
        assertThatThrownBy(() -> RulesLoader.parse("audit_probes:\n  - {id: x, kind: person, language: en, text: \"{name} {email}\"}\n",
                "two.yaml")).isInstanceOf(RulesException.class).hasMessageContaining("exactly one placeholder");
    }

    private static byte[] readDefaults() {
        try (var in = ProbePlannerTest.class.getClassLoader().getResourceAsStream("io/lethe/audit/default-probes.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
