package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenAI's stream obfuscation: random characters in an {@code obfuscation} field of chat chunks and Responses
 * delta events, which pad each event's size against network side channels. They carry no model text, so the
 * gateway does not scan them: it puts padding of its own, of the same length, in their place (an upstream
 * writing text there, a char per event, gets nothing of it through). A value that is not a string (a number, an
 * object) is replaced by a padding string as long as its JSON text.
 */
final class Padding {

    static final String FIELD = "obfuscation";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Padding() {
    }

    /** An event's padding, taken out for the scan: the gateway's own, and where it stood among the fields. */
    record Taken(int position, JsonNode padding) {
    }

    /**
     * Removes an event's {@code obfuscation} string.
     *
     * @return the gateway's padding to put in its place ({@link #put}), or null when there was none
     */
    static Taken take(ObjectNode event) {
        JsonNode v = event.get(FIELD);
        if (v == null) {
            return null;
        }
        // OpenAI sends a string; whatever else stands there (a number a digit per event, an object) is replaced
        // as well: nothing of the upstream's value goes out, and nothing there is left to scan chunk by chunk
        String old = v.isTextual() ? v.textValue() : v.toString();
        int position = 0;
        for (var it = event.fieldNames(); it.hasNext() && !it.next().equals(FIELD); ) {
            position++;
        }
        event.remove(FIELD);
        int n = old.length();
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        do { // never the upstream's own value: nothing of what it wrote there goes out
            sb.setLength(0);
            for (int i = 0; i < n; i++) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        } while (n > 0 && sb.toString().equals(old));
        return new Taken(position, TextNode.valueOf(sb.toString()));
    }

    /**
     * The event's JSON text as the upstream wrote it, with only the top-level {@code obfuscation} string's value
     * replaced by the gateway's padding: an event nothing else changed in leaves as sent, not re-serialized.
     *
     * @param raw   the event's JSON text (one object)
     * @param taken what {@link #take} returned for it
     * @return the new text, or null when the field is not found at the top level written plainly (an escape in
     *         its key or value): then the caller writes the event from its tree
     */
    static String inRaw(String raw, Taken taken) {
        int depth = 0;
        int n = raw.length();
        boolean key = false;  // whether the string that starts next at depth 1 is a key
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                int end = stringEnd(raw, i);
                if (end < 0) {
                    return null;
                }
                if (depth == 1 && key && end - i - 1 == FIELD.length() && raw.startsWith(FIELD, i + 1)) {
                    int v = i + FIELD.length() + 2;
                    while (v < n && (raw.charAt(v) == ' ' || raw.charAt(v) == ':' || raw.charAt(v) == '\t'
                            || raw.charAt(v) == '\n' || raw.charAt(v) == '\r')) {
                        v++;
                    }
                    int vEnd = v < n && raw.charAt(v) == '"' ? stringEnd(raw, v) : -1;
                    if (vEnd < 0 || raw.indexOf('\\', v) >= 0 && raw.indexOf('\\', v) < vEnd) {
                        return null;
                    }
                    return raw.substring(0, v + 1) + taken.padding().textValue() + raw.substring(vEnd);
                }
                key = false;
                i = end;
            } else if (c == '{' || c == '[') {
                depth++;
                key = c == '{' && depth == 1;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 1) {
                key = true;
            }
        }
        return null;
    }

    /** The offset of the quote that closes the JSON string opened at {@code open}, or -1. */
    private static int stringEnd(String raw, int open) {
        for (int i = open + 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Puts the padding {@link #take} returned back where the upstream had it (when there was one). */
    static void put(ObjectNode event, Taken taken) {
        if (taken == null) {
            return;
        }
        java.util.List<java.util.Map.Entry<String, JsonNode>> fields = new java.util.ArrayList<>();
        event.fields().forEachRemaining(fields::add);
        event.removeAll();
        for (int i = 0; i <= fields.size(); i++) {
            if (i == taken.position()) {
                event.set(FIELD, taken.padding());
            }
            if (i < fields.size()) {
                event.set(fields.get(i).getKey(), fields.get(i).getValue());
            }
        }
    }
}
