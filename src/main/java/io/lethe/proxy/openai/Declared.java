package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Set;

/**
 * What the client's request declared that an answer may repeat without it being model text: its tools'
 * names, and the fields a Responses API response echoes (instructions, tools, metadata, ...). A tool name the
 * request did not declare, or an echo that is not what the request sent, is scanned like any other text.
 *
 * @param toolNames names of the request's functions and tools (chat {@code tools[].function.name}, legacy
 *                  {@code functions[].name}, Responses {@code tools[].name})
 * @param request    the client's request body, or null
 * @param jsonOutput the request asked for JSON output (chat {@code response_format}, Responses {@code text.format}
 *                   of type {@code json_object} or {@code json_schema}): content redactions keep it valid JSON
 * @param erasureIds whether the {@code guard} object the client sees names erasure ids (the caller's credential
 *                   may read them; {@code lethe.auth.erasure-ids-role}): otherwise they are null
 */
public record Declared(Set<String> toolNames, ObjectNode request, boolean jsonOutput, boolean erasureIds) {

    public static final Declared NONE = new Declared(Set.of(), null, false, true);

    public Declared(Set<String> toolNames, ObjectNode request, boolean jsonOutput) {
        this(toolNames, request, jsonOutput, true);
    }

    /** The same, with erasure ids shown or not. */
    public Declared withErasureIds(boolean shown) {
        return shown == erasureIds ? this : new Declared(toolNames, request, jsonOutput, shown);
    }

    /** The names a request declares. */
    public static Declared of(ObjectNode request) {
        if (request == null) {
            return NONE;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode t : request.path("tools")) {
            add(names, t.path("function").path("name"));
            add(names, t.path("name"));
        }
        for (JsonNode f : request.path("functions")) {
            add(names, f.path("name"));
        }
        String format = request.path("response_format").path("type").asText(
                request.path("text").path("format").path("type").asText(""));
        return new Declared(Set.copyOf(names), request, format.equals("json_object") || format.equals("json_schema"));
    }

    /**
     * The property names the request's JSON schemas declare: its structured output's ({@code response_format.json_schema
     * .schema}, Responses {@code text.format.schema}) and its tools' parameters, at any depth. An answer's JSON keys
     * spelled so are the client's own words, which a redaction in its keys keeps.
     */
    public Set<String> keys() {
        if (request == null) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        properties(request.path("response_format").path("json_schema").path("schema"), out, 0);
        properties(request.path("text").path("format").path("schema"), out, 0);
        for (JsonNode t : request.path("tools")) {
            properties(t.path("function").path("parameters"), out, 0);
            properties(t.path("parameters"), out, 0);
        }
        for (JsonNode f : request.path("functions")) {
            properties(f.path("parameters"), out, 0);
        }
        return out.isEmpty() ? Set.of() : Set.copyOf(out);
    }

    private static void properties(JsonNode schema, Set<String> out, int depth) {
        if (depth > 32 || !(schema.isObject() || schema.isArray())) {
            return;
        }
        if (schema.get("properties") instanceof ObjectNode props) {
            props.fieldNames().forEachRemaining(out::add);
        }
        for (JsonNode v : schema) {
            properties(v, out, depth + 1);
        }
    }

    private static void add(Set<String> names, JsonNode n) {
        if (n.isTextual()) {
            names.add(n.textValue());
        }
    }

    /**
     * Whether a value at a protocol field is the protocol's, not model text: numbers for indices and counters;
     * lowercase words for types, roles, statuses and finish reasons; identifiers (no spaces, with a digit,
     * {@code _} or {@code -}) for ids; declared names for tool names; long base64 for opaque payloads (encrypted
     * reasoning, images). Anything else in those fields cannot be told from text, so it is scanned.
     */
    public boolean exempt(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return true;
        }
        if (v.isNumber() || v.isBoolean()) {
            return true;
        }
        if (!v.isTextual()) {
            return false;
        }
        String s = v.textValue();
        return switch (field) {
            case "type", "role", "object", "status", "finish_reason", "native_finish_reason", "signature_type",
                    "format" -> word(s);
            case "id", "call_id", "tool_call_id", "item_id", "model", "system_fingerprint", "container_id",
                    "server_label", "approval_request_id" -> identifier(s);
            case "name" -> toolNames.contains(s);
            case "encrypted_content", "result", "partial_image_b64", "data" -> opaque(s);
            default -> false;
        };
    }

    /**
     * Whether a response field repeats the request: the same field with an equal value in the request, or a
     * setting made of numbers, booleans and lowercase words only (server defaults such as
     * {@code {"format": {"type": "text"}}}).
     */
    public boolean echoes(String field, JsonNode v) {
        if (request != null && v.equals(request.get(field))) {
            return true;
        }
        return setting(v, 0);
    }

    private static boolean setting(JsonNode v, int depth) {
        if (v.isNull() || v.isNumber() || v.isBoolean()) {
            return true;
        }
        if (v.isTextual()) {
            return word(v.textValue());
        }
        if (depth > 4) {
            return false;
        }
        for (JsonNode c : v) {
            if (!setting(c, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    static boolean word(String s) {
        if (s.isEmpty() || s.length() > 64 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean identifier(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.length() > 200) {
            return false;
        }
        boolean marked = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!(digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'
                    || c == ':' || c == '/')) {
                return false;
            }
            marked |= digit || c == '_' || c == '-';
        }
        return marked;
    }

    static boolean opaque(String s) {
        return s.length() >= 64 && ChoiceWalker.base64(s);
    }
}
