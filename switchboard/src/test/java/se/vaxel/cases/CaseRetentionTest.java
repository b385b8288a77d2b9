package se.vaxel.cases;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.vaxel.TestClock;
import se.vaxel.VaxelConfig;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;
import se.vaxel.db.TestDatabases;

/**
 * Retention of closed cases with a clock the test moves, over a real register member and its database (the
 * embedded H2 file, and the local PostgreSQL): cases only in the database (older than the preload, more than a
 * batch of them) and cases in the register are anonymised after their days, keeping what statistics need, and
 * deleted later; open cases and those held back are left alone; a second run changes nothing.
 */
class CaseRetentionTest {

    private static final int OLD = 1_200;
    private static final int ANCIENT = 600;

    @TempDir
    Path dir;

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static java.util.stream.Stream<String> databases() {
        return TestDatabases.kinds();
    }

    /** A closed case with everything that may identify the citizen, ended {@code daysAgo} days before t0. */
    private Case closed(String id, double daysAgo) {
        Instant at = t0.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60))).minusSeconds(300);
        List<CaseEntry> timeline = List.of(new CaseEntry(at, "arrived", null, null),
                new CaseEntry(at.plusSeconds(3), "service chosen", null, "schools"),
                new CaseEntry(at.plusSeconds(4), "queued", null, "schools"),
                new CaseEntry(at.plusSeconds(20), "offered", "PJSIP/1001", null),
                new CaseEntry(at.plusSeconds(22), "answered", "PJSIP/1001", null),
                new CaseEntry(at.plusSeconds(100), "transferred", "PJSIP/1001", "+46812345678"),
                new CaseEntry(at.plusSeconds(200), "updated", "karin.sjoberg", "category, notes"),
                new CaseEntry(at.plusSeconds(300), "ended", null, "transferred"));
        return new Case(id, "+46701740611", "c-1", "schools", Case.Outcome.TRANSFERRED, "PJSIP/1001", at, at.plusSeconds(22),
                at.plusSeconds(300), 18.0, 278.0, "school placement", "Anna's son, 19100101-0000, starts in autumn",
                "transferred_to_back_office", "education", timeline, at.plusSeconds(300), false);
    }

    private Case open(String id, double daysAgo) {
        Instant at = t0.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60)));
        return Case.opened(id, "+46701740622", at).with(new CaseEntry(at.plusSeconds(4), "queued", null, "elder-care"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void closedCasesAreAnonymisedThenDeletedInTheRegisterAndTheDatabaseOnceAndOpenOrHeldOnesAreLeft(String kind) throws Exception {
        TestClock clock = new TestClock(t0);
        Set<String> heldIds = Set.of("old-held", "ancient-held");
        RetentionHold hold = ids -> ids.stream().filter(heldIds::contains).collect(Collectors.toSet());
        try (TestDatabases dbs = new TestDatabases(dir); Database db = dbs.open(kind)) {
            JdbcCaseStore store = new JdbcCaseStore(db, Duration.ofDays(7));
            List<Case> onlyInDatabase = new ArrayList<>();
            for (int i = 0; i < OLD; i++) {
                onlyInDatabase.add(closed("old-" + i, 40 + i / 100.0));
            }
            for (int i = 0; i < ANCIENT; i++) {
                onlyInDatabase.add(closed("ancient-" + i, 90 + i / 100.0));
            }
            onlyInDatabase.addAll(List.of(closed("old-held", 40), closed("ancient-held", 90), open("old-open", 40)));
            store.upsert(onlyInDatabase);

            ClusterSettings cluster = new ClusterSettings("retention-" + UUID.randomUUID(), "127.0.0.1", 5971,
                    List.of("127.0.0.1:5971"), 1, 7);
            try (CaseRegister register = CaseRegister.start(cluster, store)) {
                assertEquals(1, register.size(), "the preload: only the open case, the others are older than 7 days");
                Case recent = closed("recent", 1.0 / 24);
                register.create(recent).toCompletableFuture().get();
                // Two old cases asked for by id: now they are in the register too.
                assertEquals(closed("old-5", 40.05), register.get("old-5").toCompletableFuture().get());
                assertEquals(closed("ancient-3", 90.03), register.get("ancient-3").toCompletableFuture().get());

                CaseRetention retention = new CaseRetention(register, db, store, new RetentionSettings(30, 60, Duration.ofHours(1)),
                        clock, hold);
                CaseRetention.Run first = retention.runOnce();
                assertEquals(List.of(1, ANCIENT - 1, 1, OLD - 1), List.of(first.deletedFromRegister(), first.deletedFromDatabase(),
                        first.anonymisedInRegister(), first.anonymisedInDatabase()), first.toString());
                register.flush();

                assertNull(register.get("ancient-3").toCompletableFuture().get(), "deleted from the register and the database");
                assertEquals(Set.of("ancient-held"), idsLike(db, "ancient-%"), "only the held one is left");
                Case anonymisedInRegister = register.get("old-5").toCompletableFuture().get();
                assertAnonymised(closed("old-5", 40.05), anonymisedInRegister, t0);
                assertEquals(anonymisedInRegister, store.load("old-5"), "written behind as it is in the register");
                assertAnonymised(closed("old-77", 40.77), store.load("old-77"), t0);
                assertAnonymised(closed("old-1199", 40 + 11.99), store.load("old-1199"), t0);
                assertEquals(0, count(db, "SELECT COUNT(*) FROM call_case WHERE anonymised_at IS NOT NULL AND (caller_number IS NOT NULL"
                        + " OR citizen_id IS NOT NULL OR notes IS NOT NULL OR timeline LIKE '%+468%' OR timeline LIKE '%+4670%')"));
                assertEquals(OLD, count(db, "SELECT COUNT(*) FROM call_case WHERE anonymised_at IS NOT NULL"));
                assertEquals(closed("old-held", 40), store.load("old-held"), "held back: as it was");
                assertEquals(open("old-open", 40), store.load("old-open"), "open: as it was");
                assertEquals(open("old-open", 40), register.get("old-open").toCompletableFuture().get());
                assertEquals(recent, store.load("recent"), "not old enough");

                CaseRetention.Run second = retention.runOnce();
                assertEquals(0, second.anonymised() + second.deleted(), "a second run changes nothing: " + second);
                Case frozen = register.apply("old-5", new CaseChange.AgentNotes(null, "the citizen's new number is 0701234567",
                        null, "karin.sjoberg", t0)).toCompletableFuture().get();
                assertEquals(anonymisedInRegister, frozen, "an anonymised case takes no more changes");

                // A month later: the recent case's year (here 30 days) is up, the old cases' 60 days too.
                clock.advance(Duration.ofDays(30));
                CaseRetention.Run third = retention.runOnce();
                assertEquals(List.of(1, OLD - 1, 1, 0), List.of(third.deletedFromRegister(), third.deletedFromDatabase(),
                        third.anonymisedInRegister(), third.anonymisedInDatabase()), third.toString());
                register.flush();
                assertEquals(Set.of("old-held", "old-open"), idsLike(db, "old-%"));
                assertAnonymised(recent, store.load("recent"), t0.plus(Duration.ofDays(30)));

                // On its own schedule (here at once) the only member is the oldest, so it runs.
                retention.start(Duration.ZERO);
                await().atMost(Duration.ofSeconds(20)).until(() -> retention.runs() == 4);
                retention.close();
                assertEquals(0, retention.last().anonymised() + retention.last().deleted());
            }
        }
    }

    /** What statistics need is kept, what identifies the citizen is gone, and the case says when. */
    private static void assertAnonymised(Case before, Case after, Instant at) {
        assertEquals(at, after.anonymisedAt(), "marked");
        assertNull(after.callerNumber());
        assertNull(after.citizenId());
        assertNull(after.notes());
        assertEquals(List.of(before.id(), before.service(), before.outcome(), before.agent(), before.arrivedAt(), before.answeredAt(),
                before.endedAt(), before.waitSeconds(), before.talkSeconds(), before.category(), before.resolution(), before.department()),
                List.of(after.id(), after.service(), after.outcome(), after.agent(), after.arrivedAt(), after.answeredAt(),
                        after.endedAt(), after.waitSeconds(), after.talkSeconds(), after.category(), after.resolution(),
                        after.department()), "what statistics need");
        List<String> steps = new ArrayList<>(before.timeline().stream().map(CaseEntry::what).toList());
        steps.add("anonymised");
        assertEquals(steps, after.timeline().stream().map(CaseEntry::what).toList());
        assertEquals(before.timeline().stream().map(CaseEntry::at).toList(),
                after.timeline().stream().map(CaseEntry::at).toList().subList(0, before.timeline().size()));
        CaseEntry transferred = after.timeline().stream().filter(e -> e.what().equals("transferred")).findFirst().orElseThrow();
        assertEquals("PJSIP/1001", transferred.who(), "the agent stays");
        assertNull(transferred.detail(), "where it went may be an outside number");
        CaseEntry updated = after.timeline().stream().filter(e -> e.what().equals("updated")).findFirst().orElseThrow();
        assertEquals(List.of("karin.sjoberg", "category, notes"), List.of(updated.who(), updated.detail()));
        assertTrue(after.updatedAt().isAfter(before.updatedAt()), "newer than any state before it");
    }

    private static Set<String> idsLike(Database db, String pattern) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                var ps = c.prepareStatement("SELECT id FROM call_case WHERE id LIKE ?")) {
            ps.setString(1, pattern);
            Set<String> ids = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static int count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theSettingsAreCheckedAtStartWithClearErrors() {
        VaxelConfig defaults = VaxelConfig.from(Map.of());
        assertEquals(new RetentionSettings(365, 0, Duration.ofHours(1)), defaults.retention());
        assertEquals(new RetentionSettings(365, 730, Duration.ofMinutes(15)), VaxelConfig.from(Map.of(
                "VAXEL_CASES_DELETE_AFTER_DAYS", "730", "VAXEL_CASES_RETENTION_INTERVAL_MINUTES", "15")).retention());
        assertEquals(new RetentionSettings(0, 30, Duration.ofHours(1)), VaxelConfig.from(Map.of(
                "VAXEL_CASES_ANONYMISE_AFTER_DAYS", "0", "VAXEL_CASES_DELETE_AFTER_DAYS", "30")).retention(), "delete without anonymising");
        IllegalArgumentException sooner = assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of(
                "VAXEL_CASES_ANONYMISE_AFTER_DAYS", "365", "VAXEL_CASES_DELETE_AFTER_DAYS", "30")));
        assertTrue(sooner.getMessage().startsWith("VAXEL_CASES_DELETE_AFTER_DAYS (30) must be at least VAXEL_CASES_ANONYMISE_AFTER_DAYS (365)"),
                sooner.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of("VAXEL_CASES_ANONYMISE_AFTER_DAYS", "-1")))
                .getMessage().contains("VAXEL_CASES_ANONYMISE_AFTER_DAYS"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of("VAXEL_CASES_DELETE_AFTER_DAYS", "1.5")))
                .getMessage().contains("VAXEL_CASES_DELETE_AFTER_DAYS must be a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VaxelConfig.from(Map.of("VAXEL_CASES_RETENTION_INTERVAL_MINUTES",
                "0"))).getMessage().contains("VAXEL_CASES_RETENTION_INTERVAL_MINUTES must be at least 1"));
    }
}
