package io.lethe.proxy.openai;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.Release;

import java.util.Map;

/**
 * Guards one whole (non-streamed) answer: created with every text fed to the session and its channels
 * finished; the caller settles the session's asynchronous stages without blocking, handing each poll to
 * {@link #collect}, then calls {@link #apply}. One per response, on its event loop.
 */
public interface WholeTranslator {

    /** Adds what a poll of the session released. */
    void collect(Map<Channel, Release> releases);

    /**
     * Writes the released texts (or refusals) back into the body and adds the {@code guard} object when there
     * were findings.
     *
     * @return whether the body changed (the caller then re-serializes it, else forwards the upstream's bytes)
     */
    boolean apply();
}
