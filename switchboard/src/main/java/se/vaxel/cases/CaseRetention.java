package se.vaxel.cases;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of closed cases: anonymised {@code VAXEL_CASES_ANONYMISE_AFTER_DAYS} after the call ended, deleted
 * after {@code VAXEL_CASES_DELETE_AFTER_DAYS} (see {@link RetentionSettings}), both in the register (where the
 * MapStore writes the change behind) and in the database for the older cases only it holds
 * ({@link CaseTableRetention}). Runs every interval on its own thread, never an event loop, and only on the
 * cluster's oldest member, so one member at a time does it; every step is idempotent, so a run repeated by a
 * member that just became the oldest changes nothing twice. A {@link RetentionHold} keeps back what must stay.
 * Logs counts, never a case's content. Open to extension: the back office's own retention runs after this one.
 */
public class CaseRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaseRetention.class);
    private static final int BATCH = 500;

    /** What one run did. */
    public record Run(Instant at, int anonymisedInRegister, int anonymisedInDatabase, int deletedFromRegister,
            int deletedFromDatabase, Duration took) {

        public int anonymised() {
            return anonymisedInRegister + anonymisedInDatabase;
        }

        public int deleted() {
            return deletedFromRegister + deletedFromDatabase;
        }
    }

    private final CaseRegister register;
    private final CaseTableRetention table;
    private final RetentionSettings settings;
    private final Clock clock;
    private final RetentionHold hold;
    private final RetentionFollower follower;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong anonymised = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private volatile Run last;
    private final OldestMemberJob job;

    public CaseRetention(CaseRegister register, se.vaxel.db.Database database, JdbcCaseStore store, RetentionSettings settings,
            Clock clock, RetentionHold hold) {
        this(register, database, store, settings, clock, hold, RetentionFollower.NONE);
    }

    /** With a follower that applies each run's cutoffs to its own copies (the back office's matters). */
    public CaseRetention(CaseRegister register, se.vaxel.db.Database database, JdbcCaseStore store, RetentionSettings settings,
            Clock clock, RetentionHold hold, RetentionFollower follower) {
        this.follower = follower;
        this.register = register;
        this.table = new CaseTableRetention(database, store, BATCH);
        this.settings = settings;
        this.clock = clock;
        this.hold = hold;
        this.job = new OldestMemberJob(register, "Case retention", "vaxel-retention", this::runOnce);
    }

    /** Runs every interval on a thread of its own, the first time a minute after start (or after the interval if shorter). */
    public void start() {
        start(Duration.ofMillis(Math.min(settings.interval().toMillis(), 60_000)));
    }

    void start(Duration first) {
        if (settings.anonymises() || settings.deletes()) {
            job.start(first, settings.interval());
        }
    }

    /** Blocking: one run now, on this member. Deletes first (nothing is anonymised only to be deleted), then anonymises. */
    public Run runOnce() {
        Instant now = clock.instant();
        long started = System.nanoTime();
        Set<String> deletedHere = Set.of();
        int deletedThere = 0;
        if (settings.deletes()) {
            Instant cutoff = now.minus(Duration.ofDays(settings.deleteAfterDays()));
            deletedHere = inRegister(closedBefore(cutoff), new RetentionChange.Delete(cutoff));
            deletedThere = table.delete(cutoff, heldOrDone(deletedHere));
        }
        Set<String> anonymisedHere = Set.of();
        int anonymisedThere = 0;
        if (settings.anonymises()) {
            Instant cutoff = now.minus(Duration.ofDays(settings.anonymiseAfterDays()));
            anonymisedHere = inRegister(Predicates.and(closedBefore(cutoff), Predicates.equal("anonymisedAt", null)),
                    new RetentionChange.Anonymise(cutoff, now));
            Set<String> done = new HashSet<>(anonymisedHere);
            done.addAll(deletedHere);
            anonymisedThere = table.anonymise(cutoff, now, heldOrDone(done));
        }
        follower.follow(settings.anonymises() ? now.minus(Duration.ofDays(settings.anonymiseAfterDays())) : null,
                settings.deletes() ? now.minus(Duration.ofDays(settings.deleteAfterDays())) : null, now);
        Run run = new Run(now, anonymisedHere.size(), anonymisedThere, deletedHere.size(), deletedThere,
                Duration.ofNanos(System.nanoTime() - started));
        runs.incrementAndGet();
        anonymised.addAndGet(run.anonymised());
        deleted.addAndGet(run.deleted());
        last = run;
        log.info("Case retention: {} cases anonymised ({} in the register, {} only in the database), {} deleted ({} and {});"
                + " anonymise after {}, delete after {}; {} ms", run.anonymised(), run.anonymisedInRegister(),
                run.anonymisedInDatabase(), run.deleted(), run.deletedFromRegister(), run.deletedFromDatabase(),
                settings.anonymises() ? settings.anonymiseAfterDays() + " days" : "never",
                settings.deletes() ? settings.deleteAfterDays() + " days" : "never", run.took().toMillis());
        return run;
    }

    private static Predicate<String, Case> closedBefore(Instant cutoff) {
        // arrivedAt is indexed and a call arrives before it ends: the index narrows, endedAt decides.
        return Predicates.and(Predicates.lessThan("arrivedAt", cutoff.toEpochMilli()),
                Predicates.lessThan("endedAt", cutoff.toEpochMilli()), Predicates.notEqual("outcome", "open"));
    }

    /**
     * The register's cases that match, less those held back, changed where they live in batches; the ids changed.
     * The MapStore writes the changes behind, so the database's pass leaves these alone.
     */
    private Set<String> inRegister(Predicate<String, Case> match, RetentionChange change) {
        IMap<String, Case> cases = register.map();
        List<String> found = new ArrayList<>(cases.keySet(match));
        Set<String> changed = new HashSet<>();
        for (int from = 0; from < found.size(); from += BATCH) {
            List<String> slice = found.subList(from, Math.min(found.size(), from + BATCH));
            Set<String> keys = new HashSet<>(slice);
            keys.removeAll(hold.heldBack(slice));
            cases.executeOnKeys(keys, change).forEach((id, done) -> {
                if (Boolean.TRUE.equals(done)) {
                    changed.add(id);
                }
            });
        }
        return changed;
    }

    /** The hold, and the cases the register's pass changed already (their rows follow behind it). */
    private RetentionHold heldOrDone(Set<String> done) {
        return ids -> {
            Set<String> out = new HashSet<>(hold.heldBack(ids));
            ids.stream().filter(done::contains).forEach(out::add);
            return out;
        };
    }

    /** The last run on this member; null before the first. */
    public Run last() {
        return last;
    }

    public long runs() {
        return runs.get();
    }

    /** Cases this member anonymised since it started. */
    public long anonymised() {
        return anonymised.get();
    }

    /** Cases this member deleted since it started. */
    public long deleted() {
        return deleted.get();
    }

    public RetentionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        job.close();
    }
}
