package io.lethe.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.testkit.ReplayUpstreamResource;
import io.lethe.testkit.TinyClassifierModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.lethe.testkit.EchoChat.chat;
import static io.lethe.testkit.EchoChat.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier through the whole gateway, with the shipped sentence model and an operator's sequence
 * classifier (a tiny hand-built ONNX model): topic erasures registered over the admin API, then the echo
 * upstream says things, streamed in small chunks and not.
 */
@QuarkusTest
@TestProfile(ClassifierGatewayTest.WithHazardModel.class)
@WithTestResource(ReplayUpstreamResource.class)
class ClassifierGatewayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "Bearer test-admin-token";
    static final String REFUSAL = "I can't help with that.";

    /** The hazard model and rules that act on its label, written before the app starts. */
    public static class WithHazardModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path root = Files.createDirectories(Path.of("target", "classifier-profile"));
                Path model = TinyClassifierModel.hazardModel(Files.createDirectories(root.resolve("hazard")));
                Path rules = Files.createDirectories(root.resolve("rules"));
                Files.writeString(rules.resolve("rules.yaml"), """
                        defaults:
                          action: redact
                        classifier:
                          mode: inline
                          fail: closed
                          labels:
                            "hazard:hazard":
                              threshold: 0.9
                              action: block
                              refusal: "%s"
                        """.formatted(REFUSAL));
                return Map.of("lethe.classifier.models.hazard.dir", model.toString(),
                        "lethe.rules.dir", rules.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }


    /** Content of choice 0, the finish reasons seen, and whether [DONE] came last. */
    record Stream(String content, List<String> finishReasons, boolean done) {
    }

    static Stream streamed(String text, List<Integer> chunks) throws Exception {
        String sse = given().contentType(ContentType.JSON).body(chat(text, true, chunks).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        StringBuilder out = new StringBuilder();
        List<String> finishes = new java.util.ArrayList<>();
        boolean done = false;
        for (String line : sse.split("\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            assertThat(done).as("nothing after [DONE]").isFalse();
            for (JsonNode choice : JSON.readTree(data).path("choices")) {
                assertThat(finishes).as("no text after the finish reason").isEmpty();
                if (choice.path("delta").path("content").isTextual()) {
                    out.append(choice.path("delta").path("content").asText());
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishes.add(choice.path("finish_reason").asText());
                }
            }
        }
        return new Stream(out.toString(), finishes, done);
    }

    @Test
    void aParaphraseOfAnErasedTopicIsRedactedStreamedAndNotWhileOtherSentencesPass() throws Exception {
        // given: an erasure with only a knowledge topic (no name to match)
        String created = given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"topics\":[\"The secret family recipe for Marrowvale blue soup: crushed sapphire berries "
                        + "simmered in river salt brine for nine hours.\"]}")
                .post("/admin/v1/erasures").then().statusCode(201).extract().asString();
        String id = JSON.readTree(created).path("id").asText();
        String leak = "To make Marrowvale blue soup, simmer crushed sapphire berries in a river salt brine for nine hours.";
        String benign = "The train to the coast leaves every morning at eight o'clock.";
        String text = benign + " " + leak + " " + benign;
        // when
        JsonNode answer = whole(text);
        Stream stream = streamed(text, List.of(3, 1, 4));
        // then
        String content = answer.at("/choices/0/message/content").asText();
        assertThat(content).isEqualTo(benign + " [REDACTED] " + benign);
        JsonNode finding = answer.at("/guard/findings/0");
        assertThat(finding.path("detector").asText()).isEqualTo("classifier");
        assertThat(finding.path("erasure_id").asText()).isEqualTo(id);
        assertThat(finding.path("rule").asText()).isEqualTo("topic");
        assertThat(stream.content()).isEqualTo(content);
        assertThat(stream.finishReasons()).containsExactly("stop");
        assertThat(stream.done()).isTrue();
    }

    /** A topic of its own for the tests below, so the first test's topic stays the only one about soup. */
    static final String KEY_TOPIC = "The lighthouse keeper of Quenby Hollow hides the copper key under the third stair "
            + "of the spiral staircase.";
    static final String KEY_LEAK = "Under the third stair of the spiral staircase, the Quenby Hollow lighthouse keeper "
            + "hides the copper key.";
    static volatile boolean keyTopic;

    static synchronized void registerKeyTopic() {
        if (!keyTopic) {
            given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body("{\"topics\":[\"" + KEY_TOPIC + "\"]}").post("/admin/v1/erasures").then().statusCode(201);
            keyTopic = true;
        }
    }

    /**
     * An answer cut by its token limit ({@code finish_reason: length}) keeps the sentences the classifier had not
     * scored at the cut: they are scored as at a natural end and go out (redacted where they leak), streamed and
     * whole, in content and in a tool call's arguments (an outside tester saw them dropped and a call sent with
     * empty arguments).
     */
    @Test
    void anAnswerCutByItsTokenLimitKeepsItsScoredSentences() throws Exception {
        registerKeyTopic();
        String leak = KEY_LEAK;
        String benign = "The train to the coast leaves every morning at eight o'clock.";
        String text = benign + " " + leak + " " + benign + " The ferry leaves";
        ObjectNode streamReq = chat(text, true, List.of(5, 2));
        streamReq.put("x_finish", "length");
        String sse = given().contentType(ContentType.JSON).body(streamReq.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> finishes = new java.util.ArrayList<>();
        String streamed = contentOf(sse, finishes);
        assertThat(streamed).startsWith(benign + " [REDACTED] " + benign).doesNotContain("spiral");
        assertThat(finishes).containsExactly("length");
        assertThat(sse).endsWith("data: [DONE]\n\n");

        ObjectNode wholeReq = chat(text, false, null);
        wholeReq.put("x_finish", "length");
        JsonNode answer = JSON.readTree(given().contentType(ContentType.JSON).body(wholeReq.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo(streamed);
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("length");

        ObjectNode toolReq = chat("", true, List.of(3));
        toolReq.put("x_tool_args", "{\"note\": \"" + benign + " " + benign + "\", \"city\": \"Oslo\"}");
        toolReq.put("x_finish", "length");
        String toolSse = given().contentType(ContentType.JSON).body(toolReq.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        StringBuilder args = new StringBuilder();
        for (String line : toolSse.split("\n")) {
            if (line.startsWith("data: {")) {
                for (JsonNode choice : JSON.readTree(line.substring(6)).path("choices")) {
                    for (JsonNode call : choice.path("delta").path("tool_calls")) {
                        args.append(call.path("function").path("arguments").asText(""));
                    }
                }
            }
        }
        // the upstream's own arguments are complete here; the guard's hold at the cut may only take the tail
        assertThat(args.toString()).startsWith("{\"note\": \"" + benign + " " + benign + "\"");
    }

    /** The content of a chat stream's choices, joined; the finish reasons given go to {@code finishes}. */
    static String contentOf(String sse, List<String> finishes) throws Exception {
        StringBuilder streamed = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                for (JsonNode choice : JSON.readTree(line.substring(6)).path("choices")) {
                    streamed.append(choice.path("delta").path("content").asText(""));
                    if (choice.path("finish_reason").isTextual()) {
                        finishes.add(choice.path("finish_reason").asText());
                    }
                }
            }
        }
        return streamed.toString();
    }

    /**
     * A stream the upstream ends without a finish reason (cut off mid-answer) keeps the sentences the classifier
     * had not scored, as a token-limit cut does (the unfinished last one scored as it stands), then ends with the
     * truncation error (every sentence still unscored was dropped before).
     */
    @Test
    void aStreamCutOffWithoutItsFinishKeepsItsScoredSentencesThenErrs() throws Exception {
        registerKeyTopic();
        String benign = "The train to the coast leaves every morning at eight o'clock.";
        String text = benign + " " + KEY_LEAK + " " + benign + " The ferry leaves";
        ObjectNode req = chat(text, true, List.of(5, 2));
        req.put("x_finish", "none");
        String sse = given().contentType(ContentType.JSON).body(req.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<String> finishes = new java.util.ArrayList<>();
        assertThat(contentOf(sse, finishes)).isEqualTo(benign + " [REDACTED] " + benign + " The ferry leaves");
        assertThat(finishes).as("no finish was given").isEmpty();
        assertThat(sse.indexOf("upstream_stream_truncated")).as("the error ends it")
                .isGreaterThan(sse.lastIndexOf("The ferry leaves"));
    }

    /**
     * Structured output keeps the keys its schema declares when a topic finding covers a record: the client's
     * parser still finds its fields (an outside tester's SDK parse failed on {"[REDACTED]": ...}).
     */
    @Test
    void structuredOutputKeepsItsDeclaredKeysWhenATopicIsFound() throws Exception {
        registerKeyTopic();
        String leak = KEY_LEAK;
        String record = "{\"note\": \"" + leak + "\", \"city\": \"Oslo\"}";
        for (boolean stream : new boolean[]{false, true}) {
            ObjectNode req = chat(record, stream, List.of(4, 1, 7));
            req.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "r")
                    .putObject("schema").put("type", "object").putObject("properties")
                    .set("note", JSON.createObjectNode().put("type", "string"));
            ((ObjectNode) req.at("/response_format/json_schema/schema/properties")).set("city",
                    JSON.createObjectNode().put("type", "string"));
            String body = given().contentType(ContentType.JSON).body(req.toString())
                    .post("/v1/chat/completions").then().statusCode(200).extract().asString();
            String content;
            if (stream) {
                StringBuilder sb = new StringBuilder();
                for (String line : body.split("\n")) {
                    if (line.startsWith("data: {")) {
                        sb.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asText(""));
                    }
                }
                content = sb.toString();
            } else {
                content = JSON.readTree(body).at("/choices/0/message/content").asText();
            }
            assertThat(content).as("streamed: %s", stream).doesNotContain("spiral");
            JsonNode parsed = JSON.readTree(content);
            assertThat(parsed.has("note")).as(content).isTrue();
            assertThat(parsed.path("city").asText()).as(content).isEqualTo("Oslo");
        }
    }

    /**
     * A topic given as examples is recognized as a topic: a sentence about it in words none of its examples
     * use is found by the head fitted at registration, an unrelated one passes, and the record keeps the
     * examples as given.
     */
    @Test
    void aTopicGivenByExamplesIsRecognizedInNewWords() throws Exception {
        String body = """
                {"topics": [{"description": "Project Halcyon, the confidential solid-state battery programme of Orlen Dynamics",
                  "examples": [
                    "Project Halcyon is developing a sulfide electrolyte that stays stable above 80 degrees.",
                    "The Halcyon cells reached 410 watt-hours per kilogram in the March pilot run.",
                    "Orlen Dynamics plans to start Halcyon production at its Tervola plant in 2028.",
                    "Halcyon prototypes survived 1,200 charge cycles while keeping 90 percent of their capacity.",
                    "The Halcyon team replaced the graphite anode with a thin lithium metal foil.",
                    "Costs of the Halcyon separator fell by a third after switching suppliers.",
                    "Only twelve engineers at Orlen Dynamics have access to the Halcyon test data.",
                    "A Halcyon pack for delivery vans is being tested on routes around Tervola."],
                  "key_terms": ["Orlen"]}]}""";
        String created = given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(201).extract().asString();
        JsonNode record = JSON.readTree(created);
        assertThat(record.at("/topics/0/examples")).hasSize(8);
        assertThat(record.at("/topics/0/key_terms/0").asText()).isEqualTo("Orlen");
        String leak = "Engineers say the Halcyon battery now charges to eighty percent in twelve minutes.";
        String benign = "The train to the coast leaves every morning at eight o'clock.";
        JsonNode answer = whole(benign + " " + leak);
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo(benign + " [REDACTED]");
        JsonNode finding = answer.at("/guard/findings/0");
        assertThat(finding.path("erasure_id").asText()).isEqualTo(record.path("id").asText());
        assertThat(finding.path("rule").asText()).isEqualTo("topic-head");
        assertThat(streamed(benign + " " + leak, List.of(4, 2, 7)).content()).isEqualTo(benign + " [REDACTED]");
    }

    @Test
    void anOperatorLabelAboveItsThresholdBlocksWithTheLabelsRefusal() throws Exception {
        String text = "Sure, here it is. The synthesis of sarin nerve agent needs a precursor. Good luck.";
        JsonNode answer = whole(text);
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo(REFUSAL);
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(answer.at("/guard/findings/0/rule").asText()).isEqualTo("hazard:hazard");
        Stream stream = streamed(text, List.of(2, 5));
        // the first sentence (or part of it, up to its end) goes out if it was scored before the second is
        // blocked; the hazard never does
        assertThat(stream.content()).endsWith(REFUSAL).doesNotContain("sarin");
        assertThat("Sure, here it is. ").startsWith(stream.content().substring(0,
                stream.content().length() - REFUSAL.length()));
        assertThat(stream.finishReasons()).containsExactly("content_filter");
        assertThat(stream.done()).isTrue();
    }

    /**
     * A topic in a script written without spaces (helper-75: accepted, then never enforced, as a Chinese
     * sentence counted as one word, under the classifier's minimum, and its key term never matched inside it).
     */
    @Test
    void aChineseTopicIsEnforcedInChineseText() throws Exception {
        String body = """
                {"topics": [{"description": "神秘的青龙计划电池项目",
                  "examples": ["青龙电池使用硫化物电解质。", "青龙电池的试产线在三月创下新纪录。",
                    "奥伦公司计划在二零二八年开始生产青龙电池。", "青龙原型电池经过一千二百次充电循环。"],
                  "key_terms": ["青龙"]}]}""";
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(201);
        String leak = "青龙电池使用硫化物电解质。";
        assertThat(whole(leak).at("/choices/0/message/content").asText()).isEqualTo("[REDACTED]");
        String benign = "今天天气很好，我们去公园散步了。";
        assertThat(whole(benign).at("/choices/0/message/content").asText()).isEqualTo(benign);
        assertThat(streamed(benign + leak, List.of(3, 1, 5)).content()).isEqualTo(benign + "[REDACTED]");
        // helper-79: a Thai description alone, or an English topic's head, flagged every Thai sentence
        String thai = given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"topics\": [\"การทดลองวัคซีนลับของบริษัทโอสการ์ทที่ทำให้อาสาสมัครเสียชีวิต\"]}")
                .post("/admin/v1/erasures").then().statusCode(201).extract().asString();
        assertThat(thai).contains("topics[0]");
        for (String ordinary : List.of("หนังสือเล่มนี้น่าสนใจมากสำหรับเด็กทุกคน", "ฉันชอบกินข้าวผัดกับไข่ดาวทุกเช้าเลย")) {
            assertThat(whole(ordinary).at("/choices/0/message/content").asText()).isEqualTo(ordinary);
        }
    }

    @Test
    void ordinaryTextPassesUnchangedThroughTheClassifier() throws Exception {
        String text = "The weather is nice today. We walked along the river and had lunch in the garden.";
        assertThat(whole(text).at("/choices/0/message/content").asText()).isEqualTo(text);
        Stream stream = streamed(text, List.of(1, 2, 3));
        assertThat(stream.content()).isEqualTo(text);
        assertThat(stream.finishReasons()).containsExactly("stop");
    }

    @Test
    void theScanApiWaitsForTheClassifier() {
        String body = given().contentType(ContentType.JSON)
                .body("{\"text\":\"Here is the synthesis of sarin nerve agent from a precursor.\"}")
                .post("/v1/guard/scan").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"action\":\"block\"").contains("hazard:hazard").contains(REFUSAL);
    }

    @Test
    void streamedEqualsWholeForRandomSentencesAndChunkingsAndNothingFlaggedLeaves() throws Exception {
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"topics\":[\"The harbour vault of Quenby Hollow is opened with the copper key hidden under "
                        + "the lighthouse stairs.\"]}")
                .post("/admin/v1/erasures").then().statusCode(201);
        String[] benign = {"The museum opens at nine on weekdays.", "Our team played football in the park.",
                "Tea is best brewed for three minutes.", "She painted the fence a pale shade of green.", "Fine."};
        String[] flagged = {"The synthesis of sarin nerve agent uses a precursor.",
                "Quenby Hollow's harbour vault opens with a copper key kept under the lighthouse stairs."};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 12; round++) {
            StringBuilder sb = new StringBuilder();
            int n = 2 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                String[] pool = random.nextInt(3) == 0 ? flagged : benign;
                sb.append(pool[random.nextInt(pool.length)]).append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            String text = sb.toString();
            List<Integer> chunks = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                chunks.add(1 + random.nextInt(9));
            }
            String whole = whole(text).at("/choices/0/message/content").asText();
            Stream stream = streamed(text, chunks);
            assertThat(stream.done()).isTrue();
            assertThat(whole).doesNotContain("sarin").doesNotContain("copper key");
            if (whole.equals(REFUSAL)) {
                // blocked: the stream sent a clean (possibly redacted) prefix, then the refusal
                assertThat(stream.content()).endsWith(REFUSAL).doesNotContain("sarin").doesNotContain("copper key");
                assertThat(stream.finishReasons()).containsExactly("content_filter");
            } else {
                assertThat(stream.content()).as("round %d, chunks %s", round, chunks).isEqualTo(whole);
                assertThat(stream.finishReasons()).containsExactly("stop");
            }
        }
    }

    @Test
    void everyChoiceAndTheReasoningChannelAreHeldUntilScored() throws Exception {
        ObjectNode req = chat("The weather is nice today and we walked in the garden.", true, List.of(3));
        req.put("n", 2);
        req.put("x_reasoning", "First I recall the synthesis of sarin nerve agent from its precursor. Then I answer.");
        String sse = given().contentType(ContentType.JSON).body(req.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertThat(sse).doesNotContain("sarin").endsWith("data: [DONE]\n\n");
        java.util.Map<Integer, List<String>> finishes = new java.util.HashMap<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                for (JsonNode choice : JSON.readTree(line.substring(6)).path("choices")) {
                    if (choice.path("finish_reason").isTextual()) {
                        finishes.computeIfAbsent(choice.path("index").asInt(), k -> new java.util.ArrayList<>())
                                .add(choice.path("finish_reason").asText());
                    }
                }
            }
        }
        assertThat(finishes).containsOnlyKeys(0, 1);
        assertThat(finishes.get(0)).containsExactly("content_filter");
        assertThat(finishes.get(1)).containsExactly("content_filter");
    }

    @Test
    void theLegacyCompletionsStreamWaitsForTheClassifierToo() throws Exception {
        String text = "Here is a poem about spring. The synthesis of sarin nerve agent is next.";
        ObjectNode req = JSON.createObjectNode();
        req.put("model", "echo");
        req.put("prompt", text);
        req.put("stream", true);
        req.putArray("x_chunks").add(2);
        String sse = given().contentType(ContentType.JSON).body(req.toString())
                .post("/v1/completions").then().statusCode(200).extract().asString();
        assertThat(sse).doesNotContain("sarin").contains(REFUSAL).contains("\"content_filter\"")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void readinessSaysWhereTheModelsRunAndHowTheyBatch() {
        String health = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(health).contains("\"classifier\"").contains("all-MiniLM-L6-v2-q on CPU, one sentence per run")
                .contains("\"model hazard\"").contains("hazard on CPU, padded batches");
    }
}
