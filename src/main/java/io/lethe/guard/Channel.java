package io.lethe.guard;

/**
 * One text stream of a response: a choice's content, reasoning, one tool call's arguments, legacy text, an
 * error message, or any other field that carries model text.
 *
 * <p>Channels are identities: the same channel across the chunks of a stream gets its text appended, so the
 * wire translators derive them deterministically from where a text sits (never from array positions that
 * restart with every chunk).
 *
 * @param choice the choice index ({@code n > 1} gives several); 0 where the wire has no choices
 * @param kind   which text of the choice
 * @param index  the tool call's index for {@link ChannelKind#TOOL_ARGUMENTS}; for other kinds an optional
 *               position (a Responses API output item), or {@code -1}
 * @param field  for {@link ChannelKind#OTHER}, the field's canonical path from the message or delta (field
 *               names and part types only, never values, e.g. {@code reasoning_details[reasoning.text].text});
 *               for other kinds an optional sub-part name, or {@code null}
 */
public record Channel(int choice, ChannelKind kind, int index, String field) {

    public Channel {
        if (choice < 0) {
            throw new IllegalArgumentException("choice must be >= 0");
        }
        if (kind == ChannelKind.TOOL_ARGUMENTS && index < 0) {
            throw new IllegalArgumentException("index must be set for tool arguments");
        }
        if (index < -1) {
            throw new IllegalArgumentException("index must be >= -1");
        }
        if (kind == ChannelKind.OTHER && (field == null || field.isEmpty())) {
            throw new IllegalArgumentException("field must be set for other channels");
        }
    }

    // Written out: a record's generated equals and hashCode go through method handles, and sessions look
    // channels up in maps on every chunk (a JFR profile under 200 streams showed them at 5 % of samples).
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Channel c && choice == c.choice && kind == c.kind && index == c.index
                && java.util.Objects.equals(field, c.field));
    }

    @Override
    public int hashCode() {
        return ((choice * 31 + kind.ordinal()) * 31 + index) * 31 + (field == null ? 0 : field.hashCode());
    }

    /** The pseudo-choice of a request's prompt texts, which stages may read but never report on. */
    public static final int PROMPT = Integer.MAX_VALUE - 1;

    /** The n-th text of a request's prompt. */
    public static Channel prompt(int n) {
        return new Channel(PROMPT, ChannelKind.OTHER, -1, "prompt#" + n);
    }

    /** Whether this is a text of the request's prompt ({@link #prompt}), not of the answer. */
    public boolean isPrompt() {
        return choice == PROMPT;
    }

    public static Channel content(int choice) {
        return new Channel(choice, ChannelKind.CONTENT, -1, null);
    }

    public static Channel reasoning(int choice) {
        return new Channel(choice, ChannelKind.REASONING, -1, null);
    }

    public static Channel text(int choice) {
        return new Channel(choice, ChannelKind.TEXT, -1, null);
    }

    public static Channel refusal(int choice) {
        return new Channel(choice, ChannelKind.REFUSAL, -1, null);
    }

    public static Channel functionCall(int choice) {
        return new Channel(choice, ChannelKind.FUNCTION_CALL, -1, null);
    }

    public static Channel toolArguments(int choice, int toolIndex) {
        return new Channel(choice, ChannelKind.TOOL_ARGUMENTS, toolIndex, null);
    }

    /** An error message the upstream sent instead of (or in the middle of) an answer. */
    public static Channel error(int choice) {
        return new Channel(choice, ChannelKind.ERROR, -1, null);
    }

    /** A field the translators do not know: model text until proven otherwise. */
    public static Channel other(int choice, int index, String field) {
        return new Channel(choice, ChannelKind.OTHER, index, field);
    }

    /**
     * A short label for findings, evidence and logs: {@code content}, {@code tool_arguments[1]},
     * {@code content[0].content[1]} (a Responses API output item's part),
     * {@code other:reasoning_details[reasoning.text].text}. Made of field names, part types and indices only.
     */
    public String label() {
        if (kind == ChannelKind.OTHER) {
            return index >= 0 ? "other[" + index + "]:" + field : "other:" + field;
        }
        StringBuilder sb = new StringBuilder(kind.wireName());
        if (index >= 0) {
            sb.append('[').append(index).append(']');
        }
        if (field != null) {
            sb.append('.').append(field);
        }
        return sb.toString();
    }
}
