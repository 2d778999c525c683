package io.lethe.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.WireEvent;
import io.lethe.proxy.sse.SseDecoder;
import io.lethe.proxy.sse.SseEncoder;
import io.lethe.proxy.sse.SseEvent;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's own work per streamed chunk (issue 12, item 2), on one thread and without the network: vLLM-shaped
 * chunks (1–9 chars of prose each, as {@link CharLatency}'s upstream sends them) through the path
 * {@code ProxyExchange} runs per upstream event: SSE decoding, JSON parsing, {@link ChatStream}, SSE encoding.
 * Prints bytes allocated per chunk (the JVM's per-thread counter, {@code com.sun.management.ThreadMXBean}) and
 * ns per chunk, best of 5 rounds, with nothing registered and with {@code people} people registered.
 *
 * <p>usage: {@code java -cp … io.lethe.bench.ChunkCost [people (1000)] [streams per round (400)]}
 */
public final class ChunkCost {
    private ChunkCost() {
    }

    public static void main(String[] args) throws Exception {
        int people = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        PersonDataset d = new PersonDataset();
        String[] texts = ErasureMatchBench.texts(d, 16);
        List<byte[][]> bodies = new ArrayList<>();
        Random r = new Random(3);
        long chunks = 0;
        for (String t : texts) {
            List<byte[]> events = new ArrayList<>();
            String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,"
                    + "\"model\":\"m\",\"choices\":";
            events.add((head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < t.length(); ) {
                int e = Math.min(t.length(), i + 1 + r.nextInt(9));
                events.add((head + "[{\"index\":0,\"delta\":{\"content\":" + Json.MAPPER.writeValueAsString(t.substring(i, e))
                        + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                i = e;
            }
            events.add((head + "[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"stop\","
                    + "\"stop_reason\":null}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            chunks += events.size();
            bodies.add(events.toArray(new byte[0][]));
        }
        System.out.printf("%d texts, %.1f chunks each%n", texts.length, chunks / (double) texts.length);
        run("nothing registered", new GuardPipeline(List.of(), new RulesPolicy(GuardRules.builtIn())), bodies,
                streams, chunks);
        if (people > 0) {
            Path dir = Files.createTempDirectory("lethe-chunk-cost");
            AtomicReference<GuardPipeline> pipeline = new AtomicReference<>();
            RulesPolicy policy = new RulesPolicy(GuardRules.builtIn());
            ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100_000,
                    stage -> pipeline.set(new GuardPipeline(List.<GuardStage>of(stage), policy)), Clock.systemUTC());
            registry.start();
            var bulk = registry.bulk();
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                lines.add(d.ndjsonLine(i).getBytes(StandardCharsets.UTF_8));
            }
            bulk.lines(lines).join();
            bulk.finish().join();
            run(people + " people (erasure stage)", pipeline.get(), bodies, streams, chunks);
            registry.close();
        }
        System.exit(0);
    }

    private static void run(String label, GuardPipeline pipeline, List<byte[][]> bodies, int streams, long chunksPerRound)
            throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bestNs = Long.MAX_VALUE;
        long bestBytes = Long.MAX_VALUE;
        long sink = 0;
        int rounds = Math.max(1, streams / bodies.size());
        for (int round = 0; round < 8; round++) {
            long b0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int k = 0; k < rounds; k++) {
                for (byte[][] body : bodies) {
                    sink += stream(pipeline, body);
                }
            }
            long ns = System.nanoTime() - t0;
            long bytes = mx.getCurrentThreadAllocatedBytes() - b0;
            if (round >= 3) {
                bestNs = Math.min(bestNs, ns);
                bestBytes = Math.min(bestBytes, bytes);
            }
        }
        double n = (double) chunksPerRound * rounds;
        System.out.printf("%-28s %8.0f bytes/chunk %8.0f ns/chunk (%d)%n", label, bestBytes / n, bestNs / n, sink % 7);
    }

    /** One stream through decoder, translator and encoder; returns the bytes it would write. */
    private static long stream(GuardPipeline pipeline, byte[][] body) throws Exception {
        GuardSession session = pipeline.open(new ScanContext("r", "m", null, null), null);
        ChatStream translator = new ChatStream(session, false, Declared.NONE, "r", "m");
        SseDecoder decoder = new SseDecoder(1 << 20);
        List<SseEvent> events = new ArrayList<>();
        List<WireEvent> out = new ArrayList<>();
        long written = 0;
        for (byte[] piece : body) {
            events.clear();
            decoder.feed(piece, events);
            for (SseEvent ev : events) {
                out.clear();
                if (translator.terminal(ev.name(), ev.data())) {
                    translator.onEnd(out);
                } else {
                    ObjectNode chunk = Json.parseObjectOrNull(ev.data());
                    translator.onEvent(ev.name(), chunk, ev.data(), out);
                }
                for (WireEvent w : out) {
                    written += SseEncoder.event(w.event(), w.data()).length();
                }
            }
        }
        return written;
    }
}
