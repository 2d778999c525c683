package io.lethe.audit;

import java.util.concurrent.CompletableFuture;

/** Sends one probe to a model, bypassing the client path and the guard. */
public interface ProbeClient {

    /**
     * A model's raw answer.
     *
     * @param text   every text the answer carried (content, reasoning, tool-call arguments), joined by newlines
     * @param tokens the tokens the upstream reported used ({@code usage.total_tokens}), or -1 when it did not say
     */
    record Answer(String text, long tokens) {
        @Override
        public String toString() {
            return "Answer[" + text.length() + " chars, " + tokens + " tokens]";  // never the text
        }
    }

    /**
     * Asks {@code model} the {@code prompt} (one user message, non-streamed, temperature 0) with at most
     * {@code maxTokens} tokens of answer. Completes exceptionally on a transport error or a non-2xx status.
     */
    CompletableFuture<Answer> complete(String model, String prompt, int maxTokens);
}
