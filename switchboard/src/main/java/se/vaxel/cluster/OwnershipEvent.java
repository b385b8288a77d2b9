package se.vaxel.cluster;

/**
 * A change of this node's ownership of a PBX, told to {@link PbxOwnership}'s listeners in order, on its own thread
 * ({@code vaxel-pbx-ownership}): a listener hands the event on (to a Vert.x context, say) and returns at once.
 */
public sealed interface OwnershipEvent permits OwnershipEvent.Acquired, OwnershipEvent.Lost {

    String pbx();

    /** The fencing token of the ownership that began or ended. */
    long token();

    /** This node owns the PBX from now on, under {@code token}, higher than any earlier owner's. */
    record Acquired(String pbx, long token) implements OwnershipEvent {}

    /** This node no longer owns the PBX (it stopped before telling: {@link PbxOwnership#fence} was already false). */
    record Lost(String pbx, long token, Why why) implements OwnershipEvent {}

    enum Why {
        /** No renewal succeeded before the local deadline (late, unanswered, or waiting for a backup across a split). */
        EXPIRED,
        /** The map says the lease is no longer this node's (expired there, or taken after a merge). */
        REFUSED,
        /** This side of the cluster has fewer members than the quorum. */
        NO_QUORUM,
        /** The renewal failed otherwise (this member stopping, a cluster error). */
        FAILED,
        /** This node is stopping and gave the lease up. */
        RELEASED
    }
}
