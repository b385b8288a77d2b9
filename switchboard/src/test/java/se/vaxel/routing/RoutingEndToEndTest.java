package se.vaxel.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/** Route mode for real: the simulator runs the shipped dialplan, and Växel itself connects parked citizens. */
class RoutingEndToEndTest {

    private static final String SECRET = "routing-secret";
    private static final Set<String> SCHOOLS_AGENTS = Set.of("PJSIP/1004", "PJSIP/1007", "PJSIP/1008");

    private static PbxSimulator sim(Set<String> neverAnswer) {
        return PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(5).mode(SimConfig.Mode.ROUTE)
                .traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(200), Duration.ofMillis(300))
                        .withTalk(Duration.ofMillis(1500), Duration.ofMillis(2000)).withMissedShare(0).withNeverAnswer(neverAnswer))
                .build());
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx, Map<String, String> settings) throws Exception {
        return new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET), settings);
    }

    @Test
    void parkedCitizensAreConnectedByVaxelFirstComeFirstServed() throws Exception {
        try (PbxSimulator pbx = sim(Set.of());
                SwitchboardHarness sb = switchboard(pbx, Map.of("VAXEL_WRAP_UP_SECONDS", "0.2"))) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            List<String> arrivals = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                arrivals.add(pbx.placeCitizenCall("+4670555000" + i, '3', Duration.ofSeconds(60)));
                int queued = i + 1;
                // one after another, so their places are clear
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.verticle().distributor().decisions() + sb.verticle().distributor().engine().waitingCount() >= queued);
            }

            await().atMost(Duration.ofSeconds(40)).until(() -> sb.finished().size() == 6);
            List<JsonObject> done = new ArrayList<>(sb.finished());
            for (JsonObject c : done) {
                assertEquals("answered", c.getString("outcome"), c.encode());
                assertEquals("schools", c.getString("service"));
                assertTrue(SCHOOLS_AGENTS.contains(c.getString("agent")), "answered by a schools agent: " + c.getString("agent"));
            }
            done.sort(Comparator.comparing(c -> Instant.parse(c.getString("answeredAt"))));
            assertEquals(arrivals, done.stream().map(c -> c.getString("id")).toList(), "answered in the order they queued");
            assertEquals(0, sb.verticle().distributor().failedConnects());
        }
    }

    @Test
    void aCitizenWhoChoosesAClosedServiceHearsTheClosedMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("contact-centre.json");
        java.nio.file.Files.writeString(file, """
                {"services": [{"id": "schools", "ivrDigit": "3", "openingHours": {}},
                              {"id": "elder-care", "ivrDigit": "4"}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5, "elder-care": 5}}]}
                """);
        try (PbxSimulator pbx = sim(Set.of());
                SwitchboardHarness sb = switchboard(pbx, Map.of("VAXEL_CONTACT_CENTRE_FILE", file.toString(),
                        "VAXEL_OPENING_HOURS", "apply", "VAXEL_WRAP_UP_SECONDS", "0.2"))) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            await().atMost(Duration.ofSeconds(5)).until(() -> "0".equals(global(sb, "VAXEL_OPEN_schools")));
            pbx.placeCitizenCall("+46705559001", '3', Duration.ofSeconds(60));
            pbx.placeCitizenCall("+46705559002", '4', Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> sb.finished().size() == 2);
            Map<String, String> outcomes = new java.util.HashMap<>();
            sb.finished().forEach(c -> outcomes.put(c.getString("service"), c.getString("outcome")));
            assertEquals("closed", outcomes.get("schools"), "schools has no opening hours at all: always closed");
            assertEquals("answered", outcomes.get("elder-care"));
        }
    }

    private static String global(SwitchboardHarness sb, String variable) throws Exception {
        var r = sb.verticle().link().send(se.vaxel.ami.protocol.AmiMessage.action("Getvar").add("Variable", variable).build())
                .await(5, java.util.concurrent.TimeUnit.SECONDS);
        return r.get("Value");
    }

    @Test
    void aMissedRingPutsTheCitizenBackInTheirPlaceAndTheAgentIsPausedAfterTwo() throws Exception {
        // 1007 never answers; with skill-level ties broken by longest idle, it will be offered calls and miss.
        try (PbxSimulator pbx = sim(Set.of("1007"));
                SwitchboardHarness sb = switchboard(pbx, Map.of("VAXEL_RING_TIMEOUT_SECONDS", "1", "VAXEL_WRAP_UP_SECONDS", "0.2"))) {
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);
            for (int i = 0; i < 5; i++) {
                pbx.placeCitizenCall("+4673555100" + i, '3', Duration.ofSeconds(60));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sb.finished().size() == 5);

            assertTrue(sb.finished().stream().allMatch(c -> "answered".equals(c.getString("outcome"))), "nobody lost");
            assertTrue(sb.finished().stream().noneMatch(c -> "PJSIP/1007".equals(c.getString("agent"))));
            Agent karin = sb.verticle().distributor().agents().get("karin.sjoberg");
            // read from the test thread: wait until the event loop's writes show
            await().atMost(Duration.ofSeconds(5)).until(() -> karin.status() == AgentStatus.PAUSED);
            assertEquals(Agent.MISSED_CALL, karin.pauseReason());
            long offeredToKarin = sb.finished().stream()
                    .filter(c -> c.getJsonArray("offeredTo").contains("PJSIP/1007")).count();
            assertTrue(offeredToKarin >= 1 && offeredToKarin <= 2, "offered at most twice before the pause: " + offeredToKarin);
        }
    }
}
