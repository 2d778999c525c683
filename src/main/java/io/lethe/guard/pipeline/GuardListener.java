package io.lethe.guard.pipeline;

/** Observes sessions for metrics and evidence. Called on the session's thread; must not block. */
public interface GuardListener {

    GuardListener NONE = new GuardListener() {
    };

    /** One scan call over a channel: how long the stages took and how many characters are now held. */
    default void scanned(long nanos, int heldChars) {
    }

    /**
     * A finding that the policy did not allow.
     *
     * @param alreadySent how many characters of the channel had reached the client when it was found
     */
    default void finding(DecidedFinding finding, int alreadySent) {
    }
}
