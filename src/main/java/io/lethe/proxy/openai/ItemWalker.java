package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ChannelKind;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every text of a Responses API response object and its output items, default-deny like
 * {@link ChoiceWalker}. The whole response is one choice (0); each output item's channels carry its output
 * index: a message's {@code output_text} parts are {@code content} (sub-part {@code content[j]}), its
 * {@code refusal} parts {@code refusal}, a reasoning item's summary and content texts {@code reasoning}
 * ({@code summary[k]}, {@code content[k]}), function and MCP call {@code arguments} {@code tool_arguments};
 * any other string (a custom tool's input, interpreter code, search queries, annotations, vLLM's
 * {@code output_messages}, a top-level {@code output_text}) is an {@link ChannelKind#OTHER} channel named by
 * its path. The delta events of a stream map to the same channels. Opaque payloads that are not text and
 * cannot be scanned (encrypted reasoning, generated images as base64) pass as they are, when they have that
 * shape ({@link Declared#exempt}).
 * Fields of the response object that echo the request (instructions, tools, settings) are not model output.
 */
final class ItemWalker {

    /**
     * Response-object fields that echo the request or describe the response: not model output when they have
     * the protocol's shape or repeat the request ({@link Declared#echoes}); scanned otherwise.
     */
    static final Set<String> RESPONSE_FIELDS = Set.of("id", "object", "created_at", "status", "background",
            "incomplete_details", "instructions", "max_output_tokens", "max_tool_calls", "model",
            "parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_retention",
            "reasoning", "safety_identifier", "service_tier", "store", "temperature", "text", "tool_choice", "tools",
            "top_logprobs", "top_p", "truncation", "usage", "user", "metadata", "conversation", "input_messages",
            "output", "completed_at", "billing", "guard", "kv_transfer_params");
    private ItemWalker() {
    }

    /** The leaves of a whole response object: each output item, and any other field with model output. */
    static ChoiceWalker.Walk response(ObjectNode response, Declared d) {
        ChoiceWalker.Walk w = new ChoiceWalker.Walk();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("output") && v instanceof ArrayNode items) {
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof ObjectNode item) {
                        item(w, i, item, d);
                    } else if (!items.get(i).isNull()) {
                        w.unwalkable = true;
                    }
                }
            } else if (k.equals("output") && !v.isNull()) {
                w.unwalkable = true;
            } else if (!v.isNull() && RESPONSE_FIELDS.contains(k) && d.exempt(k, v)) {
                ChoiceWalker.verify(w, 0, "response." + ChoiceWalker.key(k), v);
            } else if (!v.isNull() && !(RESPONSE_FIELDS.contains(k) && d.echoes(k, v))) {
                // error, any field the gateway does not know (a top-level output_text, vLLM's output_messages),
                // and an echo of the request that is not what the request sent
                ChoiceWalker.generic(w, 0, -1, "response." + ChoiceWalker.key(k), response, k, v,
                        List.of(TextLeaf.Step.field(k)), 1);
            }
        }
        return w;
    }

    /** The leaves of one output item at {@code index}. */
    static void item(ChoiceWalker.Walk w, int index, ObjectNode item, Declared d) {
        String type = Json.text(item, "type");
        String prefix = type == null ? "item" : ChoiceWalker.key(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (ChoiceWalker.exempt(d, k, v)) {
                ChoiceWalker.verify(w, 0, prefix + "." + ChoiceWalker.key(k), v);
                continue;
            }
            List<TextLeaf.Step> path = List.of(TextLeaf.Step.field(k));
            if (("message".equals(type) || "reasoning".equals(type)) && (k.equals("content") || k.equals("summary"))
                    && v instanceof ArrayNode parts) {
                parts(w, index, item, k, parts, prefix, d);
            } else if (k.equals("arguments") && (TextLeaf.scalarText(v) || v.isContainerNode())
                    && ("function_call".equals(type) || (type != null && type.startsWith("mcp_")))) {
                w.leaves.add(TextLeaf.inObject(new Channel(0, ChannelKind.TOOL_ARGUMENTS, index, null), path, item, k));
            } else {
                ChoiceWalker.generic(w, 0, index, prefix + "." + ChoiceWalker.key(k), item, k, v, path, 1);
            }
        }
    }

    private static void parts(ChoiceWalker.Walk w, int index, ObjectNode item, String field, ArrayNode parts,
                              String prefix, Declared d) {
        for (int j = 0; j < parts.size(); j++) {
            if (!(parts.get(j) instanceof ObjectNode part)) {
                if (!parts.get(j).isNull()) {
                    w.unwalkable = true;
                }
                continue;
            }
            part(w, index, field, j, part, prefix, d);
        }
    }

    /** One content or summary part of item {@code index} at position {@code j}. */
    static void part(ChoiceWalker.Walk w, int index, String field, int j, ObjectNode part, String prefix,
                     Declared d) {
        String partType = Json.text(part, "type");
        Channel main = partChannel(index, field, j, partType);
        String textField = "refusal".equals(partType) ? "refusal" : "text";
        for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            // logprobs beside an output text go out only as Probes#whole lets them (they must spell the text)
            boolean ownLogprobs = k.equals("logprobs") && v.isArray() && main != null && part.path(textField).isTextual();
            if (v.isNull() || ownLogprobs) {
                continue;
            }
            if (ChoiceWalker.exempt(d, k, v)) {
                ChoiceWalker.verify(w, 0, prefix + "." + field + "[" + j + "]." + ChoiceWalker.key(k), v);
                continue;
            }
            List<TextLeaf.Step> path = List.of(TextLeaf.Step.field(k));
            if (main != null && k.equals(textField) && TextLeaf.scalarText(v)) {
                w.leaves.add(TextLeaf.inObject(main, path, part, k));
            } else {
                ChoiceWalker.generic(w, 0, index, prefix + "." + field + "[" + j + "]." + ChoiceWalker.key(k), part, k,
                        v, path, 2);
            }
        }
    }

    /**
     * The channel of a message content part ({@code output_text}, {@code refusal}) or a reasoning part
     * ({@code summary_text}, {@code reasoning_text}); null for other part types (walked generically).
     *
     * @param field {@code content} or {@code summary}
     */
    static Channel partChannel(int index, String field, int j, String partType) {
        String sub = field + "[" + j + "]";
        if (partType == null) {
            return null;
        }
        return switch (partType) {
            case "output_text", "text" -> new Channel(0, ChannelKind.CONTENT, index, sub);
            case "refusal" -> new Channel(0, ChannelKind.REFUSAL, index, sub);
            case "summary_text", "reasoning_text" -> new Channel(0, ChannelKind.REASONING, index, sub);
            default -> null;
        };
    }
}
