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
    /** The switchboard's hello timeout here (10 s by default): short, so that a silent socket is closed in the test's time. */
    private static final Duration HELLO_WITHIN = Duration.ofMillis(1500);
    private static PbxSimulator pbx;
    private static SwitchboardHarness sb;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", "desk-secret").seed(5).traffic(SimConfig.Traffic.none()).build());
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", "desk-secret"),
                Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_DESK_HELLO_SECONDS", Double.toString(HELLO_WITHIN.toMillis() / 1000.0)),
                Map.of("anna.lind", List.of("agent"), "erik.berg", List.of("agent")));
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
    void aSocketThatSaysNoHelloIsClosedAfterTheHelloTimeout() {
        long opened = System.nanoTime();
        try (DeskProbe d = open()) {
            await().atMost(WAIT).until(() -> d.closeCode() != null);
            Duration took = Duration.ofNanos(System.nanoTime() - opened);
            assertEquals((short) 4401, d.closeCode());
            JsonObject e = d.next(WAIT);
            assertEquals("unauthenticated", e.getString("code"));
            assertEquals("no hello within 1500 ms", e.getString("message"));
            assertTrue(took.compareTo(HELLO_WITHIN) >= 0, "closed after " + took + ", before the timeout");
        }
    }

    @Test
    void aDeskIsClosedWith4401AtOnceWhenItsSessionIsLoggedOutElsewhere() {
        String token = sb.login("agent");
        try (DeskProbe d = open(); DeskProbe otherTab = open()) {
            d.hello(token);
            d.next("welcome", WAIT);
            otherTab.hello(token);
            otherTab.next("welcome", WAIT);
            assertEquals(204, sb.request("DELETE", "/api/session", null, token).getInteger("_status"));
            for (DeskProbe tab : List.of(d, otherTab)) {
                await().atMost(WAIT).until(() -> tab.closeCode() != null);
                assertEquals((short) 4401, tab.closeCode());
                assertEquals("logged_out", tab.closeReason());
                JsonObject e = tab.next("error", WAIT);
                assertEquals("unauthenticated", e.getString("code"));
                assertEquals("logged_out", e.getString("ended"));
            }
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
        List<JsonObject> agentsCommands = List.of(new JsonObject().put("type", "available"), new JsonObject().put("type", "logout"),
                new JsonObject().put("type", "endWrapUp"), new JsonObject().put("type", "pause").put("reason", "lunch"),
                new JsonObject().put("type", "updateCase").put("caseId", "c1").put("notes", "n"),
                new JsonObject().put("type", "transfer").put("caseId", "c1").put("department", "schools").put("summary", "s"));
        // Every command the protocol has is here, but hello and ping (anyone's): a new one must say who may send it.
        java.util.Set<String> all = java.util.Arrays.stream(DeskCommand.class.getPermittedSubclasses())
                .map(c -> Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1))
                .collect(java.util.stream.Collectors.toSet());
        java.util.Set<String> covered = new java.util.HashSet<>(List.of("hello", "ping"));
        agentsCommands.forEach(c -> covered.add(c.getString("type")));
        assertEquals(all, covered, "a desk command this test does not send");
        try (DeskProbe d = loggedIn("officer")) {
            for (JsonObject command : agentsCommands) {
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

    /**
     * A desk whose socket drops with commands unanswered says so in its next hello ({@code pending}): a command done
     * before the drop is answered in the replay, one that never arrived is answered {@code not_received} and is
     * never carried out, even if it arrives later; an id seen before gets its first answer again, not a second go.
     */
    @Test
    void commandsCutOffByADropAreSettledOnResumeAndNeverCarriedOutTwice() {
        String token = sb.login("erik.berg");
        DeskProbe first = open();
        first.hello(token);
        first.next("welcome", WAIT);
        assertEquals("ok", first.ask(new JsonObject().put("type", "available").put("id", "t1-a")).getString("type"));
        first.next("agentState", WAIT);
        long seen = first.lastSeq();
        // Pause goes out, the connection drops before the desk reads the answer.
        first.send(new JsonObject().put("type", "pause").put("id", "t1-p").put("reason", "lunch"));
        first.close();

        try (DeskProbe back = open()) {
            back.resume(token, seen, "t1-p", "t1-lost");
            List<JsonObject> upToWelcome = new java.util.ArrayList<>();
            JsonObject m;
            while (!"welcome".equals((m = back.next(WAIT)).getString("type"))) {
                upToWelcome.add(m);
            }
            assertTrue(m.getBoolean("resumed"));
            assertEquals("paused", m.getJsonObject("agent").getString("state"));
            assertTrue(upToWelcome.stream().anyMatch(r -> "ok".equals(r.getString("type")) && "t1-p".equals(r.getString("ref"))),
                    "the pause's ok replayed: " + upToWelcome);
            JsonObject lost = back.next(r -> "t1-lost".equals(r.getString("ref")), WAIT, "the answer to t1-lost");
            assertEquals("not_received", lost.getString("code"));

            // The lost one arrives after all (a frame late from the old socket): it is not carried out.
            JsonObject late = back.ask(new JsonObject().put("type", "available").put("id", "t1-lost"));
            assertEquals("not_received", late.getString("code"));
            // The pause again with its id: its ok again, and no second pause.
            assertEquals("ok", back.ask(new JsonObject().put("type", "pause").put("id", "t1-p").put("reason", "meeting")).getString("type"));
            assertEquals("ok", back.ask(new JsonObject().put("type", "ping").put("id", "t1-ping")).getString("type"));
            List<JsonObject> rest = back.drain();
            assertTrue(rest.stream().noneMatch(r -> "t1-p".equals(r.getString("ref")) || "agentState".equals(r.getString("type"))),
                    "the pause's ok once, and no state change: " + rest);
            JsonObject agent = sb.get("/api/agents").getJsonArray("agents").stream().map(JsonObject.class::cast)
                    .filter(a -> "erik.berg".equals(a.getString("id"))).findFirst().orElseThrow();
            assertEquals("paused", agent.getString("state"));
            assertEquals("lunch", agent.getString("pauseReason"), agent.encode());
        }
    }

    @Test
    void aSwitchboardThatNeverHadTheSessionAnswersPendingCommandsUnknown() {
        // A fresh log-in resuming as if from another node: this one has no record of its commands.
        try (DeskProbe d = open()) {
            d.resume(sb.login("agent"), 17, "elsewhere-1");
            JsonObject welcome = d.next(WAIT);
            assertEquals("welcome", welcome.getString("type"));
            assertEquals(false, welcome.getBoolean("resumed"));
            JsonObject unknown = d.next(WAIT);
            assertEquals("elsewhere-1", unknown.getString("ref"));
            assertEquals("unknown", unknown.getString("code"));
        }
    }

    @Test
    void theDeskPathIsAWebSocketOnly() {
        JsonObject plain = sb.get("/api/desk");
        assertEquals(400, plain.getInteger("_status"));
    }
}
