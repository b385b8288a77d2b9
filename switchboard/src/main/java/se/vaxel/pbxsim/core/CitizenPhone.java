package se.vaxel.pbxsim.core;

import java.util.concurrent.ScheduledFuture;

/**
 * A citizen's mobile. Inbound: presses the IVR digit when asked (or nothing, if digit is ' '), and hangs up when
 * patience runs out while waiting unanswered; once connected it stays until the agent hangs up. Outbound
 * (a call-back): rings, answers after a drawn delay, talks, hangs up.
 */
public final class CitizenPhone implements Phone {

    public enum Direction { INBOUND, OUTBOUND }

    private final String number;
    private final Direction direction;
    private final char digit;
    private final long patienceMs;
    private boolean connected;
    private boolean patienceRunning;
    private ScheduledFuture<?> patience;

    public CitizenPhone(String number, Direction direction, char digit, long patienceMs) {
        this.number = number;
        this.direction = direction;
        this.digit = digit;
        this.patienceMs = patienceMs;
    }

    public String number() {
        return number;
    }

    @Override
    public void digitsWanted(PbxCore core, Channel ch) {
        if (digit == ' ' || connected) {
            return;
        }
        core.schedule(core.behaviour.digitDelayMs(), () -> {
            if (!ch.hungUp && ch.blocker != null) {
                core.dtmf(ch, digit);
            }
        });
    }

    @Override
    public void waiting(PbxCore core, Channel ch) {
        if (direction != Direction.INBOUND || patienceRunning || connected) {
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
        SimBehaviour b = core.behaviour;
        core.schedule(50, () -> core.ringing(ch));
        core.schedule(50 + b.draw(core.rng(), b.citizenAnswerMinMs(), b.citizenAnswerMaxMs()), () -> {
            if (!ch.hungUp && ch.state == 5) {
                core.answer(ch);
            }
        });
    }

    @Override
    public void connected(PbxCore core, Channel ch) {
        connected = true;
        if (patience != null) {
            patience.cancel(false);
        }
        if (direction == Direction.OUTBOUND) {
            SimBehaviour b = core.behaviour;
            core.schedule(b.draw(core.rng(), b.citizenTalkMinMs(), b.citizenTalkMaxMs()), () -> {
                if (!ch.hungUp) {
                    core.hangup(ch, 16, PbxCore.HangupKind.REMOTE);
                }
            });
        }
    }
}
