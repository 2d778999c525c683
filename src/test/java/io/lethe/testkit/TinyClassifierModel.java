package io.lethe.testkit;

import static io.lethe.testkit.OnnxProtoWriter.FLOAT;
import static io.lethe.testkit.OnnxProtoWriter.INT64;
import static io.lethe.testkit.OnnxProtoWriter.dimParam;
import static io.lethe.testkit.OnnxProtoWriter.dimValue;
import static io.lethe.testkit.OnnxProtoWriter.floatTensor;
import static io.lethe.testkit.OnnxProtoWriter.int64Tensor;
import static io.lethe.testkit.OnnxProtoWriter.intAttribute;
import static io.lethe.testkit.OnnxProtoWriter.node;
import static io.lethe.testkit.OnnxProtoWriter.tensorValueInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a tiny but real Hugging Face-style sequence-classification model folder ({@code model.onnx},
 * {@code tokenizer.json}, {@code config.json}), so tests can drive an operator-supplied ONNX classifier
 * without downloading one.
 *
 * <p>The model is a bag of words: every token id picks a row of a weight matrix {@code W [vocab, labels]},
 * rows of tokens whose attention mask is 0 are zeroed, the rest are summed and a bias is added. Logits
 * are therefore easy to compute by hand, which is what makes the model useful as a test oracle. The
 * inputs and output ({@code input_ids}, {@code attention_mask} → {@code logits}) have the names and
 * shapes of a BERT classifier export, and the tokenizer is a standard BERT WordPiece one.
 */
public final class TinyClassifierModel {

    /** Labels of {@link #hazardModel(Path)}. */
    public static final List<String> HAZARD_LABELS = List.of("safe", "hazard");

    // Specials come first, in BERT's usual relative order, so ids 0..3 are fixed across models.
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]");
    private static final int CLS_ID = 2;
    private static final int SEP_ID = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyClassifierModel() {
    }

    /**
     * Writes the model folder into {@code dir} (created if missing) and returns {@code dir}.
     *
     * @param labels label names, index = class id
     * @param wordWeights vocabulary words with their row of {@code W} (length {@code labels.size()});
     *        words must be lowercase ASCII-like single words, since the BERT normalizer lowercases input
     *        and the pre-tokenizer splits on whitespace and punctuation. Iteration order fixes the ids
     *        (4, 5, ...). Specials and any word not listed contribute zeros.
     * @param bias per-label bias (length {@code labels.size()})
     * @param multiLabel whether config.json declares {@code multi_label_classification} (sigmoid per label)
     *        rather than {@code single_label_classification} (softmax)
     */
    public static Path write(Path dir, List<String> labels, Map<String, float[]> wordWeights, float[] bias,
            boolean multiLabel) throws IOException {
        validate(labels, wordWeights, bias);
        Files.createDirectories(dir);

        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String s : SPECIALS) {
            vocab.put(s, vocab.size());
        }
        for (String w : wordWeights.keySet()) {
            vocab.put(w, vocab.size());
        }

        Files.write(dir.resolve("model.onnx"), onnx(vocab, labels.size(), wordWeights, bias));
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer(vocab));
        JSON.writeValue(dir.resolve("config.json").toFile(), config(labels, multiLabel));
        return dir;
    }

    /**
     * A single-label {@code safe}/{@code hazard} model: chemical-weapon words add 3 to {@code hazard},
     * a few everyday words add 0.5 to {@code safe}, and the bias {@code [1, -2]} favours {@code safe}.
     * "the synthesis of sarin nerve agent" scores hazard ≈ 0.9999; "the weather is nice today" scores
     * hazard ≈ 0.01.
     */
    public static Path hazardModel(Path dir) throws IOException {
        return write(dir, HAZARD_LABELS, hazardWordWeights(), hazardBias(), false);
    }

    /** The word rows {@link #hazardModel(Path)} uses (a fresh, insertion-ordered copy). */
    public static Map<String, float[]> hazardWordWeights() {
        Map<String, float[]> w = new LinkedHashMap<>();
        var hazardWords = List.of("sarin", "nerve", "agent", "synthesis", "precursor", "toxin", "weaponize");
        for (String hazard : hazardWords) {
            w.put(hazard, new float[] {0f, 3f});
        }
        for (String benign : List.of("weather", "nice", "today", "recipe", "garden")) {
            w.put(benign, new float[] {0.5f, 0f});
        }
        return w;
    }

    /** The bias {@link #hazardModel(Path)} uses (a fresh copy). */
    public static float[] hazardBias() {
        return new float[] {1f, -2f};
    }

    private static void validate(List<String> labels, Map<String, float[]> wordWeights, float[] bias) {
        if (labels.isEmpty() || new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels must be non-empty and distinct: " + labels);
        }
        if (bias.length != labels.size()) {
            throw new IllegalArgumentException(
                    "bias has " + bias.length + " values for " + labels.size() + " labels");
        }
        wordWeights.forEach((word, row) -> {
            // An uppercase or spaced entry could never be produced by the tokenizer, so it would be dead weight.
            boolean unusable = word.isBlank() || !word.equals(word.toLowerCase(Locale.ROOT))
                    || word.chars().anyMatch(Character::isWhitespace) || SPECIALS.contains(word);
            if (unusable) {
                throw new IllegalArgumentException("not a usable vocabulary word: '" + word + "'");
            }
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("row of '" + word + "' has " + row.length + " values for "
                        + labels.size() + " labels");
            }
        });
    }

    private static byte[] onnx(Map<String, Integer> vocab, int numLabels, Map<String, float[]> wordWeights,
            float[] bias) {
        // Row-major W [vocab, labels]; rows of specials stay zero.
        float[] w = new float[vocab.size() * numLabels];
        wordWeights.forEach((word, row) -> System.arraycopy(row, 0, w, vocab.get(word) * numLabels, numLabels));

        // Opset 13 moved Unsqueeze/ReduceSum axes from attributes to int64 inputs, hence the axis initializers.
        var initializers = List.of(
                floatTensor("W", new long[] {vocab.size(), numLabels}, w),
                floatTensor("bias", new long[] {numLabels}, bias.clone()),
                int64Tensor("unsqueeze_axes", new long[] {1}, new long[] {2}),
                int64Tensor("sum_axes", new long[] {1}, new long[] {1}));
        var nodes = List.of(
                node("gather", "Gather", List.of("W", "input_ids"), List.of("token_rows")),
                node("cast_mask", "Cast", List.of("attention_mask"), List.of("mask_f"),
                        intAttribute("to", FLOAT)),
                node("unsqueeze_mask", "Unsqueeze", List.of("mask_f", "unsqueeze_axes"), List.of("mask_3d")),
                node("apply_mask", "Mul", List.of("token_rows", "mask_3d"), List.of("masked_rows")),
                node("sum_tokens", "ReduceSum", List.of("masked_rows", "sum_axes"), List.of("summed"),
                        intAttribute("keepdims", 0)),
                node("add_bias", "Add", List.of("summed", "bias"), List.of("logits")));
        var inputs = List.of(
                tensorValueInfo("input_ids", INT64, dimParam("batch"), dimParam("seq")),
                tensorValueInfo("attention_mask", INT64, dimParam("batch"), dimParam("seq")));
        var outputs = List.of(tensorValueInfo("logits", FLOAT, dimParam("batch"), dimValue(numLabels)));

        var graph = OnnxProtoWriter.graph("tiny_bag_of_words_classifier", nodes, initializers, inputs, outputs);
        return OnnxProtoWriter.model(graph, "lethe-testkit", 8, 13);
    }

    // Same shape as a BERT tokenizer.json saved by Hugging Face tokenizers, minus padding/truncation.
    private static ObjectNode tokenizer(Map<String, Integer> vocab) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");

        ArrayNode added = root.putArray("added_tokens");
        for (String s : SPECIALS) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(s));
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }

        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", true);
        normalizer.putNull("strip_accents");
        normalizer.put("lowercase", true);

        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");

        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        // The library requires a pair template too; BERT's is [CLS] A [SEP] B [SEP].
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        specialToken(specials, "[CLS]", CLS_ID);
        specialToken(specials, "[SEP]", SEP_ID);

        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);

        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        return root;
    }

    private static void specialToken(ObjectNode specials, String token, int id) {
        ObjectNode t = specials.putObject(token);
        t.put("id", token);
        t.putArray("ids").add(id);
        t.putArray("tokens").add(token);
    }

    private static ObjectNode config(List<String> labels, boolean multiLabel) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("BertForSequenceClassification");
        root.put("model_type", "bert");
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        root.put("problem_type", multiLabel ? "multi_label_classification" : "single_label_classification");
        return root;
    }
}
