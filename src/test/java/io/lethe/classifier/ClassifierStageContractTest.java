package io.lethe.classifier;

import io.lethe.guard.Action;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.StageContractTest;
import io.lethe.topic.TopicMatcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The classifier stage, asynchronous, keeps the stage contract ({@link StageContractTest}): a sentence is
 * held until scored, streamed findings are the whole text's. A stand-in model embeds sentences that mention
 * the topic's phrase near one axis.
 */
class ClassifierStageContractTest extends StageContractTest {

    static final String PHRASE = "vault of Quenby Hollow";
    static final MicroBatcher BATCHER = new MicroBatcher("contract", texts -> {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = texts.get(i).contains(PHRASE) ? new float[]{1, 0} : new float[]{0, 1};
        }
        return out;
    }, 1, 8, Duration.ofMillis(1), 1000, Duration.ofSeconds(5));

    static final TopicMatcher TOPICS = new TopicMatcher() {
        @Override
        public List<Hit> match(float[] embedding, Set<String> words, ScanContext context, float floor) {
            return embedding[0] >= floor ? List.of(new Hit("e-vault", Action.REDACT, embedding[0], COSINE_RULE)) : List.of();
        }

        @Override
        public int size() {
            return 1;
        }
    };

    @AfterContainer
    static void stop() {
        BATCHER.close();
    }

    @Override
    protected GuardStage stage() {
        return new ClassifierStage(new ClassifierStage.Settings(ClassifierStage.Mode.INLINE, ClassifierStage.FailMode.CLOSED,
                0.5f, 400, 4), BATCHER, TOPICS, List.of());
    }

    @Override
    protected Arbitrary<String> texts() {
        Arbitrary<String> sentence = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(9)
                        .map(ws -> String.join(" ", ws))),
                Tuple.of(1, Arbitraries.of("The copper key opens the " + PHRASE, "Nobody knows the " + PHRASE)));
        Arbitrary<String> end = Arbitraries.of(". ", "! ", "? ", "\n", ".", " ");
        return Arbitraries.frequencyOf(Tuple.of(1, sentence), Tuple.of(1, end)).list().ofMaxSize(12)
                .map(parts -> String.join("", parts));
    }

    @Override
    protected List<String> secrets() {
        return List.of(PHRASE);
    }
}
