package se.vaxel.pbxsim.core;

import java.util.List;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * AMI Originate (always asynchronous here): creates the channel, rings it, and when it answers runs
 * Context/Exten/Priority or Application/Data on it. The result is an OriginateResponse event, Success with
 * Reason 4 or Failure with Reason 0 (no such channel/extension), 3 (no answer) or 1 (hung up), shaped as recorded.
 */
public final class Originator {

    private final PbxCore core;

    Originator(PbxCore core) {
        this.core = core;
    }

    public record Request(String actionId, String channel, String context, String exten, int priority,
                          String application, String data, long timeoutMs, String callerId,
                          List<String> variables, String channelId, String otherChannelId) {
    }

    public void originate(Request r) {
        Channel ch = core.endpoints.request(r.channel(), null, r.channelId(), r.otherChannelId());
        if (ch == null) {
            failure(r, null, 0);
            return;
        }
        ch.app = "AppDial2";
        ch.appData = "(Outgoing Line)";
        for (String v : r.variables()) {
            for (String kv : v.split(",")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    core.setVar(ch, kv.substring(0, eq).strip(), kv.substring(eq + 1));
                }
            }
        }
        if (r.callerId() != null && !r.callerId().isBlank()) {
            String[] cid = PbxCore.parseCallerId(r.callerId());
            core.setCallerId(ch, cid[0], cid[1] == null ? cid[0] : cid[1]);
            core.setConnected(ch, ch.cidNum, ch.cidName);
            if (ch.localPeer != null) {
                core.setCallerId(ch.localPeer, ch.cidNum, ch.cidName);
                core.setConnected(ch.localPeer, ch.cidNum, ch.cidName);
            }
        }
        core.emit(Events.dial("DialBegin", null, ch, "DialString", r.channel().substring(r.channel().indexOf('/') + 1)));
        Watch w = new Watch(r, ch);
        ch.watcher = w;
        w.timer = core.schedule(r.timeoutMs() <= 0 ? 30_000 : r.timeoutMs(), w::timedOut);
        core.endpoints.alert(ch);
    }

    private final class Watch implements CallWatcher {
        final Request r;
        final Channel ch;
        java.util.concurrent.ScheduledFuture<?> timer;
        boolean done;

        Watch(Request r, Channel ch) {
            this.r = r;
            this.ch = ch;
        }

        @Override
        public void ringing(Channel callee) {
        }

        @Override
        public void answered(Channel callee) {
            if (done) {
                return;
            }
            done = true;
            timer.cancel(false);
            AmiMessage.Builder b = head(r, "Success").add("Channel", ch.name);
            addTarget(b, r);
            core.emit(b.add("Reason", "4").add("Uniqueid", ch.uniqueid).add("CallerIDNum", ch.cidNum)
                    .add("CallerIDName", ch.cidName).build());
            core.emit(Events.dial("DialEnd", null, ch, "DialStatus", "ANSWER"));
            if (r.application() != null && !r.application().isBlank()) {
                core.runner.runApplication(ch, r.application(), r.data() == null ? "" : r.data());
            } else {
                ch.context = r.context();
                ch.exten = r.exten();
                ch.priority = r.priority();
                core.runner.run(ch);
            }
        }

        @Override
        public void failed(Channel callee, int cause) {
            if (done) {
                return;
            }
            done = true;
            timer.cancel(false);
            failure(r, ch, cause == 17 ? 5 : 0);
        }

        void timedOut() {
            if (done || ch.hungUp) {
                return;
            }
            done = true;
            ch.watcher = null;
            core.emit(Events.dial("DialEnd", null, ch, "DialStatus", "NOANSWER"));
            core.hangup(ch, 0, PbxCore.HangupKind.SILENT);
            failure(r, ch, 3);
        }
    }

    private void failure(Request r, Channel ch, int reason) {
        // Asterisk reports the dial string it was given, without the channel suffix, and no Uniqueid
        AmiMessage.Builder b = head(r, "Failure").add("Channel", r.channel());
        addTarget(b, r);
        core.emit(b.add("Reason", Integer.toString(reason)).add("Uniqueid", Channel.UNKNOWN)
                .add("CallerIDNum", Channel.UNKNOWN).add("CallerIDName", Channel.UNKNOWN).build());
    }

    private static AmiMessage.Builder head(Request r, String response) {
        AmiMessage.Builder b = AmiMessage.event("OriginateResponse").add("Privilege", Events.CALL);
        if (r.actionId() != null) {
            b.add("ActionID", r.actionId());
        }
        return b.add("Response", response);
    }

    private static void addTarget(AmiMessage.Builder b, Request r) {
        if (r.application() != null && !r.application().isBlank()) {
            b.add("Application", r.application()).add("Data", r.data() == null ? "" : r.data());
        } else {
            b.add("Context", r.context()).add("Exten", r.exten());
        }
    }
}
