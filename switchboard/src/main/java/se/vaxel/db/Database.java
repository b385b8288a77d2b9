package se.vaxel.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Växel's database: a pooled DataSource (HikariCP) on the embedded H2 file by default or on PostgreSQL, with
 * the schema brought up to date by versioned migrations (Flyway, {@code db/migration/V*__*.sql}) before
 * anything reads it. Opening blocks (connecting, migrating): do it off the event loop.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** The SQL spoken where the two databases differ (the upsert). */
    public enum Dialect { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    public static Database open(DatabaseSettings settings) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("vaxel-db");
        cfg.setJdbcUrl(settings.url());
        cfg.setUsername(settings.user());
        cfg.setPassword(settings.password());
        cfg.setMaximumPoolSize(settings.poolSize());
        // Start even when the database is away: writes are retried, and the first failure says why.
        cfg.setInitializationFailTimeout(-1);
        cfg.setConnectionTimeout(settings.connectTimeout().toMillis());
        HikariDataSource pool = new HikariDataSource(cfg);
        try {
            Dialect dialect = dialectOf(pool);
            var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            log.info("Database {} ({}): schema at version {}, {} migrations applied", settings.redactedUrl(), dialect,
                    result.targetSchemaVersion, result.migrationsExecuted);
            return new Database(pool, dialect);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw new IllegalStateException("cannot open the database " + settings.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    private static Dialect dialectOf(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                return Dialect.POSTGRESQL;
            }
            if (product.equalsIgnoreCase("H2")) {
                return Dialect.H2;
            }
            throw new SQLException("unsupported database " + product + " (H2 and PostgreSQL are)");
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.close();
    }
}
