package se.vaxel.auth;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sessions of logged-in staff, in the Hazelcast IMap {@value #MAP} shared by every node (a desk may
 * reach any node), with a backup on another node. Each entry lives for the session's length (a working shift)
 * and then expires by itself. Kept in memory only: when every node stops, staff log in again.
 * All calls are asynchronous; their stages complete on Hazelcast's threads.
 */
public final class SessionStore {

    public static final String MAP = "sessions";

    /** A session just opened: the token (given to the client once, never kept) and when it ends. */
    public record Opened(String token, StoredSession session) {}

    private final IMap<String, StoredSession> sessions;
    private final Duration length;
    private final Clock clock;

    public SessionStore(HazelcastInstance hazelcast, Duration length, Clock clock) {
        this.sessions = hazelcast.getMap(MAP);
        this.length = length;
        this.clock = clock;
    }

    public CompletionStage<Opened> open(String staffId) {
        String token = Tokens.newToken();
        Instant now = clock.instant();
        StoredSession s = new StoredSession(staffId, now.toEpochMilli(), now.plus(length).toEpochMilli());
        return sessions.setAsync(Tokens.digest(token), s, length.toMillis(), TimeUnit.MILLISECONDS).thenApply(v -> new Opened(token, s));
    }

    /** The session of this token; null when there is none or it has ended (the map's expiry is lazy). */
    public CompletionStage<StoredSession> find(String token) {
        return sessions.getAsync(Tokens.digest(token)).thenApply(s -> s == null || s.expired(clock.instant()) ? null : s);
    }

    public CompletionStage<Void> close(String token) {
        return sessions.deleteAsync(Tokens.digest(token)).thenApply(deleted -> null);
    }

    /** A session that ended: its token's digest, and whether it expired (else it was logged out). */
    public record Ended(String tokenDigest, boolean expired) {}

    /**
     * Tells {@code ended} of every session that ends, logged out ({@link #close}) or expired, on whichever node: an
     * entry listener of the cluster-wide map, so a desk connected to this node hears of a log-out sent to another.
     * Called on Hazelcast's event threads: hand the work on to your own.
     */
    public void onEnded(Consumer<Ended> ended) {
        sessions.addEntryListener(new EndListener(ended), false);
    }

    private record EndListener(Consumer<Ended> ended) implements EntryRemovedListener<String, StoredSession>,
            EntryExpiredListener<String, StoredSession> {
        @Override
        public void entryRemoved(EntryEvent<String, StoredSession> event) {
            ended.accept(new Ended(event.getKey(), false));
        }

        @Override
        public void entryExpired(EntryEvent<String, StoredSession> event) {
            ended.accept(new Ended(event.getKey(), true));
        }
    }
}
