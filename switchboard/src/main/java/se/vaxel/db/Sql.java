package se.vaxel.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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

    /** Rows a batch changed; a driver that cannot tell ({@link java.sql.Statement#SUCCESS_NO_INFO}) counts as one each. */
    public static int rows(int[] batch) {
        int n = 0;
        for (int r : batch) {
            n += r == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, r);
        }
        return n;
    }
}
