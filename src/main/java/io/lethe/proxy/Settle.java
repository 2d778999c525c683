package io.lethe.proxy;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;
import io.vertx.core.Context;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits for a session's asynchronous stages (the classifier) without blocking: each time their work
 * completes, the session is polled back on its own context, until nothing is held any more.
 */
final class Settle {

    private Settle() {
    }

    /**
     * @param everything also wait for work that holds no text (shadow findings), e.g. to report them
     * @param collect    gets each poll's releases
     * @param then       runs once settled, on the context
     * @param failed     a stage or the session threw while polling
     * @param abandoned  true when nobody waits any more (the client left)
     */
    static void then(GuardSession session, Context context, boolean everything, Consumer<Map<Channel, Release>> collect,
                     Runnable then, Consumer<RuntimeException> failed, BooleanSupplier abandoned) {
        CompletableFuture<?> pending = everything || session.holding() ? session.pending() : null;
        if (pending == null) {
            then.run();
            return;
        }
        pending.whenComplete((v, e) -> context.runOnContext(x -> {
            if (abandoned.getAsBoolean()) {
                return;
            }
            try {
                collect.accept(session.poll());
            } catch (RuntimeException ex) {
                failed.accept(ex);
                return;
            }
            then(session, context, everything, collect, then, failed, abandoned);
        }));
    }

    /** Records findings that arrive after the answer went out (shadow mode); their releases are moot. */
    static void audit(GuardSession session, Context context) {
        CompletableFuture<?> pending = session.pending();
        if (pending != null) {
            pending.whenComplete((v, e) -> context.runOnContext(x -> {
                try {
                    session.poll();
                } catch (RuntimeException ex) {
                    return; // a failed stage after the answer: nothing left to protect
                }
                audit(session, context);
            }));
        }
    }
}
