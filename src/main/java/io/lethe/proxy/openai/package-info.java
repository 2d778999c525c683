/**
 * OpenAI wire helpers: the JSON tree mapper that keeps unknown fields, key order and number text
 * ({@link io.lethe.proxy.openai.Json}), error objects and the normalization of upstream error shapes
 * ({@link io.lethe.proxy.openai.ApiError}), request validation
 * ({@link io.lethe.proxy.openai.RequestCheck}).
 *
 * <p>Bodies stay Jackson {@code ObjectNode}s end to end; no typed POJOs, which would drop fields the
 * gateway does not know. Threads: stateless and thread-safe, called from event loops; nothing blocks.
 * May not touch the guard, connections or configuration. Error messages never echo request or model text.
 */
package io.lethe.proxy.openai;
