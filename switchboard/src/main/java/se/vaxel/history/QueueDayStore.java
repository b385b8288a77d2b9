package se.vaxel.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;
import se.vaxel.metrics.QueueCounts;

/**
 * The finished days in the {@code queue_day} table (migration V6): written by an idempotent upsert keyed by
 * (day, queue), so a day written twice (a retry, two members for a moment) is one row, as computed last. Blocking.
 */
public final class QueueDayStore {

    private static final List<String> COLUMNS = List.of("local_day", "queue", "offered", "answered", "answered_within_target",
            "abandoned", "abandoned_short", "callbacks_booked", "callbacks_completed", "transferred_to_back_office",
            "resolved_first_contact", "resolutions_recorded", "wait_answered_seconds", "talk_seconds", "after_call_seconds",
            "target_seconds", "short_abandon_seconds", "computed_at");
    private static final String NAMES = String.join(", ", COLUMNS);

    private final DataSource dataSource;
    private final String upsert;

    public QueueDayStore(Database database) {
        this.dataSource = database.dataSource();
        this.upsert = upsert(database.dialect());
    }

    private static String upsert(Database.Dialect dialect) {
        String values = " VALUES (" + "?, ".repeat(COLUMNS.size() - 1) + "?)";
        if (dialect == Database.Dialect.POSTGRESQL) {
            return "INSERT INTO queue_day (" + NAMES + ")" + values + " ON CONFLICT (local_day, queue) DO UPDATE SET "
                    + String.join(", ", COLUMNS.subList(2, COLUMNS.size()).stream().map(c -> c + " = EXCLUDED." + c).toList());
        }
        return "MERGE INTO queue_day (" + NAMES + ") KEY (local_day, queue)" + values;
    }

    /** Writes the rows in one transaction (a day whole or not at all). */
    public void upsert(Collection<QueueDay> rows, Instant computedAt) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            Sql.batchInTransaction(dataSource, upsert, rows, (ps, r) -> {
                QueueCounts c = r.counts();
                int i = 0;
                ps.setObject(++i, r.day());
                ps.setString(++i, r.queue());
                for (long n : new long[] {c.offered(), c.answered(), c.answeredWithinTarget(), c.abandoned(), c.abandonedShort(),
                        c.callbacksBooked(), c.callbacksCompleted(), c.transferredToBackOffice(), c.resolvedFirstContact(),
                        c.resolutionsRecorded()}) {
                    ps.setLong(++i, n);
                }
                for (double s : new double[] {c.waitAnsweredSeconds(), c.talkSeconds(), c.afterCallSeconds(), r.targetSeconds(),
                        r.shortAbandonSeconds()}) {
                    ps.setDouble(++i, s);
                }
                Sql.setTime(ps, ++i, computedAt);
            });
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("writing the figures of " + rows.iterator().next().day(), e);
        }
    }

    /** The rows of the days from {@code from} to {@code to} (inclusive), of one queue or (null) all; by day and queue. */
    public List<QueueDay> between(LocalDate from, LocalDate to, String queue) {
        String sql = "SELECT " + NAMES + " FROM queue_day WHERE local_day >= ? AND local_day <= ?"
                + (queue == null ? "" : " AND queue = ?") + " ORDER BY local_day, queue";
        List<QueueDay> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            if (queue != null) {
                ps.setString(3, queue);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("reading the figures of " + from + " to " + to, e);
        }
    }

    /** The days from {@code from} to {@code to} (inclusive) that have rows. */
    public Set<LocalDate> days(LocalDate from, LocalDate to) {
        Set<LocalDate> out = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT local_day FROM queue_day WHERE local_day >= ? AND local_day <= ?")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, LocalDate.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("listing the days kept", e);
        }
    }

    private static QueueDay read(ResultSet rs) throws SQLException {
        QueueCounts c = new QueueCounts(rs.getLong("offered"), rs.getLong("answered"), rs.getLong("answered_within_target"),
                rs.getLong("abandoned"), rs.getLong("abandoned_short"), rs.getLong("callbacks_booked"),
                rs.getLong("callbacks_completed"), rs.getLong("transferred_to_back_office"), rs.getLong("resolved_first_contact"),
                rs.getLong("resolutions_recorded"), rs.getDouble("wait_answered_seconds"), rs.getDouble("talk_seconds"),
                rs.getDouble("after_call_seconds"));
        return new QueueDay(rs.getObject("local_day", LocalDate.class), rs.getString("queue"), c, rs.getDouble("target_seconds"),
                rs.getDouble("short_abandon_seconds"));
    }
}
