package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every text of a chat or legacy completion choice, default-deny: every string leaf of the choice is
 * model text unless its field is known not to be (ids, types, roles, finish reasons, indices, tool names the
 * request declared) and its value has the shape the protocol gives it ({@link Declared#exempt}).
 *
 * <p>Known texts get their channel: {@code content} (a string, or the {@code text} parts of an array),
 * reasoning ({@code reasoning_content}, {@code reasoning}, Mistral's {@code thinking} parts), tool-call
 * {@code arguments} per tool index (a string, or TGI's JSON object, also under its alias {@code parameters}, and
 * its single tool call sent as an object), {@code refusal},
 * {@code function_call.arguments}, legacy {@code text}. Any other string is an {@link ChannelKind#OTHER}
 * channel named by its path (field names and part types, never values), so the same field gets the same
 * channel in every chunk of a stream and in the whole answer. Array elements are told apart by their
 * {@code index} or {@code type} (never by position, which restarts in every chunk). A shape the walker
 * cannot take apart (nesting deeper than {@value #MAX_DEPTH}) marks the choice unwalkable: it is blocked.
 * Stateless and thread-safe.
 */
final class ChoiceWalker {

    static final int MAX_DEPTH = 16;
    /** Choice-level fields that are not model text (logprobs and token ids are handled on their own). */
    static final Set<String> CHOICE_FIELDS = Set.of("index", "finish_reason", "stop_reason", "native_finish_reason",
            "matched_stop", "logprobs", "token_ids", "content_filter_results", "content_filter_result",
            "prompt_logprobs", "prompt_token_ids", "seed");
    private static final int MAX_KEY = 40;

    private ChoiceWalker() {
    }

    /** What a walk found. */
    static final class Walk {
        final List<TextLeaf> leaves = new ArrayList<>(2);
        /** Leaves that repeat another leaf's text (a server sending both reasoning field names). */
        final List<Mirror> mirrors = new ArrayList<>(0);
        /** Where opaque model output sits that cannot be scanned (audio data): dropped once the choice changes. */
        final List<ObjectNode> opaque = new ArrayList<>(0);
        /**
         * Tool and function names the request declared: not scanned as they stand, but a stream joins later pieces
         * of the same name with them ({@code ChatStream}); a whole answer ignores them.
         */
        final List<TextLeaf> declaredNames = new ArrayList<>(0);
        /**
         * Protocol values a stream repeats on every chunk rather than splitting (an audio object's id and expiry), by
         * field path: verified whole, and a stream requires each to keep its first value.
         */
        final Map<String, JsonNode> repeated = new java.util.LinkedHashMap<>(0);
        boolean unwalkable;
        /** Whether numbers in unknown fields are scanned (not for usage counts). */
        boolean numbers = true;
        /**
         * Whether text found by {@link #generic} is taken as whole values ({@link TextLeaf.Mode#ATOMIC}) rather than
         * deltas of a channel: a streamed choice's own unknown fields, which repeat per chunk like Azure's filter
         * results (joined as deltas, a name followed by the next chunk's copy was no word and left unredacted).
         */
        boolean atomicText;
        /** A stream's chunk: a tool call without an index is attributed by its position, written as its index. */
        boolean streamed;
    }

    /** A protocol field's value: exempt from rewriting, but scanned; a finding in it blocks the choice. */
    static void verify(Walk w, int choice, String name, JsonNode v) {
        if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
            w.leaves.add(TextLeaf.verify(Channel.other(choice, -1, name), v.textValue()));
        }
    }

    /**
     * {@link Declared#exempt} for a field inside a message, part, tool call or output item, where the protocol
     * has no number that is not an index (which callers take first): a number there is scanned as text (a phone
     * number written as a JSON number), not exempt.
     */
    static boolean exempt(Declared d, String k, JsonNode v) {
        return !v.isNumber() && d.exempt(k, v);
    }

    /** Choice-level names that carry streamed text wherever they appear: joined across chunks as deltas. */
    private static final Set<String> DELTA_NAMES = Set.of("text", "content", "delta", "message", "reasoning",
            "reasoning_content", "thinking", "refusal");

    /** Whether {@code key} is a field a server streams a choice's text under ("content", "text", "delta", ...). */
    static boolean isDeltaName(String key) {
        return DELTA_NAMES.contains(key);
    }

    /** Envelope fields of a chunk or body: protocol values when they have the protocol's shape. */
    static final Set<String> ENVELOPE = Set.of("id", "object", "created", "model", "system_fingerprint",
            "service_tier");

    /**
     * The texts of a chunk or body outside its choices, per top-level field (default-deny: llama.cpp's
     * {@code __verbose}, a vendor's note, a chunk that carries a message where choices belong), as whole texts
     * of no choice ({@link Atoms#TOP}); the envelope's protocol values are verified; {@code usage} counts are
     * not text.
     */
    static Map<String, Walk> top(ObjectNode body, Declared d) {
        Map<String, Walk> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("choices") || v.isNull()) {
                continue;
            }
            Walk w = new Walk();
            w.leaves.add(TextLeaf.verify(Channel.other(Atoms.TOP, -1, "top.#key"), k));
            if (ENVELOPE.contains(k) && d.exempt(k, v)) {
                verify(w, Atoms.TOP, "top:" + key(k), v);
            } else {
                w.numbers = !k.equals("usage") && !k.equals("prompt_filter_results") && !k.equals("timings");
                generic(w, Atoms.TOP, -1, "top:" + key(k), body, k, v, List.of(TextLeaf.Step.field(k)), 1);
            }
            // nothing outside the choices streams: each text is whole where it stands
            for (int i = 0; i < w.leaves.size(); i++) {
                TextLeaf l = w.leaves.get(i);
                if (l.mode == TextLeaf.Mode.STREAM) {
                    w.leaves.set(i, l.asAtomic());
                }
            }
            out.put(k, w);
        }
        return out;
    }

    /**
     * Scans a chunk's or body's texts outside its choices ({@link #top}): each is written back as released; a
     * field whose text the guard would not release as it is, or whose shape cannot be walked, is removed.
     *
     * @return whether the body changed
     */
    static boolean guardTop(ObjectNode body, Declared d, Atoms atoms) {
        return guardTop(body, d, atoms, false);
    }

    /**
     * {@link #guardTop}; with {@code whole} (a whole answer) a field whose texts are each clean but joined find
     * something ({@code "tokens": ["Cor", "win", " Ash", "dale"]}, TGI's {@code details.tokens[].text}) is removed
     * too: a client reads such pieces joined (an outside tester, helper-62; a stream drops such a field). When no
     * field was changed and the fields' texts joined (space-separated) find something, every field with text goes.
     */
    static boolean guardTop(ObjectNode body, Declared d, Atoms atoms, boolean whole) {
        boolean changed = false;
        Map<String, Walk> top = top(body, d);
        for (Map.Entry<String, Walk> e : top.entrySet()) {
            boolean failed = e.getValue().unwalkable;
            boolean fieldChanged = false;
            for (TextLeaf leaf : e.getValue().leaves) {
                if (failed) {
                    break;
                }
                Atoms.Outcome o = atoms.handle(leaf, false);
                failed = o == Atoms.Outcome.FAILED;
                fieldChanged |= o == Atoms.Outcome.CHANGED;
            }
            changed |= fieldChanged;
            failed |= whole && !failed && !fieldChanged && (atoms.joinedFinds(e.getValue().leaves)
                    || (e.getKey().equals("prompt_logprobs") && atoms.promptTokensFind(body.get(e.getKey()))));
            if (failed) {
                body.remove(e.getKey());
                changed = true;
            }
        }
        if (whole && !changed) {
            // a name split across two fields ("x_first": "Corwin", "x_last": "Ashdale"): every field with text goes
            List<List<TextLeaf>> fields = new ArrayList<>();
            top.values().forEach(w -> fields.add(w.leaves));
            if (atoms.joinedFinds(fields)) {
                for (Map.Entry<String, Walk> e : top.entrySet()) {
                    if (atoms.hasStrings(e.getValue().leaves)) {
                        body.remove(e.getKey());
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    /** Whether the strings of the fields beside the choices, clean alone, find something joined ({@link Atoms#joinedFinds}). */
    static boolean topJoinedFinds(ObjectNode body, Declared d, Atoms atoms) {
        List<List<TextLeaf>> fields = new ArrayList<>();
        top(body, d).values().forEach(w -> fields.add(w.leaves));
        return atoms.joinedFinds(fields);
    }

    /** A leaf that carries the same text as {@code source}: it gets the same released text. */
    record Mirror(TextLeaf source, ObjectNode holder, String field) {
    }

    /**
     * Walks one choice.
     *
     * @param index  the choice's index
     * @param legacy a legacy completion choice ({@code text})
     * @param d      what the request declared (tool names)
     */
    static Walk choice(int index, ObjectNode choice, boolean legacy, Declared d) {
        return choice(index, choice, legacy, d, false);
    }

    /**
     * Walks one choice of a whole answer, or of a stream's chunk when {@code streamed}: then the choice's own
     * unknown fields (beside {@code delta}, not in it) are per-chunk values, each scanned whole and written back
     * in place; unknown fields inside {@code delta} stay deltas of their channel.
     */
    static Walk choice(int index, ObjectNode choice, boolean legacy, Declared d, boolean streamed) {
        Walk w = new Walk();
        w.streamed = streamed;
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!CHOICE_FIELDS.contains(k) && !DELTA_NAMES.contains(k)) {
                key(w, index, "choice.#key", k); // a field name the protocol does not have may be text
            }
            if (v.isNull()) {
                continue;
            }
            if (CHOICE_FIELDS.contains(k)) {
                if (k.equals("logprobs") && v instanceof ObjectNode lp) {
                    logprobs(w, index, lp);
                    continue;
                }
                if (knownShape(k, v, d)) {
                    verify(w, index, "choice:" + key(k), v);
                    continue;
                }
                if (k.equals("finish_reason") || k.equals("native_finish_reason")) {
                    // a protocol value in an odd shape ("STOP", {"type": "stop"}): scanned whole, never cut or
                    // rewritten as held text would be; a finding in it blocks the choice
                    verifyAll(w, index, "choice:" + key(k), v, 1);
                    continue;
                }
                if (streamed && (k.equals("stop_reason") || k.equals("matched_stop"))
                        && !ChatStream.finishes(choice.get("finish_reason"))) {
                    // vLLM and SGLang send the stop that ended the choice with its finish_reason; a value before
                    // it is not that, and each chunk's scanned alone could spell a name a char per chunk
                    w.unwalkable = true;
                    continue;
                }
                // a known field in a shape it never has is not that field: its strings are text
            }
            List<TextLeaf.Step> path = List.of(TextLeaf.Step.field(k));
            if (legacy && k.equals("text") && TextLeaf.scalarText(v)) {
                w.leaves.add(TextLeaf.inObject(Channel.text(index), path, choice, k));
            } else if (!legacy && (k.equals("delta") || k.equals("message")) && v instanceof ObjectNode m) {
                message(w, index, m, path, d);
            } else if (!legacy && (k.equals("delta") || k.equals("message")) && TextLeaf.scalarText(v)) {
                w.leaves.add(TextLeaf.inObject(Channel.content(index), path, choice, k));
            } else {
                // a name a server streams text under stays a delta ("text" in a chat chunk, "delta" in a legacy one)
                w.atomicText = streamed && !DELTA_NAMES.contains(k);
                generic(w, index, -1, "choice:" + key(k), choice, k, v, path, 0);
                w.atomicText = false;
            }
        }
        // in the order a model writes them: reasoning, then the answer, then tool calls (a person the reasoning
        // names is known when the content is scanned, whatever order the fields came in)
        w.leaves.sort(java.util.Comparator.comparingInt(l -> rank(l.channel.kind())));
        return w;
    }

    private static int rank(ChannelKind kind) {
        return switch (kind) {
            case REASONING -> 0;
            case CONTENT, TEXT -> 1;
            case REFUSAL -> 2;
            case TOOL_ARGUMENTS, FUNCTION_CALL -> 3;
            default -> 4;
        };
    }

    /** Every string, key and number of a protocol value, each verified whole ({@link #verify}). */
    private static void verifyAll(Walk w, int choice, String name, JsonNode v, int depth) {
        if (depth > MAX_DEPTH) {
            w.unwalkable = true;
        } else if (v.isTextual()) {
            verify(w, choice, name, v);
        } else if (v.isNumber()) {
            w.leaves.add(TextLeaf.verify(Channel.other(choice, -1, name), v.asText()));
        } else if (v instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                key(w, choice, name + ".#key", e.getKey());
                verifyAll(w, choice, name + "." + key(e.getKey()), e.getValue(), depth + 1);
            }
        } else if (v instanceof ArrayNode a) {
            for (JsonNode c : a) {
                verifyAll(w, choice, name + "[]", c, depth + 1);
            }
        }
    }

    /** Whether a choice-level field the walker knows has the shape it is known by (else it is walked). */
    private static boolean knownShape(String k, JsonNode v, Declared d) {
        return switch (k) {
            case "index", "seed" -> v.isNumber();
            case "finish_reason", "native_finish_reason" -> d.exempt(k, v);
            case "stop_reason", "matched_stop" -> v.isNumber(); // a stop string echoes the request: scanned
            case "token_ids", "prompt_token_ids" -> v.isArray() && Json.allNumbers(v, false);
            // Azure's filter results and vLLM's prompt logprobs carry strings and keys (severities, decoded prompt
            // tokens) that only look like the protocol's: walked as any unknown value (keys checked, strings scanned)
            case "content_filter_results", "content_filter_result", "prompt_logprobs" -> false;
            default -> false;
        };
    }

    /** Logprobs: the token arrays go out with their text ({@code Probes}); any other field is text. */
    private static void logprobs(Walk w, int choice, ObjectNode lp) {
        for (Iterator<Map.Entry<String, JsonNode>> it = lp.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            boolean tokens = switch (k) {
                case "content", "refusal", "tokens", "top_logprobs" -> e.getValue().isArray();
                case "token_logprobs", "text_offset" -> e.getValue().isArray() && Json.allNumbers(e.getValue(), true);
                default -> false;
            };
            if (!tokens) {
                key(w, choice, "choice:logprobs.#key", k);
            }
            if (!tokens && !e.getValue().isNull()) {
                generic(w, choice, -1, "choice:logprobs." + key(k), lp, k, e.getValue(),
                        List.of(TextLeaf.Step.field("logprobs"), TextLeaf.Step.field(k)), 2);
            }
        }
    }

    /** The fields of a message or delta the walker knows by name (any other key is checked as text). */
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "name", "tool_call_id", "content",
            "reasoning_content", "reasoning", "refusal", "tool_calls", "function_call", "audio", "annotations");

    /** A key in a place where the protocol has fixed names: verified, so a key that names someone blocks. */
    private static void key(Walk w, int choice, String place, String k) {
        w.leaves.add(TextLeaf.verify(Channel.other(choice, -1, place), k));
    }

    private static void message(Walk w, int choice, ObjectNode m, List<TextLeaf.Step> at, Declared d) {
        TextLeaf reasoning = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!MESSAGE_FIELDS.contains(k)) {
                key(w, choice, "message.#key", k);
            }
            if (v.isNull()) {
                continue;
            }
            List<TextLeaf.Step> path = append(at, TextLeaf.Step.field(k));
            switch (k) {
                case "role", "name", "tool_call_id" -> {
                    if (!exempt(d, k, v)) {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    } else {
                        verify(w, choice, key(k), v);
                    }
                }
                case "content" -> {
                    if (TextLeaf.scalarText(v)) {
                        w.leaves.add(TextLeaf.inObject(Channel.content(choice), path, m, k));
                    } else if (v instanceof ArrayNode parts) {
                        parts(w, choice, parts, at, d);
                    } else {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    }
                }
                case "reasoning_content", "reasoning" -> {
                    if (!TextLeaf.scalarText(v)) {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    } else if (v.isTextual() && v.textValue().isEmpty()) {
                        w.leaves.add(TextLeaf.inObject(Channel.reasoning(choice), path, m, k)); // nothing to join
                    } else if (reasoning != null && reasoning.text.equals(v.textValue())) {
                        w.mirrors.add(new Mirror(reasoning, m, k));
                    } else if (reasoning != null) {
                        // two different reasoning texts in one message: a client keeps each field apart, while
                        // one channel would join them ("Mail x" | "corvald.p@..." read as "xcorvald.p@...",
                        // held text moved between fields: helper-79); no server is known to send them so
                        // (vLLM mirrors one text in both): default-deny
                        w.unwalkable = true;
                    } else {
                        reasoning = TextLeaf.inObject(Channel.reasoning(choice), path, m, k);
                        w.leaves.add(reasoning);
                    }
                }
                case "refusal" -> {
                    if (TextLeaf.scalarText(v)) {
                        w.leaves.add(TextLeaf.inObject(Channel.refusal(choice), path, m, k));
                    } else {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    }
                }
                case "tool_calls" -> {
                    if (v instanceof ArrayNode calls) {
                        toolCalls(w, choice, calls, at, d);
                    } else if (v instanceof ObjectNode call) {
                        toolCall(w, choice, call, 0, at, false, d); // TGI 1.4: one tool call as an object
                    } else {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    }
                }
                case "function_call" -> {
                    if (v instanceof ObjectNode fc) {
                        function(w, choice, -1, fc, path, "function_call", d);
                    } else {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    }
                }
                case "audio" -> {
                    if (v instanceof ObjectNode audio) {
                        w.opaque.add(audio);
                        for (Iterator<Map.Entry<String, JsonNode>> a = audio.fields(); a.hasNext(); ) {
                            Map.Entry<String, JsonNode> f = a.next();
                            String g = f.getKey();
                            JsonNode av = f.getValue();
                            if (g.equals("data") && av.isTextual() && audioData(av.textValue())) {
                                continue; // generated audio: cannot be scanned (dropped once the choice had a finding)
                            }
                            if (audioProtocol(g, av, d)) {
                                // the server repeats these on every chunk: a value, not a delta to join
                                verifyAll(w, choice, "audio." + g, av, 3);
                                w.repeated.put("audio." + g, av);
                                continue;
                            }
                            if (!av.isNull()) {
                                generic(w, choice, -1, "audio." + key(g), audio, g, av,
                                        append(path, TextLeaf.Step.field(g)), 2);
                            }
                        }
                    } else {
                        generic(w, choice, -1, key(k), m, k, v, path, 1);
                    }
                }
                case "annotations" -> {
                    // a stream sends each annotation whole in one delta (OpenAI's search models: url_citation with
                    // its url, title and offsets): its values are scanned as they stand, never joined with the next
                    // chunk's as a text's deltas are (helper-74: one citation went out as three, offsets as strings)
                    boolean was = w.atomicText;
                    w.atomicText = w.streamed;
                    generic(w, choice, -1, key(k), m, k, v, path, 1);
                    w.atomicText = was;
                }
                default -> generic(w, choice, -1, key(k), m, k, v, path, 1);
            }
        }
    }

    /**
     * Whether an audio object's field is a protocol value: its {@code id} in an identifier's shape, its
     * {@code expires_at} as an integer. Anything else there (the transcript, a vendor's field, an id that reads
     * like words) is model text.
     */
    private static boolean audioProtocol(String field, JsonNode v, Declared d) {
        return switch (field) {
            case "id" -> v.isTextual() && d.exempt("id", v);
            case "expires_at" -> v.isIntegralNumber();
            default -> false;
        };
    }

    /**
     * Whether an audio object's {@code data} reads as generated audio, which cannot be scanned: base64 (standard or
     * URL-safe, padding optional) with a char beside letters, that decodes to bytes which are not mostly printable
     * text. Letters alone are words ("VoldemortVoldemort" passed as audio; found by WireFuzzTest), and base64 of
     * text is text: both are scanned as text, so a text smuggled there meets the decoding stage.
     */
    static boolean audioData(String s) {
        if (s.isEmpty() || !base64(s)) {
            return false;
        }
        boolean urlSafe = false;
        boolean other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            urlSafe |= c == '-' || c == '_';
            other |= !Character.isLetter(c);
        }
        if (!other) {
            return false;
        }
        String body = s.replace("=", "");
        if (body.length() % 4 == 1) {
            return false; // no base64 length: not audio
        }
        // the first 256 bytes tell text from audio: a long piece is not decoded whole on every chunk
        String head = body.length() > 344 ? body.substring(0, 344) : body + "==".substring(0, (4 - body.length() % 4) % 4);
        byte[] bytes;
        try {
            bytes = (urlSafe ? java.util.Base64.getUrlDecoder() : java.util.Base64.getDecoder()).decode(head);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int printable = 0;
        for (byte b : bytes) {
            printable += (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t' ? 1 : 0;
        }
        return bytes.length < 4 || printable * 10 < bytes.length * 9;
    }

    /** Whether a string is all base64 (standard or URL-safe) characters, as a piece of audio data is. */
    static boolean base64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code content} as an array of typed parts (Mistral's reasoning models, multimodal output). */
    private static void parts(Walk w, int choice, ArrayNode parts, List<TextLeaf.Step> at, Declared d) {
        for (int p = 0; p < parts.size(); p++) {
            JsonNode part = parts.get(p);
            if (TextLeaf.scalarText(part)) {
                w.leaves.add(TextLeaf.inArray(Channel.content(choice), append(at, TextLeaf.Step.element("content", null)),
                        parts, p));
                continue;
            }
            if (!(part instanceof ObjectNode o)) {
                if (part.isContainerNode()) {
                    w.unwalkable = true;
                }
                continue;
            }
            String type = Json.text(o, "type");
            List<TextLeaf.Step> path = append(at, TextLeaf.Step.element("content", identity(o)));
            String name = "content[" + (type == null ? "" : key(type)) + "]";
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    continue;
                }
                if (exempt(d, k, v)) {
                    verify(w, choice, name + "." + key(k), v);
                    continue;
                }
                List<TextLeaf.Step> leafPath = append(path, TextLeaf.Step.field(k));
                boolean text = type == null || type.equals("text") || type.equals("output_text");
                if (text && k.equals("text") && TextLeaf.scalarText(v)) {
                    w.leaves.add(TextLeaf.inObject(Channel.content(choice), leafPath, o, k));
                } else if ("thinking".equals(type) && k.equals("thinking")) {
                    thinking(w, choice, o, v, leafPath, path, d);
                } else if ("refusal".equals(type) && k.equals("refusal") && TextLeaf.scalarText(v)) {
                    w.leaves.add(TextLeaf.inObject(Channel.refusal(choice), leafPath, o, k));
                } else {
                    generic(w, choice, -1, name + "." + key(k), o, k, v, leafPath, 2);
                }
            }
        }
    }

    private static void thinking(Walk w, int choice, ObjectNode part, JsonNode v, List<TextLeaf.Step> leafPath,
                                 List<TextLeaf.Step> partPath, Declared d) {
        if (TextLeaf.scalarText(v)) {
            w.leaves.add(TextLeaf.inObject(Channel.reasoning(choice), leafPath, part, "thinking"));
            return;
        }
        if (!(v instanceof ArrayNode inner)) {
            generic(w, choice, -1, "content[thinking].thinking", part, "thinking", v, leafPath, 2);
            return;
        }
        for (int q = 0; q < inner.size(); q++) {
            JsonNode t = inner.get(q);
            if (TextLeaf.scalarText(t)) {
                w.leaves.add(TextLeaf.inArray(Channel.reasoning(choice),
                        append(partPath, TextLeaf.Step.element("thinking", null)), inner, q));
            } else if (t instanceof ObjectNode o) {
                List<TextLeaf.Step> tp = append(partPath, TextLeaf.Step.element("thinking", identity(o)));
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String k = e.getKey();
                    if (e.getValue().isNull()) {
                        continue;
                    }
                    if (exempt(d, k, e.getValue())) {
                        verify(w, choice, "content[thinking].thinking." + key(k), e.getValue());
                        continue;
                    }
                    List<TextLeaf.Step> lp = append(tp, TextLeaf.Step.field(k));
                    if (k.equals("text") && TextLeaf.scalarText(e.getValue())) {
                        w.leaves.add(TextLeaf.inObject(Channel.reasoning(choice), lp, o, k));
                    } else {
                        generic(w, choice, -1, "content[thinking].thinking." + key(k), o, k, e.getValue(), lp, 3);
                    }
                }
            } else if (t.isContainerNode()) {
                w.unwalkable = true;
            }
        }
    }

    private static void toolCalls(Walk w, int choice, ArrayNode calls, List<TextLeaf.Step> at, Declared d) {
        for (int p = 0; p < calls.size(); p++) {
            if (!(calls.get(p) instanceof ObjectNode call)) {
                if (!calls.get(p).isNull()) {
                    w.unwalkable = true; // a tool call that is not an object cannot be attributed
                }
                continue;
            }
            toolCall(w, choice, call, p, at, true, d);
        }
    }

    /**
     * Rewrites the {@code index} of a choice's tool calls ({@code delta} or {@code message}) written as an integral
     * JSON number that is not an integer ({@code 0.0}, {@code 1e0}) or as a string of digits ({@code "0"}) to the
     * integer it names, as SDKs merge streamed calls by an integer index (helper-73: such a call blocked the choice).
     * Any other non-integer index is left as it stands, for the walk to refuse.
     *
     * @return whether an index was rewritten (the choice must then be written from the tree)
     */
    static boolean integralToolIndexes(ObjectNode choice) {
        boolean changed = false;
        for (String holder : List.of("delta", "message")) {
            JsonNode calls = choice.get(holder) instanceof ObjectNode m ? m.get("tool_calls") : null;
            if (calls instanceof ObjectNode one) {
                changed |= integralIndex(one);
            } else if (calls instanceof ArrayNode a) {
                for (JsonNode c : a) {
                    if (c instanceof ObjectNode call) {
                        changed |= integralIndex(call);
                    }
                }
            }
        }
        return changed;
    }

    /** Most digits of an index written as a string: below {@link Integer#MAX_VALUE} whatever they are. */
    private static final int MAX_INDEX_DIGITS = 9;

    private static boolean integralIndex(ObjectNode call) {
        JsonNode v = call.get("index");
        if (v == null || v.isIntegralNumber()) {
            return false;
        }
        java.math.BigDecimal n = null;
        if (v.isNumber()) {
            n = v.decimalValue();
        } else if (v.isTextual() && !v.textValue().isEmpty() && v.textValue().length() <= MAX_INDEX_DIGITS
                && v.textValue().chars().allMatch(c -> c >= '0' && c <= '9')) {
            n = new java.math.BigDecimal(v.textValue());
        }
        if (n == null || n.signum() < 0 || n.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return false;
        }
        try {
            call.put("index", n.intValueExact());
            return true;
        } catch (ArithmeticException e) {
            return false; // a fraction (0.5): no index
        }
    }

    /**
     * One tool call at {@code position} (its {@code index}, where present, wins).
     *
     * @param inArray false for TGI's single tool call sent as an object instead of an array
     */
    private static void toolCall(Walk w, int choice, ObjectNode call, int position, List<TextLeaf.Step> at,
                                 boolean inArray, Declared d) {
        JsonNode idx = call.get("index");
        if (idx != null && !idx.isNull() && !(idx.isIntegralNumber() && idx.canConvertToInt() && idx.asInt() >= 0)) {
            w.unwalkable = true; // a streamed tool call the client could not merge, nor we attribute
            return;
        }
        int k = idx != null && !idx.isNull() ? idx.asInt() : position;
        ObjectNode identity = null;
        if (idx != null && !idx.isNull()) {
            identity = Json.object();
            identity.set("index", idx);
        } else if (w.streamed && inArray) {
            // streamed without an index (Mistral's dialect) the call goes out with its position as one
            // (ChatStream.headers), and so does a tail the guard released later
            identity = Json.object();
            identity.put("index", k);
        }
        List<TextLeaf.Step> path = append(at, inArray ? TextLeaf.Step.element("tool_calls", identity)
                : TextLeaf.Step.field("tool_calls"));
        for (Iterator<Map.Entry<String, JsonNode>> it = call.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull() || (f.equals("index") && v.isNumber())) {
                continue;
            }
            if (exempt(d, f, v)) {
                verify(w, choice, "tool_calls." + key(f), v);
                continue;
            }
            List<TextLeaf.Step> fp = append(path, TextLeaf.Step.field(f));
            if (f.equals("function") && v instanceof ObjectNode fn) {
                function(w, choice, k, fn, fp, "tool_calls.function", d);
            } else {
                generic(w, choice, k, "tool_calls." + key(f), call, f, v, fp, 2);
            }
        }
    }

    /** A function call: its name is the client's tool, its arguments model text (a string or JSON). */
    private static void function(Walk w, int choice, int tool, ObjectNode fn, List<TextLeaf.Step> at, String name,
                                 Declared d) {
        for (Iterator<Map.Entry<String, JsonNode>> it = fn.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String g = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            List<TextLeaf.Step> path = append(at, TextLeaf.Step.field(g));
            if (g.equals("name") && exempt(d, "name", v)) {
                // a tool the request declared: the client's own word, unless more pieces follow in a stream
                w.declaredNames.add(TextLeaf.atomic(Channel.other(choice, tool, name + ".name"), path, fn, g));
                continue;
            }
            if (g.equals("name") && v.isValueNode()) {
                // a name the request did not declare is the model's text: scanned whole at once, so the client
                // gets it in the tool call's first delta, where SDKs expect it
                w.leaves.add(TextLeaf.atomic(Channel.other(choice, tool, name + ".name"), path, fn, g));
                continue;
            }
            // "parameters": TGI's name for the arguments (an alias in its router)
            if ((g.equals("arguments") || (g.equals("parameters") && v.isContainerNode()))
                    && (TextLeaf.scalarText(v) || v.isContainerNode())) {
                Channel ch = tool >= 0 ? Channel.toolArguments(choice, tool) : Channel.functionCall(choice);
                if (v.isContainerNode() && depth(v, 0) > MAX_DEPTH) {
                    w.unwalkable = true;
                } else {
                    w.leaves.add(TextLeaf.inObject(ch, path, fn, g));
                }
            } else {
                generic(w, choice, tool, name + "." + key(g), fn, g, v, path, 3);
            }
        }
    }

    /**
     * Any other value: each string in it is its own channel, named by its path. Nothing in a structure the walker
     * does not know is exempt, not even a field called {@code id} or {@code type}: only the protocol's own
     * fields at their known places are.
     */
    static void generic(Walk w, int choice, int index, String name, ObjectNode holder, String field,
                                JsonNode v, List<TextLeaf.Step> path, int depth) {
        if (depth > MAX_DEPTH) {
            w.unwalkable = true;
            return;
        }
        if (v.isTextual()) {
            w.leaves.add(w.atomicText ? TextLeaf.atomic(Channel.other(choice, index, name), path, holder, field)
                    : TextLeaf.inObject(Channel.other(choice, index, name), path, holder, field));
        } else if (v.isNumber()) {
            if (w.numbers) {
                // streamed as text is where text streams: a digit per chunk joins as a client's += would join it
                w.leaves.add(w.atomicText ? TextLeaf.atomic(Channel.other(choice, index, name), path, holder, field)
                        : TextLeaf.inObject(Channel.other(choice, index, name), path, holder, field));
            }
        } else if (v instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                w.leaves.add(TextLeaf.verify(Channel.other(choice, index, name + ".#key"), k));
                if (e.getValue().isNull()) {
                    continue;
                }
                generic(w, choice, index, name + "." + key(k), o, k, e.getValue(),
                        append(path, TextLeaf.Step.field(k)), depth + 1);
            }
        } else if (v instanceof ArrayNode arr) {
            for (int p = 0; p < arr.size(); p++) {
                JsonNode el = arr.get(p);
                if (el.isTextual()) {
                    List<TextLeaf.Step> ep = append(path.subList(0, path.size() - 1), TextLeaf.Step.element(field, null));
                    w.leaves.add(w.atomicText ? TextLeaf.atomicInArray(Channel.other(choice, index, name + "[]"), ep, arr, p)
                            : TextLeaf.inArray(Channel.other(choice, index, name + "[]"), ep, arr, p));
                } else if (el.isNumber()) {
                    if (w.numbers) {
                        w.leaves.add(TextLeaf.atomicInArray(Channel.other(choice, index, name + "[]"),
                                append(path.subList(0, path.size() - 1), TextLeaf.Step.element(field, null)), arr, p));
                    }
                } else if (el instanceof ObjectNode o) {
                    ObjectNode id = identity(o);
                    String sub = name + "[" + label(id) + "]";
                    List<TextLeaf.Step> ep = append(path.subList(0, path.size() - 1), TextLeaf.Step.element(field, id));
                    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        String k = e.getKey();
                        w.leaves.add(TextLeaf.verify(Channel.other(choice, index, sub + ".#key"), k));
                        if (e.getValue().isNull()) {
                            continue;
                        }
                        generic(w, choice, index, sub + "." + key(k), o, k, e.getValue(),
                                append(ep, TextLeaf.Step.field(k)), depth + 2);
                    }
                } else if (el.isArray()) {
                    w.unwalkable = true; // arrays of arrays: no field to name the text by
                }
            }
        }
    }

    /** The fields that identify an array element across chunks: its type and index, when present. */
    static ObjectNode identity(ObjectNode o) {
        ObjectNode id = null;
        JsonNode type = o.get("type");
        if (type != null && type.isTextual() && Declared.word(type.textValue())) {
            id = Json.object();
            id.set("type", type);
        }
        JsonNode index = o.get("index");
        if (index != null && index.isIntegralNumber()) {
            if (id == null) {
                id = Json.object();
            }
            id.set("index", index);
        }
        return id;
    }

    private static String label(ObjectNode identity) {
        if (identity == null) {
            return "";
        }
        String type = Json.text(identity, "type");
        JsonNode index = identity.get("index");
        return (type == null ? "" : key(type)) + (index == null ? "" : "#" + key(index.asText()));
    }

    /**
     * A field name or type as it may appear in a channel name (and so in evidence): a short lower-case
     * identifier, else {@code *}.
     */
    static String key(String k) {
        if (k.isEmpty() || k.length() > MAX_KEY) {
            return "*";
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
                return "*"; // schema names are lower-case identifiers; anything else might be text
            }
        }
        return k;
    }

    private static int depth(JsonNode v, int d) {
        if (d > MAX_DEPTH) {
            return d;
        }
        int max = d;
        for (JsonNode c : v) {
            if (c.isContainerNode()) {
                max = Math.max(max, depth(c, d + 1));
            }
        }
        return max;
    }

    static List<TextLeaf.Step> append(List<TextLeaf.Step> path, TextLeaf.Step step) {
        List<TextLeaf.Step> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(step);
        return out;
    }
}
