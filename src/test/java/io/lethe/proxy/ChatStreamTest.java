package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.Unwalkable;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunk rewriting, without HTTP: a session over {@link TestStage}. */
class ChatStreamTest {

    private final GuardSession session = TestPipelineSource.PIPELINE.open(new ScanContext("r", "m", null, "u"), null);
    private final ChatStream guard = new ChatStream(session, false, io.lethe.proxy.openai.Declared.NONE, "r", "m");
    private final List<String> out = new ArrayList<>();
    private final List<WireEvent> events = new ArrayList<>();

    private static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";

    private void feed(String json) {
        feed(guard, json);
    }

    private void feed(ChatStream g, String json) {
        events.clear();
        try {
            g.onEvent(null, (ObjectNode) Json.parseObjectOrNull(json), json, events);
        } catch (Unwalkable e) {
            throw new AssertionError(e);
        }
        events.forEach(e -> out.add(e.data()));
    }

    private void end(ChatStream g) {
        events.clear();
        g.onEnd(events);
        events.forEach(e -> out.add(e.data()));
    }

    private static String content(String text) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.write(Json.object().textNode(text))
                + "},\"logprobs\":{\"content\":[]},\"finish_reason\":null,\"token_ids\":[1]}]}";
    }

    private static JsonNode parse(String s) {
        return Json.parseObjectOrNull(s);
    }

    /** The text at JSON pointer {@code pointer} of every chunk sent so far, joined. */
    private String joined(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String o : out) {
            b.append(parse(o).at(pointer).asText(""));
        }
        return b.toString();
    }

    @Test
    void unchangedChunkIsForwardedAsTheUpstreamsExactText() {
        String raw = content("Hello") .replace(",\"model\"", " ,\"model\"");
        feed(raw);
        assertEquals(List.of(raw), out);
    }

    @Test
    void chunkWhoseTextIsAllHeldIsDropped() {
        feed(content("Hi Vol"));
        feed(content("dem"));
        assertEquals(1, out.size(), "the chunk holding only 'dem' carries nothing");
        JsonNode first = parse(out.get(0));
        assertEquals("Hi ", first.at("/choices/0/delta/content").textValue());
        assertEquals(0, first.at("/choices/0/logprobs/content").size(), "logprobs would reveal the held text");
        assertEquals(0, first.at("/choices/0/token_ids").size());
    }

    @Test
    void finishChunkCarriesTheRemainderRedacted() {
        feed(content("Hi Vol"));
        feed(content("demort"));
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        StringBuilder all = new StringBuilder();
        for (String s : out) {
            all.append(parse(s).at("/choices/0/delta/content").asText(""));
        }
        assertEquals("Hi [REDACTED]", all.toString());
        assertEquals("stop", parse(out.get(out.size() - 1)).at("/choices/0/finish_reason").textValue());
    }

    @Test
    void toolArgumentRemainderGoesIntoToolCallsOfTheFinishChunk() {
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"who\\\":\\\"Vol\"}}]},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        StringBuilder args = new StringBuilder();
        for (String s : out) {
            JsonNode calls = parse(s).at("/choices/0/delta/tool_calls");
            for (JsonNode c : calls) {
                args.append(c.at("/function/arguments").asText(""));
            }
        }
        assertEquals("{\"who\":\"Vol", args.toString(), "'Vol' is not a term once the channel ended");
        JsonNode last = parse(out.get(out.size() - 1));
        assertEquals(0, last.at("/choices/0/delta/tool_calls/0/index").intValue());
        assertEquals("tool_calls", last.at("/choices/0/finish_reason").textValue());
    }

    @Test
    void blockEmitsContentFilterChunkAndDropsTheRestOfTheChoice() {
        feed(content("Find the Horc"));
        feed(content("rux now"));
        feed(content("more"));
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        feed(HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":1}}");
        JsonNode refusal = parse(out.get(1));
        assertEquals("Find the ", parse(out.get(0)).at("/choices/0/delta/content").textValue());
        assertEquals(TestPipelineSource.REFUSAL, refusal.at("/choices/0/delta/content").textValue());
        assertEquals("content_filter", refusal.at("/choices/0/finish_reason").textValue());
        assertEquals("c1", refusal.get("id").textValue());
        assertEquals("chat.completion.chunk", refusal.get("object").textValue());
        assertEquals(3, out.size(), "after the block only the usage chunk passes");
        assertTrue(parse(out.get(2)).has("usage"));
    }

    @Test
    void endOfStreamFlushesHeldReasoningUnderTheUpstreamsFieldName() {
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"think Nag\"},\"finish_reason\":null}]}");
        end(guard);
        JsonNode last = parse(out.get(out.size() - 1));
        assertEquals("Nag", last.at("/choices/0/delta/reasoning").textValue());
        assertFalse(last.at("/choices/0/delta").has("reasoning_content"));
    }

    @Test
    void legacyTextChannelIsScanned() {
        ChatStream legacy = new ChatStream(TestPipelineSource.PIPELINE.open(new ScanContext("r", "m", null, "u"), null), true, io.lethe.proxy.openai.Declared.NONE, "r", "m");
        String chunk = "{\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"a Voldemort b\",\"finish_reason\":null}]}";
        feed(legacy, chunk);
        end(legacy);
        StringBuilder all = new StringBuilder();
        out.forEach(s -> all.append(parse(s).at("/choices/0/text").asText("")));
        assertEquals("a [REDACTED] b", all.toString());
    }

    @Test
    void bothReasoningFieldNamesWithTheSameTextAreOneChannel() {
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"so Volde\",\"reasoning\":\"so Volde\"},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"mort\",\"reasoning\":\"mort\"},\"finish_reason\":\"stop\"}]}");
        assertEquals("so [REDACTED]", joined("/choices/0/delta/reasoning_content"));
        assertEquals("so [REDACTED]", joined("/choices/0/delta/reasoning"), "not scanned twice into one channel");
    }

    @Test
    void textAfterTheChoiceFinishedIsNotForwarded() {
        feed(content("done"));
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        feed(content("Voldemort late"));
        assertEquals(2, out.size());
        assertFalse(String.join("", out).contains("late"));
    }

    /**
     * A clean legacy function call whose name comes with its first piece of arguments keeps its name (an outside
     * tester's stream lost it, and openai-node's {@code finalChatCompletion()} threw "missing function_call.name").
     */
    @Test
    void aCleanLegacyFunctionCallKeepsItsNameSentWithTheFirstArguments() {
        legacyFunctionKeepsItsName(guard);
    }

    /** The same with the function declared in the request (its name then the client's own word). */
    @Test
    void aDeclaredLegacyFunctionKeepsItsNameSentWithTheFirstArguments() {
        legacyFunctionKeepsItsName(new ChatStream(session, false, io.lethe.proxy.openai.Declared.of((ObjectNode)
                Json.parseObjectOrNull("{\"functions\":[{\"name\":\"lookup\",\"parameters\":{}}]}")), "r", "m"));
    }

    /**
     * The same with an asynchronous stage in the session (as the classifier inline with a topic erasure
     * registered): the arguments wait for their scores and go out on wake-ups, the name still with the first of
     * them (an outside tester's gateway run with a topic registered lost it).
     */
    @Test
    void aLegacyFunctionCallKeepsItsNameWhenTheClassifierHoldsItsArguments() {
        {
            GuardSession async = new io.lethe.guard.pipeline.GuardPipeline(List.of(new TestStage(), new SlowStage()),
                    new io.lethe.rules.RulesPolicy(io.lethe.rules.GuardRules.builtIn()))
                    .open(new ScanContext("r", "m", null, "u"), null);
            ChatStream g = new ChatStream(async, false, io.lethe.proxy.openai.Declared.NONE, "r", "m");
            String args = "{\\\"note\\\":\\\"The train to the coast leaves every morning at eight.\\\",\\\"n\\\":1}";
            List<String> chunks = new ArrayList<>();
            chunks.add(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}");
            for (int i = 0; i < args.length(); i += 7) {
                int end = Math.min(args.length(), i + 7);
                while (end < args.length() && args.charAt(end - 1) == '\\') {
                    end++; // an escape stays whole within its piece
                }
                String piece = args.substring(i, end);
                i = end - 7;
                chunks.add(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{" + (chunks.size() == 1
                        ? "\"name\":\"lookup\"," : "") + "\"arguments\":\"" + piece + "\"}},\"finish_reason\":null}]}");
            }
            chunks.add(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"function_call\"}]}");
            drive(g, async, chunks);
            assertEquals("{\"note\":\"The train to the coast leaves every morning at eight.\",\"n\":1}",
                    joined("/choices/0/delta/function_call/arguments"), String.join("\n", out));
            assertEquals("lookup", joined("/choices/0/delta/function_call/name"), String.join("\n", out));
        }
    }

    /** Feeds chunks as the proxy does over a session with an asynchronous stage: queued while the stream waits. */
    private void drive(ChatStream g, GuardSession async, List<String> chunks) {
        java.util.ArrayDeque<String> backlog = new java.util.ArrayDeque<>(chunks);
        while (!backlog.isEmpty() || async.pending() != null) {
            while (!backlog.isEmpty() && !g.waiting()) {
                feed(g, backlog.poll());
            }
            java.util.concurrent.CompletableFuture<?> p = async.pending();
            if (p != null) {
                p.handle((v, e) -> null).join();
                events.clear();
                g.onWake(events);
                events.forEach(e -> out.add(e.data()));
            } else if (g.waiting()) {
                throw new AssertionError("waiting with nothing pending");
            }
        }
        end(g);
    }

    /**
     * vLLM's {@code stop_reason} goes out with the finish it describes when the finish waits for an asynchronous
     * stage, not on a chunk before the held text (an outside tester saw it ahead of the answer, finish null).
     */
    @Test
    void aStopReasonWaitsWithItsFinish() {
        GuardSession async = new io.lethe.guard.pipeline.GuardPipeline(List.of(new TestStage(), new SlowStage(200)),
                new io.lethe.rules.RulesPolicy(io.lethe.rules.GuardRules.builtIn()))
                .open(new ScanContext("r", "m", null, "u"), null);
        ChatStream g = new ChatStream(async, false, io.lethe.proxy.openai.Declared.NONE, "r", "m");
        drive(g, async, List.of(content("The answer is "), content("forty-two."),
                HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"stop_reason\":\"</answer>\"}]}"));
        assertEquals("The answer is forty-two.", joined("/choices/0/delta/content"));
        int withStop = 0;
        for (String chunk : out) {
            JsonNode choice = parse(chunk).at("/choices/0");
            if (choice.hasNonNull("stop_reason")) {
                withStop++;
                assertEquals("stop", choice.path("finish_reason").asText(), String.join("\n", out));
                assertEquals("</answer>", choice.path("stop_reason").asText());
            }
        }
        assertEquals(1, withStop, String.join("\n", out));
    }

    /** An asynchronous stage that finds nothing and lets text go only a few ms after it first saw it. */
    static final class SlowStage implements io.lethe.guard.GuardStage {
        private final long delayMs;

        SlowStage() {
            this(2);
        }

        SlowStage(long delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public boolean async() {
            return true;
        }

        @Override
        public io.lethe.guard.StageScanner open(ScanContext context, io.lethe.guard.Channel channel) {
            return new io.lethe.guard.StageScanner() {
                int scored;
                int asked;
                java.util.concurrent.CompletableFuture<?> work;

                @Override
                public io.lethe.guard.ScanResult scan(io.lethe.guard.ScanWindow w) {
                    int len = w.text().length();
                    if (work != null && work.isDone()) {
                        scored = asked;
                        work = null;
                    }
                    if (work == null && len > scored) {
                        asked = len;
                        work = java.util.concurrent.CompletableFuture.runAsync(() -> { },
                                java.util.concurrent.CompletableFuture.delayedExecutor(delayMs,
                                        java.util.concurrent.TimeUnit.MILLISECONDS));
                    }
                    return new io.lethe.guard.ScanResult(List.of(), scored, work);
                }
            };
        }
    }

    private void legacyFunctionKeepsItsName(ChatStream guard) {
        feed(guard, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}");
        feed(guard, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"name\":\"lookup\",\"arguments\":\"{\"}},\"finish_reason\":null}]}");
        feed(guard, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\"\\\"city\\\":\\\"Paris\\\"\"}},\"finish_reason\":null}]}");
        feed(guard, HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\",\\\"n\\\":1}\"}},\"finish_reason\":null}]}");
        feed(guard, HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"function_call\"}]}");
        end(guard);
        assertEquals("{\"city\":\"Paris\",\"n\":1}", joined("/choices/0/delta/function_call/arguments"));
        assertEquals("lookup", joined("/choices/0/delta/function_call/name"), String.join("\n", out));
    }

    /**
     * A finding in an undeclared tool name (a text scanned whole, once per response) names the same channel streamed
     * and whole: an outside tester saw {@code other:atom#14} whole and {@code other:atom#10} streamed, a count over
     * every such text, which chunks repeat differently.
     */
    @Test
    void aFindingInAToolNameNamesTheSameChannelStreamedAndWhole() {
        // the chunks carry texts the whole answer has not (a fingerprint, the chunk's own object name)
        String head = HEAD + "\"system_fingerprint\":\"fp_a\",\"service_tier\":\"default\",";
        feed(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}");
        feed(head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Voldemort\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}");
        feed(head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        end(guard);
        GuardSession whole = TestPipelineSource.PIPELINE.open(new ScanContext("r", "m", null, "u"), null);
        ChatWholeTest.apply(whole, (ObjectNode) Json.parseObjectOrNull("{\"id\":\"c1\",\"object\":\"chat.completion\","
                + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"Voldemort\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));
        List<String> streamed = session.findings().stream().map(f -> f.finding().channel().label()).toList();
        List<String> wholeChannels = whole.findings().stream().map(f -> f.finding().channel().label()).toList();
        assertEquals(1, streamed.size(), streamed.toString());
        assertEquals(streamed, wholeChannels);
    }

    @Test
    void aModelsRefusalFieldAndLegacyFunctionCallArgumentsAreScannedToo() {
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I won't discuss Volde\"},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"mort.\"},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\\\"Vold\"}},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\"emort\\\"}\"}},\"finish_reason\":null}]}");
        feed(HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        assertEquals("I won't discuss [REDACTED].", joined("/choices/0/delta/refusal"));
        assertEquals("{\"x\":\"[REDACTED]\"}", joined("/choices/0/delta/function_call/arguments"));
        assertEquals("f", joined("/choices/0/delta/function_call/name"), "the function's name, sent with its first arguments");
    }
}
