package io.lethe.proxy.sse;

/** The bytes are not a usable event stream (an event beyond the size limit). */
public class SseProtocolException extends Exception {

    public SseProtocolException(String message) {
        super(message);
    }
}
