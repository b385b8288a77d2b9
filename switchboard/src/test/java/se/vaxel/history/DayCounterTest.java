package se.vaxel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.vaxel.cases.Case.Outcome.ABANDONED;
import static se.vaxel.cases.Case.Outcome.ANSWERED;
import static se.vaxel.cases.Case.Outcome.CALLBACK;
import static se.vaxel.cases.Case.Outcome.CLOSED;
import static se.vaxel.cases.Case.Outcome.ENDED_IN_IVR;
import static se.vaxel.cases.Case.Outcome.TRANSFERRED;
import static se.vaxel.history.HistoryCases.ended;
import static se.vaxel.history.HistoryCases.open;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.vaxel.VaxelConfig;
import se.vaxel.cases.Case;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Database;
import se.vaxel.db.TestDatabases;
import se.vaxel.metrics.QueueCounts;

/**
 * The day's count in SQL, on H2 and on PostgreSQL, over cases on three local days in Stockholm around the end of summer
 * time (2026-10-25 has 25 hours: 02:00-03:00 comes twice): every count per queue, each case on the day it arrived
 * in local time to the millisecond at both ends, each queue's own target, what is not counted (the IVR, a closed
 * service, calls still open), and the short-abandon setting.
 */
class DayCounterTest {

    private static final LocalDate SATURDAY = LocalDate.of(2026, 10, 24);
    private static final LocalDate CLOCK_CHANGE = LocalDate.of(2026, 10, 25);
    private static final LocalDate MONDAY = LocalDate.of(2026, 10, 26);

    @TempDir
    Path dir;

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.kinds();
    }

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    private static List<Case> cases() {
        return List.of(
                // Saturday 24 October, summer time (UTC+2): 00:00 local is 22:00 UTC the day before.
                ended("sat-first", "schools", ABANDONED, at("2026-10-23T22:00:00Z"), 3.0, null),
                ended("sat-last", "schools", ANSWERED, at("2026-10-24T21:59:59.999Z"), 10.0, 10.0),
                // Sunday 25 October: from 22:00 UTC on the 24th (summer time) to 23:00 UTC on the 25th (winter time).
                ended("sun-first", "schools", ANSWERED, at("2026-10-24T22:00:00Z"), 20.0, 100.0, "resolved_first_contact", null),
                ended("sun-0230-summer", "schools", ANSWERED, at("2026-10-25T00:30:00Z"), 20.001, 50.0, "no_action", null),
                ended("sun-0230-winter", "schools", TRANSFERRED, at("2026-10-25T01:30:00Z"), 5.0, 30.0,
                        "transferred_to_back_office", "education"),
                ended("sun-short", "schools", ABANDONED, at("2026-10-25T08:00:00Z"), 5.0, null),
                ended("sun-abandoned", "schools", ABANDONED, at("2026-10-25T08:01:00Z"), 5.001, null),
                ended("sun-abandoned-unknown-wait", "schools", ABANDONED, at("2026-10-25T08:02:00Z"), null, null),
                ended("sun-callback", "schools", CALLBACK, at("2026-10-25T09:00:00Z"), 200.0, null,
                        "transferred_to_back_office", "education"),
                ended("sun-elder-25", "elder-care", ANSWERED, at("2026-10-25T10:00:00Z"), 25.0, 60.0, "resolved_first_contact", null),
                ended("sun-elder-31", "elder-care", ANSWERED, at("2026-10-25T10:05:00Z"), 31.0, 40.0),
                ended("sun-fallback", "fallback-x", ANSWERED, at("2026-10-25T11:00:00Z"), 15.0, 10.0),
                ended("sun-ivr", null, ENDED_IN_IVR, at("2026-10-25T12:00:00Z"), null, null),
                ended("sun-closed", "schools", CLOSED, at("2026-10-25T12:01:00Z"), null, null),
                open("sun-open", "schools", at("2026-10-25T22:30:00Z")),
                open("sun-open-ivr", null, at("2026-10-25T22:40:00Z")),
                ended("sun-last", "elder-care", ABANDONED, at("2026-10-25T22:59:59.999Z"), 40.0, null),
                // Monday 26 October, winter time (UTC+1): 00:00 local is 23:00 UTC the day before.
                ended("mon-first", "schools", ANSWERED, at("2026-10-25T23:00:00Z"), 1.0, 1.0));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLocalDaysCasesAreCountedPerQueueAcrossTheClockChange(String kind) throws Exception {
        try (TestDatabases dbs = new TestDatabases(dir); Database db = dbs.open(kind)) {
            new JdbcCaseStore(db, Duration.ofDays(7)).storeAll(cases().stream().collect(Collectors.toMap(Case::id, c -> c)));
            DayCounter counter = new DayCounter(db, HistoryCases.CENTRE, Duration.ofSeconds(5));
            assertEquals(Duration.ofHours(25), Duration.between(counter.start(CLOCK_CHANGE), counter.start(MONDAY)));

            DayCount sunday = counter.count(CLOCK_CHANGE);
            assertEquals(2, sunday.open(), "the open calls, one still in the IVR");
            assertEquals(List.of("schools", "elder-care", "fallback-x"), sunday.queues().stream().map(QueueDay::queue).toList(),
                    "the catalogue's queues in its order, then the others");
            Map<String, QueueDay> byQueue = byQueue(sunday);
            // offered 7: 3 answered (one transferred by the agent), 3 abandoned, 1 callback; not the IVR, closed, open ones
            assertCounts(new QueueCounts(7, 3, 2, 3, 1, 1, 0, 2, 1, 4, 20 + 20.001 + 5, 180, 0), byQueue.get("schools").counts());
            assertCounts(new QueueCounts(3, 2, 1, 1, 0, 0, 0, 0, 1, 1, 56, 100, 0), byQueue.get("elder-care").counts());
            assertCounts(new QueueCounts(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 15, 10, 0), byQueue.get("fallback-x").counts());
            assertEquals(List.of(20.0, 30.0, 20.0), sunday.queues().stream().map(QueueDay::targetSeconds).toList(),
                    "each service's own target; the default one for a queue the catalogue does not know");
            assertTrue(sunday.queues().stream().allMatch(q -> q.shortAbandonSeconds() == 5.0 && q.day().equals(CLOCK_CHANGE)));

            DayCount saturday = counter.count(SATURDAY);
            assertEquals(0, saturday.open());
            assertCounts(new QueueCounts(2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 10, 10, 0), byQueue(saturday).get("schools").counts());
            assertEquals(QueueCounts.NONE, byQueue(saturday).get("elder-care").counts(), "a queue without calls is there, at 0");
            assertEquals(List.of("schools", "elder-care"), saturday.queues().stream().map(QueueDay::queue).toList());

            DayCount monday = counter.count(MONDAY);
            assertCounts(new QueueCounts(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0), byQueue(monday).get("schools").counts());
            assertEquals(QueueCounts.NONE, counter.count(MONDAY.plusDays(1)).queues().get(0).counts());
            assertEquals(at("2026-10-23T22:00:00Z"), counter.firstArrival().orElseThrow());

            // A longer short-abandon limit (VAXEL_SHORT_ABANDON_SECONDS=6): the 5.001 s abandon is a misdial too.
            Duration six = VaxelConfig.from(Map.of("VAXEL_SHORT_ABANDON_SECONDS", "6")).shortAbandon();
            QueueDay schools = byQueue(new DayCounter(db, HistoryCases.CENTRE, six).count(CLOCK_CHANGE)).get("schools");
            assertEquals(2, schools.counts().abandonedShort());
            assertEquals(6.0, schools.shortAbandonSeconds());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void noCasesNoFirstArrival(String kind) throws Exception {
        try (TestDatabases dbs = new TestDatabases(dir); Database db = dbs.open(kind)) {
            DayCounter counter = new DayCounter(db, HistoryCases.CENTRE, Duration.ofSeconds(5));
            assertTrue(counter.firstArrival().isEmpty());
            assertEquals(List.of(QueueCounts.NONE, QueueCounts.NONE),
                    counter.count(SATURDAY).queues().stream().map(QueueDay::counts).toList());
        }
    }

    @Test
    void theShortAbandonSettingDefaultsToFiveSecondsAndABadOneNamesItself() {
        assertEquals(Duration.ofSeconds(5), VaxelConfig.from(Map.of()).shortAbandon());
        assertEquals(Duration.ofMillis(2500), VaxelConfig.from(Map.of("VAXEL_SHORT_ABANDON_SECONDS", "2.5")).shortAbandon());
        for (String bad : List.of("five", "-1", "61")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VaxelConfig.from(Map.of("VAXEL_SHORT_ABANDON_SECONDS", bad)).shortAbandon());
            assertTrue(e.getMessage().contains("VAXEL_SHORT_ABANDON_SECONDS"), e.getMessage());
        }
    }

    private static Map<String, QueueDay> byQueue(DayCount count) {
        Map<String, QueueDay> out = new LinkedHashMap<>();
        count.queues().forEach(q -> out.put(q.queue(), q));
        return out;
    }

    /** Counts exactly; sums of seconds as the database adds them up (in any order). */
    static void assertCounts(QueueCounts expected, QueueCounts actual) {
        assertEquals(List.of(expected.offered(), expected.answered(), expected.answeredWithinTarget(), expected.abandoned(),
                expected.abandonedShort(), expected.callbacksBooked(), expected.callbacksCompleted(), expected.transferredToBackOffice(),
                expected.resolvedFirstContact(), expected.resolutionsRecorded()),
                List.of(actual.offered(), actual.answered(), actual.answeredWithinTarget(), actual.abandoned(), actual.abandonedShort(),
                        actual.callbacksBooked(), actual.callbacksCompleted(), actual.transferredToBackOffice(),
                        actual.resolvedFirstContact(), actual.resolutionsRecorded()), "counts of " + actual);
        assertEquals(expected.waitAnsweredSeconds(), actual.waitAnsweredSeconds(), 1e-9, "waits of " + actual);
        assertEquals(expected.talkSeconds(), actual.talkSeconds(), 1e-9, "talk of " + actual);
        assertEquals(expected.afterCallSeconds(), actual.afterCallSeconds(), 1e-9);
    }
}
