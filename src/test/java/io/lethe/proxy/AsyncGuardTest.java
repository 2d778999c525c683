package io.lethe.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.proxy.openai.ChatStream;
import io.lethe.proxy.openai.ChatWhole;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.WholeTranslator;
import io.lethe.proxy.openai.WireEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's handling of an asynchronous stage, without HTTP: a stage that holds every channel until the
 * test opens its gate, then redacts "secret" (as the classifier holds sentences until scored).
 */
class AsyncGuardTest {

    final CompletableFuture<Void> gate = new CompletableFuture<>();
    final List<Integer> alreadySent = new ArrayList<>();

    final GuardStage gated = new GuardStage() {
        @Override
        public String name() {
            return "gated";
        }

        @Override
        public boolean async() {
            return true;
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            return new StageScanner() {
                int reported;

                @Override
                public ScanResult scan(ScanWindow w) {
                    String text = w.text().toString();
                    if (!gate.isDone()) {
                        return new ScanResult(List.of(), 0, gate);
                    }
                    List<Finding> out = new ArrayList<>();
                    for (int i = text.indexOf("secret", reported); i >= 0; i = text.indexOf("secret", i + 1)) {
                        out.add(new Finding("e1", "gated", "t", w.channel(), i, i + 6, 1.0, Action.REDACT));
                        reported = i + 1;
                    }
                    return new ScanResult(out, w.complete() ? text.length() : Math.max(0, text.length() - 6));
                }
            };
        }
    };

    GuardSession session() {
        return new GuardPipeline(List.of(gated), TestPipelineSource.PIPELINE.policy())
                .open(new ScanContext("r", "m", null, "u"), new GuardListener() {
                    @Override
                    public void finding(DecidedFinding finding, int sent) {
                        alreadySent.add(sent);
                    }
                });
    }

    static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";

    static String chunk(String text, String finish) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.write(Json.object().textNode(text))
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static List<String> data(List<WireEvent> events) {
        return events.stream().map(WireEvent::data).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void aStreamHoldsTheFinishReasonUntilTheStageAnswersThenSendsTheRestAndTheEnd() throws Exception {
        GuardSession s = session();
        ChatStream guard = new ChatStream(s, false, io.lethe.proxy.openai.Declared.NONE, "r", "m");
        List<WireEvent> events = new ArrayList<>();
        String first = chunk("The secret ", null);
        guard.onEvent(null, (ObjectNode) Json.parseObjectOrNull(first), first, events);
        String last = chunk("is out.", "stop");
        guard.onEvent(null, (ObjectNode) Json.parseObjectOrNull(last), last, events);
        List<String> out = data(events);
        // nothing released, the end held back
        for (String o : out) {
            assertThat(o).doesNotContain("secret").doesNotContain("\"stop\"");
        }
        assertThat(guard.waiting()).isTrue();
        assertThat(s.pending()).isSameAs(gate);
        gate.complete(null);
        events.clear();
        guard.onWake(events);
        out = data(events);
        assertThat(guard.waiting()).isFalse();
        assertThat(out).hasSize(1);
        JsonNode c = Json.parseObjectOrNull(out.get(0)).at("/choices/0");
        assertThat(c.at("/delta/content").asText()).isEqualTo("The [REDACTED] is out.");
        assertThat(c.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(s.settled(0)).isTrue();
    }

    @Test
    void aWholeAnswerWaitsOnceForAllChoicesAndChannelsAndReportsNothingAsSent() throws Exception {
        GuardSession s = session();
        ObjectNode body = (ObjectNode) Json.parseObjectOrNull("""
                {"choices":[
                  {"index":0,"message":{"role":"assistant","content":"A secret here.","reasoning_content":"secret plan"}},
                  {"index":1,"message":{"role":"assistant","content":"No secret there."}}]}""");
        WholeTranslator w = ChatWhole.start(s, body, false, io.lethe.proxy.openai.Declared.NONE);
        assertThat(s.holding()).isTrue();
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("A secret here.");
        gate.complete(null);
        while (s.pending() != null) {
            w.collect(s.poll());
        }
        assertThat(w.apply()).isTrue();
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("A [REDACTED] here.");
        assertThat(body.at("/choices/0/message/reasoning_content").asText()).isEqualTo("[REDACTED] plan");
        assertThat(body.at("/choices/1/message/content").asText()).isEqualTo("No [REDACTED] there.");
        assertThat(body.at("/guard/findings")).hasSize(3);
        assertThat(alreadySent).containsOnly(0);
    }

    /**
     * Red team 11, finding 10: logprobs wait for their alternatives; when a slow stage still held those at the
     * choice's finish_reason, the finish went out and the logprobs came in a chunk after it. A stage that holds
     * only the alternatives (pseudo-choices from {@code 1 << 30}) until the gate opens shows the order.
     */
    @Test
    void logprobsWhoseAlternativesAreStillHeldNeverComeAfterTheirChoicesFinishChunk() throws Exception {
        for (boolean legacy : new boolean[] {false, true}) {
            CompletableFuture<Void> altGate = new CompletableFuture<>();
            GuardStage altsOnly = new GuardStage() {
                @Override
                public String name() {
                    return "alternatives-gated";
                }

                @Override
                public boolean async() {
                    return true;
                }

                @Override
                public StageScanner open(ScanContext context, Channel channel) {
                    return w -> channel.choice() >= (1 << 30) && !altGate.isDone()
                            ? new ScanResult(List.of(), 0, altGate)
                            : new ScanResult(List.of(), w.text().length());
                }
            };
            GuardSession s = new GuardPipeline(List.of(altsOnly), TestPipelineSource.PIPELINE.policy())
                    .open(new ScanContext("r", "m", null, "u"), null);
            ChatStream guard = new ChatStream(s, legacy, io.lethe.proxy.openai.Declared.NONE, "r", "m");
            String one = legacy
                    ? "{\"id\":\"c1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"text\":\"Hi\",\"logprobs\":{\"tokens\":[\"Hi\"],\"token_logprobs\":[-0.1],"
                        + "\"top_logprobs\":[{\"Hi\":-0.1,\"Yo\":-2}],\"text_offset\":[0]},\"finish_reason\":\"stop\"}]}"
                    : HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":"
                        + "\"Hi\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"Hi\",\"logprob\":-0.1},{\"token\":\"Yo\","
                        + "\"logprob\":-2}]}]},\"finish_reason\":\"stop\"}]}";
            List<WireEvent> events = new ArrayList<>();
            guard.onEvent(null, (ObjectNode) Json.parseObjectOrNull(one), one, events);
            altGate.complete(null);
            guard.onWake(events);
            guard.onEnd(events);
            List<String> out = data(events);
            int finish = -1;
            int lastLogprobs = -1;
            for (int i = 0; i < out.size(); i++) {
                JsonNode c = Json.parseObjectOrNull(out.get(i)).at("/choices/0");
                if (c.path("finish_reason").isTextual()) {
                    finish = i;
                }
                JsonNode lp = c.path("logprobs");
                if (lp.path("content").size() + lp.path("tokens").size() > 0) {
                    lastLogprobs = i;
                }
            }
            assertThat(finish).as(legacy ? "legacy" : "chat").isGreaterThanOrEqualTo(0);
            assertThat(lastLogprobs).as(legacy ? "legacy: logprobs sent" : "chat: logprobs sent").isGreaterThanOrEqualTo(0);
            assertThat(lastLogprobs).as(legacy ? "legacy: logprobs after the finish chunk" : "chat: logprobs after the finish chunk")
                    .isLessThanOrEqualTo(finish);
            assertThat(String.join("\n", out)).as("the alternatives, released clean, go out").contains("Yo");
        }
    }
}
