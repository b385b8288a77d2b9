package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private final List<AgentStateChanged> events = new ArrayList<>();
    private final Agent anna = new Agent(new AgentProfile("anna", "Anna Lind", "PJSIP/1001", Map.of("social-services", 5)),
            2, T0, events::add);

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aCallFromOfferToWrapUpAndBack() {
        anna.logIn(at(0));
        anna.offer("call-1", at(10));
        anna.answered(at(14));
        anna.callEnded(Duration.ofSeconds(30), at(200));
        assertEquals(at(230), anna.wrapUpEnds());
        anna.endWrapUp(at(215));

        assertEquals(AgentStatus.AVAILABLE, anna.status());
        assertEquals(1, anna.callsToday());
        assertEquals(at(215), anna.asAvailable().idleSince(), "idle from when wrap-up ended");
        assertEquals(List.of("LOGGED_OUT>AVAILABLE logged in", "AVAILABLE>RINGING offered call-1",
                "RINGING>ON_CALL answered call-1", "ON_CALL>WRAP_UP call ended call-1", "WRAP_UP>AVAILABLE wrap-up ended"),
                events.stream().map(e -> e.from() + ">" + e.to() + " " + e.reason() + (e.callId() == null ? "" : " " + e.callId())).toList());
        assertTrue(events.stream().allMatch(e -> e.agentId().equals("anna")));
        assertEquals(at(14), events.get(2).at());
    }

    @Test
    void missedRingsInARowPauseTheAgent() {
        anna.logIn(at(0));
        anna.offer("c1", at(1));
        anna.missed(at(21));
        assertEquals(AgentStatus.AVAILABLE, anna.status());
        anna.offer("c2", at(22));
        anna.missed(at(42));
        assertEquals(AgentStatus.PAUSED, anna.status());
        assertEquals(Agent.MISSED_CALL, anna.pauseReason());

        anna.resume(at(100));
        anna.offer("c3", at(101));
        anna.missed(at(121));
        assertEquals(AgentStatus.AVAILABLE, anna.status(), "resuming starts the count again");
    }

    @Test
    void anAnsweredCallResetsTheMissCount() {
        anna.logIn(at(0));
        anna.offer("c1", at(1));
        anna.missed(at(21));
        anna.offer("c2", at(22));
        anna.answered(at(25));
        anna.callEnded(Duration.ZERO, at(60));
        anna.endWrapUp(at(60));
        anna.offer("c3", at(61));
        anna.missed(at(81));
        assertEquals(AgentStatus.AVAILABLE, anna.status());
    }

    @Test
    void wrongTransitionsAreRefusedWithAReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> anna.offer("c1", at(1)));
        assertEquals("cannot offer a call to anna: the agent is logged out, not available", e.getMessage());
        anna.logIn(at(0));
        anna.offer("c1", at(1));
        e = assertThrows(IllegalStateException.class, () -> anna.logOut(at(2)));
        assertEquals("cannot log out anna: a call is ringing", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> anna.pause("lunch", at(2)));
        assertTrue(e.getMessage().contains("ringing"));
        anna.answered(at(3));
        assertThrows(IllegalArgumentException.class, () -> anna.pause(" ", at(4)));
        assertEquals(AgentStatus.ON_CALL, anna.status(), "a refused transition changes nothing");
    }

    @Test
    void pausedWithAReasonDuringWrapUp() {
        anna.logIn(at(0));
        anna.offer("c1", at(1));
        anna.answered(at(2));
        anna.callEnded(Duration.ofSeconds(60), at(100));
        anna.pause("lunch", at(110));
        assertEquals(AgentStatus.PAUSED, anna.status());
        assertEquals("lunch", anna.pauseReason());
        assertEquals(null, anna.wrapUpEnds());
        anna.logOut(at(120));
        assertEquals(AgentStatus.LOGGED_OUT, anna.status());
    }
}
