package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallSnapshot;
import se.vaxel.calls.CallState;
import se.vaxel.calls.LinkEvent;
import se.vaxel.calls.MemberEvent;

/** The distributor against a fake connector: unit tests of its bookkeeping, no PBX. */
class CallDistributorTest {

    private final Vertx vertx = Vertx.vertx();
    private final Instant t0 = Instant.parse("2026-11-23T09:00:00Z");
    private final List<String> connects = new ArrayList<>();
    private Future<Void> answer = Future.succeededFuture();

    @AfterEach
    void close() {
        vertx.close();
    }

    private CallDistributor distributor() {
        ContactCentre centre = ContactCentre.parse("""
                {"services": [{"id": "schools", "ivrDigit": "3"}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5}},
                            {"id": "olof", "device": "PJSIP/1008", "skills": {"schools": 3}}]}
                """, "test");
        CallDistributor d = new CallDistributor(centre, RoutingSettings.DEFAULT, (call, device, ring) -> {
            connects.add(call + "->" + device);
            return answer;
        }, vertx, Clock.fixed(t0, ZoneOffset.UTC), change -> { });
        d.start();
        return d;
    }

    @Test
    void anAgentFoundTalkingAfterAReconnectIsNotOfferedUntilThatCallEnds() {
        CallDistributor d = distributor();
        d.on(new LinkEvent.Resynced(List.of(
                new CallSnapshot("talk-1", "+46701", "schools", CallState.TALKING, t0, t0, t0, t0, "PJSIP/1007", false),
                new CallSnapshot("wait-1", "+46702", "schools", CallState.WAITING, t0, t0, null, t0, null, true)), t0));
        assertEquals(List.of("wait-1->PJSIP/1008"), connects, "karin is on the call found talking");

        d.on(new CallEvent.Ended("talk-1", t0.plusSeconds(5)));
        d.on(new CallEvent.Parked("wait-2", "schools", t0.plusSeconds(6)));
        assertEquals(List.of("wait-1->PJSIP/1008", "wait-2->PJSIP/1007"), connects);
    }

    @Test
    void aFailedConnectPutsTheCitizenBackInPlaceAndCountsNoMiss() {
        CallDistributor d = distributor();
        answer = Future.failedFuture("Redirect refused: No such channel");
        d.on(new CallEvent.Parked("c1", "schools", t0));
        assertEquals(1, d.failedConnects());
        assertEquals(1, d.engine().waitingCount(), "back in the queue");
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status(), "no miss counted for the PBX's refusal");
        assertEquals(1, connects.size(), "and no second try before the next tick");

        d.on(new CallEvent.Ended("c1", t0.plusSeconds(1)));
        assertEquals(0, d.engine().waitingCount(), "a call that ended is forgotten");
    }

    @Test
    void aCitizenWhoHangsUpWhileRingingFreesTheAgentWithoutAMiss() {
        CallDistributor d = distributor();
        d.on(new CallEvent.Parked("c1", "schools", t0));
        assertEquals(AgentStatus.RINGING, d.agents().get("karin").status());
        d.on(new CallEvent.Abandoned("c1", "schools", t0.plusSeconds(3)));
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status());
        d.on(new CallEvent.Parked("c2", "schools", t0.plusSeconds(4)));
        assertEquals("c2->PJSIP/1007", connects.get(1), "karin, the best, is offered again");
    }

    @Test
    void theEstimatedWaitIsThoseAheadTimesTheHandleTimeSharedByTheStaff() {
        CallDistributor d = distributor();
        assertEquals(Duration.ZERO, d.estimatedWait("schools").orElseThrow(), "nobody waits: no wait");
        for (int i = 1; i <= 5; i++) {
            d.on(new CallEvent.Parked("c" + i, "schools", t0.plusSeconds(i)));
        }
        assertEquals(3, d.engine().waitingCount("schools"), "two are ringing agents");
        assertEquals(Duration.ofSeconds(180), d.estimatedWait("schools").orElseThrow(), "3 ahead x 120 s assumed / 2 staffed");

        d.on(new CallEvent.Answered("c1", "PJSIP/1007", t0.plusSeconds(10)));
        d.on(new CallEvent.Ended("c1", t0.plusSeconds(10)));
        // the clock is fixed at t0, so karin's call was "answered" at t0 as far as her state knows
        assertTrue(d.averageHandleSeconds("schools") < CallDistributor.ASSUMED_HANDLE_SECONDS,
                "a short call brings the average down: " + d.averageHandleSeconds("schools"));
    }

    @Test
    void withNobodyStaffingTheServiceThereIsNoEstimate() {
        CallDistributor d = distributor();
        d.pause("karin", "meeting");
        d.pause("olof", "lunch");
        d.on(new CallEvent.Parked("c1", "schools", t0));
        assertEquals(0, d.staffed("schools"));
        assertTrue(d.estimatedWait("schools").isEmpty());
        assertTrue(connects.isEmpty(), "paused agents are not offered calls");

        d.resume("olof");
        assertEquals(List.of("c1->PJSIP/1008"), connects, "back from lunch, offered the waiting citizen");
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> d.logOut("olof"));
        assertTrue(refused.getMessage().contains("ringing"));
    }

    @Test
    void waitingCitizensAreToldTheirPositionAndWaitWhenItChanges() {
        List<String> told = new ArrayList<>();
        ContactCentre centre = ContactCentre.parse("""
                {"services": [{"id": "schools", "ivrDigit": "3"}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5}}]}
                """, "test");
        CallDistributor d = new CallDistributor(centre, RoutingSettings.DEFAULT, (call, device, ring) -> Future.succeededFuture(),
                (call, position, wait, offer) -> told.add(call + "@" + position + "/" + wait), (service, open) -> { }, vertx,
                Clock.fixed(t0, ZoneOffset.UTC),
                change -> { });
        d.start();
        for (int i = 1; i <= 3; i++) {
            d.on(new CallEvent.Parked("c" + i, "schools", t0.plusSeconds(i)));
        }
        d.announce();
        // c1 rings karin; c2 and c3 wait, first and second, with karin staffing: 120 s per place
        assertEquals(List.of("c2@1/120", "c3@2/240"), told);
        d.announce();
        assertEquals(2, told.size(), "nothing changed, nothing sent");
        d.on(new CallEvent.Abandoned("c2", "schools", t0.plusSeconds(9)));
        d.announce();
        assertEquals("c3@1/120", told.get(2), "moved up when the one ahead hung up");
    }

    @Test
    void aBusyPhoneIsNotCountedAsAMissButRestsTheAgentAWhile() {
        CallDistributor d = distributor();
        d.on(new CallEvent.Parked("c1", "schools", t0));
        assertEquals("c1->PJSIP/1007", connects.get(0));
        d.on(new CallEvent.RingNoAnswer("c1", "PJSIP/1007", "BUSY", t0.plusSeconds(1)));
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status(), "not her miss");
        d.on(new CallEvent.Parked("c1", "schools", t0.plusSeconds(2)));
        assertEquals("c1->PJSIP/1008", connects.get(1), "offered to the next agent while karin's phone rests");
        d.on(new CallEvent.RingNoAnswer("c1", "PJSIP/1008", "NOANSWER", t0.plusSeconds(22)));
        d.on(new CallEvent.RingNoAnswer("c1", "PJSIP/1008", "NOANSWER", t0.plusSeconds(23)));
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("olof").status(), "one miss, not yet paused");
    }

    @Test
    void thePbxIsToldWhichServicesAreOpenWhenThatChanges() {
        ContactCentre centre = ContactCentre.parse("""
                {"services": [{"id": "schools", "ivrDigit": "3", "openingHours": {"monday": ["08:00-16:00"]}},
                              {"id": "switchboard", "ivrDigit": "0"}],
                 "agents": []}
                """, "test");
        List<String> told = new ArrayList<>();
        Instant mondayNight = Instant.parse("2026-11-23T22:00:00Z");
        CallDistributor d = new CallDistributor(centre, RoutingSettings.DEFAULT, (call, device, ring) -> Future.succeededFuture(),
                (call, position, wait, offer) -> { }, (service, open) -> told.add(service + "=" + open), vertx,
                Clock.fixed(mondayNight, ZoneOffset.UTC), change -> { });
        d.publishHours(false);
        assertEquals(List.of("schools=false", "switchboard=true"), told);
        d.publishHours(false);
        assertEquals(2, told.size(), "nothing changed, nothing said");
        d.publishHours(true);
        assertEquals(4, told.size(), "forced after a reconnect: all said again");

        List<String> demo = new ArrayList<>();
        RoutingSettings ignore = new RoutingSettings(Duration.ofSeconds(20), Duration.ofSeconds(15), 2, Duration.ofSeconds(60),
                true, false);
        new CallDistributor(centre, ignore, (call, device, ring) -> Future.succeededFuture(), (call, position, wait, offer) -> { },
                (service, open) -> demo.add(service + "=" + open), vertx, Clock.fixed(mondayNight, ZoneOffset.UTC), change -> { })
                .publishHours(false);
        assertEquals(List.of("schools=true", "switchboard=true"), demo, "opening hours ignored: all open");
    }

    @Test
    void callsThatEndedWhileTheLinkWasDownFreeTheirAgents() {
        CallDistributor d = distributor();
        d.on(new CallEvent.Parked("c1", "schools", t0));
        d.on(new CallEvent.Answered("c1", "PJSIP/1007", t0.plusSeconds(2)));
        d.on(new CallEvent.Parked("c2", "schools", t0.plusSeconds(3)));
        assertEquals(AgentStatus.ON_CALL, d.agents().get("karin").status());
        assertEquals(AgentStatus.RINGING, d.agents().get("olof").status());

        // The link drops; both calls end meanwhile; the resync finds no calls at all.
        d.on(new LinkEvent.Resynced(List.of(), t0.plusSeconds(60)));

        assertEquals(AgentStatus.WRAP_UP, d.agents().get("karin").status(), "her call ended: after-call work");
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("olof").status(), "the offer is gone, no miss");
        assertEquals(0, d.engine().waitingCount());
    }

    @Test
    void aServiceNotInTheCatalogueIsLeftToTheFallbackQueue() {
        CallDistributor d = distributor();
        d.on(new CallEvent.Parked("c1", "parking-permits", t0));
        assertTrue(connects.isEmpty());
        assertEquals(0, d.engine().waitingCount());
    }

    @Test
    void anAgentRungByAppQueueIsNotOfferedAnotherCall() {
        CallDistributor d = distributor();
        d.on(new CallEvent.AgentRinging("q-1", "PJSIP/1007", t0));
        d.on(new CallEvent.Parked("c1", "schools", t0));
        assertEquals(List.of("c1->PJSIP/1008"), connects);
        d.on(new CallEvent.RingNoAnswer("q-1", "PJSIP/1007", "NOANSWER", t0.plusSeconds(15)));
        d.on(new CallEvent.Parked("c2", "schools", t0.plusSeconds(16)));
        assertEquals("c2->PJSIP/1007", connects.get(1), "free again once app_queue's ring is over");
    }

    @Test
    void inObserveModeAgentStatesFollowTheQueueThatRingsThemAllAndTheOneWhoAnswers() {
        CallDistributor d = distributor();
        // app_queue (ringall) rings both phones with one call Växel did not route
        d.on(new CallEvent.AgentRinging("q1", "PJSIP/1007", t0));
        d.on(new CallEvent.AgentRinging("q1", "PJSIP/1008", t0));
        assertEquals(AgentStatus.RINGING, d.agents().get("karin").status());
        assertEquals(AgentStatus.RINGING, d.agents().get("olof").status());
        d.on(new CallEvent.Answered("q1", "PJSIP/1008", t0.plusSeconds(4)));
        assertEquals(AgentStatus.ON_CALL, d.agents().get("olof").status());
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status(), "answered elsewhere: free again");
        d.on(new CallEvent.Parked("c1", "schools", t0.plusSeconds(5)));
        assertEquals(List.of("c1->PJSIP/1007"), connects, "only karin can be offered a parked citizen");
        d.on(new CallEvent.Ended("q1", t0.plusSeconds(60)));
        assertEquals(AgentStatus.WRAP_UP, d.agents().get("olof").status());
        assertEquals(1, d.agents().get("olof").callsToday());
    }

    @Test
    void queueMembersLogInPauseAndLogOutAtThePbx() {
        ContactCentre centre = ContactCentre.parse("""
                {"services": [{"id": "schools", "ivrDigit": "3"}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5}}]}
                """, "test");
        RoutingSettings loggedOut = new RoutingSettings(Duration.ofSeconds(20), Duration.ofSeconds(15), 2, Duration.ofSeconds(60),
                false, false);
        CallDistributor d = new CallDistributor(centre, loggedOut, (call, device, ring) -> {
            connects.add(call + "->" + device);
            return answer;
        }, vertx, Clock.fixed(t0, ZoneOffset.UTC), change -> { });
        d.start();
        d.on(new MemberEvent.Joined("PJSIP/1007", "schools", false, false, "", t0));
        assertEquals(AgentStatus.LOGGED_OUT, d.agents().get("karin").status(), "a static member is configuration, not a log-in");
        d.on(new MemberEvent.Joined("PJSIP/1007", "schools", true, false, "", t0));
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status(), "logged in with the queue's log-in code");
        d.on(new MemberEvent.Paused("PJSIP/1007", "schools", true, "lunch", t0.plusSeconds(60)));
        assertEquals(AgentStatus.PAUSED, d.agents().get("karin").status());
        assertEquals("lunch", d.agents().get("karin").pauseReason());
        d.on(new CallEvent.Parked("c1", "schools", t0.plusSeconds(61)));
        assertEquals(List.of(), connects, "a paused agent is offered nothing");
        d.on(new MemberEvent.Joined("PJSIP/1007", "schools", true, false, "", t0.plusSeconds(62)));
        assertEquals(AgentStatus.PAUSED, d.agents().get("karin").status(), "a resync's picture does not unpause");
        d.on(new MemberEvent.Paused("PJSIP/1007", "schools", false, "", t0.plusSeconds(120)));
        assertEquals(List.of("c1->PJSIP/1007"), connects, "unpaused at the phone: offered at once");
        d.on(new CallEvent.Abandoned("c1", "schools", t0.plusSeconds(121)));
        d.on(new MemberEvent.Left("PJSIP/1007", "schools", t0.plusSeconds(130)));
        assertEquals(AgentStatus.LOGGED_OUT, d.agents().get("karin").status(), "left the last queue: logged out");
    }

    @Test
    void aCitizenWhoHangsUpWhileThePhoneRingsIsNoMissOfTheAgents() {
        CallDistributor d = distributor();
        for (int i = 1; i <= 2; i++) {
            d.on(new CallEvent.Parked("c" + i, "schools", t0.plusSeconds(i)));
            d.on(new CallEvent.RingNoAnswer("c" + i, "PJSIP/1007", "CANCEL", t0.plusSeconds(i + 1)));
            d.on(new CallEvent.Abandoned("c" + i, "schools", t0.plusSeconds(i + 1)));
        }
        assertEquals(AgentStatus.AVAILABLE, d.agents().get("karin").status(), "two citizens hung up: karin is not paused");
    }
}
