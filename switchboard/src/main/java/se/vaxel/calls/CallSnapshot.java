package se.vaxel.calls;

import java.time.Instant;

/** A live call as Asterisk reports it when asked (after a reconnect), in domain terms. */
public record CallSnapshot(
        String callId,
        String callerNumber,
        String service,
        CallState state,
        Instant arrivedAt,
        Instant stateSince,
        String agent) {}
