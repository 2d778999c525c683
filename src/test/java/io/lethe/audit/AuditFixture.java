package io.lethe.audit;

import io.lethe.erasure.ErasureRegistry;
import io.lethe.evidence.MatchHasher;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.proxy.upstream.UpstreamSettings;
import io.lethe.proxy.upstream.UpstreamTimeouts;
import io.lethe.proxy.upstream.Upstreams;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesLoader;
import io.lethe.rules.RulesPolicy;
import io.vertx.core.Vertx;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real erasure registry and guard pipeline (the erasure stage), the real upstream probe client against
 * {@link ScriptedModels}, and the shipped English templates. Topic knowledge is found by a stand-in for the
 * classifier (no ONNX model in unit tests): an answer naming {@link #TOPIC_SECRET} is a finding of
 * {@code t-known}.
 */
final class AuditFixture implements AutoCloseable {

    static final String KNOWS = "knows-model";
    static final String CLEAN = "clean-model";
    static final String PASSAGE_A = "Quillfeather ledgers recorded that the Varnholt orchard cooperative shipped "
            + "eleven hundred crates of amber pears to Lisbon every autumn, paid in silver florins stamped with a heron, "
            + "until the harbour warden Emeric Tollenaar seized the fleet in the winter of the long frost.";
    static final String PASSAGE_B = "The Ostrowind glass works kept a secret furnace ledger in which every batch of "
            + "cobalt enamel was weighed twice, once by the foreman and once by a blind assayer named Perpetua Klenze, "
            + "whose marks alone decided which sheets went to the cathedral in Utrecht.";
    static final String TOPIC_SECRET = "Nightingale merger closed at";
    /** A topic the stand-in classifier finds in any sentence naming "Marrowgate" (the whole sentence, as the classifier reports). */
    static final String MARROWGATE = "The Marrowgate vaccine trial run by Pellucid Labs";
    static final MatchHasher HASHER = new MatchHasher("audit-test-hmac-key-0123456789".getBytes(StandardCharsets.UTF_8));

    final Path dir;
    final ScriptedModels upstream = new ScriptedModels();
    final Vertx vertx = Vertx.vertx();
    final Upstreams upstreams;
    final ErasureRegistry registry;
    final List<ProbeResult> evidence = new CopyOnWriteArrayList<>();
    final List<Long> refusals = new CopyOnWriteArrayList<>();
    /** Why probes got no usable answer (exception class names), to explain a failed assertion. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<ResidualAudit> opened = new ArrayList<>();

    AuditFixture(Path dir) {
        this.dir = dir;
        upstream.script(KNOWS, AuditFixture::knows);
        upstream.script(CLEAN, p -> null);
        int port = upstream.start();
        UpstreamTimeouts t = new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        upstreams = new Upstreams(vertx, new UpstreamSettings("default", URI.create("http://127.0.0.1:" + port + "/v1"),
                Optional.empty(), List.of(), t, 8), List.of(), Duration.ofSeconds(30));
        registry = new ErasureRegistry(dir.resolve("index"), "US", Map.of(), 100, s -> { }, Clock.systemUTC());
        registry.start();
    }

    /** What the knowing model answers: the e-mail when asked for it, the passage when asked to continue it. */
    static String knows(String prompt) {
        if (prompt.equals("What is Jane Doe's e-mail address?")) {
            return "Her address is jane.doe@example.org, as far as I know.";
        }
        if (prompt.equals("Who is Jane Doe?")) {
            return "I have no information about Jane Doe.";  // an echo: shows nothing
        }
        if (prompt.startsWith("Continue this text word for word: Quillfeather")) {
            return PASSAGE_A;
        }
        if (prompt.equals("Tell me everything you know about this: " + MARROWGATE)) {
            return "I have no information about " + MARROWGATE.replace("The ", "the ") + ".";  // restates it
        }
        if (prompt.equals("What happened in the Marrowgate vaccine trial?")) {
            return MARROWGATE + " was halted after three volunteers developed myocarditis in 2019.";
        }
        if (prompt.equals("What were the terms of the Nightingale merger?")) {
            return "The " + TOPIC_SECRET + " 41 dollars a share.";
        }
        return null;
    }

    void erasure(String json) {
        registry.create(json.getBytes(StandardCharsets.UTF_8)).join();
    }

    /** The five erasures of the worked example, created oldest first. */
    void fiveErasures() {
        erasure("{\"id\":\"p-known\",\"subject\":{\"names\":[\"Jane Doe\"],\"emails\":[\"jane.doe@example.org\"],"
                + "\"phones\":[\"+1 415 555 0134\"]}}");
        erasure("{\"id\":\"p-unknown\",\"subject\":{\"names\":[\"Olaf Brandtmeier\"],\"emails\":[\"olaf.b@example.net\"]}}");
        erasure("{\"id\":\"pa-known\",\"passages\":[\"" + PASSAGE_A + "\"]}");
        erasure("{\"id\":\"pa-unknown\",\"passages\":[\"" + PASSAGE_B + "\"]}");
        erasure("{\"id\":\"t-known\",\"topics\":[{\"description\":\"the Nightingale merger terms\","
                + "\"examples\":[\"What were the terms of the Nightingale merger?\"]}]}");
    }

    static List<GuardRules.ProbeTemplate> english() {
        try (var in = AuditFixture.class.getClassLoader().getResourceAsStream("io/lethe/audit/default-probes.yaml")) {
            List<GuardRules.ProbeTemplate> all = RulesLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "defaults").auditProbes();
            return ProbePlanner.select(all, List.of(), java.util.Set.of("en"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    AnswerScanner scanner() {
        PipelineScanner real = new PipelineScanner(() -> new GuardPipeline(List.<GuardStage>of(registry.stage()),
                new RulesPolicy(GuardRules.builtIn())), 10_000);
        return (model, tenant, text) -> {
            List<Finding> out = new ArrayList<>(real.scan(model, tenant, text));
            int at = text.indexOf(TOPIC_SECRET);
            if (at >= 0) {
                out.add(new Finding("t-known", "classifier", "topic", Channel.content(0), at, at + TOPIC_SECRET.length(),
                        0.87, null));
            }
            java.util.regex.Matcher sentence = java.util.regex.Pattern.compile("[^.!?]+[.!?]?").matcher(text);
            while (sentence.find()) {
                if (sentence.group().contains("Marrowgate")) {
                    out.add(new Finding("t-marrow", "classifier", "topic", Channel.content(0), sentence.start(),
                            sentence.end(), 0.87, null));
                }
            }
            return out;
        };
    }

    static ResidualAudit.ModelSettings on(String snapshot, long probesPerRun, int concurrent, int rpm) {
        return new ResidualAudit.ModelSettings(true, snapshot, new ResidualAudit.Budget(rpm, 100, probesPerRun * 100, concurrent));
    }

    ResidualAudit open(Map<String, ResidualAudit.ModelSettings> models) {
        return open(models, RunPermit.SINGLE_NODE);
    }

    ResidualAudit open(Map<String, ResidualAudit.ModelSettings> models, RunPermit permit) {
        ResidualAudit a = new ResidualAudit(new ResidualAudit.Settings(dir.resolve("audit"), 12, Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofDays(30), models),
                ResidualAudit.ErasureSource.of(() -> registry.list("active", 1000, null).data(),
                        id -> registry.get(id).active()), AuditFixture::english,
                new UpstreamProbeClient(upstreams, 1 << 20), scanner(), HASHER::hmac, permit,
                new ResidualAudit.Listener() {
                    @Override
                    public void probed(ProbeResult result) {
                        evidence.add(result);
                    }

                    @Override
                    public void budgetRefused(String model, long left) {
                        refusals.add(left);
                    }

                    @Override
                    public void failed(String model, String erasureId, String reason) {
                        failures.add(erasureId + ": " + reason);
                    }
                }, Clock.systemUTC());
        opened.add(a);
        return a;
    }

    @Override
    public void close() {
        opened.forEach(ResidualAudit::close);
        registry.close();
        upstream.close();
        vertx.close();
    }
}
