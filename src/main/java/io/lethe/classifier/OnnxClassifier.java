package io.lethe.classifier;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ONNX model with its tokenizer: either a sentence-embedding model (mean-pooled, L2-normalized
 * {@code last_hidden_state}, or its {@code sentence_embedding} output) or a sequence classifier
 * ({@code logits} turned into probabilities: softmax, or sigmoid for multi-label models).
 *
 * <p>Reproducible: at load the model scores probe sentences alone and in a padded batch. A model whose
 * results move with their batch-mates (dynamically quantized models compute one activation scale per batch)
 * is then run one sentence per call, so a sentence always gets the same score. Thread-safe.
 */
public final class OnnxClassifier implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxClassifier.class);
    private static final String BUILT_IN_MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String BUILT_IN_TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final List<String> PROBES = List.of(
            "The quick brown fox jumps over the lazy dog near the river bank.",
            "Short probe.",
            "An author born in a coastal city wrote three novels about memory, exile and the sea before 1990.");

    /** What the model's output is. */
    public enum Kind { EMBEDDING, SEQUENCE }

    /** Where a model runs. */
    public enum Device {
        CPU, CUDA, AUTO;

        public static Device parse(String v) {
            try {
                return valueOf(v.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown classifier device '" + v + "' (expected cpu, cuda or auto)");
            }
        }
    }

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Kind kind;
    private final List<String> labels;
    private final boolean multiLabel;
    private final boolean tokenTypes;
    private final String output;
    private final int maxTokens;
    private final String fingerprint;
    private final boolean cuda;
    private boolean perItem;

    private OnnxClassifier(String name, byte[] model, InputStream tokenizerJson, JsonNode config, Device device,
                           int threads, int maxTokens) throws OrtException, IOException {
        this.name = name;
        this.maxTokens = maxTokens;
        this.fingerprint = sha256(model);
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(Math.max(1, threads));
        boolean onGpu = false;
        if (device != Device.CPU) {
            try {
                so.addCUDA(0);
                onGpu = true;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                if (device == Device.CUDA) {
                    LOG.warnf("classifier %s: CUDA execution provider unavailable (%s); running on CPU", name,
                            e.getMessage());
                } else {
                    LOG.infof("classifier %s: no CUDA execution provider in this build or on this machine; running on CPU", name);
                }
            }
        }
        this.cuda = onGpu;
        this.session = env.createSession(model, so);
        Map<String, String> opts = new HashMap<>();
        opts.put("truncation", "true");
        opts.put("padding", "false");
        opts.put("maxLength", Integer.toString(maxTokens));
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, opts);
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (!inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
            throw new IllegalArgumentException("classifier " + name + ": the model must take input_ids and attention_mask, it takes "
                    + inputs.keySet());
        }
        this.tokenTypes = inputs.containsKey("token_type_ids");
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (outputs.containsKey("logits")) {
            kind = Kind.SEQUENCE;
            output = "logits";
            labels = labels(config, name, (TensorInfo) outputs.get("logits").getInfo());
            multiLabel = config != null && "multi_label_classification".equals(config.path("problem_type").asText());
        } else if (outputs.containsKey("sentence_embedding") || outputs.containsKey("last_hidden_state")) {
            kind = Kind.EMBEDDING;
            output = outputs.containsKey("sentence_embedding") ? "sentence_embedding" : "last_hidden_state";
            labels = List.of();
            multiLabel = false;
        } else {
            throw new IllegalArgumentException("classifier " + name + ": no logits, sentence_embedding or last_hidden_state output in "
                    + outputs.keySet());
        }
        this.perItem = !batchInvariant();
        LOG.infof("classifier %s: %s model on %s, %d thread(s), max %d tokens, %s", name,
                kind.name().toLowerCase(Locale.ROOT), cuda ? "CUDA" : "CPU", Math.max(1, threads), maxTokens,
                perItem ? "scores move with batch-mates: one sentence per run" : "batch-invariant: padded batches");
    }

    /** The model shipped in the gateway's jar: all-MiniLM-L6-v2 (int8), a 384-dimension sentence embedding. */
    public static OnnxClassifier builtIn(Device device, int threads, int maxTokens) {
        try (InputStream m = resource(BUILT_IN_MODEL); InputStream t = resource(BUILT_IN_TOKENIZER)) {
            return new OnnxClassifier("all-MiniLM-L6-v2-q", m.readAllBytes(), t, null, device, threads, maxTokens);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in classifier model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the built-in classifier model: " + e.getMessage(), e);
        }
    }

    /** A Hugging Face-style folder: {@code model.onnx}, {@code tokenizer.json}, optional {@code config.json}. */
    public static OnnxClassifier fromFolder(String name, Path dir, Device device, int threads, int maxTokens) {
        Path model = dir.resolve("model.onnx");
        Path tok = dir.resolve("tokenizer.json");
        for (Path p : List.of(model, tok)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("classifier " + name + ": " + p + " is missing");
            }
        }
        try (InputStream t = Files.newInputStream(tok)) {
            Path cfg = dir.resolve("config.json");
            JsonNode config = Files.isRegularFile(cfg) ? new ObjectMapper().readTree(cfg.toFile()) : null;
            return new OnnxClassifier(name, Files.readAllBytes(model), t, config, device, threads, maxTokens);
        } catch (IOException e) {
            throw new UncheckedIOException("classifier " + name + ": cannot read " + dir, e);
        } catch (OrtException e) {
            throw new IllegalArgumentException("classifier " + name + ": ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Label names in output order (sequence classifiers), from {@code config.json}'s {@code id2label}. */
    public List<String> labels() {
        return labels;
    }

    /** SHA-256 of the model file: embeddings made by another model are not comparable. */
    public String fingerprint() {
        return fingerprint;
    }

    public boolean onGpu() {
        return cuda;
    }

    /** Whether sentences are run one per call (the model is not batch-invariant). */
    public boolean perItem() {
        return perItem;
    }

    /**
     * Scores texts: unit embeddings, or one probability per label. Batch-invariant models get padded
     * batches of similar lengths; the others one run per text.
     */
    public float[][] run(List<String> texts) {
        float[][] out = new float[texts.size()][];
        if (texts.isEmpty()) {
            return out;
        }
        long[][] ids = new long[texts.size()][];
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < ids.length; i++) {
            Encoding e = tokenizer.encode(texts.get(i));
            ids[i] = e.getIds();
            order[i] = i;
        }
        if (perItem) {
            for (int i = 0; i < ids.length; i++) {
                out[i] = runBatch(new long[][]{ids[i]})[0];
            }
            return out;
        }
        // Similar lengths together: padding costs compute, and a batch runs as long as its longest member.
        Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
        int s = 0;
        while (s < order.length) {
            int e = s + 1;
            while (e < order.length && ids[order[e]].length <= ids[order[s]].length * 5 / 4 + 2) {
                e++;
            }
            long[][] group = new long[e - s][];
            for (int i = s; i < e; i++) {
                group[i - s] = ids[order[i]];
            }
            float[][] r = runBatch(group);
            for (int i = s; i < e; i++) {
                out[order[i]] = r[i - s];
            }
            s = e;
        }
        return out;
    }

    private float[][] runBatch(long[][] ids) {
        int n = ids.length;
        int width = 0;
        for (long[] x : ids) {
            width = Math.max(width, x.length);
        }
        long[] flatIds = new long[n * width];
        long[] mask = new long[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids[i], 0, flatIds, i * width, ids[i].length);
            Arrays.fill(mask, i * width, i * width + ids[i].length, 1L);
        }
        long[] shape = {n, width};
        Map<String, OnnxTensor> in = new HashMap<>(4);
        try {
            in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flatIds), shape));
            in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (tokenTypes) {
                in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * width]), shape));
            }
            try (OrtSession.Result r = session.run(in, java.util.Set.of(output))) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                long[] outShape = t.getInfo().getShape();
                FloatBuffer fb = t.getFloatBuffer();
                return kind == Kind.SEQUENCE ? probabilities(fb, n, (int) outShape[1])
                        : output.equals("sentence_embedding") ? normalized(fb, n, (int) outShape[1])
                        : meanPooled(fb, ids, width, (int) outShape[2]);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("classifier " + name + " failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }

    private float[][] probabilities(FloatBuffer fb, int n, int k) {
        float[][] out = new float[n][k];
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                out[i][j] = fb.get(i * k + j);
                max = Math.max(max, out[i][j]);
            }
            if (multiLabel) {
                for (int j = 0; j < k; j++) {
                    out[i][j] = (float) (1 / (1 + Math.exp(-out[i][j])));
                }
            } else {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(out[i][j] - max);
                }
                for (int j = 0; j < k; j++) {
                    out[i][j] = (float) (Math.exp(out[i][j] - max) / sum);
                }
            }
        }
        return out;
    }

    private static float[][] normalized(FloatBuffer fb, int n, int dim) {
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            fb.get(i * dim, out[i]);
            unit(out[i]);
        }
        return out;
    }

    private static float[][] meanPooled(FloatBuffer fb, long[][] ids, int width, int dim) {
        float[][] out = new float[ids.length][dim];
        for (int i = 0; i < ids.length; i++) {
            float[] v = out[i];
            int tokens = ids[i].length;
            for (int t = 0; t < tokens; t++) {
                int base = (i * width + t) * dim;
                for (int d = 0; d < dim; d++) {
                    v[d] += fb.get(base + d);
                }
            }
            for (int d = 0; d < dim; d++) {
                v[d] /= tokens;
            }
            unit(v);
        }
        return out;
    }

    private static void unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inv;
        }
    }

    private boolean batchInvariant() {
        perItem = true;
        float[][] alone = new float[PROBES.size()][];
        for (int i = 0; i < PROBES.size(); i++) {
            alone[i] = run(List.of(PROBES.get(i)))[0];
        }
        long[][] ids = new long[PROBES.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(PROBES.get(i)).getIds();
        }
        float[][] together = runBatch(ids); // one padded batch of mixed lengths
        for (int i = 0; i < alone.length; i++) {
            if (!Arrays.equals(alone[i], together[i])) {
                return false;
            }
        }
        return true;
    }

    private static List<String> labels(JsonNode config, String name, TensorInfo logits) {
        long[] shape = logits.getShape();
        int k = shape.length == 2 && shape[1] > 0 ? (int) shape[1] : -1;
        JsonNode id2label = config == null ? null : config.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new IllegalArgumentException("classifier " + name + ": a sequence classifier needs config.json with id2label");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            JsonNode l = id2label.get(Integer.toString(i));
            if (l == null || !l.isTextual() || l.asText().isBlank()) {
                throw new IllegalArgumentException("classifier " + name + ": config.json id2label has no label for " + i);
            }
            out.add(l.asText());
        }
        if (k > 0 && k != out.size()) {
            throw new IllegalArgumentException("classifier " + name + ": the model has " + k + " logits but id2label "
                    + out.size() + " labels");
        }
        return List.copyOf(out);
    }

    private static InputStream resource(String path) {
        InputStream in = OnnxClassifier.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the class path (the all-MiniLM-L6-v2-q jar)");
        }
        return in;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debugf("closing classifier %s: %s", name, e.getMessage());
        }
        tokenizer.close();
    }
}
