package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private long places;

    private WaitingCitizen citizen(String id, String service, int priority, int secondsAfterT0) {
        return new WaitingCitizen(id, service, priority, T0.plusSeconds(secondsAfterT0), places++);
    }

    private static AvailableAgent agent(String id, Map<String, Integer> skills, int idleSinceSeconds, int callsToday) {
        return new AvailableAgent(id, skills, T0.plusSeconds(idleSinceSeconds), callsToday);
    }

    private static RoutingEngine engine(RoutingRule... rules) {
        return new RoutingEngine(List.of(rules), Duration.ofSeconds(60));
    }

    private static String route(RoutingEngine e, Instant now) {
        RoutingDecision d = e.next(now).orElseThrow();
        e.assign(d);
        return d.citizen().callId() + "->" + d.agent().id();
    }

    @Test
    void citizensOfOneServiceAreServedFirstComeFirstServed() {
        RoutingEngine e = engine(RoutingRule.of("schools", "schools"));
        e.enqueue(citizen("c3", "schools", 0, 30));
        e.enqueue(citizen("c1", "schools", 0, 10));
        e.enqueue(citizen("c2", "schools", 0, 20));
        for (int i = 0; i < 3; i++) {
            e.agentAvailable(agent("a" + i, Map.of("schools", 1), i, 0));
        }
        assertEquals("c1->a0", route(e, T0.plusSeconds(60)));
        assertEquals("c2->a1", route(e, T0.plusSeconds(60)));
        assertEquals("c3->a2", route(e, T0.plusSeconds(60)));
        assertTrue(e.next(T0).isEmpty());
    }

    @Test
    void aPriorityLevelIsAFixedHeadStartNotAPassToJumpEveryone() {
        RoutingEngine e = engine(RoutingRule.of("social", "social"));
        e.enqueue(citizen("waited-long", "social", 0, 0));
        e.enqueue(citizen("urgent-late", "social", 1, 90)); // rank 90 - 60 = 30: after the one from 0
        e.enqueue(citizen("normal-mid", "social", 0, 40));
        e.agentAvailable(agent("a", Map.of("social", 1), 0, 0));
        assertEquals("waited-long->a", route(e, T0.plusSeconds(100)));
        e.agentAvailable(agent("a", Map.of("social", 1), 0, 0));
        assertEquals("urgent-late->a", route(e, T0.plusSeconds(100)), "overtakes the one who came 50 s earlier, within its 60 s");
    }

    @Test
    void theBestSkillLevelThenTheLongestIdle() {
        RoutingEngine e = engine(RoutingRule.of("elder", "elder"));
        e.agentAvailable(agent("novice-idle-longest", Map.of("elder", 1), 0, 0));
        e.agentAvailable(agent("expert-idle-short", Map.of("elder", 5), 50, 0));
        e.agentAvailable(agent("expert-idle-long", Map.of("elder", 5), 10, 0));
        e.enqueue(citizen("c1", "elder", 0, 60));
        e.enqueue(citizen("c2", "elder", 0, 61));
        e.enqueue(citizen("c3", "elder", 0, 62));
        assertEquals("c1->expert-idle-long", route(e, T0.plusSeconds(70)));
        assertEquals("c2->expert-idle-short", route(e, T0.plusSeconds(70)));
        assertEquals("c3->novice-idle-longest", route(e, T0.plusSeconds(70)));
    }

    @Test
    void otherSelectionsPerService() {
        RoutingEngine e = engine(new RoutingRule("a", "x", AgentSelection.LONGEST_IDLE, null, List.of()),
                new RoutingRule("b", "y", AgentSelection.LEAST_CALLS_TODAY, null, List.of()));
        e.agentAvailable(agent("x-expert", Map.of("x", 9), 30, 0));
        e.agentAvailable(agent("x-idle", Map.of("x", 1), 5, 0));
        e.agentAvailable(agent("y-busy-day", Map.of("y", 1), 0, 40));
        e.agentAvailable(agent("y-quiet-day", Map.of("y", 1), 20, 3));
        e.enqueue(citizen("ca", "a", 0, 60));
        assertEquals("ca->x-idle", route(e, T0.plusSeconds(61)));
        e.enqueue(citizen("cb", "b", 0, 60));
        assertEquals("cb->y-quiet-day", route(e, T0.plusSeconds(61)));
    }

    @Test
    void overflowToASecondarySkillOnlyAfterTheConfiguredWait() {
        RoutingEngine e = engine(new RoutingRule("building", "building", AgentSelection.SKILL_LEVEL_FIRST,
                Duration.ofSeconds(120), List.of("general")));
        e.agentAvailable(agent("generalist", Map.of("general", 3), 0, 0));
        e.enqueue(citizen("c1", "building", 0, 0));

        assertTrue(e.next(T0.plusSeconds(119)).isEmpty(), "no building agent free, and not waited long enough");
        RoutingDecision d = e.next(T0.plusSeconds(120)).orElseThrow();
        assertEquals("generalist", d.agent().id());
        assertTrue(d.overflow());
    }

    @Test
    void theOldestServableCitizenGoesFirstAcrossServices() {
        RoutingEngine e = engine(RoutingRule.of("a", "a"), RoutingRule.of("b", "b"));
        e.enqueue(citizen("a-new", "a", 0, 50));
        e.enqueue(citizen("b-old", "b", 0, 10));
        e.enqueue(citizen("a-old", "a", 0, 5));
        e.agentAvailable(agent("both", Map.of("a", 1, "b", 1), 0, 0));
        assertEquals("a-old->both", route(e, T0.plusSeconds(60)));
        e.agentAvailable(agent("both", Map.of("a", 1, "b", 1), 60, 1));
        assertEquals("b-old->both", route(e, T0.plusSeconds(60)));
    }

    @Test
    void aCitizenBackAfterAMissedRingKeepsTheirPlace() {
        RoutingEngine e = engine(RoutingRule.of("s", "s"));
        WaitingCitizen first = citizen("first", "s", 0, 0);
        e.enqueue(first);
        e.enqueue(citizen("second", "s", 0, 5));
        e.agentAvailable(agent("a1", Map.of("s", 1), 0, 0));
        RoutingDecision d = e.next(T0.plusSeconds(10)).orElseThrow();
        e.assign(d);
        assertEquals(1, e.waitingCount());

        e.enqueue(first); // a1 did not answer
        assertEquals(1, e.position("first"));
        assertEquals(2, e.position("second"));
        e.agentAvailable(agent("a2", Map.of("s", 1), 0, 0));
        assertEquals("first->a2", route(e, T0.plusSeconds(30)));
    }

    @Test
    void busyAgentsAreNotOfferedAndAnUnknownServiceIsRefused() {
        RoutingEngine e = engine(RoutingRule.of("s", "s"));
        e.agentAvailable(agent("a", Map.of("s", 1), 0, 0));
        e.agentBusy("a");
        e.enqueue(citizen("c", "s", 0, 0));
        assertTrue(e.next(T0.plusSeconds(5)).isEmpty());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.enqueue(citizen("x", "nope", 0, 0)));
        assertTrue(ex.getMessage().contains("nope"));
        assertEquals(0, e.availableCount());
        assertFalse(e.remove("never-waited").isPresent());
    }

    /**
     * A long day where urgent citizens keep arriving faster than they can be served, with one ordinary
     * citizen among them: the ordinary citizen is served within a bound set by the head start, never starved.
     */
    @Test
    void nobodyStarvesEvenUnderAnEndlessStreamOfHigherPriority() {
        RoutingEngine e = engine(RoutingRule.of("s", "s"));
        Random random = new Random(11);
        Instant now = T0;
        e.enqueue(new WaitingCitizen("ordinary", "s", 0, now, places++));
        List<String> servedOrder = new ArrayList<>();
        int urgent = 0;
        for (int second = 1; second < 8 * 3600 && !servedOrder.contains("ordinary"); second++) {
            now = T0.plusSeconds(second);
            // two urgent (priority 3: 180 s head start) a second, one agent free every second
            for (int k = 0; k < 2; k++) {
                e.enqueue(new WaitingCitizen("urgent-" + urgent++, "s", 3, now.plusMillis(random.nextInt(1000)), places++));
            }
            e.agentAvailable(agent("agent", Map.of("s", 1), second, 0));
            RoutingDecision d = e.next(now).orElseThrow();
            e.assign(d);
            servedOrder.add(d.citizen().callId());
        }
        int servedAt = servedOrder.indexOf("ordinary") + 1;
        assertTrue(servedAt > 0, "the ordinary citizen was served");
        // Only urgent citizens who arrived less than their 180 s head start after it can go first: at two a
        // second that is at most 360 of them, so it is served by second 361 however long the stream goes on.
        assertTrue(servedAt <= 2 * 180 + 1, "served at second " + servedAt);
        assertTrue(servedAt > 300, "and the urgent ones did get their documented head start: " + servedAt);
    }
}
