package se.vaxel.audit;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of case access, written behind the requests: {@link #record} only queues the entry (never
 * blocks, never waits for the database), and a worker writes what has come, every {@value #INTERVAL_MS} ms, in
 * batches of up to {@value #BATCH}. A batch that fails (the database away) is kept and tried again, with a
 * growing pause up to 10 s, before anything newer, so no entry is lost or reordered while the database is
 * briefly away. The queue is bounded: when it is full an entry is dropped, counted
 * ({@code vaxel_audit_dropped}) and logged, rather than taking the heap.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    /** About 30 MB at most: hours of a contact centre's case reads, enough to ride out a database restart. */
    public static final int DEFAULT_CAPACITY = 100_000;
    static final int BATCH = 500;
    static final long INTERVAL_MS = 200;
    private static final long LONGEST_PAUSE_MS = 10_000;

    private final Vertx vertx;
    private final int capacity;
    private final BlockingQueue<CaseAccess> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** One writer at a time: set while a worker writes. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile AuditStore store;
    private volatile long retryAt;
    private volatile long timer = -1;
    /** The batch being written, kept until the store took it; touched only by the one writer. */
    private volatile List<CaseAccess> pending = List.of();
    private int failures;

    public AuditLog(Vertx vertx, int capacity) {
        this.vertx = vertx;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues the entry; never blocks. */
    public void record(CaseAccess entry) {
        if (!queue.offer(entry)) {
            long n = dropped.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) {
                log.error("Audit log full ({} entries wait for the database): entry of {} by {} lost, {} lost so far",
                        capacity, entry.action().wireName(), entry.staffId(), n);
            }
        }
    }

    /** Begins writing to the store (once the database is open); call on the owner's context. */
    public void start(AuditStore target) {
        this.store = target;
        timer = vertx.setPeriodic(INTERVAL_MS, id -> writeSoon());
    }

    private void writeSoon() {
        if (System.currentTimeMillis() < retryAt || (queue.isEmpty() && pending.isEmpty()) || !busy.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            writeBatches();
            return null;
        }, false).onComplete(r -> busy.set(false));
    }

    /** On a worker, one at a time: the batch that failed first, then new ones, until none is left or one fails. */
    private boolean writeBatches() {
        while (true) {
            if (pending.isEmpty()) {
                List<CaseAccess> next = new ArrayList<>(BATCH);
                queue.drainTo(next, BATCH);
                if (next.isEmpty()) {
                    return true;
                }
                pending = next;
            }
            try {
                store.write(pending);
            } catch (RuntimeException e) {
                failures++;
                retryAt = System.currentTimeMillis() + Math.min(LONGEST_PAUSE_MS, 250L << Math.min(failures, 6));
                if (failures <= 3 || Long.bitCount(failures) == 1) {
                    log.warn("Audit log not written ({} entries wait, attempt {}): {}", queued(), failures, e.toString());
                }
                return false;
            }
            written.addAndGet(pending.size());
            pending = List.of();
            if (failures > 0) {
                log.info("Audit log written again after {} failed attempts", failures);
                failures = 0;
            }
        }
    }

    /**
     * Blocking, at shutdown: stops the timer and writes what is queued, once. What the store does not take now is
     * lost, and logged.
     */
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (!busy.compareAndSet(false, true)) {
            if (System.currentTimeMillis() > deadline) {
                log.error("Audit log: the last write did not end; {} entries not written", queued());
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // a worker thread, at shutdown
        }
        try {
            if (store != null && !writeBatches()) {
                log.error("Audit log: {} entries not written at shutdown (the database is away)", queued());
            }
        } finally {
            busy.set(false);
        }
    }

    /** Entries waiting to be written (queued, and the batch being written). */
    public int queued() {
        return queue.size() + pending.size();
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }
}
