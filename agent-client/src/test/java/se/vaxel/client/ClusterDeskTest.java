package se.vaxel.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SharedState;
import se.vaxel.SwitchboardVerticle;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.auth.Passwords;
import se.vaxel.auth.Users;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;
import se.vaxel.routing.ContactCentre;

/**
 * An agent's desk on a clustered switchboard: three nodes on loopback, one owning the simulated PBX. The desk
 * connects to a node that does not own it and gets its pops through it; the owner dies and the desk, closed with
 * 1012, comes back with its agent still available (carried over by the next owner) and gets the next pop; then the
 * desk's own node dies and the desk goes on through another node.
 */
class ClusterDeskTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "cluster-desk";

    @TempDir
    Path dir;

    /** One node as Main starts one; {@link #kill()} ends it as a crash would. */
    private record Node(SharedState shared, Vertx vertx, SwitchboardVerticle switchboard) {

        static Node start(Map<String, String> settings, int amiPort) throws Exception {
            VaxelConfig config = VaxelConfig.from(settings);
            SharedState shared = SharedState.startForVertx(config);
            Vertx vertx = shared.clusteredVertx(config).await(30, TimeUnit.SECONDS);
            SwitchboardVerticle sb = new SwitchboardVerticle(config, ContactCentre.load(null), config.auth().users(),
                    AmiClientConfig.of("127.0.0.1", amiPort, "vaxel", SECRET).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)),
                    Clock.systemUTC(), shared);
            vertx.deployVerticle(sb).await(30, TimeUnit.SECONDS);
            return new Node(shared, vertx, sb);
        }

        boolean alive() {
            return shared.register().hazelcast().getLifecycleService().isRunning();
        }

        void kill() {
            shared.register().hazelcast().getLifecycleService().terminate();
            switchboard.link().close();
            vertx.close(); // what is left of a dead node: not waited for
        }

        void close() {
            if (alive()) {
                try {
                    vertx.close().await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("node not closed: " + e);
                }
                shared.close();
            }
        }

        URI desk() {
            return URI.create("ws://127.0.0.1:" + switchboard.httpPort() + "/api/desk");
        }
    }

    @Test
    void aDeskOnAnyNodeKeepsItsPopsWhenTheOwnerOrItsOwnNodeDies() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        Path users = dir.resolve("users.json");
        Files.writeString(users, new JsonArray().add(new JsonObject().put("id", "anna.lind").put("name", "Anna Lind")
                .put("roles", new JsonArray().add("agent")).put("passwordHash", new Passwords(4).hash(password))).encode());
        int[] ports = {freePort(), freePort(), freePort()};
        String cluster = "cluster-desk-" + java.util.UUID.randomUUID();
        List<Node> nodes = new ArrayList<>();
        try (PbxSimulator pbx = PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(11).mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none()).agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(300), Duration.ofMillis(500))
                        .withTalk(Duration.ofMillis(1000), Duration.ofMillis(1500)).withMissedShare(0)).build())) {
            for (int i = 0; i < 3; i++) {
                nodes.add(Node.start(settings(cluster, ports, i, users, pbx.port()), pbx.port()));
            }
            Node owner = owner(nodes);
            Node front = nodes.stream().filter(n -> n != owner).findFirst().orElseThrow();
            List<URI> desks = new ArrayList<>(List.of(front.desk()));
            nodes.stream().filter(n -> n != front).forEach(n -> desks.add(n.desk()));
            String token = logIn(front.switchboard().httpPort(), password);

            try (DeskClient anna = DeskClient.connect(HttpClient.newHttpClient(), desks, token)) {
                // Through a node that does not own the PBX: forwarded to the one that does.
                assertEquals("logged_out", anna.welcome().getJsonObject("agent").getString("state"));
                anna.available();
                assertEquals("available", anna.next("agentState", WAIT).getString("state"));
                takesACall(pbx, anna, "+46731240001");

                // The owner dies: the desk is closed with 1012, comes back, finds Anna available, and gets pops.
                owner.kill();
                Node next = owner(nodes);
                await().atMost(WAIT).until(() -> anna.reconnects() >= 1 && anna.welcome() != null);
                assertEquals("available", anna.welcome().getJsonObject("agent").getString("state"),
                        "carried over by the next owner: " + anna.welcome().encode());
                takesACall(pbx, anna, "+46731240002");

                // The dead node comes back (three again, so the owner keeps a majority), then the desk's own node dies.
                int dead = nodes.indexOf(owner);
                nodes.set(dead, Node.start(settings(cluster, ports, dead, users, pbx.port()), pbx.port()));
                await().atMost(WAIT).until(() -> next.shared().register().hazelcast().getCluster().getMembers().size() == 3);
                Node desksNode = nodes.stream().filter(n -> n.alive() && n.desk().equals(anna.node())).findFirst().orElseThrow();
                long reconnects = anna.reconnects();
                desksNode.kill();
                owner(nodes);
                await().atMost(WAIT).until(() -> anna.reconnects() > reconnects && anna.welcome() != null);
                assertNotEquals(desksNode.desk(), anna.node(), "on another node now");
                assertEquals("available", anna.welcome().getJsonObject("agent").getString("state"));
                takesACall(pbx, anna, "+46731240003");
            }
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    /** A citizen for social services: the pop comes to Anna's desk, she answers, talks, and is available again. */
    private static void takesACall(PbxSimulator pbx, DeskClient anna, String number) throws Exception {
        String callId = pbx.placeCitizenCall(number, '1', Duration.ofSeconds(60));
        JsonObject pop = anna.next(m -> "pop".equals(m.getString("type")) && callId.equals(m.getString("callId")), WAIT);
        assertNotNull(pop, "the pop of " + callId);
        assertEquals(number, pop.getString("callerNumber"));
        assertNotNull(anna.next(m -> "agentState".equals(m.getString("type")) && "available".equals(m.getString("state")), WAIT),
                "available again after the call and its wrap-up");
    }

    private static Node owner(List<Node> nodes) {
        await().atMost(WAIT).until(() -> nodes.stream().filter(n -> n.alive() && n.switchboard().ownsPbx()
                && n.switchboard().link().isUp()).count() == 1);
        return nodes.stream().filter(n -> n.alive() && n.switchboard().ownsPbx()).findFirst().orElseThrow();
    }

    private static Map<String, String> settings(String cluster, int[] ports, int which, Path users, int amiPort) {
        Map<String, String> s = new HashMap<>();
        s.put("VAXEL_CLUSTER_NAME", cluster);
        s.put("VAXEL_CLUSTER_PORT", Integer.toString(ports[which]));
        s.put("VAXEL_CLUSTER_MEMBERS", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2]);
        s.put("VAXEL_DB_URL", "jdbc:h2:mem:" + cluster + ";DB_CLOSE_DELAY=-1");
        s.put("VAXEL_HTTP_PORT", "0");
        s.put("VAXEL_HTTP_HOST", "127.0.0.1");
        s.put("VAXEL_USERS_FILE", users.toString());
        s.put("VAXEL_AMI_HOST", "127.0.0.1");
        s.put("VAXEL_AMI_PORT", Integer.toString(amiPort));
        s.put("VAXEL_AMI_SECRET", SECRET);
        s.put("VAXEL_PBX_LEASE_SECONDS", "1.5");
        s.put("VAXEL_AGENTS_LOGGED_IN_AT_START", "false");
        s.put("VAXEL_OPENING_HOURS", "ignore");
        s.put("VAXEL_WRAP_UP_SECONDS", "1");
        return s;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String logIn(int port, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", "anna.lind").put("password", password).encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("token");
    }
}
