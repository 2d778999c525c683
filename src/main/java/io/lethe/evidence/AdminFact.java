package io.lethe.evidence;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;

/**
 * One admin API call, for the audit trail (issue 14, item 3): who (the credential's name), what, which erasure
 * or model, from where, and whether it was allowed. Never a request body, never an erased value.
 *
 * @param action  {@code create}, {@code retire}, {@code bulk}, {@code read}, {@code list}, {@code read_debt},
 *                {@code match_passages}, {@code run_residual_knowledge}, {@code read_residual_knowledge},
 *                {@code compare_residual_knowledge}
 * @param target  the erasure id or model the call named, or null
 * @param from    the caller's address, or null
 * @param outcome {@code allowed} or {@code refused}
 */
public record AdminFact(Instant time, String requestId, String actor, String action, String target, String from,
                        String outcome) implements EvidenceFact {

    public static final String TYPE = "io.lethe.admin.v1";

    @Override
    public String type() {
        return TYPE;
    }

    /** The Kafka key: the erasure id the call named, else {@code admin:<action>}. */
    @Override
    public String key() {
        return target != null ? target : "admin:" + action;
    }

    @Override
    public void writeData(JsonGenerator g, String keyId) throws IOException {
        g.writeStringField("request_id", requestId);
        g.writeStringField("actor", actor);
        g.writeStringField("action", action);
        g.writeStringField("target", target);
        g.writeStringField("from", from);
        g.writeStringField("outcome", outcome);
    }
}
