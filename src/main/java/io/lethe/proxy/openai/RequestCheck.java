package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks the few request fields the proxy relies on; everything else is the upstream's to judge. */
public final class RequestCheck {

    private RequestCheck() {
    }

    /** Validates a chat request; returns the error or {@code null}. */
    public static ApiError chat(ObjectNode body) {
        ApiError e = common(body);
        if (e != null) {
            return e;
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            return ApiError.invalid("Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return ApiError.invalid("Invalid 'messages': expected a non-empty array.", "messages");
        }
        return null;
    }

    /** Validates a legacy completions request. */
    public static ApiError completions(ObjectNode body) {
        ApiError e = common(body);
        if (e != null) {
            return e;
        }
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            return ApiError.invalid("Missing required parameter: 'prompt'.", "prompt");
        }
        if (!prompt.isTextual() && !prompt.isArray()) {
            return ApiError.invalid("Invalid 'prompt': expected a string or an array.", "prompt");
        }
        return null;
    }

    /**
     * Validates a Responses API request: a model, and an {@code input} (a string or an array of items) unless
     * the request continues an earlier response or uses a stored prompt.
     */
    public static ApiError responses(ObjectNode body) {
        ApiError e = common(body);
        if (e != null) {
            return e;
        }
        JsonNode input = body.get("input");
        if ((input == null || input.isNull()) && !body.hasNonNull("previous_response_id") && !body.hasNonNull("prompt")
                && !body.hasNonNull("conversation")) {
            return ApiError.invalid("Missing required parameter: 'input'.", "input");
        }
        if (input != null && !input.isNull() && !input.isTextual() && !input.isArray()) {
            return ApiError.invalid("Invalid 'input': expected a string or an array.", "input");
        }
        return null;
    }

    /** Validates an embeddings request (relayed unguarded: embeddings carry no text). */
    public static ApiError embeddings(ObjectNode body) {
        ApiError e = common(body);
        if (e != null) {
            return e;
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            return ApiError.invalid("Missing required parameter: 'input'.", "input");
        }
        return null;
    }

    private static ApiError common(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            return ApiError.invalid("Missing required parameter: 'model'.", "model");
        }
        if (!model.isTextual() || model.textValue().isBlank()) {
            return ApiError.invalid("Invalid 'model': expected a non-empty string.", "model");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return ApiError.invalid("Invalid 'stream': expected a boolean.", "stream");
        }
        return null;
    }

    /** True when the request asks for a streamed answer. */
    public static boolean streamed(ObjectNode body) {
        JsonNode stream = body.get("stream");
        return stream != null && stream.isBoolean() && stream.booleanValue();
    }
}
