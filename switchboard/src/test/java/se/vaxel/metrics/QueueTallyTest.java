package se.vaxel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.vaxel.TestClock;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.LinkEvent;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.AgentStatus;
import se.vaxel.routing.ContactCentre;

/**
 * A morning in the social-services queue (target 80% within 20 s), event by event, as the Prometheus meters and
 * today's counts see it: each call counted once, short abandons apart, a missed ring not a second offer, app_queue
 * calls counted the same, and a new day at local midnight.
 */
class QueueTallyTest {

    private static final String Q = "social-services";
    private final Instant t0 = Instant.parse("2026-11-23T08:00:00Z"); // 09:00 in Stockholm
    private final TestClock clock = new TestClock(t0);
    private final SwitchboardMetrics metrics = new SwitchboardMetrics();
    private final QueueTally tally = metrics.bindQueues(ContactCentre.load(null), Duration.ofSeconds(5), clock, () -> { });

    private Instant at(int seconds) {
        return t0.plusSeconds(seconds);
    }

    private void call(String id, int start, List<CallEvent> rest) {
        tally.on(new CallEvent.Waiting(id, Q, at(start)));
        rest.forEach(tally::on);
    }

    @Test
    void eachCallIsCountedOnceWhereItsWaitEnds() {
        // answered after 12 s (on target), after a missed ring and back on hold
        call("a", 0, List.of(new CallEvent.AgentRinging("a", "PJSIP/1001", at(2)), new CallEvent.RingNoAnswer("a", "PJSIP/1001", "NOANSWER", at(7)),
                new CallEvent.Waiting("a", Q, at(7)), new CallEvent.AgentRinging("a", "PJSIP/1002", at(9)),
                new CallEvent.Answered("a", "PJSIP/1002", at(12)), new CallEvent.Ended("a", at(192))));
        // answered after 40 s: late
        call("b", 10, List.of(new CallEvent.Answered("b", "PJSIP/1003", at(50)), new CallEvent.Ended("b", at(110))));
        // a misdial: hung up after 3 s
        call("c", 20, List.of(new CallEvent.Abandoned("c", Q, at(23))));
        // gave up after 90 s
        call("d", 30, List.of(new CallEvent.Abandoned("d", Q, at(120))));
        // chose a callback after 60 s and hung up
        call("e", 40, List.of(new CallEvent.CallbackRequested("e", Q, "+46701740611", at(100)), new CallEvent.Ended("e", at(101))));
        // taken by the PBX's own queue (Växel silent): counted in the same queue, and as a fallback
        call("f", 50, List.of(new CallEvent.InPbxQueue("f", Q + "-fallback", at(50)), new CallEvent.Answered("f", "PJSIP/1004", at(55)),
                new CallEvent.Ended("f", at(85))));
        // still waiting: in no figure but offered
        call("g", 60, List.of());

        QueueCounts today = tally.today().get(Q);
        assertEquals(new QueueCounts(7, 3, 2, 2, 1, 1, 0, 0, 0, 0, 12 + 40 + 5, 180 + 60 + 30, 0, 3), today);
        assertEquals(2.0 / 4, today.serviceLevel().getAsDouble(), 1e-9, "2 on target of 3 answered + 2 abandoned - 1 short");

        String scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) metrics.registry()).scrape();
        assertEquals(7, value(scrape, "vaxel_calls_offered_total", Q));
        assertEquals(3, value(scrape, "vaxel_calls_answered_total", Q));
        assertEquals(2, value(scrape, "vaxel_calls_answered_within_target_total", Q));
        assertEquals(2, value(scrape, "vaxel_calls_abandoned_total", Q));
        assertEquals(1, value(scrape, "vaxel_calls_abandoned_short_total", Q));
        assertEquals(1, value(scrape, "vaxel_calls_fallback_total", Q));
        assertEquals(1, value(scrape, "vaxel_callbacks_booked_total", Q));
        assertEquals(3, value(scrape, "vaxel_wait_seconds_count", Q, "outcome=\"answered\""));
        assertEquals(57, value(scrape, "vaxel_wait_seconds_sum", Q, "outcome=\"answered\""));
        assertEquals(2, value(scrape, "vaxel_wait_seconds_bucket", Q, "outcome=\"answered\"", "le=\"20.0\""),
                "the target is a bucket: le=20 holds the answers on target");
        assertEquals(2, value(scrape, "vaxel_ring_seconds_count", Q), "the missed ring and the answered one");
        assertEquals(270, value(scrape, "vaxel_talk_seconds_sum", Q));
        assertEquals(0, value(scrape, "vaxel_calls_offered_total", "schools"), "a quiet queue shows zeros, not nothing");
    }

    @Test
    void wrapUpResolutionsAndTransfersCountInTheQueueOfTheCall() {
        call("a", 0, List.of(new CallEvent.Answered("a", "PJSIP/1001", at(5))));
        tally.on(new AgentStateChanged("karin", AgentStatus.RINGING, AgentStatus.ON_CALL, "answered", "a", at(5)));
        tally.on(new CallEvent.Ended("a", at(65)));
        tally.on(new AgentStateChanged("karin", AgentStatus.ON_CALL, AgentStatus.WRAP_UP, "call ended", "a", at(65)));
        tally.on(new AgentStateChanged("karin", AgentStatus.WRAP_UP, AgentStatus.AVAILABLE, "wrap-up over", null, at(95)));
        tally.resolved(Q, "resolved_first_contact");
        tally.resolved(Q, "transferred_to_back_office");
        tally.transferred(Q);
        tally.callbackDone(Q, true);
        tally.callbackDone(Q, false);

        QueueCounts today = tally.today().get(Q);
        assertEquals(30.0, today.afterCallSeconds(), 1e-9);
        assertEquals(90.0, today.averageHandleTime().getAsDouble(), 1e-9, "60 s talk + 30 s wrap-up");
        assertEquals(0.5, today.firstContactResolution().getAsDouble(), 1e-9);
        assertEquals(1, today.transferredToBackOffice());
        assertEquals(1, today.callbacksCompleted(), "only the callback that reached the citizen");
    }

    @Test
    void handleTimeCountsOnlyCallsWhoseTalkHasEnded() {
        call("a", 0, List.of(new CallEvent.Answered("a", "PJSIP/1001", at(5)), new CallEvent.Ended("a", at(125))));
        call("b", 10, List.of(new CallEvent.Answered("b", "PJSIP/1002", at(15))));
        QueueCounts today = tally.today().get(Q);
        assertEquals(2, today.answered());
        assertEquals(120.0, today.averageHandleTime().getAsDouble(), 1e-9, "b is still talking: it has no handle time yet");
    }

    @Test
    void aNewDayStartsAtLocalMidnightAndAResyncForgetsCallsAsteriskNoLongerHas() {
        call("a", 0, List.of(new CallEvent.Answered("a", "PJSIP/1001", at(5))));
        call("b", 10, List.of());
        assertEquals(2, tally.tracked());
        tally.on(new LinkEvent.Resynced(List.of(), at(20)));
        assertEquals(0, tally.tracked(), "both calls ended while the link was away");

        clock.advance(Duration.ofHours(14).plusMinutes(59)); // 23:59 in Stockholm
        assertEquals(2, tally.today().get(Q).offered());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(tally.today().isEmpty(), "00:01: a new day");
    }

    /** The value of the series with this name, queue and other labels (in any order); -1 when there is none. */
    static double value(String scrape, String name, String queue, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} ([0-9.E+-]+)$").matcher(scrape);
        while (m.find()) {
            List<String> have = List.of(m.group(1).split(","));
            if (have.contains("queue=\"" + queue + "\"") && have.containsAll(List.of(labels))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
