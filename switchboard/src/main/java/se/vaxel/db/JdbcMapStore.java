package se.vaxel.db;

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
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A Hazelcast MapStore over one table keyed by its {@code id} column, through the pooled DataSource. Hazelcast
 * calls it behind the map (write-behind), from its own threads, never an event loop. {@link #storeAll} writes a
 * real batch in one transaction with the {@link NewestWinsUpsert}, so a batch Hazelcast retries, or one written
 * late by a backup taking over, changes nothing it should not. At start the map loads the keys the preload
 * condition picks; any others load on demand by id. A failure is thrown (IllegalStateException, saying no more
 * than {@link DatabaseFailure} does: Hazelcast logs it) and counted ({@link #failures}): for a write, Hazelcast keeps
 * the entries and tries again.
 */
public class JdbcMapStore<V> implements MapStore<String, V> {

    /**
     * A table and its values: the table's name, what its rows are called in messages (plural), its columns
     * (the key {@code id} first), a value's id, and how a value reads back from a row selected with
     * {@link #columnNames}.
     */
    public record Table<V>(String name, String rows, List<Column<V>> columns, Function<V, String> id, Sql.RowReader<V> reader) {

        public String columnNames() {
            return columns.stream().map(Column::name).collect(Collectors.joining(", "));
        }

        void bind(PreparedStatement ps, V value) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                columns.get(i).setter().set(ps, i + 1, value);
            }
        }
    }

    private final DataSource dataSource;
    private final Table<V> table;
    private final String upsert;
    private final String preloadKeys;
    private final Duration preload;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param preloadWhere the condition on the table that picks the keys the map loads at start; its one
     *     parameter is the start of the preload period ({@code preload} before now)
     */
    public JdbcMapStore(Database database, Table<V> table, String preloadWhere, Duration preload) {
        this.dataSource = database.dataSource();
        this.table = table;
        this.upsert = NewestWinsUpsert.sql(database.dialect(), table.name(), table.columns());
        this.preloadKeys = "SELECT id FROM " + table.name() + " WHERE " + preloadWhere;
        this.preload = preload;
    }

    @Override
    public void store(String key, V value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<String, V> values) {
        upsert(values.values());
    }

    /** Writes the values in one transaction, each unless the table holds a newer state; returns how many rows changed. */
    public int upsert(Collection<V> values) {
        if (values.isEmpty()) {
            return 0;
        }
        try {
            return Sql.batchInTransaction(dataSource, upsert, values, table::bind);
        } catch (SQLException e) {
            failures.incrementAndGet();
            // Hazelcast keeps the entries and tries again: the database may be back by then.
            throw DatabaseFailure.of("saving " + values.size() + " " + table.rows(), e);
        }
    }

    /** Writes that failed since start (each retried by Hazelcast): {@code vaxel_cases_store_failures_total}. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        try {
            Sql.batchInTransaction(dataSource, "DELETE FROM " + table.name() + " WHERE id = ?", keys,
                    (ps, key) -> ps.setString(1, key));
        } catch (SQLException e) {
            throw DatabaseFailure.of("deleting " + keys.size() + " " + table.rows(), e);
        }
    }

    @Override
    public V load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, V> loadAll(Collection<String> keys) {
        try {
            Map<String, V> out = new HashMap<>();
            Sql.selectByIds(dataSource, "SELECT " + table.columnNames() + " FROM " + table.name(), keys, table.reader())
                    .forEach(v -> out.put(table.id().apply(v), v));
            return out;
        } catch (SQLException e) {
            throw DatabaseFailure.of("loading " + table.rows(), e);
        }
    }

    @Override
    public Iterable<String> loadAllKeys() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(preloadKeys)) {
            Sql.setTime(ps, 1, Instant.now().minus(preload));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw DatabaseFailure.of("listing " + table.rows() + " to load", e);
        }
    }
}
