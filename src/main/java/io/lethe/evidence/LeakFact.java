package io.lethe.evidence;

import java.time.Instant;

/**
 * One stopped leak as the request thread sees it, before the spool gives it a place in the chain. Holds the
 * keyed hash and length of the matched text, never the text.
 *
 * @param charsSent characters of the channel that had reached the client when the finding was made
 * @param matchHmac HMAC-SHA-256 of the matched text (UTF-8), lower-case hex
 */
public record LeakFact(Instant time, String requestId, String model, String upstream, String tenant,
                       String erasureId, String rule, String detector, String channel, int choice, String action,
                       int start, int end, double score, int charsSent, String matchHmac, int matchLength)
        implements EvidenceFact {

    @Override
    public String type() {
        return EvidenceEvents.TYPE;
    }

    @Override
    public void writeData(com.fasterxml.jackson.core.JsonGenerator g, String keyId) throws java.io.IOException {
        g.writeStringField("request_id", requestId);
        g.writeStringField("model", model);
        g.writeStringField("upstream", upstream);
        g.writeStringField("tenant", tenant);
        g.writeStringField("erasure_id", erasureId);
        g.writeStringField("rule", rule);
        g.writeStringField("detector", detector);
        g.writeStringField("channel", channel);
        g.writeNumberField("choice", choice);
        g.writeStringField("action", action);
        g.writeNumberField("start", start);
        g.writeNumberField("end", end);
        g.writeNumberField("score", score);
        g.writeNumberField("chars_sent", charsSent);
        g.writeObjectFieldStart("match");
        g.writeStringField("hmac_sha256", matchHmac);
        g.writeStringField("key_id", keyId);
        g.writeNumberField("length", matchLength);
        g.writeEndObject();
    }

    /** The Kafka key: the erasure id, or the rule for rule-only findings (deny terms). */
    @Override
    public String key() {
        return erasureId != null ? erasureId : "rule:" + rule;
    }
}
