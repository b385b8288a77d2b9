package se.vaxel.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each queue through the day for the wallboard's charts: citizens waiting and the service level so far, one point
 * a minute (the first sample in each minute), kept on the server from local midnight so a page opened at noon has
 * the morning. At most {@link #MAX_POINTS} a queue (a day of minutes; on the 25-hour day of autumn's clock change
 * the first hour goes), cleared at local midnight. On the switchboard's event loop only.
 */
final class DaySeries {

    static final int MAX_POINTS = 1440;

    /** One minute's sample: minutes since local midnight (real minutes), waiting then, service level today (null: none yet). */
    record Point(int minute, int waiting, Double serviceLevel) {}

    /** A queue's figures at a sample. */
    record Sample(int waiting, Double serviceLevel) {}

    private final ZoneId zone;
    private final Map<String, ArrayDeque<Point>> points = new HashMap<>();
    private LocalDate day;
    private Instant dayStart;
    private int lastMinute = -1;

    DaySeries(ZoneId zone, Instant now) {
        this.zone = zone;
        startDay(now);
    }

    /** The queue's figures now: kept when this is the first sample of a new minute. Returns whether one was kept. */
    boolean sample(Instant now, Map<String, Sample> byQueue) {
        LocalDate today = now.atZone(zone).toLocalDate();
        if (today.isAfter(day)) {
            startDay(now);
        }
        int minute = (int) Duration.between(dayStart, now).toMinutes();
        if (minute <= lastMinute) {
            return false;
        }
        lastMinute = minute;
        byQueue.forEach((queue, p) -> {
            ArrayDeque<Point> q = points.computeIfAbsent(queue, x -> new ArrayDeque<>());
            q.addLast(new Point(minute, p.waiting(), p.serviceLevel()));
            if (q.size() > MAX_POINTS) {
                q.removeFirst();
            }
        });
        return true;
    }

    /** Whether a sample at {@code now} would be kept: the first of a new minute (or of a new day). */
    boolean due(Instant now) {
        return now.atZone(zone).toLocalDate().isAfter(day) || (int) Duration.between(dayStart, now).toMinutes() > lastMinute;
    }

    /** Local midnight that began the day the points are of. */
    Instant dayStart() {
        return dayStart;
    }

    /** The minutes the day has (1440; 1380 or 1500 on a day the clocks change). */
    int dayMinutes() {
        Instant next = day.plusDays(1).atStartOfDay(zone).toInstant();
        return (int) Duration.between(dayStart, next).toMinutes();
    }

    List<Point> of(String queue) {
        ArrayDeque<Point> q = points.get(queue);
        return q == null ? List.of() : List.copyOf(q);
    }

    private void startDay(Instant now) {
        day = now.atZone(zone).toLocalDate();
        dayStart = day.atStartOfDay(zone).toInstant();
        lastMinute = -1;
        points.clear();
    }
}
