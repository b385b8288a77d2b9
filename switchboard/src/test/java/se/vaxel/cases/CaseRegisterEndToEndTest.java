package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/** Every call the simulator's citizens make becomes a case, searchable over HTTP, and still there after a restart. */
class CaseRegisterEndToEndTest {

    private static final String SECRET = "cases-secret";

    @TempDir
    Path dir;

    @Test
    void everyCallIsACaseFoundByNumberAndServiceAndKeptAcrossARestart() throws Exception {
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(5).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(700), Duration.ofMillis(900)).withMissedShare(0))
                .build();
        Path citizens = dir.resolve("citizens.json");
        java.nio.file.Files.writeString(citizens, """
                [{"id": "c-1", "name": "Anna Andersson", "personalIdentityNumber": "19800101-0000",
                  "address": "Storgatan 1, 123 45 Kommunby", "numbers": ["+46701740611"]},
                 {"id": "c-2", "name": "Hidden Person", "personalIdentityNumber": "19700101-0000",
                  "address": "Secret 1", "protectedIdentity": true, "numbers": ["+46701740622"]}]
                """);
        Map<String, String> settings = Map.of("VAXEL_DB_URL", "jdbc:h2:file:" + dir.resolve("vaxel"), "VAXEL_WRAP_UP_SECONDS", "0.2",
                "VAXEL_CITIZEN_DIRECTORY_FILE", citizens.toString());
        AmiClientConfig ami;
        try (PbxSimulator pbx = PbxSimulator.start(sim)) {
            ami = AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET);
            try (SwitchboardHarness sb = new SwitchboardHarness(ami, settings)) {
                await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
                String agent = sb.login("supervisor"); // reads the whole register (an agent sees only their own phone's cases)
                String mayKnow = sb.login("protected"); // a supervisor with the protected_identity role
                pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60));
                pbx.placeCitizenCall("+46701740622", '4', Duration.ofSeconds(60));
                pbx.placeCitizenCall("+46701740611", '1', Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 3 && sb.live().isEmpty());
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/api/cases", mayKnow).getInteger("total") == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/api/cases", agent).getInteger("total") == 2);

                JsonObject mine = sb.get("/api/cases?number=%2B46701740611", agent);
                assertEquals(2, mine.getInteger("total"));
                JsonArray cases = mine.getJsonArray("cases");
                assertEquals("social-services", cases.getJsonObject(0).getString("service"), "newest first");
                JsonObject schools = cases.getJsonObject(1);
                assertEquals("schools", schools.getString("service"));
                assertEquals("answered", schools.getString("outcome"));
                assertTrue(schools.getString("agent").startsWith("PJSIP/100"), schools.encode());
                assertTrue(schools.getDouble("talkSeconds") >= 0.5, schools.encode());
                assertTrue(schools.getDouble("waitSeconds") >= 0, schools.encode());
                List<String> steps = schools.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("what")).toList();
                assertEquals(List.of("arrived", "service chosen", "queued"), steps.subList(0, 3), steps.toString());
                assertTrue(steps.containsAll(List.of("offered", "answered", "ended")), steps.toString());

                JsonObject one = sb.get("/api/cases/" + schools.getString("id"), agent);
                assertEquals(schools.getString("id"), one.getString("id"));
                assertEquals("c-1", one.getString("citizen"), "the directory knows the caller's number");
                assertEquals("Anna Andersson", one.getJsonObject("citizenDetails").getString("name"));
                assertEquals(2, sb.get("/api/cases?citizen=c-1", agent).getInteger("total"));
                String hiddenId = sb.get("/api/cases?citizen=c-2", mayKnow).getJsonArray("cases").getJsonObject(0).getString("id");
                JsonObject hidden = sb.get("/api/cases/" + hiddenId, mayKnow).getJsonObject("citizenDetails");
                assertEquals(new JsonObject().put("id", "c-2").put("protectedIdentity", true), hidden,
                        "protected identity: no name, address or personal identity number, even for those who may know");
                assertEquals(0, sb.get("/api/cases?citizen=c-2", agent).getInteger("total"), "hidden from a plain agent");
                assertEquals(404, sb.get("/api/cases/" + hiddenId, agent).getInteger("_status"));
                assertEquals(404, sb.get("/api/cases/no-such-case", agent).getInteger("_status"));
                JsonObject bad = sb.get("/api/cases?from=yesterday", agent);
                assertEquals(400, bad.getInteger("_status"));
                assertTrue(bad.getString("error").startsWith("from:"), bad.encode());
                assertEquals(1, sb.get("/api/cases?service=elder-care&outcome=answered", mayKnow).getInteger("total"));
                assertEquals(0, sb.get("/api/cases?service=elder-care&outcome=answered", agent).getInteger("total"), "c-2 called");

                // The agent records what it was about and how it was resolved: who and when go in the timeline.
                String path = "/api/cases/" + schools.getString("id");
                JsonObject updated = sb.request("PATCH", path,
                        "{\"category\": \"school placement\", \"notes\": \"asked about autumn term\","
                                + " \"resolution\": \"resolved_first_contact\"}", agent);
                assertEquals(200, updated.getInteger("_status"), updated.encode());
                assertEquals("resolved_first_contact", updated.getString("resolution"));
                JsonObject last = updated.getJsonArray("timeline").getJsonObject(updated.getJsonArray("timeline").size() - 1);
                assertEquals("updated", last.getString("what"));
                assertEquals("supervisor", last.getString("who"), "who made the change comes from the session");
                assertEquals("answered", updated.getString("outcome"), "the call's facts are kept");
                assertEquals(400, sb.request("PATCH", path, "{\"resolution\": \"solved\"}", agent).getInteger("_status"));
                JsonObject someoneElse = sb.request("PATCH", path, "{\"notes\": \"x\", \"by\": \"karin\"}", agent);
                assertEquals(400, someoneElse.getInteger("_status"), "nobody names who made a change");
                assertTrue(someoneElse.getString("error").startsWith("by:"), someoneElse.encode());
                assertEquals(400, sb.request("PATCH", path, "{not json", agent).getInteger("_status"));
                assertEquals(404, sb.request("PATCH", "/api/cases/nope", "{\"notes\": \"x\"}", agent).getInteger("_status"));

                // Retention anonymises a case (as its run would, a year on): it shows so, and takes no more changes.
                java.time.Instant now = java.time.Instant.now();
                sb.verticle().caseRegister().map().executeOnKey(hiddenId, new RetentionChange.Anonymise(now.plusSeconds(1), now));
                JsonObject anonymised = sb.get("/api/cases/" + hiddenId, mayKnow);
                assertEquals(List.of(true, true, "elder-care"), List.of(anonymised.getValue("callerNumber") == null,
                        anonymised.getValue("citizen") == null, anonymised.getString("service")), anonymised.encode());
                assertEquals(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), anonymised.getString("anonymisedAt"));
                JsonObject refused = sb.request("PATCH", "/api/cases/" + hiddenId, "{\"notes\": \"x\"}", mayKnow);
                assertEquals(409, refused.getInteger("_status"), refused.encode());
            }
            // A restart of the whole switchboard: the register is whole again from the database.
            try (SwitchboardHarness again = new SwitchboardHarness(ami, settings)) {
                String token = again.login("protected");
                JsonObject all = again.get("/api/cases?size=10", token);
                assertEquals(3, all.getInteger("total"), all.encode());
                assertEquals(2, again.get("/api/cases?number=%2B46701740611", token).getInteger("total"));
                JsonObject kept = again.get("/api/cases?service=schools", token).getJsonArray("cases").getJsonObject(0);
                assertEquals("asked about autumn term", kept.getString("notes"), "the agent's notes were written behind too");
            }
        }
    }
}
