package se.vaxel.callbacks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.privacy.Masking;

/**
 * Every callback Växel has promised, from the citizen's request until they were reached (or every attempt
 * missed), kept in a {@link CallbackStore} so that a restart loses none. Routing asks it for the callbacks
 * whose turn may come ({@link #takeReady}) and tells it how each attempt went.
 *
 * <p>Owned by one event loop, like the live state. Writes leave that loop: changed callbacks are saved in
 * one batch at a time on a worker, in order, and a batch that fails is written again a little later, so a
 * database that is away for a while delays the writes but loses none of them.
 */
public final class CallbackBook {

    private static final Logger log = LoggerFactory.getLogger(CallbackBook.class);
    private static final long RETRY_SAVE_MS = 2_000;
    /** Dial statuses that say the citizen did not take the call: an attempt spent. */
    private static final Set<String> CITIZEN_NOT_REACHED = Set.of("NOANSWER", "BUSY", "CONGESTION", "CHANUNAVAIL");

    private final CallbackPolicy policy;
    private final CallbackStore store;
    private final Vertx vertx;
    private final Clock clock;
    /** Open callbacks and missed ones still recognisable, by id. */
    private final Map<String, Callback> byId = new LinkedHashMap<>();
    /** Handed to routing: queued there or being called. Not handed out again until routing gives it back. */
    private final Set<String> inRouting = new HashSet<>();
    private final Map<String, Callback> unsaved = new LinkedHashMap<>();
    private boolean saving;
    private long failedSaves;

    public CallbackBook(CallbackPolicy policy, CallbackStore store, Vertx vertx, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.vertx = vertx;
        this.clock = clock;
    }

    public CallbackPolicy policy() {
        return policy;
    }

    /**
     * Reads the open callbacks back after a start. One that was being called when Växel stopped is queued
     * again with its attempts as they were: whether that call reached the citizen is not known.
     */
    public Future<Integer> load() {
        Instant since = clock.instant().minus(policy.recogniseWithin());
        return vertx.executeBlocking(() -> store.loadOpen(since)).map(loaded -> {
            for (Callback cb : loaded) {
                if (cb.status() == Callback.Status.CALLING) {
                    cb = cb.with(Callback.Status.WAITING, cb.attempts(), clock.instant(), cb.lastResult(), clock.instant());
                    save(cb);
                }
                byId.put(cb.id(), cb);
            }
            log.info("Callbacks: {} waiting, {} missed and still recognisable", count(Callback.Status.WAITING),
                    count(Callback.Status.MISSED));
            return loaded.size();
        });
    }

    /**
     * This node took over the PBX: the callbacks as the database has them now (the previous owner wrote each change
     * as it made it), in place of whatever this node knew from an earlier turn.
     */
    public Future<Integer> reload() {
        byId.clear();
        inRouting.clear();
        return load();
    }

    /** Another node owns the PBX now: it keeps the callbacks; what this node has not yet written is still written. */
    public void handOver() {
        byId.clear();
        inRouting.clear();
    }

    /** The citizen on {@code fromCall} asked to be called back, keeping the place they have had since {@code queuedAt}. */
    public Callback book(String fromCall, String service, String number, Instant queuedAt) {
        Instant now = clock.instant();
        Callback cb = Callback.requested(UUID.randomUUID().toString(), fromCall, service, number, queuedAt, now);
        byId.put(cb.id(), cb);
        save(cb);
        log.info("Callback {} booked for {} ({}), place kept from {}", cb.id(), Masking.phone(number), service, queuedAt);
        return cb;
    }

    /** Callbacks that may be queued for an agent now, handed to routing once until it gives them back. */
    public List<Callback> takeReady() {
        Instant now = clock.instant();
        List<Callback> ready = new ArrayList<>();
        for (Callback cb : byId.values()) {
            if (cb.status() == Callback.Status.WAITING && !cb.nextAttempt().isAfter(now) && inRouting.add(cb.id())) {
                ready.add(cb);
            }
        }
        return ready;
    }

    public Optional<Callback> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isCallback(String id) {
        return byId.containsKey(id);
    }

    /** An agent's phone rings for this callback. */
    public void calling(String id) {
        update(id, cb -> cb.with(Callback.Status.CALLING, cb.attempts(), cb.nextAttempt(), cb.lastResult(), clock.instant()));
    }

    /** The agent's leg did not work out (not answered, busy): the callback waits in routing's queue again. */
    public void agentNotReached(String id) {
        update(id, cb -> cb.with(Callback.Status.WAITING, cb.attempts(), cb.nextAttempt(), cb.lastResult(), clock.instant()));
    }

    /**
     * The callback call ended with the Dial status of the citizen's leg. Answered, the callback is done; not
     * answered, one attempt is spent and the next waits {@code retryAfter}, or after the last attempt the
     * callback is missed; ended by the agent before the citizen answered, it is queued again as it was.
     */
    public Optional<Callback> callEnded(String id, String dialStatus) {
        inRouting.remove(id);
        Instant now = clock.instant();
        String status = dialStatus == null ? "" : dialStatus.trim().toUpperCase(java.util.Locale.ROOT);
        return Optional.ofNullable(update(id, cb -> {
            if (status.equals("ANSWER")) {
                return cb.with(Callback.Status.COMPLETED, cb.attempts(), cb.nextAttempt(), status, now);
            }
            if (CITIZEN_NOT_REACHED.contains(status)) {
                int attempts = cb.attempts() + 1;
                if (attempts >= policy.maxAttempts()) {
                    log.info("Callback {} missed: {} attempts, {} did not answer", id, attempts, Masking.phone(cb.number()));
                    return cb.with(Callback.Status.MISSED, attempts, null, status, now);
                }
                return cb.with(Callback.Status.WAITING, attempts, now.plus(policy.retryAfter()), status, now);
            }
            return cb.with(Callback.Status.WAITING, cb.attempts(), now, status.isEmpty() ? "CANCEL" : status, now);
        }));
    }

    /**
     * A citizen phones again for the same service while their callback waits, or within the recognition
     * time after it was missed: their new call takes the callback's place, and the callback is closed.
     * A callback being called right now is left alone (the agent is about to reach them).
     */
    public Optional<Callback> recognise(String number, String service) {
        if (number == null) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(policy.recogniseWithin());
        Optional<Callback> found = byId.values().stream()
                .filter(cb -> number.equals(cb.number()) && cb.service().equals(service))
                .filter(cb -> cb.status() == Callback.Status.WAITING
                        || cb.status() == Callback.Status.MISSED && cb.updatedAt().isAfter(since))
                .min(Comparator.comparing(Callback::queuedAt));
        found.ifPresent(cb -> {
            inRouting.remove(cb.id());
            update(cb.id(), c -> c.with(Callback.Status.TAKEN_OVER, c.attempts(), null, c.lastResult(), clock.instant()));
            log.info("{} phoned again for {}: keeps the place of callback {}", Masking.phone(number), service, cb.id());
        });
        return found;
    }

    /** Open and recently missed callbacks, oldest place first. Forgets, in memory only, missed ones past recognition. */
    public List<Callback> list() {
        Instant since = clock.instant().minus(policy.recogniseWithin());
        byId.values().removeIf(cb -> !cb.status().isOpen()
                && (cb.status() != Callback.Status.MISSED || !cb.updatedAt().isAfter(since)) && !unsaved.containsKey(cb.id()));
        return byId.values().stream().sorted(Comparator.comparing(Callback::queuedAt)).toList();
    }

    public long count(Callback.Status status) {
        return byId.values().stream().filter(cb -> cb.status() == status).count();
    }

    /** Changes not yet in the store (a slow or absent database). */
    public int unsavedCount() {
        return unsaved.size() + (saving ? 1 : 0);
    }

    /**
     * At shutdown: writes what is not yet saved, blocking the caller (not an event loop). Upserts never let
     * an older state win, so a batch still in flight cannot undo this.
     */
    public void saveNow() {
        List<Callback> left = List.copyOf(unsaved.values());
        unsaved.clear();
        store.saveAll(left);
    }

    private Callback update(String id, java.util.function.UnaryOperator<Callback> change) {
        Callback cb = byId.get(id);
        if (cb == null) {
            log.warn("No callback {} known; its update is dropped", id);
            return null;
        }
        Callback next = change.apply(cb);
        byId.put(id, next);
        save(next);
        return next;
    }

    private void save(Callback cb) {
        unsaved.put(cb.id(), cb);
        flush();
    }

    private void flush() {
        if (saving || unsaved.isEmpty()) {
            return;
        }
        List<Callback> batch = List.copyOf(unsaved.values());
        unsaved.clear();
        saving = true;
        vertx.executeBlocking(() -> {
            store.saveAll(batch);
            return null;
        }).onComplete(r -> {
            saving = false;
            if (r.succeeded()) {
                flush();
                return;
            }
            // Keep what failed unless a newer state of the same callback is already waiting to be written.
            batch.forEach(cb -> unsaved.putIfAbsent(cb.id(), cb));
            failedSaves++;
            if (failedSaves <= 5 || Long.bitCount(failedSaves) == 1) {
                log.warn("Could not save {} callbacks ({} failures so far), trying again: {}", batch.size(), failedSaves,
                        se.vaxel.db.DatabaseFailure.safe(r.cause()));
            }
            vertx.setTimer(RETRY_SAVE_MS, t -> flush());
        });
    }
}
