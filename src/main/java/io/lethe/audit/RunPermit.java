package io.lethe.audit;

/**
 * "May this replica probe this model now?" Asked before every probing window. In cluster mode one replica
 * should probe and the others take its results; that decision belongs to the cluster work, which plugs in here.
 */
@FunctionalInterface
public interface RunPermit {

    /** A single node: always yes. */
    RunPermit SINGLE_NODE = model -> true;

    boolean mayRun(String model);
}
