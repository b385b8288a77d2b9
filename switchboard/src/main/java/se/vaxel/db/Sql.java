package se.vaxel.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers the stores share: instants as TIMESTAMP WITH TIME ZONE (UTC), nullable numbers. */
public final class Sql {

    private Sql() {}

    public static void setTime(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    public static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    public static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** Sets one row's parameters on a statement. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql} once per row as one JDBC batch in one transaction: all rows are written, or none.
     * Returns the rows the batch changed (see {@link #rows}).
     */
    public static <T> int batchInTransaction(DataSource dataSource, String sql, Collection<T> rows, Binder<T> binder)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                int changed = rows(ps.executeBatch());
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The rows whose {@code id} is among {@code ids}: {@code select} is the statement up to its WHERE. Asked in
     * slices of 500, so one statement stays bounded however many ids there are.
     */
    public static <T> List<T> selectByIds(DataSource dataSource, String select, Collection<String> ids, RowReader<T> reader)
            throws SQLException {
        List<T> out = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + 500));
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(select + " WHERE id IN (" + "?,".repeat(slice.size() - 1) + "?)")) {
                for (int i = 0; i < slice.size(); i++) {
                    ps.setString(i + 1, slice.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
            }
        }
        return out;
    }

    /** Rows a batch changed; a driver that cannot tell ({@link java.sql.Statement#SUCCESS_NO_INFO}) counts as one each. */
    public static int rows(int[] batch) {
        int n = 0;
        for (int r : batch) {
            n += r == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, r);
        }
        return n;
    }
}
