package se.vaxel.callbacks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.CitizenScript;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;
import se.vaxel.pbxsim.core.Trunk;

/**
 * Callbacks over TCP through the shipped dialplan: a citizen on hold is offered a callback, books it and hangs
 * up; when their turn comes the agent's phone rings first and the citizen is called from the municipality's
 * number; attempts they miss are retried; a callback survives a restart of Växel.
 */
class CallbackEndToEndTest {

    private static final String SECRET = "callback-secret";
    private static final String MUNICIPALITY = "+46701740605";
    /**
     * Every call's talk time: long enough that the citizen queued behind the first call hears their position
     * and wait (about six seconds of prompts) and the offer before the agent is free.
     */
    private static final Duration TALK = Duration.ofSeconds(12);

    @TempDir
    Path dir;

    private PbxSimulator pbx(Duration talk) {
        return PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(3).mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(talk, talk.plusMillis(200)).withMissedShare(0))
                .build());
    }

    /** One service, one agent (karin), callbacks from any wait so the first one queued behind a call is offered one. */
    private Map<String, String> settings(int maxAttempts) throws Exception {
        Path file = dir.resolve("contact-centre.json");
        Files.writeString(file, """
                {"callbacks": {"municipalityNumber": "%s", "maxAttempts": %d, "retryAfterSeconds": 10, "ringCitizenSeconds": 5},
                 "services": [{"id": "schools", "ivrDigit": "3", "callback": {"offerWhenWaitOverSeconds": 0}}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5}}]}
                """.formatted(MUNICIPALITY, maxAttempts));
        Map<String, String> s = new HashMap<>();
        s.put("VAXEL_CONTACT_CENTRE_FILE", file.toString());
        s.put("VAXEL_DB_URL", "jdbc:h2:file:" + dir.resolve("vaxel"));
        s.put("VAXEL_WRAP_UP_SECONDS", "0.2");
        return s;
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx, Map<String, String> settings) throws Exception {
        SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET), settings);
        await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
        // The shipped hold plays up to 30 s of music between announcements; a second is enough here.
        CompletableFuture<Boolean> set = new CompletableFuture<>();
        sb.verticle().link().send(AmiMessage.action("Setvar").add("Variable", "VAXEL_ANNOUNCE_EVERY").add("Value", "1").build())
                .onComplete(r -> set.complete(r.succeeded() && r.result().isSuccess()));
        assertTrue(set.get(5, TimeUnit.SECONDS));
        return sb;
    }

    /** The callbacks listed over HTTP (open ones and those missed lately). */
    private static List<JsonObject> listed(SwitchboardHarness sb) {
        return sb.get("/api/callbacks").getJsonArray("callbacks").stream().map(JsonObject.class::cast).toList();
    }

    @Test
    void aCitizenWhoBooksACallbackIsCalledFromTheMunicipalitysNumberOnceTheAgentAnswers() throws Exception {
        try (PbxSimulator pbx = pbx(TALK); SwitchboardHarness sb = switchboard(pbx, settings(3))) {
            pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60)); // karin takes this one
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.verticle().distributor().decisions() == 1);
            pbx.placeCitizenCall("+46701740622", CitizenScript.pressing('3', Duration.ofSeconds(60)).acceptingCallback());

            await().atMost(Duration.ofSeconds(20)).until(() -> sb.finished().stream()
                    .anyMatch(c -> "+46701740622".equals(c.getString("callerNumber"))));
            JsonObject booked = sb.finished().stream().filter(c -> "+46701740622".equals(c.getString("callerNumber")))
                    .findFirst().orElseThrow();
            assertEquals("callback", booked.getString("outcome"), "hung up having booked, not abandoned");
            JsonObject listed = listed(sb).get(0);
            assertEquals("+46701740622", listed.getString("number"));
            assertEquals("schools", listed.getString("service"));

            // karin finishes the first call; the callback is next: her phone, then the citizen's
            await().atMost(Duration.ofSeconds(20)).until(() -> pbx.callsToCitizens().size() == 1);
            Trunk.CallToCitizen call = pbx.callsToCitizens().get(0);
            assertEquals("+46701740622", call.number());
            assertEquals(MUNICIPALITY, call.callerIdNum(), "always from the municipality's known number");
            await().atMost(Duration.ofSeconds(30)).until(() -> listed(sb).isEmpty()); // completed
            assertEquals(2, sb.verticle().distributor().agents().get("karin").callsToday(), "the call and the callback");
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void unansweredAttemptsAreRetriedThenMissedAndTheCitizenWhoPhonesAgainIsRecognised() throws Exception {
        try (PbxSimulator pbx = pbx(TALK); SwitchboardHarness sb = switchboard(pbx, settings(2))) {
            pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.verticle().distributor().decisions() == 1);
            pbx.placeCitizenCall("+46701740633", CitizenScript.pressing('3', Duration.ofSeconds(60)).acceptingCallback()
                    .answeringCallbackAttempt(0));
            await().atMost(Duration.ofSeconds(20)).until(() -> !listed(sb).isEmpty());

            // two attempts, ten seconds apart, neither answered
            await().atMost(Duration.ofSeconds(60)).until(() -> "missed".equals(listed(sb).get(0).getString("status")));
            assertEquals(2, pbx.callsToCitizens().size());
            JsonObject listed = listed(sb).get(0);
            assertEquals(2, listed.getInteger("attempts"));
            assertEquals("NOANSWER", listed.getString("lastResult"));

            // they phone again: recognised by number, the new call takes the callback's place
            pbx.placeCitizenCall("+46701740633", '3', Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(15)).until(() -> listed(sb).isEmpty()); // taken over by the new call
            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().stream().anyMatch(c ->
                    "+46701740633".equals(c.getString("callerNumber")) && "answered".equals(c.getString("outcome"))));
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void aCallbackSurvivesARestartOfVaxel() throws Exception {
        try (PbxSimulator pbx = pbx(TALK)) {
            Map<String, String> settings = settings(3);
            String id;
            try (SwitchboardHarness sb = switchboard(pbx, settings)) {
                pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60)); // karin is busy for a while
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.verticle().distributor().decisions() == 1);
                pbx.placeCitizenCall("+46701740644", CitizenScript.pressing('3', Duration.ofSeconds(60)).acceptingCallback());
                await().atMost(Duration.ofSeconds(20)).until(() -> !listed(sb).isEmpty());
                id = listed(sb).get(0).getString("id");
                assertEquals(0, pbx.callsToCitizens().size(), "stopped before the callback's turn");
            }
            try (SwitchboardHarness again = switchboard(pbx, settings)) {
                JsonObject listed = listed(again).get(0);
                assertEquals(id, listed.getString("id"), "read back from the database");
                assertEquals("waiting", listed.getString("status"));
                // karin's call (found at the resync) ends; then the callback is made
                await().atMost(Duration.ofSeconds(30)).until(() -> pbx.callsToCitizens().size() == 1);
                assertEquals("+46701740644", pbx.callsToCitizens().get(0).number());
                await().atMost(Duration.ofSeconds(30)).until(() -> listed(again).isEmpty());
            }
            assertEquals(0, pbx.errors());
        }
    }
}
