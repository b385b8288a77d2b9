package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

/** Every case endpoint needs a log-in with a case role; a change is recorded as made by whoever is logged in. */
class CasesAuthTest {

    private static final String NOTES = "{\"notes\": \"called about a school place\"}";

    /** Each case endpoint, as method and path. */
    private static List<String[]> endpoints(String id) {
        return List.of(new String[] {"GET", "/api/cases"}, new String[] {"GET", "/api/cases?service=schools"},
                new String[] {"GET", "/api/cases/" + id}, new String[] {"PATCH", "/api/cases/" + id});
    }

    private static int status(SwitchboardHarness sb, String[] endpoint, String token) {
        return sb.request(endpoint[0], endpoint[1], endpoint[0].equals("PATCH") ? NOTES : null, token).getInteger("_status");
    }

    static void openCase(SwitchboardHarness sb, String id) throws Exception {
        sb.verticle().caseRegister().create(Case.opened(id, "+46701740611", Instant.now())).toCompletableFuture().get();
    }

    @Test
    void withoutALogInWithALoggedOutTokenOrWithoutACaseRoleEveryEndpointIsRefused() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            openCase(sb, "case-1");
            String wallboard = sb.login("wallboard");
            String loggedOut = sb.login("agent");
            assertEquals(204, sb.request("DELETE", "/api/session", null, loggedOut).getInteger("_status"));
            for (String[] e : endpoints("case-1")) {
                String what = e[0] + " " + e[1];
                assertEquals(401, status(sb, e, null), what + " without a token");
                assertEquals(401, status(sb, e, "not-a-token"), what + " with a made-up token");
                assertEquals(401, status(sb, e, loggedOut), what + " after log-out");
                assertEquals(403, status(sb, e, wallboard), what + " without a case role");
            }
            JsonObject refused = sb.get("/api/cases", wallboard);
            assertEquals("this needs one of the roles agent, officer, supervisor, admin", refused.getString("error"));
            for (String role : List.of("agent", "officer", "supervisor", "admin")) {
                assertEquals(200, sb.get("/api/cases", sb.login(role)).getInteger("_status"), role);
            }
            assertEquals(1, sb.get("/api/cases", sb.login("supervisor")).getInteger("total"), "the guard lets the search through");
            assertEquals(0, sb.get("/api/cases", sb.login("officer")).getInteger("total"), "an officer sees the cases transferred to "
                    + "their departments, and this one is in none (back-office.json)");
            assertEquals(0, sb.get("/api/cases", sb.login("agent")).getInteger("total"), "an agent without a phone has no cases of their own");
        }
    }

    @Test
    void anExpiredSessionIsRefusedByEveryEndpoint() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "s"),
                        Map.of("VAXEL_SESSION_HOURS", "0.0005"))) {
            openCase(sb, "case-1");
            String token = sb.login("supervisor");
            await().atMost(Duration.ofSeconds(15)).until(() -> status(sb, endpoints("case-1").get(0), token) == 401);
            for (String[] e : endpoints("case-1")) {
                assertEquals(401, status(sb, e, token), e[0] + " " + e[1]);
            }
        }
    }

    @Test
    void aChangeIsRecordedAsMadeByTheMemberOfStaffLoggedIn() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            openCase(sb, "case-2");
            String officer = sb.login("supervisor");
            JsonObject changed = sb.request("PATCH", "/api/cases/case-2", "{\"resolution\": \"transferred_to_back_office\"}", officer);
            assertEquals(200, changed.getInteger("_status"), changed.encode());
            JsonArray timeline = changed.getJsonArray("timeline");
            JsonObject last = timeline.getJsonObject(timeline.size() - 1);
            assertEquals("supervisor", last.getString("who"));
            assertEquals("resolution transferred_to_back_office", last.getString("detail"));

            JsonObject named = sb.request("PATCH", "/api/cases/case-2", "{\"notes\": \"x\", \"by\": \"someone.else\"}", officer);
            assertEquals(400, named.getInteger("_status"));
            assertTrue(named.getString("error").contains("logged-in member of staff"), named.encode());
            assertEquals(timeline.size(), sb.get("/api/cases/case-2", officer).getJsonArray("timeline").size(), "nothing changed");
        }
    }
}
