package se.vaxel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClient;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.auth.Users;
import se.vaxel.cases.Case;
import se.vaxel.cluster.PbxLease;
import se.vaxel.cluster.PbxOwnership;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * An owner that loses its lease while alive and connected (here: the lease is taken from it in the map, as a renewal
 * refused would after a split), during traffic: it stands its link by before any other node logs in to the PBX, and
 * the next owner carries on. A sampler reads every node's AMI client a thousand times a second: never two logged in.
 */
class LeaseLossTest {

    private static final String SECRET = "lease-loss-secret";

    @Test
    void anOwnerThatLosesItsLeaseWhileAliveStopsBeforeTheNextOneStarts() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(5).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(400))
                        .withTalk(Duration.ofMillis(500), Duration.ofMillis(900)).withMissedShare(0))
                .build();
        int[] ports = {FreePorts.one(), FreePorts.one(), FreePorts.one()};
        String cluster = "lease-loss-" + java.util.UUID.randomUUID();
        String db = "jdbc:h2:mem:" + cluster + ";DB_CLOSE_DELAY=-1";
        List<TestNode> nodes = new ArrayList<>();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger mostUp = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                int up = 0;
                for (TestNode n : List.copyOf(nodes)) {
                    up += n.switchboard().link().client().state() == AmiClient.State.UP ? 1 : 0;
                }
                mostUp.accumulateAndGet(up, Math::max);
                samples.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }, "lease-loss-sampler");
        try (PbxSimulator pbx = PbxSimulator.start(sim)) {
            AmiClientConfig ami = AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET)
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500));
            for (int i = 0; i < 3; i++) {
                nodes.add(TestNode.start(TestNode.onSimulator(cluster, db, ports, i, pbx.port(), SECRET, "1.5"), Users.NONE, ami));
            }
            sampler.start();
            TestNode owner = TestNode.owner(nodes);

            List<String> calls = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                traffic.schedule(() -> calls.add(pbx.placeCitizenCall(String.format("+467011140%02d", n), "1234".charAt(n % 4),
                        Duration.ofSeconds(120))), 300L * i, TimeUnit.MILLISECONDS);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> calls.size() >= 6);

            // The lease taken from the owner (a holder that never renews): its next renewal is refused.
            com.hazelcast.map.IMap<String, PbxLease> leases = owner.shared().register().hazelcast().getMap(PbxOwnership.MAP);
            PbxLease held = leases.get("pbx");
            leases.put("pbx", new PbxLease("someone-else", null, held.token() + 1, System.nanoTime() + 1_500_000_000L,
                    owner.shared().register().hazelcast().getCluster().getLocalMember().getUuid().toString()));
            await().atMost(Duration.ofSeconds(5)).until(() -> owner.switchboard().link().client().state() == AmiClient.State.STANDBY);
            TestNode next = TestNode.owner(nodes);

            await().atMost(Duration.ofSeconds(20)).until(() -> calls.size() == 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (String call : calls) {
                    Case c = next.shared().register().get(call).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    if (c == null || c.outcome() == Case.Outcome.OPEN) {
                        return false;
                    }
                }
                return true;
            });
            sampling.set(false);
            sampler.join(5_000);
            assertTrue(samples.get() > 1_000, "sampled all along: " + samples.get());
            assertEquals(1, mostUp.get(), "never two nodes logged in to the PBX at once");
            assertEquals(0, pbx.errors());
            long answered = 0;
            for (String call : calls) {
                Case c = next.shared().register().get(call).toCompletableFuture().get(10, TimeUnit.SECONDS);
                answered += c.outcome() == Case.Outcome.ANSWERED ? 1 : 0;
            }
            assertTrue(answered >= 18, "the calls were answered across the change of owner: " + answered + " of 20");
        } finally {
            sampling.set(false);
            traffic.shutdownNow();
            TestNode.closeAll(nodes);
        }
    }
}
