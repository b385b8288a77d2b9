package se.vaxel.history;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.vaxel.metrics.QueueCounts;

/**
 * The figures of the days asked for: the finished days from the table, and today so far (when asked for) from the
 * same count over today's cases, which are not in the table. Blocking: call it off the event loop.
 */
public final class History {

    /** One day's queues; {@code complete} is false for today, still going. */
    public record Day(LocalDate day, boolean complete, List<QueueDay> queues) {}

    /** The days asked for that have figures, in order (a finished day not kept, e.g. before the first case, is left out). */
    public record Report(HistoryQuery query, ZoneId zone, List<Day> days) {

        /** Each queue's counts over the whole period, queues in the order they first appear. */
        public Map<String, QueueCounts> totals() {
            Map<String, QueueCounts> out = new LinkedHashMap<>();
            days.forEach(d -> d.queues().forEach(q -> out.merge(q.queue(), q.counts(), QueueCounts::plus)));
            return out;
        }
    }

    private final DayCounter counter;
    private final QueueDayStore store;
    private final Clock clock;

    public History(DayCounter counter, QueueDayStore store, Clock clock) {
        this.counter = counter;
        this.store = store;
        this.clock = clock;
    }

    /** Today in the contact centre's time zone. */
    public LocalDate today() {
        return counter.dayOf(clock.instant());
    }

    public ZoneId zone() {
        return counter.zone();
    }

    public Report report(HistoryQuery query) {
        LocalDate today = today();
        Map<LocalDate, List<QueueDay>> byDay = new LinkedHashMap<>();
        for (QueueDay row : store.between(query.from(), query.to(), query.queue())) {
            if (row.day().isBefore(today)) { // a row of today or later (a clock set back) is not a finished day
                byDay.computeIfAbsent(row.day(), d -> new ArrayList<>()).add(row);
            }
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((day, rows) -> days.add(new Day(day, true, rows.stream().sorted(counter.order()).toList())));
        if (query.includes(today)) {
            days.add(new Day(today, false, counter.count(today).queues().stream()
                    .filter(q -> query.queue() == null || q.queue().equals(query.queue())).toList()));
        }
        return new Report(query, zone(), days);
    }
}
