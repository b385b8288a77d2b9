package se.vaxel.cases;

import com.hazelcast.map.MapStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import javax.sql.DataSource;
import se.vaxel.db.Database;
import se.vaxel.db.NewestWinsUpsert;
import se.vaxel.db.NewestWinsUpsert.Column;
import se.vaxel.db.Sql;

/**
 * The register's MapStore: cases in the {@code call_case} table (migration V2), through the pooled
 * DataSource. Hazelcast calls it behind the map (write-behind), from its own threads, never an event loop.
 * {@link #storeAll} writes a real batch in one transaction; the upsert is idempotent and keeps the newest
 * state by {@code updated_at}, so a batch Hazelcast retries, or one written late by a backup taking over,
 * changes nothing it should not. At start the map loads the cases of the last {@code preload} (and
 * any older ones on demand by id).
 */
public final class JdbcCaseStore implements MapStore<String, Case> {

    private static final String TIME = "TIMESTAMP WITH TIME ZONE";
    private static final List<Column> TABLE = List.of(new Column("id", "VARCHAR"), new Column("caller_number", "VARCHAR"),
            new Column("citizen_id", "VARCHAR"), new Column("service", "VARCHAR"), new Column("outcome", "VARCHAR"),
            new Column("agent", "VARCHAR"), new Column("arrived_at", TIME), new Column("answered_at", TIME),
            new Column("ended_at", TIME), new Column("wait_seconds", "DOUBLE PRECISION"),
            new Column("talk_seconds", "DOUBLE PRECISION"), new Column("category", "VARCHAR"), new Column("notes", "VARCHAR"),
            new Column("resolution", "VARCHAR"), new Column("department", "VARCHAR"), new Column("timeline", "VARCHAR"),
            new Column("updated_at", TIME), new Column("anonymised_at", TIME), new Column("protected_identity", "BOOLEAN"));
    static final String COLUMNS = TABLE.stream().map(Column::name).collect(java.util.stream.Collectors.joining(", "));

    private final DataSource dataSource;
    private final String upsert;
    private final Duration preload;

    public JdbcCaseStore(Database database, Duration preload) {
        this.dataSource = database.dataSource();
        this.upsert = NewestWinsUpsert.sql(database.dialect(), "call_case", TABLE);
        this.preload = preload;
    }

    @Override
    public void store(String key, Case value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<String, Case> cases) {
        upsert(cases.values());
    }

    /** Writes the cases in one transaction, each unless the table holds a newer state; returns how many rows changed. */
    int upsert(Collection<Case> cases) {
        if (cases.isEmpty()) {
            return 0;
        }
        try {
            return Sql.batchInTransaction(dataSource, upsert, cases, JdbcCaseStore::bind);
        } catch (SQLException e) {
            // Hazelcast keeps the entries and tries again: the database may be back by then.
            throw new IllegalStateException("saving " + cases.size() + " cases failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Case k) throws SQLException {
        int i = 0;
        ps.setString(++i, k.id());
        ps.setString(++i, k.callerNumber());
        ps.setString(++i, k.citizenId());
        ps.setString(++i, k.service());
        ps.setString(++i, k.outcome().wireName());
        ps.setString(++i, k.agent());
        Sql.setTime(ps, ++i, k.arrivedAt());
        Sql.setTime(ps, ++i, k.answeredAt());
        Sql.setTime(ps, ++i, k.endedAt());
        Sql.setDouble(ps, ++i, k.waitSeconds());
        Sql.setDouble(ps, ++i, k.talkSeconds());
        ps.setString(++i, k.category());
        ps.setString(++i, k.notes());
        ps.setString(++i, k.resolution());
        ps.setString(++i, k.department());
        ps.setString(++i, timelineJson(k.timeline()));
        Sql.setTime(ps, ++i, k.updatedAt());
        Sql.setTime(ps, ++i, k.anonymisedAt());
        ps.setBoolean(++i, k.protectedIdentity());
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        try {
            Sql.batchInTransaction(dataSource, "DELETE FROM call_case WHERE id = ?", keys, (ps, key) -> ps.setString(1, key));
        } catch (SQLException e) {
            throw new IllegalStateException("deleting " + keys.size() + " cases failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Case load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, Case> loadAll(Collection<String> keys) {
        try {
            Map<String, Case> out = new HashMap<>();
            Sql.selectByIds(dataSource, "SELECT " + COLUMNS + " FROM call_case", keys, JdbcCaseStore::read).forEach(k -> out.put(k.id(), k));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("loading cases failed: " + e.getMessage(), e);
        }
    }

    /** The cases the register holds from the start: those of the preload period, and any still open. */
    @Override
    public Iterable<String> loadAllKeys() {
        String sql = "SELECT id FROM call_case WHERE arrived_at > ? OR outcome = 'open'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.setTime(ps, 1, Instant.now().minus(preload));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("listing cases to load failed: " + e.getMessage(), e);
        }
    }

    /** A case from a row selected with {@link #COLUMNS}. */
    static Case read(ResultSet rs) throws SQLException {
        return new Case(rs.getString("id"), rs.getString("caller_number"), rs.getString("citizen_id"), rs.getString("service"),
                Case.Outcome.fromWire(rs.getString("outcome")), rs.getString("agent"), Sql.time(rs, "arrived_at"),
                Sql.time(rs, "answered_at"), Sql.time(rs, "ended_at"), Sql.getDouble(rs, "wait_seconds"),
                Sql.getDouble(rs, "talk_seconds"), rs.getString("category"), rs.getString("notes"), rs.getString("resolution"),
                rs.getString("department"), timeline(rs.getString("timeline")), Sql.time(rs, "updated_at"),
                rs.getBoolean("protected_identity"));
    }

    public static String timelineJson(List<CaseEntry> timeline) {
        JsonArray a = new JsonArray();
        for (CaseEntry e : timeline) {
            a.add(new JsonObject().put("at", e.at().toString()).put("what", e.what()).put("who", e.who()).put("detail", e.detail()));
        }
        return a.encode();
    }

    public static List<CaseEntry> timeline(String json) {
        List<CaseEntry> out = new ArrayList<>();
        for (Object o : new JsonArray(json)) {
            JsonObject e = (JsonObject) o;
            out.add(new CaseEntry(Instant.parse(e.getString("at")), e.getString("what"), e.getString("who"), e.getString("detail")));
        }
        return out;
    }
}
