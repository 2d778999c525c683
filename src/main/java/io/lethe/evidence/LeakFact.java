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
                       int start, int end, double score, int charsSent, String matchHmac, int matchLength) {

    /** The Kafka key: the erasure id, or the rule for rule-only findings (deny terms). */
    public String key() {
        return erasureId != null ? erasureId : "rule:" + rule;
    }
}
