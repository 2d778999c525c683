package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.pipeline.GuardSession;

/**
 * The OpenAI endpoints the gateway proxies, and for each the translator that knows where its wire carries
 * text. The relay never decides what is text; it asks the endpoint's translator.
 */
public enum Wire {
    /** {@code POST /v1/chat/completions}. */
    CHAT("/chat/completions", true),
    /** {@code POST /v1/completions} (legacy: {@code choices[i].text}). */
    COMPLETIONS("/completions", true),
    /** {@code POST /v1/responses} (OpenAI's Responses API, also served by vLLM). */
    RESPONSES("/responses", true),
    /** {@code POST /v1/embeddings}: vectors, no text; relayed unguarded. */
    EMBEDDINGS("/embeddings", false);

    private final String path;
    private final boolean guarded;

    Wire(String path, boolean guarded) {
        this.path = path;
        this.guarded = guarded;
    }

    /** The path under the upstream's base URL ({@code /v1} included there). */
    public String path() {
        return path;
    }

    /** Whether answers carry model text the guard must scan. */
    public boolean guarded() {
        return guarded;
    }

    /**
     * The translator of one streamed answer.
     *
     * @param declared  what the client's request declared (tool names)
     * @param requestId the gateway's request id
     * @param model     the model the client asked for
     */
    public StreamTranslator stream(GuardSession session, Declared declared, String requestId, String model) {
        return switch (this) {
            case CHAT -> new ChatStream(session, false, declared, requestId, model);
            case COMPLETIONS -> new ChatStream(session, true, declared, requestId, model);
            case RESPONSES -> new ResponsesStream(session, declared, requestId, model);
            case EMBEDDINGS -> throw new IllegalStateException("embeddings are not streamed");
        };
    }

    /**
     * Feeds a whole answer to the session.
     *
     * @param declared  what the client's request declared (tool names)
     * @param requestId the gateway's request id
     * @param model     the model the client asked for
     * @throws Unwalkable when the answer's text cannot be attributed
     */
    public WholeTranslator whole(GuardSession session, ObjectNode body, Declared declared, String requestId,
                                 String model) throws Unwalkable {
        return switch (this) {
            case CHAT -> ChatWhole.start(session, body, false, declared, requestId, model);
            case COMPLETIONS -> ChatWhole.start(session, body, true, declared, requestId, model);
            case RESPONSES -> ResponsesWhole.start(session, body, declared, requestId, model);
            case EMBEDDINGS -> throw new IllegalStateException("embeddings are not guarded");
        };
    }
}
