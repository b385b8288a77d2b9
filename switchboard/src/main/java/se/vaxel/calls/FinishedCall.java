package se.vaxel.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A call that has ended, with its outcome; the case register takes it from here. {@code waited} is null when
 * it cannot be known (the call was already talking when Växel connected).
 */
public record FinishedCall(
        String id,
        String callerNumber,
        String service,
        Outcome outcome,
        String agent,
        List<String> offeredTo,
        Instant arrivedAt,
        Instant answeredAt,
        Instant endedAt,
        Duration waited,
        Duration talked) {

    public enum Outcome {
        /** An agent answered. */
        ANSWERED,
        /** The citizen hung up while waiting or while an agent's phone rang. */
        ABANDONED,
        /** The citizen hung up in the IVR, before choosing a service. */
        ENDED_IN_IVR,
        /** The chosen service was closed (outside its opening hours): the citizen heard the closed message. */
        CLOSED,
        /** The citizen chose to be called back and hung up, keeping their place as a callback. */
        CALLBACK;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
