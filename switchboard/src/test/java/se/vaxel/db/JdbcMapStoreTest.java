package se.vaxel.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generic MapStore on a table of the test's own, on the embedded H2 file and on the local PostgreSQL (a
 * schema of its own; VAXEL_TEST_POSTGRES=required makes a missing one fail instead of skip).
 */
class JdbcMapStoreTest {

    @TempDir
    static Path dir;

    private TestDatabases databases;

    record Thing(String id, String label, Double score, boolean flag, Instant openedAt, Instant updatedAt) {}

    private static final JdbcMapStore.Table<Thing> THINGS = new JdbcMapStore.Table<>("thing", "things", List.of(
            Column.text("id", Thing::id), Column.text("label", Thing::label), Column.number("score", Thing::score),
            Column.flag("flag", Thing::flag), Column.time("opened_at", Thing::openedAt), Column.time("updated_at", Thing::updatedAt)),
            Thing::id, rs -> new Thing(rs.getString("id"), rs.getString("label"), Sql.getDouble(rs, "score"), rs.getBoolean("flag"),
                    Sql.time(rs, "opened_at"), Sql.time(rs, "updated_at")));

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    @BeforeEach
    void freshDatabases() {
        databases = new TestDatabases(dir);
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        databases.close();
    }

    /** The test's table in the database, and a store over it preloading what opened within {@code preload} or is 'open'. */
    private static JdbcMapStore<Thing> store(Database db, Duration preload) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS thing (id VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " label VARCHAR(8) NOT NULL, score DOUBLE PRECISION, flag BOOLEAN NOT NULL,"
                    + " opened_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        return new JdbcMapStore<>(db, THINGS, "opened_at > ? OR label = 'open'", preload);
    }

    private Thing thing(String id, String label, Instant updated) {
        return new Thing(id, label, id.hashCode() % 2 == 0 ? null : 2.5, id.length() > 1, now.minusSeconds(60), updated);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchIsWrittenWholeOrNotAtAllAndReadsBackEveryField(String kind) throws SQLException {
        try (Database db = databases.open(kind)) {
            JdbcMapStore<Thing> store = store(db, Duration.ofDays(1));
            Map<String, Thing> batch = Map.of("a", thing("a", "one", now), "bb", thing("bb", "two", now), "c", thing("c", "three", now));
            assertEquals(3, store.upsert(batch.values()));
            assertEquals(batch, store.loadAll(List.of("a", "bb", "c", "missing")), "every field; a missing key is left out");
            assertNull(store.load("missing"));
            assertEquals(Map.of(), store.loadAll(List.of()));

            Thing fine = thing("d", "four", now);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.storeAll(Map.of("d", fine, "e", thing("e", "label too long", now))));
            assertTrue(e.getMessage().startsWith("saving 2 things failed: SQLState 22001"), e.getMessage());
            assertFalse(e.getMessage().contains("label too long") || e.getMessage().contains("four"),
                    "a row's values (numbers, notes) stay out of what Hazelcast logs: " + e.getMessage());
            assertNull(e.getCause(), "nor in a cause, whose message the driver made");
            assertEquals(1, store.failures());
            assertNull(store.load("d"), "one transaction: the good row is not written either");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theNewestStateWinsAndWritingItAgainChangesNothing(String kind) throws SQLException {
        try (Database db = databases.open(kind)) {
            JdbcMapStore<Thing> store = store(db, Duration.ofDays(1));
            Thing newer = thing("x", "newer", now);
            store.store("x", newer);
            store.store("x", newer); // a batch Hazelcast retries
            assertEquals(0, store.upsert(List.of(thing("x", "older", now.minusMillis(1)))), "a late, older write");
            assertEquals(newer, store.load("x"));
            Thing newest = thing("x", "newest", now.plusMillis(1));
            store.storeAll(Map.of("x", newest));
            assertEquals(newest, store.load("x"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletesOneOrManyAndAMissingKeyIsHarmless(String kind) throws SQLException {
        try (Database db = databases.open(kind)) {
            JdbcMapStore<Thing> store = store(db, Duration.ofDays(1));
            store.storeAll(Map.of("a", thing("a", "one", now), "b", thing("b", "two", now), "c", thing("c", "three", now)));
            store.delete("a");
            assertNull(store.load("a"));
            store.deleteAll(List.of("b", "missing"));
            assertEquals(Set.of("c"), store.loadAll(List.of("a", "b", "c")).keySet());
            store.deleteAll(List.of());
            store.delete("missing");
            assertEquals(Set.of("c"), keys(store.loadAllKeys()));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void atStartTheMapLoadsOnlyTheKeysThePreloadPicks(String kind) throws SQLException {
        try (Database db = databases.open(kind)) {
            JdbcMapStore<Thing> store = store(db, Duration.ofDays(1));
            Instant monthAgo = now.minus(30, ChronoUnit.DAYS);
            store.storeAll(Map.of("recent", thing("recent", "done", now),
                    "old", new Thing("old", "done", null, false, monthAgo, monthAgo),
                    "old-open", new Thing("old-open", "open", null, false, monthAgo, monthAgo)));
            assertEquals(Set.of("recent", "old-open"), keys(store.loadAllKeys()), "the day's and the open one");
            assertEquals(Set.of("recent", "old", "old-open"), keys(store(db, Duration.ofDays(31)).loadAllKeys()), "a longer window");
            assertEquals("old", store.load("old").id(), "an older one by id");
        }
    }

    private static Set<String> keys(Iterable<String> keys) {
        return StreamSupport.stream(keys.spliterator(), false).collect(Collectors.toSet());
    }
}
