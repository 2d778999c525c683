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
    /** The event's data lines after the first, joined with it ({@link #firstData}) once a second one came. */
    private final StringBuilder data = new StringBuilder();
    /** The event's first data line: most events have one, sent on without copying. */
    private String firstData;
    /** A second data line came: the event's data is {@link #data}. */
    private boolean multiLine;
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

    /**
     * The stream ended. An event left without its blank line is discarded, as the SSE spec says (WHATWG HTML,
     * "Interpreting an event stream": an incomplete event at the end is not dispatched), so a chunk cut off
     * mid-stream is never taken for a whole one; but for a last {@code data: [DONE]} line, which llama.cpp sends
     * without one.
     */
    public void end(List<SseEvent> out) throws SseProtocolException {
        if (lineLen > 0) {
            endLine(out);
        }
        if (hasData && !multiLine && "[DONE]".equals(firstData)) {
            dispatch(out);
        }
    }

    /** Lines that were neither a known field nor a comment (ignored, per the spec); a hint of garbage. */
    public long ignoredLines() {
        return ignoredLines;
    }

    private void endLine(List<SseEvent> out) throws SseProtocolException {
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
        int n = lineLen;
        lineLen = 0;
        if (comment) {
            out.add(SseEvent.comment(new String(line, 1, n - 1, StandardCharsets.UTF_8).strip()));
            shrink();
            return;
        }
        // the field name is compared as bytes and the value decoded once (one copy per line, not four)
        int colon = 0;
        while (colon < n && line[colon] != ':') {
            colon++;
        }
        int from = colon < n ? colon + 1 : n;
        if (from < n && line[from] == ' ') {
            from++;
        }
        boolean error = field(colon, ERROR);
        if (error || field(colon, DATA)) {
            if (error) {
                // llama.cpp's server writes mid-stream errors as an "error:" field line: an error event, not
                // a line to ignore (the stream would otherwise look complete)
                eventName = "error";
            }
            String value = utf8(line, from, n - from);
            if (firstData == null) {
                firstData = value;
            } else {
                if (!multiLine) {
                    data.append(firstData);
                    multiLine = true;
                }
                data.append('\n').append(value);
            }
            hasData = true;
        } else if (field(colon, EVENT)) {
            eventName = new String(line, from, n - from, StandardCharsets.UTF_8);
        } else if (field(colon, ID)) {
            String value = new String(line, from, n - from, StandardCharsets.UTF_8);
            if (value.indexOf('\0') < 0) {
                lastId = value;
            }
        } else if (!field(colon, RETRY)) {
            // retry (a reconnection delay) is meaningless for a proxied response; anything else is ignored
            ignoredLines++;
        }
        shrink();
    }

    /**
     * A data line's value as UTF-8. Bytes that are not UTF-8 fail the stream, as an undecodable whole body does:
     * decoded with U+FFFD they would go out as text the guard read differently from the bytes (default-deny;
     * helper-68). A U+FFFD the upstream itself encoded ({@code EF BF BD}) is text like any other.
     */
    private static String utf8(byte[] b, int from, int n) throws SseProtocolException {
        String s = new String(b, from, n, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        int decoded = 0;
        for (int i = 0; i < s.length(); i++) {
            decoded += s.charAt(i) == '\uFFFD' ? 1 : 0;
        }
        int encoded = 0;
        for (int i = from; i + 2 < from + n; i++) {
            if ((b[i] & 0xff) == 0xEF && (b[i + 1] & 0xff) == 0xBF && (b[i + 2] & 0xff) == 0xBD) {
                encoded++;
                i += 2;
            }
        }
        if (decoded != encoded) {
            throw new SseProtocolException("an event's data is not UTF-8");
        }
        return s;
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

    /** Whether the line's field name, {@code line[0, length)}, is {@code name}. */
    private boolean field(int length, byte[] name) {
        return length == name.length && Arrays.equals(line, 0, length, name, 0, length);
    }

    /** Don't keep one huge event's buffer for the rest of the stream. */
    private void shrink() {
        if (line.length > 64 * 1024) {
            line = new byte[256];
        }
    }

    private void dispatch(List<SseEvent> out) {
        if (hasData) {
            out.add(new SseEvent(eventName, multiLine ? data.toString() : firstData, lastId, null));
        }
        data.setLength(0);
        firstData = null;
        multiLine = false;
        hasData = false;
        eventName = null;
        eventBytes = 0;
    }
}
