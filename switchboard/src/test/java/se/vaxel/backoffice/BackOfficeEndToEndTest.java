package se.vaxel.backoffice;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.CitizenScript;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * The back office end to end, over HTTP with log-ins and against the simulator over AMI: a citizen's call
 * becomes a case, the agent transfers it, an officer of the department claims it, calls the citizen back
 * (their phone first, then the citizen's, from the municipality's number) and closes it with feedback; the
 * external system hears of the transfer and the close; other departments' officers and protected identities'
 * matters stay out of sight.
 */
class BackOfficeEndToEndTest {

    private static final String SECRET = "backoffice-secret";
    private static final String WEBHOOK_SECRET = "hook-" + System.nanoTime();

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<JsonObject> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        vertx.close();
    }

    private int webhook() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            boolean signed = ("sha256=" + WebhookExports.sign(WEBHOOK_SECRET, body.getBytes())).equals(req.getHeader("X-Vaxel-Signature"));
            if (signed) {
                delivered.add(body.toJsonObject());
            }
            req.response().setStatusCode(signed ? 200 : 401).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private Map<String, String> settings(int webhookPort) throws Exception {
        Path office = dir.resolve("back-office.json");
        Files.writeString(office, """
                {"departments": [{"id": "building-permits", "feedbackWorkingDays": 2}, {"id": "streets-and-parks"}],
                 "officers": [{"id": "officer-sara", "departments": ["building-permits"], "device": "PJSIP/2003"},
                              {"id": "officer-omar", "departments": ["streets-and-parks"], "device": "PJSIP/2004"}],
                 "webhook": {"url": "http://127.0.0.1:%d/matters"}}
                """.formatted(webhookPort));
        Path citizens = dir.resolve("citizens.json");
        Files.writeString(citizens, """
                [{"id": "c-1", "name": "Anna Andersson", "personalIdentityNumber": "19800101-0000", "address": "Storgatan 1",
                  "numbers": ["+46701740611"]},
                 {"id": "c-2", "name": "Hidden Person", "personalIdentityNumber": "19700101-0000", "address": "Secret 1",
                  "protectedIdentity": true, "numbers": ["+46701740622"]}]
                """);
        return Map.of("VAXEL_BACK_OFFICE_FILE", office.toString(), "VAXEL_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "VAXEL_CITIZEN_DIRECTORY_FILE", citizens.toString(), "VAXEL_WRAP_UP_SECONDS", "0.2");
    }

    @Test
    void anAgentTransfersAnOfficerClaimsCallsBackAndClosesAndTheCaseManagementSystemHearsOfIt() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(8).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(700), Duration.ofMillis(900)).withMissedShare(0))
                .build();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                        settings(webhook()))) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            String agent = sb.login("supervisor"); // transfers, and reads the register whole
            String sara = sb.login("officer-sara");
            String omar = sb.login("officer-omar");

            pbx.placeCitizenCall("+46701740611", CitizenScript.pressing('2', Duration.ofSeconds(60)));
            pbx.placeCitizenCall("+46701740622", CitizenScript.pressing('2', Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 2 && sb.live().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/api/cases?number=%2B46701740611", agent).getInteger("total") == 1);
            String caseId = sb.get("/api/cases?number=%2B46701740611", agent).getJsonArray("cases").getJsonObject(0).getString("id");

            // The agent transfers the case to building permits.
            assertEquals(401, sb.request("POST", "/api/matters", "{}").getInteger("_status"), "no log-in, no transfer");
            assertEquals(403, sb.request("POST", "/api/matters", transfer(caseId), sara).getInteger("_status"),
                    "officers take matters, agents transfer them");
            JsonObject bad = sb.request("POST", "/api/matters", transfer(caseId).replace("building-permits", "parking"), agent);
            assertEquals(400, bad.getInteger("_status"));
            assertTrue(bad.getString("error").startsWith("department:"), bad.encode());
            JsonObject matter = sb.request("POST", "/api/matters", transfer(caseId), agent);
            assertEquals(201, matter.getInteger("_status"), matter.encode());
            assertEquals("open", matter.getString("status"));
            assertEquals("+46701740611", matter.getString("callerNumber"));
            assertEquals("c-1", matter.getString("citizen"));
            assertNotNull(matter.getString("deadline"));
            assertFalse(matter.getBoolean("overdue"));
            assertEquals(409, sb.request("POST", "/api/matters", transfer(caseId), agent).getInteger("_status"), "once per case");
            JsonObject theCase = sb.get("/api/cases/" + caseId, agent);
            assertEquals("building-permits", theCase.getString("department"));
            assertEquals("transferred_to_back_office", theCase.getString("resolution"));

            // She calls again: the screen pop's history shows her earlier call and the matter under way.
            pbx.placeCitizenCall("+46701740611", CitizenScript.pressing('2', Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(20)).until(() -> sb.get("/api/cases?number=%2B46701740611", agent).getInteger("total") == 2);
            String again = sb.get("/api/cases?number=%2B46701740611", agent).getJsonArray("cases").getJsonObject(0).getString("id");
            JsonObject history = sb.get("/api/cases/" + again + "/history", agent);
            assertEquals(List.of(caseId), history.getJsonArray("earlierCases").stream()
                    .map(o -> ((JsonObject) o).getString("id")).toList(), history.encode());
            assertEquals(List.of(caseId), history.getJsonArray("openMatters").stream()
                    .map(o -> ((JsonObject) o).getString("id")).toList(), history.encode());
            assertEquals(404, sb.get("/api/cases/nope/history", agent).getInteger("_status"));

            // Only the department's officers see it.
            String path = "/api/matters/" + caseId;
            assertEquals(0, sb.get("/api/matters", omar).getInteger("total"));
            assertEquals(404, sb.get(path, omar).getInteger("_status"));
            assertEquals(403, sb.get("/api/matters?department=building-permits", omar).getInteger("_status"));
            assertEquals(403, sb.get("/api/matters", sb.login("wallboard")).getInteger("_status"));
            // And the case behind it: an officer sees the cases transferred to their departments, no others.
            assertEquals(200, sb.get("/api/cases/" + caseId, sara).getInteger("_status"));
            assertEquals(404, sb.get("/api/cases/" + caseId, omar).getInteger("_status"));
            assertEquals(404, sb.get("/api/cases/" + again, sara).getInteger("_status"), "the citizen's later call, not transferred");
            assertEquals(List.of(caseId), sb.get("/api/cases", sara).getJsonArray("cases").stream()
                    .map(o -> ((JsonObject) o).getString("id")).toList());
            assertEquals(0, sb.get("/api/cases", omar).getInteger("total"));
            JsonObject list = sb.get("/api/matters?status=open", sara);
            assertEquals(1, list.getInteger("total"), list.encode());
            assertEquals(404, sb.request("POST", path + "/claim", "{}", omar).getInteger("_status"));

            // Sara claims it and calls the citizen back: her phone first, then the citizen's from the municipality's number.
            JsonObject claimed = sb.request("POST", path + "/claim", "{}", sara);
            assertEquals(200, claimed.getInteger("_status"), claimed.encode());
            assertEquals("officer-sara", claimed.getString("officer"));
            assertEquals(403, sb.request("POST", path + "/claim", "{\"takeOver\": true}", omar).getInteger("_status"));
            JsonObject calling = sb.request("POST", path + "/call-back", "", sara);
            assertEquals(202, calling.getInteger("_status"), calling.encode());
            await().atMost(Duration.ofSeconds(20)).until(() -> pbx.callsToCitizens().stream()
                    .anyMatch(c -> c.number().equals("+46701740611") && c.callerIdNum().equals("+46701740605")));
            await().atMost(Duration.ofSeconds(30)).until(() -> steps(sb.get(path, sara)).contains("call_back_ended"));
            JsonObject afterCall = sb.get(path, sara);
            JsonObject ended = entry(afterCall, "call_back_ended");
            assertTrue(ended.getString("detail").startsWith("answer, talked"), afterCall.encode());
            assertEquals("answered", entry(afterCall, "officer_phone").getString("detail"));

            // She closes it with the feedback she gave.
            assertEquals(400, sb.request("POST", path + "/close", "{\"feedback\": \"\"}", sara).getInteger("_status"));
            assertEquals(400, sb.request("POST", path + "/close", "{not json", sara).getInteger("_status"));
            JsonObject closed = sb.request("POST", path + "/close",
                    "{\"feedback\": \"A permit is needed for the garage; the form was sent by e-mail.\"}", sara);
            assertEquals(200, closed.getInteger("_status"), closed.encode());
            assertEquals("closed", closed.getString("status"));
            assertTrue(steps(sb.get("/api/cases/" + caseId, agent)).containsAll(List.of("transferred_to_back_office", "matter_closed")));

            // The case-management system got both, signed.
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= 2);
            assertEquals(List.of("matter.transferred", "matter.closed"), delivered.stream().map(d -> d.getString("type")).toList());
            assertEquals("A permit is needed for the garage; the form was sent by e-mail.",
                    delivered.get(1).getJsonObject("matter").getString("feedback"));

            // A protected identity's matter is for the roles that may know such citizens only.
            String mayKnow = sb.login("protected");
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/api/cases?number=%2B46701740622", mayKnow).getInteger("total") == 1);
            String hidden = sb.get("/api/cases?number=%2B46701740622", mayKnow).getJsonArray("cases").getJsonObject(0).getString("id");
            assertEquals(201, sb.request("POST", "/api/matters", transfer(hidden), mayKnow).getInteger("_status"));
            assertEquals(1, sb.get("/api/matters", sara).getInteger("total"), "sara does not see it");
            assertEquals(404, sb.get("/api/matters/" + hidden, sara).getInteger("_status"));
            assertEquals(404, sb.request("POST", "/api/matters/" + hidden + "/claim", "{}", sara).getInteger("_status"));
        }
    }

    private static String transfer(String caseId) {
        return new JsonObject().put("caseId", caseId).put("department", "building-permits")
                .put("summary", "Asks whether the garage she plans needs a building permit").encode();
    }

    private static List<String> steps(JsonObject withTimeline) {
        JsonArray t = withTimeline.getJsonArray("timeline");
        return t == null ? List.of() : t.stream().map(o -> ((JsonObject) o).getString("what")).toList();
    }

    private static JsonObject entry(JsonObject withTimeline, String what) {
        return withTimeline.getJsonArray("timeline").stream().map(JsonObject.class::cast).filter(e -> what.equals(e.getString("what")))
                .reduce((a, b) -> b).orElseThrow();
    }
}
