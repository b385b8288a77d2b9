package se.vaxel.calls;

/** Where a live call is. */
public enum CallState {
    /** Answered by the PBX, the citizen is in the IVR choosing a service. */
    IVR,
    /** Waiting in a service queue for an agent. */
    WAITING,
    /** An agent's phone is ringing. */
    RINGING,
    /** Talking to an agent. */
    TALKING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
