package se.vaxel.pbxsim.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import se.vaxel.ami.protocol.AmiMessage;

/**
 * The AMI actions the simulator answers, run on the core thread. Responses, messages and list framing are the ones
 * Asterisk 20.20.1 sends (see the recordings); the error texts follow manager.c and app_queue.c.
 */
public final class ManagerActions {

    static final String VERSION = "20.20.1";
    private static final DateTimeFormatter TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private final PbxCore core;
    private final String username;
    private final String secret;
    private final SecureRandom challenges = new SecureRandom();
    private final Map<String, BiConsumer<AmiPeer, AmiMessage>> actions = new LinkedHashMap<>();
    private final Map<String, String> synopsis = new LinkedHashMap<>();

    public ManagerActions(PbxCore core, String username, String secret) {
        this.core = core;
        this.username = username;
        this.secret = secret;
        register("Ping", "Keepalive command.", this::ping);
        register("Events", "Control Event Flow.", this::events);
        register("Command", "Execute Asterisk CLI Command.", this::command);
        register("CoreSettings", "Show PBX core settings (version etc).", this::coreSettings);
        register("Originate", "Originate a call.", this::originate);
        register("Redirect", "Redirect (transfer) a call.", this::redirect);
        register("Hangup", "Hangup channel.", this::hangup);
        register("Getvar", "Gets a channel variable or function value.", this::getvar);
        register("Setvar", "Sets a channel variable or function value.", this::setvar);
        register("Status", "List channel status.", this::status);
        register("CoreShowChannels", "List currently active channels.", this::coreShowChannels);
        register("QueueStatus", "Show queue status.", this::queueStatus);
        register("QueueSummary", "Show queue summary.", this::queueSummary);
        register("QueueAdd", "Add interface to queue.", this::queueAdd);
        register("QueueRemove", "Remove interface from queue.", this::queueRemove);
        register("QueuePause", "Makes a queue member temporarily unavailable.", this::queuePause);
        register("BridgeList", "Get a list of bridges in the system.", this::bridgeList);
        register("BridgeInfo", "Get information about a bridge.", this::bridgeInfo);
        register("DeviceStateList", "List the current known device states.", this::deviceStateList);
        register("ListCommands", "List available manager commands.", this::listCommands);
    }

    private void register(String name, String text, BiConsumer<AmiPeer, AmiMessage> h) {
        actions.put(name.toLowerCase(), h);
        synopsis.put(name, text);
    }

    /** Entry point for every message a connection sends. */
    public void handle(AmiPeer peer, AmiMessage msg) {
        String action = msg.actionName();
        if (action == null) {
            reply(peer, error(msg, "Missing action in request"));
            return;
        }
        switch (action.toLowerCase()) {
            case "login" -> login(peer, msg);
            case "challenge" -> challenge(peer, msg);
            case "logoff" -> {
                reply(peer, AmiMessage.response("Goodbye").addIfPresent("ActionID", msg.actionId())
                        .add("Message", "Thanks for all the fish.").build());
                peer.closeAfterFlush();
            }
            default -> {
                if (!peer.authenticated()) {
                    reply(peer, error(msg, "Permission denied"));
                    return;
                }
                BiConsumer<AmiPeer, AmiMessage> h = actions.get(action.toLowerCase());
                if (h == null) {
                    reply(peer, error(msg, "Invalid/unknown command: " + action
                            + ". Use Action: ListCommands to show available commands."));
                    peer.pendingBadFormat(action);
                    return;
                }
                h.accept(peer, msg);
            }
        }
    }

    /** Sends a response; a RequestBadFormat owed for an earlier unknown action follows it, as recorded. */
    private void reply(AmiPeer peer, AmiMessage m) {
        peer.send(m);
        String bad = peer.pendingBadFormat();
        if (bad != null && peer.eventsOn()) {
            peer.pendingBadFormat(null);
            String tv = TV.format(Instant.ofEpochMilli(core.nowMs()));
            peer.send(AmiMessage.event("RequestBadFormat").add("Privilege", "security,all").add("EventTV", tv)
                    .add("Severity", "Error").add("Service", "AMI").add("EventVersion", "1")
                    .add("SessionID", peer.sessionId()).add("LocalAddress", peer.localAddress())
                    .add("RemoteAddress", peer.remoteAddress()).add("RequestType", "Action: " + bad)
                    .add("SessionTV", tv).add("AccountID", username).build());
        }
    }

    private static AmiMessage error(AmiMessage req, String message) {
        return AmiMessage.response("Error").addIfPresent("ActionID", req.actionId()).add("Message", message).build();
    }

    private static AmiMessage.Builder success(AmiMessage req) {
        return AmiMessage.response("Success").addIfPresent("ActionID", req.actionId());
    }

    private static AmiMessage successMsg(AmiMessage req, String message) {
        return success(req).add("Message", message).build();
    }

    // ---- session ------------------------------------------------------------------------------

    private void login(AmiPeer peer, AmiMessage msg) {
        if (peer.authenticated()) {
            reply(peer, successMsg(msg, "Already authenticated"));
            return;
        }
        String user = msg.get("Username");
        boolean ok = username.equals(user);
        if (ok) {
            if ("md5".equalsIgnoreCase(msg.get("AuthType"))) {
                String c = peer.challenge();
                ok = c != null && md5Hex(c + secret).equalsIgnoreCase(msg.get("Key", ""));
            } else {
                ok = secret.equals(msg.get("Secret"));
            }
        }
        if (!ok) {
            // Asterisk answers a failed login about a second late and then drops the connection
            peer.pendingBadFormat(null);
            core.schedule(1000, () -> {
                peer.send(error(msg, "Authentication failed"));
                peer.closeAfterFlush();
            });
            peer.closeAfterFlush();
            return;
        }
        String ev = msg.get("Events", "on");
        peer.authenticated(user, !ev.equalsIgnoreCase("off"));
        peer.send(successMsg(msg, "Authentication accepted"));
        long uptime = (core.nowMs() - core.startMs()) / 1000;
        if (peer.eventsOn()) {
            peer.send(AmiMessage.event("FullyBooted").add("Privilege", "system,all").add("Uptime", Long.toString(uptime))
                    .add("LastReload", Long.toString(uptime)).add("Status", "Fully Booted").build());
            String tv = TV.format(Instant.ofEpochMilli(core.nowMs()));
            peer.send(AmiMessage.event("SuccessfulAuth").add("Privilege", "security,all").add("EventTV", tv)
                    .add("Severity", "Informational").add("Service", "AMI").add("EventVersion", "1")
                    .add("AccountID", user).add("SessionID", peer.sessionId()).add("LocalAddress", peer.localAddress())
                    .add("RemoteAddress", peer.remoteAddress()).add("UsingPassword", "0").add("SessionTV", tv).build());
        }
    }

    private void challenge(AmiPeer peer, AmiMessage msg) {
        if (!"md5".equalsIgnoreCase(msg.get("AuthType"))) {
            reply(peer, error(msg, "Must specify AuthType"));
            return;
        }
        String c = Long.toString(Integer.toUnsignedLong(challenges.nextInt()));
        peer.challenge(c);
        reply(peer, success(msg).add("Challenge", c).build());
    }

    /** md5 hex of challenge + secret, the Key of an MD5 Login. */
    public static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ping(AmiPeer peer, AmiMessage msg) {
        long micros = core.nowMs() * 1000 + (System.nanoTime() / 1000) % 1000;
        reply(peer, success(msg).add("Ping", "Pong")
                .add("Timestamp", (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000)).build());
    }

    private void events(AmiPeer peer, AmiMessage msg) {
        String mask = msg.get("EventMask", "on");
        boolean on = !mask.equalsIgnoreCase("off");
        peer.eventsOn(on);
        reply(peer, success(msg).add("Events", on ? "On" : "Off").build());
    }

    // ---- CLI and settings -------------------------------------------------------------------------

    private void command(AmiPeer peer, AmiMessage msg) {
        String cmd = msg.get("Command", "").strip().replaceAll("\\s+", " ");
        if (cmd.isEmpty()) {
            reply(peer, error(msg, "No command provided"));
            return;
        }
        List<String> out = new ArrayList<>();
        boolean known = true;
        switch (cmd) {
            case "core show version" -> out.add("Asterisk " + VERSION + " built by pbxsim @ localhost on a x86_64 running Linux on "
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochMilli(core.startMs())) + " UTC");
            case "core show channels", "core show channels concise" -> {
                boolean concise = cmd.endsWith("concise");
                if (!concise) {
                    out.add(String.format("%-64.64s %-32.32s %-7.7s %-30.30s", "Channel", "Location", "State", "Application(Data)"));
                }
                for (Channel c : core.channels().values()) {
                    if (concise) {
                        out.add(String.join("!", c.name, c.context, c.exten, Integer.toString(c.priority),
                                Channel.stateDesc(c.state), c.app, c.appData, c.cidNum, "", "", "3",
                                Long.toString((core.nowMs() - c.createdMs) / 1000), c.bridge == null ? "(None)" : c.bridge.id,
                                c.uniqueid));
                    } else {
                        out.add(String.format("%-64.64s %-32.32s %-7.7s %-30.30s", c.name,
                                c.exten + "@" + c.context + ":" + c.priority, Channel.stateDesc(c.state),
                                c.app + "(" + c.appData + ")"));
                    }
                }
                if (!concise) {
                    int n = core.channels().size();
                    out.add(n + " active channel" + (n == 1 ? "" : "s"));
                    long calls = core.channels().values().stream().map(c -> c.linkedid).distinct().count();
                    out.add(calls + " active call" + (calls == 1 ? "" : "s"));
                    out.add(core.callsProcessed() + " call" + (core.callsProcessed() == 1 ? "" : "s") + " processed");
                }
            }
            default -> known = false;
        }
        AmiMessage.Builder b = AmiMessage.response(known ? "Success" : "Error").addIfPresent("ActionID", msg.actionId())
                .add("Message", "Command output follows");
        if (!known) {
            b.add("Output", "No such command '" + cmd + "' (type 'core show help " + cmd + "' for other possible commands)");
        }
        for (String line : out) {
            b.add("Output", line);
        }
        reply(peer, b.build());
    }

    private void coreSettings(AmiPeer peer, AmiMessage msg) {
        reply(peer, success(msg).add("AMIversion", "9.0.0").add("AsteriskVersion", VERSION).add("SystemName", "")
                .add("CoreMaxCalls", "0").add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "asterisk")
                .add("CoreRunGroup", "asterisk").add("CoreMaxFilehandles", "0").add("CoreRealTimeEnabled", "No")
                .add("CoreCDRenabled", "No").add("CoreHTTPenabled", "No").add("SoundsSearchCustomDir", "No").build());
    }

    // ---- calls --------------------------------------------------------------------------------------

    private void originate(AmiPeer peer, AmiMessage msg) {
        String channel = msg.get("Channel");
        if (channel == null || channel.isBlank()) {
            reply(peer, error(msg, "Channel not specified"));
            return;
        }
        int prio = 1;
        String p = msg.get("Priority");
        if (p != null && !p.isBlank()) {
            try {
                prio = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                reply(peer, error(msg, "Invalid priority"));
                return;
            }
        }
        String app = msg.get("Application");
        String exten = msg.get("Exten");
        if ((app == null || app.isBlank()) && (exten == null || exten.isBlank())) {
            reply(peer, error(msg, "Exten not specified"));
            return;
        }
        long timeout = 30_000;
        try {
            timeout = Long.parseLong(msg.get("Timeout", "30000").strip());
        } catch (NumberFormatException e) {
            reply(peer, error(msg, "Invalid timeout"));
            return;
        }
        if (channel.indexOf('/') < 0) {
            reply(peer, error(msg, "Invalid channel"));
            return;
        }
        reply(peer, successMsg(msg, "Originate successfully queued"));
        Originator.Request r = new Originator.Request(msg.actionId(), channel.strip(), msg.get("Context", "default"),
                exten, prio, app, msg.get("Data"), timeout, msg.get("CallerID"), msg.getAll("Variable"),
                msg.get("ChannelId"), msg.get("OtherChannelId"));
        // the OriginateResponse and channel events come after the response, from the next turn
        core.execute(() -> core.originator.originate(r));
    }

    private void redirect(AmiPeer peer, AmiMessage msg) {
        String name = msg.get("Channel");
        if (name == null || name.isBlank()) {
            reply(peer, error(msg, "Channel not specified"));
            return;
        }
        Channel ch = core.channel(name);
        if (ch == null) {
            reply(peer, error(msg, "Channel does not exist: " + name));
            return;
        }
        String exten = msg.get("Exten");
        String context = msg.get("Context", ch.context);
        int prio;
        try {
            prio = Integer.parseInt(msg.get("Priority", "1").strip());
        } catch (NumberFormatException e) {
            reply(peer, error(msg, "Invalid priority"));
            return;
        }
        if (exten == null || exten.isBlank()) {
            reply(peer, error(msg, "Exten not specified"));
            return;
        }
        Channel extra = null;
        String extraName = msg.get("ExtraChannel");
        if (extraName != null && !extraName.isBlank()) {
            extra = core.channel(extraName);
            if (extra == null) {
                reply(peer, error(msg, "ExtraChannel does not exist: " + extraName));
                return;
            }
        }
        reply(peer, successMsg(msg, "Redirect successful"));
        core.runner.redirect(ch, context, exten.strip(), prio);
        if (extra != null) {
            core.runner.redirect(extra, msg.get("ExtraContext", context), msg.get("ExtraExten", exten).strip(),
                    Integer.parseInt(msg.get("ExtraPriority", Integer.toString(prio)).strip()));
        }
    }

    private void hangup(AmiPeer peer, AmiMessage msg) {
        String name = msg.get("Channel");
        if (name == null || name.isBlank()) {
            reply(peer, error(msg, "No channel specified"));
            return;
        }
        Channel ch = core.channel(name);
        if (ch == null) {
            reply(peer, error(msg, "No such channel"));
            return;
        }
        int cause = 16;
        try {
            cause = Integer.parseInt(msg.get("Cause", "16").strip());
        } catch (NumberFormatException ignored) {
            // Asterisk ignores a bad cause too
        }
        reply(peer, successMsg(msg, "Channel Hungup"));
        core.hangup(ch, cause, PbxCore.HangupKind.SOFT);
    }

    private void getvar(AmiPeer peer, AmiMessage msg) {
        String var = msg.get("Variable");
        if (var == null || var.isBlank()) {
            reply(peer, error(msg, "No variable specified"));
            return;
        }
        String name = msg.get("Channel");
        Channel ch = null;
        if (name != null && !name.isBlank()) {
            ch = core.channel(name);
            if (ch == null) {
                reply(peer, error(msg, "No such channel"));
                return;
            }
        }
        String value = core.vars().lookup(ch, var.strip());
        reply(peer, success(msg).add("Variable", var).add("Value", value).build());
    }

    private void setvar(AmiPeer peer, AmiMessage msg) {
        String var = msg.get("Variable");
        if (var == null || var.isBlank()) {
            reply(peer, error(msg, "No variable specified"));
            return;
        }
        String name = msg.get("Channel");
        String value = msg.get("Value", "");
        if (name == null || name.isBlank()) {
            reply(peer, successMsg(msg, "Variable Set"));
            core.globals().put(var.strip(), value);
            return;
        }
        Channel ch = core.channel(name);
        if (ch == null) {
            reply(peer, error(msg, "No such channel"));
            return;
        }
        reply(peer, successMsg(msg, "Variable Set"));
        core.setVar(ch, var.strip(), value);
    }

    // ---- lists ----------------------------------------------------------------------------------------

    private void status(AmiPeer peer, AmiMessage msg) {
        String name = msg.get("Channel");
        List<Channel> list = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            Channel ch = core.channel(name);
            if (ch == null) {
                reply(peer, error(msg, "No such channel"));
                return;
            }
            list.add(ch);
        } else {
            list.addAll(core.channels().values());
        }
        boolean all = "true".equalsIgnoreCase(msg.get("AllVariables", "false"))
                || "yes".equalsIgnoreCase(msg.get("AllVariables", "no"));
        reply(peer, success(msg).add("EventList", "start").add("Message", "Channel status will follow").build());
        for (Channel c : list) {
            AmiMessage.Builder b = Events.snapshot(AmiMessage.event("Status").add("Privilege", "Call"), "", c);
            b.add("Type", c.name.substring(0, c.name.indexOf('/'))).add("DNID", "")
                    .add("EffectiveConnectedLineNum", c.connNum).add("EffectiveConnectedLineName", c.connName)
                    .add("TimeToHangup", "0").add("BridgeID", c.bridge == null ? "" : c.bridge.id)
                    .add("Application", c.app).add("Data", c.appData).add("Nativeformats", "(ulaw)")
                    .add("Readformat", "ulaw").add("Readtrans", "").add("Writeformat", "ulaw").add("Writetrans", "")
                    .add("Callgroup", "0").add("Pickupgroup", "0")
                    .add("Seconds", Long.toString((core.nowMs() - c.createdMs) / 1000));
            if (all) {
                for (Map.Entry<String, String> v : c.vars.entrySet()) {
                    b.add("Variable", v.getKey() + "=" + v.getValue());
                }
            }
            peer.send(b.addIfPresent("ActionID", msg.actionId()).build());
        }
        peer.send(complete("StatusComplete", msg, list.size()).add("Items", Integer.toString(list.size())).build());
    }

    private static AmiMessage.Builder complete(String event, AmiMessage req, int n) {
        return AmiMessage.event(event).addIfPresent("ActionID", req.actionId()).add("EventList", "Complete")
                .add("ListItems", Integer.toString(n));
    }

    private void coreShowChannels(AmiPeer peer, AmiMessage msg) {
        reply(peer, success(msg).add("EventList", "start").add("Message", "Channels will follow").build());
        int n = 0;
        for (Channel c : core.channels().values()) {
            AmiMessage.Builder b = AmiMessage.event("CoreShowChannel").addIfPresent("ActionID", msg.actionId());
            Events.snapshot(b, "", c);
            long s = (core.nowMs() - c.createdMs) / 1000;
            b.add("Application", c.app).add("ApplicationData", c.appData)
                    .add("Duration", String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60))
                    .add("BridgeId", c.bridge == null ? "" : c.bridge.id);
            peer.send(b.build());
            n++;
        }
        peer.send(complete("CoreShowChannelsComplete", msg, n).build());
    }

    private void queueStatus(AmiPeer peer, AmiMessage msg) {
        String queue = msg.get("Queue");
        reply(peer, success(msg).add("EventList", "start").add("Message", "Queue status will follow").build());
        int n = 0;
        for (QueueState q : core.queues.all().values()) {
            if (queue != null && !queue.isBlank() && !q.name().equals(queue)) {
                continue;
            }
            for (AmiMessage m : core.queues.statusItems(q, msg.actionId(), msg.get("Member"))) {
                peer.send(m);
                n++;
            }
        }
        peer.send(complete("QueueStatusComplete", msg, n).build());
    }

    private void queueSummary(AmiPeer peer, AmiMessage msg) {
        String queue = msg.get("Queue");
        reply(peer, success(msg).add("EventList", "start").add("Message", "Queue summary will follow").build());
        int n = 0;
        for (QueueState q : core.queues.all().values()) {
            if (queue != null && !queue.isBlank() && !q.name().equals(queue)) {
                continue;
            }
            peer.send(core.queues.summary(q, msg.actionId()));
            n++;
        }
        peer.send(complete("QueueSummaryComplete", msg, n).build());
    }

    private void queueAdd(AmiPeer peer, AmiMessage msg) {
        String queue = msg.get("Queue");
        String iface = msg.get("Interface");
        if (queue == null || queue.isBlank()) {
            reply(peer, error(msg, "'Queue' not specified."));
            return;
        }
        if (iface == null || iface.isBlank()) {
            reply(peer, error(msg, "'Interface' not specified."));
            return;
        }
        int penalty = 0;
        try {
            penalty = Integer.parseInt(msg.get("Penalty", "0").strip());
        } catch (NumberFormatException ignored) {
            // as app_queue: a bad penalty counts as 0
        }
        boolean paused = isTrue(msg.get("Paused", "false"));
        String err = core.queues.add(queue, iface, msg.get("MemberName"), msg.get("StateInterface"), penalty, paused,
                msg.get("Reason"));
        if (err != null) {
            reply(peer, error(msg, err));
            return;
        }
        reply(peer, successMsg(msg, "Added interface to queue"));
    }

    private void queueRemove(AmiPeer peer, AmiMessage msg) {
        String queue = msg.get("Queue");
        String iface = msg.get("Interface");
        if (queue == null || queue.isBlank() || iface == null || iface.isBlank()) {
            reply(peer, error(msg, "Need 'Queue' and 'Interface' parameters."));
            return;
        }
        String err = core.queues.remove(queue, iface);
        if (err != null) {
            reply(peer, error(msg, err));
            return;
        }
        reply(peer, successMsg(msg, "Removed interface from queue"));
    }

    private void queuePause(AmiPeer peer, AmiMessage msg) {
        String iface = msg.get("Interface");
        String paused = msg.get("Paused");
        if (iface == null || iface.isBlank() || paused == null || paused.isBlank()) {
            reply(peer, error(msg, "Need 'Interface' and 'Paused' parameters."));
            return;
        }
        boolean p = isTrue(paused);
        if (!core.queues.isMember(msg.get("Queue"), iface)) {
            reply(peer, error(msg, "Interface not found"));
            return;
        }
        // respond first: the QueueMemberPause events follow the response
        reply(peer, successMsg(msg, p ? "Interface paused successfully" : "Interface unpaused successfully"));
        core.queues.pause(msg.get("Queue"), iface, p, msg.get("Reason"));
    }

    private void bridgeList(AmiPeer peer, AmiMessage msg) {
        reply(peer, success(msg).add("EventList", "start").add("Message", "Bridge listing will follow").build());
        int n = 0;
        for (Bridge br : core.bridges().values()) {
            peer.send(Events.bridgeFields(AmiMessage.event("BridgeListItem").addIfPresent("ActionID", msg.actionId()), br)
                    .build());
            n++;
        }
        peer.send(complete("BridgeListComplete", msg, n).build());
    }

    private void bridgeInfo(AmiPeer peer, AmiMessage msg) {
        String id = msg.get("BridgeUniqueid");
        if (id == null || id.isBlank()) {
            reply(peer, error(msg, "Bridge identifier not provided"));
            return;
        }
        Bridge br = core.bridges().get(id);
        if (br == null) {
            reply(peer, error(msg, "Bridge not found"));
            return;
        }
        reply(peer, success(msg).add("EventList", "start").add("Message", "Bridge channel listing will follow").build());
        for (Channel c : br.members) {
            peer.send(Events.snapshot(AmiMessage.event("BridgeInfoChannel").addIfPresent("ActionID", msg.actionId()), "", c)
                    .build());
        }
        peer.send(Events.bridgeFields(complete("BridgeInfoComplete", msg, br.members.size()), br).build());
    }

    private void deviceStateList(AmiPeer peer, AmiMessage msg) {
        reply(peer, success(msg).add("EventList", "start").add("Message", "Device State Changes will follow").build());
        int n = 0;
        for (Map.Entry<String, String> e : core.deviceStates().entrySet()) {
            peer.send(AmiMessage.event("DeviceStateChange").addIfPresent("ActionID", msg.actionId())
                    .add("Device", e.getKey()).add("State", e.getValue()).build());
            n++;
        }
        peer.send(complete("DeviceStateListComplete", msg, n).build());
    }

    private void listCommands(AmiPeer peer, AmiMessage msg) {
        AmiMessage.Builder b = success(msg);
        b.add("Challenge", "Generate Challenge for MD5 Auth. (Priv: <none>)");
        b.add("Login", "Login Manager. (Priv: <none>)");
        b.add("Logoff", "Logoff Manager. (Priv: <none>)");
        for (Map.Entry<String, String> e : synopsis.entrySet()) {
            b.add(e.getKey(), e.getValue() + " (Priv: all)");
        }
        reply(peer, b.build());
    }

    private static boolean isTrue(String v) {
        String s = v.strip().toLowerCase();
        return s.equals("true") || s.equals("yes") || s.equals("1") || s.equals("on");
    }
}
