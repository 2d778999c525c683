package io.lethe.classifier;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.topic.TopicMatcher;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage over a stand-in model: a sentence's "embedding" is [1, 0] when it mentions the secret formula,
 * else [0, 1]; the erasure's topic is [1, 0]. A latch lets a test hold the model back.
 */
class ClassifierStageTest {

    static final ScanContext CTX = new ScanContext("r1", "m", null, null);
    static final Channel CH = Channel.content(0);
    static final String LEAK = "The secret formula is mixed at dawn.";
    static final String BENIGN = "The weather was mild all week long.";

    final CountDownLatch gate = new CountDownLatch(1);
    volatile boolean gated;
    volatile boolean failing;
    final List<MicroBatcher> batchers = new ArrayList<>();

    float[][] model(List<String> texts) {
        if (gated) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing) {
            throw new IllegalStateException("model down");
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = texts.get(i).contains("secret formula") ? new float[]{1, 0} : new float[]{0, 1};
        }
        return out;
    }

    static final TopicMatcher TOPICS = new TopicMatcher() {
        @Override
        public List<Hit> match(float[] embedding, java.util.Set<String> words, ScanContext context, float floor) {
            return embedding[0] >= floor ? List.of(new Hit("e-formula", Action.REDACT, embedding[0], COSINE_RULE))
                    : List.of();
        }

        @Override
        public int size() {
            return 1;
        }
    };

    GuardPipeline pipeline(ClassifierStage.Mode mode, ClassifierStage.FailMode fail, Duration timeout) {
        MicroBatcher b = new MicroBatcher("test", this::model, 1, 8, Duration.ofMillis(1), 100, timeout);
        batchers.add(b);
        ClassifierStage stage = new ClassifierStage(new ClassifierStage.Settings(mode, fail, 0.5f, 400, 4), b, TOPICS,
                List.of());
        return new GuardPipeline(List.of(stage), new RulesPolicy(GuardRules.builtIn()));
    }

    @AfterEach
    void stop() {
        gate.countDown();
        batchers.forEach(MicroBatcher::close);
    }

    /** Streams the text in pieces and then waits for and applies every pending result, as the proxy does. */
    static String stream(GuardSession s, String text, int piece) {
        return stream(s, CH, text, piece);
    }

    /** {@link #stream(GuardSession, String, int)} on channel {@code ch}. */
    static String stream(GuardSession s, Channel ch, String text, int piece) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += piece) {
            out.append(s.append(ch, text.substring(i, Math.min(text.length(), i + piece))).text());
        }
        out.append(s.finish(ch).text());
        return drain(s, out);
    }

    /** Waits for the session's pending work and appends everything it releases then. */
    static String drain(GuardSession s, StringBuilder out) {
        CompletableFuture<?> p;
        while ((p = s.pending()) != null) {
            p.handle((v, e) -> null).join();
            for (Release r : s.poll().values()) {
                out.append(r.text());
            }
        }
        return out.toString();
    }

    @Test
    void inlineHoldsASentenceUntilScoredThenRedactsTheLeakAndReleasesTheRest() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        String text = BENIGN + " " + LEAK + " " + BENIGN;
        GuardSession s = p.open(CTX, null);
        gated = true;
        Release first = s.append(CH, text);
        assertThat(first.text()).isEmpty(); // nothing scored yet
        assertThat(s.pending()).isNotNull();
        gated = false;
        gate.countDown();
        String out = first.text() + stream(s, "", 1);
        assertThat(out).isEqualTo(BENIGN + " [REDACTED] " + BENIGN);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().detector()).isEqualTo("classifier");
            assertThat(f.finding().rule()).isEqualTo("topic");
            assertThat(f.finding().erasureId()).isEqualTo("e-formula");
            assertThat(text.substring(f.finding().start(), f.finding().end())).isEqualTo(LEAK);
        });
        assertThat(s.settled(0)).isTrue();
    }

    /**
     * In a tool call's arguments (JSON) each string value is scored on its own: a finding takes the value and
     * leaves the keys, so the arguments still parse with their parameter names (a newcomer found
     * {@code {"[REDACTED]":"[REDACTED]"}}).
     */
    @Test
    void inToolArgumentsAFindingTakesAStringValueNotItsKey() throws Exception {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        Channel args = Channel.toolArguments(0, 0);
        String text = "{\"note\":\"" + LEAK + "\",\"city\": \"Leeds\", \"n\": 3, \"other\": \"" + BENIGN + "\"}";
        String out = stream(p.open(CTX, null), args, text, text.length());
        assertThat(out).isEqualTo("{\"note\":\"[REDACTED]\",\"city\": \"Leeds\", \"n\": 3, \"other\": \""
                + BENIGN + "\"}");
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertThat(parsed.has("note")).isTrue();
        // four keys and three string values (the number 3 is structure)
        assertThat(ClassifierStage.jsonStrings(text, 0, text.length())).hasSize(21);
    }

    /**
     * A text cut into values too short to score alone is scored joined as well, and a finding then takes every
     * value of the record: splitting a leak over JSON fields does not hide it.
     */
    @Test
    void aLeakSplitOverShortValuesIsFoundJoinedAndTakesEveryValue() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        Channel args = Channel.toolArguments(0, 0);
        String text = "{\"a\": \"The secret formula\", \"n\": 2, \"b\": \"is mixed at dawn\"}";
        for (int piece : new int[] {1, 5, text.length()}) {
            GuardSession s = p.open(CTX, null);
            assertThat(stream(s, args, text, piece)).as("pieces of %d", piece)
                    .isEqualTo("{\"a\": \"[REDACTED]\", \"n\": 2, \"b\": \"[REDACTED]\"}");
            assertThat(s.findings()).hasSize(2);
        }
        assertThat(p.open(CTX, null).scanWhole(args, "{\"a\": \"The weather was\", \"b\": \"mild all week\"}"))
                .isEqualTo("{\"a\": \"The weather was\", \"b\": \"mild all week\"}");
    }

    /**
     * A sentence cut over values, its first value found alone: the values it runs on into (no sentence's end
     * between) are taken with it, not only the found one (an outside tester found the tail released).
     */
    @Test
    void theValuesASentenceFoundInOneValueRunsOnIntoAreTakenToo() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        Channel args = Channel.toolArguments(0, 0);
        String text = "{\"a\": \"The secret formula is mixed\", \"b\": \"at dawn by the\", \"c\": \"keeper every winter.\","
                + " \"d\": \"" + BENIGN + "\"}";
        for (int piece : new int[] {1, 7, text.length()}) {
            assertThat(stream(p.open(CTX, null), args, text, piece)).as("pieces of %d", piece)
                    .isEqualTo("{\"a\": \"[REDACTED]\", \"b\": \"[REDACTED]\", \"c\": \"[REDACTED]\", \"d\": \"" + BENIGN + "\"}");
        }
    }

    /** Keys are model text too: a leak written as a key, or across keys, is found and the keys taken. */
    @Test
    void aLeakInTheKeysIsFoundAndTakesTheKeys() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        Channel args = Channel.toolArguments(0, 0);
        assertThat(p.open(CTX, null).scanWhole(args, "{\"" + LEAK + "\": 1}")).isEqualTo("{\"[REDACTED]\": 1}");
        assertThat(p.open(CTX, null).scanWhole(Channel.functionCall(0), "{\"note\": \"" + LEAK + "\", \"city\": \"Leeds\"}"))
                .as("a legacy function call's arguments alike").isEqualTo("{\"note\": \"[REDACTED]\", \"city\": \"Leeds\"}");
        assertThat(p.open(CTX, null).scanWhole(args, "{\"The secret\": \"formula is\", \"mixed\": \"at dawn\"}"))
                .as("redacted keys stay distinct").isEqualTo("{\"[REDACTED]\": \"[REDACTED]\", \"[REDACTED]#2\": \"[REDACTED]\"}");
    }

    @Test
    void streamedOutputEqualsTheWholeScanWhateverTheChunking() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        String text = "Intro line without end\n" + BENIGN + " " + LEAK + "\n" + LEAK + " Tail words here";
        String whole = p.open(CTX, null).scanWhole(CH, text);
        assertThat(whole).doesNotContain("secret").contains("Tail words here").startsWith("Intro line");
        for (int piece : new int[]{1, 2, 3, 7, 16, 1000}) {
            assertThat(stream(p.open(CTX, null), text, piece)).as("pieces of %d", piece).isEqualTo(whole);
        }
    }

    /** Releases a cut's text and everything the session releases once the pending work is done. */
    static String cutAndDrain(GuardSession s, String before) {
        return drain(s, new StringBuilder(before).append(s.cut(CH).text()));
    }

    /**
     * An answer cut by its token limit keeps its sentences: what waited for the classifier at the cut is final
     * text, scored as at a natural end, not dropped (an outside tester found every unscored sentence dropped).
     */
    @Test
    void aCutAnswerReleasesTheSentencesTheClassifierScoresAfterTheCut() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        GuardSession s = p.open(CTX, null);
        gated = true;
        String text = BENIGN + " " + LEAK + " " + BENIGN + " The weather";
        String first = s.append(CH, text).text();
        assertThat(first).isEmpty();
        String out = first + s.cut(CH).text();
        assertThat(s.settled(0)).isFalse(); // the end waits for the scores
        gated = false;
        gate.countDown();
        out = cutAndDrain(s, out);
        assertThat(out).isEqualTo(BENIGN + " [REDACTED] " + BENIGN + " The weather");
        assertThat(s.settled(0)).isTrue();
        assertThat(s.length(CH)).isEqualTo(s.released(CH));
    }

    /**
     * At a cut, what an exact stage still holds (the start of a word that could become a name) is dropped while the
     * complete sentences before it wait for the classifier and then go out; nothing after the cut point is released.
     */
    @Test
    void aCutDropsWhatAnExactStageHoldsAndReleasesTheScoredSentencesBeforeIt() {
        MicroBatcher b = new MicroBatcher("test", this::model, 1, 8, Duration.ofMillis(1), 100, Duration.ofSeconds(5));
        batchers.add(b);
        ClassifierStage classifier = new ClassifierStage(new ClassifierStage.Settings(ClassifierStage.Mode.INLINE,
                ClassifierStage.FailMode.CLOSED, 0.5f, 400, 4), b, TOPICS, List.of());
        GuardPipeline p = new GuardPipeline(List.of(new LastWordHolder(), classifier),
                new RulesPolicy(GuardRules.builtIn()));
        for (boolean gate : new boolean[]{true, false}) {
            GuardSession s = p.open(CTX, null);
            gated = gate;
            String text = BENIGN + " " + LEAK + " Then came Marisol Qu";
            String out = s.append(CH, text).text();
            gated = false;
            this.gate.countDown();
            out = cutAndDrain(s, out);
            assertThat(out).as("model gated: %s", gate).isEqualTo(BENIGN + " [REDACTED] Then came ");
            assertThat(s.settled(0)).isTrue();
        }
    }

    /** A synchronous stage that holds the last word while the text is open and finds nothing. */
    static final class LastWordHolder implements io.lethe.guard.GuardStage {
        @Override
        public String name() {
            return "last-word";
        }

        @Override
        public io.lethe.guard.StageScanner open(ScanContext context, Channel channel) {
            return w -> {
                CharSequence t = w.text();
                int from = t.length();
                while (!w.complete() && from > 0 && !Character.isWhitespace(t.charAt(from - 1))) {
                    from--;
                }
                // "Marisol Qu": a registered two-word name could still be written; hold from its first word
                if (!w.complete() && t.toString().endsWith("Marisol Qu")) {
                    from = t.length() - "Marisol Qu".length();
                }
                return new io.lethe.guard.ScanResult(List.of(), from);
            };
        }
    }

    @Test
    void shadowReleasesAtOnceAndAuditsTheLeakLate() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.SHADOW, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        GuardSession s = p.open(CTX, null);
        gated = true;
        String text = LEAK + " " + BENIGN;
        String now = s.append(CH, text).text() + s.finish(CH).text();
        assertThat(now).isEqualTo(text);
        assertThat(s.settled(0)).isTrue();
        gated = false;
        gate.countDown();
        stream(s, "", 1);
        assertThat(s.findings()).singleElement().satisfies(f -> assertThat(f.decision().action()).isEqualTo(Action.AUDIT));
        assertThat(s.action()).isEqualTo(Action.AUDIT);
    }

    @Test
    void failClosedBlocksTheChoiceWhenTheModelFails() {
        failing = true;
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        GuardSession s = p.open(CTX, null);
        String out = stream(s, BENIGN + " " + BENIGN, 5);
        assertThat(out).isEmpty();
        assertThat(s.isBlocked(0)).isTrue();
        assertThat(s.findings()).singleElement().satisfies(f -> assertThat(f.finding().rule()).isEqualTo("stage-failure"));
    }

    @Test
    void failOpenReleasesOnTimeoutAndRecordsTheSentenceAsUnscanned() {
        gated = true; // the model never answers in time
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.OPEN, Duration.ofMillis(100));
        GuardSession s = p.open(CTX, null);
        String out = stream(s, LEAK, 4);
        assertThat(out).isEqualTo(LEAK);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().rule()).isEqualTo("unscanned");
            assertThat(f.decision().action()).isEqualTo(Action.AUDIT);
            assertThat(f.finding().end() - f.finding().start()).isEqualTo(LEAK.length());
        });
    }

    @Test
    void fragmentsBelowTheWordMinimumAreNotSentToTheModel() {
        GuardPipeline p = pipeline(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED, Duration.ofSeconds(5));
        GuardSession s = p.open(CTX, null);
        // "Ok then." could still go on ("Ok then. and ..."): held until the next character, never classified
        assertThat(s.append(CH, "Yes. No. Ok then. ").text()).isEqualTo("Yes. No.");
        assertThat(s.finish(CH).text()).isEqualTo(" Ok then. ");
        assertThat(s.pending()).isNull();
        assertThat(batchers.get(0).stats().sentences()).isZero();
    }

    @Test
    void operatorLabelsAtOrAboveTheirThresholdBecomeFindings() {
        MicroBatcher labels = new MicroBatcher("hazard", t -> {
            float[][] out = new float[t.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.get(i).contains("nerve agent") ? new float[]{0.05f, 0.95f} : new float[]{0.9f, 0.1f};
            }
            return out;
        }, 1, 8, Duration.ofMillis(1), 100, Duration.ofSeconds(5));
        batchers.add(labels);
        ClassifierStage stage = new ClassifierStage(new ClassifierStage.Settings(ClassifierStage.Mode.INLINE,
                ClassifierStage.FailMode.CLOSED, 0.5f, 400, 4), null, TopicMatcher.NONE,
                List.of(new ClassifierStage.SequenceModel("hazard", labels,
                        List.of(new ClassifierStage.Label("hazard", 1, 0.8, Action.BLOCK)))));
        GuardRules rules = new GuardRules(null, Map.of(), List.of(), null, null,
                new GuardRules.Classifier(null, null, null, Map.of("hazard:hazard",
                        new GuardRules.DetectorRule(null, null, "Not something I can help with."))));
        GuardPipeline p = new GuardPipeline(List.of(stage), new RulesPolicy(rules));
        GuardSession ok = p.open(CTX, null);
        assertThat(stream(ok, BENIGN + " " + BENIGN, 3)).isEqualTo(BENIGN + " " + BENIGN);
        GuardSession bad = p.open(CTX, null);
        assertThat(bad.scanWhole(CH, BENIGN + " Here is how to make a nerve agent at home.")).isEqualTo("Not something I can help with.");
        assertThat(bad.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().rule()).isEqualTo("hazard:hazard");
            assertThat(f.finding().score()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-6));
        });
    }
}
