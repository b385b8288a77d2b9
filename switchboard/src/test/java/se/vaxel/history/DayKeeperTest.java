package se.vaxel.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.vaxel.cases.Case.Outcome.ABANDONED;
import static se.vaxel.cases.Case.Outcome.ANSWERED;
import static se.vaxel.cases.Case.Outcome.CALLBACK;
import static se.vaxel.history.HistoryCases.ended;
import static se.vaxel.history.HistoryCases.open;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.vaxel.TestClock;
import se.vaxel.cases.Case;
import se.vaxel.cases.CaseChange;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.ClusterSettings;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.cases.RetentionSettings;
import se.vaxel.db.Database;
import se.vaxel.db.TestDatabases;
import se.vaxel.metrics.QueueCounts;

/**
 * Keeping the finished days, over a real register member (the only one, so the oldest) and its database (H2 and
 * PostgreSQL), with a clock the test moves: the backfill at start, bounded to 400 days; each day written once, never
 * today; the register's write-behind flushed before a day is counted; a day with a call still open waits for it
 * (or for the grace); the upsert is idempotent; the rows outlive the cases; days retention may have deleted cases of
 * are not counted.
 */
class DayKeeperTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path dir;

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.kinds();
    }

    private static Instant local(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)).atZone(STOCKHOLM).toInstant();
    }

    private static ClusterSettings cluster(int port) {
        return new ClusterSettings("history-" + UUID.randomUUID(), "127.0.0.1", port, List.of("127.0.0.1:" + port), 1, 7);
    }

    private static void store(Database db, List<Case> cases) {
        new JdbcCaseStore(db, Duration.ofDays(7)).storeAll(cases.stream().collect(Collectors.toMap(Case::id, c -> c)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void finishedDaysAreKeptOnceAfterTheirCasesAreWrittenAndOutliveThem(String kind) throws Exception {
        TestClock clock = new TestClock(local(TODAY, 10, 0));
        LocalDate friday = TODAY.minusDays(3);
        LocalDate sunday = TODAY.minusDays(1);
        try (TestDatabases dbs = new TestDatabases(dir); Database db = dbs.open(kind)) {
            store(db, List.of(ended("ancient", "schools", ANSWERED, local(TODAY.minusDays(500), 9, 0), 4.0, 60.0),
                    ended("fri-1", "schools", ANSWERED, local(friday, 9, 0), 4.0, 60.0),
                    ended("fri-2", "schools", ANSWERED, local(friday, 9, 10), 40.0, 90.0),
                    ended("fri-3", "elder-care", ABANDONED, local(friday, 9, 20), 70.0, null),
                    ended("sun-1", "schools", CALLBACK, local(sunday, 12, 0), 190.0, null),
                    ended("today-1", "schools", ANSWERED, local(TODAY, 9, 0), 1.0, 30.0)));
            try (CaseRegister register = CaseRegister.start(cluster(5861), new JdbcCaseStore(db, Duration.ofDays(7)))) {
                DayCounter counter = new DayCounter(db, HistoryCases.CENTRE, Duration.ofSeconds(5));
                QueueDayStore store = new QueueDayStore(db);
                DayKeeper keeper = new DayKeeper(register, counter, store, RetentionSettings.DEFAULT, clock);

                // At start, on its own schedule: every finished day since the first case, but no more than 400 days back.
                keeper.start(Duration.ZERO, Duration.ofMillis(200));
                await().atMost(Duration.ofSeconds(60)).until(() -> keeper.daysWritten() == DayKeeper.BACKFILL_DAYS);
                keeper.close();
                List<LocalDate> expected = TODAY.minusDays(DayKeeper.BACKFILL_DAYS).datesUntil(TODAY).toList();
                assertEquals(expected, List.copyOf(store.days(TODAY.minusDays(600), TODAY.plusDays(1))), "not today, not before 400 days");
                List<QueueDay> fridayRows = store.between(friday, friday, null);
                assertEquals(Set.copyOf(counter.count(friday).queues()), Set.copyOf(fridayRows));
                QueueDay fridaySchools = store.between(friday, friday, "schools").get(0);
                DayCounterTest.assertCounts(new QueueCounts(2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 44, 150, 0), fridaySchools.counts());
                assertEquals(List.of(QueueCounts.NONE, QueueCounts.NONE),
                        store.between(TODAY.minusDays(2), TODAY.minusDays(2), null).stream().map(QueueDay::counts).toList(),
                        "a day without calls is kept, at 0");
                Instant computed = computedAt(db, friday);

                // Written once: another run computes nothing again.
                clock.advance(Duration.ofHours(1));
                assertEquals(List.of(), keeper.fillIn());
                assertEquals(computed, computedAt(db, friday));
                // The upsert is idempotent: the same day again is the same rows.
                store.upsert(counter.count(friday).queues(), clock.instant());
                assertEquals(fridayRows, store.between(friday, friday, null));

                // Just before midnight a call arrives; it is in the register, queued behind the map for a second.
                register.create(ended("late", "schools", ANSWERED, local(TODAY, 23, 59), 2.0, 10.0)).toCompletableFuture().get();
                clock.advance(Duration.between(clock.instant(), local(TODAY.plusDays(1), 0, 1)));
                assertEquals(List.of(), keeper.fillIn(), "a minute after midnight it waits to settle");
                clock.advance(Duration.ofMinutes(1));
                assertEquals(List.of(TODAY), keeper.fillIn(), "two minutes after: the register is flushed first");
                assertEquals(2, store.between(TODAY, TODAY, "schools").get(0).counts().answered(), "the late call is counted");

                // A call still open at midnight holds its day back until it ends, and no longer than the grace.
                LocalDate tuesday = TODAY.plusDays(1);
                Case talking = open("talking", "elder-care", local(tuesday, 23, 50));
                register.create(talking).toCompletableFuture().get();
                clock.advance(Duration.between(clock.instant(), local(tuesday.plusDays(1), 0, 5)));
                assertEquals(List.of(), keeper.fillIn(), "the call is still going");
                register.apply("talking", new CaseChange.CallFacts(talking.arrivedAt(), talking.callerNumber(), "elder-care", ANSWERED,
                        "PJSIP/1007", talking.arrivedAt().plusSeconds(12), clock.instant(), 12.0, 600.0, null))
                        .toCompletableFuture().get();
                assertEquals(List.of(tuesday), keeper.fillIn());
                assertEquals(1, store.between(tuesday, tuesday, "elder-care").get(0).counts().answered());
                LocalDate wednesday = tuesday.plusDays(1);
                register.create(open("never-ends", "schools", local(wednesday, 15, 0))).toCompletableFuture().get();
                clock.advance(Duration.between(clock.instant(), local(wednesday.plusDays(1), 5, 59)));
                assertEquals(List.of(), keeper.fillIn(), "within the grace");
                clock.advance(Duration.ofMinutes(1));
                assertEquals(List.of(wednesday), keeper.fillIn(), "six hours after the day's end it is kept whatever is open");

                // The cases are deleted (retention, say): the kept days stay as they were, and none is computed again.
                List<QueueDay> before = store.between(friday, wednesday, null);
                try (Connection c = db.dataSource().getConnection()) {
                    c.createStatement().executeUpdate("DELETE FROM call_case");
                }
                clock.advance(Duration.ofDays(1));
                assertEquals(List.of(), keeper.fillIn());
                assertEquals(before, store.between(friday, wednesday, null));
                History.Report report = new History(counter, store, clock).report(new HistoryQuery(friday, friday, "schools"));
                assertEquals(List.of(fridaySchools), report.days().get(0).queues(), "the history still shows them");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void daysRetentionMayHaveDeletedCasesOfAreNotCountedAndNoneBeforeTheFirstCase(String kind) throws Exception {
        TestClock clock = new TestClock(local(TODAY, 10, 0));
        try (TestDatabases dbs = new TestDatabases(dir); Database db = dbs.open(kind)) {
            List<Case> daily = new ArrayList<>();
            for (int d = 1; d <= 100; d++) {
                daily.add(ended("day-" + d, "schools", ANSWERED, local(TODAY.minusDays(d), 12, 0), 3.0, 30.0));
            }
            store(db, daily);
            try (CaseRegister register = CaseRegister.start(cluster(5871), new JdbcCaseStore(db, Duration.ofDays(7)))) {
                DayCounter counter = new DayCounter(db, HistoryCases.CENTRE, Duration.ofSeconds(5));
                QueueDayStore store = new QueueDayStore(db);
                // Deleted 60 days after the call ended: now - 60 days is 11:00 on 24 September, so that day may have lost
                // its morning; 25 September is the first day kept whole.
                DayKeeper deleting = new DayKeeper(register, counter, store, new RetentionSettings(30, 60, Duration.ofHours(1)), clock);
                List<LocalDate> written = deleting.fillIn();
                assertEquals(LocalDate.of(2026, 9, 25).datesUntil(TODAY).toList(), written);

                DayKeeper keeping = new DayKeeper(register, counter, store, RetentionSettings.DEFAULT, clock);
                assertEquals(TODAY.minusDays(100).datesUntil(LocalDate.of(2026, 9, 25)).toList(), keeping.fillIn(),
                        "without deletion, the rest back to the first case's day and no further");
                assertTrue(store.between(TODAY.minusDays(100), TODAY, "schools").stream().allMatch(q -> q.counts().answered() == 1));
                assertEquals(Set.of(), store.days(TODAY.minusDays(400), TODAY.minusDays(101)));
            }
        }
    }

    private static Instant computedAt(Database db, LocalDate day) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(computed_at) FROM queue_day WHERE local_day = ?")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }
}
