package se.vaxel.wallboard;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * One queue's waits today in fixed one-second buckets up to {@link #TOP_SECONDS} (20 min): a wait of w seconds
 * counts in bucket ⌈w⌉, one of 20 min or more in the top bucket. Fixed memory however many calls, exact to the
 * second, which is as fine as a wallboard shows a wait.
 */
final class WaitHistogram {

    static final int TOP_SECONDS = 1200;

    private final long[] buckets = new long[TOP_SECONDS + 1];
    private long count;

    void add(Duration wait) {
        long ms = Math.max(0, wait.toMillis());
        int second = (int) Math.min(TOP_SECONDS, (ms + 999) / 1000);
        buckets[second]++;
        count++;
    }

    long count() {
        return count;
    }

    /**
     * The {@code q}-quantile by nearest rank: the least whole second within which at least q of the waits ended
     * (capped at {@link #TOP_SECONDS}); empty without waits.
     */
    OptionalInt quantileSeconds(double q) {
        if (count == 0) {
            return OptionalInt.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * count - 1e-9)); // 0.9 × 10 must be rank 9, whatever the rounding
        long seen = 0;
        for (int s = 0; s <= TOP_SECONDS; s++) {
            seen += buckets[s];
            if (seen >= rank) {
                return OptionalInt.of(s);
            }
        }
        return OptionalInt.of(TOP_SECONDS);
    }
}
