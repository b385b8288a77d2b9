package se.vaxel.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import se.vaxel.cluster.OwnershipEvent.Acquired;
import se.vaxel.cluster.OwnershipEvent.Lost;
import se.vaxel.cluster.TestCluster.Node;

/**
 * The split the split-brain tests share: three members a, b, c; c owns both PBXs, one whose entry lives on c and
 * one whose entry lives on the majority side; then c is cut off from a and b. Checks that c stops before a or b
 * begins, each PBX under a higher token, and that c, alone below the quorum, then takes nothing.
 */
final class MinorityOwnerSplit {

    final TestCluster cluster;
    final Node a;
    final Node b;
    final Node c;
    /** The PBX whose entry lives on c, then the one whose entry lives on a or b. */
    final List<String> pbxs;
    /** How each PBX's ownership on c ended. */
    final Map<String, Lost> lost = new HashMap<>();
    /** The tokens a and b own the PBXs under after the split. */
    final Map<String, Long> majority = new HashMap<>();
    final OwnerWatch watch;

    MinorityOwnerSplit(TestCluster cluster) {
        this.cluster = cluster;
        List<Node> members = cluster.members(3);
        a = members.get(0);
        b = members.get(1);
        c = members.get(2);
        pbxs = List.of(TestCluster.pbxWithEntry(c, true), TestCluster.pbxWithEntry(c, false));
        cluster.pbxs = pbxs;
        watch = new OwnerWatch(cluster);
        cluster.contendFirst(c, UnaryOperator.identity());
    }

    /** Cuts c off with {@code cut} and checks the handover; returns how long each took, for the report. */
    void split(java.util.function.Consumer<Set<String>> cut) {
        Map<String, Long> before = c.ownership.owned();
        long splitAt = System.nanoTime();
        cut.accept(Set.of(TestCluster.host(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> pbxs.stream()
                .allMatch(p -> c.token(p).isEmpty() && cluster.owner(p).filter(n -> n == a || n == b).isPresent()));
        // The fences change at once; the events follow on each ownership's own thread.
        await().atMost(Duration.ofSeconds(5)).until(() -> pbxs.stream().allMatch(p -> !c.events(Lost.class, p).isEmpty()
                && cluster.owner(p).map(h -> h.events(Acquired.class, p).stream().anyMatch(e -> h.token(p).equals(
                        java.util.OptionalLong.of(e.token())))).orElse(false)));
        for (String pbx : pbxs) {
            Lost l = c.events(Lost.class, pbx).get(0);
            Node heir = cluster.owner(pbx).orElseThrow();
            long token = heir.token(pbx).getAsLong();
            long stoppedAt = c.heard(e -> e.equals(l));
            long takenAt = heir.heard(e -> e.equals(new Acquired(pbx, token)));
            System.out.printf("%s (entry on the %s): c stopped %.2f s after the split (%s), node %d began %.2f s after the"
                    + " split under token %d%n", pbx, pbx.equals(pbxs.get(0)) ? "minority" : "majority",
                    TestCluster.since(splitAt, stoppedAt), l.why(), heir.index, TestCluster.since(splitAt, takenAt), token);
            assertEquals(before.get(pbx), l.token());
            assertTrue(stoppedAt < takenAt && token > l.token(), "c stopped before another began, under a higher token");
            lost.put(pbx, l);
            majority.put(pbx, token);
        }
        // Apart, c is a cluster of one, below the quorum: it takes nothing, however long the split lasts.
        await().atMost(Duration.ofSeconds(20)).until(() -> c.clusterSize() == 1 && a.clusterSize() == 2);
        int cEvents = c.events.size();
        await().during(Duration.ofMillis(3 * cluster.settings.ttl().toMillis())).atMost(Duration.ofSeconds(10))
                .until(() -> pbxs.stream().allMatch(p -> c.token(p).isEmpty()
                        && cluster.owner(p).map(n -> n.token(p).getAsLong() == majority.get(p)).orElse(false)));
        assertEquals(cEvents, c.events.size(), "nothing acquired by the minority");
    }
}
