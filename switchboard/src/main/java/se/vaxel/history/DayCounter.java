package se.vaxel.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import se.vaxel.cases.Case.Outcome;
import se.vaxel.db.Database;
import se.vaxel.db.Sql;
import se.vaxel.metrics.QueueCounts;
import se.vaxel.routing.ContactCentre;
import se.vaxel.routing.Service;

/**
 * Counts a local day's cases per service queue in one aggregate query over {@code call_case} (the day's
 * {@code arrived_at} range, so the {@code call_case_arrived} / {@code call_case_service} indexes serve it; the
 * range comes from the contact centre's time zone, so a day with a clock change has 23 or 25 hours). Portable
 * SQL (H2 and PostgreSQL). Blocking: call it off the event loop.
 *
 * <p>What counts (a case belongs to the day it arrived): offered are the cases whose wait is over, answered
 * ({@code answered}, or {@code transferred}: answered, then passed on by the agent), abandoned or booked as a
 * callback; not those that ended in the IVR, met a closed service, or are still open. A case's agent fields
 * (resolution, department) count among those offered.
 */
public final class DayCounter {

    private static final String ANSWERED = in(Outcome.ANSWERED, Outcome.TRANSFERRED);
    private static final String OFFERED = in(Outcome.ANSWERED, Outcome.TRANSFERRED, Outcome.ABANDONED, Outcome.CALLBACK);
    private static final String ABANDONED = in(Outcome.ABANDONED);
    private static final String DOUBLE = "CAST(? AS DOUBLE PRECISION)";

    private final DataSource dataSource;
    private final ZoneId zone;
    private final List<Service> services;
    private final double shortAbandonSeconds;
    private final String sql;

    public DayCounter(Database database, ContactCentre centre, Duration shortAbandon) {
        this.dataSource = database.dataSource();
        this.zone = centre.zone();
        this.services = centre.services();
        this.shortAbandonSeconds = seconds(shortAbandon);
        this.sql = sql(services.size());
    }

    /**
     * The query: one row per service (the null service too, for the open cases of calls still in the IVR). The
     * target differs per service, so the within-target sum compares with a CASE over the catalogue's services.
     */
    private static String sql(int services) {
        String target = "CASE service " + ("WHEN CAST(? AS VARCHAR(64)) THEN " + DOUBLE + " ").repeat(services) + "ELSE " + DOUBLE + " END";
        return "SELECT service,"
                + sum(OFFERED) + " offered,"
                + sum(ANSWERED) + " answered,"
                + sum(ANSWERED + " AND wait_seconds <= " + target) + " answered_within_target,"
                + sum(ABANDONED) + " abandoned,"
                + sum(ABANDONED + " AND wait_seconds <= " + DOUBLE) + " abandoned_short,"
                + sum(in(Outcome.CALLBACK)) + " callbacks_booked,"
                + sum(OFFERED + " AND (department IS NOT NULL OR resolution = 'transferred_to_back_office')")
                + " transferred_to_back_office,"
                + sum(OFFERED + " AND resolution = 'resolved_first_contact'") + " resolved_first_contact,"
                + sum(OFFERED + " AND resolution IS NOT NULL") + " resolutions_recorded,"
                + " SUM(CASE WHEN " + ANSWERED + " THEN COALESCE(wait_seconds, 0) ELSE 0 END) wait_answered_seconds,"
                + " SUM(CASE WHEN " + ANSWERED + " THEN COALESCE(talk_seconds, 0) ELSE 0 END) talk_seconds,"
                + sum(in(Outcome.OPEN)) + " still_open"
                + " FROM call_case WHERE arrived_at >= ? AND arrived_at < ? GROUP BY service";
    }

    private static String sum(String condition) {
        return " SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }

    private static String in(Outcome... outcomes) {
        StringBuilder s = new StringBuilder("outcome IN (");
        for (int i = 0; i < outcomes.length; i++) {
            s.append(i == 0 ? "'" : ", '").append(outcomes[i].wireName()).append("'");
        }
        return s.append(")").toString();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Where the day begins, in the contact centre's time zone. */
    public Instant start(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The local day an instant falls on. */
    public LocalDate dayOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** Blocking: the day's counts per queue, in {@link #order()}. */
    public DayCount count(LocalDate day) {
        return count(day, start(day.plusDays(1)));
    }

    /**
     * Blocking: the same, of the calls that arrived before {@code arrivedBefore} only (a switchboard starting in the
     * day takes over the calls its events have not counted: those that arrived before it started).
     */
    public DayCount count(LocalDate day, Instant arrivedBefore) {
        Instant end = start(day.plusDays(1));
        Map<String, QueueCounts> found = new HashMap<>();
        long open = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            for (Service s : services) {
                ps.setString(++i, s.id());
                ps.setDouble(++i, targetSeconds(s.id()));
            }
            ps.setDouble(++i, targetSeconds(null));
            ps.setDouble(++i, shortAbandonSeconds);
            Sql.setTime(ps, ++i, start(day));
            Sql.setTime(ps, ++i, arrivedBefore.isBefore(end) ? arrivedBefore : end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open += rs.getLong("still_open");
                    String queue = rs.getString("service");
                    if (queue != null) {
                        found.put(queue, counts(rs));
                    }
                }
            }
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("counting the cases of " + day, e);
        }
        services.forEach(s -> found.putIfAbsent(s.id(), QueueCounts.NONE));
        List<QueueDay> out = new ArrayList<>();
        found.forEach((queue, counts) -> out.add(new QueueDay(day, queue, counts, targetSeconds(queue), shortAbandonSeconds)));
        out.sort(order());
        return new DayCount(day, out, open);
    }

    /** The catalogue's queues in its order, then any other by name. */
    public Comparator<QueueDay> order() {
        List<String> ids = services.stream().map(Service::id).toList();
        return Comparator.<QueueDay>comparingInt(q -> ids.contains(q.queue()) ? ids.indexOf(q.queue()) : ids.size())
                .thenComparing(QueueDay::queue);
    }

    private static QueueCounts counts(ResultSet rs) throws SQLException {
        // Wrap-up time is not in the case, and a callback's completion not either: both 0 (see README).
        return new QueueCounts(rs.getLong("offered"), rs.getLong("answered"), rs.getLong("answered_within_target"),
                rs.getLong("abandoned"), rs.getLong("abandoned_short"), rs.getLong("callbacks_booked"), 0,
                rs.getLong("transferred_to_back_office"), rs.getLong("resolved_first_contact"), rs.getLong("resolutions_recorded"),
                rs.getDouble("wait_answered_seconds"), rs.getDouble("talk_seconds"), 0);
    }

    /** Blocking: when the oldest case in the table arrived (empty: no cases). */
    public Optional<Instant> firstArrival() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MIN(arrived_at) first_arrival FROM call_case");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(Sql.time(rs, "first_arrival")) : Optional.empty();
        } catch (SQLException e) {
            throw se.vaxel.db.DatabaseFailure.of("finding the first case", e);
        }
    }

    /** The service-level time of a queue in seconds; the default one for a queue that is no service of the catalogue. */
    double targetSeconds(String queue) {
        return seconds(services.stream().filter(s -> s.id().equals(queue)).findFirst().map(s -> s.target().within())
                .orElse(Service.ServiceLevel.DEFAULT.within()));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
