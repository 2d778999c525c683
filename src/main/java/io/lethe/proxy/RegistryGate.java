package io.lethe.proxy;

/**
 * Whether this replica's erasure registry is known to be current, asked before a guarded request goes on (cluster
 * mode: a replica cut off from the erasure log, or still reading it after a start, may miss an erasure another
 * replica registered). Provided by the composition root; a single-node gateway has none and is always current.
 * Called on the event loop: implementations read volatile state only, never block.
 */
@FunctionalInterface
public interface RegistryGate {

    /**
     * @return null when the registry is current; otherwise why not, in words fit for a client (no erasure id, no
     *         value), e.g. "this replica has not read the erasure log for 31 s"
     */
    String notCurrent();
}
