package se.vaxel.callbacks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;

/**
 * Callbacks in the {@code callback} table (migration V1). A batch is one transaction of one upsert per
 * callback; the upsert is idempotent and never lets an older state overwrite a newer one (by
 * {@code updated_at}), so a batch written twice after a retry changes nothing.
 */
public final class JdbcCallbackStore implements CallbackStore {

    private static final String COLUMNS =
            "id, from_call, service, number, queued_at, requested_at, status, attempts, next_attempt, last_result, updated_at";

    private static final String UPSERT_POSTGRESQL = "INSERT INTO callback (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,"
            + " next_attempt = EXCLUDED.next_attempt, last_result = EXCLUDED.last_result, updated_at = EXCLUDED.updated_at"
            + " WHERE callback.updated_at <= EXCLUDED.updated_at";

    private static final String UPSERT_H2 = "MERGE INTO callback t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
            + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(" + COLUMNS + ") ON t.id = s.id"
            + " WHEN MATCHED AND t.updated_at <= s.updated_at THEN UPDATE SET status = s.status, attempts = s.attempts,"
            + " next_attempt = s.next_attempt, last_result = s.last_result, updated_at = s.updated_at"
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.id, s.from_call, s.service, s.number, s.queued_at,"
            + " s.requested_at, s.status, s.attempts, s.next_attempt, s.last_result, s.updated_at)";

    private final DataSource dataSource;
    private final String upsert;

    public JdbcCallbackStore(Database database) {
        this(database.dataSource(), database.dialect());
    }

    public JdbcCallbackStore(DataSource dataSource, Database.Dialect dialect) {
        this.dataSource = dataSource;
        this.upsert = dialect == Database.Dialect.POSTGRESQL ? UPSERT_POSTGRESQL : UPSERT_H2;
    }

    @Override
    public void saveAll(Collection<Callback> callbacks) {
        if (callbacks.isEmpty()) {
            return;
        }
        try {
            Sql.batchInTransaction(dataSource, upsert, callbacks, (ps, cb) -> {
                int i = 0;
                ps.setString(++i, cb.id());
                ps.setString(++i, cb.fromCall());
                ps.setString(++i, cb.service());
                ps.setString(++i, cb.number());
                Sql.setTime(ps, ++i, cb.queuedAt());
                Sql.setTime(ps, ++i, cb.requestedAt());
                ps.setString(++i, cb.status().name());
                ps.setInt(++i, cb.attempts());
                Sql.setTime(ps, ++i, cb.nextAttempt());
                ps.setString(++i, cb.lastResult());
                Sql.setTime(ps, ++i, cb.updatedAt());
            });
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("saving " + callbacks.size() + " callbacks", e);
        }
    }

    @Override
    public List<Callback> loadOpen(Instant missedSince) {
        String sql = "SELECT " + COLUMNS + " FROM callback WHERE status IN ('WAITING', 'CALLING')"
                + " OR (status = 'MISSED' AND updated_at > ?) ORDER BY queued_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.setTime(ps, 1, missedSince);
            List<Callback> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Callback(rs.getString("id"), rs.getString("from_call"), rs.getString("service"),
                            rs.getString("number"), Sql.time(rs, "queued_at"), Sql.time(rs, "requested_at"),
                            Callback.Status.valueOf(rs.getString("status")), rs.getInt("attempts"), Sql.time(rs, "next_attempt"),
                            rs.getString("last_result"), Sql.time(rs, "updated_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("loading callbacks", e);
        }
    }
}
