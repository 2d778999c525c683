package io.lethe.proxy.sse;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental SSE decoder following the WHATWG parsing rules, plus one leniency real servers need: at the
 * end of the stream a pending event is dispatched even without its blank line (llama.cpp ends with
 * {@code data: [DONE]\n}). Lines are split on bytes, so UTF-8 sequences split between chunks decode intact.
 * Not thread-safe.
 */
public final class SseDecoder {

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLen;
    private boolean afterCr;
    private boolean bomChecked;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventName;
    private String lastId;
    private int eventBytes;
    private long ignoredLines;

    /** @param maxEventBytes largest event (all its lines together); beyond it the stream is rejected */
    public SseDecoder(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds bytes; complete events and comments are added to {@code out}, in order. */
    public void feed(Buffer buffer, List<SseEvent> out) throws SseProtocolException {
        feed(buffer.getBytes(), out);
    }

    public void feed(byte[] bytes, List<SseEvent> out) throws SseProtocolException {
        int i = 0;
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // second half of CRLF
                    continue;
                }
                endLine(out);
            } else if (b == '\r') {
                afterCr = true;
                endLine(out);
            } else {
                afterCr = false;
                if (lineLen == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLen++] = b;
                if (eventBytes + lineLen > maxEventBytes) {
                    throw new SseProtocolException("upstream SSE event exceeds " + maxEventBytes + " bytes");
                }
            }
        }
    }

    /** The stream ended: dispatches a last line and event left without their terminators. */
    public void end(List<SseEvent> out) throws SseProtocolException {
        if (lineLen > 0) {
            endLine(out);
        }
        dispatch(out);
    }

    /** Lines that were neither a known field nor a comment (ignored, per the spec); a hint of garbage. */
    public long ignoredLines() {
        return ignoredLines;
    }

    private void endLine(List<SseEvent> out) {
        if (!bomChecked) {
            // A UTF-8 byte-order mark may start the stream; it is not part of the first field name. Checked on
            // the whole first line, so it is found however the bytes were split.
            bomChecked = true;
            if (lineLen >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                System.arraycopy(line, 3, line, 0, lineLen - 3);
                lineLen -= 3;
            }
        }
        if (lineLen == 0) {
            dispatch(out);
            return;
        }
        boolean comment = line[0] == ':';
        if (!comment) {
            eventBytes += lineLen;
        }
        String text = new String(line, 0, lineLen, StandardCharsets.UTF_8);
        lineLen = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // don't keep one huge event's buffer for the rest of the stream
        }
        if (comment) {
            out.add(SseEvent.comment(text.substring(1).strip()));
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            case "error" -> {
                // llama.cpp's server writes mid-stream errors as an "error:" field line: an error event, not
                // a line to ignore (the stream would otherwise look complete)
                eventName = "error";
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "retry" -> {
                // reconnection delay: meaningless for a proxied response
            }
            default -> ignoredLines++;
        }
    }

    private void dispatch(List<SseEvent> out) {
        if (hasData) {
            out.add(new SseEvent(eventName, data.toString(), lastId, null));
        }
        data.setLength(0);
        hasData = false;
        eventName = null;
        eventBytes = 0;
    }
}
