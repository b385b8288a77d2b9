package se.vaxel.desks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.cases.CaseChange;
import se.vaxel.cases.SyntheticCalls;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The screen pop end to end: the PBX simulator over AMI, Växel routing, two agents' desks over real WebSockets.
 * An agent goes available, a citizen calls, only the desk of the agent whose phone rings gets the pop (with the
 * citizen, the service, the wait, the history with its service's name, and the case), then answered, ended, wrap-up; a desk that
 * reconnects mid-call gets the pop again once; a protected identity's call still pops, naming no one.
 */
class ScreenPopTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "pop-secret";

    @TempDir
    Path dir;

    @Test
    void theRingingAgentsDeskPopsThenFollowsTheCallAndAReconnectGetsItOnce() throws Exception {
        Path citizens = dir.resolve("citizens.json");
        Files.writeString(citizens, new JsonArray()
                .add(new JsonObject().put("id", "c-1").put("name", "Anna Andersson").put("personalIdentityNumber", "19800101-1234")
                        .put("address", "Storgatan 1").put("protectedIdentity", false).put("numbers", new JsonArray().add("+46731230001")))
                .add(new JsonObject().put("id", "c-2").put("name", "Hemlig Person").put("personalIdentityNumber", "19700101-9999")
                        .put("address", "Hemlig").put("protectedIdentity", true).put("numbers", new JsonArray().add("+46731230002")))
                .encode());
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(11).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(800), Duration.ofMillis(1000))
                        .withTalk(Duration.ofMillis(3000), Duration.ofMillis(3500)).withMissedShare(0))
                .build();
        Vertx vertx = Vertx.vertx();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                        Map.of("VAXEL_AGENTS_LOGGED_IN_AT_START", "false", "VAXEL_CITIZEN_DIRECTORY_FILE", citizens.toString(),
                                "VAXEL_WRAP_UP_SECONDS", "60"),
                        Map.of("karin.sjoberg", List.of("agent"), "olof.lund", List.of("agent")))) {
            await().atMost(WAIT).until(() -> sb.verticle().link().isUp());
            // Anna called elder care two days ago: her history names the service as the contact centre does.
            String earlier = "earlier-" + System.nanoTime();
            SyntheticCalls.write(sb.verticle().caseRegister(), earlier, 3, Instant.now().minus(Duration.ofDays(2)), c -> { })
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            sb.verticle().caseRegister().apply(earlier, new CaseChange.CitizenIdentified("c-1", false)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            String karinToken = sb.login("karin.sjoberg");
            DeskProbe karin = desk(vertx, sb, karinToken);
            DeskProbe olof = desk(vertx, sb, sb.login("olof.lund"));
            DeskProbe sara = DeskProbe.connect(vertx, sb.deskUri()); // building permits
            sara.hello(sb.login("officer-sara"));
            assertEquals(null, sara.next("welcome", WAIT).getValue("agent"));
            DeskProbe omar = DeskProbe.connect(vertx, sb.deskUri()); // streets and parks, waste and water
            omar.hello(sb.login("officer-omar"));
            omar.next("welcome", WAIT);
            // Only Karin is available for schools: Olof's desk is connected but logged out, and must see nothing of it.
            assertEquals("ok", karin.ask(command("available", "a1")).getString("type"));
            assertEquals("available", karin.next("agentState", WAIT).getString("state"));

            String callId = pbx.placeCitizenCall("+46731230001", '3', Duration.ofSeconds(60));
            JsonObject pop = karin.next("pop", WAIT);
            assertEquals(callId, pop.getString("callId"));
            assertEquals("+46731230001", pop.getString("callerNumber"));
            assertEquals(new JsonObject().put("id", "schools").put("name", serviceName(sb, "schools")), pop.getJsonObject("service"));
            assertTrue(pop.getDouble("waitedSeconds") >= 0, pop.encode());
            assertNotNull(pop.getString("ringingSince"));
            assertEquals("Anna Andersson", pop.getJsonObject("citizen").getString("name"));
            assertEquals(callId, pop.getJsonObject("case").getString("id"));
            assertEquals("c-1", pop.getJsonObject("case").getString("citizen"));
            JsonObject before = pop.getJsonObject("history").getJsonArray("earlierCases").getJsonObject(0);
            assertEquals(earlier, before.getString("id"));
            assertEquals("elder-care", before.getString("service"));
            assertEquals(serviceName(sb, "elder-care"), before.getString("serviceName"));
            assertNotNull(pop.getJsonObject("history").getJsonArray("openMatters"));

            JsonObject answered = karin.next("callUpdate", WAIT);
            assertEquals("answered", answered.getString("state"));
            assertEquals(callId, answered.getString("callId"));

            // The network drops mid-call: the desk comes back with the last seq it saw and gets the pop once, in the
            // welcome, and nothing it had seen already.
            long seen = karin.lastSeq();
            karin.close();
            DeskProbe back = DeskProbe.connect(vertx, sb.deskUri());
            back.send(new JsonObject().put("type", "hello").put("id", "h").put("token", karinToken).put("resume", seen));
            JsonObject welcome = back.next(WAIT);
            assertEquals("welcome", welcome.getString("type"), "nothing missed, so the welcome comes first: " + welcome.encode());
            assertTrue(welcome.getBoolean("resumed"));
            assertEquals("on_call", welcome.getJsonObject("agent").getString("state"));
            assertEquals(1, welcome.getJsonArray("pops").size());
            JsonObject again = welcome.getJsonArray("pops").getJsonObject(0);
            assertEquals(callId, again.getString("callId"));
            assertEquals("answered", again.getString("state"));
            assertTrue(welcome.getLong("seq") > seen);

            JsonObject ended = back.next("callUpdate", WAIT);
            assertEquals("ended", ended.getString("state"));
            assertEquals("wrap_up", back.next(m -> "agentState".equals(m.getString("type")) && "wrap_up".equals(m.getString("state")),
                    WAIT, "wrap-up").getString("state"));
            assertFalse(back.drain().stream().anyMatch(m -> "pop".equals(m.getString("type"))), "the pop came once, in the welcome");
            // The agent fills the case and transfers it to building permits: that department's officer hears of it.
            JsonObject notes = back.ask(command("updateCase", "u1").put("caseId", callId).put("category", "permits")
                    .put("notes", "asks about a shed").put("resolution", "transferred_to_back_office"));
            assertEquals("ok", notes.getString("type"), notes.encode());
            assertEquals("asks about a shed", sb.get("/api/cases/" + callId, karinToken).getString("notes"));
            JsonObject unknown = back.ask(command("updateCase", "u2").put("caseId", "no-such-case").put("notes", "x"));
            assertEquals("not_found", unknown.getString("code"));
            JsonObject transfer = back.ask(command("transfer", "t1").put("caseId", callId).put("department", "building-permits")
                    .put("summary", "wants to build a shed"));
            assertEquals("ok", transfer.getString("type"), transfer.encode());
            JsonObject matter = sara.next("matter", WAIT);
            assertEquals(callId, matter.getString("caseId"));
            assertEquals("building-permits", matter.getString("department"));
            assertEquals("open", matter.getString("status"));
            JsonObject badDepartment = back.ask(command("transfer", "t2").put("caseId", callId).put("department", "nowhere")
                    .put("summary", "s"));
            assertEquals("bad_message", badDepartment.getString("code"));
            assertEquals("ok", back.ask(command("endWrapUp", "w1")).getString("type"));
            assertEquals("available", back.next("agentState", WAIT).getString("state"));

            // A protected identity's call rings Karin, who may not know such citizens: it pops, naming no one.
            String secret = pbx.placeCitizenCall("+46731230002", '3', Duration.ofSeconds(60));
            JsonObject hidden = back.next("pop", WAIT);
            assertEquals(secret, hidden.getString("callId"));
            assertEquals(new JsonObject().put("id", "c-2").put("protectedIdentity", true), hidden.getJsonObject("citizen"));
            assertFalse(hidden.encode().contains("Hemlig"), hidden.encode());
            assertFalse(hidden.encode().contains("19700101"), hidden.encode());

            // Olof's desk saw neither call.
            await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
            assertFalse(olof.drain().stream().anyMatch(m -> "pop".equals(m.getString("type")) || "callUpdate".equals(m.getString("type"))));
            assertFalse(omar.drain().stream().anyMatch(m -> "matter".equals(m.getString("type"))), "not Omar's department");
            back.close();
            olof.close();
            sara.close();
            omar.close();
        } finally {
            vertx.close();
        }
    }

    private static DeskProbe desk(Vertx vertx, SwitchboardHarness sb, String token) {
        DeskProbe d = DeskProbe.connect(vertx, sb.deskUri());
        d.hello(token);
        JsonObject welcome = d.next("welcome", WAIT);
        assertEquals("logged_out", welcome.getJsonObject("agent").getString("state"));
        return d;
    }

    private static JsonObject command(String type, String id) {
        return new JsonObject().put("type", type).put("id", id);
    }

    private static String serviceName(SwitchboardHarness sb, String id) {
        return sb.get("/api/services").getJsonArray("services").stream().map(JsonObject.class::cast)
                .filter(s -> id.equals(s.getString("id"))).findFirst().orElseThrow().getString("name");
    }
}
