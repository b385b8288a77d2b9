package se.vaxel.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

/** Log-in, who am I, log-out and session expiry over HTTP, with the sessions in the register's Hazelcast member. */
class SessionApiTest {

    private static String body(String user, String password) {
        return new JsonObject().put("user", user).put("password", password).encode();
    }

    @Test
    void aMemberOfStaffLogsInSeesWhoTheyAreAndLogsOut() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            JsonObject in = sb.request("POST", "/api/session", body("officer-sara", sb.password("officer-sara")));
            assertEquals(200, in.getInteger("_status"), in.encode());
            String token = in.getString("token");
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "256 bits, base64url: " + token);
            assertEquals(new JsonObject().put("id", "officer-sara").put("name", "Test officer-sara")
                    .put("roles", new io.vertx.core.json.JsonArray().add("officer"))
                    .put("departments", new io.vertx.core.json.JsonArray().add("building-permits")), in.getJsonObject("user"),
                    "her departments as the shipped back-office.json has them");
            Duration left = Duration.between(Instant.now(), Instant.parse(in.getString("expiresAt")));
            assertTrue(left.compareTo(Duration.ofHours(10).minusMinutes(1)) > 0 && left.compareTo(Duration.ofHours(10)) <= 0, left.toString());

            JsonObject me = sb.get("/api/session", token);
            assertEquals(200, me.getInteger("_status"));
            assertEquals(in.getJsonObject("user"), me.getJsonObject("user"));
            assertEquals(in.getString("expiresAt"), me.getString("expiresAt"));

            var kept = sb.verticle().caseRegister().hazelcast().getMap(SessionStore.MAP).keySet();
            assertEquals(java.util.Set.of(Tokens.digest(token)), kept, "the store keeps only the token's SHA-256");

            assertEquals(204, sb.request("DELETE", "/api/session", null, token).getInteger("_status"));
            JsonObject after = sb.get("/api/session", token);
            assertEquals(401, after.getInteger("_status"), "a logged-out token no longer works");
            assertTrue(after.getString("error").contains("log in again"), after.encode());
            assertEquals(401, sb.get("/api/session", null).getInteger("_status"));
            assertEquals(401, sb.get("/api/session", "made-up-token").getInteger("_status"));
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndGuessingIsSlowed() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), "s")) {
            JsonObject wrong = sb.request("POST", "/api/session", body("agent", "not the password"));
            JsonObject unknown = sb.request("POST", "/api/session", body("nobody", sb.password("agent")));
            assertEquals(401, wrong.getInteger("_status"));
            assertEquals(wrong, unknown, "no telling which users exist");
            assertEquals(400, sb.request("POST", "/api/session", "{\"user\": \"agent\"}").getInteger("_status"));
            assertEquals(400, sb.request("POST", "/api/session", "{not json").getInteger("_status"));

            // Five wrong in a row are free; after that the pair (user, address) is closed for a growing while.
            int refused = 0;
            for (int i = 0; i < 12 && refused == 0; i++) {
                JsonObject r = sb.request("POST", "/api/session", body("supervisor", "guess " + i));
                if (r.getInteger("_status") == 429) {
                    refused++;
                } else {
                    assertEquals(401, r.getInteger("_status"));
                }
            }
            assertEquals(1, refused, "guessing is slowed down");
            JsonObject right = sb.request("POST", "/api/session", body("supervisor", sb.password("supervisor")));
            assertEquals(429, right.getInteger("_status"), "even the right password waits its turn: " + right.encode());
            assertEquals(200, sb.request("POST", "/api/session", body("admin", sb.password("admin"))).getInteger("_status"),
                    "other users are not affected");
        }
    }

    @Test
    void aSessionEndsByItselfAfterItsHours() throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "s"),
                        Map.of("VAXEL_SESSION_HOURS", "0.0005"))) {
            String token = sb.login("agent");
            assertEquals(200, sb.get("/api/session", token).getInteger("_status"));
            await().atMost(Duration.ofSeconds(15)).until(() -> sb.get("/api/session", token).getInteger("_status") == 401);
        }
    }
}
