package io.lethe.rules;

import io.lethe.guard.Action;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The policy the rules define. Precedence, most specific first: the finding's own action (an erasure's),
 * the deny-term list's, the detector's, the defaults. Replacement and refusal follow the same order.
 */
public final class RulesPolicy implements Policy {

    /** The classifier stage's detector name (io.lethe.classifier.ClassifierStage.NAME). */
    static final String CLASSIFIER = "classifier";
    /** The rule of its topic findings (ClassifierStage.TOPIC_RULE). */
    static final String TOPIC = "topic";
    /** Rule of the lexical detector's follow-up mentions (a surname once the person was named). */
    static final String FOLLOW_UP = "follow_up";

    private final GuardRules rules;
    private final Map<String, GuardRules.DenyTermList> lists = new HashMap<>();

    private final boolean checksPrompts;

    public RulesPolicy(GuardRules rules) {
        this.rules = rules;
        this.checksPrompts = rules.anyPromptRefusal();
        for (GuardRules.DenyTermList l : rules.denyTerms()) {
            lists.put(l.id(), l);
        }
    }

    public GuardRules rules() {
        return rules;
    }

    /**
     * Precedence, most specific first: an allow in a matching override; the erasure's settings in the rules
     * ({@code erasures:}); the erasure's own action; the deny-term list's; the matching override's detector
     * settings, then its defaults; the detector's; the defaults.
     */
    @Override
    public Decision decide(Finding finding, ScanContext context) {
        GuardRules.Override ov = override(context);
        String rule = finding.rule() != null ? finding.rule() : finding.detector();
        GuardRules.Defaults d = rules.defaults();
        if (ov != null && ov.allow().allows(finding.erasureId(), finding.rule())) {
            return new Decision(Action.ALLOW, rule, d.replacement(), d.refusal());
        }
        GuardRules.DetectorRule er = finding.erasureId() == null ? null : rules.erasures().get(finding.erasureId());
        GuardRules.DetectorRule det = rules.detectors().get(finding.detector());
        GuardRules.DenyTermList list = DenyTermStage.NAME.equals(finding.detector()) ? lists.get(finding.rule()) : null;
        GuardRules.DetectorRule label = label(finding);
        GuardRules.DetectorRule ovDet = ov == null ? null : ov.detectors().get(finding.detector());
        GuardRules.DetectorRule ovDef = ov == null ? null : ov.defaults();
        Double threshold = first(er == null ? null : er.threshold(), label == null ? null : label.threshold(),
                ovDet == null ? null : ovDet.threshold(), det == null ? null : det.threshold(),
                CLASSIFIER.equals(finding.detector()) && TOPIC.equals(finding.rule())
                        ? rules.classifier().topicThreshold() : null);
        if (threshold != null && finding.score() < threshold) {
            // below the rule's threshold (scored detectors, e.g. a classifier): not acted on
            return new Decision(Action.ALLOW, rule, d.replacement(), d.refusal());
        }
        if (FOLLOW_UP.equals(finding.rule()) && !first(er == null ? null : er.followUps(),
                ovDet == null ? null : ovDet.followUps(), ovDef == null ? null : ovDef.followUps(),
                det == null ? null : det.followUps(), d.followUps())) {
            // follow-up mentions turned off for this erasure, detector or override
            return new Decision(Action.ALLOW, rule, d.replacement(), d.refusal());
        }
        Action action = first(er == null ? null : er.action(), finding.action(), list == null ? null : list.action(),
                label == null ? null : label.action(),
                ovDet == null ? null : ovDet.action(), ovDef == null ? null : ovDef.action(),
                det == null ? null : det.action(), d.action());
        String replacement = first(er == null ? null : er.replacement(), list == null ? null : list.replacement(),
                label == null ? null : label.replacement(),
                ovDet == null ? null : ovDet.replacement(), ovDef == null ? null : ovDef.replacement(),
                det == null ? null : det.replacement(), d.replacement());
        String refusal = first(er == null ? null : er.refusal(), list == null ? null : list.refusal(),
                label == null ? null : label.refusal(),
                ovDet == null ? null : ovDet.refusal(), ovDef == null ? null : ovDef.refusal(),
                det == null ? null : det.refusal(), d.refusal());
        return new Decision(action, rule, replacement, refusal);
    }

    @Override
    public boolean checksPrompts() {
        return checksPrompts;
    }

    /** Same precedence as the action; an allow-listed finding never refuses. */
    @Override
    public boolean refusesPrompt(Finding finding, ScanContext context) {
        GuardRules.Override ov = override(context);
        if (ov != null && ov.allow().allows(finding.erasureId(), finding.rule())) {
            return false;
        }
        GuardRules.DetectorRule er = finding.erasureId() == null ? null : rules.erasures().get(finding.erasureId());
        GuardRules.DenyTermList list = DenyTermStage.NAME.equals(finding.detector()) ? lists.get(finding.rule()) : null;
        GuardRules.DetectorRule label = label(finding);
        GuardRules.DetectorRule ovDet = ov == null ? null : ov.detectors().get(finding.detector());
        GuardRules.DetectorRule ovDef = ov == null ? null : ov.defaults();
        GuardRules.DetectorRule det = rules.detectors().get(finding.detector());
        GuardRules.Prompt p = first(er == null ? null : er.prompt(), list == null ? null : list.prompt(),
                label == null ? null : label.prompt(),
                ovDet == null ? null : ovDet.prompt(), ovDef == null ? null : ovDef.prompt(),
                det == null ? null : det.prompt(), rules.defaults().prompt());
        return p == GuardRules.Prompt.REFUSE;
    }

    /** The rules' settings for an operator classifier's label ({@code classifier.labels."<model>:<label>"}). */
    private GuardRules.DetectorRule label(Finding finding) {
        return CLASSIFIER.equals(finding.detector()) && finding.erasureId() == null && finding.rule() != null
                ? rules.classifier().labels().get(finding.rule()) : null;
    }

    private GuardRules.Override override(ScanContext context) {
        if (rules.overrides().isEmpty()) {
            return null;
        }
        String model = context == null ? null : context.model();
        String tenant = context == null ? null : context.tenant();
        for (GuardRules.Override o : rules.overrides()) {
            if (o.matches(model, tenant)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public Decision onStageFailure(String stage, ScanContext context) {
        GuardRules.Defaults d = rules.defaults();
        return new Decision(Action.BLOCK, "stage-failure", d.replacement(), d.refusal());
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
