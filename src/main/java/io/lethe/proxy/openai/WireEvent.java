package io.lethe.proxy.openai;

/**
 * One server-sent event for the client.
 *
 * @param event the SSE {@code event:} name, or {@code null} for the default (chat and legacy completions)
 * @param data  the {@code data:} payload (a JSON text, or {@code [DONE]})
 */
public record WireEvent(String event, String data) {

    public static WireEvent data(String data) {
        return new WireEvent(null, data);
    }
}
