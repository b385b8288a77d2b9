package se.vaxel.cluster;

import java.io.Serializable;

/** What a contender asks of a PBX's lease, carried to the key's partition owner inside a {@link LeaseProcessor}. */
sealed interface LeaseRequest extends Serializable {

    /** The contender's id: unique to one {@link PbxOwnership}, so a restarted node is another contender. */
    String contender();

    /** Take the lease if it is free, expired, released, or already this contender's (then with a new token). */
    record Acquire(String contender, String member) implements LeaseRequest {}

    /** Extend the lease this contender holds with this token; nothing else. */
    record Renew(String contender, long token) implements LeaseRequest {}

    /** Give the lease up (the contender has already stopped acting on it); the token stays, for the next to exceed. */
    record Release(String contender, long token) implements LeaseRequest {}
}
