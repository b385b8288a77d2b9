package se.vaxel.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * A contact-centre day compressed into under a minute: 480 citizens over 48 s into the shipped dialplan and
 * catalogue, twelve simulated agents with short calls, Växel routing. Checks what must hold on any day:
 * first come first served within each service, no agent offered a call unless available, nobody waiting
 * without bound, and every call accounted for; and reports the day's figures.
 */
class SimulatedDayTest {

    private static final String SECRET = "day-secret";

    @Test
    void aBusyDayIsFairAndLosesNobody() throws Exception {
        int calls = 480;
        SimConfig sim = SimConfig.builder("vaxel", SECRET).seed(2026).mode(SimConfig.Mode.ROUTE).traffic(SimConfig.Traffic.none())
                .agents(SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(100), Duration.ofMillis(200))
                        .withTalk(Duration.ofMillis(400), Duration.ofMillis(900)).withMissedShare(0))
                .build();
        ConcurrentLinkedQueue<RoutingDecision> decisions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<AgentStateChanged> changes = new ConcurrentLinkedQueue<>();
        try (PbxSimulator pbx = PbxSimulator.start(sim);
                SwitchboardHarness sb = new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                        Map.of("VAXEL_WRAP_UP_SECONDS", "0.1", "VAXEL_RING_TIMEOUT_SECONDS", "5"))) {
            CallDistributor distributor = sb.verticle().distributor();
            distributor.onDecision(decisions::add);
            distributor.onAgentChange(changes::add);
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            Random random = new Random(7);
            String digits = "1111111222233334440";
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long due = start + i * 100_000_000L; // ten a second
                await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() >= due);
                pbx.placeCitizenCall(String.format("+4672%07d", i), digits.charAt(random.nextInt(digits.length())),
                        Duration.ofSeconds(30 + random.nextInt(30)));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> sb.live().isEmpty() && sb.finished().size() == calls);

            List<JsonObject> finished = sb.finished();
            // Every call accounted for, each once.
            assertEquals(calls, finished.stream().map(c -> c.getString("id")).distinct().count());

            // First come first served within each service: each service's offers go out in rank order.
            Map<String, Instant> lastOffered = new HashMap<>();
            for (RoutingDecision d : decisions) {
                Instant queued = d.citizen().queuedAt();
                Instant previous = lastOffered.put(d.citizen().service(), queued);
                assertTrue(previous == null || !queued.isBefore(previous),
                        d.citizen().service() + ": " + d.citizen().callId() + " queued at " + queued + " offered after one queued at " + previous);
            }

            // No agent is offered a call unless available, and never two at once.
            List<AgentStateChanged> offers = changes.stream().filter(c -> c.to() == AgentStatus.RINGING).toList();
            assertEquals(decisions.size(), offers.size());
            assertTrue(offers.stream().allMatch(c -> c.from() == AgentStatus.AVAILABLE), "offered only when available");

            // Nobody waits without bound, and the figures of the day.
            List<Double> waits = new ArrayList<>();
            int answered = 0;
            int withinTarget = 0;
            for (JsonObject c : finished) {
                if ("answered".equals(c.getString("outcome"))) {
                    answered++;
                    double w = c.getDouble("waitSeconds");
                    waits.add(w);
                    if (w <= 20) {
                        withinTarget++;
                    }
                }
            }
            double longest = waits.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double average = waits.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf("Simulated day: %d calls, answer rate %.1f%%, service level (20 s) %.1f%%, average wait %.2f s, "
                    + "longest %.2f s, %d routing decisions%n", calls, 100.0 * answered / calls,
                    100.0 * withinTarget / Math.max(1, answered), average, longest, decisions.size());
            assertTrue(longest < 60, "nobody waited without bound: longest " + longest);
            assertTrue(answered >= calls * 0.9, "the day was staffed to answer nearly all: " + answered);
            assertEquals(0, distributor.failedConnects());
            assertEquals(0, pbx.errors());
        }
    }
}
