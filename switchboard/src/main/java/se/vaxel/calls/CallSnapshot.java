package se.vaxel.calls;

import java.time.Instant;

/**
 * A live call as Asterisk reports it when asked (after a reconnect), in domain terms. {@code waitingSince}
 * and {@code answeredAt} are null where Asterisk cannot tell them. {@code parked}: waiting for Växel to connect
 * them (in the holding context), not in the PBX's own queue.
 */
public record CallSnapshot(
        String callId,
        String callerNumber,
        String service,
        CallState state,
        Instant arrivedAt,
        Instant waitingSince,
        Instant answeredAt,
        Instant stateSince,
        String agent,
        boolean parked) {}
