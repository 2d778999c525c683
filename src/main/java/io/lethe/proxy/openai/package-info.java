/**
 * The OpenAI wire: which parts of each endpoint's bodies and events are text, and how released text goes
 * back. One translator per endpoint ({@link io.lethe.proxy.openai.Wire}): chat and legacy completions
 * ({@link io.lethe.proxy.openai.ChatStream}, {@link io.lethe.proxy.openai.ChatWhole}) and the Responses API
 * ({@link io.lethe.proxy.openai.ResponsesStream}, {@link io.lethe.proxy.openai.ResponsesWhole}), upstream
 * errors ({@link io.lethe.proxy.openai.ErrorGuard}). Default-deny: every string of a choice or output item
 * is model text unless its field is known not to be ({@link io.lethe.proxy.openai.ChoiceWalker}); a shape
 * that cannot be walked is blocked. Also the JSON tree mapper that keeps unknown fields, key order and
 * number text ({@link io.lethe.proxy.openai.Json}), error objects ({@link io.lethe.proxy.openai.ApiError}) and
 * request validation ({@link io.lethe.proxy.openai.RequestCheck}).
 *
 * <p>Bodies stay Jackson {@code ObjectNode}s end to end; no typed POJOs, which would drop fields the gateway
 * does not know. Threads: a translator belongs to one response and its event loop; the rest is stateless.
 * Depends on {@code io.lethe.guard} and {@code io.lethe.guard.pipeline} (sessions, channels) and Jackson;
 * never on connections, the relay or the SSE codec. Error messages and channel names never echo request or
 * model text.
 */
package io.lethe.proxy.openai;
