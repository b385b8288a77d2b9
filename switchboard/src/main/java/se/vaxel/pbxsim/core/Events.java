package se.vaxel.pbxsim.core;

import se.vaxel.ami.protocol.AmiMessage;

/** Builds events with Asterisk 20's header names and order (see the recordings under test resources). */
final class Events {

    static final String CALL = "call,all";
    static final String DIALPLAN = "dialplan,all";
    static final String AGENT = "agent,all";
    static final String USER = "user,all";
    static final String DTMF = "dtmf,all";

    private Events() {
    }

    static AmiMessage.Builder channelEvent(String event, String privilege, Channel ch) {
        return snapshot(AmiMessage.event(event).add("Privilege", privilege), "", ch);
    }

    /** The 14 channel snapshot headers, optionally prefixed ("Dest", "LocalOne"). */
    static AmiMessage.Builder snapshot(AmiMessage.Builder b, String prefix, Channel ch) {
        return b.add(prefix + "Channel", ch.name)
                .add(prefix + "ChannelState", Integer.toString(ch.state))
                .add(prefix + "ChannelStateDesc", Channel.stateDesc(ch.state))
                .add(prefix + "CallerIDNum", ch.cidNum)
                .add(prefix + "CallerIDName", ch.cidName)
                .add(prefix + "ConnectedLineNum", ch.connNum)
                .add(prefix + "ConnectedLineName", ch.connName)
                .add(prefix + "Language", "en")
                .add(prefix + "AccountCode", "")
                .add(prefix + "Context", ch.context)
                .add(prefix + "Exten", ch.exten)
                .add(prefix + "Priority", Integer.toString(ch.priority))
                .add(prefix + "Uniqueid", ch.uniqueid)
                .add(prefix + "Linkedid", ch.linkedid);
    }

    static AmiMessage simple(String event, String privilege, Channel ch) {
        return channelEvent(event, privilege, ch).build();
    }

    static AmiMessage newexten(Channel ch) {
        return channelEvent("Newexten", DIALPLAN, ch)
                .add("Extension", ch.exten).add("Application", ch.app).add("AppData", ch.appData).build();
    }

    static AmiMessage varSet(Channel ch, String name, String value) {
        return channelEvent("VarSet", DIALPLAN, ch).add("Variable", name).add("Value", value).build();
    }

    static AmiMessage newCallerid(Channel ch) {
        return channelEvent("NewCallerid", CALL, ch)
                .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)").build();
    }

    static AmiMessage hangup(Channel ch, int cause) {
        return channelEvent("Hangup", CALL, ch).add("Cause", Integer.toString(cause))
                .add("Cause-txt", causeText(cause)).build();
    }

    static AmiMessage hangupRequest(String event, Channel ch, int cause) {
        return channelEvent(event, CALL, ch).add("Cause", Integer.toString(cause)).build();
    }

    static String causeText(int cause) {
        return switch (cause) {
            case 0 -> "Unknown";
            case 1 -> "Unallocated (unassigned) number";
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 18 -> "No user responding";
            case 19 -> "User alerting, no answer";
            case 21 -> "Call Rejected";
            case 26 -> "Answered elsewhere";
            case 34 -> "Circuit/channel congestion";
            default -> "Unknown";
        };
    }

    /**
     * The DialEnd status for a dialled channel that went away unanswered with this cause, or null for cause 0 (the
     * call never got anywhere: no DialEnd, as recorded in 08).
     */
    static String dialStatus(int cause) {
        return switch (cause) {
            case 0 -> null;
            case 17 -> "BUSY";
            case 34 -> "CONGESTION";
            case 3, 20 -> "CHANUNAVAIL";
            default -> "NOANSWER";
        };
    }

    static AmiMessage dial(String event, Channel caller, Channel callee, String tailName, String tailValue) {
        AmiMessage.Builder b = AmiMessage.event(event).add("Privilege", CALL);
        if (caller != null) {
            snapshot(b, "", caller);
        }
        snapshot(b, "Dest", callee);
        return b.add(tailName, tailValue).build();
    }

    static AmiMessage deviceState(String device, String state) {
        return AmiMessage.event("DeviceStateChange").add("Privilege", CALL).add("Device", device).add("State", state).build();
    }

    static AmiMessage.Builder bridge(String event, Bridge br) {
        return AmiMessage.event(event).add("Privilege", CALL);
    }

    static AmiMessage.Builder bridgeFields(AmiMessage.Builder b, Bridge br) {
        return b.add("BridgeUniqueid", br.id)
                .add("BridgeType", "basic")
                .add("BridgeTechnology", "simple_bridge")
                .add("BridgeCreator", Channel.UNKNOWN)
                .add("BridgeName", Channel.UNKNOWN)
                .add("BridgeNumChannels", Integer.toString(br.members.size()))
                .add("BridgeVideoSourceMode", "none");
    }

    static AmiMessage bridgeEvent(String event, Bridge br, Channel ch) {
        AmiMessage.Builder b = bridgeFields(AmiMessage.event(event).add("Privilege", CALL), br);
        if (ch != null) {
            snapshot(b, "", ch);
        }
        return b.build();
    }

    static AmiMessage localBridge(Channel one, Channel two, String context, String exten) {
        AmiMessage.Builder b = AmiMessage.event("LocalBridge").add("Privilege", CALL);
        snapshot(b, "LocalOne", one);
        snapshot(b, "LocalTwo", two);
        return b.add("Context", context).add("Exten", exten).add("LocalOptimization", "No").build();
    }
}
