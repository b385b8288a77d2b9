package se.vaxel.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;

/**
 * Retention in the {@code call_case} table, for the cases the register does not hold (older than its preload),
 * straight in SQL, in batches: each batch a short transaction, walked in {@code (ended_at, id)} order so that a
 * case held back, or one that changed meanwhile, is passed once and never stalls the walk. Anonymised rows are
 * written through the MapStore's upsert, which keeps the newest state: a late write from the register can
 * never bring back what was removed unless it is newer (and the next run removes it again). Blocking.
 */
final class CaseTableRetention {

    private static final String CLOSED_BEFORE = "outcome <> 'open' AND ended_at IS NOT NULL AND ended_at < ?"
            + " AND (ended_at > ? OR (ended_at = ? AND id > ?))";

    private final DataSource dataSource;
    private final JdbcCaseStore store;
    private final int batch;

    CaseTableRetention(Database database, JdbcCaseStore store, int batch) {
        this.dataSource = database.dataSource();
        this.store = store;
        this.batch = batch;
    }

    /** Anonymises the closed cases that ended before the cut-off and are not anonymised yet; returns how many. */
    int anonymise(Instant endedBefore, Instant at, RetentionHold hold) {
        String sql = "SELECT " + JdbcCaseStore.COLUMNS + " FROM call_case WHERE anonymised_at IS NULL AND " + CLOSED_BEFORE
                + " ORDER BY ended_at, id FETCH FIRST " + batch + " ROWS ONLY";
        int done = 0;
        Cursor from = Cursor.START;
        while (true) {
            List<Case> page = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                from.bind(ps, endedBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(JdbcCaseStore.read(rs));
                    }
                }
            } catch (SQLException e) {
                throw se.vaxel.db.DatabaseFailure.of("finding cases to anonymise", e);
            }
            if (page.isEmpty()) {
                return done;
            }
            Set<String> held = hold.heldBack(page.stream().map(Case::id).toList());
            done += store.upsert(page.stream().filter(k -> !held.contains(k.id())).map(k -> Anonymisation.of(k, at)).toList());
            Case last = page.get(page.size() - 1);
            from = new Cursor(last.endedAt(), last.id());
            if (page.size() < batch) {
                return done;
            }
        }
    }

    /** Deletes the closed cases that ended before the cut-off; returns how many. */
    int delete(Instant endedBefore, RetentionHold hold) {
        String select = "SELECT id, ended_at FROM call_case WHERE " + CLOSED_BEFORE + " ORDER BY ended_at, id FETCH FIRST " + batch
                + " ROWS ONLY";
        int done = 0;
        Cursor from = Cursor.START;
        while (true) {
            List<String> ids = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    from.bind(ps, endedBefore);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            from = new Cursor(Sql.time(rs, "ended_at"), rs.getString(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return done;
                }
                Set<String> held = hold.heldBack(ids);
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM call_case WHERE id = ? AND outcome <> 'open' AND ended_at < ?")) {
                    for (String id : ids) {
                        if (!held.contains(id)) {
                            ps.setString(1, id);
                            Sql.setTime(ps, 2, endedBefore);
                            ps.addBatch();
                        }
                    }
                    done += Sql.rows(ps.executeBatch());
                }
            } catch (SQLException e) {
                throw se.vaxel.db.DatabaseFailure.of("deleting old cases", e);
            }
            if (ids.size() < batch) {
                return done;
            }
        }
    }

    /** Where a walk in (ended_at, id) order stands: after this case. */
    private record Cursor(Instant endedAt, String id) {
        static final Cursor START = new Cursor(Instant.EPOCH.minusSeconds(86_400L * 365 * 100), "");

        void bind(PreparedStatement ps, Instant endedBefore) throws SQLException {
            Sql.setTime(ps, 1, endedBefore);
            Sql.setTime(ps, 2, endedAt);
            Sql.setTime(ps, 3, endedAt);
            ps.setString(4, id);
        }
    }
}
