package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The identity fields chunks the gateway writes itself carry (refusals, released remainders, deferred
 * finishes): {@code id}, {@code object}, {@code created}, {@code model}, {@code system_fingerprint}. Each
 * takes the latest non-empty value the upstream sent (Azure's first chunk has empty ones and no choices),
 * with the request's own values until one arrives. Not thread-safe.
 */
final class Envelope {

    private static final String[] FIELDS = {"id", "object", "created", "model", "system_fingerprint"};
    private final ObjectNode fields = Json.object();

    /**
     * @param id      an id for chunks written before the upstream named one
     * @param object  the chunk object type ({@code chat.completion.chunk}, {@code text_completion})
     * @param model   the model the client asked for
     * @param created epoch seconds
     */
    Envelope(String id, String object, String model, long created) {
        fields.put("id", id);
        fields.put("object", object);
        fields.put("created", created);
        if (model != null) {
            fields.put("model", model);
        }
    }

    /** Takes the non-empty identity fields of an upstream chunk. */
    void take(ObjectNode chunk) {
        for (String f : FIELDS) {
            JsonNode v = chunk.get(f);
            if (v == null || v.isNull() || v.isContainerNode()) {
                continue;
            }
            if ((v.isTextual() && v.textValue().isEmpty()) || (v.isNumber() && v.asLong() == 0)) {
                continue;
            }
            fields.set(f, v);
        }
    }

    /** The identity fields SDKs read from every chunk and answer ({@code id}, {@code object}, {@code created}, {@code model}). */
    private static final String[] REQUIRED = {"id", "object", "created", "model"};

    /** Which of {@link #REQUIRED} the body carries now (before the guard may remove one). */
    static java.util.Set<String> present(ObjectNode body) {
        java.util.Set<String> had = new java.util.HashSet<>(4);
        for (String f : REQUIRED) {
            if (body.has(f)) {
                had.add(f);
            }
        }
        return had;
    }

    /**
     * Writes the envelope's value into each field of {@code had} the guard removed from {@code body}: an identity
     * field naming someone is the serving software's text, not the model's, and SDKs need the field (helper-80:
     * a stream failed, a whole answer lost its {@code model}).
     *
     * @return whether a field was written
     */
    boolean refill(ObjectNode body, java.util.Set<String> had) {
        boolean wrote = false;
        for (String f : had) {
            if (!body.has(f) && fields.has(f)) {
                body.set(f, fields.get(f));
                wrote = true;
            }
        }
        return wrote;
    }

    /** A new chunk with the envelope's fields first. */
    ObjectNode chunk() {
        ObjectNode c = Json.object();
        c.setAll(fields.deepCopy());
        return c;
    }
}
