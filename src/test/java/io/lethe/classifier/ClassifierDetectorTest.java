package io.lethe.classifier;

import io.lethe.topic.TopicMatcher;
import io.lethe.rules.GuardRules;
import io.lethe.testkit.TinyClassifierModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassifierDetectorTest {

    static GuardRules labels(Map<String, GuardRules.DetectorRule> labels) {
        return new GuardRules(null, Map.of(), List.of(), null, null, new GuardRules.Classifier(null, null, null, labels));
    }

    @Test
    void labelsMustNameAConfiguredModelAndOneOfItsLabels(@TempDir Path dir) throws Exception {
        Path hazard = TinyClassifierModel.hazardModel(dir);
        ClassifierConfig.Model model = () -> hazard;
        ClassifierDetector wiring = new ClassifierDetector(new TestClassifierConfig(true, Map.of("hazard", model)),
                new SimpleMeterRegistry());
        GuardRules.DetectorRule block = new GuardRules.DetectorRule(io.lethe.guard.Action.BLOCK, null, null);
        ClassifierStage stage = wiring.stage(labels(Map.of("hazard:hazard", block)), TopicMatcher.NONE);
        assertThat(stage).isNotNull();
        assertThat(stage.async()).isTrue();
        assertThatThrownBy(() -> wiring.stage(labels(Map.of("hazard:weapons", block)), TopicMatcher.NONE))
                .hasMessageContaining("has no label 'weapons'").hasMessageContaining("[safe, hazard]");
        assertThatThrownBy(() -> wiring.stage(labels(Map.of("other:x", block)), TopicMatcher.NONE))
                .hasMessageContaining("no classifier model 'other'").hasMessageContaining("lethe.classifier.models.other.dir");
        // no topics and no labels: nothing to do, no stage (the pipeline stays synchronous)
        assertThat(wiring.stage(labels(Map.of()), TopicMatcher.NONE)).isNull();
        assertThat(wiring.topicEmbedder().apply(List.of("a topic text"))[0]).hasSize(384);
    }

    @Test
    void disabledLoadsNothingAndStillRefusesLabels() {
        ClassifierDetector wiring = new ClassifierDetector(TestClassifierConfig.disabled(), new SimpleMeterRegistry());
        assertThat(wiring.topicEmbedder()).isNull();
        assertThatThrownBy(() -> wiring.stage(labels(Map.of("hazard:hazard",
                new GuardRules.DetectorRule(null, null, null))), TopicMatcher.NONE))
                .hasMessageContaining("the classifier is disabled");
    }
}
