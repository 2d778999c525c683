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

    /** An envelope of exactly these fields (a Responses answer's {@code id}, {@code object}, {@code model}). */
    Envelope(ObjectNode own) {
        fields.setAll(own);
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

    /**
     * Replaces each identity field of {@code body} ({@code fields}) whose text the guard acts on with the
     * envelope's value, or removes it where the envelope has none ({@code system_fingerprint}). An identity field is
     * the serving software's, never the model's: one naming someone (an upstream's {@code "id": "Corwin
     * Ashdale"}) gets the gateway's own value, so the answer goes on (helper-86: a chat stream failed, a whole
     * Responses answer kept the id and was blocked, {@code model} became {@code "[REDACTED]"}). Each text is scanned
     * once per response ({@link Atoms} caches it), its finding recorded.
     *
     * @return whether a field was replaced or removed
     */
    boolean replaceNaming(ObjectNode body, Atoms atoms, String... names) {
        boolean changed = false;
        for (String f : names) {
            JsonNode v = body.get(f);
            if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
                continue;
            }
            String r = atoms.scanTop(f, v.textValue());
            if (r != null && r.equals(v.textValue())) {
                continue;
            }
            if (fields.has(f) && !fields.get(f).equals(v)) {
                body.set(f, fields.get(f));
            } else {
                body.remove(f);
            }
            changed = true;
        }
        return changed;
    }

    /** A new chunk with the envelope's fields first. */
    ObjectNode chunk() {
        ObjectNode c = Json.object();
        c.setAll(fields.deepCopy());
        return c;
    }
}
