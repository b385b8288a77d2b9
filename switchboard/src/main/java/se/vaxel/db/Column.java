package se.vaxel.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A column of a table a store writes values of type {@code V} to: its name, the SQL type its parameter is cast to
 * (H2 needs the type of an untyped parameter), and how it is set from a value. Naming the value next to its
 * column keeps the parameters in the order of the columns, which a hand-counted bind list did not.
 */
public record Column<V>(String name, String type, Setter<V> setter) {

    /** Sets one column's parameter from a value. */
    @FunctionalInterface
    public interface Setter<V> {
        void set(PreparedStatement ps, int index, V value) throws SQLException;
    }

    public static <V> Column<V> text(String name, Function<V, String> value) {
        return new Column<>(name, "VARCHAR", (ps, i, v) -> ps.setString(i, value.apply(v)));
    }

    /** An instant, as TIMESTAMP WITH TIME ZONE in UTC (see {@link Sql#setTime}); null stays null. */
    public static <V> Column<V> time(String name, Function<V, Instant> value) {
        return new Column<>(name, "TIMESTAMP WITH TIME ZONE", (ps, i, v) -> Sql.setTime(ps, i, value.apply(v)));
    }

    /** A nullable number. */
    public static <V> Column<V> number(String name, Function<V, Double> value) {
        return new Column<>(name, "DOUBLE PRECISION", (ps, i, v) -> Sql.setDouble(ps, i, value.apply(v)));
    }

    public static <V> Column<V> flag(String name, Predicate<V> value) {
        return new Column<>(name, "BOOLEAN", (ps, i, v) -> ps.setBoolean(i, value.test(v)));
    }
}
