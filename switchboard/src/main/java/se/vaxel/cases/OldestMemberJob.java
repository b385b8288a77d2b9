package se.vaxel.cases;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic job that one member of the cluster does at a time: every member schedules it on a thread of its own
 * (never an event loop), and at each tick only the cluster's oldest member, which every member agrees on from the
 * member list, runs it; when that member leaves, the next oldest takes over at its next tick. The job must be
 * idempotent: for a moment while the membership changes two members may both run it. A failed run is logged and
 * tried again at the next tick. Case retention and the history's days use it.
 */
public final class OldestMemberJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OldestMemberJob.class);

    private final CaseRegister register;
    private final String what;
    private final String thread;
    private final Runnable job;
    private ScheduledExecutorService timer;
    private Duration every;

    /** {@code what} names the job in the log ("Case retention"), {@code thread} its thread. */
    public OldestMemberJob(CaseRegister register, String what, String thread, Runnable job) {
        this.register = register;
        this.what = what;
        this.thread = thread;
        this.job = job;
    }

    /** Runs after {@code first}, then {@code every} after each run ends; a second start does nothing. */
    public synchronized void start(Duration first, Duration every) {
        if (timer != null) {
            return;
        }
        this.every = every;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (register.hazelcast().getLifecycleService().isRunning() && isOldestMember(register)) {
                job.run();
            }
        } catch (com.hazelcast.core.HazelcastInstanceNotActiveException e) {
            log.info("{} stopped: this member is leaving the cluster", what);
        } catch (RuntimeException e) {
            // Logged and tried again at the next tick; a thrown exception would end the schedule.
            log.error("{} failed, trying again in {}: {}", what, every, se.vaxel.db.DatabaseFailure.safe(e));
        }
    }

    /** Whether this member is the cluster's oldest. */
    public static boolean isOldestMember(CaseRegister register) {
        return register.hazelcast().getCluster().getMembers().iterator().next().localMember();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
