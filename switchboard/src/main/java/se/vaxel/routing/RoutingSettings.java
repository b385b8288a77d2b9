package se.vaxel.routing;

import java.time.Duration;

/**
 * How routing behaves: how long an agent's phone rings, the after-call work time, how many missed rings in
 * a row pause an agent, the head start one priority level gives, and whether configured agents start
 * logged in (until agents log in at their desks, the desks issue), and whether the services' opening hours
 * close them (the demo ignores them, so it shows calls at any hour).
 */
public record RoutingSettings(Duration ringTimeout, Duration wrapUp, int missesBeforePause, Duration priorityHeadStart,
        boolean agentsLoggedInAtStart, boolean applyOpeningHours) {

    public static final RoutingSettings DEFAULT = new RoutingSettings(Duration.ofSeconds(20), Duration.ofSeconds(15), 2,
            Duration.ofSeconds(60), true, true);
}
