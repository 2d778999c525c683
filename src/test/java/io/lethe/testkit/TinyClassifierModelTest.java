package io.lethe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written model folder must load and behave like a real exported classifier: ONNX Runtime
 * accepts the graph, DJL's Hugging Face tokenizer accepts tokenizer.json, and the logits match the
 * bag-of-words arithmetic the model promises.
 */
class TinyClassifierModelTest {

    private static final String HAZARD = "the synthesis of sarin nerve agent";
    private static final String BENIGN = "the weather is nice today";

    @BeforeAll
    static void offline() {
        // DJL must never try to fetch anything; its native library is already cached.
        System.setProperty("ai.djl.offline", "true");
    }

    @Test
    void hazardModelRunsInOnnxRuntimeAndMatchesHandComputedLogits(@TempDir Path tmp) throws Exception {
        Path dir = TinyClassifierModel.hazardModel(tmp.resolve("hazard"));
        Map<String, float[]> weights = TinyClassifierModel.hazardWordWeights();
        float[] bias = TinyClassifierModel.hazardBias();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"));
                OrtSession session = env.createSession(dir.resolve("model.onnx").toString(),
                        new OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactly("input_ids", "attention_mask");
            assertThat(session.getOutputNames()).containsExactly("logits");

            Encoding hazard = tokenizer.encode(HAZARD);
            Encoding benign = tokenizer.encode(BENIGN);
            // The vocabulary is really used: specials wrap the text, known words keep their own ids.
            assertThat(hazard.getTokens())
                    .containsExactly("[CLS]", "[UNK]", "synthesis", "[UNK]", "sarin", "nerve", "agent", "[SEP]");
            assertThat(benign.getTokens())
                    .containsExactly("[CLS]", "[UNK]", "weather", "[UNK]", "nice", "today", "[SEP]");

            float[][] batch = run(env, session, List.of(hazard, benign));
            assertThat(batch).hasDimensions(2, 2);

            assertThat(softmax(batch[0])[1]).isGreaterThan(0.9f);
            assertThat(softmax(batch[1])[1]).isLessThan(0.1f);

            float[][] expected = {handLogits(hazard, weights, bias), handLogits(benign, weights, bias)};
            for (int row = 0; row < 2; row++) {
                for (int label = 0; label < 2; label++) {
                    assertThat(batch[row][label]).isCloseTo(expected[row][label], within(1e-5f));
                }
            }

            // Padding must not leak into the logits: each sentence alone gives its batched row.
            assertThat(run(env, session, List.of(hazard))[0]).containsExactly(batch[0], within(1e-5f));
            assertThat(run(env, session, List.of(benign))[0]).containsExactly(batch[1], within(1e-5f));
        }
    }

    @Test
    void attentionMaskZeroesPositionsWhateverTheirIds(@TempDir Path tmp) throws Exception {
        Path dir = TinyClassifierModel.hazardModel(tmp.resolve("hazard"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString(),
                new OrtSession.SessionOptions())) {
            // ids 4 = "sarin" (+3 hazard); only the first position is attended to.
            float[][] logits = run(env, session, new long[][] {{4, 4, 4}}, new long[][] {{1, 0, 0}});
            assertThat(logits[0]).containsExactly(new float[] {1f, 1f}, within(1e-5f));
        }
    }

    @Test
    void configDeclaresLabelsAndProblemType(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = TinyClassifierModel.hazardModel(tmp.resolve("a"));
        JsonNode single = json.readTree(dir.resolve("config.json").toFile());
        assertThat(single.path("architectures").get(0).asText()).isEqualTo("BertForSequenceClassification");
        assertThat(single.path("model_type").asText()).isEqualTo("bert");
        assertThat(single.path("problem_type").asText()).isEqualTo("single_label_classification");
        JsonNode id2label = single.path("id2label");
        JsonNode label2id = single.path("label2id");
        for (int i = 0; i < TinyClassifierModel.HAZARD_LABELS.size(); i++) {
            String label = id2label.path(Integer.toString(i)).asText();
            assertThat(label).isEqualTo(TinyClassifierModel.HAZARD_LABELS.get(i));
            assertThat(label2id.path(label).asInt(-1)).isEqualTo(i);
        }
        assertThat(id2label.size()).isEqualTo(2);

        Path multi = TinyClassifierModel.write(tmp.resolve("b"), List.of("pii", "toxic", "hazard"),
                Map.of("ssn", new float[] {2f, 0f, 0f}), new float[] {0f, 0f, 0f}, true);
        assertThat(json.readTree(multi.resolve("config.json").toFile()).path("problem_type").asText())
                .isEqualTo("multi_label_classification");
    }

    @Test
    void rejectsRowsThatDoNotMatchTheLabels(@TempDir Path tmp) {
        assertThatThrownBy(() -> TinyClassifierModel.write(tmp, List.of("a", "b"),
                Map.of("word", new float[] {1f}), new float[] {0f, 0f}, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("word");
        assertThatThrownBy(() -> TinyClassifierModel.write(tmp, List.of("a", "b"),
                Map.of("Word", new float[] {1f, 0f}), new float[] {0f, 0f}, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs encodings as one batch, right-padded with [PAD] (id 0) and mask 0, as a real caller would. */
    private static float[][] run(OrtEnvironment env, OrtSession session, List<Encoding> encodings)
            throws OrtException {
        int seq = encodings.stream().mapToInt(e -> e.getIds().length).max().orElseThrow();
        long[][] ids = new long[encodings.size()][seq];
        long[][] mask = new long[encodings.size()][seq];
        for (int i = 0; i < encodings.size(); i++) {
            long[] eIds = encodings.get(i).getIds();
            long[] eMask = encodings.get(i).getAttentionMask();
            System.arraycopy(eIds, 0, ids[i], 0, eIds.length);
            System.arraycopy(eMask, 0, mask[i], 0, eMask.length);
        }
        return run(env, session, ids, mask);
    }

    private static float[][] run(OrtEnvironment env, OrtSession session, long[][] ids, long[][] mask)
            throws OrtException {
        long[] shape = {ids.length, ids[0].length};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(flatten(ids)), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(flatten(mask)), shape);
                OrtSession.Result result =
                        session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor))) {
            OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
            assertThat(logits.getInfo().getShape()).containsExactly(ids.length, 2);
            return (float[][]) logits.getValue();
        }
    }

    private static long[] flatten(long[][] rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }

    /** The model's promise, computed from the tokens: bias plus the row of every attended token. */
    private static float[] handLogits(Encoding encoding, Map<String, float[]> weights, float[] bias) {
        float[] sum = bias.clone();
        String[] tokens = encoding.getTokens();
        long[] mask = encoding.getAttentionMask();
        for (int t = 0; t < tokens.length; t++) {
            float[] row = weights.get(tokens[t]);
            if (row != null && mask[t] == 1) {
                for (int l = 0; l < sum.length; l++) {
                    sum[l] += row[l];
                }
            }
        }
        return sum;
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double total = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            total += exp[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (exp[i] / total);
        }
        return p;
    }
}
