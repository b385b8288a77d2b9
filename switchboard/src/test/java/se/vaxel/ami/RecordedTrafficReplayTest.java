package se.vaxel.ami;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;

/**
 * Golden tests: each scenario recorded from a real Asterisk 20.20.1, replayed over TCP to a running
 * switchboard, must come out as the calls and outcomes that really happened.
 */
class RecordedTrafficReplayTest {

    private static final String SECRET = "replay-secret";

    private static List<JsonObject> replay(String scenario, double speed, int expectedCalls) throws Exception {
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load(scenario), speed, SECRET);
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), SECRET)) {
            await().atMost(Duration.ofSeconds(40)).until(() -> sb.finished().size() >= expectedCalls && sb.live().isEmpty());
            return sb.finished();
        }
    }

    @Test
    void queueAnsweredByAnAgent() throws Exception {
        List<JsonObject> calls = replay("03-queue-answered", 0, 1);

        assertEquals(1, calls.size());
        JsonObject call = calls.get(0);
        assertEquals("+46701234567", call.getString("callerNumber"));
        assertEquals("social-services", call.getString("service"));
        assertEquals("answered", call.getString("outcome"));
        assertEquals("Local/agent1@agents", call.getString("agent"));
        assertEquals(new JsonArray().add("Local/agent1@agents"), call.getJsonArray("offeredTo"));
    }

    @Test
    void citizenAbandonsAfterSixSecondsWhileTheAgentDoesNotAnswer() throws Exception {
        // Real time: the wait is measured by the switchboard's own clock.
        List<JsonObject> calls = replay("04-queue-abandon", 1.0, 1);

        JsonObject call = calls.get(0);
        assertEquals("+46701112233", call.getString("callerNumber"));
        assertEquals("elder-care", call.getString("service"));
        assertEquals("abandoned", call.getString("outcome"));
        assertNull(call.getString("agent"));
        assertEquals(new JsonArray().add("Local/agent3@agents").add("Local/agent3@agents"), call.getJsonArray("offeredTo"),
                "rung, no answer after 4 s, rung again");
        double waited = call.getDouble("waitSeconds");
        assertTrue(waited > 5.0 && waited < 7.5, "waited about 6 s (app_queue said HoldTime 6), not " + waited);
    }

    @Test
    void ringNoAnswerThenAnsweredByTheNextAgent() throws Exception {
        JsonObject call = replay("05-ring-no-answer-then-answer", 0, 1).get(0);

        assertEquals("housing", call.getString("service"));
        assertEquals("answered", call.getString("outcome"));
        assertEquals("Local/agent2@agents", call.getString("agent"));
        assertEquals(new JsonArray().add("Local/agent3@agents").add("Local/agent2@agents"), call.getJsonArray("offeredTo"));
    }

    @Test
    void redirectedOutOfHoldToAnAgent() throws Exception {
        JsonObject call = replay("06-redirect-routing", 0, 1).get(0);

        assertEquals("+46709876543", call.getString("callerNumber"));
        assertEquals("social-services", call.getString("service"));
        assertEquals("answered", call.getString("outcome"));
        assertEquals("Local/agent2@agents", call.getString("agent"));
    }

    @Test
    void routeModeNoAnswerThenRedirectToASecondAgent() throws Exception {
        List<JsonObject> calls = replay("15-route-mode-reference", 0, 1);
        Map<String, JsonObject> byNumber = calls.stream()
                .filter(c -> c.getString("callerNumber") != null)
                .collect(Collectors.toMap(c -> c.getString("callerNumber"), Function.identity(), (a, b) -> a));

        JsonObject citizen = byNumber.get("+46701112233");
        assertEquals("building-permits", citizen.getString("service"));
        assertEquals("answered", citizen.getString("outcome"));
        assertEquals("Local/1002@rm-phones", citizen.getString("agent"));
        assertEquals(new JsonArray().add("Local/1001@rm-phones").add("Local/1002@rm-phones"), citizen.getJsonArray("offeredTo"));
        // Part 2's call-back is the agent's outgoing call, not a citizen's call into the municipality.
        assertEquals(1, calls.size(), "the citizen's call once; the call-back is not listed as a citizen's call");
    }

    @Test
    void twentyConcurrentCallsAllAnswered() throws Exception {
        List<JsonObject> calls = replay("09-concurrent-load", 0, 20);

        assertEquals(20, calls.size());
        assertTrue(calls.stream().allMatch(c -> "answered".equals(c.getString("outcome"))));
        assertTrue(calls.stream().allMatch(c -> "income-support".equals(c.getString("service"))));
        assertEquals(20, calls.stream().map(c -> c.getString("callerNumber")).distinct().count());
        assertTrue(calls.stream().allMatch(c -> c.getString("agent").matches("Local/agent1[123]@agents")));
    }

    @Test
    void resyncAfterConnectRebuildsEveryCallInProgress() throws Exception {
        // The recorder asked Getvar SERVICE only of the two waiting calls; the services of the talking and the
        // ringing call are the ones the scenario's README gives (digit 1 and digit 3).
        try (RecordedAsterisk pbx = RecordedAsterisk.start(Recording.load("16-resync-midcall"), 0, SECRET)
                        .withVariable("Local/s@rm-ivr-00001486;2", "SERVICE", "social-services")
                        .withVariable("Local/s@rm-ivr-00001488;2", "SERVICE", "elder-care");
                SwitchboardHarness sb = new SwitchboardHarness(pbx.port(), SECRET)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.live().size() == 5);
            Map<String, JsonObject> byNumber = sb.live().stream()
                    .collect(Collectors.toMap(c -> c.getString("callerNumber"), Function.identity()));

            assertState(byNumber.get("+46705550101"), "waiting", "social-services", null);
            assertState(byNumber.get("+46705550102"), "waiting", "social-services", null);
            assertState(byNumber.get("+46705550103"), "waiting", "building-permits", null);
            assertState(byNumber.get("+46705550104"), "talking", "social-services", "Local/1004@rm-phones");
            assertState(byNumber.get("+46705550105"), "ringing", "elder-care", "Local/1001@rm-phones");
            assertEquals(200, sb.get("/health").getInteger("_status"));
            JsonObject queues = sb.get("/api/queues");
            JsonObject social = queues.getJsonArray("queues").stream().map(JsonObject.class::cast)
                    .filter(q -> q.getString("service").equals("social-services")).findFirst().orElseThrow();
            assertEquals(2, social.getInteger("waiting"));
            assertEquals(1, social.getInteger("talking"));
            assertTrue(social.getDouble("longestWaitSeconds") >= 6, "QueueEntry said 6 s in queue");
        }
    }

    private static void assertState(JsonObject call, String state, String service, String agent) {
        assertEquals(state, call.getString("state"), call.encode());
        assertEquals(service, call.getString("service"), call.encode());
        assertEquals(agent, call.getString("agent"), call.encode());
    }
}
