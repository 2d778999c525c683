package io.lethe.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.lethe.erasure.index.PhoneKeys;
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
        @JsonProperty("topics") List<Topic> topics,
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

    /**
     * Who must be forgotten. {@code country} (ISO 3166-1 alpha-2, as given) is the region for phones
     * written without "+" that carry no country of their own; absent in records written before it existed.
     */
    @JsonPropertyOrder({"names", "aliases", "emails", "phones", "identifiers", "country"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subject(@JsonProperty("names") List<String> names,
                          @JsonProperty("aliases") List<String> aliases,
                          @JsonProperty("emails") List<String> emails,
                          @JsonProperty("phones") List<Phone> phones,
                          @JsonProperty("identifiers") List<String> identifiers,
                          @JsonProperty("country") String country) {

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

        /** Counts only, never the values. */
        @Override
        public String toString() {
            return "Subject[names=" + names.size() + ", aliases=" + aliases.size() + ", emails=" + emails.size()
                    + ", phones=" + phones.size() + ", identifiers=" + identifiers.size() + ", country=" + country + "]";
        }

        /**
         * The region phone {@code i} is read in: its own country, else the subject's, else {@code fallback}
         * (the gateway's {@code lethe.erasure.phone-region}); "ZZ" when the country given is no code
         * {@link PhoneKeys#region} knows, so the number is placed only when written with "+".
         */
        public String phoneRegion(int i, String fallback) {
            return phoneRegion(phones.get(i), country, fallback);
        }

        /** {@link #phoneRegion(int, String)} for a phone not yet in a subject whose country is {@code subjectCountry}. */
        static String phoneRegion(Phone phone, String subjectCountry, String fallback) {
            String given = phone.country() != null ? phone.country() : subjectCountry;
            if (given == null) {
                return fallback;
            }
            String r = PhoneKeys.region(given);
            return r == null ? "ZZ" : r;
        }
    }

    /**
     * A phone number and, optionally, the country (ISO 3166-1 alpha-2) it is read in. On the wire a plain
     * JSON string when it has no country (as every record before countries existed), else
     * {@code {"number": "...", "country": "NL"}}.
     */
    @JsonSerialize(using = Phone.Writer.class)
    @JsonDeserialize(using = Phone.Reader.class)
    public record Phone(String number, String country) {

        public Phone {
            java.util.Objects.requireNonNull(number, "number");
        }

        /** Never the number. */
        @Override
        public String toString() {
            return "Phone[country=" + country + "]";
        }

        /** Writes a phone without a country as a string, one with a country as an object. */
        static final class Writer extends JsonSerializer<Phone> {
            @Override
            public void serialize(Phone p, JsonGenerator gen, SerializerProvider provider) throws java.io.IOException {
                if (p.country() == null) {
                    gen.writeString(p.number());
                    return;
                }
                gen.writeStartObject();
                gen.writeStringField("number", p.number());
                gen.writeStringField("country", p.country());
                gen.writeEndObject();
            }
        }

        /** Reads both stored shapes (the request shape is validated by {@link ErasureParser}). */
        static final class Reader extends JsonDeserializer<Phone> {
            @Override
            public Phone deserialize(JsonParser p, DeserializationContext ctx) throws java.io.IOException {
                JsonNode n = p.readValueAsTree();
                if (n.isTextual()) {
                    return new Phone(n.textValue(), null);
                }
                JsonNode country = n.get("country");
                return new Phone(n.path("number").asText(), country == null || country.isNull() ? null : country.asText());
            }
        }
    }

    /**
     * A knowledge topic: a description, example texts about it and key terms the operator names. On the wire a
     * plain JSON string when it is a description alone (as every record before examples existed), else
     * {@code {"description": "...", "examples": [...], "key_terms": [...]}}. A topic with examples is
     * recognized by a classifier head fitted on them (see {@code io.lethe.topic}); one without, by the cosine
     * of its description.
     *
     * @param description what the topic is, or null when only examples were given
     * @param examples    texts about the topic (empty: none)
     * @param keyTerms    words whose presence is extra evidence (empty: none)
     */
    @JsonSerialize(using = Topic.Writer.class)
    @JsonDeserialize(using = Topic.Reader.class)
    public record Topic(String description, List<String> examples, List<String> keyTerms) {

        public Topic {
            examples = examples == null ? List.of() : List.copyOf(examples);
            keyTerms = keyTerms == null ? List.of() : List.copyOf(keyTerms);
            if (description == null && examples.isEmpty()) {
                throw new IllegalArgumentException("a topic needs a description or examples");
            }
        }

        /** Counts only: a topic's texts describe what must be forgotten. */
        @Override
        public String toString() {
            return "Topic[description=" + (description != null) + ", examples=" + examples.size()
                    + ", key_terms=" + keyTerms.size() + "]";
        }

        /** A topic that is a description alone. */
        public static Topic of(String description) {
            return new Topic(description, List.of(), List.of());
        }

        /** The texts that stand for the topic: its description (when given), then its examples. */
        public List<String> texts() {
            if (description == null) {
                return examples;
            }
            List<String> out = new java.util.ArrayList<>(1 + examples.size());
            out.add(description);
            out.addAll(examples);
            return out;
        }

        /** Writes a description alone as a string, anything more as an object. */
        static final class Writer extends JsonSerializer<Topic> {
            @Override
            public void serialize(Topic t, JsonGenerator gen, SerializerProvider provider) throws java.io.IOException {
                if (t.examples().isEmpty() && t.keyTerms().isEmpty()) {
                    gen.writeString(t.description());
                    return;
                }
                gen.writeStartObject();
                if (t.description() != null) {
                    gen.writeStringField("description", t.description());
                }
                gen.writeArrayFieldStart("examples");
                for (String e : t.examples()) {
                    gen.writeString(e);
                }
                gen.writeEndArray();
                gen.writeArrayFieldStart("key_terms");
                for (String k : t.keyTerms()) {
                    gen.writeString(k);
                }
                gen.writeEndArray();
                gen.writeEndObject();
            }
        }

        /** Reads both stored shapes (the request shape is validated by {@link ErasureParser}). */
        static final class Reader extends JsonDeserializer<Topic> {
            @Override
            public Topic deserialize(JsonParser p, DeserializationContext ctx) throws java.io.IOException {
                JsonNode n = p.readValueAsTree();
                if (n.isTextual()) {
                    return Topic.of(n.textValue());
                }
                JsonNode d = n.get("description");
                return new Topic(d == null || d.isNull() ? null : d.asText(), texts(n.get("examples")),
                        texts(n.get("key_terms")));
            }

            private static List<String> texts(JsonNode a) {
                List<String> out = new java.util.ArrayList<>();
                if (a != null && a.isArray()) {
                    a.forEach(x -> out.add(x.asText()));
                }
                return out;
            }
        }
    }

    /**
     * Where it is enforced: model and tenant names; {@code "*"} means all, and a name ending in {@code *} all
     * names beginning with the rest ({@code "llama-3*"}). Tenants compare without case (a tenant configured as
     * {@code LETHE_TENANTS_ACME_API_KEYS} is {@code acme}); models with case, as servers name them.
     */
    public record Scope(@JsonProperty("models") List<String> models, @JsonProperty("tenants") List<String> tenants) {

        public static final Scope EVERYWHERE = new Scope(List.of("*"), List.of("*"));

        public Scope {
            models = models == null || models.isEmpty() ? List.of("*") : List.copyOf(models);
            tenants = tenants == null || tenants.isEmpty() ? List.of("*") : List.copyOf(tenants);
        }

        /** Whether the scope covers {@code model} (for any tenant it lists). */
        public boolean coversModel(String model) {
            return matches(models, model, false);
        }

        boolean covers(String model, String tenant) {
            return matches(models, model, false) && matches(tenants, tenant, true);
        }

        private static boolean matches(List<String> allowed, String value, boolean ignoreCase) {
            for (String a : allowed) {
                if (a.equals("*")) {
                    return true;
                }
                if (value == null) {
                    continue;
                }
                boolean prefix = a.endsWith("*");
                String name = prefix ? a.substring(0, a.length() - 1) : a;
                if (prefix ? value.regionMatches(ignoreCase, 0, name, 0, name.length())
                        : ignoreCase ? value.equalsIgnoreCase(name) : value.equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** Ids, counts and dates only: the subject, passages, topics and note are what must be forgotten. */
    @Override
    public String toString() {
        return "Erasure[id=" + id + ", status=" + status + ", subject=" + subject
                + ", passages=" + (passages == null ? 0 : passages.size()) + ", topics=" + (topics == null ? 0 : topics.size())
                + ", action=" + action + ", scope=" + scope + ", requested_at=" + requestedAt
                + ", retire_on_retrain=" + retireOnRetrain + ", created_at=" + createdAt + ", retired_at=" + retiredAt + "]";
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
