package se.vaxel.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardVerticle;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/** The client against a real switchboard that follows the built-in simulator. */
class VaxelClientTest {

    private PbxSimulator pbx;
    private Vertx vertx;
    private VaxelClient client;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;
    private URI base;
    private String token;

    @BeforeEach
    void start() throws Exception {
        // A supervisor: the live calls and queues are for those who watch the contact centre.
        String password = "pw-" + java.util.UUID.randomUUID();
        java.nio.file.Path users = dir.resolve("users.json");
        java.nio.file.Files.writeString(users, new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject()
                .put("id", "sara.supervisor").put("name", "Sara").put("roles", new io.vertx.core.json.JsonArray().add("supervisor"))
                .put("passwordHash", new se.vaxel.auth.Passwords(4).hash(password))).encode());
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", "client-test").seed(7).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withMissedShare(1.0)).build());
        vertx = Vertx.vertx();
        SwitchboardVerticle sb = new SwitchboardVerticle(
                VaxelConfig.from(Map.of("VAXEL_HTTP_PORT", "0", "VAXEL_HTTP_HOST", "127.0.0.1", "VAXEL_CLUSTER_NAME", "test-" + java.util.UUID.randomUUID(), "VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID(),
                        "VAXEL_USERS_FILE", users.toString())),
                AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "client-test"), Clock.systemUTC());
        vertx.deployVerticle(sb).await(30, TimeUnit.SECONDS); // the cluster join may wait on other members on this machine
        base = URI.create("http://127.0.0.1:" + sb.httpPort());
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                base.resolve("/api/session")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject()
                .put("user", "sara.supervisor").put("password", password).encode())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        token = new io.vertx.core.json.JsonObject(r.body()).getString("token");
        client = new VaxelClient(base, Duration.ofSeconds(5), token);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        pbx.close();
    }

    @Test
    void followsACitizenFromArrivalToHangUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.health().up());
        assertEquals(5, client.queues().size(), "the shipped services are listed while empty");

        String id = pbx.placeCitizenCall("+46705551234", '3', Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(20)).until(() -> client.liveCalls().stream()
                .anyMatch(c -> c.id().equals(id) && "schools".equals(c.service())));
        VaxelClient.ServiceQueue schools = client.queues().stream().filter(q -> q.service().equals("schools")).findFirst().orElseThrow();
        assertEquals(1, schools.waiting());

        await().atMost(Duration.ofSeconds(20)).until(() -> client.finishedCalls().size() == 1);
        VaxelClient.FinishedCall done = client.finishedCalls().get(0);
        assertEquals(id, done.id());
        assertEquals("+46705551234", done.callerNumber());
        assertEquals("abandoned", done.outcome());
        assertTrue(done.waitSeconds() > 2, "waited about 3 s: " + done.waitSeconds());
        assertTrue(client.liveCalls().isEmpty());
    }

    @Test
    void theLiveCallsNeedALogIn() {
        VaxelClientException e = assertThrows(VaxelClientException.class, new VaxelClient(base)::liveCalls);
        assertEquals(401, e.status());
        assertTrue(new VaxelClient(base).health().amiState() != null, "the health needs none");
    }

    @Test
    void anErrorCarriesTheHttpStatus() {
        VaxelClient wrong = new VaxelClient(URI.create("http://127.0.0.1:1"), Duration.ofMillis(500));
        VaxelClientException e = assertThrows(VaxelClientException.class, wrong::liveCalls);
        assertEquals(-1, e.status());
    }
}
