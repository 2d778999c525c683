package io.lethe.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * The evidence event: a CloudEvents 1.0 structured JSON event, type {@value #TYPE}, schema in
 * {@code src/main/resources/io/lethe/evidence/leak-evidence-v1.schema.json}. The chain hash of an event is the
 * SHA-256 of its exact bytes (one line, UTF-8, no newline), so verifiers never re-serialise.
 */
public final class EvidenceEvents {

    public static final String TYPE = "io.lethe.leak.v1";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EvidenceEvents() {
    }

    /** The event id: unique per instance and sequence, so a re-sent event keeps its id. */
    public static String id(String instance, long seq) {
        return instance + ":" + seq;
    }

    public static String source(String instance) {
        return "/lethe/" + instance;
    }

    /** Serialises one event; {@code prevHash} is {@code null} for an instance's first event. */
    public static byte[] encode(EvidenceFact f, String instance, long seq, String prevHash, String keyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", id(instance, seq));
            g.writeStringField("source", source(instance));
            g.writeStringField("type", f.type());
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(f.time()));
            g.writeStringField("subject", f.key());
            g.writeStringField("datacontenttype", "application/json");
            g.writeObjectFieldStart("data");
            g.writeStringField("instance", instance);
            g.writeNumberField("seq", seq);
            g.writeStringField("prev_hash", prevHash);
            f.writeData(g, keyId);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The chain hash of an event's exact bytes: {@code sha256:<hex>}. */
    public static String hash(byte[] event) {
        return "sha256:" + MatchHasher.sha256Hex(event);
    }

    /** What the spool's sender and the verifier need of an event. */
    public record Head(String id, String instance, long seq, String prevHash, String key) {
    }

    /** Reads the chain fields back; throws {@link IllegalArgumentException} on anything malformed. */
    public static Head head(byte[] event) {
        JsonNode n;
        try {
            n = MAPPER.readTree(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode d = n == null ? null : n.get("data");
        if (d == null || !d.path("instance").isTextual() || !d.path("seq").canConvertToLong()
                || !n.path("id").isTextual() || !n.path("subject").isTextual()) {
            throw new IllegalArgumentException("not a Lethe evidence event (id, subject, data.instance or data.seq missing)");
        }
        JsonNode prev = d.get("prev_hash");
        return new Head(n.get("id").textValue(), d.get("instance").textValue(), d.get("seq").longValue(),
                prev == null || prev.isNull() ? null : prev.asText(), n.get("subject").textValue());
    }
}
