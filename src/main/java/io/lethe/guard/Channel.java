package io.lethe.guard;

/**
 * One text stream of a response: a choice's content, reasoning, one tool call's arguments, or legacy text.
 *
 * @param choice    the choice index ({@code n > 1} gives several)
 * @param kind      which text of the choice
 * @param toolIndex the tool call's index for {@link ChannelKind#TOOL_ARGUMENTS}, otherwise {@code -1}
 */
public record Channel(int choice, ChannelKind kind, int toolIndex) {

    public Channel {
        if (choice < 0) {
            throw new IllegalArgumentException("choice must be >= 0");
        }
        if ((kind == ChannelKind.TOOL_ARGUMENTS) != (toolIndex >= 0)) {
            throw new IllegalArgumentException("toolIndex must be set for tool arguments and only for them");
        }
    }

    public static Channel content(int choice) {
        return new Channel(choice, ChannelKind.CONTENT, -1);
    }

    public static Channel reasoning(int choice) {
        return new Channel(choice, ChannelKind.REASONING, -1);
    }

    public static Channel text(int choice) {
        return new Channel(choice, ChannelKind.TEXT, -1);
    }

    public static Channel refusal(int choice) {
        return new Channel(choice, ChannelKind.REFUSAL, -1);
    }

    public static Channel functionCall(int choice) {
        return new Channel(choice, ChannelKind.FUNCTION_CALL, -1);
    }

    public static Channel toolArguments(int choice, int toolIndex) {
        return new Channel(choice, ChannelKind.TOOL_ARGUMENTS, toolIndex);
    }

    /** A short label for findings and logs, e.g. {@code content}, {@code tool_arguments[1]}. */
    public String label() {
        return kind == ChannelKind.TOOL_ARGUMENTS ? kind.wireName() + "[" + toolIndex + "]" : kind.wireName();
    }
}
