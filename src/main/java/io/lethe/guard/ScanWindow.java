package io.lethe.guard;

/**
 * What a scanner sees on each call: the channel's whole raw text so far and how much of it is new.
 *
 * <p>The text only grows between calls; {@link #text()} is a view valid for the duration of the call.
 */
public interface ScanWindow {

    Channel channel();

    /** The channel's raw text from its first character. */
    CharSequence text();

    /** Offset of the first character this scanner has not seen yet. */
    int newFrom();

    /**
     * True when no more text will come: the scanner must resolve everything it holds (an asynchronous one may
     * still answer with pending work, and resolves it when called again).
     */
    boolean complete();

    /**
     * Whether the text is JSON: a channel of a JSON kind (tool arguments), or content the request asked to be JSON
     * (structured output). Stages that read JSON's strings apart from its structure ask this.
     */
    default boolean json() {
        return channel().kind().json();
    }

    /** A whole text seen at once: all of it new, and complete (a prompt, a decoded run, a label). */
    record Whole(Channel channel, CharSequence text) implements ScanWindow {
        @Override
        public int newFrom() {
            return 0;
        }

        @Override
        public boolean complete() {
            return true;
        }
    }
}
