package io.lethe.erasure;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Red team h68 F5: an over-long NDJSON line is reported by its length, never held, and the lines after it go on. */
class NdjsonLinesTest {

    final List<String> out = new ArrayList<>();
    final NdjsonLines lines = new NdjsonLines(10, new NdjsonLines.Sink() {
        @Override
        public void line(byte[] bytes) {
            out.add(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void overLong(long bytes) {
            out.add("<" + bytes + " bytes>");
        }
    });

    void feed(String... chunks) {
        for (String c : chunks) {
            lines.feed(Buffer.buffer(c));
        }
        lines.end();
    }

    @Test
    void linesSplitAcrossChunksComeWholeAndBlankLinesCount() {
        feed("ab", "c\n\nde", "f\n", "last");
        assertThat(out).containsExactly("abc", "", "def", "last");
    }

    @Test
    void aLineOverTheLimitIsItsLengthAndTheNextLineIsRead() {
        feed("{\"a\":1}\n", "0123456789", "0123456789", "01234\n{\"b\":2}\n");
        assertThat(out).containsExactly("{\"a\":1}", "<25 bytes>", "{\"b\":2}");
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptAndAnOverLongLastLineIsReported() {
        feed("0123456789\n", "01234567890");
        assertThat(out).containsExactly("0123456789", "<11 bytes>");
    }
}
