package se.vaxel.audit;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;

/**
 * The audit log in the database (migration V4): {@code case_access}, one row per access, and
 * {@code case_access_case}, the cases it concerned in the order shown (indexed by case, for "who saw this
 * case"). A batch is written in one transaction, idempotently (an entry written twice after a retry is stored
 * once). An entry the database refuses as such (too long, not valid) is left out with an error rather than
 * blocking every entry behind it.
 */
public final class JdbcAuditStore implements AuditStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditStore.class);
    private static final String COLUMNS = "id, accessed_at, staff_id, action, outcome, address, detail, case_count";

    private final DataSource dataSource;
    private final String insertAccess;
    private final String insertCase;

    public JdbcAuditStore(Database database) {
        this.dataSource = database.dataSource();
        boolean pg = database.dialect() == Database.Dialect.POSTGRESQL;
        insertAccess = pg ? "INSERT INTO case_access (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING"
                : "MERGE INTO case_access (" + COLUMNS + ") KEY (id) VALUES (?,?,?,?,?,?,?,?)";
        insertCase = pg ? "INSERT INTO case_access_case (access_id, seq, case_id) VALUES (?,?,?) ON CONFLICT (access_id, seq) DO NOTHING"
                : "MERGE INTO case_access_case (access_id, seq, case_id) KEY (access_id, seq) VALUES (?,?,?)";
    }

    @Override
    public void write(List<CaseAccess> batch) {
        try {
            insert(batch);
        } catch (SQLException e) {
            if (!refusedAsData(e)) {
                throw se.vaxel.db.DatabaseFailure.of("writing " + batch.size() + " audit entries", e);
            }
            // One entry the database will never take must not hold back the others: one by one, leaving it out.
            for (CaseAccess entry : batch) {
                try {
                    insert(List.of(entry));
                } catch (SQLException one) {
                    if (!refusedAsData(one)) {
                        throw se.vaxel.db.DatabaseFailure.of("writing audit entries", one);
                    }
                    log.error("Audit entry {} ({} by {}) refused by the database and left out: {}", entry.id(),
                            entry.action().wireName(), entry.staffId(), se.vaxel.db.DatabaseFailure.describe(one));
                }
            }
        }
    }

    /** SQL states of class 22 (data) and 23 (integrity): the entry, not the database, is at fault. */
    private static boolean refusedAsData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private void insert(List<CaseAccess> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement access = c.prepareStatement(insertAccess); PreparedStatement cases = c.prepareStatement(insertCase)) {
                for (CaseAccess e : batch) {
                    int i = 0;
                    access.setString(++i, e.id());
                    Sql.setTime(access, ++i, e.at());
                    access.setString(++i, e.staffId());
                    access.setString(++i, e.action().wireName());
                    access.setString(++i, e.outcome().wireName());
                    access.setString(++i, e.address());
                    access.setString(++i, e.detail().encode());
                    access.setInt(++i, e.caseIds().size());
                    access.addBatch();
                    for (int seq = 0; seq < e.caseIds().size(); seq++) {
                        cases.setString(1, e.id());
                        cases.setInt(2, seq);
                        cases.setString(3, e.caseIds().get(seq));
                        cases.addBatch();
                    }
                }
                access.executeBatch();
                cases.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Blocking: one page of the log, newest first, with the total. */
    public AuditPage search(AuditQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter(where, args, "EXISTS (SELECT 1 FROM case_access_case k WHERE k.access_id = a.id AND k.case_id = ?)", q.caseId());
        filter(where, args, "a.staff_id = ?", q.staffId());
        filter(where, args, "a.accessed_at >= ?", q.from());
        filter(where, args, "a.accessed_at < ?", q.to());
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM case_access a" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            Map<String, Row> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM case_access a" + where
                    + " ORDER BY a.accessed_at DESC, a.id DESC LIMIT ? OFFSET ?")) {
                bind(ps, args);
                ps.setInt(args.size() + 1, q.size());
                ps.setLong(args.size() + 2, (long) q.page() * q.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString("id"), new Row(rs.getString("id"), Sql.time(rs, "accessed_at"), rs.getString("staff_id"),
                                rs.getString("action"), rs.getString("outcome"), rs.getString("address"), rs.getString("detail")));
                    }
                }
            }
            Map<String, List<String>> caseIds = caseIds(c, rows.keySet());
            List<CaseAccess> entries = rows.values().stream().map(r -> r.entry(caseIds.getOrDefault(r.id(), List.of()))).toList();
            return new AuditPage(total, q.page(), q.size(), entries);
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("reading the audit log", e);
        }
    }

    private static void filter(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private record Row(String id, java.time.Instant at, String staffId, String action, String outcome, String address, String detail) {
        CaseAccess entry(List<String> cases) {
            return new CaseAccess(id, at, staffId, CaseAccess.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)),
                    CaseAccess.Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)), cases,
                    detail == null ? new JsonObject() : new JsonObject(detail), address);
        }
    }

    private static Map<String, List<String>> caseIds(Connection c, java.util.Collection<String> accessIds) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (accessIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT access_id, case_id FROM case_access_case WHERE access_id IN (" + "?,".repeat(accessIds.size() - 1)
                + "?) ORDER BY access_id, seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, new ArrayList<>(accessIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object v = args.get(i);
            if (v instanceof java.time.Instant t) {
                Sql.setTime(ps, i + 1, t);
            } else {
                ps.setString(i + 1, (String) v);
            }
        }
    }
}
