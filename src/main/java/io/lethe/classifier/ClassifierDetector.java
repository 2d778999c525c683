package io.lethe.classifier;

import io.lethe.guard.DetectorContext;
import io.lethe.guard.DetectorFactory;
import io.lethe.guard.GuardStage;
import io.lethe.topic.TopicMatcher;
import io.lethe.topic.TopicSource;
import io.lethe.rules.GuardRules;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The classifier detector. Loads the models once (the built-in sentence model unless
 * {@code lethe.classifier.model-dir} names another; operator models from {@code lethe.classifier.models}),
 * starts their micro-batchers, and builds the classifier stage for each pipeline from the rules'
 * {@code classifier} section and the registry's topics ({@link TopicSource}).
 */
@ApplicationScoped
public class ClassifierDetector implements DetectorFactory {

    private static final Logger LOG = Logger.getLogger(ClassifierDetector.class);

    private final ClassifierConfig config;
    private final MeterRegistry meters;
    private final Instance<TopicSource> topicSources;
    private OnnxClassifier sentenceModel;
    private MicroBatcher sentences;
    private final Map<String, OnnxClassifier> models = new LinkedHashMap<>();
    private final Map<String, MicroBatcher> batchers = new LinkedHashMap<>();
    private boolean loaded;

    @Inject
    public ClassifierDetector(ClassifierConfig config, MeterRegistry meters, Instance<TopicSource> topicSources) {
        this.config = config;
        this.meters = meters;
        this.topicSources = topicSources;
    }

    /** For tests that build it by hand: topics come only through {@link #stage}. */
    public ClassifierDetector(ClassifierConfig config, MeterRegistry meters) {
        this(config, meters, null);
    }

    @Override
    public String name() {
        return ClassifierStage.NAME;
    }

    @Override
    public int defaultOrder() {
        return 400;
    }

    /** The stage over the rules in force and the registry's current topics, or null when it has nothing to do. */
    @Override
    public GuardStage build(DetectorContext context) {
        GuardRules rules = context.shared(GuardRules.class);
        TopicSource source = topicSources == null || !topicSources.isResolvable() ? null : topicSources.get();
        return stage(rules == null ? GuardRules.builtIn() : rules, source == null ? null : source.topics());
    }

    private synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!config.enabled()) {
            LOG.info("classifier disabled (lethe.classifier.enabled=false): topics are stored but not enforced");
            return;
        }
        // DJL's tokenizer library would otherwise try to reach a metadata address on first use.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        OnnxClassifier.Device device = OnnxClassifier.Device.parse(config.device());
        int workers = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        sentenceModel = config.modelDir()
                .map(d -> OnnxClassifier.fromFolder("sentences", d, device, config.threads(), config.maxTokens()))
                .orElseGet(() -> OnnxClassifier.builtIn(device, config.threads(), config.maxTokens()));
        if (sentenceModel.kind() != OnnxClassifier.Kind.EMBEDDING) {
            throw new IllegalArgumentException("lethe.classifier.model-dir must hold a sentence-embedding model "
                    + "(last_hidden_state or sentence_embedding output), not a classifier with logits");
        }
        sentences = batcher("sentences", sentenceModel, workers);
        config.models().forEach((name, m) -> {
            OnnxClassifier c = OnnxClassifier.fromFolder(name, m.dir(), device, config.threads(), config.maxTokens());
            if (c.kind() != OnnxClassifier.Kind.SEQUENCE) {
                throw new IllegalArgumentException("lethe.classifier.models." + name + ".dir must hold a sequence "
                        + "classifier (a logits output and config.json id2label)");
            }
            models.put(name, c);
            batchers.put(name, batcher(name, c, workers));
        });
    }

    private MicroBatcher batcher(String name, OnnxClassifier model, int workers) {
        MicroBatcher b = new MicroBatcher(name, model::run, workers, config.maxBatch(), config.maxWait(),
                config.queueCapacity(), config.timeout());
        Gauge.builder("lethe.classifier.queue", b, x -> x.stats().queued()).tag("model", name)
                .description("sentences waiting for the classifier").register(meters);
        FunctionCounter.builder("lethe.classifier.sentences", b, x -> x.stats().sentences()).tag("model", name)
                .description("sentences scored").register(meters);
        FunctionCounter.builder("lethe.classifier.batches", b, x -> x.stats().batches()).tag("model", name)
                .description("model runs").register(meters);
        FunctionCounter.builder("lethe.classifier.failures", b, x -> x.stats().rejected() + x.stats().timedOut()
                        + x.stats().failed()).tag("model", name)
                .description("sentences refused (queue full), timed out or failed").register(meters);
        return b;
    }

    /** The sentence model's identity (name and fingerprint), or null when the classifier is off. */
    public String topicModel() {
        load();
        return sentenceModel == null ? null : sentenceModel.name() + "@" + sentenceModel.fingerprint();
    }

    /** The false-positive rate topic heads are calibrated to ({@code lethe.classifier.topic-fpr}). */
    public double topicFpr() {
        double fpr = config.topicFpr();
        if (!(fpr >= 0 && fpr < 1)) {
            throw new IllegalArgumentException("lethe.classifier.topic-fpr must be at least 0 and below 1, not " + fpr);
        }
        return fpr;
    }

    /** Embeds topic texts for the registry, or null when the classifier is off. */
    public Function<List<String>, float[][]> topicEmbedder() {
        load();
        return sentenceModel == null ? null : sentenceModel::run;
    }

    /**
     * The stage for a pipeline, or null when it would have nothing to do (no topics, no labels in the rules).
     * Labels naming a model or label that does not exist are refused with the reason.
     */
    ClassifierStage stage(GuardRules rules, TopicMatcher topics) {
        load();
        GuardRules.Classifier rc = rules.classifier();
        Map<String, List<ClassifierStage.Label>> labels = new LinkedHashMap<>();
        rc.labels().forEach((key, setting) -> {
            int colon = key.indexOf(':');
            String model = key.substring(0, colon);
            String label = key.substring(colon + 1);
            OnnxClassifier c = models.get(model);
            if (c == null) {
                throw new IllegalArgumentException("classifier.labels: '" + key + "': no classifier model '" + model
                        + "' is configured (lethe.classifier.models." + model + ".dir)"
                        + (config.enabled() ? "" : "; the classifier is disabled"));
            }
            int index = c.labels().indexOf(label);
            if (index < 0) {
                throw new IllegalArgumentException("classifier.labels: '" + key + "': model '" + model
                        + "' has no label '" + label + "' (it has " + c.labels() + ")");
            }
            double threshold = setting.threshold() == null ? 0.5 : setting.threshold();
            labels.computeIfAbsent(model, k -> new ArrayList<>())
                    .add(new ClassifierStage.Label(label, index, threshold, setting.action()));
        });
        if (sentenceModel == null) {
            return null;
        }
        List<ClassifierStage.SequenceModel> seq = new ArrayList<>();
        labels.forEach((model, ls) -> seq.add(new ClassifierStage.SequenceModel(model, batchers.get(model), ls)));
        ClassifierStage stage = new ClassifierStage(new ClassifierStage.Settings(
                rc.mode() == GuardRules.Mode.SHADOW ? ClassifierStage.Mode.SHADOW : ClassifierStage.Mode.INLINE,
                rc.fail() == GuardRules.Fail.OPEN ? ClassifierStage.FailMode.OPEN : ClassifierStage.FailMode.CLOSED,
                (float) rules.lowestTopicThreshold(), config.maxSentenceChars(), config.minWords()),
                sentences, topics, seq);
        return stage.active() ? stage : null;
    }

    /** For readiness data: per model, where it runs, how it batches, queued and failed sentences. */
    public synchronized Map<String, String> describe() {
        load();
        Map<String, String> out = new LinkedHashMap<>();
        if (sentenceModel == null) {
            out.put("status", "disabled: topics are stored but not enforced");
            return out;
        }
        out.put("sentences", describe(sentenceModel, sentences));
        models.forEach((name, m) -> out.put("model " + name, describe(m, batchers.get(name))));
        return out;
    }

    private static String describe(OnnxClassifier m, MicroBatcher b) {
        MicroBatcher.Stats s = b.stats();
        return m.name() + " on " + (m.onGpu() ? "CUDA" : "CPU") + ", " + (m.perItem() ? "one sentence per run"
                : "padded batches") + "; queued " + s.queued() + ", scored " + s.sentences() + ", refused "
                + s.rejected() + ", timed out " + s.timedOut() + ", failed " + s.failed();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (sentences != null) {
            sentences.close();
        }
        batchers.values().forEach(MicroBatcher::close);
        if ((sentences != null && !sentences.stopped()) || !batchers.values().stream().allMatch(MicroBatcher::stopped)) {
            // a batch is still inside ONNX Runtime: closing its session under it would abort the JVM
            LOG.warn("classifier workers still scoring at shutdown; the models are left to the process exit");
            return;
        }
        if (sentenceModel != null) {
            sentenceModel.close();
        }
        models.values().forEach(OnnxClassifier::close);
    }
}
