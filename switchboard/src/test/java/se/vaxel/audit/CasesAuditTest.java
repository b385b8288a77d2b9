package se.vaxel.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.RecordedAsterisk;
import se.vaxel.ami.Recording;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseChange;
import se.vaxel.cases.CaseRegister;

/**
 * Every read, search and change of a case is in the audit log (who, what, when, from where), with the phone
 * number of a search masked, and the log is for supervisors and admins only.
 */
class CasesAuditTest {

    @TempDir
    Path dir;

    @Test
    void readsSearchesAndChangesAreAuditedWithWhoWhatWhenAndWhere() throws Exception {
        Path citizens = dir.resolve("citizens.json");
        Files.writeString(citizens, """
                [{"id": "c-2", "name": "Hemlig", "personalIdentityNumber": "19700101-0000", "address": "x",
                  "protectedIdentity": true, "numbers": ["+46701740622"]}]
                """);
        Instant start = Instant.now();
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("01-login-logoff"), 0, "s");
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "switchboard", "s"),
                        Map.of("VAXEL_CITIZEN_DIRECTORY_FILE", citizens.toString()))) {
            CaseRegister register = sb.verticle().caseRegister();
            register.create(Case.opened("case-1", "+46701740611", start.minusSeconds(60))).toCompletableFuture().get();
            register.create(Case.opened("case-hidden", "+46701740622", start.minusSeconds(30))).toCompletableFuture().get();
            register.apply("case-hidden", new CaseChange.CitizenIdentified("c-2", true)).toCompletableFuture().get();

            String officer = sb.login("supervisor");
            assertEquals(0, sb.get("/api/cases?service=schools", officer).getInteger("total"), "an empty search is audited too");
            assertEquals(1, sb.get("/api/cases?number=%2B46701740611", officer).getInteger("total"));
            assertEquals(200, sb.get("/api/cases/case-1", officer).getInteger("_status"));
            assertEquals(200, sb.request("PATCH", "/api/cases/case-1", "{\"notes\": \"wants a call back\"}", officer).getInteger("_status"));
            assertEquals(404, sb.get("/api/cases/no-such-case", officer).getInteger("_status"));
            assertEquals(404, sb.get("/api/cases/case-hidden", officer).getInteger("_status"));

            String admin = sb.login("admin");
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/api/audit?user=supervisor", admin).getInteger("total") == 6);
            JsonObject log = sb.get("/api/audit?user=supervisor", admin);
            List<JsonObject> entries = log.getJsonArray("entries").stream().map(JsonObject.class::cast).toList();
            assertEquals(List.of("read refused", "read not_found", "update changed", "read shown", "search shown", "search shown"),
                    entries.stream().map(e -> e.getString("action") + " " + e.getString("outcome")).toList(), "newest first");
            for (JsonObject e : entries) {
                assertEquals("supervisor", e.getString("user"));
                assertEquals("127.0.0.1", e.getString("address"));
                Instant at = Instant.parse(e.getString("at"));
                assertTrue(!at.isBefore(start) && !at.isAfter(Instant.now()), e.encode());
            }
            assertEquals(new JsonArray().add("case-hidden"), entries.get(0).getJsonArray("cases"), "an attempt on a hidden case");
            JsonObject update = entries.get(2);
            assertEquals(new JsonArray().add("case-1"), update.getJsonArray("cases"));
            assertEquals(new JsonArray().add("notes"), update.getJsonObject("detail").getJsonArray("fields"), "which fields, not their text");
            JsonObject search = entries.get(4);
            assertEquals(new JsonArray().add("case-1"), search.getJsonArray("cases"), "which cases came back");
            assertEquals(new JsonObject().put("number", se.vaxel.privacy.Masking.phone("+46701740611")),
                    search.getJsonObject("detail").getJsonObject("filters"), "the number masked");
            assertFalse(log.encode().contains("+46701740611"), "no unmasked phone number in the audit log");
            assertFalse(log.encode().contains("wants a call back"), "nor the notes");

            JsonObject aboutCase = sb.get("/api/audit?case=case-1", admin);
            assertEquals(3, aboutCase.getInteger("total"), "search, read and change of case-1: " + aboutCase.encode());
            assertEquals(1, sb.get("/api/audit?user=supervisor&size=1&page=2", admin).getJsonArray("entries").size());
            assertEquals(0, sb.get("/api/audit?user=supervisor&from=2000-01-01&to=2000-01-02", admin).getInteger("total"));
            assertEquals(400, sb.get("/api/audit?from=yesterday", admin).getInteger("_status"));

            assertEquals(200, sb.get("/api/audit", sb.login("supervisor")).getInteger("_status"), "supervisors read it too");
            for (String user : List.of("agent", "officer", "wallboard")) {
                assertEquals(403, sb.get("/api/audit", sb.login(user)).getInteger("_status"), user);
            }
            assertEquals(401, sb.get("/api/audit", null).getInteger("_status"));
        }
    }
}
