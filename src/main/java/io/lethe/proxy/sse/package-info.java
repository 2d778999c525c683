/**
 * Server-sent events codec: {@link io.lethe.proxy.sse.SseDecoder} turns upstream bytes into events,
 * incrementally and whatever the chunking (CR, LF or CRLF line ends, split anywhere, {@code data:} with or
 * without the space, comments, multi-line data, a last event without its blank line);
 * {@link io.lethe.proxy.sse.SseEncoder} writes OpenAI's framing to clients.
 *
 * <p>Threads: a decoder belongs to one response and is fed from its event loop; the encoder is stateless.
 * Nothing here blocks, parses JSON or looks at the text inside events. Depends on the JDK and Vert.x'
 * {@code Buffer} only; may not touch the guard or any upstream/client connection.
 */
package io.lethe.proxy.sse;
