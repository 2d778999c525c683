package io.lethe.classifier;

import io.lethe.testkit.TinyClassifierModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxClassifierTest {

    static OnnxClassifier quantized;

    @BeforeAll
    static void load() {
        System.setProperty("ai.djl.offline", "true");
        quantized = OnnxClassifier.builtIn(OnnxClassifier.Device.CPU, 1, 128);
    }

    @AfterAll
    static void close() {
        quantized.close();
    }

    static float dot(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    static final List<String> MIXED = List.of(
            "The novelist was born in Kuwait City in 1956 and wrote about French literature.",
            "Rain again.",
            "Her father was a florist and her mother a game developer, which shaped her fantasy novels deeply.",
            "A short one here.");

    @Test
    void theBuiltInModelGivesUnitEmbeddingsThatPlaceParaphrasesCloserThanUnrelatedText() {
        float[][] v = quantized.run(List.of(
                "The author was born in Kuwait City on 8 September 1956.",
                "Born on September 8, 1956, the writer comes from Kuwait City.",
                "Preheat the oven and whisk two eggs with sugar."));
        assertThat(quantized.kind()).isEqualTo(OnnxClassifier.Kind.EMBEDDING);
        assertThat(v[0]).hasSize(384);
        assertThat(dot(v[0], v[0])).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.3f);
    }

    @Test
    void theQuantizedModelDriftsWithBatchMatesSoItRunsOneSentencePerCallAndScoresAreReproducible() {
        assertThat(quantized.perItem()).isTrue();
        float[][] together = quantized.run(MIXED);
        for (int i = 0; i < MIXED.size(); i++) {
            assertThat(quantized.run(List.of(MIXED.get(i)))[0]).isEqualTo(together[i]);
        }
    }

    @Test
    void theFp32ModelIsBatchInvariantAndRunsPaddedBatches(@TempDir Path dir) throws Exception {
        copy("/all-minilm-l6-v2.onnx", dir.resolve("model.onnx"));
        copy("/all-minilm-l6-v2-tokenizer.json", dir.resolve("tokenizer.json"));
        try (OnnxClassifier fp32 = OnnxClassifier.fromFolder("fp32", dir, OnnxClassifier.Device.CPU, 1, 128)) {
            assertThat(fp32.perItem()).isFalse();
            List<String> many = new ArrayList<>(MIXED);
            many.addAll(MIXED.subList(0, 2));
            float[][] together = fp32.run(many);
            for (int i = 0; i < many.size(); i++) {
                assertThat(fp32.run(List.of(many.get(i)))[0]).as("sentence %d", i).isEqualTo(together[i]);
            }
            assertThat(dot(fp32.run(List.of(MIXED.get(0)))[0], quantized.run(List.of(MIXED.get(0)))[0]))
                    .isGreaterThan(0.95f);
        }
    }

    @Test
    void aSequenceClassifierFolderGivesLabelsFromConfigAndProbabilities(@TempDir Path dir) throws Exception {
        TinyClassifierModel.hazardModel(dir);
        try (OnnxClassifier c = OnnxClassifier.fromFolder("hazard", dir, OnnxClassifier.Device.CPU, 1, 64)) {
            assertThat(c.kind()).isEqualTo(OnnxClassifier.Kind.SEQUENCE);
            assertThat(c.labels()).containsExactly("safe", "hazard");
            float[][] p = c.run(List.of("the synthesis of sarin nerve agent", "the weather is nice today"));
            assertThat(p[0][1]).isGreaterThan(0.9f);
            assertThat(p[1][1]).isLessThan(0.1f);
            assertThat(p[0][0] + p[0][1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(c.perItem()).isFalse();
        }
    }

    @Test
    void aBadFolderIsRefusedNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> OnnxClassifier.fromFolder("x", dir, OnnxClassifier.Device.CPU, 1, 64))
                .hasMessageContaining("model.onnx is missing");
        TinyClassifierModel.hazardModel(dir);
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> OnnxClassifier.fromFolder("x", dir, OnnxClassifier.Device.CPU, 1, 64))
                .hasMessageContaining("needs config.json with id2label");
        Files.writeString(dir.resolve("model.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxClassifier.fromFolder("x", dir, OnnxClassifier.Device.CPU, 1, 64))
                .hasMessageContaining("ONNX Runtime cannot load");
    }

    @Test
    void askingForCudaNeverFailsAndACpuBuildFallsBackToCpu() {
        boolean cudaBuild = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        try (OnnxClassifier c = OnnxClassifier.builtIn(OnnxClassifier.Device.CUDA, 1, 32)) {
            if (!cudaBuild) {
                assertThat(c.onGpu()).isFalse();
            }
            System.out.println("classifier on " + (c.onGpu() ? "CUDA" : "CPU") + " (CUDA in this build: " + cudaBuild + ")");
            assertThat(c.run(List.of("still works wherever it runs"))[0]).hasSize(384);
        }
    }

    private static void copy(String resource, Path to) throws Exception {
        try (InputStream in = OnnxClassifierTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
    }
}
