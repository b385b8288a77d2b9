package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * AMI Originate (always asynchronous here): creates the channel, rings it, and when it answers runs
 * Context/Exten/Priority or Application/Data on it. The result is an OriginateResponse event: Success with Reason 4,
 * or Failure with the reason Asterisk 20 derives from how the dial ended: 3 no answer before the timeout, 5 busy,
 * 8 congestion, 0 anything else (no such endpoint, the far end went away). Asterisk's 1 (hung up) needs a calling
 * channel, which an Originate does not have, so it never comes.
 */
public final class Originator {

    private final PbxCore core;

    Originator(PbxCore core) {
        this.core = core;
    }

    public record Request(String actionId, String channel, String context, String exten, int priority,
                          String application, String data, long timeoutMs, String callerId,
                          List<String> variables, String channelId, String otherChannelId) {

        /** The CallerID header as manager.c reads it: [number, name], each null when absent. */
        String[] callerIdParts() {
            return parseCallerId(callerId);
        }
    }

    public void originate(Request r) {
        Channel ch = core.endpoints.request(r.channel(), null, r.channelId(), r.otherChannelId());
        if (ch == null) {
            failure(r, 0);
            return;
        }
        ch.app = "AppDial2";
        ch.appData = "(Outgoing Line)";
        for (String[] kv : variables(r.variables())) {
            core.setVar(ch, kv[0], kv[1]);
        }
        String[] cid = r.callerIdParts();
        if (cid[0] != null || cid[1] != null) {
            core.setCallerId(ch, cid[0], cid[1]);
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

    /**
     * Variable headers, each {@code NAME=value} or several joined by commas. manager.c prepends each pair to its
     * list, so they are set in reverse order (CASE_ID before CITIZEN_TALK in recording 08).
     */
    static List<String[]> variables(List<String> headers) {
        List<String[]> out = new ArrayList<>();
        for (String v : headers) {
            for (String kv : Apps.args(v.stripLeading())) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * {@code "Name" <number>}, {@code Name <number>}, a bare number or a bare name -> [number, name], nulls for what
     * is missing. A number loses the ( ) - . and spaces people write in it.
     */
    static String[] parseCallerId(String s) {
        if (s == null || s.isBlank()) {
            return new String[] {null, null};
        }
        String t = s.strip();
        boolean quoted = t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
        String number;
        String name;
        if (t.indexOf('<') >= 0) {
            String[] parts = PbxCore.parseCallerId(t.indexOf('>') < 0 ? t + ">" : t);
            number = parts[0];
            name = parts[1];
        } else if (!quoted && isPhoneNumber(shrink(t))) {
            number = t;
            name = null;
        } else {
            number = null;
            name = quoted ? t.substring(1, t.length() - 1) : t;
        }
        number = number == null ? null : shrink(number);
        return new String[] {number == null || number.isEmpty() ? null : number,
            name == null || name.isEmpty() ? null : name};
    }

    private static String shrink(String number) {
        return number.replaceAll("[()\\-. ]", "");
    }

    private static boolean isPhoneNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> "0123456789*#+".indexOf(c) >= 0);
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
            core.emit(addTail(b, r, 4, ch.uniqueid).build());
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
            String status = Events.dialStatus(cause);
            if (status != null) {
                core.emit(Events.dial("DialEnd", null, ch, "DialStatus", status));
            }
            // the response follows the channel's Hangup, which the hang-up in progress has yet to send
            core.execute(() -> failure(r, reason(cause)));
        }

        void timedOut() {
            if (done || ch.hungUp) {
                return;
            }
            done = true;
            ch.watcher = null;
            core.emit(Events.dial("DialEnd", null, ch, "DialStatus", "NOANSWER"));
            core.hangup(ch, 19, PbxCore.HangupKind.SILENT);
            failure(r, 3);
        }
    }

    /** The originate reason for a far end that went away unanswered: busy and congestion are signalled, the rest 0. */
    private static int reason(int cause) {
        return switch (cause) {
            case 17 -> 5;
            case 21, 27, 34, 38, 41, 42 -> 8;
            default -> 0;
        };
    }

    private void failure(Request r, int reason) {
        // Asterisk reports the dial string it was given, without the channel suffix, and the ChannelId if one was asked
        AmiMessage.Builder b = head(r, "Failure").add("Channel", r.channel());
        addTarget(b, r);
        String uniqueid = r.channelId() == null || r.channelId().isBlank() ? Channel.UNKNOWN : r.channelId();
        core.emit(addTail(b, r, reason, uniqueid).build());
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

    /** Reason, Uniqueid, and the caller ID the action asked for (not the channel's), as manager.c reports them. */
    private static AmiMessage.Builder addTail(AmiMessage.Builder b, Request r, int reason, String uniqueid) {
        String[] cid = r.callerIdParts();
        return b.add("Reason", Integer.toString(reason)).add("Uniqueid", uniqueid)
                .add("CallerIDNum", cid[0] == null ? Channel.UNKNOWN : cid[0])
                .add("CallerIDName", cid[1] == null ? Channel.UNKNOWN : cid[1]);
    }
}
