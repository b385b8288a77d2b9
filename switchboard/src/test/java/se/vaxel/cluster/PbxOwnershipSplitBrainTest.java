package se.vaxel.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.vaxel.cluster.OwnershipEvent.Lost;
import se.vaxel.cluster.TestCluster.Node;

/**
 * A real split of three members into two and one ({@link Links} resets every connection between them), with the one
 * alone owning both PBXs when it happens ({@link MinorityOwnerSplit}), then the network healing and Hazelcast merging
 * the clusters again.
 */
class PbxOwnershipSplitBrainTest {

    @Test
    void theMinorityStopsTheMajorityTakesOverAndAfterTheMergeTheMajoritysOwnersStay() throws Exception {
        try (TestCluster cluster = new TestCluster(3, List.of(), config -> {
            // Look for the other side every 2 s after a split, not after Hazelcast's 5 minutes.
            config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
            config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        })) {
            MinorityOwnerSplit split = new MinorityOwnerSplit(cluster);
            Node c = split.c;
            split.split(cluster.links::split);
            // Both sides noticed at once (the connections closed): c's renewals were refused below the quorum, or
            // one on its way when the links went was never answered.
            split.lost.values().forEach(l -> assertTrue(l.why() == Lost.Why.NO_QUORUM || l.why() == Lost.Why.EXPIRED, l.toString()));

            // The network heals; Hazelcast merges c back in, and the entries merge by the policy: the majority's
            // higher epochs stay, with their holders, so nothing changes hands.
            int cEvents = c.events.size();
            long healedAt = System.nanoTime();
            cluster.links.heal();
            await().atMost(Duration.ofSeconds(40)).until(() -> cluster.settled(3));
            System.out.printf("Merged %.1f s after the network healed%n", TestCluster.since(healedAt, System.nanoTime()));
            await().during(Duration.ofMillis(2 * cluster.settings.ttl().toMillis())).atMost(Duration.ofSeconds(10))
                    .until(() -> split.pbxs.stream().allMatch(p -> cluster.owner(p)
                            .map(n -> n != c && n.token(p).getAsLong() == split.majority.get(p)).orElse(false)));
            for (String pbx : split.pbxs) {
                PbxLease merged = c.register.hazelcast().<String, PbxLease>getMap(PbxOwnership.MAP).get(pbx);
                Node owner = cluster.owner(pbx).orElseThrow();
                assertEquals(split.majority.get(pbx), merged.token(), "the higher epoch, as c now reads it");
                assertEquals(owner.memberId, merged.holderMember());
            }
            assertEquals(cEvents, c.events.size(), "c took nothing after the merge either");
            split.watch.assertOneOwnerAtATime();
            split.watch.close();
            split.pbxs.forEach(p -> System.out.println("Owners of " + p + " seen: " + split.watch.owners(p)));
            assertTrue(split.pbxs.stream().allMatch(p -> split.watch.owners(p).size() == 2), "one handover each");
        }
    }
}
