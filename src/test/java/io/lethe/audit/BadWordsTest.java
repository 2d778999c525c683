package io.lethe.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decode-time help (issue 16, item 5): for an upstream with {@code bad-words} on, a request naming an erased
 * subject carries the subject's names in vLLM's {@code bad_words}; an upstream without it never sees the field.
 * Measured as guard actions per 1,000 such requests with and without, against a scripted vLLM that honours
 * {@code bad_words}: it names the subject in 60 % of answers (by a hash of the prompt), and gives the subject's
 * e-mail in 20 % — unless a bad word forbids the name, which it then avoids ("this person"); the e-mail is no bad
 * word, so those answers are still redacted. {@code -Dbadwords.requests=1000} for the BENCHMARKS.md figure.
 */
@QuarkusTest
@TestProfile(BadWordsTest.Steering.class)
class BadWordsTest {

    static final String AUTH = "Bearer test-admin-token";
    static final String[] FIRST = {"Alvar", "Brigida", "Cosimo", "Dagny", "Evander", "Fiorella", "Gustavo", "Hesper",
            "Ignatius", "Jolanda"};
    static final String[] LAST = {"Quennell", "Sobotka"};

    public static class Steering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lethe.audit.start-delay", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Upstream.class));
        }
    }

    public static class Upstream implements QuarkusTestResourceLifecycleManager {
        static ScriptedModels models;

        @Override
        public Map<String, String> start() {
            models = new ScriptedModels().scriptSteered("vllm-steered", BadWordsTest::answer)
                    .scriptSteered("vllm-plain", BadWordsTest::answer);
            String base = "http://127.0.0.1:" + models.start() + "/v1";
            return Map.of("lethe.upstreams.steered.url", base, "lethe.upstreams.steered.models", "vllm-steered",
                    "lethe.upstreams.steered.bad-words", "true",
                    "lethe.upstreams.plain.url", base, "lethe.upstreams.plain.models", "vllm-plain");
        }

        @Override
        public void stop() {
            models.close();
        }
    }

    static String name(int i) {
        return FIRST[i % FIRST.length] + " " + LAST[i / FIRST.length];
    }

    static String email(int i) {
        return FIRST[i % FIRST.length].toLowerCase() + "." + LAST[i / FIRST.length].toLowerCase() + "@example.org";
    }

    /** The scripted vLLM: which subject the prompt asks about, and what it says of them. */
    static String answer(String prompt, List<String> badWords) {
        for (int i = 0; i < FIRST.length * LAST.length; i++) {
            if (prompt.contains(name(i))) {
                int r = Math.floorMod(prompt.hashCode() * 31 + 7, 100);
                String who = r < 60 ? (badWords.contains(name(i)) ? "This person" : name(i)) : "They";
                return who + " worked on several projects." + (r % 5 == 0 ? " Write to " + email(i) + "." : "");
            }
        }
        return "I cannot say.";
    }

    static int actions(String model, int requests) {
        int acted = 0;
        for (int k = 0; k < requests; k++) {
            String prompt = "Tell me about " + name(k % 20) + " (question " + k + ").";
            JsonPath r = given().contentType(ContentType.JSON)
                    .body(new JsonObject().put("model", model).put("messages", List.of(Map.of("role", "user",
                            "content", prompt))).encode())
                    .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
            String action = r.getString("guard.action");
            if ("redact".equals(action) || "block".equals(action)) {
                acted++;
            }
        }
        return acted;
    }

    @Test
    void namesInBadWordsSteerTheModelAwayAndOnlyWhereConfigured() throws Exception {
        // given: twenty people erased
        for (int i = 0; i < 20; i++) {
            given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body("{\"id\":\"bw-" + i + "\",\"subject\":{\"names\":[\"" + name(i) + "\"],\"emails\":[\""
                            + email(i) + "\"]}}").post("/admin/v1/erasures").then().statusCode(201);
        }
        int n = Integer.getInteger("badwords.requests", 200);
        // when
        int plain = actions("vllm-plain", n);
        int steered = actions("vllm-steered", n);
        // then: the plain upstream never got bad_words; the steered one got the named subject's name each time
        List<JsonObject> bodies = Upstream.models.bodies.stream().filter(b -> b.getJsonArray("messages").getJsonObject(0)
                .getString("content").startsWith("Tell me about ")).toList();
        assertThat(bodies).filteredOn(b -> b.getString("model").equals("vllm-plain")).hasSize(n)
                .allMatch(b -> !b.containsKey("bad_words"));
        List<JsonObject> steeredBodies = bodies.stream().filter(b -> b.getString("model").equals("vllm-steered")).toList();
        assertThat(steeredBodies).hasSize(n);
        for (JsonObject b : steeredBodies) {
            String content = b.getJsonArray("messages").getJsonObject(0).getString("content");
            String named = content.substring("Tell me about ".length(), content.indexOf(" (question"));
            assertThat(b.getJsonArray("bad_words").getList()).containsExactly(named);
        }
        double per1000Plain = 1000.0 * plain / n;
        double per1000Steered = 1000.0 * steered / n;
        Files.writeString(Path.of("target/bad-words-bench.txt"), String.format(java.util.Locale.ROOT,
                "requests per arm: %d%nguard actions per 1000, without bad_words: %.0f%nguard actions per 1000, with bad_words: %.0f%n",
                n, per1000Plain, per1000Steered));
        // about 68 % of plain answers name the subject or give the e-mail; with bad_words only the e-mail's 20 % remain
        assertThat(per1000Plain).isBetween(550.0, 800.0);
        assertThat(per1000Steered).isBetween(100.0, 300.0);
    }

    @Test
    void aClientsOwnBadWordsAreKeptAndAPromptNamingNobodyIsSentAsItCame() {
        given().contentType(ContentType.JSON).body(new JsonObject().put("model", "vllm-steered")
                        .put("bad_words", List.of("zeppelin"))
                        .put("messages", List.of(Map.of("role", "user", "content", "Who is Alvar Quennell? (own)"))).encode())
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON).body(new JsonObject().put("model", "vllm-steered")
                        .put("messages", List.of(Map.of("role", "user", "content", "What is the tallest tree? (nobody)"))).encode())
                .post("/v1/chat/completions").then().statusCode(200);
        JsonObject own = Upstream.models.bodies.stream().filter(b -> b.encode().contains("(own)")).findFirst().orElseThrow();
        JsonObject nobody = Upstream.models.bodies.stream().filter(b -> b.encode().contains("(nobody)")).findFirst().orElseThrow();
        // Alvar Quennell is erased only if the other test ran first; the client's word is kept either way
        assertThat(own.getJsonArray("bad_words").getList()).startsWith("zeppelin");
        assertThat(nobody.containsKey("bad_words")).isFalse();
    }
}
