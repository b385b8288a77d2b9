package se.vaxel.routing;

import java.time.Instant;

/**
 * A citizen waiting for an agent in one service: on the line, or as a callback (then {@code callId} is the
 * callback's id). {@code place} is their place in the whole contact centre's arrival order: it is given
 * once, when they first queue, and kept when they come back after a missed ring, so nobody overtakes them
 * except by a higher {@code priority}. A callback keeps the rank of the call it came from by its
 * {@code queuedAt}.
 */
public record WaitingCitizen(String callId, String service, int priority, Instant queuedAt, long place, boolean callback) {

    public WaitingCitizen(String callId, String service, int priority, Instant queuedAt, long place) {
        this(callId, service, priority, queuedAt, place, false);
    }
}
