package se.vaxel.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;

/**
 * A protected identity's cases exist only for the roles in VAXEL_PROTECTED_IDENTITY_ROLES: to others a 404 and
 * absent from searches and totals, including cases from before the protection was given; those who may see them
 * still get no name, address or personal identity number.
 */
class CasesAuthProtectedIdentityTest {

    @TempDir
    Path dir;

    private static final String SECRET_NAME = "Hemlig Person";
    private static final String SECRET_PIN = "19700101-0000";
    private static final String SECRET_ADDRESS = "Skyddad väg 1";

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("cases").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void aPlainAgentNeverSeesAProtectedCaseAndThoseWhoMaySeeNoPersonalData() throws Exception {
        Path citizens = dir.resolve("citizens.json");
        Files.writeString(citizens, """
                [{"id": "c-1", "name": "Anna Andersson", "personalIdentityNumber": "19800101-0000", "address": "Storgatan 1",
                  "numbers": ["+46701740611"]},
                 {"id": "c-2", "name": "%s", "personalIdentityNumber": "%s", "address": "%s", "protectedIdentity": true,
                  "numbers": ["+46701740622"]},
                 {"id": "c-3", "name": "Protected Later", "personalIdentityNumber": "19600101-0000", "address": "Ny adress 3",
                  "protectedIdentity": true, "numbers": ["+46701740633"]}]
                """.formatted(SECRET_NAME, SECRET_PIN, SECRET_ADDRESS));
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "s"),
                        Map.of("VAXEL_CITIZEN_DIRECTORY_FILE", citizens.toString()))) {
            CaseRegister register = sb.verticle().caseRegister();
            Instant t = Instant.now().minusSeconds(600);
            open(register, "case-anna", "+46701740611", t, new CaseChange.CitizenIdentified("c-1", false));
            open(register, "case-hidden", "+46701740622", t.plusSeconds(60), new CaseChange.CitizenIdentified("c-2", true));
            // Identified while c-3 was not yet protected: the directory says otherwise now.
            open(register, "case-before", "+46701740633", t.plusSeconds(120), new CaseChange.CitizenIdentified("c-3", false));
            open(register, "case-unknown", "+46701740699", t.plusSeconds(180), null);

            for (String user : List.of("admin", "supervisor")) {
                String token = sb.login(user);
                JsonObject all = sb.get("/api/cases", token);
                assertEquals(List.of("case-unknown", "case-anna"), ids(all), user);
                assertEquals(2, all.getInteger("total"), user + ": the total counts only what may be seen");
                JsonObject paged = sb.get("/api/cases?size=1&page=1", token);
                assertEquals(List.of("case-anna"), ids(paged), "pages are pages of what may be seen");
                assertEquals(2, paged.getInteger("total"));
                assertEquals(0, sb.get("/api/cases?citizen=c-2", token).getInteger("total"));
                assertEquals(0, sb.get("/api/cases?number=%2B46701740633", token).getInteger("total"));
                for (String hidden : List.of("case-hidden", "case-before")) {
                    JsonObject one = sb.get("/api/cases/" + hidden, token);
                    assertEquals(404, one.getInteger("_status"), user + " " + hidden);
                    assertEquals("no case " + hidden, one.getString("error"), "the same answer as for a case that does not exist");
                    assertEquals(404, sb.request("PATCH", "/api/cases/" + hidden, "{\"notes\": \"x\"}", token).getInteger("_status"));
                }
            }
            assertTrue(register.get("case-before").toCompletableFuture().get().protectedIdentity(),
                    "the flag follows the directory once the case has been looked at");
            assertNull(register.get("case-hidden").toCompletableFuture().get().notes(), "no change went through");

            String mayKnow = sb.login("protected");
            JsonObject all = sb.get("/api/cases", mayKnow);
            assertEquals(List.of("case-unknown", "case-before", "case-hidden", "case-anna"), ids(all));
            assertEquals(4, all.getInteger("total"));
            JsonObject hidden = sb.get("/api/cases/case-hidden", mayKnow);
            assertEquals(200, hidden.getInteger("_status"));
            assertEquals(new JsonObject().put("id", "c-2").put("protectedIdentity", true), hidden.getJsonObject("citizenDetails"));
            assertTrue(hidden.getBoolean("protectedIdentity"));
            for (String secret : List.of(SECRET_NAME, SECRET_PIN, SECRET_ADDRESS)) {
                assertFalse(hidden.encode().contains(secret), "never on the screen: " + secret);
                assertFalse(all.encode().contains(secret), "never on the screen: " + secret);
            }
            assertEquals(200, sb.request("PATCH", "/api/cases/case-hidden", "{\"notes\": \"called back\"}", mayKnow).getInteger("_status"));
        }
    }

    private static void open(CaseRegister register, String id, String number, Instant at, CaseChange identified) throws Exception {
        register.create(Case.opened(id, number, at)).toCompletableFuture().get();
        if (identified != null) {
            register.apply(id, identified).toCompletableFuture().get();
        }
    }
}
