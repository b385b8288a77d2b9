package se.vaxel.cluster;

import java.io.Serializable;

/** The partition owner's answer to a {@link LeaseRequest}. */
sealed interface LeaseAnswer extends Serializable {

    /** The lease is the asker's, with this (new) token. */
    record Granted(long token) implements LeaseAnswer {}

    /** The asker's lease runs a TTL from now. */
    record Renewed(long token) implements LeaseAnswer {}

    /**
     * Not the asker's: {@code holderMember} holds it with {@code token} (null if nobody, as after a release that
     * came too late to matter) for another {@code remainingNanos} by the partition owner's clock.
     */
    record Refused(String holderMember, long token, long remainingNanos) implements LeaseAnswer {}

    /** The lease was given up (or was no longer the asker's). */
    record Released() implements LeaseAnswer {}

    /** The partition owner sees fewer members than the quorum: this side of the cluster must not own anything. */
    record NoQuorum(int members, int quorum) implements LeaseAnswer {}
}
