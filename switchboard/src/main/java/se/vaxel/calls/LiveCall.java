package se.vaxel.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One live call as the live state keeps it. Mutable, owned by {@link LiveCalls} alone. */
final class LiveCall {
    final String id;
    String callerNumber;
    String service;
    CallState state = CallState.IVR;
    final Instant arrivedAt;
    Instant stateSince;
    /** The chosen service was closed. */
    boolean closed;
    /** The citizen asked to be called back: hanging up now is not abandoning. */
    boolean callbackRequested;
    /** Whether the citizen ever waited for an agent (chose a service and queued). */
    boolean queued;
    /** When the waiting began; null when not known (a call found talking after a reconnect). */
    Instant waitingSince;
    Instant answeredAt;
    String agent;
    /** Every agent the call was offered to, in order; a repeat means it was offered again after a miss. */
    final List<String> offeredTo = new ArrayList<>(2);

    LiveCall(String id, String callerNumber, Instant arrivedAt) {
        this.id = id;
        this.callerNumber = callerNumber;
        this.arrivedAt = arrivedAt;
        this.stateSince = arrivedAt;
    }

    void moveTo(CallState next, Instant at) {
        if (state != next) {
            state = next;
            stateSince = at;
        }
    }

    /** How long the citizen waited for an agent, or null when not known. */
    Duration waited(Instant until) {
        if (waitingSince == null) {
            return null;
        }
        Instant end = answeredAt != null ? answeredAt : until;
        return end.isBefore(waitingSince) ? Duration.ZERO : Duration.between(waitingSince, end);
    }

    CallView view() {
        return new CallView(id, callerNumber, service, state, arrivedAt, stateSince, agent);
    }
}
