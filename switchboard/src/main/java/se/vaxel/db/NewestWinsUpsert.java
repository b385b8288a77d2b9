package se.vaxel.db;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The idempotent upsert the stores write with, for either database: insert a row, or update it only when the
 * incoming state is at least as new ({@code updated_at}), so a batch written twice, or late, changes nothing
 * it should not. PostgreSQL gets {@code INSERT .. ON CONFLICT}, H2 a {@code MERGE}; parameters are the
 * columns in the order given, the key first (see {@link Column}).
 */
public final class NewestWinsUpsert {

    private NewestWinsUpsert() {}

    public static String sql(Database.Dialect dialect, String table, List<? extends Column<?>> columns) {
        String key = columns.get(0).name();
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        List<? extends Column<?>> rest = columns.subList(1, columns.size());
        if (dialect == Database.Dialect.POSTGRESQL) {
            return "INSERT INTO " + table + " (" + names + ") VALUES (" + "?,".repeat(columns.size() - 1) + "?)"
                    + " ON CONFLICT (" + key + ") DO UPDATE SET " + assignments(rest, "EXCLUDED")
                    + " WHERE " + table + ".updated_at <= EXCLUDED.updated_at";
        }
        return "MERGE INTO " + table + " t USING (SELECT "
                + columns.stream().map(c -> "CAST(? AS " + c.type() + ") " + c.name()).collect(Collectors.joining(", "))
                + ") s ON t." + key + " = s." + key
                + " WHEN MATCHED AND t.updated_at <= s.updated_at THEN UPDATE SET " + assignments(rest, "s")
                + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES ("
                + columns.stream().map(c -> "s." + c.name()).collect(Collectors.joining(", ")) + ")";
    }

    private static String assignments(List<? extends Column<?>> columns, String source) {
        return columns.stream().map(c -> c.name() + " = " + source + "." + c.name()).collect(Collectors.joining(", "));
    }
}
