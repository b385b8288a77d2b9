package se.vaxel.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
}
