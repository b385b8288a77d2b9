package se.vaxel.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, migrated databases for tests: an H2 file under a test's folder, or the local PostgreSQL
 * (127.0.0.1:5432, database test) in a schema of its own, dropped on {@link #close}. Without a PostgreSQL
 * the test is skipped, unless VAXEL_TEST_POSTGRES=required (CI), where it fails.
 */
public final class TestDatabases implements AutoCloseable {

    public static final String PG_URL = System.getenv().getOrDefault("VAXEL_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("VAXEL_TEST_PG_USER", "postgres");

    private final Path dir;
    private final List<String> schemas = new ArrayList<>();

    public TestDatabases(Path dir) {
        this.dir = dir;
    }

    /** The kinds a parameterized test runs on. */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql");
    }

    /** The settings of a fresh database of the kind ({@code h2} or {@code postgresql}). */
    public DatabaseSettings settings(String kind) throws SQLException {
        if (kind.equals("h2")) {
            return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("db-" + UUID.randomUUID()), "vaxel", "", 4, Duration.ofSeconds(5));
        }
        String schema = "vaxel_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("required".equals(System.getenv("VAXEL_TEST_POSTGRES"))) {
                throw e;
            }
            Assumptions.abort("no PostgreSQL at " + PG_URL + ": " + e.getMessage());
        }
        schemas.add(schema);
        return new DatabaseSettings(PG_URL + "?currentSchema=" + schema, PG_USER, "", 4, Duration.ofSeconds(5));
    }

    public Database open(String kind) throws SQLException {
        return Database.open(settings(kind));
    }

    @Override
    public void close() throws SQLException {
        for (String schema : schemas) {
            try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        schemas.clear();
    }
}
