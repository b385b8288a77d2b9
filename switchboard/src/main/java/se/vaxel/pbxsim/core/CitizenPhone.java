package se.vaxel.pbxsim.core;

import java.util.concurrent.ScheduledFuture;

/**
 * A citizen's mobile. Calling in: presses the IVR digit when the dialplan reads digits, 1 or nothing when offered a
 * call-back, and hangs up when patience runs out while waiting unanswered; once connected it stays until the agent
 * hangs up. Called back (an outbound call through the trunk): answers after a drawn delay and talks, rings until the
 * caller gives up, or is busy, as the {@link Trunk} decided.
 */
public final class CitizenPhone implements Phone {

    /**
     * The prompt of the call-back offer in [vaxel-hold]. A simulated citizen tells the offer from the IVR menu by
     * what it hears: this is the one Read they answer with 1 (accepting) or nothing, not their menu digit.
     */
    static final String CALLBACK_OFFER_PROMPT = "vaxel-callback-offer";

    /** How a called citizen's phone responds. */
    public enum Pickup { ANSWERS, NO_ANSWER, BUSY }

    /** A busy line is signalled about this long after the call goes out. */
    private static final long BUSY_AFTER_MS = 300;

    private final boolean inbound;
    private final char menuDigit;
    private final long patienceMs;
    private final boolean acceptsCallback;
    private final Pickup pickup;
    private boolean connected;
    private boolean patienceRunning;
    private ScheduledFuture<?> patience;

    private CitizenPhone(boolean inbound, char menuDigit, long patienceMs, boolean acceptsCallback, Pickup pickup) {
        this.inbound = inbound;
        this.menuDigit = menuDigit;
        this.patienceMs = patienceMs;
        this.acceptsCallback = acceptsCallback;
        this.pickup = pickup;
    }

    /** A citizen calling in: presses {@code menuDigit} (' ' = nothing) and takes a call-back offer or not. */
    public static CitizenPhone calling(char menuDigit, long patienceMs, boolean acceptsCallback) {
        return new CitizenPhone(true, menuDigit, patienceMs, acceptsCallback, null);
    }

    /** A citizen the PBX calls through the trunk. */
    static CitizenPhone called(Pickup pickup) {
        return new CitizenPhone(false, ' ', 0, false, pickup);
    }

    @Override
    public void digitsWanted(PbxCore core, Channel ch, String prompt) {
        if (connected) {
            return;
        }
        boolean offer = CALLBACK_OFFER_PROMPT.equals(prompt);
        char press = offer ? (acceptsCallback ? '1' : ' ') : menuDigit;
        if (press == ' ') {
            return;
        }
        core.schedule(core.behaviour.digitDelayMs(), () -> {
            if (!ch.hungUp && ch.blocker != null) {
                if (offer) {
                    // booked: from here the dialplan ends the call, the citizen no longer waits to give up
                    stopPatience();
                }
                core.dtmf(ch, press);
            }
        });
    }

    @Override
    public void waiting(PbxCore core, Channel ch) {
        if (!inbound || patienceRunning || connected) {
            return;
        }
        // patience counts from the first time the citizen is put on hold or in a queue
        patienceRunning = true;
        patience = core.schedule(patienceMs, () -> {
            if (!ch.hungUp && !connected) {
                core.hangup(ch, 16, PbxCore.HangupKind.REMOTE);
            }
        });
    }

    @Override
    public void alerted(PbxCore core, Channel ch) {
        if (pickup == Pickup.BUSY) {
            core.schedule(BUSY_AFTER_MS, () -> core.busy(ch));
            return;
        }
        SimBehaviour b = core.behaviour;
        core.schedule(50, () -> core.ringing(ch));
        if (pickup == Pickup.NO_ANSWER) {
            // rings until the caller gives up (Dial's timeout)
            return;
        }
        core.schedule(50 + b.draw(core.rng(), b.citizenAnswerMinMs(), b.citizenAnswerMaxMs()), () -> {
            if (!ch.hungUp && ch.state == 5) {
                core.answer(ch);
            }
        });
    }

    @Override
    public void connected(PbxCore core, Channel ch) {
        connected = true;
        stopPatience();
        if (!inbound) {
            SimBehaviour b = core.behaviour;
            core.schedule(b.draw(core.rng(), b.citizenTalkMinMs(), b.citizenTalkMaxMs()), () -> {
                if (!ch.hungUp) {
                    core.hangup(ch, 16, PbxCore.HangupKind.REMOTE);
                }
            });
        }
    }

    private void stopPatience() {
        if (patience != null) {
            patience.cancel(false);
        }
    }
}
