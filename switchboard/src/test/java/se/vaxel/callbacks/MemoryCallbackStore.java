package se.vaxel.callbacks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A callback store in memory for tests: keeps the newest state per id, like the JDBC upsert, and fails the first {@code failures} batches. */
public final class MemoryCallbackStore implements CallbackStore {

    public final Map<String, Callback> rows = new ConcurrentHashMap<>();
    public final AtomicInteger failures = new AtomicInteger();

    @Override
    public void saveAll(Collection<Callback> callbacks) {
        if (failures.getAndDecrement() > 0) {
            throw new IllegalStateException("database away");
        }
        callbacks.forEach(cb -> rows.merge(cb.id(), cb, (old, neu) -> neu.updatedAt().isBefore(old.updatedAt()) ? old : neu));
    }

    @Override
    public List<Callback> loadOpen(Instant missedSince) {
        List<Callback> out = new ArrayList<>();
        for (Callback cb : rows.values()) {
            if (cb.status().isOpen() || cb.status() == Callback.Status.MISSED && cb.updatedAt().isAfter(missedSince)) {
                out.add(cb);
            }
        }
        out.sort(java.util.Comparator.comparing(Callback::queuedAt));
        return out;
    }
}
