package se.vaxel.routing;

import java.util.Locale;

/** Where an agent is in their working day. */
public enum AgentStatus {
    LOGGED_OUT,
    /** Ready for the next citizen. */
    AVAILABLE,
    /** A citizen's call rings on their phone. */
    RINGING,
    ON_CALL,
    /** After-call work (registering the case), timed. */
    WRAP_UP,
    /** Not taking calls, with a reason (lunch, meeting, missed calls...). */
    PAUSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
