package se.vaxel.backoffice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.cases.RetentionFollower;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;

/**
 * Matters follow the case retention, counted from when they were closed: anonymised (number, citizen,
 * summary and feedback removed; {@link Matter#ANONYMISED} marks them) and later deleted, in the map
 * (entry processors and deletes, which the MapStore writes behind) and in the table for those only it
 * holds. An open matter is never touched: it holds its case back too. Blocking, on the retention's thread.
 */
final class MatterRetention implements RetentionFollower {

    private static final Logger log = LoggerFactory.getLogger(MatterRetention.class);

    private final MatterRegister matters;
    private final DataSource dataSource;

    MatterRetention(MatterRegister matters, Database database) {
        this.matters = matters;
        this.dataSource = database.dataSource();
    }

    @Override
    public void follow(Instant anonymiseBefore, Instant deleteBefore, Instant now) {
        int deleted = 0;
        int anonymised = 0;
        try {
            if (deleteBefore != null) {
                deleted = matters.deleteClosedBefore(deleteBefore) + update(
                        "DELETE FROM matter WHERE status = 'closed' AND closed_at < ?", deleteBefore, null);
            }
            if (anonymiseBefore != null) {
                anonymised = matters.anonymiseClosedBefore(anonymiseBefore, now) + update(
                        "UPDATE matter SET caller_number = NULL, citizen_id = NULL, summary = '" + Matter.ANONYMISED + "',"
                                + " feedback = NULL, updated_at = ? WHERE status = 'closed' AND closed_at < ? AND summary <> '"
                                + Matter.ANONYMISED + "'", anonymiseBefore, now);
            }
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("matter retention", e);
        }
        log.info("Matter retention: {} matters anonymised, {} deleted", anonymised, deleted);
    }

    /** The table's part; {@code now} (when given) is set first, as the new updated_at. */
    private int update(String sql, Instant cutoff, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            if (now != null) {
                Sql.setTime(ps, ++i, now);
            }
            Sql.setTime(ps, ++i, cutoff);
            return ps.executeUpdate();
        }
    }
}
