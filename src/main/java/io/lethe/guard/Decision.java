package io.lethe.guard;

import java.util.Objects;

/**
 * The policy's ruling on one finding.
 *
 * @param action      what to do
 * @param rule        the rule that decided (reported to clients and in evidence)
 * @param replacement the text that replaces a redacted span
 * @param refusal     the text that replaces a blocked choice
 */
public record Decision(Action action, String rule, String replacement, String refusal) {

    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(refusal, "refusal");
    }
}
