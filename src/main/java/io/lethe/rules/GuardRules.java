package io.lethe.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lethe.guard.Action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The merged content of the rules folder. Constructors validate, so a bad value is reported by the YAML
 * reader with its file and line.
 */
public record GuardRules(Defaults defaults, Map<String, DetectorRule> detectors, List<DenyTermList> denyTerms,
                         Map<String, DetectorRule> erasures, List<Override> overrides, Classifier classifier,
                         List<ProbeTemplate> auditProbes, List<String> detectorOrder) {

    static final String DEFAULT_REPLACEMENT = "[REDACTED]";
    static final String DEFAULT_REFUSAL = "This content was withheld by policy.";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public GuardRules {
        defaults = defaults == null ? Defaults.BUILT_IN : defaults;
        detectors = detectors == null ? Map.of() : Map.copyOf(detectors);
        denyTerms = denyTerms == null ? List.of() : List.copyOf(denyTerms);
        erasures = erasures == null ? Map.of() : Map.copyOf(erasures);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        classifier = classifier == null ? Classifier.BUILT_IN : classifier;
        auditProbes = auditProbes == null ? List.of() : List.copyOf(auditProbes);
        detectorOrder = detectorOrder == null ? List.of() : List.copyOf(detectorOrder);
        if (detectorOrder.stream().distinct().count() != detectorOrder.size()) {
            throw new IllegalArgumentException("detector_order: a detector is named twice");
        }
    }

    public GuardRules(Defaults defaults, Map<String, DetectorRule> detectors, List<DenyTermList> denyTerms,
                      Map<String, DetectorRule> erasures, List<Override> overrides, Classifier classifier,
                      List<ProbeTemplate> auditProbes) {
        this(defaults, detectors, denyTerms, erasures, overrides, classifier, auditProbes, null);
    }

    public GuardRules(Defaults defaults, Map<String, DetectorRule> detectors, List<DenyTermList> denyTerms,
                      Map<String, DetectorRule> erasures, List<Override> overrides, Classifier classifier) {
        this(defaults, detectors, denyTerms, erasures, overrides, classifier, null);
    }

    public GuardRules(Defaults defaults, Map<String, DetectorRule> detectors, List<DenyTermList> denyTerms,
                      Map<String, DetectorRule> erasures, List<Override> overrides) {
        this(defaults, detectors, denyTerms, erasures, overrides, null);
    }

    public GuardRules(Defaults defaults, Map<String, DetectorRule> detectors, List<DenyTermList> denyTerms) {
        this(defaults, detectors, denyTerms, null, null, null);
    }

    public static GuardRules builtIn() {
        return new GuardRules(Defaults.BUILT_IN, Map.of(), List.of());
    }

    /** Combines files read in name order; a later file may not redefine what an earlier one set. */
    GuardRules merge(GuardRules other, String otherName) {
        Defaults d = defaults;
        if (other.defaults != Defaults.BUILT_IN) {
            if (defaults != Defaults.BUILT_IN) {
                throw new IllegalArgumentException(otherName + ": 'defaults' is already set by another file");
            }
            d = other.defaults;
        }
        Map<String, DetectorRule> det = new LinkedHashMap<>(detectors);
        for (Map.Entry<String, DetectorRule> e : other.detectors.entrySet()) {
            if (det.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(otherName + ": detector '" + e.getKey() + "' is already configured by another file");
            }
        }
        List<DenyTermList> terms = new java.util.ArrayList<>(denyTerms);
        for (DenyTermList l : other.denyTerms) {
            if (terms.stream().anyMatch(x -> x.id().equals(l.id()))) {
                throw new IllegalArgumentException(otherName + ": deny-term list '" + l.id() + "' is already defined by another file");
            }
            terms.add(l);
        }
        Map<String, DetectorRule> er = new LinkedHashMap<>(erasures);
        for (Map.Entry<String, DetectorRule> e : other.erasures.entrySet()) {
            if (er.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(otherName + ": erasure '" + e.getKey() + "' is already configured by another file");
            }
        }
        List<Override> ov = new java.util.ArrayList<>(overrides);
        ov.addAll(other.overrides);
        Classifier c = classifier;
        if (other.classifier != Classifier.BUILT_IN) {
            if (classifier != Classifier.BUILT_IN) {
                throw new IllegalArgumentException(otherName + ": 'classifier' is already set by another file");
            }
            c = other.classifier;
        }
        List<ProbeTemplate> probes = new java.util.ArrayList<>(auditProbes);
        for (ProbeTemplate t : other.auditProbes) {
            if (probes.stream().anyMatch(x -> x.id().equals(t.id()))) {
                throw new IllegalArgumentException(otherName + ": audit probe '" + t.id() + "' is already defined by another file");
            }
            probes.add(t);
        }
        List<String> order = detectorOrder;
        if (!other.detectorOrder.isEmpty()) {
            if (!detectorOrder.isEmpty()) {
                throw new IllegalArgumentException(otherName + ": 'detector_order' is already set by another file");
            }
            order = other.detectorOrder;
        }
        return new GuardRules(d, det, terms, er, ov, c, probes, order);
    }

    /** File-level shape, as written in YAML. */
    record File(@JsonProperty("defaults") Defaults defaults,
                @JsonProperty("detectors") Map<String, DetectorRule> detectors,
                @JsonProperty("deny_terms") List<DenyTermList> denyTerms,
                @JsonProperty("erasures") Map<String, DetectorRule> erasures,
                @JsonProperty("overrides") List<Override> overrides,
                @JsonProperty("classifier") Classifier classifier,
                @JsonProperty("audit_probes") List<ProbeTemplate> auditProbes,
                @JsonProperty("detector_order") List<String> detectorOrder) {

        @JsonCreator
        File {
            if (auditProbes != null && auditProbes.stream().map(ProbeTemplate::id).distinct().count() != auditProbes.size()) {
                throw new IllegalArgumentException("audit_probes: template ids must be unique");
            }
            if (denyTerms != null) {
                long distinct = denyTerms.stream().map(DenyTermList::id).distinct().count();
                if (distinct != denyTerms.size()) {
                    throw new IllegalArgumentException("deny_terms: list ids must be unique");
                }
            }
        }

        GuardRules toRules() {
            return new GuardRules(defaults, detectors, denyTerms, erasures, overrides, classifier, auditProbes,
                    detectorOrder);
        }
    }

    /** What applies when neither the finding's erasure nor its detector or list says otherwise. */
    public record Defaults(@JsonProperty("action") Action action,
                           @JsonProperty("replacement") String replacement,
                           @JsonProperty("refusal") String refusal,
                           @JsonProperty("prompt") Prompt prompt,
                           @JsonProperty("follow_ups") Boolean followUps) {

        static final Defaults BUILT_IN = new Defaults(Action.REDACT, DEFAULT_REPLACEMENT, DEFAULT_REFUSAL, Prompt.ALLOW,
                true);

        public Defaults(Action action, String replacement, String refusal) {
            this(action, replacement, refusal, null, null);
        }

        public Defaults(Action action, String replacement, String refusal, Prompt prompt) {
            this(action, replacement, refusal, prompt, null);
        }

        @JsonCreator
        public Defaults {
            action = action == null ? Action.REDACT : action;
            replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
            refusal = refusal == null ? DEFAULT_REFUSAL : refusal;
            prompt = prompt == null ? Prompt.ALLOW : prompt;
            followUps = followUps == null ? Boolean.TRUE : followUps;
            if (action == Action.ALLOW) {
                throw new IllegalArgumentException("defaults.action: 'allow' would disable the guard");
            }
            if (refusal.isBlank()) {
                throw new IllegalArgumentException("defaults.refusal must not be blank");
            }
        }
    }

    /**
     * Per-detector (or per-erasure) policy; unset fields fall back to the defaults. {@code settings} is the
     * detector's own configuration, bound by the detector to its record ({@code DetectorContext#settings}).
     */
    public record DetectorRule(@JsonProperty("action") Action action,
                               @JsonProperty("replacement") String replacement,
                               @JsonProperty("refusal") String refusal,
                               @JsonProperty("prompt") Prompt prompt,
                               @JsonProperty("threshold") Double threshold,
                               @JsonProperty("follow_ups") Boolean followUps,
                               @JsonProperty("settings") Map<String, Object> settings) {

        public DetectorRule(Action action, String replacement, String refusal, Prompt prompt, Double threshold,
                            Boolean followUps) {
            this(action, replacement, refusal, prompt, threshold, followUps, null);
        }

        public DetectorRule(Action action, String replacement, String refusal) {
            this(action, replacement, refusal, null, null, null);
        }

        public DetectorRule(Action action, String replacement, String refusal, Prompt prompt) {
            this(action, replacement, refusal, prompt, null, null);
        }

        public DetectorRule(Action action, String replacement, String refusal, Prompt prompt, Double threshold) {
            this(action, replacement, refusal, prompt, threshold, null);
        }

        @JsonCreator
        public DetectorRule {
            settings = settings == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                throw new IllegalArgumentException("threshold must be between 0 and 1");
            }
            if (refusal != null && refusal.isBlank()) {
                throw new IllegalArgumentException("refusal must not be blank");
            }
        }
    }

    /**
     * A named list of literal terms, matched on word boundaries as {@link io.lethe.text.Folding} folds them
     * (case, diacritics); a term that folds to nothing (combining marks only) is refused as empty.
     */
    public record DenyTermList(@JsonProperty("id") String id,
                               @JsonProperty("terms") List<String> terms,
                               @JsonProperty("action") Action action,
                               @JsonProperty("replacement") String replacement,
                               @JsonProperty("refusal") String refusal,
                               @JsonProperty("prompt") Prompt prompt) {

        public DenyTermList(String id, List<String> terms, Action action, String replacement, String refusal) {
            this(id, terms, action, replacement, refusal, null);
        }

        /** The list's id and size: its terms are what must not be said. */
        @java.lang.Override
        public String toString() {
            return "DenyTermList[id=" + id + ", terms=" + (terms == null ? 0 : terms.size()) + ", action=" + action + "]";
        }

        @JsonCreator
        public DenyTermList {
            Objects.requireNonNull(id, "deny_terms[].id is required");
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("deny_terms[].id '" + id + "' must match " + ID.pattern());
            }
            if (terms == null || terms.isEmpty()) {
                throw new IllegalArgumentException("deny_terms '" + id + "': terms must list at least one term");
            }
            for (int i = 0; i < terms.size(); i++) {
                String t = terms.get(i);
                if (t == null || io.lethe.text.Folding.fold(t).isBlank()) {
                    throw new IllegalArgumentException("deny_terms '" + id + "': term " + i + " is empty");
                }
                if (t.length() > 1000) {
                    throw new IllegalArgumentException("deny_terms '" + id + "': term " + i + " is longer than 1000 characters");
                }
            }
            terms = List.copyOf(terms);
            if (refusal != null && refusal.isBlank()) {
                throw new IllegalArgumentException("deny_terms '" + id + "': refusal must not be blank");
            }
        }
    }

    /**
     * Settings for some models and/or tenants (both lists match when empty or absent); the first override
     * that matches a response applies, in file-name then file order.
     */
    public record Override(@JsonProperty("when") When when,
                           @JsonProperty("defaults") DetectorRule defaults,
                           @JsonProperty("detectors") Map<String, DetectorRule> detectors,
                           @JsonProperty("allow") Allow allow) {

        @JsonCreator
        public Override {
            Objects.requireNonNull(when, "overrides[].when is required");
            detectors = detectors == null ? Map.of() : Map.copyOf(detectors);
            allow = allow == null ? new Allow(null, null) : allow;
        }

        boolean matches(String model, String tenant) {
            return when.models().isEmpty() || (model != null && when.models().contains(model))
                    ? when.tenants().isEmpty() || (tenant != null && when.tenants().contains(tenant))
                    : false;
        }
    }

    /** Which responses an override is for. */
    public record When(@JsonProperty("models") List<String> models, @JsonProperty("tenants") List<String> tenants) {

        @JsonCreator
        public When {
            models = models == null ? List.of() : List.copyOf(models);
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
            if (models.isEmpty() && tenants.isEmpty()) {
                throw new IllegalArgumentException("overrides[].when needs models or tenants");
            }
        }
    }

    /** Findings let through (action allow) for the override's models and tenants: by erasure id or rule. */
    public record Allow(@JsonProperty("erasures") List<String> erasures, @JsonProperty("rules") List<String> rules) {

        @JsonCreator
        public Allow {
            erasures = erasures == null ? List.of() : List.copyOf(erasures);
            rules = rules == null ? List.of() : List.copyOf(rules);
        }

        boolean allows(String erasureId, String rule) {
            return (erasureId != null && erasures.contains(erasureId)) || (rule != null && rules.contains(rule));
        }
    }

    /**
     * The classifier stage: how it enforces (inline holds each sentence until scored; shadow releases it and
     * audits), what happens when scoring fails or times out (closed: block; open: release and record that
     * the sentence went unscanned), the lowest topic cosine acted on, and the labels of operator models
     * acted on, keyed {@code <model>:<label>} (threshold default 0.5).
     */
    public record Classifier(@JsonProperty("mode") Mode mode,
                             @JsonProperty("fail") Fail fail,
                             @JsonProperty("topic_threshold") Double topicThreshold,
                             @JsonProperty("labels") Map<String, DetectorRule> labels) {

        /** Calibrated on TOFU (BENCHMARKS.md, "Classifier"): all-MiniLM-L6-v2 cosine between sentence and topic. */
        public static final double DEFAULT_TOPIC_THRESHOLD = 0.70;
        static final Classifier BUILT_IN = new Classifier(null, null, null, null);

        @JsonCreator
        public Classifier {
            mode = mode == null ? Mode.INLINE : mode;
            fail = fail == null ? Fail.CLOSED : fail;
            topicThreshold = topicThreshold == null ? DEFAULT_TOPIC_THRESHOLD : topicThreshold;
            if (topicThreshold < 0 || topicThreshold > 1) {
                throw new IllegalArgumentException("classifier.topic_threshold must be between 0 and 1");
            }
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            for (String k : labels.keySet()) {
                int colon = k.indexOf(':');
                if (colon <= 0 || colon == k.length() - 1) {
                    throw new IllegalArgumentException("classifier.labels: '" + k + "' must be <model>:<label>");
                }
            }
        }
    }

    public enum Mode {
        @com.fasterxml.jackson.annotation.JsonProperty("inline") INLINE,
        @com.fasterxml.jackson.annotation.JsonProperty("shadow") SHADOW
    }

    public enum Fail {
        @com.fasterxml.jackson.annotation.JsonProperty("closed") CLOSED,
        @com.fasterxml.jackson.annotation.JsonProperty("open") OPEN
    }

    /**
     * The lowest topic score any setting may act on: the classifier reports from there and the policy
     * applies each erasure's, override's or the detector's threshold, else {@code topic_threshold}.
     */
    public double lowestTopicThreshold() {
        double t = classifier.topicThreshold();
        for (DetectorRule r : erasures.values()) {
            if (r.threshold() != null) {
                t = Math.min(t, r.threshold());
            }
        }
        DetectorRule det = detectors.get("classifier");
        if (det != null && det.threshold() != null) {
            t = Math.min(t, det.threshold());
        }
        for (Override o : overrides) {
            DetectorRule od = o.detectors().get("classifier");
            if (od != null && od.threshold() != null) {
                t = Math.min(t, od.threshold());
            }
        }
        return t;
    }

    /** What a match in a client's prompt does: nothing (the default), or refuse the request upstream-free. */
    public enum Prompt {
        @com.fasterxml.jackson.annotation.JsonProperty("allow") ALLOW,
        @com.fasterxml.jackson.annotation.JsonProperty("refuse") REFUSE
    }

    /** Whether any setting opts prompts into checking. */
    boolean anyPromptRefusal() {
        if (defaults.prompt() == Prompt.REFUSE) {
            return true;
        }
        for (DetectorRule r : detectors.values()) {
            if (r.prompt() == Prompt.REFUSE) {
                return true;
            }
        }
        for (DetectorRule r : erasures.values()) {
            if (r.prompt() == Prompt.REFUSE) {
                return true;
            }
        }
        for (DenyTermList l : denyTerms) {
            if (l.prompt() == Prompt.REFUSE) {
                return true;
            }
        }
        for (DetectorRule r : classifier.labels().values()) {
            if (r.prompt() == Prompt.REFUSE) {
                return true;
            }
        }
        for (Override o : overrides) {
            if (o.defaults() != null && o.defaults().prompt() == Prompt.REFUSE) {
                return true;
            }
            for (DetectorRule r : o.detectors().values()) {
                if (r.prompt() == Prompt.REFUSE) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A residual-knowledge probe template ({@code audit_probes} in the rules folder; the audit ships defaults in
     * its jar). {@code text} holds exactly one placeholder naming what the probe offers the model:
     * person {@code {name} {alias} {email} {phone} {identifier}}; passage {@code {prefix}} (continue it) or
     * {@code {cloze}} (a sentence with a span masked); topic {@code {example}} or {@code {description}}.
     *
     * @param id       unique across the folder, like other rule ids
     * @param kind     {@code person}, {@code passage} or {@code topic}
     * @param language a BCP 47 language tag ({@code en}, {@code de}, {@code pt-BR}); probes run in the languages
     *                 {@code lethe.audit.languages} lists
     * @param text     the question sent to the model, with its placeholder
     */
    public record ProbeTemplate(@JsonProperty("id") String id, @JsonProperty("kind") String kind,
                                @JsonProperty("language") String language, @JsonProperty("text") String text) {

        /** The placeholders each kind may use. */
        public static final Map<String, List<String>> PLACEHOLDERS = Map.of(
                "person", List.of("name", "alias", "email", "phone", "identifier"),
                "passage", List.of("prefix", "cloze"),
                "topic", List.of("example", "description"));
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
        private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

        @JsonCreator
        public ProbeTemplate {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("audit_probes: id must match " + ID.pattern());
            }
            if (kind == null || !PLACEHOLDERS.containsKey(kind)) {
                throw new IllegalArgumentException("audit_probes '" + id + "': kind must be person, passage or topic");
            }
            if (language == null || !LANGUAGE.matcher(language).matches()) {
                throw new IllegalArgumentException("audit_probes '" + id + "': language must be a language tag like en or pt-BR");
            }
            if (text == null || text.isBlank() || text.length() > 2000) {
                throw new IllegalArgumentException("audit_probes '" + id + "': text must hold 1 to 2000 characters");
            }
            java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
            List<String> found = new java.util.ArrayList<>();
            while (m.find()) {
                found.add(m.group(1));
            }
            if (found.size() != 1 || !PLACEHOLDERS.get(kind).contains(found.get(0))) {
                throw new IllegalArgumentException("audit_probes '" + id + "': text must hold exactly one placeholder of "
                        + PLACEHOLDERS.get(kind).stream().map(x -> "{" + x + "}").toList() + " for kind " + kind);
            }
        }

        /** The one placeholder's name ({@code name}, {@code email}, {@code prefix}, ...). */
        public String field() {
            java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
            m.find();
            return m.group(1);
        }

        /** The text with the placeholder replaced by {@code value}. */
        public String fill(String value) {
            return text.replace("{" + field() + "}", value);
        }
    }
}
