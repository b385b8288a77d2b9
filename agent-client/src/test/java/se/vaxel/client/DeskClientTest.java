package se.vaxel.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardVerticle;
import se.vaxel.VaxelConfig;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.auth.Passwords;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The desk client against a real switchboard routing the simulator's citizen: log in, hello, available, the pop,
 * answered, a dropped connection resumed without losing or repeating anything, ended, wrap-up.
 */
class DeskClientTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void anAgentsDayAtTheDeskSurvivesADroppedConnection() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        Path users = dir.resolve("users.json");
        Files.writeString(users, new JsonArray().add(new JsonObject().put("id", "karin.sjoberg").put("name", "Karin Sjöberg")
                .put("roles", new JsonArray().add("agent")).put("passwordHash", new Passwords(4).hash(password))).encode());
        PbxSimulator pbx = PbxSimulator.start(SimConfig.builder("vaxel", "desk-client").seed(9).mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none()).agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(500), Duration.ofMillis(700))
                        .withTalk(Duration.ofMillis(2500), Duration.ofMillis(3000)).withMissedShare(0)).build());
        Vertx vertx = Vertx.vertx();
        try {
            SwitchboardVerticle sb = new SwitchboardVerticle(VaxelConfig.from(Map.of("VAXEL_HTTP_PORT", "0", "VAXEL_HTTP_HOST", "127.0.0.1",
                    "VAXEL_CLUSTER_NAME", "test-" + java.util.UUID.randomUUID(), "VAXEL_DB_URL", "jdbc:h2:mem:vaxel-" + java.util.UUID.randomUUID(),
                    "VAXEL_USERS_FILE", users.toString(), "VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_WRAP_UP_SECONDS", "60")),
                    AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "desk-client"), Clock.systemUTC());
            vertx.deployVerticle(sb).await(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> sb.link().isUp());
            String token = logIn(sb.httpPort(), password);
            URI desk = URI.create("ws://127.0.0.1:" + sb.httpPort() + "/api/desk");

            VaxelClientException refused = assertThrows(VaxelClientException.class, () -> DeskClient.connect(desk, "wrong"));
            assertTrue(refused.getMessage().contains("no welcome"), refused.getMessage());

            try (DeskClient karin = DeskClient.connect(desk, token)) {
                assertEquals("logged_out", karin.welcome().getJsonObject("agent").getString("state"));
                karin.available();
                assertEquals("available", karin.next("agentState", WAIT).getString("state"));
                VaxelClientException conflict = assertThrows(VaxelClientException.class, karin::endWrapUp);
                assertTrue(conflict.getMessage().startsWith("conflict:"), conflict.getMessage());

                String callId = pbx.placeCitizenCall("+46731230009", '3', Duration.ofSeconds(60));
                JsonObject pop = karin.next("pop", WAIT);
                assertNotNull(pop);
                assertEquals(callId, pop.getString("callId"));
                assertEquals("+46731230009", pop.getString("callerNumber"));
                assertEquals("schools", pop.getJsonObject("service").getString("id"));
                assertEquals("answered", karin.next("callUpdate", WAIT).getString("state"));

                karin.dropConnection();
                await().atMost(WAIT).until(() -> karin.reconnects() == 1 && karin.welcome() != null);
                assertEquals(callId, karin.welcome().getJsonArray("pops").getJsonObject(0).getString("callId"));
                assertEquals("ended", karin.next("callUpdate", WAIT).getString("state"));
                karin.endWrapUp();
                assertEquals("available", karin.next(m -> "agentState".equals(m.getString("type"))
                        && "available".equals(m.getString("state")), WAIT).getString("state"));
                assertEquals(null, karin.next("pop", Duration.ofMillis(200)), "the pop came once");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            pbx.close();
        }
    }

    private static String logIn(int port, String password) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("user", "karin.sjoberg").put("password", password).encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("token");
    }
}
