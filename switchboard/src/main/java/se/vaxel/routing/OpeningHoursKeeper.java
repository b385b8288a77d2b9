package se.vaxel.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the PBX told which services are open: works out each service's state from its opening hours and
 * tells the {@link HoursPublisher} what changed, or everything when forced (after a reconnect, and now and
 * then, as a dialplan reload forgets globals set at run time). With opening hours ignored (the demo) every
 * service is open.
 */
final class OpeningHoursKeeper {

    private final ContactCentre centre;
    private final boolean apply;
    private final HoursPublisher publisher;
    private final Clock clock;
    private final Map<String, Boolean> told = new HashMap<>();

    OpeningHoursKeeper(ContactCentre centre, boolean apply, HoursPublisher publisher, Clock clock) {
        this.centre = centre;
        this.apply = apply;
        this.publisher = publisher;
        this.clock = clock;
    }

    void publish(boolean force) {
        Instant now = clock.instant();
        for (Service s : centre.services()) {
            boolean open = !apply || s.hours().isOpen(now);
            Boolean before = told.put(s.id(), open);
            if (force || before == null || before != open) {
                publisher.publish(s.id(), open);
            }
        }
    }
}
