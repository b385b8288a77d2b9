package se.vaxel.calls;

import java.time.Instant;

/** A live call as the HTTP API shows it. */
public record CallView(
        String id, String callerNumber, String service, CallState state, Instant arrivedAt, Instant since, String agent) {}
