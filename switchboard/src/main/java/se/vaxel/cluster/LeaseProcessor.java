package se.vaxel.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Applies a {@link LeaseRequest} where the PBX's entry lives, by {@link LeaseRules}, on that member's clocks.
 * <p>
 * It first counts the members this one sees: below the quorum it refuses. Hazelcast's split-brain protection on the
 * map does the same before the processor runs, but updates its verdict on another thread after a membership change;
 * the count here is read as the operation runs.
 * <p>
 * Backups get the value the primary wrote ({@link ReplicateLease}), never a second run of the rules on the
 * backup's clock: the replicas must agree on who holds the lease and under which member's clock.
 */
final class LeaseProcessor implements EntryProcessor<String, PbxLease, LeaseAnswer>, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final LeaseRequest request;
    private final long ttlNanos;
    private final int quorum;
    private transient HazelcastInstance hazelcast;
    private transient PbxLease written;

    LeaseProcessor(LeaseRequest request, long ttlNanos, int quorum) {
        this.request = request;
        this.ttlNanos = ttlNanos;
        this.quorum = quorum;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public LeaseAnswer process(Map.Entry<String, PbxLease> entry) {
        written = null;
        Cluster cluster = hazelcast.getCluster();
        int members = cluster.getMembers().size();
        if (members < quorum) {
            return new LeaseAnswer.NoQuorum(members, quorum);
        }
        LeaseRules.Outcome outcome = LeaseRules.decide(entry.getValue(), request, new LeaseRules.Here(
                cluster.getLocalMember().getUuid().toString(), System.nanoTime(), System.currentTimeMillis(), ttlNanos));
        if (outcome.next() != null) {
            entry.setValue(outcome.next());
            written = outcome.next();
        }
        return outcome.answer();
    }

    @Override
    public EntryProcessor<String, PbxLease, LeaseAnswer> getBackupProcessor() {
        return written == null ? null : new ReplicateLease(written);
    }

    /** Sets on a backup exactly what the primary wrote. */
    record ReplicateLease(PbxLease lease) implements EntryProcessor<String, PbxLease, LeaseAnswer> {
        @Override
        public LeaseAnswer process(Map.Entry<String, PbxLease> entry) {
            entry.setValue(lease);
            return null;
        }

        @Override
        public EntryProcessor<String, PbxLease, LeaseAnswer> getBackupProcessor() {
            return null;
        }
    }
}
