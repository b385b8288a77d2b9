package se.vaxel;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.auth.Users;
import se.vaxel.routing.ContactCentre;

/**
 * One Växel node as Main starts one (the database and the Hazelcast member first, then Vert.x clustered on that member,
 * then the switchboard), for tests of several nodes on loopback. {@link #kill()} ends it as a crash would: its cluster
 * connections and its AMI connection drop at once, nothing is handed over.
 */
record TestNode(SharedState shared, Vertx vertx, SwitchboardVerticle switchboard) implements AutoCloseable {

    /** The settings of node {@code which} of a cluster of members on these ports (Hazelcast), one database. */
    static Map<String, String> settings(String cluster, String db, int[] ports, int which) {
        StringBuilder members = new StringBuilder();
        for (int p : ports) {
            members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
        }
        Map<String, String> s = new HashMap<>(Map.of("VAXEL_CLUSTER_NAME", cluster, "VAXEL_CLUSTER_PORT", Integer.toString(ports[which]),
                "VAXEL_CLUSTER_MEMBERS", members.toString(), "VAXEL_DB_URL", db,
                "VAXEL_HTTP_PORT", "0", "VAXEL_HTTP_HOST", "127.0.0.1"));
        s.put("VAXEL_AMI_HOST", "127.0.0.1");
        s.put("VAXEL_AMI_SECRET", "unused");
        return s;
    }

    /**
     * The same for a node routing the simulator on {@code amiPort} under a lease of {@code leaseSeconds}: quick wrap-ups
     * and no opening hours, so a test's calls are routed at any hour.
     */
    static Map<String, String> onSimulator(String cluster, String db, int[] ports, int which, int amiPort, String secret,
            String leaseSeconds) {
        Map<String, String> s = settings(cluster, db, ports, which);
        s.put("VAXEL_AMI_PORT", Integer.toString(amiPort));
        s.put("VAXEL_AMI_SECRET", secret);
        s.put("VAXEL_PBX_LEASE_SECONDS", leaseSeconds);
        s.put("VAXEL_WRAP_UP_SECONDS", "1");
        s.put("VAXEL_OPENING_HOURS", "ignore");
        return s;
    }

    /** Waits for the one living node that owns the PBX with its AMI link up; fails if two own it. */
    static TestNode owner(List<TestNode> nodes) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nodes.stream()
                .filter(n -> n.alive() && n.switchboard().ownsPbx() && n.switchboard().link().isUp()).count() == 1);
        List<TestNode> owners = nodes.stream().filter(n -> n.alive() && n.switchboard().ownsPbx()).toList();
        org.junit.jupiter.api.Assertions.assertEquals(1, owners.size(), "one owner");
        return owners.get(0);
    }

    static TestNode start(Map<String, String> settings, Users users, AmiClientConfig ami) throws Exception {
        VaxelConfig config = VaxelConfig.from(settings);
        SharedState shared = SharedState.startForVertx(config);
        Vertx vertx = shared.clusteredVertx(config).await(30, TimeUnit.SECONDS);
        SwitchboardVerticle switchboard = new SwitchboardVerticle(config, ContactCentre.load(null), users, ami, Clock.systemUTC(), shared);
        vertx.deployVerticle(switchboard).await(30, TimeUnit.SECONDS);
        return new TestNode(shared, vertx, switchboard);
    }

    OnContext onLoop() {
        return new OnContext(switchboard.eventLoop());
    }

    int httpPort() {
        return switchboard.httpPort();
    }

    /**
     * As a crash: the member's connections cut (Hazelcast's terminate, no goodbye), the AMI connection closed. What is
     * left (its HTTP server, timers) is closed in the background, as the dead process's would simply be gone.
     */
    void kill() {
        shared.register().hazelcast().getLifecycleService().terminate();
        switchboard.link().close();
        Thread t = new Thread(() -> {
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a dead node's leftovers: nothing to report
            }
        }, "killed-node-cleanup");
        t.setDaemon(true);
        t.start();
    }

    boolean alive() {
        return shared.register().hazelcast().getLifecycleService().isRunning();
    }

    @Override
    public void close() throws Exception {
        if (!alive()) {
            return;
        }
        vertx.close().await(30, TimeUnit.SECONDS); // leaves the Vert.x cluster through the member...
        shared.close(); // ...which leaves last
    }

    /** Closes them all, the last first, each even if another failed. */
    static void closeAll(List<TestNode> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (Exception e) {
                System.err.println("node " + i + " not closed: " + e);
            }
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
