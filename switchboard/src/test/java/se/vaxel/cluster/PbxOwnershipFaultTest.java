package se.vaxel.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.vaxel.cluster.OwnershipEvent.Acquired;
import se.vaxel.cluster.OwnershipEvent.Lost;
import se.vaxel.cluster.TestCluster.Node;

/**
 * An owner whose renewals stall, and a cluster shrunk below its quorum, with {@link OwnerWatch} sampling every
 * node's view all along.
 */
class PbxOwnershipFaultTest {

    private static final List<String> PBXS = List.of("pbx-north", "pbx-south");

    /** Three members; node 0 contends first (with {@code valve} on its way to the map) and owns both PBXs. */
    private static Node startWithNodeZeroOwning(TestCluster cluster, HeldRenewals valve) {
        Node first = cluster.members(3).get(0);
        cluster.contendFirst(first, valve);
        return first;
    }

    @Test
    void aPausedOwnerStepsDownBeforeAnotherCanTakeOverAndItsLateRenewalsChangeNothing() throws Exception {
        HeldRenewals valve = new HeldRenewals();
        try (TestCluster cluster = new TestCluster(3, PBXS, config -> { }); OwnerWatch watch = new OwnerWatch(cluster)) {
            Node paused = startWithNodeZeroOwning(cluster, valve);
            long northToken = paused.token("pbx-north").getAsLong();
            long pausedAt = System.nanoTime();
            valve.hold(HeldRenewals.Hold.REQUESTS);

            await().atMost(Duration.ofSeconds(10)).until(() -> PBXS.stream()
                    .allMatch(p -> cluster.owner(p).filter(n -> n != paused).isPresent()));
            for (String pbx : PBXS) {
                long token = pbx.equals("pbx-north") ? northToken : paused.events(Acquired.class, pbx).get(0).token();
                long stoppedAt = paused.heard(e -> e.equals(new Lost(pbx, token, Lost.Why.EXPIRED)));
                Node heir = cluster.owner(pbx).orElseThrow();
                java.util.function.Predicate<OwnershipEvent> taken = e -> e instanceof Acquired a && a.pbx().equals(pbx) && a.token() > token;
                await().atMost(Duration.ofSeconds(5)).until(() -> heir.heard(taken) >= 0); // events follow the fence
                long takenAt = heir.heard(taken);
                System.out.printf("%s: paused owner stopped %.3f s after the pause, the next owner began %.3f s after that%n",
                        pbx, TestCluster.since(pausedAt, stoppedAt), TestCluster.since(stoppedAt, takenAt));
                assertTrue(stoppedAt > 0, "stepped down on its own deadline: " + paused.events(Lost.class, pbx));
                assertTrue(stoppedAt < takenAt, "before anyone else began");
            }

            // The held renewals go out now, late: the lease is another's, so they are refused and change nothing.
            valve.letGo();
            await().during(Duration.ofMillis(2 * cluster.settings.ttl().toMillis())).atMost(Duration.ofSeconds(10))
                    .until(() -> PBXS.stream().allMatch(p -> cluster.owner(p).filter(n -> n != paused).isPresent()));
            assertEquals(1, paused.events(Acquired.class, "pbx-north").size(), "no second ownership for the paused node");
            watch.assertOneOwnerAtATime();
        }
    }

    @Test
    void aRenewalAnsweredTooLateEndsTheOwnershipAndTheOwnerComesBackUnderAHigherToken() throws Exception {
        HeldRenewals valve = new HeldRenewals();
        try (TestCluster cluster = new TestCluster(3, PBXS, config -> { }); OwnerWatch watch = new OwnerWatch(cluster)) {
            Node slow = startWithNodeZeroOwning(cluster, valve);
            long token = slow.token("pbx-north").getAsLong();
            // Applied in the map (the lease is extended there) but answered after the owner's deadline.
            valve.hold(HeldRenewals.Hold.ANSWERS);
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.events(Lost.class, "pbx-north").size() == 1);
            assertEquals(new Lost("pbx-north", token, Lost.Why.EXPIRED), slow.events(Lost.class, "pbx-north").get(0));
            valve.letGo();
            // The map still names it, so nobody else could take it; it takes it back itself, under a new token.
            await().atMost(Duration.ofSeconds(10)).until(() -> slow.token("pbx-north").isPresent());
            assertTrue(slow.token("pbx-north").getAsLong() > token);
            watch.assertOneOwnerAtATime();
            assertEquals(List.of("0:" + token, "0:" + slow.token("pbx-north").getAsLong()), watch.owners("pbx-north"));
        }
    }

    @Test
    void belowTheQuorumTheSurvivorStepsDownAndTakesNothingUntilAMemberReturns() throws Exception {
        try (TestCluster cluster = new TestCluster(3, PBXS, config -> { }); OwnerWatch watch = new OwnerWatch(cluster)) {
            cluster.startAll(3);
            Node survivor = cluster.owner("pbx-north").orElseThrow();
            long token = survivor.token("pbx-north").getAsLong();
            long killedAt = System.nanoTime();
            for (Node n : List.copyOf(cluster.nodes())) {
                if (n != survivor) {
                    n.kill();
                }
            }
            // Alone, one member of the three configured, below the quorum of two: it stops, and takes nothing.
            await().atMost(Duration.ofSeconds(10)).until(() -> PBXS.stream().allMatch(p -> survivor.token(p).isEmpty()));
            // The fence closes at once; the event follows on the ownership's own thread.
            await().atMost(Duration.ofSeconds(5)).until(() -> !survivor.events(Lost.class, "pbx-north").isEmpty());
            Lost lost = survivor.events(Lost.class, "pbx-north").get(0);
            System.out.printf("Survivor below the quorum stopped %.3f s after the others died: %s%n",
                    TestCluster.since(killedAt, survivor.heard(e -> e.equals(lost))), lost);
            assertEquals(token, lost.token());
            assertTrue(lost.why() == Lost.Why.NO_QUORUM || lost.why() == Lost.Why.EXPIRED, lost.toString());
            int acquired = survivor.events.size();
            await().during(Duration.ofMillis(3 * cluster.settings.ttl().toMillis())).atMost(Duration.ofSeconds(10))
                    .until(() -> PBXS.stream().allMatch(p -> cluster.owner(p).isEmpty()));
            assertEquals(acquired, survivor.events.size(), "nothing acquired while alone");

            // A member returns: two of three, the quorum again; the PBXs are owned again, under higher tokens.
            Node back = cluster.start(survivor.index == 0 ? 1 : 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> PBXS.stream().allMatch(p -> cluster.owner(p).isPresent()));
            assertTrue(cluster.owner("pbx-north").orElseThrow().token("pbx-north").getAsLong() > token);
            assertTrue(back.clusterSize() == 2);
            watch.assertOneOwnerAtATime();
        }
    }
}
