package se.vaxel.wallboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import se.vaxel.metrics.QueueCounts;

/**
 * Whether citizens are served alike whichever queue they chose (metrics README, "Equal service"): the spread (best −
 * worst) of service level and of ASA between the queues open now, and the queue served worst (the lowest service
 * level; of equals, the longer ASA). A queue with fewer than {@link #MIN_CALLS} calls whose wait is over today is
 * shown but not judged: too few to say. A spread needs two queues judged with the figure; else it is null.
 *
 * @param judged the open queues with enough calls, whose figures make the spreads
 * @param tooFew the open queues with too few calls
 */
record EqualService(Double serviceLevelSpread, Double asaSpreadSeconds, String worst, List<String> judged, List<String> tooFew) {

    static final int MIN_CALLS = 20;

    /** A queue as the panel sees it. */
    record Queue(String id, boolean open, QueueCounts today) {}

    /** Calls whose wait is over: answered, abandoned beyond a misdial, or booked as a callback. */
    static long waitsOver(QueueCounts c) {
        return c.answered() + c.abandoned() - c.abandonedShort() + c.callbacksBooked();
    }

    static EqualService of(List<Queue> queues) {
        List<Queue> judged = new ArrayList<>();
        List<String> tooFew = new ArrayList<>();
        for (Queue q : queues) {
            if (!q.open()) {
                continue;
            }
            if (waitsOver(q.today()) >= MIN_CALLS) {
                judged.add(q);
            } else {
                tooFew.add(q.id());
            }
        }
        String worst = judged.stream().filter(q -> q.today().serviceLevel().isPresent())
                .min(Comparator.<Queue>comparingDouble(q -> q.today().serviceLevel().getAsDouble())
                        .thenComparing(q -> -q.today().averageSpeedOfAnswer().orElse(0)))
                .map(Queue::id).orElse(null);
        return new EqualService(spread(judged.stream().map(q -> q.today().serviceLevel()).toList()),
                spread(judged.stream().map(q -> q.today().averageSpeedOfAnswer()).toList()), worst,
                judged.stream().map(Queue::id).toList(), List.copyOf(tooFew));
    }

    private static Double spread(List<OptionalDouble> figures) {
        double[] present = figures.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).toArray();
        if (present.length < 2) {
            return null;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : present) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return max - min;
    }
}
