package se.vaxel.routing;

/**
 * Tells a waiting citizen's channel their place in the queue and estimated wait, for the holding context
 * to announce. {@code waitSeconds} is null while nobody staffs the service.
 */
@FunctionalInterface
public interface Announcer {
    void announce(String callId, int position, Long waitSeconds);
}
