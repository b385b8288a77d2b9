package se.vaxel.history;

import java.time.LocalDate;
import java.util.List;

/**
 * What the cases of one local day say: a row per queue (every queue of the catalogue, those with no calls at 0,
 * and any other queue the cases name), and how many of the day's cases are still open (calls in progress).
 */
public record DayCount(LocalDate day, List<QueueDay> queues, long open) {

    public DayCount {
        queues = List.copyOf(queues);
    }
}
