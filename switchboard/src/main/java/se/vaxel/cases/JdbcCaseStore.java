package se.vaxel.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.vaxel.db.Column;
import se.vaxel.db.Database;
import se.vaxel.db.JdbcMapStore;
import se.vaxel.db.Sql;

/**
 * The register's MapStore: cases in the {@code call_case} table (migrations V2, V5), written behind the map in
 * batches where the newest {@code updated_at} wins (see {@link JdbcMapStore}). At start the map loads the cases
 * of the last {@code preload}, and any still open; older ones load on demand by id.
 */
public final class JdbcCaseStore extends JdbcMapStore<Case> {

    private static final Table<Case> TABLE = new Table<>("call_case", "cases", List.of(Column.text("id", Case::id),
            Column.text("caller_number", Case::callerNumber), Column.text("citizen_id", Case::citizenId),
            Column.text("service", Case::service), Column.text("outcome", k -> k.outcome().wireName()),
            Column.text("agent", Case::agent), Column.time("arrived_at", Case::arrivedAt),
            Column.time("answered_at", Case::answeredAt), Column.time("ended_at", Case::endedAt),
            Column.number("wait_seconds", Case::waitSeconds), Column.number("talk_seconds", Case::talkSeconds),
            Column.text("category", Case::category), Column.text("notes", Case::notes),
            Column.text("resolution", Case::resolution), Column.text("department", Case::department),
            Column.text("timeline", k -> timelineJson(k.timeline())), Column.time("updated_at", Case::updatedAt),
            Column.time("anonymised_at", Case::anonymisedAt), Column.flag("protected_identity", Case::protectedIdentity)),
            Case::id, JdbcCaseStore::read);
    static final String COLUMNS = TABLE.columnNames();

    public JdbcCaseStore(Database database, Duration preload) {
        super(database, TABLE, "arrived_at > ? OR outcome = 'open'", preload);
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
