package se.vaxel.routing;

import java.time.Duration;

/**
 * A municipal service citizens choose in the IVR: its digit, the skill its agents need, its service
 * level target, its priority (a head start in the queue, see {@link RoutingEngine}), overflow, the
 * app_queue queue that takes its calls when Växel cannot, how its agent is chosen, its opening hours, and
 * from what estimated wait a citizen on hold is offered a callback ({@code callbackOfferAfter}; null: never).
 */
public record Service(
        String id,
        String name,
        char ivrDigit,
        String skill,
        ServiceLevel target,
        int priority,
        RoutingRule rule,
        String fallbackQueue,
        OpeningHours hours,
        Duration callbackOfferAfter) {

    /** The share of calls to answer within a time: 80% within 20 s by default. */
    public record ServiceLevel(double share, Duration within) {
        public static final ServiceLevel DEFAULT = new ServiceLevel(0.8, Duration.ofSeconds(20));
    }
}
