package se.vaxel.backoffice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Column;
import se.vaxel.db.Database;
import se.vaxel.db.JdbcMapStore;
import se.vaxel.db.Sql;

/**
 * The matters' MapStore: the {@code matter} table (migration V3), written behind the map in batches where the
 * newest {@code updated_at} wins (see {@link JdbcMapStore}). At start the map loads every matter not closed, and
 * those closed within {@code preload}; older ones load by id when asked for.
 */
public final class JdbcMatterStore extends JdbcMapStore<Matter> {

    private static final Table<Matter> TABLE = new Table<>("matter", "matters", List.of(Column.text("id", Matter::id),
            Column.text("department", Matter::department), Column.text("summary", Matter::summary),
            Column.text("caller_number", Matter::callerNumber), Column.text("citizen_id", Matter::citizenId),
            Column.text("service", Matter::service), Column.text("status", m -> m.status().wireName()),
            Column.text("transferred_by", Matter::transferredBy), Column.time("transferred_at", Matter::transferredAt),
            Column.time("deadline", Matter::deadline), Column.text("officer", Matter::officer),
            Column.text("feedback", Matter::feedback), Column.time("closed_at", Matter::closedAt),
            Column.text("timeline", m -> JdbcCaseStore.timelineJson(m.timeline())), Column.time("updated_at", Matter::updatedAt),
            Column.flag("protected_identity", Matter::protectedIdentity)),
            Matter::id, JdbcMatterStore::read);

    public JdbcMatterStore(Database database, Duration preload) {
        super(database, TABLE, "status <> 'closed' OR closed_at > ?", preload);
    }

    private static Matter read(ResultSet rs) throws SQLException {
        return new Matter(rs.getString("id"), rs.getString("department"), rs.getString("summary"), rs.getString("caller_number"),
                rs.getString("citizen_id"), rs.getString("service"), Matter.Status.fromWire(rs.getString("status")),
                rs.getString("transferred_by"), Sql.time(rs, "transferred_at"), Sql.time(rs, "deadline"), rs.getString("officer"),
                rs.getString("feedback"), Sql.time(rs, "closed_at"), JdbcCaseStore.timeline(rs.getString("timeline")),
                Sql.time(rs, "updated_at"), rs.getBoolean("protected_identity"));
    }
}
