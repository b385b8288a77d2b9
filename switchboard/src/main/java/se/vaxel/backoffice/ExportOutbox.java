package se.vaxel.backoffice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;

/**
 * The exports not yet acknowledged, in the {@code matter_export} table (migration V3): blocking JDBC, called
 * off the event loop. Any node may deliver a due row once it has claimed it (a conditional update that only
 * one node can win), so a row is posted by one node at a time, and again by another if that node dies.
 */
final class ExportOutbox {

    /** One export waiting for delivery. */
    record Pending(String id, String matterId, String type, String payload, int attempts) {}

    private final DataSource dataSource;

    ExportOutbox(Database database) {
        this.dataSource = database.dataSource();
    }

    void add(List<Pending> exports, Instant now) throws SQLException {
        Sql.batchInTransaction(dataSource, "INSERT INTO matter_export (id, matter_id, event_type, payload, created_at,"
                + " attempts, next_attempt_at) VALUES (?,?,?,?,?,0,?)", exports, (ps, p) -> {
                    ps.setString(1, p.id());
                    ps.setString(2, p.matterId());
                    ps.setString(3, p.type());
                    ps.setString(4, p.payload());
                    Sql.setTime(ps, 5, now);
                    Sql.setTime(ps, 6, now);
                });
    }

    /** Claims up to {@code limit} due exports for {@code until}, oldest first; only those this call won. */
    List<Pending> claimDue(Instant now, Instant until, int limit) throws SQLException {
        List<Pending> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, matter_id, event_type, payload, attempts FROM matter_export"
                    + " WHERE delivered_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                    + " ORDER BY created_at, id")) {
                ps.setMaxRows(limit);
                Sql.setTime(ps, 1, now);
                Sql.setTime(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            List<Pending> won = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE matter_export SET claimed_until = ?"
                    + " WHERE id = ? AND delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)")) {
                for (Pending p : due) {
                    Sql.setTime(ps, 1, until);
                    ps.setString(2, p.id());
                    Sql.setTime(ps, 3, now);
                    if (ps.executeUpdate() == 1) {
                        won.add(p);
                    }
                }
            }
            return won;
        }
    }

    void delivered(String id, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE matter_export SET delivered_at = ?, claimed_until = NULL,"
                        + " attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
            Sql.setTime(ps, 1, at);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    void failed(String id, String why, Instant nextAttempt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE matter_export SET attempts = attempts + 1, claimed_until = NULL,"
                        + " next_attempt_at = ?, last_error = ? WHERE id = ?")) {
            Sql.setTime(ps, 1, nextAttempt);
            ps.setString(2, why.length() > 1000 ? why.substring(0, 1000) : why);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** Exports not yet acknowledged, and when the oldest of them was made (null when none). */
    record Backlog(long count, Instant oldest) {}

    Backlog backlog() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM matter_export WHERE delivered_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), Sql.time(rs, "oldest"));
        }
    }
}
