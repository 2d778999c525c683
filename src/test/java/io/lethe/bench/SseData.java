package io.lethe.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * The {@code data:} payloads of a server-sent-event stream, as the load clients read it: bytes arrive in any
 * pieces, and each complete event's data lines are handed on ({@code [DONE]} included). Events are cut at blank
 * lines in bytes, so a UTF-8 sequence split across reads stays whole. One per stream; not thread-safe.
 */
final class SseData {

    private Buffer pending = Buffer.buffer();

    /** Appends what was read, and hands {@code onData} the payload of every data line of the events now complete. */
    void feed(Buffer buf, Consumer<String> onData) {
        pending.appendBuffer(buf);
        int cut = -1;
        for (int i = pending.length() - 2; i >= 0; i--) {
            if (pending.getByte(i) == '\n' && pending.getByte(i + 1) == '\n') {
                cut = i;
                break;
            }
        }
        if (cut < 0) {
            return;
        }
        String complete = pending.getString(0, cut, "UTF-8");
        pending = pending.getBuffer(cut + 2, pending.length());
        for (String event : complete.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (!line.startsWith("data:")) {
                    continue; // comments (keep-alives), event names
                }
                String data = line.substring(5).trim();
                if (!data.isEmpty()) {
                    onData.accept(data);
                }
            }
        }
    }

    /**
     * {@link #feed}, reading each chat chunk's first choice: {@code onContent} gets its non-empty
     * {@code delta.content}, {@code onDone} runs at {@code [DONE]}.
     */
    void feedContent(Buffer buf, Runnable onDone, Consumer<String> onContent) {
        feed(buf, data -> {
            if (data.equals("[DONE]")) {
                onDone.run();
                return;
            }
            JsonArray choices = new JsonObject(data).getJsonArray("choices");
            if (choices == null || choices.isEmpty()) {
                return;
            }
            JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
            String content = delta == null ? null : delta.getString("content");
            if (content != null && !content.isEmpty()) {
                onContent.accept(content);
            }
        });
    }
}
