package io.lethe.proxy.openai;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as OpenAI shapes it, {@code {"error": {"message", "type", "param", "code"}}}, with its HTTP
 * status. {@link #body()} holds the whole object so upstream errors pass through with their extra fields.
 */
public record ApiError(int status, ObjectNode body) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String UPSTREAM = "upstream_error";

    public static ApiError of(int status, String type, String message, String param, String code) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = Json.object();
        body.set("error", error);
        return new ApiError(status, body);
    }

    public static ApiError invalid(String message, String param) {
        return of(400, INVALID_REQUEST, message, param, null);
    }

    /** Jackson's problem and position, never the offending text (it is the client's prompt). */
    public static ApiError malformedJson(JsonProcessingException e) {
        String what = e instanceof JsonEOFException ? "unexpected end of input" : "invalid JSON";
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 0 ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return of(400, INVALID_REQUEST, "We could not parse the JSON body of your request: " + what + where + ".",
                null, "invalid_json");
    }

    public static ApiError tooLarge(long limit) {
        return of(413, INVALID_REQUEST, "Request body too large: the limit is " + limit + " bytes.", null,
                "request_too_large");
    }

    /**
     * No upstream serves the model the request named. The name is not repeated: it is the client's text, and a
     * client may have put anything there (an erased name); {@code param} says which field.
     */
    public static ApiError modelNotFound(String model) {
        return of(404, INVALID_REQUEST, "The model the request names does not exist (GET /v1/models lists them).",
                "model", "model_not_found");
    }

    public static ApiError badGateway(String message, String code) {
        return of(502, UPSTREAM, message, null, code);
    }

    public static ApiError gatewayTimeout(String message) {
        return of(504, UPSTREAM, message, null, "upstream_timeout");
    }

    public String type() {
        return Json.text(body.get("error"), "type");
    }

    public String message() {
        return Json.text(body.get("error"), "message");
    }

    public String param() {
        return Json.text(body.get("error"), "param");
    }

    /**
     * Normalizes an upstream's JSON error body into OpenAI's shape. Handles OpenAI's own (its error object
     * kept, the rest of the body dropped),
     * vLLM's {@code {"object":"error","message",...}}, TGI's {@code {"error":"...","error_type":"..."}} and
     * FastAPI's {@code {"detail": ...}}; anything else gets a generic message naming the status.
     */
    public static ApiError fromUpstream(int status, JsonNode upstream) {
        if (upstream instanceof ObjectNode o) {
            JsonNode err = o.get("error");
            if (err instanceof ObjectNode e && e.has("message")) {
                // the error object alone: nothing else of the upstream's body (choices, output, a FastAPI
                // "detail") rides along
                ObjectNode body = Json.object();
                body.set("error", e.deepCopy());
                return new ApiError(status, body);
            }
            if ("error".equals(Json.text(o, "object")) && o.has("message")) {
                ObjectNode error = Json.object();
                error.set("message", o.get("message"));
                error.set("type", o.hasNonNull("type") ? o.get("type") : Json.object().textNode(UPSTREAM));
                error.set("param", o.has("param") ? o.get("param") : Json.object().nullNode());
                error.set("code", o.has("code") ? o.get("code") : Json.object().nullNode());
                ObjectNode body = Json.object();
                body.set("error", error);
                return new ApiError(status, body);
            }
            if ("error".equals(Json.text(o, "type")) && o.has("message")) {
                // the Responses API's error event: {"type": "error", "code", "message", "param"}
                ObjectNode error = Json.object();
                error.set("message", o.get("message"));
                error.put("type", UPSTREAM);
                error.set("param", o.has("param") ? o.get("param") : Json.object().nullNode());
                error.set("code", o.has("code") ? o.get("code") : Json.object().nullNode());
                ObjectNode body = Json.object();
                body.set("error", error);
                return new ApiError(status, body);
            }
            if (err != null && err.isTextual()) {
                String type = Json.text(o, "error_type");
                return of(status, type == null ? UPSTREAM : type, err.textValue(), null, null);
            }
            JsonNode detail = o.get("detail");
            if (detail != null) {
                return of(status, status < 500 ? INVALID_REQUEST : UPSTREAM,
                        detail.isTextual() ? detail.textValue() : Json.write(detail), null, null);
            }
        }
        return of(status, status < 500 ? INVALID_REQUEST : UPSTREAM,
                "The upstream answered HTTP " + status + ".", null, null);
    }

    /**
     * The status a client gets for an upstream's error status: 4xx as the upstream said (the request's own
     * fault, or a rate limit); any 5xx is 502 (API.md: upstream failures are the gateway's 502/504).
     */
    public static int clientStatus(int upstreamStatus) {
        return upstreamStatus >= 500 || upstreamStatus < 400 ? 502 : upstreamStatus;
    }

    /**
     * The status for an error that arrived as an SSE event before anything was sent: its numeric
     * {@code code} when that is an HTTP error status, else 502.
     */
    public static int statusOfErrorEvent(ObjectNode errorBody) {
        JsonNode code = errorBody.path("error").get("code");
        if (code != null && code.canConvertToInt() && code.asInt() >= 400 && code.asInt() <= 599) {
            return clientStatus(code.asInt());
        }
        return 502;
    }
}
