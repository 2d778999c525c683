package io.lethe.guard;

import java.util.Locale;

/** What the policy does with a finding, ordered by severity (a response takes its most severe). */
public enum Action {
    /** Ignore the finding (an allow-list hit). */
    ALLOW,
    /** Let the text through unchanged but record the finding. */
    AUDIT,
    /** Replace the finding's span with the rule's replacement. */
    REDACT,
    /** Replace the choice's text with the rule's refusal and end it with {@code content_filter}. */
    BLOCK;

    /** The lower-case wire name ({@code "redact"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; throws {@link IllegalArgumentException} naming the value. */
    public static Action parse(String value) {
        if (value != null) {
            for (Action a : values()) {
                if (a.name().equalsIgnoreCase(value.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown action '" + value + "' (expected allow, audit, redact or block)");
    }

    public Action max(Action other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
