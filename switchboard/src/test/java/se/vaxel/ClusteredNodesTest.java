package se.vaxel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.auth.Account;
import se.vaxel.auth.Passwords;
import se.vaxel.auth.Staff;
import se.vaxel.auth.Users;

/**
 * Two nodes on loopback as Main starts them: each opens the database and its Hazelcast member first, then Vert.x
 * clustered on that member. They form one cluster, not two: one member each, one register, sessions valid on both,
 * and an event bus that reaches from one node's Vert.x to the other's.
 */
class ClusteredNodesTest {

    private static final String PASSWORD = "a password of the test";
    private final HttpClient http = HttpClient.newHttpClient();

    private static final AmiClientConfig NOWHERE = AmiClientConfig.of("127.0.0.1", 1, "vaxel", "unused");

    @Test
    void twoNodesAreOneClusterForTheRegisterTheSessionsAndTheEventBus() throws Exception {
        int[] ports = {FreePorts.one(), FreePorts.one()};
        String cluster = "nodes-" + java.util.UUID.randomUUID();
        String db = "jdbc:h2:mem:" + cluster + ";DB_CLOSE_DELAY=-1";
        Users users = Users.of(List.of(new Account(new Staff("supervisor", "Test supervisor", Set.of(Staff.SUPERVISOR), Set.of()),
                new Passwords(4).hash(PASSWORD))));
        int instancesBefore = Hazelcast.getAllHazelcastInstances().size();
        try (TestNode a = TestNode.start(TestNode.settings(cluster, db, ports, 0), users, NOWHERE);
                TestNode b = TestNode.start(TestNode.settings(cluster, db, ports, 1), users, NOWHERE)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.shared().register().hazelcast().getCluster().getMembers().size() == 2);
            assertEquals(instancesBefore + 2, Hazelcast.getAllHazelcastInstances().size(), "Vert.x made no member of its own");
            assertTrue(a.vertx().isClustered() && b.vertx().isClustered());

            // The event bus: a consumer on b answers a request sent on a.
            b.vertx().eventBus().<String>consumer("vaxel.test.ping", m -> m.reply("pong from b"));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "pong from b".equals(
                    a.vertx().eventBus().<String>request("vaxel.test.ping", "hi").await(2, TimeUnit.SECONDS).body()));

            // A session opened on a is good on b (the sessions map is the cluster's), and so is the register.
            JsonObject login = post(a, "/api/session", new JsonObject().put("user", "supervisor").put("password", PASSWORD));
            String token = login.getString("token");
            JsonObject me = get(b, "/api/session", token);
            assertEquals("supervisor", me.getJsonObject("user").getString("id"), me.encode());
            a.shared().register().create(se.vaxel.cases.Case.opened("case-on-a", "+46701740611", java.time.Instant.now()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("case-on-a", get(b, "/api/cases/case-on-a", token).getString("id"));
        }
        assertEquals(instancesBefore, Hazelcast.getAllHazelcastInstances().size(), "both members left");
    }

    private JsonObject post(TestNode n, String path, JsonObject body) throws Exception {
        return send(HttpRequest.newBuilder(uri(n, path)).POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    private JsonObject get(TestNode n, String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(n, path)).header("Authorization", "Bearer " + token));
    }

    private JsonObject send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static URI uri(TestNode n, String path) {
        return URI.create("http://127.0.0.1:" + n.switchboard().httpPort() + path);
    }
}
