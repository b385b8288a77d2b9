package se.vaxel.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.vaxel.db.Database;
import se.vaxel.db.TestDatabases;

/** The audit tables through the real pool and migrations, on H2 and on the local PostgreSQL. */
class JdbcAuditStoreTest {

    @TempDir
    Path dir;

    private TestDatabases databases;

    static Stream<String> kinds() {
        return TestDatabases.kinds();
    }

    @AfterEach
    void drop() throws SQLException {
        if (databases != null) {
            databases.close();
        }
    }

    private Database open(String kind) throws SQLException {
        databases = new TestDatabases(dir);
        return databases.open(kind);
    }

    private static final Instant T = Instant.parse("2026-11-23T09:00:00.123Z");

    private static CaseAccess access(String id, int minutes, String staff, CaseAccess.Action action, List<String> cases) {
        return new CaseAccess(id, T.plusSeconds(60L * minutes), staff, action, CaseAccess.Outcome.SHOWN, cases,
                new JsonObject().put("filters", new JsonObject().put("number", "+*********611")), "127.0.0.1");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void entriesAreFoundByCaseUserAndTimeNewestFirstWithTheirCasesInOrder(String kind) throws SQLException {
        try (Database db = open(kind)) {
            JdbcAuditStore store = new JdbcAuditStore(db);
            CaseAccess search = access("a1", 0, "agent", CaseAccess.Action.SEARCH, List.of("c3", "c1", "c2"));
            CaseAccess read = access("a2", 1, "agent", CaseAccess.Action.READ, List.of("c1"));
            CaseAccess other = access("a3", 2, "officer", CaseAccess.Action.UPDATE, List.of("c2"));
            store.write(List.of(search, read, other));
            store.write(List.of(search, read)); // a batch written again after a retry: stored once

            AuditPage all = store.search(new AuditQuery(null, null, null, null, 0, 50));
            assertEquals(3, all.total());
            assertEquals(List.of(other, read, search), all.entries(), "newest first, every field back");
            assertEquals(List.of("a2", "a1"), ids(store.search(new AuditQuery("c1", null, null, null, 0, 50))));
            assertEquals(List.of("a3"), ids(store.search(new AuditQuery(null, "officer", null, null, 0, 50))));
            assertEquals(List.of("a2"), ids(store.search(new AuditQuery(null, null, T.plusSeconds(60), T.plusSeconds(120), 0, 50))),
                    "from inclusive, to exclusive");
            AuditPage second = store.search(new AuditQuery(null, "agent", null, null, 1, 1));
            assertEquals(2, second.total());
            assertEquals(List.of("a1"), ids(second));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anEntryTheDatabaseRefusesIsLeftOutWithoutHoldingBackTheOthers(String kind) throws SQLException {
        try (Database db = open(kind)) {
            JdbcAuditStore store = new JdbcAuditStore(db);
            CaseAccess fine = access("ok", 0, "agent", CaseAccess.Action.READ, List.of("c1"));
            CaseAccess tooLong = access("bad", 1, "x".repeat(200), CaseAccess.Action.READ, List.of("c1"));
            store.write(List.of(fine, tooLong));
            assertEquals(List.of("ok"), ids(store.search(new AuditQuery(null, null, null, null, 0, 50))));
        }
    }

    @org.junit.jupiter.api.Test
    void aDatabaseAwayForAWhileLosesNoEntry() throws Exception {
        org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        int port = h2.getPort();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (Database db = Database.open(new se.vaxel.db.DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/audit", "vaxel", "", 2,
                java.time.Duration.ofSeconds(1)))) {
            JdbcAuditStore store = new JdbcAuditStore(db);
            AuditLog log = new AuditLog(vertx, 1_000);
            log.start(store);
            for (int i = 0; i < 50; i++) {
                log.record(access("before-" + i, i, "agent", CaseAccess.Action.READ, List.of("c" + i)));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> log.written() == 50);
            h2.stop(); // the database goes away
            for (int i = 0; i < 50; i++) {
                log.record(access("while-" + i, 100 + i, "agent", CaseAccess.Action.READ, List.of("c" + i)));
            }
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> log.queued() == 50);
            h2 = org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", dir.toString()).start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> log.written() == 100);
            assertEquals(100, store.search(new AuditQuery(null, "agent", null, null, 0, 500)).total(), "every entry, once");
            assertEquals(0, log.dropped());
        } finally {
            vertx.close().await(5, java.util.concurrent.TimeUnit.SECONDS);
            h2.stop();
        }
    }

    private static List<String> ids(AuditPage page) {
        return page.entries().stream().map(CaseAccess::id).toList();
    }
}
