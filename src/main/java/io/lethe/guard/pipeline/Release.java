package io.lethe.guard.pipeline;

/**
 * What a channel may send after a call.
 *
 * @param text         text that passed every stage (with redactions applied), possibly empty
 * @param blockedNow   true on the call that blocked the channel's choice: the caller ends the choice with
 *                     the {@link GuardSession#refusal(int)} and {@code content_filter}
 */
public record Release(String text, boolean blockedNow) {

    static final Release EMPTY = new Release("", false);
    static final Release BLOCKED = new Release("", true);
}
