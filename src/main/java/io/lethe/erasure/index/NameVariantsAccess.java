package io.lethe.erasure.index;

/** Validation helpers for the registry: how names split into tokens, the same way matching does. */
public final class NameVariantsAccess {

    private NameVariantsAccess() {
    }

    /** How many tokens (UAX #29 words) a name has. */
    public static int tokenCount(String name) {
        return NameVariants.tokens(name).size();
    }

    /** A name's tokens, each folded ({@link io.lethe.text.Folding}): two names with equal lists match alike. */
    public static java.util.List<String> tokens(String name) {
        return NameVariants.tokens(name);
    }
}
