package io.lethe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;

import java.util.List;

import static io.restassured.RestAssured.given;

/** Chat requests for the {@link ReplayUpstream} echo model, sent to the application under test. */
public final class EchoChat {

    public static final ObjectMapper JSON = new ObjectMapper();

    private EchoChat() {
    }

    /** A chat request whose answer echoes {@code text}, chunked as {@code chunks} says when streamed. */
    public static ObjectNode chat(String text, boolean stream, List<Integer> chunks) {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", "echo");
        req.put("stream", stream);
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "user").put("content", text);
        if (chunks != null) {
            ArrayNode c = req.putArray("x_chunks");
            chunks.forEach(c::add);
        }
        return req;
    }

    /** The non-streamed answer (status 200 expected). */
    public static JsonNode whole(String text) throws Exception {
        return JSON.readTree(given().contentType(ContentType.JSON).body(chat(text, false, null).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());
    }
}
