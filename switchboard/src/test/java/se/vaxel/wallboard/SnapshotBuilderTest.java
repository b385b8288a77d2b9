package se.vaxel.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.vaxel.TestClock;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.QueueView;
import se.vaxel.metrics.QueueTally;
import se.vaxel.metrics.SwitchboardMetrics;
import se.vaxel.routing.Agent;
import se.vaxel.routing.AgentProfile;
import se.vaxel.routing.AgentStateChanged;
import se.vaxel.routing.ContactCentre;

/**
 * A Monday morning in social services (80% within 20 s) as the wallboard builds it, with the shipped catalogue, a
 * clock the test moves, the domain events fed to the real {@link QueueTally} and real agents' state machines.
 */
class SnapshotBuilderTest {

    private static final String Q = "social-services";
    private final Instant t0 = Instant.parse("2026-11-23T08:00:00Z"); // Monday 09:00 in Stockholm: the queue is open
    private final TestClock clock = new TestClock(t0);
    private final ContactCentre centre = ContactCentre.load(null);
    private final QueueTally tally = new SwitchboardMetrics().bindQueues(centre, Duration.ofSeconds(5), clock, () -> { });
    private final List<AgentStateChanged> changes = new ArrayList<>();
    private final Agent karin = agent("karin", "Karin Sjöberg", Map.of(Q, 5));
    private final Agent olle = agent("olle", "Olle Ek", Map.of(Q, 3, "schools", 3));
    private final Agent sara = agent("sara", "Sara Nyström", Map.of("schools", 5));
    private final List<Agent> agents = List.of(karin, olle, sara);
    private final SnapshotBuilder builder = new SnapshotBuilder(centre, true, tally::today, t0, agents);

    {
        tally.listen(builder);
    }

    private Agent agent(String id, String name, Map<String, Integer> skills) {
        return new Agent(new AgentProfile(id, name, "PJSIP/" + id, skills), 2, t0, changes::add);
    }

    private Instant at(int seconds) {
        return t0.plusSeconds(seconds);
    }

    /** The agents' changes so far, to the builder as routing would tell it. */
    private void agentsMoved() {
        changes.forEach(builder::on);
        changes.clear();
    }

    private void morning() {
        karin.logIn(at(0));
        olle.logIn(at(0));
        sara.logIn(at(0));
        olle.pause("lunch", at(30));
        tally.on(new CallEvent.Waiting("a", Q, at(0)));
        karin.offer("a", at(10));
        tally.on(new CallEvent.AgentRinging("a", "PJSIP/karin", at(10)));
        karin.answered(at(12));
        tally.on(new CallEvent.Answered("a", "PJSIP/karin", at(12))); // waited 12 s: on target
        tally.on(new CallEvent.Waiting("b", Q, at(10)));
        tally.on(new CallEvent.Answered("b", "PJSIP/other", at(50))); // 40 s: late
        tally.on(new CallEvent.Ended("b", at(110))); // 60 s talk
        tally.on(new CallEvent.Waiting("c", Q, at(20)));
        tally.on(new CallEvent.Abandoned("c", Q, at(110))); // gave up after 90 s
        tally.on(new CallEvent.Waiting("d", Q, at(30)));
        tally.on(new CallEvent.Abandoned("d", Q, at(33))); // a misdial: in no figure's denominator, nor in the waits
        tally.on(new CallEvent.Ended("a", at(192))); // 180 s talk
        karin.callEnded(Duration.ofSeconds(30), at(192));
        karin.endWrapUp(at(222));
        tally.on(new CallEvent.Waiting("e", Q, at(240))); // still waiting
        tally.on(new CallEvent.Waiting("f", "schools", at(250)));
        tally.on(new CallEvent.CallbackRequested("f", "schools", "+46701740611", at(280)));
        agentsMoved();
        clock.advance(Duration.ofSeconds(300));
    }

    private WallboardMessage.Snapshot snapshot() {
        return builder.snapshot(List.of(new QueueView(Q, 1, Duration.ofSeconds(60), 0, 0)), agents, clock.instant());
    }

    private static JsonObject queue(JsonObject snapshot, String id) {
        return snapshot.getJsonArray("queues").stream().map(JsonObject.class::cast).filter(q -> q.getString("id").equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void aQueueTileHasNowTodayItsAgentsAndItsStaffingAdvice() {
        morning();
        JsonObject s = snapshot().json();
        assertEquals("snapshot", s.getString("type"));
        assertEquals("2026-11-23", s.getString("day"));
        assertEquals(centre.services().size(), s.getJsonArray("queues").size(), "every service, in the catalogue's order");
        JsonObject q = queue(s, Q);
        assertEquals("Socialtjänst", q.getString("name"));
        assertTrue(q.getBoolean("open"));
        assertEquals(1, q.getInteger("waiting"));
        assertEquals(60.0, q.getDouble("longestWaitSeconds"));
        assertEquals(new JsonObject().put("share", 0.8).put("seconds", 20.0), q.getJsonObject("target"));

        JsonObject today = q.getJsonObject("today");
        assertEquals(5, today.getInteger("offered"));
        assertEquals(2, today.getInteger("answered"));
        assertEquals(2, today.getInteger("abandoned"));
        assertEquals(1, today.getInteger("abandonedShort"));
        assertEquals(1.0 / 3, today.getDouble("serviceLevel"), 1e-12, "1 on target of 2 answered + 2 abandoned − 1 short");
        assertTrue(q.getBoolean("belowTarget"));
        assertEquals(2.0 / 4, today.getDouble("answerRate"), 1e-12);
        assertEquals(1.0 / 4, today.getDouble("abandonRate"), 1e-12);
        assertEquals(26.0, today.getDouble("averageSpeedOfAnswerSeconds"), 1e-12, "(12 + 40) / 2");
        assertEquals(120.0, today.getDouble("averageHandleTimeSeconds"), 1e-12, "(180 + 60) / 2");
        assertNull(today.getValue("firstContactResolution"), "no resolution recorded: absent, not 0");
        assertEquals(3, today.getInteger("waitsOver"));
        assertEquals(90, today.getInteger("p90WaitSeconds"), "of 12, 40 and 90 s");

        JsonObject byState = q.getJsonObject("agents");
        assertEquals(1, byState.getInteger("available"));
        assertEquals(1, byState.getInteger("paused"));
        assertEquals(0, byState.getInteger("on_call"));
        JsonArray list = q.getJsonArray("agentList");
        assertEquals(List.of("karin", "olle"), list.stream().map(a -> ((JsonObject) a).getString("id")).toList(), "available, then paused");
        JsonObject k = list.getJsonObject(0);
        assertEquals("Karin Sjöberg", k.getString("name"));
        assertEquals("available", k.getString("state"));
        assertEquals(78, k.getInteger("seconds"), "available since the end of her wrap-up, 222 s, until 300 s");
        assertEquals("lunch", list.getJsonObject(1).getString("reason"));

        // λ = 5 calls / 900 s, AHT 120 s: A = 0.667 erlangs; 1 agent answers 36.9% within 20 s, 2 answer 86.7%
        JsonObject staffing = q.getJsonObject("staffing");
        assertEquals(5, staffing.getInteger("arrivalsLast15Minutes"));
        assertEquals(5.0 / 900 * 120, staffing.getDouble("erlangs"), 1e-12);
        assertFalse(staffing.getBoolean("ahtAssumed"));
        assertEquals(2, staffing.getInteger("needed"));
        assertEquals(1, staffing.getInteger("has"), "Karin; Olle is paused");

        JsonObject schools = queue(s, "schools");
        assertEquals(1, schools.getJsonObject("today").getInteger("callbacksBooked"));
        assertEquals(30, schools.getJsonObject("today").getInteger("p90WaitSeconds"), "the callback's wait counts");
        assertEquals(180.0, schools.getJsonObject("staffing").getDouble("ahtSeconds"), "no call answered: 180 s assumed");
        assertTrue(schools.getJsonObject("staffing").getBoolean("ahtAssumed"));
        assertEquals(1, schools.getJsonObject("staffing").getInteger("has"), "Sara; Olle is paused");
        assertNull(queue(s, "elder-care").getValue("belowTarget"), "no figure yet");
        assertFalse(s.encode().contains("4670174"), "never a citizen's number on the wallboard");
    }

    @Test
    void theContactCentreAsAWholeWithOccupancyAndEqualService() {
        morning();
        JsonObject c = snapshot().json().getJsonObject("centre");
        assertEquals(1, c.getInteger("waiting"));
        assertEquals(6, c.getJsonObject("today").getInteger("offered"), "5 in social services, 1 in schools");
        assertEquals(1, c.getJsonObject("today").getInteger("callbacksBooked"));
        assertEquals(2, c.getJsonObject("agents").getInteger("available"));
        assertEquals(2, c.getJsonObject("staffing").getInteger("has"));
        // Karin: available 10 + 78 s, ringing 2, on call 180, wrap-up 30; Sara available 300; Olle available 30, then paused
        double busy = 180 + 30;
        assertEquals(busy / (busy + 10 + 78 + 2 + 300 + 30), c.getDouble("occupancy"), 1e-9);
        JsonObject e = snapshot().json().getJsonObject("equalService");
        assertEquals(new JsonArray(), e.getJsonArray("judged"), "no queue has 20 calls yet");
        assertNull(e.getValue("serviceLevelSpread"));
        assertTrue(e.getJsonArray("tooFew").contains(Q));
    }

    @Test
    void theStaffingAdviceFollowsTheLastFifteenMinutes() {
        morning();
        clock.advance(Duration.ofMinutes(15)); // the morning's arrivals are now over 15 minutes old
        JsonObject staffing = queue(snapshot().json(), Q).getJsonObject("staffing");
        assertEquals(0, staffing.getInteger("arrivalsLast15Minutes"));
        assertEquals(0.0, staffing.getDouble("erlangs"));
        assertEquals(1, staffing.getInteger("needed"), "the least N above A = 0");
    }

    @Test
    void theDaysSeriesHasAPointAMinuteAndStartsAgainAtMidnight() {
        morning();
        assertTrue(builder.sampleDue(clock.instant()));
        assertTrue(builder.sample(snapshot()));
        assertFalse(builder.sampleDue(clock.instant().plusSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        assertFalse(builder.sample(snapshot()), "the same minute");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(builder.sample(snapshot()));
        JsonObject series = builder.series().json();
        assertEquals("series", series.getString("type"));
        assertEquals("2026-11-22T23:00:00Z", series.getString("dayStart"), "local midnight");
        assertEquals(1440, series.getInteger("dayMinutes"));
        JsonArray points = series.getJsonArray("queues").getJsonObject(0).getJsonArray("points");
        assertEquals(new JsonArray().add(545).add(1).add(1.0 / 3), points.getJsonArray(0), "09:05: one waiting, SL a third");
        assertEquals(546, points.getJsonArray(1).getInteger(0));

        clock.advance(Duration.ofHours(15)); // 00:06 the next day
        WallboardMessage.Snapshot midnight = snapshot();
        assertTrue(builder.sample(midnight));
        assertEquals(0, queue(midnight.json(), Q).getJsonObject("today").getInteger("offered"), "a new day");
        assertNull(queue(midnight.json(), Q).getJsonObject("today").getValue("p90WaitSeconds"));
        JsonArray fresh = builder.series().json().getJsonArray("queues").getJsonObject(0).getJsonArray("points");
        assertEquals(1, fresh.size());
        assertEquals(6, fresh.getJsonArray(0).getInteger(0));
        assertNull(fresh.getJsonArray(0).getValue(2), "no service level yet today");
    }
}
