package io.lethe.proxy.openai;

/**
 * An upstream body or chunk whose text the gateway cannot attribute to a choice (choices that are not an
 * array, a choice that is not an object): nothing of it may be forwarded, so the exchange fails with an
 * upstream error. The message names the shape, never text from it.
 */
public final class Unwalkable extends Exception {

    public Unwalkable(String message) {
        super(message, null, false, false);
    }
}
