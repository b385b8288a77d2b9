package se.vaxel.pbxsim.core;

/**
 * An agent's desk phone: rings at once when called, answers after a drawn delay (or never: a "missed" call),
 * talks for a drawn time once connected, then hangs up. It has one line: called while it has a call, it is busy.
 */
final class AgentPhone implements Phone {

    private final String extension;

    AgentPhone(String extension) {
        this.extension = extension;
    }

    @Override
    public void alerted(PbxCore core, Channel ch) {
        if (core.deviceHasOtherCall(ch)) {
            // one line, no call waiting: a phone already ringing or in a call answers busy
            core.schedule(20, () -> core.busy(ch));
            return;
        }
        SimBehaviour b = core.behaviour;
        boolean missed = core.rng().nextDouble() < b.agentMissedShare() || b.neverAnswer().contains(extension);
        long answerIn = b.draw(core.rng(), b.agentAnswerMinMs(), b.agentAnswerMaxMs());
        core.schedule(20, () -> core.ringing(ch));
        if (!missed) {
            core.schedule(20 + answerIn, () -> {
                if (!ch.hungUp && ch.state == 5) {
                    core.answer(ch);
                }
            });
        }
    }

    @Override
    public void connected(PbxCore core, Channel ch) {
        SimBehaviour b = core.behaviour;
        long talk = b.draw(core.rng(), b.agentTalkMinMs(), b.agentTalkMaxMs());
        core.schedule(talk, () -> {
            if (!ch.hungUp) {
                core.hangup(ch, 16, PbxCore.HangupKind.REMOTE);
            }
        });
    }

    @Override
    public String toString() {
        return "agent phone " + extension;
    }
}
