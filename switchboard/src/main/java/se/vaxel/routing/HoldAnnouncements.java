package se.vaxel.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * What each citizen on hold is told: their position, the wait to expect and, when that wait is long and
 * their service offers it, a callback. Each citizen's estimate is those ahead of them, and they, times the
 * handle time shared by the staff. Only changes are sent to the PBX.
 */
final class HoldAnnouncements {

    private final ContactCentre centre;
    private final RoutingEngine engine;
    private final Announcer announcer;
    /** What each waiting citizen's channel was last told. */
    private final Map<String, String> announced = new HashMap<>();

    HoldAnnouncements(ContactCentre centre, RoutingEngine engine, Announcer announcer) {
        this.centre = centre;
        this.engine = engine;
        this.announcer = announcer;
    }

    /** The citizen left hold, or is back on hold and must be told again. */
    void forget(String callId) {
        announced.remove(callId);
    }

    /**
     * @param staffed       agents serving each service now
     * @param handleSeconds average handle time of each service
     * @param mayCallBack   whether a waiting citizen could be called back (callbacks on, a number to call)
     */
    void announce(ToIntFunction<String> staffed, ToDoubleFunction<String> handleSeconds, Predicate<WaitingCitizen> mayCallBack) {
        for (Service s : centre.services()) {
            int staff = staffed.applyAsInt(s.id());
            double handle = handleSeconds.applyAsDouble(s.id());
            engine.forEachWaiting(s.id(), (w, position) -> {
                if (w.callback()) {
                    return; // holds a place but no line: nobody to tell
                }
                Long waitSeconds = staff == 0 ? null : Math.round(position * handle / staff);
                boolean offer = waitSeconds != null && s.callbackOfferAfter() != null
                        && waitSeconds >= s.callbackOfferAfter().toSeconds() && mayCallBack.test(w);
                String said = position + "/" + waitSeconds + "/" + offer;
                if (!said.equals(announced.put(w.callId(), said))) {
                    announcer.announce(w.callId(), position, waitSeconds, offer);
                }
            });
        }
    }
}
