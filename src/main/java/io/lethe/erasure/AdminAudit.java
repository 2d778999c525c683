package io.lethe.erasure;

/**
 * Where admin API calls are recorded (issue 14, item 3): the composition root sends them to the evidence
 * spool as chained events of their own type. Called on the event loop; must not block.
 */
@FunctionalInterface
public interface AdminAudit {

    AdminAudit NONE = (requestId, actor, action, target, from, allowed) -> {
    };

    /**
     * @param actor  the credential's name ({@code admin}, or a name from {@code lethe.admin.tokens})
     * @param action {@code create}, {@code retire}, {@code bulk}, {@code read}, {@code list}, {@code read_debt},
     *               {@code match_passages}
     * @param target the erasure id or model the call named, or null
     * @param from   the caller's address, or null
     */
    void record(String requestId, String actor, String action, String target, String from, boolean allowed);
}
