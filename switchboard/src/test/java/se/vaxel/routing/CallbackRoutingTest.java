package se.vaxel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.vaxel.OnContext;
import se.vaxel.TestClock;
import se.vaxel.callbacks.Callback;
import se.vaxel.callbacks.CallbackBook;
import se.vaxel.callbacks.CallbackDialler.AgentLeg;
import se.vaxel.callbacks.MemoryCallbackStore;
import se.vaxel.calls.CallEvent;

/**
 * Callbacks in routing, against fakes of the PBX: the callback keeps the citizen's rank, the agent's phone
 * rings first, and each way the agent's and the citizen's legs can go. Everything runs on one context, as
 * in the switchboard.
 */
class CallbackRoutingTest {

    private final Vertx vertx = Vertx.vertx();
    private final OnContext onContext = new OnContext(vertx.getOrCreateContext());
    private final Instant t0 = Instant.parse("2026-11-23T09:00:00Z");
    private final TestClock clock = new TestClock(t0);
    private final List<String> connects = new ArrayList<>();
    /** Callbacks dialled: "callbackId->device", with the promise the test completes as Asterisk would. */
    private final List<String> dialled = new ArrayList<>();
    private final List<Promise<AgentLeg>> agentLegs = new ArrayList<>();
    private final List<String> offers = new ArrayList<>();
    private CallDistributor d;
    private CallbackBook book;

    @AfterEach
    void close() {
        vertx.close();
    }

    private <T> T on(java.util.function.Supplier<T> action) {
        return onContext.call(action);
    }

    private void run(Runnable action) {
        onContext.run(action);
    }

    private void start() {
        ContactCentre centre = ContactCentre.parse("""
                {"callbacks": {"municipalityNumber": "+46701740600", "maxAttempts": 2, "retryAfterSeconds": 600},
                 "services": [{"id": "schools", "ivrDigit": "3", "callback": {"offerWhenWaitOverSeconds": 100}}],
                 "agents": [{"id": "karin", "device": "PJSIP/1007", "skills": {"schools": 5}}]}
                """, "test");
        run(() -> {
            d = new CallDistributor(centre, RoutingSettings.DEFAULT, (call, device, ring) -> {
                connects.add(call + "->" + device);
                return Future.succeededFuture();
            }, (call, position, wait, offer) -> offers.add(call + "@" + position + "/" + wait + "/" + offer),
                    (service, open) -> { }, vertx, clock, change -> { });
            book = new CallbackBook(centre.callbacks(), new MemoryCallbackStore(), vertx, clock);
            d.enableCallbacks(book, (cb, device, ring, policy) -> {
                dialled.add(cb.id() + "->" + device);
                Promise<AgentLeg> p = Promise.promise();
                agentLegs.add(p);
                return p.future();
            });
            d.start();
        });
    }

    /** c1 talks with karin; c2 and c3 wait behind; c2 (who came first) asks to be called back. */
    private String callbackBookedBehindATalkingCall() {
        start();
        run(() -> {
            d.on(new CallEvent.Arrived("c1", "+46701740601", t0));
            d.on(new CallEvent.Parked("c1", "schools", t0));
            d.on(new CallEvent.Answered("c1", "PJSIP/1007", t0.plusSeconds(3)));
            d.on(new CallEvent.Arrived("c2", "+46701740602", t0.plusSeconds(1)));
            d.on(new CallEvent.Parked("c2", "schools", t0.plusSeconds(10)));
            d.on(new CallEvent.Arrived("c3", "+46701740603", t0.plusSeconds(2)));
            d.on(new CallEvent.Parked("c3", "schools", t0.plusSeconds(20)));
            d.on(new CallEvent.CallbackRequested("c2", "schools", "+46701740602", t0.plusSeconds(200)));
            d.on(new CallEvent.Ended("c2", t0.plusSeconds(205)));
        });
        assertEquals(List.of("c1->PJSIP/1007"), connects);
        Callback cb = on(() -> book.list()).get(0);
        assertEquals(t0.plusSeconds(10), cb.queuedAt(), "the callback keeps the rank c2 had on the line");
        assertEquals(2, on(() -> d.engine().waitingCount("schools")), "the callback and c3");
        return cb.id();
    }

    private void karinFree() {
        run(() -> {
            d.on(new CallEvent.Ended("c1", t0.plusSeconds(300)));
            d.endWrapUp("karin");
        });
    }

    @Test
    void theCallbackIsServedBeforeThoseWhoQueuedLaterAndRingsTheAgentFirst() {
        String id = callbackBookedBehindATalkingCall();
        karinFree();
        assertEquals(List.of(id + "->PJSIP/1007"), dialled, "karin's phone rings for the callback, not for c3");
        assertEquals(List.of("c1->PJSIP/1007"), connects, "c3 still waits");
        assertEquals(AgentStatus.RINGING, on(() -> d.agents().get("karin").status()));
        assertEquals(Callback.Status.CALLING, on(() -> book.get(id)).orElseThrow().status());

        run(() -> agentLegs.get(0).complete(AgentLeg.ANSWERED));
        assertEquals(AgentStatus.ON_CALL, on(() -> d.agents().get("karin").status()));
        run(() -> d.on(new CallEvent.CallbackDone("cbcall-1", id, "ANSWER", 95, t0.plusSeconds(420))));
        assertEquals(AgentStatus.WRAP_UP, on(() -> d.agents().get("karin").status()), "after-call work as after any call");
        assertEquals(Callback.Status.COMPLETED, on(() -> book.get(id)).orElseThrow().status());
    }

    @Test
    void anAgentWhoDoesNotAnswerMissesItAndTheCallbackKeepsItsPlace() {
        String id = callbackBookedBehindATalkingCall();
        karinFree();
        run(() -> agentLegs.get(0).complete(AgentLeg.NO_ANSWER));
        // karin missed once (two in a row pause her): she is offered the callback again, still ahead of c3
        assertEquals(List.of(id + "->PJSIP/1007", id + "->PJSIP/1007"), dialled);
        assertEquals(0, on(() -> book.get(id)).orElseThrow().attempts(), "the agent's miss spends no attempt of the citizen's");
        run(() -> agentLegs.get(1).complete(AgentLeg.NO_ANSWER));
        assertEquals(AgentStatus.PAUSED, on(() -> d.agents().get("karin").status()));
        assertEquals(2, on(() -> d.engine().waitingCount("schools")), "the callback is back in the queue with c3");
    }

    @Test
    void aCitizenWhoDoesNotAnswerIsTriedAgainLaterThenMissedAndRecognisedWhenTheyPhone() {
        String id = callbackBookedBehindATalkingCall();
        karinFree();
        run(() -> agentLegs.get(0).complete(AgentLeg.ANSWERED));
        run(() -> {
            d.on(new CallEvent.CallbackDone("cbcall-1", id, "NOANSWER", 0, t0.plusSeconds(340)));
            d.endWrapUp("karin");
        });
        assertEquals(List.of("c1->PJSIP/1007", "c3->PJSIP/1007"), connects, "while the callback pauses, c3 is served");
        assertEquals(1, on(() -> book.get(id)).orElseThrow().attempts());

        clock.advance(Duration.ofMinutes(11));
        run(() -> {
            d.on(new CallEvent.Answered("c3", "PJSIP/1007", clock.instant()));
            d.on(new CallEvent.Ended("c3", clock.instant()));
            d.endWrapUp("karin");
        });
        run(() -> d.tick());
        assertEquals(2, dialled.size(), "second attempt once the pause is over");
        run(() -> agentLegs.get(1).complete(AgentLeg.ANSWERED));
        run(() -> d.on(new CallEvent.CallbackDone("cbcall-2", id, "BUSY", 0, clock.instant())));
        assertEquals(Callback.Status.MISSED, on(() -> book.get(id)).orElseThrow().status(), "two attempts were allowed");

        // The citizen phones again an hour later: they are placed by the callback's rank, not at the back.
        clock.advance(Duration.ofHours(1));
        run(() -> {
            d.pause("karin", "lunch");
            d.on(new CallEvent.Arrived("c9", "+46701740699", clock.instant()));
            d.on(new CallEvent.Parked("c9", "schools", clock.instant()));
            d.on(new CallEvent.Arrived("c4", "+46701740602", clock.instant()));
            d.on(new CallEvent.Parked("c4", "schools", clock.instant().plusSeconds(1)));
        });
        List<String> order = new ArrayList<>();
        run(() -> d.engine().forEachWaiting("schools", (w, position) -> order.add(w.callId())));
        assertEquals(List.of("c4", "c9"), order, "recognised by number: ahead of c9, who came before them today");
        assertEquals(Callback.Status.TAKEN_OVER, on(() -> book.get(id)).orElseThrow().status());
    }

    @Test
    void aLongWaitIsOfferedACallbackOnlyToCallersWithANumber() {
        start();
        run(() -> {
            d.pause("karin", "meeting");
            d.resume("karin");
            d.on(new CallEvent.Parked("c1", "schools", t0)); // rings karin
            d.on(new CallEvent.Arrived("c2", "+46701740602", t0));
            d.on(new CallEvent.Parked("c2", "schools", t0.plusSeconds(1)));
            d.on(new CallEvent.Arrived("c3", null, t0));
            d.on(new CallEvent.Parked("c3", "schools", t0.plusSeconds(2)));
            d.announce();
        });
        // one agent, 120 s per call: c2 waits ~120 s (over the 100 s threshold), c3 ~240 s but has no number
        assertEquals(List.of("c2@1/120/true", "c3@2/240/false"), offers);
        assertTrue(connects.contains("c1->PJSIP/1007"));
    }

    @Test
    void aCallbackThatEndedWhileTheLinkWasDownFreesTheAgentAndIsQueuedAgain() {
        String id = callbackBookedBehindATalkingCall();
        karinFree();
        run(() -> agentLegs.get(0).complete(AgentLeg.ANSWERED));
        assertEquals(AgentStatus.ON_CALL, on(() -> d.agents().get("karin").status()));

        // A reconnect that still sees karin's phone busy changes nothing ...
        run(() -> d.on(new se.vaxel.calls.LinkEvent.Resynced(List.of(), java.util.Set.of("PJSIP/1007"), t0.plusSeconds(400))));
        assertEquals(AgentStatus.ON_CALL, on(() -> d.agents().get("karin").status()));
        // ... one that finds no channel on it: the callback call is over, how is not known.
        run(() -> d.on(new se.vaxel.calls.LinkEvent.Resynced(List.of(), java.util.Set.of(), t0.plusSeconds(500))));
        assertEquals(Callback.Status.WAITING, on(() -> book.get(id)).orElseThrow().status(), "queued again");
        assertEquals(0, on(() -> book.get(id)).orElseThrow().attempts(), "no attempt spent on an unknown outcome");
        clock.advance(Duration.ofSeconds(500));
        run(() -> d.tick()); // her (zero) wrap-up ends
        assertEquals(2, dialled.size(), "karin, free again, is offered it first: it kept its rank");
    }
}
