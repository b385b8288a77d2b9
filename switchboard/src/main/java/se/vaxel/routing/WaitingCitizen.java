package se.vaxel.routing;

import java.time.Instant;

/**
 * A citizen waiting for an agent in one service. {@code place} is their place in the whole contact centre's
 * arrival order: it is given once, when they first queue, and kept when they come back after a missed
 * ring or as a callback, so nobody overtakes them except by a higher {@code priority}.
 */
public record WaitingCitizen(String callId, String service, int priority, Instant queuedAt, long place) {}
