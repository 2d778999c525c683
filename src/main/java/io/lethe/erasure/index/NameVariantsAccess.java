package io.lethe.erasure.index;

/** Validation helpers for the registry: how names split into tokens, the same way matching does. */
public final class NameVariantsAccess {

    private NameVariantsAccess() {
    }

    public static int tokenCount(String name) {
        return NameVariants.tokens(name).size();
    }
}
