package se.vaxel.auth;

import java.time.Instant;

/**
 * A session as the cluster keeps it, under its token's digest: whose it is and until when. Only the staff id:
 * their name and roles are read from the users file on each request, so a changed or removed user takes
 * effect at once. Times in epoch milliseconds, as Hazelcast's Compact serialization of records holds them.
 */
public record StoredSession(String staffId, long issuedAtMillis, long expiresAtMillis) {

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAtMillis);
    }

    public boolean expired(Instant now) {
        return now.toEpochMilli() >= expiresAtMillis;
    }
}
