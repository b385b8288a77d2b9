package se.vaxel.calls;

import java.time.Instant;

/**
 * What happens to a citizen's call, in the contact centre's words. Made from AMI events by the {@code ami}
 * package; nothing here knows a header. A call is keyed by Asterisk's Linkedid, which every channel of the
 * call shares (both halves of a Local channel, the dialled agent's leg).
 */
public sealed interface CallEvent {

    String callId();

    Instant at();

    /** A new call reached the PBX; the caller's number may not be known yet (an originated Local channel). */
    record Arrived(String callId, String callerNumber, Instant at) implements CallEvent {}

    /** The caller's number became known or changed (NewCallerid in the IVR, the queue join). */
    record CallerNumberKnown(String callId, String callerNumber, Instant at) implements CallEvent {}

    /** The citizen chose a service queue in the IVR. */
    record ServiceChosen(String callId, String service, Instant at) implements CallEvent {}

    /** The citizen waits in a service queue for an agent (parked for Växel, or in an app_queue queue). */
    record Waiting(String callId, String service, Instant at) implements CallEvent {}

    /**
     * The citizen is parked for Växel (music on hold in the holding context): only Växel's routing will
     * connect them. Comes again each time they return to hold, e.g. after a missed ring.
     */
    record Parked(String callId, String service, Instant at) implements CallEvent {}

    /** The service the citizen chose is closed now: they heard the closed message. */
    record ServiceClosed(String callId, String service, Instant at) implements CallEvent {}

    /** The PBX's own queue (app_queue) has the citizen: observe mode, or the fallback when Växel was silent. */
    record InPbxQueue(String callId, String queue, Instant at) implements CallEvent {}

    /** An agent's phone rings with this call. */
    record AgentRinging(String callId, String agent, Instant at) implements CallEvent {}

    /** The agent did not answer in time, or the phone was busy; the citizen goes on waiting. */
    record RingNoAnswer(String callId, String agent, String reason, Instant at) implements CallEvent {}

    /** An agent answered: the citizen and the agent talk. */
    record Answered(String callId, String agent, Instant at) implements CallEvent {}

    /** The call was transferred, e.g. a blind or attended transfer to another extension. */
    record Transferred(String callId, String from, String to, Instant at) implements CallEvent {}

    /** The call ended after it was answered, or in the IVR before any service was chosen. */
    record Ended(String callId, Instant at) implements CallEvent {}

    /**
     * The citizen asked to be called back instead of waiting (the holding context's offer); they hang up
     * next, and keep their place as a callback.
     */
    record CallbackRequested(String callId, String service, String callerNumber, Instant at) implements CallEvent {}

    /**
     * A callback call ended: the agent's leg (an originated call, its own {@code callId}) was answered and
     * the citizen's number dialled, with this Dial status (ANSWER, NOANSWER, BUSY, CANCEL, ...).
     */
    record CallbackDone(String callId, String callbackId, String dialStatus, int talkedSeconds, Instant at)
            implements CallEvent {}

    /** The citizen hung up while waiting for an agent. */
    record Abandoned(String callId, String service, Instant at) implements CallEvent {}
}
