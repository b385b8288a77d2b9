package se.vaxel.ami;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.callbacks.CallbackDialler.AgentLeg;
import se.vaxel.calls.CallToCitizen;

/**
 * Callbacks' Originates in flight, keyed by ActionID until Asterisk's OriginateResponse event says how the
 * agent's leg went. Async Originate answers at once ("queued"); the outcome comes later as an event with the
 * same ActionID. Bounded, failed all at once when the link drops, and each given up after the ring time
 * with a margin, so no promise waits forever. Owned by the link's context.
 */
final class Originates {

    private static final int MAX_IN_FLIGHT = 1_000;
    /** Beyond the agent's ring time: Asterisk's own set-up and the event's way back. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final Context context;
    private final Function<AmiMessage, Future<AmiResponse>> sender;
    private final String callbackContext;
    private final Map<String, Promise<AgentLeg>> inFlight = new HashMap<>();
    private long sequence;

    Originates(Context context, Function<AmiMessage, Future<AmiResponse>> sender, String callbackContext) {
        this.context = context;
        this.sender = sender;
        this.callbackContext = callbackContext;
    }

    Future<AgentLeg> originate(CallToCitizen call, String staffDevice, Duration ringStaff) {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            return Future.failedFuture("too many callbacks in flight (" + inFlight.size() + ")");
        }
        String actionId = "vx-callback-" + (++sequence);
        AmiMessage action = AmiMessage.action("Originate")
                .add("ActionID", actionId)
                .add("Channel", staffDevice)
                .add("Context", callbackContext)
                .add("Exten", call.number())
                .add("Priority", "1")
                .add("Timeout", Long.toString(ringStaff.toMillis()))
                // What the staff member's phone shows: whom they are about to call, and why.
                .add("CallerID", "\"" + call.purpose() + "\" <" + call.number() + ">")
                .add("Variable", "VAXEL_CALLBACK=" + call.id())
                .add("Variable", "SERVICE=" + call.service())
                .add("Variable", "VAXEL_CALLBACK_FROM=" + call.fromNumber())
                .add("Variable", "VAXEL_CALLBACK_RING=" + Math.max(1, call.ringCitizen().toSeconds()))
                .add("Async", "true")
                .build();
        Promise<AgentLeg> promise = Promise.promise();
        inFlight.put(actionId, promise);
        sender.apply(action).onComplete(r -> {
            String why = r.failed() ? r.cause().getMessage() : r.result().isSuccess() ? null : r.result().message();
            if (why != null) {
                fail(actionId, "Originate refused: " + why);
            }
        });
        context.owner().setTimer(ringStaff.plus(MARGIN).toMillis(),
                t -> fail(actionId, "no OriginateResponse within " + ringStaff.plus(MARGIN).toSeconds() + " s"));
        return promise.future();
    }

    /** Takes an OriginateResponse for one of ours; true when the event was one. */
    boolean accept(AmiMessage event) {
        if (!"OriginateResponse".equals(event.eventName())) {
            return false;
        }
        Promise<AgentLeg> p = inFlight.remove(event.actionId());
        if (p == null) {
            return false; // someone else's Originate: the translator may look at it
        }
        p.tryComplete("Success".equalsIgnoreCase(event.get("Response")) ? AgentLeg.ANSWERED : legOf(event.get("Reason")));
        return true;
    }

    /** Asterisk's originate reasons: 3 no answer, 1 hung up (rejected), 5 busy, 8 congestion, 0 or else failed. */
    private static AgentLeg legOf(String reason) {
        return switch (reason == null ? "" : reason.trim()) {
            case "3", "1" -> AgentLeg.NO_ANSWER;
            case "5", "8" -> AgentLeg.BUSY;
            default -> AgentLeg.FAILED;
        };
    }

    void failAll(String why) {
        List<Promise<AgentLeg>> all = new ArrayList<>(inFlight.values());
        inFlight.clear();
        all.forEach(p -> p.tryFail(why));
    }

    private void fail(String actionId, String why) {
        Promise<AgentLeg> p = inFlight.remove(actionId);
        if (p != null) {
            p.tryFail(why);
        }
    }

    int inFlight() {
        return inFlight.size();
    }
}
