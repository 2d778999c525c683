package io.lethe.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.ErasureKeys;
import io.lethe.erasure.index.PhoneKeys;
import io.lethe.guard.Action;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request body into a validated {@link Erasure}: unknown fields, wrong types and bad values are
 * refused with the field's path. Error messages never repeat a submitted value.
 */
public final class ErasureParser {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Set<String> TOP = Set.of("id", "subject", "passages", "topics", "action", "scope",
            "legal_basis", "requested_at", "note", "retire_on_retrain");
    private static final Set<String> SUBJECT = Set.of("names", "aliases", "emails", "phones", "identifiers", "country");
    private static final Set<String> PHONE = Set.of("number", "country");
    /** The fields of a topic given as an object. */
    private static final Set<String> TOPIC = Set.of("description", "examples", "key_terms");
    static final int MAX_PHONE_LENGTH = 64;
    static final int MAX_COUNTRY_LENGTH = 64;
    private static final Set<String> SCOPE = Set.of("models", "tenants");
    static final int MAX_VALUES = 1000;
    static final int MAX_VALUE_LENGTH = 1000;
    static final int MAX_PASSAGE_LENGTH = 100_000;

    private final String phoneRegion;

    /**
     * @param phoneRegion the region (ISO 3166-1 alpha-2) for phones written without "+" when neither the
     *                    phone nor the subject gives a country ({@code lethe.erasure.phone-region})
     */
    public ErasureParser(String phoneRegion) {
        this.phoneRegion = phoneRegion;
    }

    /**
     * The tenants that have client keys, when they are all known (no JWT issuer): a scope naming another is
     * accepted with a warning (a typo would otherwise make the erasure apply nowhere). Null: any tenant.
     */
    private volatile Set<String> knownTenants;

    /** Sets {@link #knownTenants} (lower-cased; null: tenants are not all known in advance). */
    public void knownTenants(java.util.Collection<String> tenants) {
        this.knownTenants = tenants == null ? null : tenants.stream()
                .map(t -> t.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * Something accepted but worth the caller's attention, on one field ({@code subject.phones[0]}): a
     * phone matched by its digits, an unknown country code, an unusual e-mail form, a duplicate. Never
     * repeats the value.
     */
    public record Warning(String field, String warning) {
    }

    /**
     * A parsed request: the record (without server fields), the hash used for idempotency, and the warnings
     * about values accepted as they are.
     */
    public record Parsed(Erasure erasure, String requestHash, List<Warning> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /** "malformed JSON at line L, column C", never the text there (it may be an erased value). */
    static String malformedJson(JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "malformed JSON (the text is not repeated: it may hold an erased value)"
                : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                + " (the text there is not repeated: it may hold an erased value)";
    }

    /**
     * Admin bodies are read with duplicate keys refused: Jackson otherwise keeps a key's last value, so
     * {@code {"names": ["A"], "names": ["B"]}} would drop "A" without a word (red team h68 F4). Only this
     * reader refuses them; {@link #JSON} (and the proxy's own mappers) still read as before.
     */
    private static final com.fasterxml.jackson.databind.ObjectReader ADMIN_READER = JSON.reader()
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** Every key an admin body may hold, the only ones an error may name (any other could be an erased value). */
    private static final Set<String> KNOWN_KEYS;

    static {
        Set<String> all = new java.util.HashSet<>();
        for (Set<String> k : List.of(TOP, SUBJECT, PHONE, SCOPE, TOPIC, Set.of("text"))) {
            all.addAll(k);
        }
        KNOWN_KEYS = Set.copyOf(all);
    }

    /**
     * Reads one admin JSON body (a create, a bulk line, a passage match) into a tree.
     *
     * @throws InvalidErasureException malformed JSON (its line and column, never the text there), or a key given
     *                                  twice in one object ({@code param}: the key's path, such as
     *                                  {@code subject.names}; null when the key is none an admin body knows)
     */
    static JsonNode readAdminJson(byte[] body) {
        try {
            return ADMIN_READER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            String path = duplicateKeyPath(e);
            if (path != null) {
                throw new InvalidErasureException(path.isEmpty() ? null : path, (path.isEmpty() ? "a key"
                        : "the key " + path) + " is given twice in one object" + at(e) + ": a JSON reader would keep "
                        + "only the last value and drop the others without a word; give it once (merge the lists)");
            }
            // Jackson's own message quotes the text it stumbled on ("Unrecognized token 'Hildegard'"): an erased
            // value, when a name is sent unquoted. The position alone.
            throw new InvalidErasureException(null, malformedJson(e));
        } catch (JsonProcessingException e) {
            throw new InvalidErasureException(null, malformedJson(e));
        } catch (java.io.IOException e) {
            throw new InvalidErasureException(null, "unreadable body");
        }
    }

    /**
     * The dotted path of the key a duplicate-key error is about ({@code subject.names}, {@code topics[1].examples}),
     * "" when a part of it is no key admin bodies know (it is not repeated), null when {@code e} is another error.
     */
    private static String duplicateKeyPath(com.fasterxml.jackson.core.JsonParseException e) {
        // Jackson 2's DupDetector: "Duplicate field 'x'", thrown once the parser's context names the key
        if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field")
                || e.getProcessor() == null) {
            return null;
        }
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();  // outermost first; "[i]" for array entries
        for (com.fasterxml.jackson.core.JsonStreamContext c = e.getProcessor().getParsingContext();
             c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else {
                String name = c.getCurrentName();
                if (name == null || !KNOWN_KEYS.contains(name)) {
                    return "";
                }
                parts.addFirst(name);
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            path.append(path.length() > 0 && !part.startsWith("[") ? "." : "").append(part);
        }
        return path.toString();
    }

    private static String at(JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /**
     * Parses one create body or bulk line.
     *
     * @throws InvalidErasureException with the field's path: malformed JSON, a key given twice, an unknown field,
     *                                  a wrong shape, or an erasure with nothing left to enforce
     */
    public Parsed parse(byte[] body) {
        return parse(readAdminJson(body));
    }

    public Parsed parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidErasureException(null, "the body must be a JSON object");
        }
        onlyKnown(root, TOP, "");
        String id = optionalText(root, "id");
        if (id != null && !ID.matcher(id).matches()) {
            throw new InvalidErasureException("id", "id must be 1-128 characters of letters, digits and . _ : @ - starting with a letter or digit");
        }
        List<Warning> warnings = new ArrayList<>();
        // values passed over (each with a warning): the first is the error when nothing enforceable is left
        List<InvalidErasureException> passedOver = new ArrayList<>(0);
        Erasure.Subject subject = null;
        Kept kept = null;
        JsonNode s = root.get("subject");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new InvalidErasureException("subject", "subject must be an object");
            }
            onlyKnown(s, SUBJECT, "subject.");
            String country = country(s.get("country"), "subject.country", warnings);
            kept = validateSubject(
                    values(s, "names", "subject.names", MAX_VALUE_LENGTH, "a name", false, warnings, passedOver),
                    values(s, "aliases", "subject.aliases", MAX_VALUE_LENGTH, "an alias", false, warnings, passedOver),
                    values(s, "emails", "subject.emails", 320, "an e-mail address", false, warnings, passedOver),
                    phones(s, warnings, passedOver),
                    values(s, "identifiers", "subject.identifiers", 256, "an identifier", true, warnings, passedOver),
                    country, warnings, passedOver);
            subject = kept.subject();
        }
        String repeated = id == null || subject == null ? null : repeatedValue(id, subject, kept::path);
        if (repeated != null) {
            // kept (the caller addresses the record by it), but it goes to clients in guard findings and into
            // evidence: the operator is told at once
            warnings.add(new Warning("id", "the id repeats " + repeated + "; an erasure's id is shown to clients in "
                    + "guard findings (unless lethe.auth.erasure-ids-role limits who sees ids) and written to evidence: "
                    + "use an opaque id, such as a ticket number"));
        }
        List<String> passages = values(root, "passages", "passages", MAX_PASSAGE_LENGTH, "a passage", false, warnings,
                passedOver);
        List<Erasure.Topic> topics = topics(root, warnings, passedOver);
        passages = passages(passages, subject, topics, warnings);
        if (repeated == null && id != null && repeatsKeyTerm(id, topics)) {
            warnings.add(new Warning("id", "the id repeats a key term of a topic; an erasure's id is shown to clients "
                    + "in guard findings and written to evidence: use an opaque id, such as a ticket number"));
        }
        if (!passedOver.isEmpty() && (subject == null || subject.isEmpty()) && passages.isEmpty() && topics.isEmpty()) {
            // every value was one that cannot be matched: nothing would be enforced, so say why
            throw passedOver.get(0);
        }
        if ((subject == null || subject.isEmpty()) && passages.isEmpty() && topics.isEmpty()) {
            // name the field the caller sent empty, else subject
            String param = root.has("topics") && (subject == null || subject.isEmpty()) && !root.has("passages") ? "topics"
                    : root.has("passages") && (subject == null || subject.isEmpty()) ? "passages" : "subject";
            throw new InvalidErasureException(param, "at least one of subject, passages or topics must hold a value");
        }
        String action = optionalText(root, "action");
        if (action != null) {
            try {
                Action a = Action.parse(action);
                if (a == Action.ALLOW) {
                    throw new IllegalArgumentException("allow");
                }
                action = a.wireName();
            } catch (IllegalArgumentException e) {
                throw new InvalidErasureException("action", "action must be one of block, redact, audit");
            }
        }
        Erasure.Scope scope = Erasure.Scope.EVERYWHERE;
        JsonNode sc = root.get("scope");
        if (sc != null && !sc.isNull()) {
            if (!sc.isObject()) {
                throw new InvalidErasureException("scope", "scope must be an object");
            }
            onlyKnown(sc, SCOPE, "scope.");
            scope = new Erasure.Scope(strings(sc, "models", "scope.models", 256), strings(sc, "tenants", "scope.tenants", 256));
            Set<String> known = knownTenants;
            List<String> tenants = scope.tenants();
            for (int i = 0; known != null && i < tenants.size(); i++) {
                String t = tenants.get(i).toLowerCase(java.util.Locale.ROOT);
                boolean prefix = t.endsWith("*");
                String name = prefix ? t.substring(0, t.length() - 1) : t;
                if (!t.equals("*") && known.stream().noneMatch(k -> prefix ? k.startsWith(name) : k.equals(name))) {
                    warnings.add(new Warning("scope.tenants[" + i + "]", "no client key of this tenant is configured "
                            + "(lethe.tenants.<tenant>.api-keys): the erasure applies to it once one is"));
                }
            }
        }
        Instant requestedAt = null;
        String ra = optionalText(root, "requested_at");
        if (ra != null) {
            requestedAt = instant(ra);
        }
        boolean retireOnRetrain = false;
        JsonNode rr = root.get("retire_on_retrain");
        if (rr != null && !rr.isNull()) {
            if (!rr.isBoolean()) {
                throw new InvalidErasureException("retire_on_retrain", "retire_on_retrain must be true or false");
            }
            retireOnRetrain = rr.booleanValue();
        }
        Erasure e = new Erasure(id, null, subject == null ? new Erasure.Subject(null, null, null, null, null, null) : subject,
                passages, topics, action, scope, optionalText(root, "legal_basis"), requestedAt,
                optionalText(root, "note"), retireOnRetrain, null, null);
        return new Parsed(e, hash(e), warnings);
    }

    /**
     * {@code subject.phones}: each a string, or {@code {"number": "...", "country": "NL"}}. Only the JSON
     * shape is checked here; whether a value can be a phone number is {@link #validateSubject}'s.
     */
    /** Examples one topic may carry, and their length; key terms likewise. */
    static final int MAX_EXAMPLES = 500;
    static final int MAX_EXAMPLE_LENGTH = 10_000;
    static final int MAX_KEY_TERMS = 100;

    /**
     * {@code topics}: each a description (string) or {@code {"description", "examples", "key_terms"}}. A topic is
     * never a reason to refuse the rest (API.md): a lone string or object where the list is due is read as a list
     * of one; an entry of another JSON type, blank, too long, or an object with neither a usable description nor
     * an example is passed over with a warning naming its path; a bad description alone is passed over (the
     * examples are enforced); a bad example or key term likewise; examples or key terms beyond their limit are
     * dropped from the end, with a warning. An unknown field, or more than {@value #MAX_VALUES} topics: a 400.
     */
    private static List<Erasure.Topic> topics(JsonNode root, List<Warning> warnings,
                                              List<InvalidErasureException> passedOver) {
        JsonNode v = root.get("topics");
        if (v != null && v.isObject()) {
            warnings.add(new Warning("topics", "a single value where a list is expected: read as a list of one"));
            v = JSON.createArrayNode().add(v);
        }
        v = listOf(v, "topics", warnings);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            passOver("topics", "topics must be an array of strings or objects, not a JSON "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT), warnings, passedOver);
            return List.of();
        }
        if (v.size() > MAX_VALUES) {
            throw new InvalidErasureException("topics", "topics may hold at most " + MAX_VALUES + " values");
        }
        List<Erasure.Topic> out = new ArrayList<>(v.size());
        List<Integer> at = new ArrayList<>(v.size());  // each kept topic's index in the caller's list
        for (int i = 0; i < v.size(); i++) {
            JsonNode t = v.get(i);
            String path = "topics[" + i + "]";
            if (!t.isObject()) {
                String description = text(t, path, MAX_EXAMPLE_LENGTH, "a topic (a description, or an object with "
                        + "description, examples and key_terms)", false, warnings, passedOver);
                if (description != null) {
                    out.add(Erasure.Topic.of(description));
                    at.add(i);
                }
                continue;
            }
            onlyKnown(t, TOPIC, path + ".");
            JsonNode d = t.get("description");
            String description = d == null || d.isNull() ? null
                    : text(d, path + ".description", MAX_EXAMPLE_LENGTH, "a description", false, warnings, passedOver);
            List<String> examples = lenientStrings(t.get("examples"), path + ".examples", MAX_EXAMPLES,
                    MAX_EXAMPLE_LENGTH, warnings);
            List<String> keyTerms = lenientStrings(t.get("key_terms"), path + ".key_terms", MAX_KEY_TERMS, 200, warnings);
            if (description == null && examples.isEmpty()) {
                passOver(path, path + " needs a description or at least one example", warnings, passedOver);
                continue;
            }
            out.add(new Erasure.Topic(description, once(examples, path + ".examples", warnings),
                    once(keyTerms, path + ".key_terms", warnings)));
            at.add(i);
        }
        for (int i = 0; i < out.size(); i++) {
            Erasure.Topic t = out.get(i);
            if (t.examples().isEmpty() && io.lethe.topic.KeyTerms.mostlyUnspaced(t.description())) {
                // the sentence model is English: such a description is no measure of a Thai or Chinese sentence
                warnings.add(new Warning("topics[" + at.get(i) + "]", "a topic written in a script without spaces "
                        + "(Chinese, Japanese, Thai...) is enforced only with examples (and a key term of them in the "
                        + "sentence); a description alone is not"));
            }
        }
        // a topic given twice (the same once folded) is matched once: the first is kept
        Map<List<Object>, Integer> first = new java.util.HashMap<>();
        List<Erasure.Topic> kept = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Erasure.Topic t = out.get(i);
            List<Object> key = List.of(t.description() == null ? "" : io.lethe.text.Folding.fold(t.description()),
                    t.examples().stream().map(io.lethe.text.Folding::fold).toList());
            Integer before = first.putIfAbsent(key, i);
            if (before != null) {
                warnings.add(new Warning("topics[" + at.get(i) + "]", "the same as topics[" + at.get(before)
                        + "] once folded (case, diacritics, separators); matched once"));
                continue;
            }
            kept.add(t);
        }
        return List.copyOf(kept);
    }

    /**
     * {@code values} without later copies of a value (the same once folded: case, diacritics, separators), each
     * copy a warning naming {@code path}: an example given twice would weigh twice in its topic's head.
     */
    private static List<String> once(List<String> values, String path, List<Warning> warnings) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> out = new ArrayList<>(values.size());
        int dropped = 0;
        for (String v : values) {
            if (seen.add(io.lethe.text.Folding.fold(v))) {
                out.add(v);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            warnings.add(new Warning(path, dropped + " value(s) the same as an earlier one once folded (case, "
                    + "diacritics, separators): kept once"));
        }
        return out;
    }

    /** A 400 naming {@code path} unless {@code v} is an array of at most {@code maxValues} values. */
    private static void checkArray(JsonNode v, String path, int maxValues) {
        if (!v.isArray()) {
            throw new InvalidErasureException(path, path + " must be an array of strings");
        }
        if (v.size() > maxValues) {
            throw new InvalidErasureException(path, path + " may hold at most " + maxValues + " values");
        }
    }

    /**
     * An array of strings where one bad entry does not lose the others: a non-string, blank or too long entry
     * is passed over with a warning naming it; a lone string is a list of one; entries beyond {@code maxValues}
     * are passed over; another JSON type is passed over whole. Each with a warning naming {@code path}.
     */
    private static List<String> lenientStrings(JsonNode v, String path, int maxValues, int maxLength,
                                               List<Warning> warnings) {
        v = listOf(v, path, warnings);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            warnings.add(new Warning(path, "passed over: not an array of strings; the rest of the topic is enforced"));
            return List.of();
        }
        int n = v.size();
        if (n > maxValues) {
            // never a reason to lose the topic: the first ones are kept
            warnings.add(new Warning(path, "holds " + n + " values: the first " + maxValues + " are kept, the rest "
                    + "passed over"));
            n = maxValues;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.textValue().isBlank() || e.textValue().length() > maxLength) {
                warnings.add(new Warning(path + "[" + i + "]", "passed over: not a non-empty string of at most "
                        + maxLength + " characters; the rest of the topic is enforced"));
                continue;
            }
            out.add(e.textValue().strip());
        }
        return out;
    }

    /**
     * {@code subject.phones}: each a string, a JSON number (read as its digits, with a warning), or
     * {@code {"number", "country"}} (its number likewise). A phone is never a reason to refuse an erasure
     * (API.md): an entry of another JSON type, null, blank, or longer than {@value #MAX_PHONE_LENGTH} chars is
     * passed over with a warning naming it (null in the result, so later entries keep the caller's indexes).
     * Only the JSON shape is checked here; whether a value can be a phone number is {@link #validateSubject}'s.
     * Not an array, more than {@value #MAX_VALUES} entries, or an unknown field in a phone object: a 400.
     */
    private static List<Erasure.Phone> phones(JsonNode subject, List<Warning> warnings,
                                              List<InvalidErasureException> passedOver) {
        JsonNode v = listOf(subject.get("phones"), "subject.phones", warnings);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new InvalidErasureException("subject.phones", "subject.phones must be an array of strings or {\"number\", \"country\"} objects");
        }
        if (v.size() > MAX_VALUES) {
            throw new InvalidErasureException("subject.phones", "subject.phones may hold at most " + MAX_VALUES + " values");
        }
        List<Erasure.Phone> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String path = "subject.phones[" + i + "]";
            JsonNode e = v.get(i);
            String country = null;
            if (e.isObject()) {
                onlyKnown(e, PHONE, path + ".");
                country = country(e.get("country"), path + ".country", warnings);
                path = path + ".number";
                e = e.get("number");
            }
            String number = text(e, path, MAX_PHONE_LENGTH, "a phone number", true, warnings, passedOver);
            out.add(number == null ? null : new Erasure.Phone(number, country));
        }
        return out;
    }

    /**
     * A lone string or number where a list is expected ({@code "names": "Jane Doe"}) is read as a list of one,
     * with a warning: the caller's value is plain, only its wrapping is missing. Null when absent or null.
     */
    private static JsonNode listOf(JsonNode v, String path, List<Warning> warnings) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() || v.isNumber()) {
            warnings.add(new Warning(path, "a single value where a list is expected: read as a list of one"));
            return JSON.createArrayNode().add(v);
        }
        return v;
    }

    /**
     * The entries of a list of strings ({@code subject.names}, {@code passages}), in the caller's order: an entry
     * that holds no usable text (null, blank, another JSON type, or longer than {@code maxLength} chars) is
     * passed over with a warning naming its path and is null in the result, so the others keep their indexes.
     * With {@code numbersAsText} a whole JSON number is read as its decimal digits, with a warning.
     * Not an array, or more than {@value #MAX_VALUES} entries: a 400 naming the list.
     *
     * @param what the kind of value, for the messages ("a name")
     */
    private static List<String> values(JsonNode node, String field, String path, int maxLength, String what,
                                       boolean numbersAsText, List<Warning> warnings,
                                       List<InvalidErasureException> passedOver) {
        JsonNode v = listOf(node.get(field), path, warnings);
        if (v == null) {
            return List.of();
        }
        checkArray(v, path, MAX_VALUES);
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(text(v.get(i), path + "[" + i + "]", maxLength, what, numbersAsText, warnings, passedOver));
        }
        return out;
    }

    /**
     * One value as text, stripped; or null, passed over with a warning naming {@code path} (never the value).
     * A whole JSON number, when {@code numbersAsText}, is its decimal digits, with a warning: JSON numbers
     * cannot hold a leading 0 or +, so what was written may have differed.
     */
    private static String text(JsonNode e, String path, int maxLength, String what, boolean numbersAsText,
                               List<Warning> warnings, List<InvalidErasureException> passedOver) {
        if (e == null || e.isNull()) {
            passOver(path, what + " must be a non-empty string, not null or missing", warnings, passedOver);
            return null;
        }
        if (e.isNumber() && numbersAsText) {
            if (!e.isIntegralNumber() || e.bigIntegerValue().signum() < 0) {
                passOver(path, what + " given as a JSON number must be a whole number of digits", warnings, passedOver);
                return null;
            }
            warnings.add(new Warning(path, "given as a JSON number: read as its decimal digits (a leading 0 or + "
                    + "cannot be written in a JSON number; send it as a string)"));
            return e.bigIntegerValue().toString();
        }
        if (!e.isTextual()) {
            passOver(path, what + " must be a string, not a JSON " + e.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    warnings, passedOver);
            return null;
        }
        if (e.textValue().isBlank()) {
            passOver(path, what + " must be a non-empty string, not blank", warnings, passedOver);
            return null;
        }
        if (e.textValue().length() > maxLength) {
            passOver(path, what + " may be at most " + maxLength + " characters long", warnings, passedOver);
            return null;
        }
        return e.textValue().strip();
    }

    /**
     * A country code (ISO 3166-1 alpha-2): upper-cased when known; any other string is kept as given with a
     * warning (phones that depend on it are then matched by their digits). Null when absent or empty.
     */
    private static String country(JsonNode v, String path, List<Warning> warnings) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().strip().length() > MAX_COUNTRY_LENGTH) {
            // a country only places phones; without it they are still matched (by their digits at worst)
            warnings.add(new Warning(path, "passed over: a country must be a string of at most " + MAX_COUNTRY_LENGTH
                    + " characters (an ISO 3166-1 alpha-2 code such as \"NL\"); phones that depend on it are read as "
                    + "if it were absent; the rest of the erasure is enforced"));
            return null;
        }
        String c = v.textValue().strip();
        if (c.isEmpty()) {
            return null;
        }
        String region = PhoneKeys.region(c);
        if (region == null) {
            warnings.add(new Warning(path, "not an ISO 3166-1 alpha-2 country code; phones that depend on it are "
                    + "matched by their digits unless written with +"));
            return c;
        }
        String upper = c.toUpperCase(java.util.Locale.ROOT);
        if (!region.equals(upper)) {
            warnings.add(new Warning(path, "not an ISO 3166-1 alpha-2 code but reserved for the United Kingdom; "
                    + "phones are read as GB"));
        }
        return upper;
    }

    /** Shortest e-mail local part or identifier that an id may not contain ({@link #repeatedValue}). */
    private static final int ID_PART = 4;
    /** Shortest name part counted by {@link #repeatedValue}. */
    private static final int ID_NAME_PART = 3;
    /** Digits of a phone's end that an id may not contain. */
    private static final int ID_PHONE_DIGITS = 7;

    /**
     * The field path of the subject's value the id repeats, or null: an e-mail or its local part, two parts of a
     * name or alias of {@value #ID_NAME_PART} letters or more, or the one part of a one-word name ("ilse" for
     * "Ilse Vandermeer" is a common handle and not warned of), an identifier (compared on letters and digits, case
     * folded), or a phone's last {@value #ID_PHONE_DIGITS} digits among the id's digits (red team 11: an id
     * "petra.lindqvaard@example.com" was shown to every client whose answer named her).
     */
    static String repeatedValue(String id, Erasure.Subject s) {
        return repeatedValue(id, s, (field, k) -> "subject." + field + "[" + k + "]");
    }

    /** {@link #repeatedValue(String, Erasure.Subject)}, naming value {@code k} of a list as {@code path(field, k)}. */
    /**
     * Whether the id holds a topic's key term (letters and digits, {@value #ID_PART}+ of them, compared
     * folded): "orlen-dynamics-tervola" for the key term "Tervola" (helper-75).
     */
    private static boolean repeatsKeyTerm(String id, List<Erasure.Topic> topics) {
        String folded = alnum(id);
        for (Erasure.Topic t : topics) {
            for (String term : t.keyTerms()) {
                String k = alnum(term);
                if (k.length() >= ID_PART && folded.contains(k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String repeatedValue(String id, Erasure.Subject s,
                                        java.util.function.BiFunction<String, Integer, String> path) {
        String folded = alnum(id);
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < s.emails().size(); i++) {
            String e = s.emails().get(i).toLowerCase(java.util.Locale.ROOT);
            int at = e.indexOf('@');
            String local = at > 0 ? alnum(e.substring(0, at)) : "";
            if (lower.contains(e) || (local.length() >= ID_PART && folded.contains(local))) {
                return path.apply("emails", i);
            }
        }
        for (String field : List.of("names", "aliases")) {
            List<String> values = field.equals("names") ? s.names() : s.aliases();
            for (int i = 0; i < values.size(); i++) {
                int parts = 0;
                int found = 0;
                for (String part : values.get(i).split("[\\s\\p{Punct}]+")) {
                    String p = alnum(part);
                    if (p.length() >= ID_NAME_PART) {
                        parts++;
                        found += folded.contains(p) ? 1 : 0;
                    }
                }
                if (found >= Math.min(2, Math.max(parts, 1)) && found > 0) {
                    return path.apply(field, i);
                }
            }
        }
        for (int i = 0; i < s.identifiers().size(); i++) {
            String v = alnum(s.identifiers().get(i));
            if (v.length() >= ID_PART && folded.contains(v)) {
                return path.apply("identifiers", i);
            }
        }
        String idDigits = id.replaceAll("[^0-9]", "");
        for (int i = 0; i < s.phones().size(); i++) {
            String d = s.phones().get(i).number().replaceAll("[^0-9]", "");
            if (d.length() >= ID_PHONE_DIGITS && idDigits.contains(d.substring(d.length() - ID_PHONE_DIGITS))) {
                return path.apply("phones", i);
            }
        }
        return null;
    }

    /** Letters and digits only, accents dropped, lower case. */
    private static String alnum(String v) {
        String d = java.text.Normalizer.normalize(v, java.text.Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(d.length());
        d.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(b::appendCodePoint);
        return b.toString();
    }

    /**
     * The subject that is enforced, and where each of its values came from: {@code origin[k]} is the caller's
     * index of the value now at {@code k} in its list (values passed over leave gaps; an entry holding several
     * e-mail addresses gives several values), so warnings name the caller's field.
     */
    private record Kept(Erasure.Subject subject, Map<String, int[]> origin) {
        /** The caller's path of value {@code k} of {@code field} ("emails") in {@link #subject}. */
        String path(String field, int k) {
            int[] o = origin.get(field);
            return "subject." + field + "[" + (o == null || k >= o.length ? k : o[k]) + "]";
        }
    }

    /**
     * The subject with the values that cannot be matched passed over, each with a warning naming its field (a name
     * or alias without letters or digits, or of more than 16 words; a phone that cannot be a phone number at all; an
     * identifier of fewer than 4 letters or digits; an e-mail that is no address
     * and spells none, {@link Emails#recover}): a request is not lost over one value. Each is also added to
     * {@code passedOver}, whose first is the error when nothing else in the erasure can be enforced.
     */
    private Kept validateSubject(List<String> rawNames, List<String> rawAliases, List<String> rawEmails,
                                 List<Erasure.Phone> rawPhones, List<String> rawIdentifiers, String country,
                                 List<Warning> warnings, List<InvalidErasureException> passedOver) {
        // every list below may hold nulls: values values() or phones() passed over already (and warned about)
        List<String> names = new ArrayList<>(rawNames.size());
        List<Integer> namesAt = new ArrayList<>(rawNames.size());
        for (int i = 0; i < rawNames.size(); i++) {
            if (rawNames.get(i) == null) {
                continue;
            }
            int n = io.lethe.erasure.index.NameVariantsAccess.tokenCount(rawNames.get(i));
            if (n == 0) {
                passOver("subject.names[" + i + "]", "a name needs at least one letter or digit", warnings, passedOver);
            } else if (n > 16) {
                passOver("subject.names[" + i + "]", "a name may have at most 16 words", warnings, passedOver);
            } else {
                names.add(rawNames.get(i));
                namesAt.add(i);
            }
        }
        List<String> aliases = new ArrayList<>(rawAliases.size());
        List<Integer> aliasesAt = new ArrayList<>(rawAliases.size());
        for (int i = 0; i < rawAliases.size(); i++) {
            if (rawAliases.get(i) == null) {
                continue;
            }
            int n = io.lethe.erasure.index.NameVariantsAccess.tokenCount(rawAliases.get(i));
            if (n == 0 || n > 16) {
                passOver("subject.aliases[" + i + "]", "an alias needs 1 to 16 words", warnings, passedOver);
            } else {
                aliases.add(rawAliases.get(i));
                aliasesAt.add(i);
            }
        }
        List<String> emails = new ArrayList<>(rawEmails.size());
        List<Integer> emailsAt = new ArrayList<>(rawEmails.size());
        for (int i = 0; i < rawEmails.size(); i++) {
            String e = rawEmails.get(i);
            String path = "subject.emails[" + i + "]";
            if (e == null) {
                continue;
            }
            List<String> read;
            try {
                String w = Emails.check(e, path);
                if (w != null) {
                    warnings.add(new Warning(path, w));
                }
                read = List.of(e);
            } catch (InvalidErasureException notAnAddress) {
                Emails.Recovered r = Emails.recover(e);
                if (r == null) {
                    passOver(path, notAnAddress.getMessage(), warnings, passedOver);
                    continue;
                }
                warnings.add(new Warning(path, r.how()));
                read = r.addresses();
            }
            for (String address : read) {
                emails.add(address);
                emailsAt.add(i);
            }
        }
        List<Erasure.Phone> phones = new ArrayList<>(rawPhones.size());
        List<Integer> phonesAt = new ArrayList<>(rawPhones.size());
        List<List<String>> phoneKeys = new ArrayList<>(rawPhones.size());
        for (int i = 0; i < rawPhones.size(); i++) {
            Erasure.Phone phone = rawPhones.get(i);
            if (phone == null) {
                continue;
            }
            String path = "subject.phones[" + i + "]";
            String region = Erasure.Subject.phoneRegion(phone, country, phoneRegion);
            PhoneKeys.Reading r;
            try {
                r = PhoneKeys.read(phone.number(), "ZZ".equals(region) ? null : region);
            } catch (IllegalArgumentException e) {
                passOver(phone.country() != null ? path + ".number" : path, e.getMessage(), warnings, passedOver);
                continue;
            }
            phones.add(phone);
            phonesAt.add(i);
            phoneKeys.add(r.keys());
            if (!r.placed()) {
                boolean byDefault = phone.country() == null && country == null && !phone.number().startsWith("+");
                warnings.add(new Warning(path, r.reason() + (byDefault
                        ? " (no country given: read in the default region, lethe.erasure.phone-region; set subject.country or the phone's country)"
                        : "") + "; matched by its digits"));
            }
        }
        List<String> identifiers = new ArrayList<>(rawIdentifiers.size());
        List<Integer> identifiersAt = new ArrayList<>(rawIdentifiers.size());
        for (int i = 0; i < rawIdentifiers.size(); i++) {
            if (rawIdentifiers.get(i) == null) {
                continue;
            }
            if (ErasureKeys.normalizeIdentifier(rawIdentifiers.get(i)).length() < 4) {
                passOver("subject.identifiers[" + i + "]", "an identifier needs at least 4 letters or digits", warnings,
                        passedOver);
            } else {
                identifiers.add(rawIdentifiers.get(i));
                identifiersAt.add(i);
            }
        }
        Kept kept = new Kept(new Erasure.Subject(names, aliases, emails, phones, identifiers, country), Map.of(
                "names", ints(namesAt), "aliases", ints(aliasesAt), "emails", ints(emailsAt), "phones", ints(phonesAt),
                "identifiers", ints(identifiersAt)));
        Erasure.Subject k = kept.subject();
        duplicates("names", k.names(), io.lethe.erasure.index.NameVariantsAccess::tokens, kept, warnings);
        duplicates("aliases", k.aliases(), io.lethe.erasure.index.NameVariantsAccess::tokens, kept, warnings);
        duplicates("emails", k.emails(), ErasureKeys::normalizeEmail, kept, warnings);
        duplicates("phones", phoneKeys, key -> new java.util.TreeSet<>(key), kept, warnings);
        duplicates("identifiers", k.identifiers(), ErasureKeys::normalizeIdentifier, kept, warnings);
        return kept;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A value that cannot be matched: a warning naming the field, and the error should nothing else be enforceable. */
    private static void passOver(String field, String why, List<Warning> warnings, List<InvalidErasureException> passedOver) {
        warnings.add(new Warning(field, "passed over: " + why + "; the rest of the erasure is enforced"));
        passedOver.add(new InvalidErasureException(field, why));
    }

    /**
     * Values of one list that are the same once normalized the way the matchers compare them (names by
     * their folded tokens, {@link io.lethe.text.Folding}; e-mails and identifiers by their keys; phones by
     * their digit keys): each later copy is a warning naming the first.
     */
    private static <T> void duplicates(String field, List<T> values, java.util.function.Function<T, Object> key,
                                       Kept kept, List<Warning> warnings) {
        Map<Object, Integer> first = new java.util.HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            Integer before = first.putIfAbsent(key.apply(values.get(i)), i);
            if (before != null && !kept.path(field, before).equals(kept.path(field, i))) {
                warnings.add(new Warning(kept.path(field, i), "the same as " + kept.path(field, before)
                        + " once folded (case, diacritics, separators); matched once"));
            }
        }
    }

    private static Instant instant(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidErasureException("requested_at", "requested_at must be an ISO-8601 date or instant");
            }
        }
    }

    /**
     * Refuses a key not in {@code known}. The key is the caller's text (a name typed as a key, red team h68 F6):
     * the error names its parent ({@code param}; null at the top) and its length, and lists the known fields.
     */
    private static void onlyKnown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!known.contains(f)) {
                String parent = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
                throw new InvalidErasureException(parent, "unknown field (a key of " + f.length() + " chars) "
                        + (parent == null ? "at the top level" : "in '" + parent + "'") + "; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidErasureException(field, field + " must be a string");
        }
        String t = v.textValue().strip();
        if (t.length() > 10_000) {
            throw new InvalidErasureException(field, field + " is too long");
        }
        return t.isEmpty() ? null : t;
    }

    private static List<String> strings(JsonNode node, String field, String path, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        checkArray(v, path, MAX_VALUES);
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.textValue().isBlank()) {
                throw new InvalidErasureException(path + "[" + i + "]", path + "[" + i + "] must be a non-empty string");
            }
            if (e.textValue().length() > maxLength) {
                throw new InvalidErasureException(path + "[" + i + "]", path + "[" + i + "] is longer than " + maxLength + " characters");
            }
            out.add(e.textValue().strip());
        }
        return List.copyOf(out);
    }

    /** SHA-256 of the request's canonical form (the record without server fields). */
    static String hash(Erasure e) {
        try {
            ObjectNode canonical = JSON.valueToTree(e);
            byte[] bytes = JSON.writeValueAsBytes(sortKeys(canonical));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode sortKeys(JsonNode n) {
        if (n.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            n.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, JsonNode> f : fields) {
                sorted.set(f.getKey(), sortKeys(f.getValue()));
            }
            return sorted;
        }
        return n;
    }

    static byte[] toJson(Erasure e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The passages that can be matched: a passage shorter than {@link ErasureStage#PASSAGE_WORDS} words is found
     * when reproduced whole; one shorter than a shingle ({@link io.lethe.erasure.index.PassageIndex#SHINGLE_WORDS}
     * words) cannot be found and is passed over with a warning, or refused when the erasure would hold nothing else.
     */
    private static List<String> passages(List<String> passages /* null: passed over */, Erasure.Subject subject, List<Erasure.Topic> topics,
                                         List<Warning> warnings) {
        int shingle = io.lethe.erasure.index.PassageIndex.SHINGLE_WORDS;
        List<String> out = new ArrayList<>(passages.size());
        int firstTooShort = -1;
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i) == null) {
                continue;  // passed over by values(), warned about there
            }
            int words = io.lethe.erasure.index.PassageIndex.wordCount(passages.get(i));
            if (words < shingle) {
                firstTooShort = firstTooShort < 0 ? i : firstTooShort;
                warnings.add(new Warning("passages[" + i + "]", "passed over: a passage needs at least " + shingle
                        + " words to be matched (register shorter text as an alias); the rest of the erasure is enforced"));
                continue;
            }
            if (words < ErasureStage.PASSAGE_WORDS) {
                warnings.add(new Warning("passages[" + i + "]", "fewer than " + ErasureStage.PASSAGE_WORDS
                        + " words: found only when reproduced whole"));
            }
            out.add(passages.get(i));
        }
        if (out.isEmpty() && firstTooShort >= 0 && (subject == null || subject.isEmpty()) && topics.isEmpty()) {
            throw new InvalidErasureException("passages[" + firstTooShort + "]", "a passage needs at least " + shingle
                    + " words to be matched (register shorter text as an alias)");
        }
        return out;
    }

    static Erasure fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Erasure.class);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("corrupt erasure record", ex);
        }
    }

}
