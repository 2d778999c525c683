package io.lethe.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.Json;

/**
 * Scans a whole (non-streamed) answer: every choice's content, reasoning, tool-call arguments or legacy
 * text. Redactions are applied in place; a blocked choice gets the refusal as its content, loses its
 * reasoning and tool calls, and finishes with {@code content_filter}. With findings, a top-level
 * {@code guard} object names them (never the matched text).
 */
public final class BodyGuard {

    private static final String[] REASONING_FIELDS = {"reasoning_content", "reasoning"};

    private BodyGuard() {
    }

    /**
     * Scans and rewrites {@code body} in place.
     *
     * @return true when the body changed (the caller then re-serializes it; otherwise it forwards the
     *         upstream's bytes)
     */
    public static boolean apply(GuardSession session, ObjectNode body, boolean legacy) {
        boolean changed = false;
        if (body.get("choices") instanceof ArrayNode choices) {
            for (int p = 0; p < choices.size(); p++) {
                if (!(choices.get(p) instanceof ObjectNode choice)) {
                    continue;
                }
                int index = choice.path("index").canConvertToInt() ? choice.get("index").asInt() : p;
                boolean modified;
                if (legacy) {
                    modified = scan(session, choice, "text", Channel.text(index));
                } else {
                    modified = scanMessage(session, choice, index);
                }
                if (session.isBlocked(index)) {
                    block(session, choice, index, legacy);
                    modified = true;
                }
                if (modified) {
                    choice.remove("logprobs");
                    choice.remove("token_ids");
                    changed = true;
                }
            }
        }
        if (!session.findings().isEmpty()) {
            body.set("guard", guardObject(session));
            changed = true;
        }
        return changed;
    }

    private static boolean scanMessage(GuardSession session, ObjectNode choice, int index) {
        if (!(choice.get("message") instanceof ObjectNode message)) {
            return false;
        }
        boolean modified = scan(session, message, "content", Channel.content(index));
        // One reasoning channel: scanned once even when a server sends both field names.
        String first = null;
        for (String f : REASONING_FIELDS) {
            String v = Json.text(message, f);
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = f;
                modified |= scan(session, message, f, Channel.reasoning(index));
            } else {
                modified |= !v.equals(Json.text(message, first));
                message.put(f, Json.text(message, first));
            }
        }
        if (message.get("tool_calls") instanceof ArrayNode calls) {
            for (int q = 0; q < calls.size(); q++) {
                if (calls.get(q) instanceof ObjectNode call && call.get("function") instanceof ObjectNode fn) {
                    int k = call.path("index").canConvertToInt() ? call.get("index").asInt() : q;
                    modified |= scan(session, fn, "arguments", Channel.toolArguments(index, k));
                }
            }
        }
        modified |= scan(session, message, "refusal", Channel.refusal(index));
        if (message.get("function_call") instanceof ObjectNode fc) {
            modified |= scan(session, fc, "arguments", Channel.functionCall(index));
        }
        return modified;
    }

    private static boolean scan(GuardSession session, ObjectNode holder, String field, Channel channel) {
        String text = Json.text(holder, field);
        if (text == null || text.isEmpty()) {
            return false;
        }
        String out = session.scanWhole(channel, text);
        if (session.isBlocked(channel.choice()) || out.equals(text)) {
            return false; // a blocked choice is rewritten whole by block()
        }
        holder.put(field, out);
        return true;
    }

    private static void block(GuardSession session, ObjectNode choice, int index, boolean legacy) {
        String refusal = session.refusal(index);
        if (legacy) {
            choice.put("text", refusal);
        } else {
            ObjectNode message = choice.get("message") instanceof ObjectNode m ? m : choice.putObject("message");
            message.put("content", refusal);
            for (String f : REASONING_FIELDS) {
                message.remove(f);
            }
            message.remove("tool_calls");
            message.remove("function_call");
            message.remove("refusal");
        }
        choice.put("finish_reason", "content_filter");
    }

    /** {@code {"action", "findings": [{"erasure_id", "detector", "rule", "channel", "choice"}]}}. */
    public static ObjectNode guardObject(GuardSession session) {
        ObjectNode guard = Json.object();
        guard.put("action", session.action().wireName());
        ArrayNode findings = guard.putArray("findings");
        for (DecidedFinding df : session.findings()) {
            ObjectNode f = findings.addObject();
            f.put("erasure_id", df.finding().erasureId());
            f.put("detector", df.finding().detector());
            f.put("rule", df.decision().rule());
            f.put("channel", df.finding().channel().label());
            f.put("choice", df.finding().channel().choice());
        }
        return guard;
    }
}
