package se.vaxel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.vaxel.cluster.OwnershipEvent.Lost;

/**
 * A split that drops packets instead of resetting connections ({@link Links#splitSilently}): until the heartbeat
 * timeout, every member still counts the others, so the quorum stands on both sides. The owner cut off still stops
 * in time: its renewals wait for a backup's acknowledgement from across the split and come too late to count.
 */
class PbxOwnershipSilentSplitTest {

    @Test
    @org.junit.jupiter.api.Disabled("Known bug, kept as its reproducer: with a second test JVM busy beside it, the majority "
            + "once did not take over within 30 s of a silent split (it takes 10-12 s alone). Not yet known whether the takeover "
            + "stalls or is only slow under load; find out before the ownership drives the AMI link (cluster/README.md)")
    void theCutOffOwnerStopsOnItsDeadlineWhileTheQuorumStillStands() throws Exception {
        // The silence is noticed after the tests' member timeout, 6 s.
        try (TestCluster cluster = new TestCluster(3, List.of(), config -> { })) {
            MinorityOwnerSplit split = new MinorityOwnerSplit(cluster);
            split.split(cluster.links::splitSilently);
            split.lost.values().forEach(l -> assertEquals(Lost.Why.EXPIRED, l.why(), "its deadline, before any quorum check: " + l));
            split.watch.assertOneOwnerAtATime();
            split.watch.close();
        }
    }
}
