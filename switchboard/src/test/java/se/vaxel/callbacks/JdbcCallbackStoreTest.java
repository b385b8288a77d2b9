package se.vaxel.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.vaxel.db.Database;
import se.vaxel.db.DatabaseSettings;
import se.vaxel.db.TestDatabases;

/**
 * The callback table through the real pool and migrations, on the embedded H2 file and on the local
 * PostgreSQL (127.0.0.1:5432, database test, in a schema of its own that is dropped afterwards). CI sets
 * VAXEL_TEST_POSTGRES=required, so there a missing PostgreSQL fails the test instead of skipping it.
 */
class JdbcCallbackStoreTest {

    @TempDir
    static Path dir;

    private TestDatabases databases;

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    /** A fresh database of the kind, migrated; PostgreSQL gets a schema of its own. */
    private Database open(String kind) throws SQLException {
        return databases.open(kind);
    }

    @org.junit.jupiter.api.BeforeEach
    void freshDatabases() {
        databases = new TestDatabases(dir);
    }

    @org.junit.jupiter.api.AfterEach
    void dropSchemas() throws SQLException {
        databases.close();
    }

    private static Callback callback(String id, Callback.Status status, int attempts, Instant updated) {
        Instant t = Instant.parse("2026-11-23T09:00:00.123Z");
        return new Callback(id, "call-" + id, "schools", "+46701740605", t, t.plusSeconds(30), status, attempts,
                status == Callback.Status.MISSED ? null : updated.plusSeconds(300), attempts == 0 ? null : "NOANSWER", updated);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void savesABatchAndReadsBackTheOpenOnesWithTheirTimes(String kind) throws SQLException {
        try (Database db = open(kind)) {
            JdbcCallbackStore store = new JdbcCallbackStore(db);
            Instant now = Instant.parse("2026-11-23T10:00:00Z");
            store.saveAll(List.of(callback("w", Callback.Status.WAITING, 0, now), callback("c", Callback.Status.CALLING, 1, now),
                    callback("done", Callback.Status.COMPLETED, 0, now), callback("missed", Callback.Status.MISSED, 3, now),
                    callback("old", Callback.Status.MISSED, 3, now.minus(5, ChronoUnit.HOURS))));
            List<Callback> open = store.loadOpen(now.minus(4, ChronoUnit.HOURS));
            assertEquals(List.of("c", "missed", "w"), open.stream().map(Callback::id).sorted().collect(Collectors.toList()));
            Callback w = open.stream().filter(cb -> cb.id().equals("w")).findFirst().orElseThrow();
            assertEquals(callback("w", Callback.Status.WAITING, 0, now), w, "every field, times to the millisecond");
            assertNull(open.stream().filter(cb -> cb.id().equals("missed")).findFirst().orElseThrow().nextAttempt());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theUpsertIsIdempotentAndAnOlderStateNeverOverwritesANewerOne(String kind) throws SQLException {
        try (Database db = open(kind)) {
            JdbcCallbackStore store = new JdbcCallbackStore(db);
            Instant t = Instant.parse("2026-11-23T10:00:00Z");
            Callback newer = callback("x", Callback.Status.WAITING, 2, t.plusSeconds(60));
            store.saveAll(List.of(newer));
            store.saveAll(List.of(newer)); // written twice after a retry: nothing changes
            store.saveAll(List.of(callback("x", Callback.Status.CALLING, 1, t))); // a late, older batch
            assertEquals(List.of(newer), store.loadOpen(t));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void migratingTwiceIsHarmless(String kind) throws SQLException {
        if (kind.equals("h2")) {
            DatabaseSettings s = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("twice"), "vaxel", "", 2, Duration.ofSeconds(5));
            try (Database db = Database.open(s)) {
                new JdbcCallbackStore(db).saveAll(List.of(callback("kept", Callback.Status.WAITING, 0, Instant.now())));
            }
            try (Database db = Database.open(s)) {
                assertEquals(1, new JdbcCallbackStore(db).loadOpen(Instant.EPOCH).size(), "a restart finds what was saved");
            }
        } else {
            try (Database db = open(kind)) {
                assertEquals(Database.Dialect.POSTGRESQL, db.dialect());
            }
        }
    }
}
