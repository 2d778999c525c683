package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenAI's stream obfuscation: random characters in an {@code obfuscation} field of chat chunks and Responses
 * delta events, which pad each event's size against network side channels. They carry no model text, so the
 * gateway does not scan them: it puts padding of its own, of the same length, in their place (an upstream
 * writing text there, a char per event, gets nothing of it through).
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
        if (v == null || !v.isTextual()) {
            return null; // absent, or not the padding OpenAI sends: walked as any unknown field
        }
        int position = 0;
        for (var it = event.fieldNames(); it.hasNext() && !it.next().equals(FIELD); ) {
            position++;
        }
        event.remove(FIELD);
        int n = v.textValue().length();
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        do { // never the upstream's own value: nothing of what it wrote there goes out
            sb.setLength(0);
            for (int i = 0; i < n; i++) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        } while (n > 0 && sb.toString().equals(v.textValue()));
        return new Taken(position, TextNode.valueOf(sb.toString()));
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
