package se.vaxel.callbacks;

import java.time.Instant;

/**
 * A citizen's request to be called back instead of waiting on the line. The citizen keeps their place:
 * {@code queuedAt} is when they first started waiting, and routing ranks the callback by it like any caller.
 *
 * @param id          the callback's own id (also the Originate's VAXEL_CALLBACK)
 * @param fromCall    the call (Linkedid) in which the citizen asked for it
 * @param attempts    calls made to the citizen so far that they did not answer
 * @param nextAttempt the earliest time the next call may be made (after a missed attempt, a pause)
 * @param lastResult  how the last attempt ended (ANSWER, NOANSWER, BUSY, ...), or null before any
 */
public record Callback(
        String id,
        String fromCall,
        String service,
        String number,
        Instant queuedAt,
        Instant requestedAt,
        Status status,
        int attempts,
        Instant nextAttempt,
        String lastResult,
        Instant updatedAt) {

    public enum Status {
        /** In the queue, or pausing before the next attempt. */
        WAITING,
        /** An agent's phone rings or the agent calls the citizen now. */
        CALLING,
        /** The citizen answered and talked with an agent. */
        COMPLETED,
        /** Every attempt went unanswered; kept a while to recognise the citizen if they phone again. */
        MISSED,
        /** The citizen phoned again and was recognised: their new call took the callback's place. */
        TAKEN_OVER;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public boolean isOpen() {
            return this == WAITING || this == CALLING;
        }
    }

    /** A number Växel can call back: digits with an optional leading +, as the trunk dials them. */
    public static boolean isCallable(String number) {
        return number != null && number.matches("\\+?[0-9]{3,20}");
    }

    public static Callback requested(String id, String fromCall, String service, String number, Instant queuedAt, Instant at) {
        return new Callback(id, fromCall, service, number, queuedAt, at, Status.WAITING, 0, at, null, at);
    }

    Callback with(Status newStatus, int newAttempts, Instant next, String result, Instant at) {
        return new Callback(id, fromCall, service, number, queuedAt, requestedAt, newStatus, newAttempts, next, result, at);
    }
}
