package io.lethe.erasure;

import io.lethe.guard.ScanContext;
import io.lethe.topic.KeyTerms;
import io.lethe.topic.TopicMatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topics given as a description, examples and key terms (issue 13): the request shapes, a head fitted at
 * registration, stored beside the index and read back at the next start instead of refitted, refitted for
 * another sentence model, forgotten at retirement. A bag-of-words embedder stands in for the sentence model.
 */
class TopicRegistrationTest {

    private static final ScanContext CTX = new ScanContext("r", "m", null, null);
    private static final String TOPIC = """
            {"id": "halcyon", "topics": [{"description": "Project Halcyon, a confidential battery programme",
              "examples": ["Halcyon cells use a sulfide electrolyte that stays stable when hot.",
                           "The Halcyon pilot line reached a new energy density record in March.",
                           "Halcyon production is planned at the Tervola plant.",
                           "Halcyon prototypes kept their capacity over many charge cycles.",
                           "The Halcyon team replaced the graphite anode with lithium foil.",
                           "Only twelve engineers can read the Halcyon test data."],
              "key_terms": ["Tervola"]}]}""";

    @TempDir
    Path dir;
    ErasureRegistry registry;
    final AtomicInteger embedded = new AtomicInteger();

    /** Words hashed into 64 dimensions, unit length: texts sharing words are close. */
    float[][] embed(List<String> texts) {
        embedded.addAndGet(texts.size());
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(texts.get(i));
        }
        return out;
    }

    static float[] vector(String text) {
        float[] v = new float[64];
        for (String w : KeyTerms.words(text)) {
            v[Math.floorMod(w.hashCode(), 64)] += 1;
        }
        v[63] += 0.5f;  // no text is the zero vector
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    ErasureRegistry open(String model) {
        registry = new ErasureRegistry(dir, "US", Map.of(), 3, s -> { }, Clock.systemUTC());
        registry.topicEmbedder(this::embed, model, 0.01);
        registry.start();
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    List<TopicMatcher.Hit> match(String sentence) {
        return registry.snapshot().topics().match(vector(sentence), KeyTerms.words(sentence), CTX, 0.99f);
    }

    @Test
    void aHeadIsFittedOnceStoredAndReadBackAtTheNextStart() throws Exception {
        open("bag-of-words");
        var created = registry.create(TOPIC.getBytes(StandardCharsets.UTF_8)).join();
        assertThat(created.erasure().topics().get(0).examples()).hasSize(6);
        String leak = "Halcyon prototypes from the Tervola plant kept a record capacity.";
        List<TopicMatcher.Hit> hits = match(leak);
        assertThat(hits).extracting(TopicMatcher.Hit::rule).containsExactly(TopicMatcher.HEAD_RULE);
        assertThat(hits.get(0).erasureId()).isEqualTo("halcyon");
        assertThat(match("The train to the coast leaves every morning at eight.")).isEmpty();
        float score = hits.get(0).score();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("topic-heads"))))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir.resolve("topic-heads"))) {
            for (Path f : files.toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .isEqualTo("rw-------");
            }
        }
        registry.close();

        embedded.set(0);
        open("bag-of-words");
        assertThat(embedded.get()).as("texts embedded at start: the stored head is used, nothing refitted").isZero();
        assertThat(match(leak)).extracting(TopicMatcher.Hit::score).containsExactly(score);
        registry.close();

        embedded.set(0);
        open("another-model");
        assertThat(embedded.get()).as("a head stored for another model is refitted").isPositive();
        assertThat(match(leak)).extracting(TopicMatcher.Hit::rule).containsExactly(TopicMatcher.HEAD_RULE);

        registry.retire("halcyon").join();
        assertThat(match(leak)).isEmpty();
        try (var files = Files.list(dir.resolve("topic-heads"))) {
            assertThat(files.toList()).as("a retired erasure's heads are deleted").isEmpty();
        }
    }

    @Test
    void aHeadStoredBeforeCrossValidatedCalibrationLoadsNoLongerAndIsRefittedAtStart() throws Exception {
        open("bag-of-words");
        registry.create(TOPIC.getBytes(StandardCharsets.UTF_8)).join();
        Erasure e = registry.get("halcyon");
        registry.close();
        // the store as calibration version 1 wrote it: the same format, under the identity "model|fpr=..."
        TopicHeadStore store = new TopicHeadStore(dir);
        String current = new io.lethe.topic.TopicModels("bag-of-words", this::embed, 0.01).identity();
        TopicHeadStore.Entry entry = store.read(e, current);
        assertThat(entry).isNotNull();
        store.write(e, "bag-of-words|fpr=0.01", entry);
        assertThat(store.read(e, current)).isNull();

        embedded.set(0);
        open("bag-of-words");
        assertThat(embedded.get()).as("a head of calibration version 1 is refitted at start").isPositive();
        assertThat(store.read(e, current)).as("and stored again under the current identity").isNotNull();
        assertThat(match("Halcyon prototypes from the Tervola plant kept a record capacity."))
                .extracting(TopicMatcher.Hit::rule).containsExactly(TopicMatcher.HEAD_RULE);
    }

    @Test
    void aDescriptionAloneIsStillMatchedByCosineAndStoredAsAString() {
        open("bag-of-words");
        var created = registry.create("""
                {"topics": ["Halcyon battery cells and their sulfide electrolyte"]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(new String(ErasureParser.toJson(created.erasure()), StandardCharsets.UTF_8)).contains("\"topics\":[\"Halcyon battery cells");
        assertThat(match("Halcyon battery cells and their sulfide electrolyte"))
                .extracting(TopicMatcher.Hit::rule).containsExactly(TopicMatcher.COSINE_RULE);
    }

    @Test
    void oneBadExampleIsPassedOverWithAWarningAndTheRestEnforced() {
        open("bag-of-words");
        var created = registry.create("""
                {"topics": [{"description": "Project Halcyon", "examples": ["Halcyon cells use a sulfide electrolyte.", 42, "  ",
                  "The Halcyon pilot line reached a record."]}]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(created.erasure().topics().get(0).examples()).hasSize(2);
        assertThat(created.warnings()).extracting(ErasureParser.Warning::field)
                .containsExactly("topics[0].examples[1]", "topics[0].examples[2]");
    }

    @Test
    void aTopicWithNothingToMatchOrAnUnknownFieldIsRefusedNamingTheField() {
        open("bag-of-words");
        assertThatThrownBy(() -> registry.create("{\"topics\": []}".getBytes(StandardCharsets.UTF_8)).join())
                .rootCause().isInstanceOf(InvalidErasureException.class)
                .matches(e -> "topics".equals(((InvalidErasureException) e).param()), "names topics");
        assertThatThrownBy(() -> registry.create("""
                {"topics": [{"key_terms": ["Halcyon"]}]}""".getBytes(StandardCharsets.UTF_8)).join())
                .rootCause().isInstanceOf(InvalidErasureException.class).hasMessageContaining("topics[0]");
        assertThatThrownBy(() -> registry.create("""
                {"topics": [{"description": "Halcyon", "colour": "blue"}]}""".getBytes(StandardCharsets.UTF_8)).join())
                .rootCause().isInstanceOf(InvalidErasureException.class).hasMessageContaining("in 'topics[0]'")
                .hasMessageNotContaining("colour");
        assertThatThrownBy(() -> registry.create("""
                {"topics": [42, "  "]}""".getBytes(StandardCharsets.UTF_8)).join())
                .rootCause().isInstanceOf(InvalidErasureException.class)
                .matches(e -> "topics[0]".equals(((InvalidErasureException) e).param()), "names topics[0]");
    }

    /** helper-75: one topic's format refused the whole erasure, its subject and passages too (API.md: never). */
    @Test
    void aBadTopicValueNeverLosesTheRestOfTheErasure() {
        open("bag-of-words");
        var withSubject = registry.create("""
                {"subject": {"names": ["Quentin Zorbalov"]}, "topics": [123]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(withSubject.erasure().subject().names()).containsExactly("Quentin Zorbalov");
        assertThat(withSubject.erasure().topics()).isEmpty();
        assertThat(withSubject.warnings()).extracting(ErasureParser.Warning::field).containsExactly("topics[0]");

        var mixed = registry.create("""
                {"topics": [123, null, "Zebra farming in the Vexmoor hills"]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(mixed.erasure().topics()).extracting(Erasure.Topic::description)
                .containsExactly("Zebra farming in the Vexmoor hills");
        assertThat(mixed.warnings()).extracting(ErasureParser.Warning::field).containsExactly("topics[0]", "topics[1]");

        var withPassage = registry.create("""
                {"passages": ["The quick brown fox jumps over the lazy dog beside the Quillfeather mill."], "topics": [""]}"""
                .getBytes(StandardCharsets.UTF_8)).join();
        assertThat(withPassage.erasure().passages()).hasSize(1);

        String longDescription = "x".repeat(ErasureParser.MAX_EXAMPLE_LENGTH + 1);
        var tooLong = registry.create(("{\"subject\": {\"names\": [\"Lavinia Crosthwaite\"]}, \"topics\": [{\"description\": \""
                + longDescription + "\", \"examples\": [\"Crosthwaite mills spin wool.\"]}]}").getBytes(StandardCharsets.UTF_8)).join();
        assertThat(tooLong.erasure().topics()).singleElement().satisfies(t -> {
            assertThat(t.description()).isNull();
            assertThat(t.examples()).containsExactly("Crosthwaite mills spin wool.");
        });
        assertThat(tooLong.warnings()).extracting(ErasureParser.Warning::field).containsExactly("topics[0].description");
        assertThat(tooLong.warnings()).extracting(ErasureParser.Warning::warning).noneMatch(w -> w.contains("xxxx"));

        var lone = registry.create("""
                {"topics": {"description": "zebra milk", "examples": "Zebra milk is sold in Vexmoor.", "key_terms": "zebra"}}"""
                .getBytes(StandardCharsets.UTF_8)).join();
        assertThat(lone.erasure().topics()).singleElement().satisfies(t -> {
            assertThat(t.examples()).containsExactly("Zebra milk is sold in Vexmoor.");
            assertThat(t.keyTerms()).containsExactly("zebra");
        });
        var loneString = registry.create("""
                {"topics": "a lone topic about Vexmoor zebra racing"}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(loneString.erasure().topics()).hasSize(1);

        StringBuilder many = new StringBuilder("{\"topics\": [{\"description\": \"Vexmoor\", \"examples\": [");
        for (int i = 0; i <= ErasureParser.MAX_EXAMPLES; i++) {
            many.append(i == 0 ? "" : ",").append("\"Vexmoor fact number ").append(i).append(".\"");
        }
        var tooMany = registry.create(many.append("]}]}").toString().getBytes(StandardCharsets.UTF_8)).join();
        assertThat(tooMany.erasure().topics().get(0).examples()).hasSize(ErasureParser.MAX_EXAMPLES);
        assertThat(tooMany.warnings()).extracting(ErasureParser.Warning::field).containsExactly("topics[0].examples");
    }

    /** helper-75: duplicate topics and examples were stored and fitted as given, without a word. */
    @Test
    void aTopicOrExampleGivenTwiceIsKeptOnceWithAWarning() {
        open("bag-of-words");
        var created = registry.create("""
                {"topics": ["Zebra racing bets in Nairobi", "zebra racing bets in nairobi",
                  {"description": "Vexmoor", "examples": ["Vexmoor zebras race on Sundays.", "VEXMOOR zebras race on sundays.",
                    "The Vexmoor track is two miles long."], "key_terms": ["Vexmoor", "vexmoor"]}]}"""
                .getBytes(StandardCharsets.UTF_8)).join();
        assertThat(created.erasure().topics()).hasSize(2);
        assertThat(created.erasure().topics().get(1).examples()).containsExactly("Vexmoor zebras race on Sundays.",
                "The Vexmoor track is two miles long.");
        assertThat(created.erasure().topics().get(1).keyTerms()).containsExactly("Vexmoor");
        assertThat(created.warnings()).extracting(ErasureParser.Warning::field)
                .containsExactlyInAnyOrder("topics[1]", "topics[2].examples", "topics[2].key_terms");
        assertThat(created.warnings()).extracting(ErasureParser.Warning::warning).noneMatch(w -> w.contains("ebra"));
    }

    /** helper-75: an id spelling a topic's key terms went to clients and evidence without a warning. */
    @Test
    void anIdThatRepeatsATopicsKeyTermIsWarnedAbout() {
        open("bag-of-words");
        var named = registry.create("""
                {"id": "orlen-dynamics-tervola", "topics": [{"description": "Orlen Dynamics Tervola plant expansion",
                  "key_terms": ["Orlen Dynamics", "Tervola"]}]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(named.warnings()).extracting(ErasureParser.Warning::field).containsExactly("id");
        assertThat(named.warnings()).extracting(ErasureParser.Warning::warning).noneMatch(w -> w.contains("ervola"));
        var opaque = registry.create("""
                {"id": "ticket-4711", "topics": [{"description": "Orlen Dynamics Tervola plant expansion",
                  "key_terms": ["Orlen Dynamics", "Tervola"]}]}""".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(opaque.warnings()).isEmpty();
    }
}
