package io.lethe.guard;

/** The kinds of text a response carries; every one is scanned. */
public enum ChannelKind {
    /** {@code message.content} / {@code delta.content}, a string or the text parts of an array. */
    CONTENT("content", false),
    /** {@code reasoning_content}, {@code reasoning}, or thinking parts of {@code content}. */
    REASONING("reasoning", false),
    /** {@code tool_calls[i].function.arguments}, a JSON text (an object sent as such is written out as one). */
    TOOL_ARGUMENTS("tool_arguments", true),
    /** Legacy completions {@code choices[i].text}. */
    TEXT("text", false),
    /** A model's own refusal message ({@code message.refusal} / {@code delta.refusal}). */
    REFUSAL("refusal", false),
    /** Legacy single function call: {@code function_call.arguments}, a JSON text. */
    FUNCTION_CALL("function_call", true),
    /** An upstream's error message: clients read it, so it is scanned like an answer. */
    ERROR("error", false),
    /** Any other string the model may have written (default-deny: unknown fields are model text). */
    OTHER("other", false);

    private final String wireName;
    private final boolean json;

    ChannelKind(String wireName, boolean json) {
        this.wireName = wireName;
        this.json = json;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Whether the channel carries JSON text (tool arguments): a redaction there must leave the JSON valid,
     * so it is escaped inside strings and written as a string where it replaces a number or literal.
     */
    public boolean json() {
        return json;
    }
}
