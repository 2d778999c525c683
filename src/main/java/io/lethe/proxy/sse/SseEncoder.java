package io.lethe.proxy.sse;

import io.vertx.core.buffer.Buffer;

/** Writes OpenAI's SSE framing: {@code data: <payload>\n\n}. */
public final class SseEncoder {

    public static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    public static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    private SseEncoder() {
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
