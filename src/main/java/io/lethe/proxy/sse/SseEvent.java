package io.lethe.proxy.sse;

/**
 * One decoded event, or one comment line.
 *
 * @param name    the {@code event:} field, or {@code null} (the default "message")
 * @param data    the {@code data:} lines joined with {@code \n}; {@code null} for a comment
 * @param id      the {@code id:} field, or {@code null}
 * @param comment the comment's text (after the colon) for a comment line, else {@code null}
 */
public record SseEvent(String name, String data, String id, String comment) {

    public static SseEvent comment(String text) {
        return new SseEvent(null, null, null, text);
    }

    public boolean isComment() {
        return comment != null;
    }

    /** True for OpenAI's end marker {@code [DONE]}. */
    public boolean isDone() {
        return data != null && data.strip().equals("[DONE]");
    }
}
