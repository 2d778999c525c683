package io.lethe.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;
import io.lethe.proxy.openai.Json;

import java.util.LinkedHashMap;
import java.util.Map;

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
     * Feeds every text field of every choice to the session and finishes its channels. Stages that answer
     * at once have answered; asynchronous ones run for all channels together. The caller waits for
     * {@link GuardSession#pending()}, hands each {@link GuardSession#poll()} to {@link Whole#collect} while
     * the session is {@link GuardSession#holding()}, then calls {@link Whole#apply}: true when the body changed
     * (the caller then re-serializes it; otherwise it forwards the upstream's bytes).
     */
    public static Whole start(GuardSession session, ObjectNode body, boolean legacy) {
        session.wholeAnswer();
        Whole w = new Whole(session, body, legacy);
        if (body.get("choices") instanceof ArrayNode choices) {
            for (int p = 0; p < choices.size(); p++) {
                if (!(choices.get(p) instanceof ObjectNode choice)) {
                    continue;
                }
                int index = choice.path("index").canConvertToInt() ? choice.get("index").asInt() : p;
                if (legacy) {
                    w.field(choice, "text", Channel.text(index));
                } else {
                    w.message(choice, index);
                }
            }
        }
        return w;
    }

    /** One answer's text fields on their way through the session. */
    public static final class Whole {
        private final GuardSession session;
        private final ObjectNode body;
        private final boolean legacy;
        private final Map<Channel, Field> fields = new LinkedHashMap<>();
        private final Map<Integer, ObjectNode> choices = new LinkedHashMap<>();

        private record Field(ObjectNode holder, String name, String original, StringBuilder released) {
        }

        private Whole(GuardSession session, ObjectNode body, boolean legacy) {
            this.session = session;
            this.body = body;
            this.legacy = legacy;
        }

        private void message(ObjectNode choice, int index) {
            choices.put(index, choice);
            if (!(choice.get("message") instanceof ObjectNode message)) {
                return;
            }
            field(message, "content", Channel.content(index));
            // One reasoning channel: scanned once even when a server sends both field names.
            for (String f : REASONING_FIELDS) {
                String v = Json.text(message, f);
                if (v != null && !v.isEmpty()) {
                    field(message, f, Channel.reasoning(index));
                    break;
                }
            }
            if (message.get("tool_calls") instanceof ArrayNode calls) {
                for (int q = 0; q < calls.size(); q++) {
                    if (calls.get(q) instanceof ObjectNode call && call.get("function") instanceof ObjectNode fn) {
                        int k = call.path("index").canConvertToInt() ? call.get("index").asInt() : q;
                        field(fn, "arguments", Channel.toolArguments(index, k));
                    }
                }
            }
            field(message, "refusal", Channel.refusal(index));
            if (message.get("function_call") instanceof ObjectNode fc) {
                field(fc, "arguments", Channel.functionCall(index));
            }
        }

        private void field(ObjectNode holder, String name, Channel channel) {
            if (channel.kind() == io.lethe.guard.ChannelKind.TEXT) {
                choices.put(channel.choice(), holder);
            }
            String text = Json.text(holder, name);
            if (text == null || text.isEmpty() || fields.containsKey(channel)) {
                return;
            }
            StringBuilder released = new StringBuilder();
            released.append(session.append(channel, text).text());
            released.append(session.finish(channel).text());
            fields.put(channel, new Field(holder, name, text, released));
        }

        /** Adds what a poll of the session released. */
        public void collect(Map<Channel, Release> releases) {
            for (Map.Entry<Channel, Release> e : releases.entrySet()) {
                Field f = fields.get(e.getKey());
                if (f != null) {
                    f.released.append(e.getValue().text());
                }
            }
        }

        /** Writes the released texts (or refusals) back; true when the body changed. */
        public boolean apply() {
            boolean changed = false;
            java.util.Set<Integer> modified = new java.util.HashSet<>();
            for (Map.Entry<Channel, Field> e : fields.entrySet()) {
                Field f = e.getValue();
                int index = e.getKey().choice();
                if (session.isBlocked(index)) {
                    continue; // rewritten whole below
                }
                String out = f.released.toString();
                if (!out.equals(f.original)) {
                    f.holder.put(f.name, out);
                    modified.add(index);
                }
                if (e.getKey().kind() == io.lethe.guard.ChannelKind.REASONING) {
                    // servers that send both names get the released text in both
                    for (String other : REASONING_FIELDS) {
                        String v = Json.text(f.holder, other);
                        if (!other.equals(f.name) && v != null && !v.isEmpty()) {
                            if (!v.equals(out)) {
                                modified.add(index);
                            }
                            f.holder.put(other, out);
                        }
                    }
                }
            }
            for (Map.Entry<Integer, ObjectNode> c : choices.entrySet()) {
                if (session.isBlocked(c.getKey())) {
                    block(session, c.getValue(), c.getKey(), legacy);
                    modified.add(c.getKey());
                }
            }
            for (int index : modified) {
                ObjectNode choice = choices.get(index);
                if (choice != null) {
                    choice.remove("logprobs");
                    choice.remove("token_ids");
                }
                changed = true;
            }
            if (!session.findings().isEmpty()) {
                body.set("guard", guardObject(session));
                changed = true;
            }
            return changed;
        }
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
