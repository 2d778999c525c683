package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.PersonPipelines;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.ResponsesStream;
import io.lethe.proxy.openai.ResponsesWhole;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code error} object of a failed Responses answer, whole and streamed, over a real name detector (helper-89):
 * a failed status cuts the model's output, not the server's error text, whose tail the detector held ("_error" of the
 * code, the message's last characters) went out dropped.
 */
class ResponsesErrorTextTest {

    private static final GuardPipeline PIPELINE = PersonPipelines.person("Corvina Thistlewood", null);

    private static ObjectNode failed(String code, String message, String status) {
        ObjectNode r = Json.object().put("id", "resp_1").put("object", "response").put("status", status).put("model", "m");
        r.putObject("error").put("code", code).put("message", message);
        r.putArray("output");
        return r;
    }

    private static JsonNode whole(ObjectNode response) {
        ResponsesWhole.start(TestWire.session(PIPELINE), response, Declared.NONE, "r", "m").apply();
        return response.path("error");
    }

    private static JsonNode streamed(ObjectNode response) throws Unwalkable {
        ResponsesStream t = new ResponsesStream(TestWire.session(PIPELINE), Declared.NONE, "r", "m");
        List<WireEvent> out = new ArrayList<>();
        ObjectNode created = Json.object().put("type", "response.created").put("sequence_number", 0);
        created.set("response", Json.object().put("id", "resp_1").put("object", "response").put("status", "in_progress"));
        t.onEvent("response.created", created, null, out);
        ObjectNode end = Json.object().put("type", "response.failed").put("sequence_number", 1);
        end.set("response", response);
        t.onEvent("response.failed", end, null, out);
        t.onEnd(out);
        JsonNode last = null;
        for (WireEvent e : out) {
            JsonNode d = Json.parseObjectOrNull(e.data());
            if (d != null && "response.failed".equals(d.path("type").asText())) {
                last = d;
            }
        }
        assertThat(last).as("the terminal event goes out").isNotNull();
        return last.path("response").path("error");
    }

    @Test
    void aFailedResponsesErrorKeepsItsCodeAndTheEndOfItsMessage() throws Unwalkable {
        for (String status : List.of("failed", "incomplete", "completed")) {
            for (boolean stream : new boolean[] {false, true}) {
                ObjectNode r = failed("server_error", "Contact Corvina Thistlewood at the desk.", status);
                JsonNode err = stream ? streamed(r) : whole(r);
                String how = status + (stream ? " streamed" : " whole");
                assertThat(err.path("code").asText()).as(how).isEqualTo("server_error");
                assertThat(err.path("message").asText()).as(how).isEqualTo("Contact [REDACTED] at the desk.");

                r = failed("server_error", "The run for Corvina", status);
                err = stream ? streamed(r) : whole(r);
                // a given name alone is no finding: the whole message goes out, as the chat route's error path sends it
                assertThat(err.path("message").asText().length()).as(how).isEqualTo("The run for Corvina".length());
            }
        }
    }
}
