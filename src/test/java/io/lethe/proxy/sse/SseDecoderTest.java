package io.lethe.proxy.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseDecoderTest {

    private static List<SseEvent> decodeInPieces(byte[] bytes, int pieceSize) throws SseProtocolException {
        SseDecoder d = new SseDecoder(1 << 20);
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += pieceSize) {
            byte[] piece = new byte[Math.min(pieceSize, bytes.length - i)];
            System.arraycopy(bytes, i, piece, 0, piece.length);
            d.feed(piece, out);
        }
        d.end(out);
        return out;
    }

    private static List<SseEvent> decode(String text) throws SseProtocolException {
        return decodeInPieces(text.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    }

    @Test
    void dataWithAndWithoutSpaceGiveTheSameEvent() throws Exception {
        List<SseEvent> events = decode("data: {\"a\":1}\n\ndata:{\"a\":1}\n\n");
        assertEquals(2, events.size());
        assertEquals("{\"a\":1}", events.get(0).data());
        assertEquals("{\"a\":1}", events.get(1).data());
    }

    @Test
    void crlfAndLoneCrEndLinesEvenWhenSplitBetweenPieces() throws Exception {
        byte[] bytes = "data: one\r\n\r\ndata: two\r\rdata: three\n\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= bytes.length; size++) {
            List<SseEvent> events = decodeInPieces(bytes, size);
            assertEquals(List.of("one", "two", "three"), events.stream().map(SseEvent::data).toList(), "piece size " + size);
        }
    }

    @Test
    void dataThatIsNotUtf8FailsTheStreamWhereAnEncodedReplacementCharPasses() throws Exception {
        // helper-68: bytes that are not UTF-8 went out as U+FFFD streamed, a 502 whole
        byte[] bad = "data: {\"c\":\"Cor?win\"}\n\n".getBytes(StandardCharsets.UTF_8);
        bad[13] = (byte) 0xC3; // a lead byte without its continuation
        for (int size : new int[] {1, 5, Integer.MAX_VALUE}) {
            assertThrows(SseProtocolException.class, () -> decodeInPieces(bad, size), "piece size " + size);
        }
        byte[] split = "data: \u00e9\uFFFD\u4e2d\n\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= split.length; size++) {
            assertEquals("\u00e9\uFFFD\u4e2d", decodeInPieces(split, size).get(0).data(), "piece size " + size);
        }
    }

    @Test
    void multiLineDataJoinsWithNewline() throws Exception {
        List<SseEvent> events = decode("data: {\"a\":\ndata: 1}\n\n");
        assertEquals("{\"a\":\n1}", events.get(0).data());
    }

    @Test
    void commentsAreReportedAndDoNotDispatchEvents() throws Exception {
        List<SseEvent> events = decode(": keep-alive\n\ndata: x\n: ping\n\n");
        assertEquals(3, events.size());
        assertTrue(events.get(0).isComment());
        assertEquals("keep-alive", events.get(0).comment());
        assertTrue(events.get(1).isComment());
        assertEquals("x", events.get(2).data());
    }

    @Test
    void eventNameAndIdAreKept() throws Exception {
        SseEvent e = decode("event: error\nid: 7\ndata: {}\n\n").get(0);
        assertEquals("error", e.name());
        assertEquals("7", e.id());
    }

    @Test
    void aLastEventWithoutItsBlankLineIsDiscardedButDone() throws Exception {
        List<SseEvent> events = decode("data: a\n\ndata: [DONE]\n");
        assertEquals(2, events.size());
        assertTrue(events.get(1).isDone());
        // the spec's rule: an incomplete event at the end is not dispatched (a chunk cut off is no whole one)
        assertTrue(decode("data: tail").isEmpty());
        assertEquals(1, decode("data: a\n\ndata: {\"x\": 1}\n").size());
    }

    @Test
    void utf8SplitInsideACharacterDecodesIntact() throws Exception {
        byte[] bytes = "data: héllo 漢字 🎉\n\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size < 6; size++) {
            assertEquals("héllo 漢字 🎉", decodeInPieces(bytes, size).get(0).data());
        }
    }

    @Test
    void garbageLinesAreIgnoredAndCounted() throws Exception {
        SseDecoder d = new SseDecoder(1024);
        List<SseEvent> out = new ArrayList<>();
        d.feed("<html>oops</html>\nretry: 10\ndata: ok\n\n".getBytes(StandardCharsets.UTF_8), out);
        assertEquals(1, out.size());
        assertEquals("ok", out.get(0).data());
        assertEquals(1, d.ignoredLines());
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() throws Exception {
        assertEquals(0, decode("\n\n\r\n\nevent: x\n\n").size());
    }

    @Test
    void eventOverTheLimitIsRejected() {
        SseDecoder d = new SseDecoder(16);
        assertThrows(SseProtocolException.class,
                () -> d.feed("data: 0123456789abcdefghij\n\n".getBytes(StandardCharsets.UTF_8), new ArrayList<>()));
    }

    @Test
    void byteOrderMarkAtStartIsSkipped() throws Exception {
        assertEquals("x", decode("\uFEFFdata: x\n\n").get(0).data());
    }

    @Test
    void everyTranscriptDecodesTheSameAtAnyChunking() throws Exception {
        Path dir = io.lethe.testkit.TestData.transcripts();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sse")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                List<String> whole = decodeInPieces(bytes, Integer.MAX_VALUE).stream().map(SseEvent::data).toList();
                assertTrue(whole.size() > 3, f.toString());
                for (int size : new int[]{1, 3, 7, 64}) {
                    assertEquals(whole, decodeInPieces(bytes, size).stream().map(SseEvent::data).toList(),
                            f + " in pieces of " + size);
                }
            }
        }
    }

    @Test
    void encoderSplitsMultiLinePayloadsIntoDataLines() throws Exception {
        String framed = SseEncoder.data("{\"a\":\n1}").toString();
        assertEquals("data: {\"a\":\ndata: 1}\n\n", framed);
        assertEquals("{\"a\":\n1}", decode(framed).get(0).data());
    }
}
