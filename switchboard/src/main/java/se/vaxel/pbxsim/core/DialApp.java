package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Dial(tech/target[&tech/target...][,timeout[,options]]): rings the targets, bridges the first that answers,
 * and sets DIALSTATUS. Without the 'g' option a caller whose bridged peer hangs up is hung up too, as Asterisk does.
 */
final class DialApp {

    private static final String[] BOOKKEEPING = {"DIALSTATUS", "DIALEDPEERNUMBER", "DIALEDPEERNAME", "ANSWEREDTIME",
        "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS", "RINGTIME", "RINGTIME_MS", "PROGRESSTIME", "PROGRESSTIME_MS"};

    private final PbxCore core;
    private final DialplanRunner runner;

    DialApp(PbxCore core, DialplanRunner runner) {
        this.core = core;
        this.runner = runner;
    }

    Result exec(Channel caller, String data) {
        List<String> a = Apps.args(data);
        String targets = Apps.arg(a, 0);
        double timeout = Apps.seconds(Apps.arg(a, 1), 0);
        for (String v : BOOKKEEPING) {
            core.setPlainVar(caller, v, "");
        }
        Attempt attempt = new Attempt(caller);
        for (String t : targets.split("&")) {
            t = t.strip();
            if (t.isEmpty()) {
                continue;
            }
            Channel callee = core.endpoints.request(t, caller, null, null);
            if (callee == null) {
                continue;
            }
            callee.app = "AppDial";
            callee.appData = "(Outgoing Line)";
            core.setPlainVar(callee, "DIALEDPEERNUMBER", t.substring(t.indexOf('/') + 1));
            attempt.legs.add(callee);
            callee.watcher = attempt;
            core.emit(Events.dial("DialBegin", caller, callee, "DialString", t.substring(t.indexOf('/') + 1)));
            core.endpoints.alert(callee);
        }
        if (attempt.legs.isEmpty()) {
            core.setPlainVar(caller, "DIALSTATUS", "CHANUNAVAIL");
            return Result.NEXT;
        }
        caller.blocker = attempt;
        if (timeout > 0) {
            attempt.timer = core.schedule((long) (timeout * 1000), attempt::timedOut);
        }
        return Result.BLOCKED;
    }

    /** One Dial in progress: its ringing legs, then the bridge. */
    private final class Attempt extends Blocker implements CallWatcher, Bridge.Owner {
        final Channel caller;
        final List<Channel> legs = new ArrayList<>();
        final long startMs = core.nowMs();
        Channel answered;
        boolean ringtimeSet;

        Attempt(Channel caller) {
            this.caller = caller;
        }

        @Override
        public void ringing(Channel callee) {
            if (!ringtimeSet) {
                ringtimeSet = true;
                long ms = core.nowMs() - startMs;
                core.setPlainVar(caller, "RINGTIME", Long.toString(ms / 1000));
                core.setPlainVar(caller, "RINGTIME_MS", Long.toString(ms));
            }
            core.emit(Events.dial("DialState", caller, callee, "DialStatus", "RINGING"));
            if (!caller.isUp()) {
                // Dial passes the ringing back to an unanswered caller (a Local ;2 rings its ;1)
                core.ringing(caller);
            }
        }

        @Override
        public void answered(Channel callee) {
            if (answered != null || caller.hungUp) {
                return;
            }
            cancelTimer();
            answered = callee;
            core.emit(Events.dial("DialEnd", caller, callee, "DialStatus", "ANSWER"));
            // an unanswered caller is answered when the callee picks up, as Dial does
            core.answer(caller);
            for (Channel other : legs) {
                if (other != callee && !other.hungUp) {
                    other.watcher = null;
                    core.emit(Events.dial("DialEnd", caller, other, "DialStatus", "CANCEL"));
                    core.hangup(other, 26, PbxCore.HangupKind.SILENT);
                }
            }
            core.setPlainVar(caller, "DIALEDPEERNAME", callee.name);
            core.setPlainVar(caller, "DIALSTATUS", "ANSWER");
            core.setConnected(caller, callee.cidNum, callee.cidName);
            core.bridge(callee, caller, this);
        }

        @Override
        public void failed(Channel callee, int cause) {
            if (answered != null) {
                return;
            }
            String status = cause == 17 ? "BUSY" : cause == 34 ? "CONGESTION" : "CHANUNAVAIL";
            core.emit(Events.dial("DialEnd", caller, callee, "DialStatus", status));
            legs.remove(callee);
            if (legs.isEmpty() && caller.blocker == this) {
                cancelTimer();
                finish(status);
            }
        }

        void timedOut() {
            if (caller.blocker != this || answered != null) {
                return;
            }
            for (Channel leg : legs) {
                if (!leg.hungUp) {
                    leg.watcher = null;
                    core.emit(Events.dial("DialEnd", caller, leg, "DialStatus", "NOANSWER"));
                    core.hangup(leg, 0, PbxCore.HangupKind.SILENT);
                }
            }
            finish("NOANSWER");
        }

        private void finish(String status) {
            // an unanswered Dial sets only DIALSTATUS here (15-route-mode-reference)
            core.setPlainVar(caller, "DIALSTATUS", status);
            runner.resume(caller);
        }

        /** The bridge is over, whoever hung up: Dial's closing bookkeeping, in the order recorded in 08. */
        private void bridgeEnded() {
            times();
            core.setPlainVar(caller, "DIALSTATUS", "ANSWER");
        }

        private void times() {
            long now = core.nowMs();
            // measured from the caller channel's creation/answer, as the recordings show
            long dialed = now - caller.createdMs;
            long ans = answered == null || caller.answeredMs == 0 ? 0 : now - caller.answeredMs;
            core.setPlainVar(caller, "ANSWEREDTIME", Long.toString(ans / 1000));
            core.setPlainVar(caller, "ANSWEREDTIME_MS", Long.toString(ans));
            core.setPlainVar(caller, "DIALEDTIME", Long.toString(dialed / 1000));
            core.setPlainVar(caller, "DIALEDTIME_MS", Long.toString(dialed));
        }

        @Override
        void interrupt(Reason reason) {
            cancelTimer();
            if (answered == null) {
                for (Channel leg : legs) {
                    if (!leg.hungUp) {
                        leg.watcher = null;
                        core.emit(Events.dial("DialEnd", caller, leg, "DialStatus", "CANCEL"));
                        core.hangup(leg, 0, PbxCore.HangupKind.SILENT);
                    }
                }
                if (reason == Reason.HANGUP) {
                    // the caller gave up while the callees rang; an h extension reads this
                    core.setPlainVar(caller, "DIALSTATUS", "CANCEL");
                }
            }
            // a bridged call: the caller's leaveBridge() settles the callee
        }

        @Override
        public void memberLeft(Bridge bridge, Channel gone) {
            core.dissolve(bridge);
            if (gone == caller) {
                core.hangup(answered, 16, PbxCore.HangupKind.SOFT);
                // before the caller's h extension runs: it may report the call's DIALSTATUS and ANSWEREDTIME
                bridgeEnded();
                return;
            }
            // the callee hung up: Dial ends, and without 'g' the caller is hung up as well
            bridgeEnded();
            caller.blocker = null;
            // on the caller's own turn, after the callee's Hangup, as Asterisk's caller thread does it
            core.execute(() -> core.hangup(caller, 16, PbxCore.HangupKind.SOFT));
        }
    }
}
