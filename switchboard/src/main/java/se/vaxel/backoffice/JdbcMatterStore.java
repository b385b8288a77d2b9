package se.vaxel.backoffice;

import com.hazelcast.map.MapStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import se.vaxel.cases.JdbcCaseStore;
import se.vaxel.db.Database;
import se.vaxel.db.NewestWinsUpsert;
import se.vaxel.db.NewestWinsUpsert.Column;
import se.vaxel.db.Sql;

/**
 * The matters' MapStore: the {@code matter} table (migration V3) through the pooled DataSource, written
 * behind the map by Hazelcast's threads. A batch is one transaction of idempotent upserts where the newest
 * {@code updated_at} wins. At start the map loads every matter not closed, and those closed within
 * {@code preload}; older ones load by id when asked for.
 */
public final class JdbcMatterStore implements MapStore<String, Matter> {

    private static final String TIME = "TIMESTAMP WITH TIME ZONE";
    private static final List<Column> COLUMNS = List.of(new Column("id", "VARCHAR"), new Column("department", "VARCHAR"),
            new Column("summary", "VARCHAR"), new Column("caller_number", "VARCHAR"), new Column("citizen_id", "VARCHAR"),
            new Column("service", "VARCHAR"), new Column("status", "VARCHAR"), new Column("transferred_by", "VARCHAR"),
            new Column("transferred_at", TIME), new Column("deadline", TIME), new Column("officer", "VARCHAR"),
            new Column("feedback", "VARCHAR"), new Column("closed_at", TIME), new Column("timeline", "VARCHAR"),
            new Column("updated_at", TIME), new Column("protected_identity", "BOOLEAN"));
    private static final String SELECT = "SELECT " + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", ")) + " FROM matter";

    private final DataSource dataSource;
    private final String upsert;
    private final Duration preload;

    public JdbcMatterStore(Database database, Duration preload) {
        this.dataSource = database.dataSource();
        this.upsert = NewestWinsUpsert.sql(database.dialect(), "matter", COLUMNS);
        this.preload = preload;
    }

    @Override
    public void store(String key, Matter value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<String, Matter> matters) {
        if (matters.isEmpty()) {
            return;
        }
        try {
            Sql.batchInTransaction(dataSource, upsert, matters.values(), JdbcMatterStore::bind);
        } catch (SQLException e) {
            // Hazelcast keeps the entries and tries again: the database may be back by then.
            throw new IllegalStateException("saving " + matters.size() + " matters failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Matter m) throws SQLException {
        int i = 0;
        ps.setString(++i, m.id());
        ps.setString(++i, m.department());
        ps.setString(++i, m.summary());
        ps.setString(++i, m.callerNumber());
        ps.setString(++i, m.citizenId());
        ps.setString(++i, m.service());
        ps.setString(++i, m.status().wireName());
        ps.setString(++i, m.transferredBy());
        Sql.setTime(ps, ++i, m.transferredAt());
        Sql.setTime(ps, ++i, m.deadline());
        ps.setString(++i, m.officer());
        ps.setString(++i, m.feedback());
        Sql.setTime(ps, ++i, m.closedAt());
        ps.setString(++i, JdbcCaseStore.timelineJson(m.timeline()));
        Sql.setTime(ps, ++i, m.updatedAt());
        ps.setBoolean(++i, m.protectedIdentity());
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        try {
            Sql.batchInTransaction(dataSource, "DELETE FROM matter WHERE id = ?", keys, (ps, key) -> ps.setString(1, key));
        } catch (SQLException e) {
            throw new IllegalStateException("deleting " + keys.size() + " matters failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Matter load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, Matter> loadAll(Collection<String> keys) {
        try {
            Map<String, Matter> out = new HashMap<>();
            Sql.selectByIds(dataSource, SELECT, keys, JdbcMatterStore::read).forEach(m -> out.put(m.id(), m));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("loading matters failed: " + e.getMessage(), e);
        }
    }

    /** Every matter still to be worked, and those closed within the preload period. */
    @Override
    public Iterable<String> loadAllKeys() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM matter WHERE status <> 'closed' OR closed_at > ?")) {
            Sql.setTime(ps, 1, Instant.now().minus(preload));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("listing matters to load failed: " + e.getMessage(), e);
        }
    }

    private static Matter read(ResultSet rs) throws SQLException {
        return new Matter(rs.getString("id"), rs.getString("department"), rs.getString("summary"), rs.getString("caller_number"),
                rs.getString("citizen_id"), rs.getString("service"), Matter.Status.fromWire(rs.getString("status")),
                rs.getString("transferred_by"), Sql.time(rs, "transferred_at"), Sql.time(rs, "deadline"), rs.getString("officer"),
                rs.getString("feedback"), Sql.time(rs, "closed_at"), JdbcCaseStore.timeline(rs.getString("timeline")),
                Sql.time(rs, "updated_at"), rs.getBoolean("protected_identity"));
    }
}
