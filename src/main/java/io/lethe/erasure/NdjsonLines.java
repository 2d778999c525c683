package io.lethe.erasure;

import io.vertx.core.buffer.Buffer;

/**
 * Splits an NDJSON body into lines as its chunks arrive, holding at most {@code maxLineBytes} of one line. A
 * longer line is not kept: its bytes are counted to its end and it is reported by its length alone, so one
 * over-long line costs no more memory than the limit and does not stop the lines after it (red team h68 F5).
 * Lines end at {@code \n}; the last line needs none. Not thread-safe: one body, one reader.
 */
final class NdjsonLines {

    /** Where the lines go, in order. */
    interface Sink {
        /** A line of at most the limit, without its {@code \n}. */
        void line(byte[] bytes);

        /** A line over the limit, not kept: its length in bytes, without its {@code \n}. */
        void overLong(long bytes);
    }

    private final int maxLineBytes;
    private final Sink sink;
    private Buffer current = Buffer.buffer();
    /** Bytes of the current line so far, kept or not. */
    private long length;
    private boolean over;

    /** @param maxLineBytes the longest line kept, in bytes ({@code lethe.admin.max-bulk-line-size}) */
    NdjsonLines(int maxLineBytes, Sink sink) {
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** Reads the next chunk of the body, handing every line it completes to the sink. */
    void feed(Buffer chunk) {
        int start = 0;
        int n = chunk.length();
        for (int i = 0; i < n; i++) {
            if (chunk.getByte(i) == '\n') {
                take(chunk, start, i);
                emit();
                start = i + 1;
            }
        }
        take(chunk, start, n);
    }

    /** The body ended: hands over its last line, if it has one without a line end. */
    void end() {
        if (length > 0) {
            emit();
        }
    }

    private void take(Buffer chunk, int from, int to) {
        length += to - from;
        if (over) {
            return;
        }
        if (length > maxLineBytes) {
            over = true;
            current = Buffer.buffer();  // what was held goes: the line is reported by its length
            return;
        }
        current.appendBuffer(chunk, from, to - from);
    }

    private void emit() {
        if (over) {
            sink.overLong(length);
        } else {
            sink.line(current.getBytes());
        }
        current = Buffer.buffer();
        length = 0;
        over = false;
    }
}
