package io.lethe.evidence;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;

/**
 * One residual-knowledge probe result (issue 16): which model was asked about which erasure, with which probe
 * kind and template, and whether its raw answer reproduced the erasure. Never the probe's or the answer's text:
 * only the detector, its score and the keyed hash of what it matched. Schema
 * {@code src/main/resources/io/lethe/evidence/audit-evidence-v1.schema.json}.
 *
 * @param kind       {@code person}, {@code passage} or {@code topic}
 * @param probe      the probe's key within the erasure (template id, plus which passage or topic example)
 * @param detector   the detector that found the erasure in the answer, or null when not known
 * @param score      that finding's score in [0, 1] (0 when not known)
 * @param matchHmac  HMAC-SHA-256 (hex, the evidence key) of the matched text, or null when not known
 * @param snapshot   the model's training snapshot (yyyy-mm-dd), or null
 */
public record AuditFact(Instant time, String erasureId, String model, String kind, String probe, String templateId,
                        String language, boolean known, String detector, double score, String matchHmac,
                        String snapshot) implements EvidenceFact {

    public static final String TYPE = "io.lethe.audit.v1";

    @Override
    public String type() {
        return TYPE;
    }

    /** The Kafka key: the erasure id, like leak events. */
    @Override
    public String key() {
        return erasureId;
    }

    @Override
    public void writeData(JsonGenerator g, String keyId) throws IOException {
        g.writeStringField("erasure_id", erasureId);
        g.writeStringField("model", model);
        g.writeStringField("snapshot", snapshot);
        g.writeStringField("kind", kind);
        g.writeStringField("probe", probe);
        g.writeStringField("template_id", templateId);
        g.writeStringField("language", language);
        g.writeBooleanField("known", known);
        g.writeStringField("detector", detector);
        g.writeNumberField("score", score);
        if (matchHmac == null) {
            g.writeNullField("match");
        } else {
            g.writeObjectFieldStart("match");
            g.writeStringField("hmac_sha256", matchHmac);
            g.writeStringField("key_id", keyId);
            g.writeEndObject();
        }
    }
}
