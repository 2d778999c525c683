package io.lethe.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.lethe.guard.Action;

import java.time.Instant;
import java.util.List;

/** An erasure as stored and returned by the admin API (snake_case on the wire). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status", "subject", "passages", "topics", "action", "scope", "legal_basis",
        "requested_at", "note", "retire_on_retrain", "created_at", "retired_at"})
public record Erasure(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("subject") Subject subject,
        @JsonProperty("passages") List<String> passages,
        @JsonProperty("topics") List<String> topics,
        @JsonProperty("action") String action,
        @JsonProperty("scope") Scope scope,
        @JsonProperty("legal_basis") String legalBasis,
        @JsonProperty("requested_at") Instant requestedAt,
        @JsonProperty("note") String note,
        @JsonProperty("retire_on_retrain") boolean retireOnRetrain,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("retired_at") Instant retiredAt) {

    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    /** Who must be forgotten. */
    @JsonPropertyOrder({"names", "aliases", "emails", "phones", "identifiers"})
    public record Subject(@JsonProperty("names") List<String> names,
                          @JsonProperty("aliases") List<String> aliases,
                          @JsonProperty("emails") List<String> emails,
                          @JsonProperty("phones") List<String> phones,
                          @JsonProperty("identifiers") List<String> identifiers) {

        public Subject {
            names = names == null ? List.of() : List.copyOf(names);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            emails = emails == null ? List.of() : List.copyOf(emails);
            phones = phones == null ? List.of() : List.copyOf(phones);
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }

        boolean isEmpty() {
            return names.isEmpty() && aliases.isEmpty() && emails.isEmpty() && phones.isEmpty() && identifiers.isEmpty();
        }
    }

    /** Where it is enforced; {@code "*"} means everywhere. */
    public record Scope(@JsonProperty("models") List<String> models, @JsonProperty("tenants") List<String> tenants) {

        public static final Scope EVERYWHERE = new Scope(List.of("*"), List.of("*"));

        public Scope {
            models = models == null || models.isEmpty() ? List.of("*") : List.copyOf(models);
            tenants = tenants == null || tenants.isEmpty() ? List.of("*") : List.copyOf(tenants);
        }

        boolean covers(String model, String tenant) {
            return matches(models, model) && matches(tenants, tenant);
        }

        private static boolean matches(List<String> allowed, String value) {
            if (allowed.contains("*")) {
                return true;
            }
            return value != null && allowed.contains(value);
        }
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** The action the erasure asks for, or null to let the guard rules decide. */
    public Action actionOrNull() {
        return action == null ? null : Action.parse(action);
    }

    /** When the erasure was requested (its legal date), falling back to when it was registered. */
    public Instant effectiveRequestedAt() {
        return requestedAt != null ? requestedAt : createdAt;
    }

    Erasure retired(Instant at) {
        return new Erasure(id, RETIRED, subject, passages, topics, action, scope, legalBasis, requestedAt, note,
                retireOnRetrain, createdAt, at);
    }
}
