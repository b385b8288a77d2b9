package se.vaxel.wallboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.desks.DeskProbe;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The wallboard's WebSocket against a real switchboard routing the PBX simulator (route mode, every agent logged
 * out at start) over real TCP: who may open it (4401 without a valid session, 4403 without a watcher's role), bad
 * messages kept to an error, and a snapshot whose numbers are what the simulated citizens did.
 */
class WallboardSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SECRET = "wallboard-secret";
    private static final String Q = "building-permits";
    /** An agent of the shipped contact centre with building permits as their only skill. */
    private static final String SARA = "sara.nystrom";

    private static PbxSimulator pbx;
    private static SwitchboardHarness sb;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        pbx = PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(9).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(800), Duration.ofMillis(900)).withMissedShare(0))
                .build());
        sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_SHORT_ABANDON_SECONDS", "1", "VAXEL_OPENING_HOURS", "ignore"),
                Map.of());
        await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close();
        sb.close();
        pbx.close();
    }

    private static DeskProbe open() {
        return DeskProbe.connect(vertx, URI.create(sb.deskUri().toString().replace("/api/desk", "/api/wallboard")));
    }

    private static void assertClosed(DeskProbe w, String code, short closeCode) {
        JsonObject e = w.next("error", WAIT);
        assertEquals(code, e.getString("code"), e.encode());
        await().atMost(WAIT).until(() -> w.closeCode() != null);
        assertEquals(closeCode, w.closeCode());
    }

    @Test
    void withoutAValidSessionTheSocketIsClosedWith4401() {
        try (DeskProbe w = open()) {
            w.hello("not-a-token");
            assertClosed(w, "unauthenticated", (short) 4401);
        }
        try (DeskProbe w = open()) {
            w.send(new JsonObject().put("type", "ping").put("id", "p1"));
            assertClosed(w, "unauthenticated", (short) 4401);
        }
        try (DeskProbe w = open()) {
            w.send("{not json");
            assertClosed(w, "unauthenticated", (short) 4401);
        }
        String ended = sb.login("supervisor");
        assertEquals(204, sb.request("DELETE", "/api/session", null, ended).getInteger("_status"));
        try (DeskProbe w = open()) {
            w.hello(ended);
            assertClosed(w, "unauthenticated", (short) 4401);
        }
    }

    @Test
    void aLogOutClosesTheOpenWallboardAtOnce() {
        String token = sb.login("wallboard");
        try (DeskProbe w = open()) {
            w.hello(token);
            w.next("welcome", WAIT);
            assertEquals(204, sb.request("DELETE", "/api/session", null, token).getInteger("_status"));
            JsonObject e = w.next("error", WAIT);
            assertEquals("unauthenticated", e.getString("code"));
            assertEquals("logged_out", e.getString("ended"));
            await().atMost(WAIT).until(() -> w.closeCode() != null);
            assertEquals((short) 4401, w.closeCode());
        }
    }

    @Test
    void agentsAndOfficersAreClosedWith4403() {
        for (String who : List.of("agent", "officer")) {
            try (DeskProbe w = open()) {
                w.hello(sb.login(who));
                assertClosed(w, "forbidden", (short) 4403);
            }
        }
    }

    @Test
    void aSupervisorAndAWallboardAccountGetASnapshotAtOnceAndEverySecond() {
        for (String who : List.of("supervisor", "wallboard", "admin")) {
            try (DeskProbe w = open()) {
                w.hello(sb.login(who));
                JsonObject welcome = w.next(WAIT);
                assertEquals("welcome", welcome.getString("type"), welcome.encode());
                assertEquals(who, welcome.getJsonObject("user").getString("id"));
                JsonObject first = w.next(WAIT);
                assertEquals("snapshot", first.getString("type"), "at once after the welcome");
                assertEquals("series", w.next(WAIT).getString("type"), "then the day so far");
                assertEquals(5, first.getJsonArray("queues").size(), "every service of the catalogue");
                JsonObject next = w.next("snapshot", Duration.ofSeconds(3));
                assertTrue(next.getString("at").compareTo(first.getString("at")) > 0, "a newer one: " + next.getString("at"));
            }
        }
    }

    @Test
    void aBadMessageAfterHelloGetsAnErrorAndTheConnectionStays() {
        try (DeskProbe w = open()) {
            w.hello(sb.login("wallboard"));
            w.next("welcome", WAIT);
            w.send("{not json");
            assertEquals("bad_message", w.next("error", WAIT).getString("code"));
            JsonObject unknown = w.ask(new JsonObject().put("type", "available").put("id", "u1"));
            assertEquals("bad_message", unknown.getString("code"));
            assertTrue(unknown.getString("message").contains("available"), unknown.encode());
            assertEquals("bad_message", w.ask(new JsonObject().put("type", "hello").put("id", "h2").put("token", "x")).getString("code"));
            assertEquals("ok", w.ask(new JsonObject().put("type", "ping").put("id", "still-here")).getString("type"));
            w.next("snapshot", Duration.ofSeconds(3));
            assertNull(w.closeCode());
        }
    }

    /**
     * Building permits, nobody logged in: a misdial (0.3 s), a citizen who gives up after 2.5 s, and one who waits
     * (the tile shows her waiting) until Sara logs in and her phone answers. The snapshot's counts are the Prometheus
     * counters', its ASA the finished call's wait, and no citizen's number is in it.
     */
    @Test
    void theSnapshotsNumbersAreWhatTheSimulatedCallsDid() {
        try (DeskProbe w = open()) {
            w.hello(sb.login("supervisor"));
            w.next("welcome", WAIT);
            pbx.placeCitizenCall("+46701110031", '2', Duration.ofMillis(300));
            pbx.placeCitizenCall("+46701110032", '2', Duration.ofMillis(2500));
            pbx.placeCitizenCall("+46701110033", '2', Duration.ofSeconds(60));
            JsonObject waiting = tile(w.next(s -> tile(s).getInteger("waiting") == 1 && tile(s).getJsonObject("today").getInteger("abandoned") == 2,
                    Duration.ofSeconds(15), "one waiting, two gone"));
            assertTrue(waiting.getDouble("longestWaitSeconds") > 0);
            assertEquals(3, waiting.getJsonObject("today").getInteger("offered"));
            assertEquals(1, waiting.getJsonObject("today").getInteger("abandonedShort"), "the 0.3 s one: within the 1 s set here");
            assertEquals(0, waiting.getJsonObject("agents").getInteger("available"));
            assertEquals(3, waiting.getJsonObject("staffing").getInteger("arrivalsLast15Minutes"));
            assertEquals(0, waiting.getJsonObject("staffing").getInteger("has"));

            sb.onLoop().run(() -> sb.verticle().distributor().logIn(SARA));
            JsonObject done = tile(w.next(s -> tile(s).getJsonObject("today").getInteger("answered") == 1 && tile(s).getInteger("waiting") == 0,
                    Duration.ofSeconds(15), "her call answered"));
            JsonObject today = done.getJsonObject("today");
            assertEquals(3, today.getInteger("offered"));
            assertEquals(2, today.getInteger("abandoned"));
            assertEquals(1, today.getInteger("answeredWithinTarget"));
            assertEquals(0.5, today.getDouble("serviceLevel"), 1e-12, "1 on target of 1 answered + 2 abandoned − 1 short");
            assertEquals(0.5, today.getDouble("answerRate"), 1e-12);
            assertEquals(0.5, today.getDouble("abandonRate"), 1e-12);
            assertEquals(1, done.getJsonObject("staffing").getInteger("has"));
            JsonObject sara = done.getJsonArray("agentList").getJsonObject(0);
            assertEquals(SARA, sara.getString("id"), "at work, so before the logged-out Lars: " + done.getJsonArray("agentList"));
            assertEquals("Sara Nyström", sara.getString("name"));
            assertTrue(List.of("ringing", "on_call", "wrap_up", "available").contains(sara.getString("state")), sara.encode());

            await().atMost(Duration.ofSeconds(15)).until(() -> sb.finished().stream().anyMatch(c -> "+46701110033".equals(c.getString("callerNumber"))
                    && c.getValue("waitSeconds") != null));
            double waited = sb.finished().stream().filter(c -> "+46701110033".equals(c.getString("callerNumber"))).findFirst().orElseThrow()
                    .getDouble("waitSeconds");
            assertEquals(waited, today.getDouble("averageSpeedOfAnswerSeconds"), 0.01, "the one answered call's wait");
            String metrics = sb.text("/metrics");
            for (String[] pair : new String[][] {{"offered", "vaxel_calls_offered_total"}, {"answered", "vaxel_calls_answered_total"},
                    {"abandoned", "vaxel_calls_abandoned_total"}, {"abandonedShort", "vaxel_calls_abandoned_short_total"}}) {
                assertEquals(counter(metrics, pair[1]), today.getInteger(pair[0]), 0, pair[0] + " as Prometheus counts it");
            }
            w.drain(); // the snapshots passed over while waiting above
            JsonObject s = w.next("snapshot", WAIT);
            assertFalse(s.encode().contains("4670111003"), "never a citizen's number on the wallboard");
            assertEquals(3, s.getJsonObject("centre").getJsonObject("today").getInteger("offered"));
        }
    }

    /** A counter of the queue in a Prometheus scrape. */
    private static double counter(String scrape, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "\\{queue=\"" + Q + "\"} ([0-9.E+-]+)$").matcher(scrape);
        assertTrue(m.find(), name + " in " + scrape);
        return Double.parseDouble(m.group(1));
    }

    private static JsonObject tile(JsonObject snapshot) {
        if (!"snapshot".equals(snapshot.getString("type"))) {
            return new JsonObject().put("waiting", -1).put("today", new JsonObject().put("abandoned", -1).put("answered", -1));
        }
        return snapshot.getJsonArray("queues").stream().map(JsonObject.class::cast).filter(q -> Q.equals(q.getString("id"))).findFirst()
                .orElseThrow();
    }
}
