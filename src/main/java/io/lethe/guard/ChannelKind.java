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
    TEXT("text");

    private final String wireName;

    ChannelKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
