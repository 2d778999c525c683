package io.lethe.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.lethe.erasure.GatewayEnforcementTest.JSON;
import static io.lethe.erasure.GatewayEnforcementTest.createErasure;
import static io.lethe.erasure.GatewayEnforcementTest.streamed;
import static io.lethe.testkit.EchoChat.chat;
import static io.lethe.testkit.EchoChat.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follow-up mentions (issue 11): once a response names a person — or the request's messages do — their
 * surname and a distinctive given name alone are findings for the rest of the response, in every channel.
 */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(io.lethe.testkit.ReplayUpstreamResource.class)
class FollowUpMentionsTest {

    /** A letters-only suffix: a digit would make the surname an identifier-like token. */
    static String unique(String base) {
        StringBuilder b = new StringBuilder(base);
        Random random = new Random();
        for (int i = 0; i < 5; i++) b.append((char) ('a' + random.nextInt(26)));
        return b.toString();
    }

    static String scanned(String text) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("text", text);
        return JSON.readTree(given().contentType(ContentType.JSON).body(body.toString()).post("/v1/guard/scan")
                .then().statusCode(200).extract().asString()).path("text").asText();
    }

    @Test
    void aSurnameAfterTheFullNameIsRedactedStreamedAndWhole() throws Exception {
        String surname = unique("Ashdale");
        createErasure("{\"subject\":{\"names\":[\"Corwin " + surname + "\"]}}");
        String text = "Corwin " + surname + " wrote the novel in 1969. " + surname + " later moved to Boston; Corwin too.";

        String content = whole(text).at("/choices/0/message/content").asText();

        assertThat(content).isEqualTo("[REDACTED] wrote the novel in 1969. [REDACTED] later moved to Boston; [REDACTED] too.");
        for (List<Integer> chunks : List.of(List.of(1), List.of(3, 7), List.of(13))) {
            assertThat(streamed(text, chunks)).as("chunks " + chunks).isEqualTo(content);
        }
    }

    @Test
    void aSurnameRightAfterTheFullNameIsAFollowUpToo() throws Exception {
        // helper-67: "Corwin Ashdale Ashdale" left the second surname, glued forms too
        String surname = unique("Ashdale");
        createErasure("{\"subject\":{\"names\":[\"Corwin " + surname + "\"]}}");
        String text = "The file lists Corwin " + surname + " " + surname + " as owner; x " + surname + "Corwin " + surname
                + " " + surname + ".";
        String content = whole(text).at("/choices/0/message/content").asText();
        assertThat(content).doesNotContain(surname);
        assertThat(scanned(text)).isEqualTo(content);
        for (List<Integer> chunks : List.of(List.of(1), List.of(3, 7))) {
            assertThat(streamed(text, chunks)).as("chunks " + chunks).isEqualTo(content);
        }
    }

    @Test
    void aNorthAmericanNumberWithoutItsAreaCodeIsAFollowUp() throws Exception {
        // red team 15 R3: "555-0142" is 7 of the 10 digits of the person's number
        String surname = unique("Quillsworth");
        createErasure("{\"subject\":{\"names\":[\"Miranda " + surname + "\"],\"phones\":[\"+1 415 555 0142\"]}}");
        assertThat(scanned("Call 555-0142 for the desk.")).isEqualTo("Call 555-0142 for the desk.");
        String text = "Miranda " + surname + " has a cell: 555-0142. Or 555 0142, or 5550142. Desk: 555-0199.";
        String content = whole(text).at("/choices/0/message/content").asText();
        assertThat(content).isEqualTo("[REDACTED] has a cell: [REDACTED]. Or [REDACTED], or [REDACTED]. Desk: 555-0199.");
        for (List<Integer> chunks : List.of(List.of(1), List.of(3, 7))) {
            assertThat(streamed(text, chunks)).as("chunks " + chunks).isEqualTo(content);
        }
    }

    @Test
    void aCommonGivenNameAloneAndASurnameBeforeAnyMentionAreNotFindings() throws Exception {
        String surname = unique("Wexford");
        createErasure("{\"subject\":{\"names\":[\"John " + surname + "\"]}}");

        // the scan endpoint has no prompt, so nothing is primed: a surname counts only after a full mention
        assertThat(scanned(surname + " is a town. John " + surname + " left; John stayed."))
                .isEqualTo(surname + " is a town. [REDACTED] left; John stayed.");
        assertThat(scanned("Only " + surname + " here.")).isEqualTo("Only " + surname + " here.");
    }

    @Test
    void aSurnameThatIsAlsoAWordCountsOnlyWhereItIsWrittenAsAName() throws Exception {
        createErasure("{\"subject\":{\"names\":[\"Ada Thornbakerly\"]}}");

        assertThat(scanned("Ada Thornbakerly met the thornbakerly guild. Thornbakerly left. THORNBAKERLY again."))
                .isEqualTo("[REDACTED] met the thornbakerly guild. [REDACTED] left. [REDACTED] again.");
    }

    @Test
    void aPersonNamedInTheReasoningMakesTheSurnameAFindingInTheContent() throws Exception {
        String surname = unique("Pellmore");
        createErasure("{\"subject\":{\"names\":[\"Idris " + surname + "\"]}}");
        ObjectNode req = chat(surname + " was born in Leeds.", false, null);
        req.put("x_reasoning", "The user asks about Idris " + surname + ".");

        JsonNode answer = JSON.readTree(given().contentType(ContentType.JSON).body(req.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());

        assertThat(answer.at("/choices/0/message/reasoning_content").asText()).isEqualTo("The user asks about [REDACTED].");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("[REDACTED] was born in Leeds.");
    }

    @Test
    void aPersonNamedInThePromptMakesTheSurnameAFindingFromTheFirstToken() throws Exception {
        String surname = unique("Tallowby");
        createErasure("{\"subject\":{\"names\":[\"Rhoswen " + surname + "\"]}}");
        for (boolean stream : new boolean[]{false, true}) {
            ObjectNode req = chat(surname + " later moved to Boston.", stream, List.of(2));
            ArrayNode messages = (ArrayNode) req.get("messages");
            messages.insertObject(0).put("role", "user").put("content", "Tell me about Rhoswen " + surname + ".");
            messages.insertObject(1).put("role", "assistant").put("content", "Which part?");

            String body = given().contentType(ContentType.JSON).body(req.toString()).post("/v1/chat/completions")
                    .then().statusCode(200).extract().asString();

            // the content as the client reads it: streamed deltas joined (a delta may end after the redaction)
            String content = stream ? contentOfDeltas(body) : JSON.readTree(body).at("/choices/0/message/content").asText();
            assertThat(body).as("stream=" + stream).doesNotContain(surname).contains("\"rule\":\"follow_up\"");
            assertThat(content).as("stream=" + stream).startsWith("[REDACTED] later ").contains("Boston");
        }
    }

    @Test
    void aPhoneAloneInTheAnswerOrThePromptMakesTheSurnameAFinding() throws Exception {
        String surname = unique("Brackenholt");
        String phone = String.format("+1 415 555 %04d", Math.floorMod(surname.hashCode(), 10000));
        createErasure("{\"subject\":{\"names\":[\"Corisande " + surname + "\"],\"phones\":[\"" + phone + "\"]}}");

        assertThat(scanned("Call " + phone + " today. " + surname + " answers."))
                .isEqualTo("Call [REDACTED] today. [REDACTED] answers.");
        // a reverse lookup: the prompt gives only the number
        // (no title before it: "Mr. Brackenholt" names a distinctive surname by itself, red team 17)
        ObjectNode req = chat("The answer: " + surname + " was born in 1950.", false, null);
        ((ArrayNode) req.get("messages")).insertObject(0).put("role", "user").put("content", "Who is " + phone + "?");
        String body = given().contentType(ContentType.JSON).body(req.toString()).post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(body).at("/choices/0/message/content").asText())
                .isEqualTo("The answer: [REDACTED] was born in 1950.");
    }

    @Test
    void followUpsCanBeTurnedOffPerErasure() throws Exception {
        String surname = unique("Quarrendon");
        createErasure("{\"id\":\"follow-ups-off\",\"subject\":{\"names\":[\"Petronella " + surname + "\"]}}");

        assertThat(whole("Petronella " + surname + " came. " + surname + " left.").at("/choices/0/message/content")
                .asText()).isEqualTo("[REDACTED] came. " + surname + " left.");
    }

    /** The content deltas of choice 0 of a streamed answer, joined. */
    static String contentOfDeltas(String sse) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : sse.split("\n")) {
            String data = line.startsWith("data:") ? line.substring(5).trim() : "";
            if (data.isEmpty() || data.equals("[DONE]")) {
                continue;
            }
            for (JsonNode choice : JSON.readTree(data).path("choices")) {
                JsonNode c = choice.path("delta").path("content");
                if (c.isTextual()) {
                    out.append(c.asText());
                }
            }
        }
        return out.toString();
    }
}
