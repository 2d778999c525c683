package io.lethe.evidence;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;

/**
 * Something the spool chains and sends as a CloudEvent: a stopped leak ({@link LeakFact}), an admin action
 * ({@link AdminFact}) or a residual-knowledge probe result ({@link AuditFact}). Each gives its event type, time,
 * Kafka key (the CloudEvent's subject) and its own data fields, written after the chain fields every event shares ({@code instance}, {@code seq}, {@code prev_hash}).
 */
public sealed interface EvidenceFact permits LeakFact, AdminFact, AuditFact {

    /** The CloudEvent type ({@code io.lethe.leak.v1}, {@code io.lethe.admin.v1}, {@code io.lethe.audit.v1}). */
    String type();

    Instant time();

    /** The Kafka key and CloudEvent subject. */
    String key();

    /** Writes this fact's data fields into the open {@code data} object. */
    void writeData(JsonGenerator g, String keyId) throws IOException;
}
