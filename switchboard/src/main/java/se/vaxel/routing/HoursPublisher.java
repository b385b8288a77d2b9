package se.vaxel.routing;

/** Tells the PBX whether a service is open now, so its IVR can play the closed message. */
@FunctionalInterface
public interface HoursPublisher {
    void publish(String service, boolean open);
}
