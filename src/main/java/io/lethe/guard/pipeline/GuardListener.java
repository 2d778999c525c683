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

    /**
     * The same finding with the text it matched, for listeners that keep a keyed hash of it (evidence).
     * {@code matched} is valid only during the call: a listener must never store, log or send it.
     * The default ignores it.
     */
    default void finding(DecidedFinding finding, int alreadySent, CharSequence matched) {
        finding(finding, alreadySent);
    }

    /** Both listeners, in order; {@link #NONE} is dropped. */
    static GuardListener both(GuardListener first, GuardListener second) {
        if (first == null || first == NONE) {
            return second == null ? NONE : second;
        }
        if (second == null || second == NONE) {
            return first;
        }
        return new GuardListener() {
            @Override
            public void scanned(long nanos, int heldChars) {
                first.scanned(nanos, heldChars);
                second.scanned(nanos, heldChars);
            }

            @Override
            public void finding(DecidedFinding finding, int alreadySent) {
                first.finding(finding, alreadySent);
                second.finding(finding, alreadySent);
            }

            @Override
            public void finding(DecidedFinding finding, int alreadySent, CharSequence matched) {
                first.finding(finding, alreadySent, matched);
                second.finding(finding, alreadySent, matched);
            }
        };
    }
}
