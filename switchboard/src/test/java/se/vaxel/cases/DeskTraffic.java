package se.vaxel.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic calls ({@link SyntheticCalls}) written through one register member at a steady pace, from a timer
 * (no sleeps), into a shared {@link Ledger} of what the register acknowledged.
 */
final class DeskTraffic implements AutoCloseable {

    /** Every state the register acknowledged, per case, in order, and when the last one was acknowledged. */
    static final class Ledger {
        private final Map<String, List<Case>> versions = new ConcurrentHashMap<>();
        private final Map<String, Long> lastAckNanos = new ConcurrentHashMap<>();

        void ack(Case c) {
            versions.computeIfAbsent(c.id(), id -> java.util.Collections.synchronizedList(new ArrayList<>())).add(c);
            lastAckNanos.put(c.id(), System.nanoTime());
        }

        Set<String> ids() {
            return versions.keySet();
        }

        Case last(String id) {
            List<Case> v = versions.get(id);
            return v.get(v.size() - 1);
        }

        List<Case> all(String id) {
            return versions.get(id);
        }

        long lastAckNanos(String id) {
            return lastAckNanos.get(id);
        }
    }

    private final ScheduledExecutorService timer;
    private final Set<CompletableFuture<Case>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile int next;

    /** Starts writing one call every {@code every} through the register, ids {@code prefix-0}, {@code prefix-1}, ... */
    DeskTraffic(String prefix, CaseRegister register, Ledger ledger, Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "desk-" + prefix));
        timer.scheduleAtFixedRate(() -> {
            int n = next++;
            CompletableFuture<Case> f = SyntheticCalls.write(register, prefix + "-" + n, n, Instant.now(), ledger::ack)
                    .toCompletableFuture();
            inFlight.add(f);
            f.whenComplete((c, e) -> inFlight.remove(f));
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Calls started so far. */
    int started() {
        return next;
    }

    /** Stops starting calls and waits for those under way (a failed one, e.g. on a killed member, counts as done). */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        try {
            CompletableFuture.allOf(inFlight.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("calls under way did not finish: " + e, e);
        }
    }
}
