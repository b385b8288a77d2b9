package se.vaxel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/** The switchboard following the built-in simulator over TCP, as on the embedded default. */
class SimulatorEndToEndTest {

    private static final String SECRET = "e2e-secret";

    private static SimConfig sim(SimConfig.Agents agents) {
        return SimConfig.builder("vaxel", SECRET).seed(42).mode(SimConfig.Mode.OBSERVE)
                .traffic(SimConfig.Traffic.none()).agents(agents).build();
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx) throws Exception {
        return new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET)
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(500)));
    }

    @Test
    void citizensChooseAServiceWaitAndAreAnsweredByAgents() throws Exception {
        SimConfig.Agents quick = SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(400))
                .withTalk(Duration.ofMillis(600), Duration.ofMillis(900)).withMissedShare(0);
        try (PbxSimulator pbx = PbxSimulator.start(sim(quick)); SwitchboardHarness sb = switchboard(pbx)) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            pbx.placeCitizenCall("+46701110001", '1', Duration.ofSeconds(60));
            pbx.placeCitizenCall("+46701110002", '3', Duration.ofSeconds(60));
            pbx.placeCitizenCall("+46701110003", '4', Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 3 && sb.live().isEmpty());
            Map<String, JsonObject> byNumber = sb.finished().stream()
                    .collect(Collectors.toMap(c -> c.getString("callerNumber"), Function.identity()));
            assertEquals("social-services", byNumber.get("+46701110001").getString("service"));
            assertEquals("schools", byNumber.get("+46701110002").getString("service"));
            assertEquals("elder-care", byNumber.get("+46701110003").getString("service"));
            for (JsonObject c : byNumber.values()) {
                assertEquals("answered", c.getString("outcome"), c.encode());
                assertTrue(c.getString("agent").startsWith("PJSIP/10"), c.encode());
                assertTrue(c.getDouble("talkSeconds") >= 0.5, c.encode());
            }
            assertEquals(0, pbx.errors());
        }
    }

    @Test
    void aCitizenNobodyAnswersHangsUpAndIsCountedAbandoned() throws Exception {
        SimConfig.Agents nobody = SimConfig.Agents.defaults().withMissedShare(1.0);
        try (PbxSimulator pbx = PbxSimulator.start(sim(nobody)); SwitchboardHarness sb = switchboard(pbx)) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            pbx.placeCitizenCall("+46701110009", '2', Duration.ofSeconds(2));

            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 1);
            JsonObject call = sb.finished().get(0);
            assertEquals("abandoned", call.getString("outcome"));
            assertEquals("building-permits", call.getString("service"));
            double waited = call.getDouble("waitSeconds");
            assertTrue(waited >= 1.5 && waited < 4, "waited about its 2 s of patience, not " + waited);
            assertTrue(!call.getJsonArray("offeredTo").isEmpty(), "app_queue rang agents meanwhile");
        }
    }

    @Test
    void aSwitchboardStartedMidTrafficPicksUpTheCallsInProgress() throws Exception {
        SimConfig.Agents slow = SimConfig.Agents.defaults().withMissedShare(1.0);
        try (PbxSimulator pbx = PbxSimulator.start(sim(slow))) {
            List<String> ids = List.of(
                    pbx.placeCitizenCall("+46701110011", '1', Duration.ofSeconds(60)),
                    pbx.placeCitizenCall("+46701110012", '1', Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(20)).until(() -> pbx.waitingInQueue("social-services") == 2);

            try (SwitchboardHarness sb = switchboard(pbx)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.live().size() == 2);
                for (JsonObject c : sb.live()) {
                    assertTrue(ids.contains(c.getString("id")), c.encode());
                    assertEquals("social-services", c.getString("service"), c.encode());
                    assertTrue(List.of("waiting", "ringing").contains(c.getString("state")), c.encode());
                }
            }
        }
    }
}
