package se.vaxel.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * When each queue's calls arrived over the last {@link #WINDOW}, for the arrival rate the staffing advice starts
 * from. Bounded: times older than the window go as new ones come or as it is read, and a queue keeps at most
 * {@link #MAX_PER_QUEUE} (far above what a municipal queue gets in 15 minutes; beyond it the rate reads low rather
 * than memory growing). Arrivals before the switchboard started are not known, so the first 15 minutes read low.
 * On the switchboard's event loop only.
 */
final class ArrivalWindow {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_PER_QUEUE = 20_000;

    private final Map<String, ArrayDeque<Instant>> arrivals = new HashMap<>();

    void arrived(String queue, Instant at) {
        ArrayDeque<Instant> times = arrivals.computeIfAbsent(queue, q -> new ArrayDeque<>());
        times.addLast(at);
        if (times.size() > MAX_PER_QUEUE) {
            times.removeFirst();
        }
        prune(times, at);
    }

    /** Calls that arrived in the queue within the window before {@code now}. */
    int count(String queue, Instant now) {
        ArrayDeque<Instant> times = arrivals.get(queue);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        return times.size();
    }

    /** Calls a second over the window before {@code now} (λ of Erlang C). */
    double perSecond(String queue, Instant now) {
        return count(queue, now) / (double) WINDOW.toSeconds();
    }

    private static void prune(ArrayDeque<Instant> times, Instant now) {
        Instant from = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
            times.removeFirst();
        }
    }
}
