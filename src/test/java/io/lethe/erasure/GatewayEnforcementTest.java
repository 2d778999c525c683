package io.lethe.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.lethe.testkit.EchoChat.chat;
import static io.lethe.testkit.EchoChat.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasures through the whole gateway: the admin API, the proxy and the replayed upstream's echo model.
 */
@QuarkusTest
@WithTestResource(ReplayUpstreamResource.class)
class GatewayEnforcementTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "Bearer test-admin-token";

    static void createErasure(String body) {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(201);
    }


    /** Sends a streamed request and concatenates the content deltas of choice 0. */
    static String streamed(String text, List<Integer> chunks) throws Exception {
        String sse = given().contentType(ContentType.JSON).body(chat(text, true, chunks).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        StringBuilder out = new StringBuilder();
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
            JsonNode chunk = JSON.readTree(data);
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual()) {
                    out.append(content.asText());
                }
            }
        }
        assertThat(done).as("stream ends with [DONE]").isTrue();
        return out.toString();
    }

    @Test
    void anErasureIsEnforcedForTheVeryNextRequestStreamedAndNot() throws Exception {
        // given
        String id = "live-" + UUID.randomUUID();
        String surname = "Quillfeather" + Integer.toHexString(new Random().nextInt(1 << 20));
        createErasure("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Orla " + surname + "\"]}}");
        String text = "The novelist Orla " + surname + " lives by the sea; " + surname + ", Orla wrote ten books.";
        // when
        JsonNode answer = whole(text);
        String stream = streamed(text, List.of(3, 1, 5, 2));
        // then
        String content = answer.at("/choices/0/message/content").asText();
        assertThat(content).isEqualTo("The novelist [REDACTED] lives by the sea; [REDACTED] wrote ten books.");
        assertThat(answer.at("/guard/action").asText()).isEqualTo("redact");
        assertThat(answer.at("/guard/findings/0/erasure_id").asText()).isEqualTo(id);
        assertThat(answer.at("/guard/findings/0/detector").asText()).isEqualTo("lexical");
        assertThat(stream).isEqualTo(content);
    }

    @Test
    void anErasureWithBlockEndsTheChoiceWithTheRefusal() throws Exception {
        String surname = "Brackenridge" + Integer.toHexString(new Random().nextInt(1 << 20));
        createErasure("{\"subject\":{\"names\":[\"Tamsin " + surname + "\"]},\"action\":\"block\"}");
        JsonNode answer = whole("Ask Tamsin " + surname + " yourself.");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("This content was withheld by policy.");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        String stream = streamed("Ask Tamsin " + surname + " yourself.", List.of(2));
        assertThat(stream).endsWith("This content was withheld by policy.").doesNotContain("Tamsin");
    }

    @Test
    void streamedEqualsWholeForRandomTextsAndChunkingsAndNothingLeaks() throws Exception {
        // given: two erasures and the test rules' redacted deny term
        String suffix = Integer.toHexString(new Random().nextInt(1 << 20));
        String a = "Ysolde Marchbank" + suffix;
        String b = "Corwin Tallis" + suffix;
        createErasure("{\"subject\":{\"names\":[\"" + a + "\"],\"emails\":[\"ysolde." + suffix + "@example.net\"]}}");
        createErasure("{\"subject\":{\"names\":[\"" + b + "\"],\"phones\":[\"+44 20 7946 0" + (100 + suffix.length()) + "\"]}}");
        String[] planted = {a, b, "ysolde." + suffix + "@example.net", "020 7946 0" + (100 + suffix.length()), "zebra crossing"};
        String[] filler = {"the ", "a ", "Ysolde ", "Corwin ", "Tallis ", "zebra ", "crossing ", ", ", ". ", "\n", "é ", "🙂 ", "020 ", "7946 "};
        Random random = new Random(42);
        for (int round = 0; round < 25; round++) {
            StringBuilder sb = new StringBuilder();
            int pieces = 3 + random.nextInt(15);
            for (int i = 0; i < pieces; i++) {
                sb.append(random.nextInt(4) == 0 ? planted[random.nextInt(planted.length)] + " " : filler[random.nextInt(filler.length)]);
            }
            String text = sb.toString();
            List<Integer> chunks = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                chunks.add(1 + random.nextInt(9));
            }
            // when
            String whole = whole(text).at("/choices/0/message/content").asText();
            String stream = streamed(text, chunks);
            // then
            assertThat(stream).as("round %d, chunks %s", round, chunks).isEqualTo(whole);
            for (String p : planted) {
                assertThat(Pattern.compile(Pattern.quote(p), Pattern.CASE_INSENSITIVE).matcher(stream).find())
                        .as("'%s' leaked in round %d", p, round).isFalse();
            }
        }
    }

    @Test
    void erasedValuesNeverReachLogsMetricsOrErrors() throws Exception {
        // given: erasures with values that appear nowhere else
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Wilhelmina Zarathustra" + tag;
        String email = "wz" + tag + "@secret.example";
        String ident = "ZX-" + tag.toUpperCase();
        createErasure("{\"subject\":{\"names\":[\"" + name + "\"],\"emails\":[\"" + email + "\"],\"identifiers\":[\"" + ident + "\"]}}");
        // when: leaking traffic of every kind, and invalid requests that carry the values
        String text = "Contact " + name + " at " + email + " (id " + ident + ").";
        whole(text);
        streamed(text, List.of(4));
        given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}").post("/v1/guard/scan").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(tag)));
        String badCreate = given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"subject\":{\"emails\":[\"" + name + "\"]}}").post("/admin/v1/erasures")
                .then().statusCode(400).extract().asString();
        String badChat = given().contentType(ContentType.JSON).body("{\"model\":\"echo\",\"messages\":\"" + name + "\"}")
                .post("/v1/chat/completions").then().statusCode(400).extract().asString();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // then
        Path log = Path.of("target", "quarkus-tests.log");
        Thread.sleep(300);  // the async console handler; the file handler writes synchronously
        String logText = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertThat(logText).as("the test log is written").isNotEmpty();
        for (String secret : List.of(tag, tag.toUpperCase(), "Zarathustra")) {
            assertThat(logText).doesNotContain(secret);
            assertThat(metrics).doesNotContain(secret);
            assertThat(badCreate).doesNotContain(secret);
            assertThat(badChat).doesNotContain(secret);
        }
    }

    @Test
    void aTenantScopedErasureAppliesToThatTenantsKeysOnly() throws Exception {
        // given: lethe.tenants.acme.api-keys=acme-key-1,acme-key-2 (test configuration)
        String surname = "Fenwright" + Integer.toHexString(new Random().nextInt(1 << 20));
        createErasure("{\"subject\":{\"names\":[\"Idris " + surname + "\"]},\"scope\":{\"tenants\":[\"acme\"]}}");
        String body = chat("Idris " + surname + " said hi.", false, null).toString();
        // when
        String asAcme = given().header("Authorization", "Bearer acme-key-2").contentType(ContentType.JSON).body(body)
                .post("/v1/chat/completions").then().statusCode(200).extract().path("choices[0].message.content");
        String asOther = given().contentType(ContentType.JSON).body(body)  // anonymous: tenant "default"
                .post("/v1/chat/completions").then().statusCode(200).extract().path("choices[0].message.content");
        given().header("Authorization", "Bearer someone-else").contentType(ContentType.JSON).body(body)
                .post("/v1/chat/completions").then().statusCode(401);  // keys are configured: an unknown one is wrong
        // then
        assertThat(asAcme).isEqualTo("[REDACTED] said hi.");
        assertThat(asOther).isEqualTo("Idris " + surname + " said hi.");
    }

    @Test
    void aReproducedPassageIsRedactedStreamedAndNot() throws Exception {
        // given: a TOFU answer registered as a passage (made unique per run)
        String tag = Integer.toHexString(new Random().nextInt(1 << 20));
        String passage = "In his novel Quiet Harbour " + tag + ", the author describes a fishing village where every "
                + "family keeps a ledger of the names the sea has taken.";
        createErasure("{\"passages\":[\"" + passage + "\"],\"action\":\"redact\"}");
        String reproduced = "He wrote: \u201cthe author describes a FISHING village where every family\nkeeps a ledger "
                + "of the names\u201d and more.";
        // when
        String whole = whole(reproduced).at("/choices/0/message/content").asText();
        String stream = streamed(reproduced, List.of(5, 3, 8));
        // then
        assertThat(whole).isEqualTo("He wrote: \u201c[REDACTED]\u201d and more.");
        assertThat(stream).isEqualTo(whole);
    }

    @Test
    void aPromptNamingARefusedTermIsAnsweredWithoutTheUpstream() throws Exception {
        // given: test rules list "Operation Blackbird" with prompt: refuse
        var upstream = ReplayUpstreamResource.upstream();
        int before = upstream.requests().size();
        // when
        JsonNode answer = whole("Tell me all about operation BLACKBIRD please");
        String stream = given().contentType(ContentType.JSON)
                .body(chat("What was Operation Blackbird?", true, null).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        // then
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("This content was withheld by policy.");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(answer.at("/guard/stage").asText()).isEqualTo("prompt");
        assertThat(stream).contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]\n\n")
                .contains("\"guard\":{\"action\":\"block\",\"stage\":\"prompt\"");
        assertThat(upstream.requests().size()).as("nothing reached the upstream").isEqualTo(before);
        // prompts without such a term go through as usual
        assertThat(whole("an ordinary prompt").at("/choices/0/message/content").asText()).isEqualTo("an ordinary prompt");
        assertThat(upstream.requests().size()).isEqualTo(before + 1);
    }

    @Test
    void structuredOutputStaysValidJsonWhenAPhoneInANumberSlotIsRedacted() throws Exception {
        createErasure("{\"subject\":{\"names\":[\"Rosalind Ketteridge\"],\"phones\":[\"+1 415 555 0142\"]}}");
        String answer = "{\"name\":\"Rosalind Ketteridge\",\"phone\":14155550142,\"ok\":true}";
        // with response_format, and without it (a prompt asking for JSON; helper-61: a bare [REDACTED] broke the JSON)
        for (int run = 0; run < 4; run++) {
            JsonNode parsed = jsonAnswer(answer, run, List.of(3));
            assertThat(parsed.path("name").asText()).as("run " + run).isEqualTo("[REDACTED]");
            assertThat(parsed.path("phone").asText()).isEqualTo("[REDACTED]");
            assertThat(parsed.path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void aUnicodeEscapeWhoseBackslashIsEscapedIsReadInJsonAndInProse() throws Exception {
        // helper-66: {"note": "Corwin\\u0020Ashdale"} holds the escape a reader decodes; JSON text skipped it
        createErasure("{\"subject\":{\"names\":[\"Evadne Marchbanks\"]}}");
        String json = "{\"note\":\"Evadne\\\\u0020Marchbanks\",\"n\":1}";
        for (int run = 0; run < 4; run++) {
            JsonNode parsed = jsonAnswer(json, run, List.of(2, 1, 3));
            assertThat(parsed.path("note").asText()).as("run " + run).isEqualTo("[REDACTED]");
            assertThat(parsed.path("n").asInt()).isEqualTo(1);
        }
        String prose = "Ask Evadne\\\\u0020Marchbanks, or Evadne\\\\\\\\u004darchbanks.";
        assertThat(whole(prose).at("/choices/0/message/content").asText()).isEqualTo("Ask [REDACTED], or [REDACTED].");
        assertThat(streamed(prose, List.of(1))).isEqualTo("Ask [REDACTED], or [REDACTED].");
        // helper-73: the other escape families with an escaped backslash (\\x20, \\U00000020, \\u{20})
        String others = "Ask Evadne\\\\x20Marchbanks. Then Evadne\\\\U00000020Marchbanks. Also Evadne\\\\u{20}Marchbanks. "
                + "Or \\\\x45vadne Marchbanks.";
        String expected = "Ask [REDACTED]. Then [REDACTED]. Also [REDACTED]. Or [REDACTED].";
        assertThat(whole(others).at("/choices/0/message/content").asText()).isEqualTo(expected);
        assertThat(streamed(others, List.of(1))).isEqualTo(expected);
        JsonNode parsed = JSON.readTree(content(chat("{\"note\":\"\\\\x45vadne\\\\x20Marchbanks\"}", true, List.of(2)), true));
        assertThat(parsed.path("note").asText()).isEqualTo("[REDACTED]");
    }

    /**
     * The echo model's JSON {@code answer} as the client parses it, in run 0 to 3: streamed in odd runs
     * ({@code chunks}), with {@code response_format: json_object} in runs 0 and 1 and without it (a prompt asking
     * for JSON) in runs 2 and 3.
     */
    static JsonNode jsonAnswer(String answer, int run, List<Integer> chunks) throws Exception {
        boolean stream = run % 2 == 1;
        com.fasterxml.jackson.databind.node.ObjectNode req = chat(answer, stream, chunks);
        if (run < 2) {
            req.putObject("response_format").put("type", "json_object");
        }
        return JSON.readTree(content(req, stream));
    }

    /** Choice 0's content of a chat request sent as is: the message's, or the stream's deltas joined. */
    static String content(com.fasterxml.jackson.databind.node.ObjectNode req, boolean stream) throws Exception {
        String body = given().contentType(ContentType.JSON).body(req.toString()).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();
        if (!stream) {
            return JSON.readTree(body).at("/choices/0/message/content").asText();
        }
        StringBuilder content = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:") && !line.contains("[DONE]")) {
                JsonNode c = JSON.readTree(line.substring(5).trim()).at("/choices/0/delta/content");
                if (c.isTextual()) {
                    content.append(c.asText());
                }
            }
        }
        return content.toString();
    }
}
