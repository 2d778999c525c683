package io.lethe.proxy.sse;

import io.vertx.core.buffer.Buffer;

/** Writes OpenAI's SSE framing: {@code data: <payload>\n\n}, with an {@code event:} line where the event has a name. */
public final class SseEncoder {

    public static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    public static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    private SseEncoder() {
    }

    /**
     * One event with a name ({@code event: <name>} then the data), as the Responses API frames its events.
     * A null name writes a plain data event.
     */
    public static Buffer event(String name, String payload) {
        if (name == null) {
            return data(payload);
        }
        Buffer b = Buffer.buffer(name.length() + payload.length() + 16);
        b.appendString("event: ").appendString(name).appendString("\n");
        return b.appendBuffer(data(payload));
    }

    /** One event; a payload with line breaks becomes several {@code data:} lines (it stays the same data). */
    public static Buffer data(String payload) {
        Buffer b = Buffer.buffer(payload.length() + 8);
        int start = 0;
        int n = payload.length();
        for (int i = 0; i < n; i++) {
            char c = payload.charAt(i);
            if (c == '\n' || c == '\r') {
                b.appendString("data: ").appendString(payload.substring(start, i)).appendString("\n");
                if (c == '\r' && i + 1 < n && payload.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        b.appendString("data: ").appendString(payload.substring(start)).appendString("\n\n");
        return b;
    }
}
