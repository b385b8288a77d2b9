package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent's state as one node hands the PBX over and the next carries on: kept as JSON in the cluster between them. */
class AgentCarryOverTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private final List<AgentStateChanged> changes = new ArrayList<>();

    private Agent agent() {
        return new Agent(new AgentProfile("anna.lind", "Anna Lind", "PJSIP/1001", Map.of("schools", 5)), 2, T0, changes::add);
    }

    /** Logged in at T0 and talking with a citizen since {@code answeredAt}. */
    private Agent onACall(Instant answeredAt) {
        Agent a = agent();
        a.logIn(T0);
        a.offer("c-" + answeredAt.getEpochSecond(), answeredAt.minusSeconds(1));
        a.answered(answeredAt);
        return a;
    }

    @Test
    void aPausedAgentStaysPausedForTheSameReasonAndCallsTodayCarryOver() {
        Agent before = onACall(T0.plusSeconds(2));
        before.callEnded(Duration.ofSeconds(10), T0.plusSeconds(60));
        before.pause("lunch", T0.plusSeconds(65));

        Agent after = agent();
        after.carryOver(AgentPresence.fromJson(before.presence().toJson()), T0.plusSeconds(90));

        assertEquals(AgentStatus.PAUSED, after.status());
        assertEquals("lunch", after.pauseReason());
        assertEquals(1, after.callsToday());
    }

    @Test
    void wrapUpKeepsItsEndAndAnAgentOnACallBecomesAvailableForTheResyncToHold() {
        Agent wrapping = onACall(T0.plusSeconds(2));
        wrapping.callEnded(Duration.ofSeconds(30), T0.plusSeconds(60));
        Agent after = agent();
        after.carryOver(wrapping.presence(), T0.plusSeconds(70));
        assertEquals(AgentStatus.WRAP_UP, after.status());
        assertEquals(T0.plusSeconds(90), after.wrapUpEnds(), "the same end, not a new wrap-up");

        Agent talking = onACall(T0.plusSeconds(6));
        Agent next = agent();
        next.carryOver(talking.presence(), T0.plusSeconds(70));
        assertEquals(AgentStatus.AVAILABLE, next.status());
    }

    @Test
    void handingOverTakesEvenAnAgentOnACallOutOfThisNodesPicture() {
        Agent a = onACall(T0.plusSeconds(2));
        a.handOver(T0.plusSeconds(3));
        assertEquals(AgentStatus.LOGGED_OUT, a.status());
        assertEquals(AgentStatus.LOGGED_OUT, changes.get(changes.size() - 1).to());
    }

    @Test
    void somethingElseInThePresenceMapIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentPresence.fromJson("{\"agent\":\"x\"}"));
        assertEquals(true, e.getMessage().startsWith("not an agent's presence"), e.getMessage());
    }
}
