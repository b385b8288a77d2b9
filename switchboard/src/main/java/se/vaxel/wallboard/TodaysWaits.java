package se.vaxel.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Each queue's waits that ended today (answered, abandoned beyond a misdial, or booked as a callback), in a
 * {@link WaitHistogram}, for the equal-service panel's 90th percentile; a new day starts at local midnight, as
 * the tally's counts do. On the switchboard's event loop only.
 */
final class TodaysWaits {

    private final ZoneId zone;
    private final Map<String, WaitHistogram> waits = new HashMap<>();
    private LocalDate day;

    TodaysWaits(ZoneId zone, Instant now) {
        this.zone = zone;
        this.day = now.atZone(zone).toLocalDate();
    }

    void waitOver(String queue, Duration wait, Instant at) {
        roll(at);
        waits.computeIfAbsent(queue, q -> new WaitHistogram()).add(wait);
    }

    /** The 90th percentile of today's waits in the queue, whole seconds; empty without any. */
    OptionalInt p90(String queue, Instant now) {
        roll(now);
        WaitHistogram h = waits.get(queue);
        return h == null ? OptionalInt.empty() : h.quantileSeconds(0.9);
    }

    private void roll(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        if (today.isAfter(day)) {
            day = today;
            waits.clear();
        }
    }
}
