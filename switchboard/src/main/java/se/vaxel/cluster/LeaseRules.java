package se.vaxel.cluster;

import se.vaxel.cluster.LeaseAnswer.Granted;
import se.vaxel.cluster.LeaseAnswer.Refused;
import se.vaxel.cluster.LeaseAnswer.Released;
import se.vaxel.cluster.LeaseAnswer.Renewed;

/**
 * The lease's rules, as the key's partition owner applies them (atomically: inside an entry processor). Pure, so
 * that they are tested without a cluster. One idea throughout: an entry's lease is in force until its expiry by the
 * clock of the member that wrote it, and where that clock cannot be read, for a whole TTL from now.
 * <ul>
 * <li>Acquire: granted when the lease is the asker's own (a contender that stepped down takes it back, with a new
 * token) or has expired by this member's clock; a release sets the expiry to the moment of the release. A new token is
 * {@code max(previous + 1, wall-clock millis)}: it only grows in the map, and after a restart of the whole cluster
 * (the map empty) it still exceeds every earlier one, as long as no clock is set back by more than the restart
 * took.</li>
 * <li>An entry written by another member (its partition migrated, or a backup was promoted when its owner left)
 * holds a {@code nanoTime} this member cannot read: an acquire re-stamps it to run a whole TTL from now and is
 * refused. So a holder that may still act gets at least a TTL more than its own deadline, whatever became of the
 * member that wrote the entry.</li>
 * <li>No entry at all is treated the same way: it is reserved for nobody for a TTL before anyone is granted it. An
 * entry is missing at the first start of a cluster, after a restart of the whole cluster, or when every replica of
 * its partition was lost at once; in the last case a holder may still be acting on it.</li>
 * <li>Renew: only the holder, with its token, and only before expiry (where the expiry can be read).</li>
 * <li>Release: only the holder with its token; the token stays in the entry.</li>
 * </ul>
 */
final class LeaseRules {

    private LeaseRules() {}

    /** Where the rules run: this member's id, its monotonic and wall clocks, and the lease's TTL. */
    record Here(String member, long nanos, long wallMillis, long ttlNanos) {}

    /** The entry after the request ({@code next}; null: unchanged) and the answer. */
    record Outcome(PbxLease next, LeaseAnswer answer) {}

    static Outcome decide(PbxLease current, LeaseRequest request, Here here) {
        if (request instanceof LeaseRequest.Acquire a) {
            return acquire(current, a, here);
        }
        if (request instanceof LeaseRequest.Renew r) {
            return renew(current, r, here);
        }
        return release(current, (LeaseRequest.Release) request, here);
    }

    private static Outcome acquire(PbxLease current, LeaseRequest.Acquire a, Here here) {
        if (current == null) {
            PbxLease reserved = new PbxLease(null, null, 0, here.nanos() + here.ttlNanos(), here.member());
            return new Outcome(reserved, new Refused(null, 0, here.ttlNanos()));
        }
        if (a.contender().equals(current.holder()) || expired(current, here)) {
            long token = Math.max(current.token() + 1, here.wallMillis());
            return new Outcome(new PbxLease(a.contender(), a.member(), token, here.nanos() + here.ttlNanos(), here.member()),
                    new Granted(token));
        }
        if (!writtenHere(current, here)) {
            PbxLease restamped = new PbxLease(current.holder(), current.holderMember(), current.token(),
                    here.nanos() + here.ttlNanos(), here.member());
            return new Outcome(restamped, new Refused(current.holderMember(), current.token(), here.ttlNanos()));
        }
        return new Outcome(null, refused(current, here));
    }

    private static Outcome renew(PbxLease current, LeaseRequest.Renew r, Here here) {
        if (current == null || !current.heldBy(r.contender(), r.token()) || expired(current, here)) {
            return new Outcome(null, refused(current, here));
        }
        return new Outcome(new PbxLease(current.holder(), current.holderMember(), current.token(),
                here.nanos() + here.ttlNanos(), here.member()), new Renewed(current.token()));
    }

    private static Outcome release(PbxLease current, LeaseRequest.Release r, Here here) {
        if (current == null || !current.heldBy(r.contender(), r.token())) {
            return new Outcome(null, new Released());
        }
        return new Outcome(new PbxLease(null, null, current.token(), here.nanos(), here.member()), new Released());
    }

    private static Refused refused(PbxLease current, Here here) {
        if (current == null) {
            return new Refused(null, 0, 0);
        }
        long remaining = writtenHere(current, here) ? Math.max(0, current.expiresAt() - here.nanos()) : here.ttlNanos();
        return new Refused(current.holderMember(), current.token(), remaining);
    }

    private static boolean writtenHere(PbxLease lease, Here here) {
        return here.member().equals(lease.writtenBy());
    }

    /** Expired by this member's clock; an entry another member wrote is never known to be expired. */
    private static boolean expired(PbxLease lease, Here here) {
        return writtenHere(lease, here) && here.nanos() - lease.expiresAt() >= 0;
    }
}
