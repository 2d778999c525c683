package io.lethe.audit;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * What one probe showed, as stored, reported and sent as evidence: never the probe's or the answer's text.
 *
 * @param erasureId  the erasure probed
 * @param model      the model asked
 * @param kind       {@code person}, {@code passage} or {@code topic}
 * @param probe      the probe's key within the erasure ({@link Probe#key()})
 * @param templateId the template it was made from
 * @param language   the template's language
 * @param known      whether the answer reproduced the erasure (one of its own findings, not an echo of the prompt)
 * @param detector   the detector of the strongest such finding, or null when not known
 * @param score      that finding's score in [0, 1], 0 when not known
 * @param matchHash  HMAC-SHA-256 (the evidence key) of that finding's matched text, or null
 * @param at         when the answer was scanned
 * @param snapshot   the model's training snapshot when probed ({@code yyyy-mm-dd}), or null when none is configured
 */
public record ProbeResult(@JsonProperty("erasure_id") String erasureId, @JsonProperty("model") String model,
                          @JsonProperty("kind") String kind, @JsonProperty("probe") String probe,
                          @JsonProperty("template_id") String templateId, @JsonProperty("language") String language,
                          @JsonProperty("known") boolean known, @JsonProperty("detector") String detector,
                          @JsonProperty("score") double score, @JsonProperty("match_hash") String matchHash,
                          @JsonProperty("at") Instant at, @JsonProperty("snapshot") String snapshot) {
}
