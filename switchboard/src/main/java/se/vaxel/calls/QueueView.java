package se.vaxel.calls;

import java.time.Duration;

/** A service queue right now: who waits, for how long, and how many talk to an agent. */
public record QueueView(String service, int waiting, Duration longestWait, int ringing, int talking) {}
