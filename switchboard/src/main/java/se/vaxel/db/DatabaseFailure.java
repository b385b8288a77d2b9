package se.vaxel.db;

import java.sql.SQLException;

/**
 * A database failure as it may be told to a log: what failed, and the SQLState and vendor code that say why. Not
 * the driver's message, nor the exception as a cause: for a failed write both carry the row's values (H2 quotes
 * the value too long, PostgreSQL the whole batch entry), that is callers' numbers, citizens and agents' notes,
 * and Hazelcast logs a failed write-behind store with its causes. A connection failure (SQLState class 08) names
 * no row, and its message (refused, timed out, which host) is what an operator needs, so it is kept.
 */
public final class DatabaseFailure {

    private DatabaseFailure() {
    }

    /** {@code "<what> failed: SQLState 22001, vendor code 22001"}, as an exception without the driver's. */
    public static IllegalStateException of(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + describe(e));
    }

    /** Any failure in words safe to log: a database failure (or one caused by it) as {@link #describe}, else as it is. */
    public static String safe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e) {
                return (c == t ? "" : t.getClass().getSimpleName() + " from the database: ") + describe(e);
            }
        }
        return String.valueOf(t);
    }

    /** Why, in words safe to log. */
    public static String describe(SQLException e) {
        String state = e.getSQLState();
        String why = "SQLState " + (state == null ? "unknown" : state) + ", vendor code " + e.getErrorCode();
        if (state != null && state.startsWith("08") && e.getMessage() != null) {
            why += " (" + e.getMessage() + ")";
        }
        return why;
    }
}
