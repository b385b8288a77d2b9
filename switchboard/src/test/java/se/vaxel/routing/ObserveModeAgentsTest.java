package se.vaxel.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import se.vaxel.SwitchboardHarness;
import se.vaxel.ami.AmiClientConfig;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.PbxSimulator;
import se.vaxel.pbxsim.SimConfig;

/**
 * Observe mode over TCP: app_queue (the simulator's) routes, and the same agents' states follow what it does
 * with their phones and what it says of them as queue members, so desks and metrics read the same.
 */
class ObserveModeAgentsTest {

    private static final String SECRET = "observe-secret";

    private static PbxSimulator pbx(SimConfig.Agents agents) {
        return PbxSimulator.start(SimConfig.builder("vaxel", SECRET).seed(11).mode(SimConfig.Mode.OBSERVE)
                .traffic(SimConfig.Traffic.none()).agents(agents).build());
    }

    private static SwitchboardHarness switchboard(PbxSimulator pbx) throws Exception {
        return new SwitchboardHarness(AmiClientConfig.of("127.0.0.1", pbx.port(), "vaxel", SECRET),
                Map.of("VAXEL_WRAP_UP_SECONDS", "0.5"));
    }

    @Test
    void theAgentAppQueueConnectsRingsTalksAndWrapsUp() throws Exception {
        SimConfig.Agents agents = SimConfig.Agents.defaults().withAnswer(Duration.ofMillis(600), Duration.ofMillis(800))
                .withTalk(Duration.ofMillis(1200), Duration.ofMillis(1500)).withMissedShare(0);
        try (PbxSimulator pbx = pbx(agents); SwitchboardHarness sb = switchboard(pbx)) {
            CallDistributor d = sb.verticle().distributor();
            ConcurrentLinkedQueue<AgentStateChanged> changes = new ConcurrentLinkedQueue<>();
            d.onAgentChange(changes::add);
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            pbx.placeCitizenCall("+46701740611", '3', Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream().anyMatch(c -> c.to() == AgentStatus.ON_CALL));
            String agent = changes.stream().filter(c -> c.to() == AgentStatus.ON_CALL).findFirst().orElseThrow().agentId();
            assertTrue(List.of("karin.sjoberg", "olof.lund", "johan.ek").contains(agent), "a schools agent: " + agent);
            await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream()
                    .anyMatch(c -> c.agentId().equals(agent) && c.from() == AgentStatus.WRAP_UP && c.to() == AgentStatus.AVAILABLE));

            List<AgentStatus> path = changes.stream().filter(c -> c.agentId().equals(agent)).map(AgentStateChanged::to).toList();
            assertEquals(List.of(AgentStatus.RINGING, AgentStatus.ON_CALL, AgentStatus.WRAP_UP, AgentStatus.AVAILABLE), path,
                    "as if Växel had routed the call");
            assertTrue(changes.stream().filter(c -> c.to() == AgentStatus.RINGING).allMatch(c -> c.from() == AgentStatus.AVAILABLE));
            assertEquals(1, d.agents().get(agent).callsToday());
            assertEquals(0, d.decisions(), "app_queue routed, not Växel");

            // The call app_queue routed is registered just as one Växel routes.
            se.vaxel.cases.CaseRegister register = sb.verticle().caseRegister();
            se.vaxel.cases.CaseQuery mine = new se.vaxel.cases.CaseQuery("+46701740611", null, null, null, null, null, null, 0, 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> register.search(mine).cases().stream()
                    .anyMatch(c -> c.outcome() == se.vaxel.cases.Case.Outcome.ANSWERED));
            se.vaxel.cases.Case registered = register.search(mine).cases().get(0);
            assertEquals(1, register.search(mine).total(), "one case for the one call");
            assertEquals("schools", registered.service());
            assertTrue(registered.agent() != null && registered.agent().startsWith("PJSIP/"), registered.toString());
            assertTrue(registered.talkSeconds() != null && registered.talkSeconds() >= 1.0, registered.toString());
            assertTrue(registered.waitSeconds() != null && registered.waitSeconds() >= 0.5, "rang for 0.6-0.8 s: " + registered);
            assertTrue(registered.timeline().stream().anyMatch(e -> e.what().equals("answered")), registered.toString());
        }
    }

    @Test
    void aPauseAtThePbxPausesTheAgentWithItsReason() throws Exception {
        try (PbxSimulator pbx = pbx(SimConfig.Agents.defaults()); SwitchboardHarness sb = switchboard(pbx)) {
            CallDistributor d = sb.verticle().distributor();
            await().atMost(Duration.ofSeconds(10)).until(sb.verticle().link()::isUp);

            // A supervisor (or the phone's pause code) pauses karin's phone in every queue it serves.
            send(sb, AmiMessage.action("QueuePause").add("Interface", "PJSIP/1007").add("Paused", "true").add("Reason", "training"));
            await().atMost(Duration.ofSeconds(5)).until(() -> d.agents().get("karin.sjoberg").status() == AgentStatus.PAUSED);
            assertEquals("training", d.agents().get("karin.sjoberg").pauseReason());

            send(sb, AmiMessage.action("QueuePause").add("Interface", "PJSIP/1007").add("Paused", "false"));
            await().atMost(Duration.ofSeconds(5)).until(() -> d.agents().get("karin.sjoberg").status() == AgentStatus.AVAILABLE);
        }
    }

    private static void send(SwitchboardHarness sb, AmiMessage.Builder action) throws Exception {
        var answer = new java.util.concurrent.CompletableFuture<String>();
        sb.verticle().link().send(action.build())
                .onComplete(r -> answer.complete(r.succeeded() ? r.result().message() : r.cause().getMessage()));
        assertTrue(answer.get(5, java.util.concurrent.TimeUnit.SECONDS).contains("successfully"), "the PBX took the action");
    }
}
