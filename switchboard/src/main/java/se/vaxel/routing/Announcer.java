package se.vaxel.routing;

/**
 * Tells a waiting citizen's channel their place in the queue and estimated wait, for the holding context
 * to announce, and whether to offer them a callback. {@code waitSeconds} is null while nobody staffs the
 * service.
 */
@FunctionalInterface
public interface Announcer {
    void announce(String callId, int position, Long waitSeconds, boolean offerCallback);
}
