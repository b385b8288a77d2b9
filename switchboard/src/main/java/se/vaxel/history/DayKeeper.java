package se.vaxel.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.cases.CaseRegister;
import se.vaxel.cases.OldestMemberJob;
import se.vaxel.cases.RetentionSettings;

/**
 * Keeps the finished days: every few minutes, on the cluster's oldest member only ({@link OldestMemberJob}, as case
 * retention does), writes each finished day that has no rows yet, back to {@link #BACKFILL_DAYS} days ago. So at
 * start it fills in what is missing, and shortly after each local midnight it writes yesterday. Days already kept are never computed
 * again: their cases may since have been deleted, and the rows must stay as they were.
 *
 * <p>A day is computed once it is {@link #SETTLE} past its end, after flushing the case register's write-behind
 * (the last minutes' cases may still be queued behind the map), and once none of its cases is open (a call
 * that crosses midnight), or {@link #OPEN_GRACE} after its end whatever is still open (a case whose call was
 * never seen to end). A day whose cases retention may already have deleted in part is not computed.
 * On its own thread, never an event loop; logs counts and days, never a case.
 */
public final class DayKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DayKeeper.class);
    /** How far back missing days are filled in: a year and a month, enough to compare with the same month last year. */
    public static final int BACKFILL_DAYS = 400;
    /** How long after a local midnight the day before is counted (after a flush of the register's write-behind). */
    public static final Duration SETTLE = Duration.ofMinutes(2);
    /** How long after its end a day waits for calls still open. */
    static final Duration OPEN_GRACE = Duration.ofHours(6);

    private final CaseRegister register;
    private final DayCounter counter;
    private final QueueDayStore store;
    private final RetentionSettings retention;
    private final Clock clock;
    private final AtomicLong daysWritten = new AtomicLong();
    private final OldestMemberJob job;

    public DayKeeper(CaseRegister register, DayCounter counter, QueueDayStore store, RetentionSettings retention, Clock clock) {
        this.register = register;
        this.counter = counter;
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.job = new OldestMemberJob(register, "History", "vaxel-history", this::fillIn);
    }

    /** Runs after {@code first}, then every {@code every}, on a thread of its own. */
    public void start(Duration first, Duration every) {
        job.start(first, every);
    }

    /** Blocking: writes every finished day missing from the table that is ready; returns the days written. */
    public List<LocalDate> fillIn() {
        Instant now = clock.instant();
        LocalDate today = counter.dayOf(now);
        LocalDate from = firstDayToKeep(now, today);
        LocalDate to = today.minusDays(1);
        if (from == null || from.isAfter(to)) {
            return List.of();
        }
        Set<LocalDate> kept = store.days(from, to);
        // A day is over once it is SETTLE past its end; the others wait for a later tick.
        List<LocalDate> over = from.datesUntil(today)
                .filter(d -> !kept.contains(d) && !now.isBefore(counter.start(d.plusDays(1)).plus(SETTLE))).toList();
        if (over.isEmpty()) {
            return List.of();
        }
        long started = System.nanoTime();
        register.flush(); // cases of the last minutes may still be queued behind the map
        List<LocalDate> written = new ArrayList<>();
        for (LocalDate day : over) {
            DayCount count = counter.count(day);
            if (count.open() > 0 && now.isBefore(counter.start(day.plusDays(1)).plus(OPEN_GRACE))) {
                log.debug("History: {} waits for {} calls still open", day, count.open());
                continue;
            }
            store.upsert(count.queues(), now);
            written.add(day);
        }
        daysWritten.addAndGet(written.size());
        if (!written.isEmpty()) {
            log.info("History: {} days kept ({} to {}); {} ms", written.size(), written.get(0), written.get(written.size() - 1),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return written;
    }

    /**
     * The first day worth keeping: not before the oldest case, nor more than {@link #BACKFILL_DAYS} ago, nor a day
     * retention may have deleted cases of (a day counts whole or not at all). Null when there are no cases.
     */
    private LocalDate firstDayToKeep(Instant now, LocalDate today) {
        Instant first = counter.firstArrival().orElse(null);
        if (first == null) {
            return null;
        }
        LocalDate from = counter.dayOf(first);
        if (from.isBefore(today.minusDays(BACKFILL_DAYS))) {
            from = today.minusDays(BACKFILL_DAYS);
        }
        if (retention.deletes()) {
            // Deletion takes the cases that ended before now - N days: a day that began after that is whole.
            Instant cutoff = now.minus(Duration.ofDays(retention.deleteAfterDays()));
            while (counter.start(from).isBefore(cutoff)) {
                from = from.plusDays(1);
            }
        }
        return from;
    }

    /** Days this member wrote since it started. */
    public long daysWritten() {
        return daysWritten.get();
    }

    @Override
    public void close() {
        job.close();
    }
}
