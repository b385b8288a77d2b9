package se.vaxel.calls;

import java.time.Instant;

/**
 * What the PBX's own queues (app_queue) say about an agent's phone as a queue member: in observe mode the
 * agents' log-in and pauses come from here. {@code device} is the member's interface, e.g. PJSIP/1001.
 */
public sealed interface MemberEvent {

    String device();

    Instant at();

    /**
     * The phone is a member of the queue (added, or found at a resync), paused or not. A dynamic member
     * logged in (AddQueueMember, a log-in code); a static one is the queue's configuration.
     */
    record Joined(String device, String queue, boolean dynamic, boolean paused, String reason, Instant at) implements MemberEvent {}

    /** The phone left the queue. */
    record Left(String device, String queue, Instant at) implements MemberEvent {}

    /** The member was paused (with a reason) or unpaused in the queue. */
    record Paused(String device, String queue, boolean paused, String reason, Instant at) implements MemberEvent {}
}
