package io.lethe.proxy;

import io.lethe.guard.ScanContext;

import java.util.List;

/**
 * Words to keep a model from generating for one request: the names and aliases of the erased subjects its
 * prompt names, sent as vLLM's {@code bad_words} to upstreams configured for it. Provided by the composition
 * root; called on a worker thread (may block); never logged.
 */
@FunctionalInterface
public interface SteeringWords {

    SteeringWords NONE = (context, prompt) -> List.of();

    /**
     * @param context the request's model, tenant and upstream (erasure scopes apply)
     * @param prompt  the request's prompt texts
     * @return the words, each as it would be written (no duplicates); empty when the prompt names no subject
     */
    List<String> forPrompt(ScanContext context, List<String> prompt);
}
