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

    static final String COLUMNS = "id, caller_number, citizen_id, service, outcome, agent, arrived_at, answered_at,"
            + " ended_at, wait_seconds, talk_seconds, category, notes, resolution, department, timeline, updated_at, anonymised_at,"
            + " protected_identity";
    private static final String PARAMS = "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?";
    private static final String UPDATES = "caller_number = %1$s.caller_number, citizen_id = %1$s.citizen_id,"
            + " service = %1$s.service, outcome = %1$s.outcome, agent = %1$s.agent, answered_at = %1$s.answered_at,"
            + " ended_at = %1$s.ended_at, wait_seconds = %1$s.wait_seconds, talk_seconds = %1$s.talk_seconds,"
            + " category = %1$s.category, notes = %1$s.notes, resolution = %1$s.resolution, department = %1$s.department,"
            + " timeline = %1$s.timeline, updated_at = %1$s.updated_at, anonymised_at = %1$s.anonymised_at,"
            + " protected_identity = %1$s.protected_identity";

    private static final String UPSERT_POSTGRESQL = "INSERT INTO call_case (" + COLUMNS + ") VALUES (" + PARAMS + ")"
            + " ON CONFLICT (id) DO UPDATE SET " + String.format(UPDATES, "EXCLUDED")
            + " WHERE call_case.updated_at <= EXCLUDED.updated_at";

    private static final String UPSERT_H2 = "MERGE INTO call_case t USING (SELECT CAST(? AS VARCHAR) id, CAST(? AS VARCHAR)"
            + " caller_number, CAST(? AS VARCHAR) citizen_id, CAST(? AS VARCHAR) service, CAST(? AS VARCHAR) outcome,"
            + " CAST(? AS VARCHAR) agent, CAST(? AS TIMESTAMP WITH TIME ZONE) arrived_at,"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE) answered_at, CAST(? AS TIMESTAMP WITH TIME ZONE) ended_at,"
            + " CAST(? AS DOUBLE PRECISION) wait_seconds, CAST(? AS DOUBLE PRECISION) talk_seconds, CAST(? AS VARCHAR) category,"
            + " CAST(? AS VARCHAR) notes, CAST(? AS VARCHAR) resolution, CAST(? AS VARCHAR) department,"
            + " CAST(? AS VARCHAR) timeline, CAST(? AS TIMESTAMP WITH TIME ZONE) updated_at,"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE) anonymised_at, CAST(? AS BOOLEAN) protected_identity) s ON t.id = s.id"
            + " WHEN MATCHED AND t.updated_at <= s.updated_at THEN UPDATE SET " + String.format(UPDATES, "s")
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.id, s.caller_number, s.citizen_id, s.service,"
            + " s.outcome, s.agent, s.arrived_at, s.answered_at, s.ended_at, s.wait_seconds, s.talk_seconds, s.category,"
            + " s.notes, s.resolution, s.department, s.timeline, s.updated_at, s.anonymised_at, s.protected_identity)";

    private final DataSource dataSource;
    private final String upsert;
    private final Duration preload;

    public JdbcCaseStore(Database database, Duration preload) {
        this.dataSource = database.dataSource();
        this.upsert = database.dialect() == Database.Dialect.POSTGRESQL ? UPSERT_POSTGRESQL : UPSERT_H2;
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
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                for (Case k : cases) {
                    bind(ps, k);
                    ps.addBatch();
                }
                int changed = Sql.rows(ps.executeBatch());
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM call_case WHERE id = ?")) {
            for (String key : keys) {
                ps.setString(1, key);
                ps.addBatch();
            }
            ps.executeBatch();
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
        Map<String, Case> out = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        // In slices: one statement per slice, bounded whatever the number of keys Hazelcast asks for.
        for (int from = 0; from < all.size(); from += 500) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + 500));
            String sql = "SELECT " + COLUMNS + " FROM call_case WHERE id IN (" + "?,".repeat(slice.size() - 1) + "?)";
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < slice.size(); i++) {
                    ps.setString(i + 1, slice.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Case k = read(rs);
                        out.put(k.id(), k);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("loading cases failed: " + e.getMessage(), e);
            }
        }
        return out;
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
