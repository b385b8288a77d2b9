package se.vaxel.desks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The desk socket's rules against a real switchboard over real TCP: hello first with a valid token (else 4401),
 * bad messages answered with an error and the connection kept, and each command refused without its role.
 */
class DeskProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static PbxSimulator pbx;
    private static SwitchboardHarness sb;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", "desk-secret").seed(5).traffic(SimConfig.Traffic.none()).build());
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "desk-secret"),
                Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false"), Map.of("anna.lind", List.of("agent")));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close();
        sb.close();
        pbx.close();
    }

    private DeskProbe open() {
        return DeskProbe.connect(vertx, sb.deskUri());
    }

    private DeskProbe loggedIn(String user) {
        DeskProbe d = open();
        d.hello(sb.login(user));
        JsonObject welcome = d.next("welcome", WAIT);
        assertEquals(user, welcome.getJsonObject("user").getString("id"));
        return d;
    }

    @Test
    void aBadTokenOrAnythingBeforeHelloIsClosedWith4401() {
        try (DeskProbe d = open()) {
            d.hello("not-a-token");
            JsonObject e = d.next(WAIT);
            assertEquals("error", e.getString("type"));
            assertEquals("unauthenticated", e.getString("code"));
            await().atMost(WAIT).until(() -> d.closeCode() != null);
            assertEquals((short) 4401, d.closeCode());
        }
        try (DeskProbe d = open()) {
            d.send(new JsonObject().put("type", "ping").put("id", "p1"));
            assertEquals("unauthenticated", d.next(WAIT).getString("code"));
            await().atMost(WAIT).until(() -> d.closeCode() != null);
            assertEquals((short) 4401, d.closeCode());
        }
        try (DeskProbe d = open()) {
            d.send("{not json");
            assertEquals("unauthenticated", d.next(WAIT).getString("code"));
            await().atMost(WAIT).until(() -> d.closeCode() != null);
            assertEquals((short) 4401, d.closeCode());
        }
    }

    @Test
    void aLoggedOutTokenIsRefused() {
        String token = sb.login("agent");
        assertEquals(204, sb.request("DELETE", "/api/session", null, token).getInteger("_status"));
        try (DeskProbe d = open()) {
            d.hello(token);
            assertEquals("unauthenticated", d.next(WAIT).getString("code"));
            await().atMost(WAIT).until(() -> d.closeCode() != null);
            assertEquals((short) 4401, d.closeCode());
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStays() {
        try (DeskProbe d = loggedIn("anna.lind")) {
            d.send("{not json");
            JsonObject e = d.next("error", WAIT);
            assertEquals("bad_message", e.getString("code"));
            assertTrue(e.getString("message").startsWith("not JSON"), e.encode());

            JsonObject unknown = d.ask(new JsonObject().put("type", "dance").put("id", "u1"));
            assertEquals("bad_message", unknown.getString("code"));
            assertTrue(unknown.getString("message").contains("dance"), unknown.encode());

            JsonObject missing = d.ask(new JsonObject().put("type", "pause").put("id", "m1"));
            assertEquals("error", missing.getString("type"));
            assertEquals("reason: missing", missing.getString("message"));

            JsonObject wrongKind = d.ask(new JsonObject().put("type", "transfer").put("id", "w1").put("caseId", 12)
                    .put("department", "x").put("summary", "y"));
            assertEquals("caseId: must be text", wrongKind.getString("message"));

            d.send(new JsonObject().put("type", "ping"));
            assertEquals("id: missing", d.next("error", WAIT).getString("message"));

            JsonObject twice = d.ask(new JsonObject().put("type", "hello").put("id", "h2").put("token", "x"));
            assertEquals("bad_message", twice.getString("code"));

            assertEquals("ok", d.ask(new JsonObject().put("type", "ping").put("id", "still-here")).getString("type"));
            assertEquals(null, d.closeCode());
        }
    }

    @Test
    void anOfficerMayNotSendAnAgentsCommands() {
        try (DeskProbe d = loggedIn("officer")) {
            for (JsonObject command : List.of(new JsonObject().put("type", "available"), new JsonObject().put("type", "logout"),
                    new JsonObject().put("type", "endWrapUp"), new JsonObject().put("type", "pause").put("reason", "lunch"),
                    new JsonObject().put("type", "updateCase").put("caseId", "c1").put("notes", "n"),
                    new JsonObject().put("type", "transfer").put("caseId", "c1").put("department", "schools").put("summary", "s"))) {
                JsonObject answer = d.ask(command.put("id", command.getString("type")));
                assertEquals("forbidden", answer.getString("code"), command.encode());
            }
            assertEquals("ok", d.ask(new JsonObject().put("type", "ping").put("id", "p")).getString("type"));
        }
    }

    @Test
    void anAgentDrivesTheirRoutingStateAndSeesEachChange() {
        try (DeskProbe d = loggedIn("anna.lind")) {
            assertEquals("ok", d.ask(new JsonObject().put("type", "available").put("id", "a1")).getString("type"));
            assertEquals("available", d.next("agentState", WAIT).getString("state"));
            assertEquals("ok", d.ask(new JsonObject().put("type", "pause").put("id", "p1").put("reason", "lunch")).getString("type"));
            JsonObject paused = d.next("agentState", WAIT);
            assertEquals("paused", paused.getString("state"));
            assertEquals("lunch", paused.getString("reason"));
            JsonObject wrong = d.ask(new JsonObject().put("type", "endWrapUp").put("id", "e1"));
            assertEquals("conflict", wrong.getString("code"));
            assertEquals("ok", d.ask(new JsonObject().put("type", "available").put("id", "a2")).getString("type"));
            assertEquals("available", d.next("agentState", WAIT).getString("state"));
            assertEquals("ok", d.ask(new JsonObject().put("type", "logout").put("id", "l1")).getString("type"));
            assertEquals("logged_out", d.next("agentState", WAIT).getString("state"));
            JsonObject agents = sb.get("/api/agents");
            assertTrue(agents.encode().contains("\"anna.lind\""), agents.encode());
        }
    }

    @Test
    void aMemberOfStaffWhoIsNoAgentOfTheContactCentreIsToldSo() {
        try (DeskProbe d = loggedIn("agent")) {
            JsonObject e = d.ask(new JsonObject().put("type", "available").put("id", "a1"));
            assertEquals("not_found", e.getString("code"));
            assertTrue(e.getString("message").contains("staff id must be the agent's id"), e.encode());
        }
    }

    @Test
    void theDeskPathIsAWebSocketOnly() {
        JsonObject plain = sb.get("/api/desk");
        assertEquals(400, plain.getInteger("_status"));
    }
}
