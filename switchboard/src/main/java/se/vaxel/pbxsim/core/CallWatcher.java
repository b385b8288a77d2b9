package se.vaxel.pbxsim.core;

/** Told when a dialled (outgoing) channel progresses: used by Dial, Queue and Originate. */
interface CallWatcher {
    void ringing(Channel callee);

    void answered(Channel callee);

    /** The callee went away before answering (busy, unavailable, hung up). */
    void failed(Channel callee, int cause);
}
