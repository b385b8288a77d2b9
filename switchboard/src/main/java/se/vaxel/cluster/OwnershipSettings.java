package se.vaxel.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import se.vaxel.cases.ClusterSettings;

/**
 * The lease's timing and the cluster's quorum.
 *
 * @param ttl           how long a grant or renewal runs in the map (by the entry's partition owner's clock)
 * @param margin        how much earlier than that the holder stops: the bound on the holder's clock running slow
 *                      against the partition owner's, and on a pause between {@link PbxOwnership#fence} and the
 *                      action reaching the PBX (Asterisk's own epoch check covers longer ones)
 * @param quorum        the members a side of the cluster needs to own anything (by default a majority of the
 *                      configured member list)
 * @param backups       synchronous backups of each entry: at least {@code members - quorum}, so that every write
 *                      has a replica on any side that reaches the quorum
 * @param memberTimeout how long a member may be silent before the others remove it
 *                      ({@code hazelcast.max.no.heartbeat.seconds}); bounds the takeover when the lease's partition
 *                      owner dies without closing its connections
 */
public record OwnershipSettings(Duration ttl, Duration margin, int quorum, int backups, Duration memberTimeout) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(6);
    public static final Duration DEFAULT_MARGIN = Duration.ofMillis(1500);
    public static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(15);

    public OwnershipSettings {
        if (ttl.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("the lease TTL must be at least 300 ms, not " + ttl);
        }
        if (margin.isNegative() || margin.isZero() || margin.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("the lease margin must be above 0 and at most half the TTL, not " + margin);
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("VAXEL_CLUSTER_QUORUM must be at least 1, not " + quorum);
        }
        if (backups < 0 || backups > 6) {
            throw new IllegalArgumentException("the lease map's backups must be 0-6, not " + backups);
        }
        if (memberTimeout.getSeconds() < 2 || memberTimeout.getNano() != 0) {
            throw new IllegalArgumentException("the member timeout must be whole seconds, at least 2, not " + memberTimeout);
        }
    }

    /** The defaults for a cluster: a majority of its member list as quorum, backups as the cases have them or more. */
    public static OwnershipSettings defaults(ClusterSettings cluster) {
        int members = distinct(cluster.members());
        int quorum = members / 2 + 1;
        return new OwnershipSettings(DEFAULT_TTL, DEFAULT_MARGIN, quorum, backups(cluster, members, quorum),
                DEFAULT_MEMBER_TIMEOUT);
    }

    /** The same with another quorum ({@code VAXEL_CLUSTER_QUORUM}), backups raised to match if need be. */
    public OwnershipSettings withQuorum(int quorum, ClusterSettings cluster) {
        return new OwnershipSettings(ttl, margin, quorum, backups(cluster, distinct(cluster.members()), quorum), memberTimeout);
    }

    public OwnershipSettings withTiming(Duration ttl, Duration margin) {
        return new OwnershipSettings(ttl, margin, quorum, backups, memberTimeout);
    }

    public OwnershipSettings withMemberTimeout(Duration memberTimeout) {
        return new OwnershipSettings(ttl, margin, quorum, backups, memberTimeout);
    }

    /** How often the holder renews: a third of the TTL, so two renewals may fail before the deadline. */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /** How long after sending a grant or renewal request the holder may act on its answer. */
    public Duration actFor() {
        return ttl.minus(margin);
    }

    private static int backups(ClusterSettings cluster, int members, int quorum) {
        return Math.min(6, Math.max(cluster.backupCount(), members - quorum));
    }

    /** The members the list names: entries naming the same host and port once; a host alone counts as one. */
    public static int distinctMembers(ClusterSettings cluster) {
        return distinct(cluster.members());
    }

    /** Entries naming the same host and port once; a host alone counts as one member. */
    private static int distinct(List<String> members) {
        HashSet<String> seen = new HashSet<>();
        for (String m : members) {
            seen.add(m.trim().toLowerCase(Locale.ROOT));
        }
        return Math.max(1, seen.size());
    }
}
