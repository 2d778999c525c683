package io.lethe.rules;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedRulesFolderLoads() {
        GuardRules rules = RulesLoader.load(Path.of("guard-rules"));
        assertThat(rules.defaults().action()).isEqualTo(Action.REDACT);
        assertThat(rules.denyTerms()).extracting(GuardRules.DenyTermList::id).contains("lethe-canary");
    }

    @Test
    void aMissingFolderGivesTheBuiltInDefaults() {
        GuardRules rules = RulesLoader.load(dir.resolve("absent"));
        assertThat(rules.defaults().refusal()).isEqualTo("This content was withheld by policy.");
        assertThat(rules.denyTerms()).isEmpty();
    }

    @Test
    void anUnknownFieldIsRefusedWithFileAndLine() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "defaults:\n  action: block\n  replacment: x\n");
        assertThatThrownBy(() -> RulesLoader.load(dir))
                .isInstanceOf(RulesException.class)
                .satisfies(e -> {
                    RulesException re = (RulesException) e;
                    assertThat(re.file()).endsWith("a.yaml");
                    assertThat(re.line()).isEqualTo(3);
                    assertThat(re.reason()).contains("replacment");
                });
    }

    @Test
    void aBadActionIsRefusedWithItsLine() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "deny_terms:\n  - id: x\n    terms: [a]\n    action: erase\n");
        assertThatThrownBy(() -> RulesLoader.load(dir))
                .isInstanceOf(RulesException.class)
                .hasMessageContaining("a.yaml:4")
                .hasMessageContaining("$.deny_terms[0].action")
                .hasMessageContaining("enumeration");
    }

    @Test
    void anEmptyTermIsRefusedWithoutEchoingOtherTerms() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "deny_terms:\n  - id: secret-list\n    terms: [\"Hidden Name\", \"  \"]\n");
        assertThatThrownBy(() -> RulesLoader.load(dir))
                .isInstanceOf(RulesException.class)
                .hasMessageContaining("a.yaml:3")
                .hasMessageContaining("$.deny_terms[0].terms[1]")
                .hasMessageNotContaining("Hidden Name");
    }

    @Test
    void twoFilesMayNotDefineTheSameList() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "deny_terms:\n  - id: x\n    terms: [a]\n");
        Files.writeString(dir.resolve("b.yml"), "deny_terms:\n  - id: x\n    terms: [b]\n");
        assertThatThrownBy(() -> RulesLoader.load(dir)).hasMessageContaining("b.yml").hasMessageContaining("'x'");
    }

    @Test
    void policyPrefersListThenDetectorThenDefaults() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                defaults: {action: audit, replacement: "<gone>", refusal: "No."}
                detectors:
                  deny-terms: {action: redact}
                deny_terms:
                  - {id: strict, terms: [a], action: block, refusal: "Withheld."}
                  - {id: loose, terms: [b]}
                """);
        RulesPolicy policy = new RulesPolicy(RulesLoader.load(dir));
        Decision strict = policy.decide(new Finding(null, "deny-terms", "strict", Channel.content(0), 0, 1, 1, null), null);
        Decision loose = policy.decide(new Finding(null, "deny-terms", "loose", Channel.content(0), 0, 1, 1, null), null);
        Decision other = policy.decide(new Finding("e1", "lexical", null, Channel.content(0), 0, 1, 1, null), null);
        Decision erasure = policy.decide(new Finding("e2", "lexical", null, Channel.content(0), 0, 1, 1, Action.BLOCK), null);
        assertThat(strict).isEqualTo(new Decision(Action.BLOCK, "strict", "<gone>", "Withheld."));
        assertThat(loose.action()).isEqualTo(Action.REDACT);
        assertThat(other).isEqualTo(new Decision(Action.AUDIT, "lexical", "<gone>", "No."));
        assertThat(erasure.action()).isEqualTo(Action.BLOCK);
    }

    @Test
    void theSchemaInTheRepositoryIsTheOneTheGatewayUses() throws IOException {
        assertThat(Files.readString(Path.of("guard-rules/schema/guard-rules.schema.json")))
                .isEqualTo(new String(RulesLoader.class.getResourceAsStream("guard-rules.schema.json").readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void schemaErrorsDeepInTheFileNameTheirLine() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                defaults:
                  action: redact
                overrides:
                  - when: {models: [m1]}
                    detectors:
                      lexical: {action: block}
                  - when: {tenants: [t1]}
                    allow:
                      erasures: [e1]
                      colours: [red]
                """);
        assertThatThrownBy(() -> RulesLoader.load(dir))
                .isInstanceOf(RulesException.class)
                .satisfies(e -> assertThat(((RulesException) e).line()).isEqualTo(10))
                .hasMessageContaining("colours");
    }

    @Test
    void overridesApplyPerModelAndTenantAndAllowListsLetFindingsThrough() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                defaults: {action: redact}
                erasures:
                  e9: {action: audit, replacement: "<e9>"}
                overrides:
                  - when: {models: [strict-model]}
                    defaults: {action: block, refusal: "Not on this model."}
                  - when: {tenants: [research]}
                    allow: {erasures: [e1]}
                """);
        RulesPolicy policy = new RulesPolicy(RulesLoader.load(dir));
        Finding e1 = new Finding("e1", "lexical", "name", Channel.content(0), 0, 1, 1, null);
        Finding e9 = new Finding("e9", "lexical", "name", Channel.content(0), 0, 1, 1, Action.BLOCK);
        var plain = new io.lethe.guard.ScanContext("r", "m", "t", null);
        var strict = new io.lethe.guard.ScanContext("r", "strict-model", "t", null);
        var research = new io.lethe.guard.ScanContext("r", "m", "research", null);
        assertThat(policy.decide(e1, plain).action()).isEqualTo(Action.REDACT);
        assertThat(policy.decide(e1, strict)).isEqualTo(new Decision(Action.BLOCK, "name", "[REDACTED]", "Not on this model."));
        assertThat(policy.decide(e1, research).action()).isEqualTo(Action.ALLOW);
        // the rules' setting for an erasure wins over the erasure's own action
        assertThat(policy.decide(e9, plain)).isEqualTo(new Decision(Action.AUDIT, "name", "<e9>", "This content was withheld by policy."));
    }

    @Test
    void findingsBelowADetectorsThresholdAreNotActedOn() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "detectors:\n  classifier: {action: block, threshold: 0.8}\n");
        RulesPolicy policy = new RulesPolicy(RulesLoader.load(dir));
        Finding low = new Finding("e1", "classifier", "topic", Channel.content(0), 0, 1, 0.79, null);
        Finding high = new Finding("e1", "classifier", "topic", Channel.content(0), 0, 1, 0.8, null);
        assertThat(policy.decide(low, null).action()).isEqualTo(Action.ALLOW);
        assertThat(policy.decide(high, null).action()).isEqualTo(Action.BLOCK);
        Files.writeString(dir.resolve("a.yaml"), "detectors:\n  classifier: {threshold: 1.5}\n");
        assertThatThrownBy(() -> RulesLoader.load(dir)).hasMessageContaining("a.yaml:2");
    }

    @Test
    void topicFindingsUseTheClassifiersThresholdUnlessAnErasureSetsItsOwn() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                classifier:
                  topic_threshold: 0.75
                  mode: shadow
                  fail: open
                erasures:
                  loose: {threshold: 0.6}
                """);
        GuardRules rules = RulesLoader.load(dir);
        RulesPolicy policy = new RulesPolicy(rules);
        assertThat(rules.classifier().mode()).isEqualTo(GuardRules.Mode.SHADOW);
        assertThat(rules.classifier().fail()).isEqualTo(GuardRules.Fail.OPEN);
        assertThat(rules.lowestTopicThreshold()).isEqualTo(0.6);
        Finding strict = new Finding("strict", "classifier", "topic", Channel.content(0), 0, 1, 0.7, null);
        Finding loose = new Finding("loose", "classifier", "topic", Channel.content(0), 0, 1, 0.7, null);
        assertThat(policy.decide(strict, null).action()).isEqualTo(Action.ALLOW);
        assertThat(policy.decide(loose, null).action()).isEqualTo(Action.REDACT);
        // an operator label is not a topic: its own threshold (in the stage) applies
        Finding label = new Finding(null, "classifier", "hazard:weapons", Channel.content(0), 0, 1, 0.7, null);
        assertThat(policy.decide(label, null).action()).isEqualTo(Action.REDACT);
    }

    @Test
    void classifierSettingsAreValidatedWithFileAndLine() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "classifier:\n  mode: eager\n");
        assertThatThrownBy(() -> RulesLoader.load(dir)).hasMessageContaining("a.yaml:2");
        Files.writeString(dir.resolve("a.yaml"), "classifier:\n  labels:\n    nocolon: {action: block}\n");
        assertThatThrownBy(() -> RulesLoader.load(dir)).hasMessageContaining("a.yaml");
        Files.writeString(dir.resolve("a.yaml"), "classifier:\n  topic_threshold: 2\n");
        assertThatThrownBy(() -> RulesLoader.load(dir)).hasMessageContaining("a.yaml:2");
    }
}
