package io.lethe.guard;

/** The kinds of text a response carries; every one is scanned. */
public enum ChannelKind {
    /** {@code message.content} / {@code delta.content}. */
    CONTENT("content"),
    /** {@code reasoning_content} or {@code reasoning}. */
    REASONING("reasoning"),
    /** {@code tool_calls[i].function.arguments}. */
    TOOL_ARGUMENTS("tool_arguments"),
    /** Legacy completions {@code choices[i].text}. */
    TEXT("text"),
    /** A model's own refusal message ({@code message.refusal} / {@code delta.refusal}). */
    REFUSAL("refusal"),
    /** Legacy single function call: {@code function_call.arguments}. */
    FUNCTION_CALL("function_call");

    private final String wireName;

    ChannelKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
