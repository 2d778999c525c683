package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Turns one upstream stream (chat, legacy completions, Responses API) into the client's: every text goes
 * through the response's guard session, chunks carry only released text, and the stream's end waits until
 * every choice is settled. One per response, on its event loop; not thread-safe. The relay
 * ({@code ProxyExchange}) only moves events and asks {@link #waiting()} whether to queue the next ones.
 */
public interface StreamTranslator {

    /**
     * One upstream event.
     *
     * @param event the SSE event name, or null
     * @param data  the parsed payload (changed in place when the guard changes it)
     * @param raw   the payload as received, sent as is when nothing changed
     * @param out   events to send, in order
     * @throws Unwalkable when the event carries text the gateway cannot attribute
     */
    void onEvent(String event, ObjectNode data, String raw, List<WireEvent> out) throws Unwalkable;

    /** Whether a choice's end waits for asynchronous stages: later upstream events must queue. */
    boolean waiting();

    /** Asynchronous stages answered: adds what they released (and ends that now may go out). */
    void onWake(List<WireEvent> out);

    /** The upstream's stream ended (with or without its end marker): flushes what is still held. */
    void onEnd(List<WireEvent> out);

    /**
     * The upstream's stream ended before its answer did (no {@code finish_reason}, see {@link #settled}): every
     * open channel is cut as at a token limit ({@code GuardSession#cut}). Text final at the cut goes out now, or
     * for sentences an asynchronous stage has not scored yet through later {@link #onWake} calls; the held tail
     * (text that could still have become a finding) is dropped. No choice is ended: the relay closes the stream
     * with an error once the session holds nothing. The default adds nothing (the held text is dropped whole).
     */
    default void onCut(List<WireEvent> out) {
    }

    /** The events that close a completed stream ({@code [DONE]} for chat). */
    List<WireEvent> trailer();

    /** The event that reports an error mid-stream, in this endpoint's dialect. */
    WireEvent error(ObjectNode errorBody);

    /**
     * Whether the client's stream is complete although the upstream's may not be (a Responses stream ended by
     * its terminal event or a block): the relay then ends it and lets the upstream go.
     */
    default boolean ended() {
        return false;
    }

    /**
     * Whether the answer came to its end: every choice seen has its {@code finish_reason} (or was blocked), a
     * Responses stream its terminal event. A stream the upstream closes before that was cut off: the relay ends it
     * with an error after {@link #onCut}.
     */
    default boolean settled() {
        return true;
    }

    /** Whether this upstream event ends the stream (an end marker, a terminal event). */
    boolean terminal(String event, String data);
}
