package se.vaxel.ami;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.MemberEvent;
import se.vaxel.calls.CallSnapshot;
import se.vaxel.calls.CallState;

/**
 * Turns Asterisk's events into {@link CallEvent}s that know nothing of AMI.
 *
 * <p>A call is Asterisk's Linkedid: every channel of a citizen's call shares it (both halves of a Local
 * channel, the dialled agent leg), and the call ends when its last channel hangs up. Both ways of running
 * are read from the same stream, side by side: app_queue's Queue and Agent events for calls that
 * app_queue routes (observe mode), and the dialplan's UserEvents plus the Dials that follow Växel's
 * Redirects for calls parked for Växel (route mode). Events it has no use for are skipped; a name it has
 * never seen is logged once at debug. Runs on one thread (the live state's event loop).
 */
public final class AmiEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(AmiEventTranslator.class);

    private final DialplanContract contract;
    private final Consumer<CallEvent> out;
    private final Consumer<MemberEvent> members;
    private final Clock clock;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Set<String> unknownNames = new HashSet<>();

    public AmiEventTranslator(DialplanContract contract, Consumer<CallEvent> out, Clock clock) {
        this(contract, out, member -> { }, clock);
    }

    public AmiEventTranslator(DialplanContract contract, Consumer<CallEvent> out, Consumer<MemberEvent> members, Clock clock) {
        this.contract = contract;
        this.out = out;
        this.members = members;
        this.clock = clock;
    }

    private record Channel(String uniqueid, String name, String linkedid) {}

    private static final class Call {
        final String id;
        final Instant firstSeen;
        /** A citizen's call into the municipality, as opposed to an agent's internal or outgoing call. */
        boolean citizen;
        /** A Dial that Växel's connect started since the dialplan last said "no answer". */
        boolean routeDialSeen;
        String number;
        /** The citizen's channel while parked for Växel: the one a Redirect moves. */
        String parkedChannel;
        String service;
        String serviceHint;
        boolean inAppQueue;
        boolean waiting;
        boolean answered;
        int channels;
        /** Dials Växel's routing started, by the dialled leg's Uniqueid: whom they ring. */
        // Both made on first use: most calls waiting at any moment have never rung anyone.
        private Map<String, String> dials;
        /** Channel names of the legs that ring agents: a Dial from one of them is the agent's, not a new offer. */
        private Set<String> agentLegs;

        void dialing(String destUniqueid, String destChannel, String agent) {
            if (dials == null) {
                dials = new HashMap<>(4);
            }
            dials.put(destUniqueid, agent);
            agentLeg(destChannel);
        }

        /** The agent a Dial to this leg rang, once: later DialEnds of the same leg find nothing. */
        String dialEnded(String destUniqueid) {
            return dials == null ? null : dials.remove(destUniqueid);
        }

        void agentLeg(String channel) {
            if (agentLegs == null) {
                agentLegs = new HashSet<>(4);
            }
            agentLegs.add(channel);
        }

        boolean isAgentSide(String channel) {
            if (channel == null || agentLegs == null) {
                return false;
            }
            // A Local agent leg dials onward from its ;2 half; the ;1 half is the one that was dialled.
            return agentLegs.contains(channel) || (channel.endsWith(";2")
                    && agentLegs.contains(channel.substring(0, channel.length() - 1) + "1"));
        }

        Call(String id, Instant firstSeen) {
            this.id = id;
            this.firstSeen = firstSeen;
        }
    }

    public int liveCalls() {
        return calls.size();
    }

    public int liveChannels() {
        return channels.size();
    }

    public void accept(AmiMessage e) {
        String name = e.eventName();
        if (name == null) {
            return;
        }
        switch (name) {
            case "Newchannel" -> newChannel(e);
            case "Newexten" -> newExten(e);
            case "NewCallerid" -> newCallerId(e);
            case "VarSet" -> varSet(e);
            case "UserEvent" -> userEvent(e);
            case "QueueCallerJoin" -> queueJoin(e);
            case "QueueCallerLeave" -> withCall(e, c -> c.inAppQueue = false);
            case "AgentCalled" -> withCall(e, c -> {
                c.agentLeg(e.get("DestChannel", ""));
                ringing(c, agentOf(e));
            });
            case "AgentRingNoAnswer" -> withCall(e, c -> emit(new CallEvent.RingNoAnswer(c.id, agentOf(e), "NOANSWER", now())));
            case "AgentConnect" -> withCall(e, c -> answered(c, agentOf(e)));
            case "DialBegin" -> dialBegin(e);
            case "DialEnd" -> dialEnd(e);
            case "BlindTransfer" -> transfer(e, e.get("TransfererChannel"), e.get("Extension") + "@" + e.get("Context"));
            case "AttendedTransfer" -> transfer(e, e.get("OrigTransfererChannel"), ChannelNames.device(e.get("TransferTargetChannel")));
            case "Hangup" -> hangup(e);
            case "QueueMemberAdded" -> members.accept(joined(e, now()));
            case "QueueMemberRemoved" -> members.accept(new MemberEvent.Left(e.get("Interface", ""), e.get("Queue", ""), now()));
            case "QueueMemberPause" -> members.accept(new MemberEvent.Paused(e.get("Interface", ""), e.get("Queue", ""),
                    "1".equals(e.get("Paused")), e.get("PausedReason", ""), now()));
            default -> {
                if (unknownNames.add(name) && log.isDebugEnabled()) {
                    log.debug("AMI event {} not used by Växel; skipped (logged once)", name);
                }
            }
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private void emit(CallEvent event) {
        out.accept(event);
    }

    /** Runs the action on the citizen's call the event is about (queue, agent and queued events). */
    private void withCall(AmiMessage e, Consumer<Call> action) {
        String linkedid = e.get("Linkedid");
        if (linkedid == null) {
            return;
        }
        action.accept(citizen(call(linkedid, e.get("CallerIDNum"))));
    }

    /** The call of a Linkedid; one we never saw begin (we joined mid-call) is created, not dropped. */
    private Call call(String linkedid, String number) {
        Call c = calls.get(linkedid);
        if (c == null) {
            c = new Call(linkedid, now());
            c.number = ChannelNames.isNumber(number) ? number : null;
            calls.put(linkedid, c);
        }
        return c;
    }

    /**
     * From here on the call is a citizen's, and said so once, dated from its first channel. Agents' internal
     * calls and call-backs never become one: they are not calls into the municipality.
     */
    private Call citizen(Call c) {
        if (!c.citizen) {
            c.citizen = true;
            emit(new CallEvent.Arrived(c.id, c.number, c.firstSeen));
        }
        return c;
    }

    private void newChannel(AmiMessage e) {
        String uniqueid = e.get("Uniqueid");
        String linkedid = e.get("Linkedid", uniqueid);
        if (uniqueid == null || channels.containsKey(uniqueid)) {
            return; // already known from a resync
        }
        channels.put(uniqueid, new Channel(uniqueid, e.get("Channel"), linkedid));
        Call c = call(linkedid, e.get("CallerIDNum"));
        c.channels++;
        if (isCitizenContext(e.get("Context"))) {
            citizen(c);
        }
    }

    private boolean isCitizenContext(String context) {
        return context != null && contract.citizenContexts().contains(context);
    }

    private void newExten(AmiMessage e) {
        String context = e.get("Context");
        if (context == null) {
            return;
        }
        // A call may reach the citizens' entry later (a Local channel's ;2 half, a Goto from another context).
        if (isCitizenContext(context)) {
            Call c = calls.get(e.get("Linkedid", ""));
            if (c != null && !c.citizen) {
                citizen(c);
            }
        } else if (contract.holdContexts().contains(context) && isHoldMusic(e.get("Application"))) {
            Call c = calls.get(e.get("Linkedid", ""));
            if (c != null && c.citizen && !c.answered) {
                c.parkedChannel = e.get("Channel");
                waiting(c, c.service != null ? c.service : c.serviceHint);
                emit(new CallEvent.Parked(c.id, c.service, now()));
            }
        }
    }

    /** The music of the holding context: StartMusicOnHold in the shipped loop, MusicOnHold in older dialplans. */
    private static boolean isHoldMusic(String application) {
        return "StartMusicOnHold".equals(application) || "MusicOnHold".equals(application);
    }

    /** The channel to Redirect to connect this call, while the citizen is parked for Växel; else null. */
    public String parkedChannel(String callId) {
        Call c = calls.get(callId);
        return c == null || c.inAppQueue || c.answered ? null : c.parkedChannel;
    }

    private void newCallerId(AmiMessage e) {
        Call c = calls.get(e.get("Linkedid", ""));
        // Only while the citizen is in the IVR: later, agent legs carry numbers of their own.
        if (c != null && c.service == null) {
            learnNumber(c, e.get("CallerIDNum"));
        }
    }

    private void learnNumber(Call c, String number) {
        if (ChannelNames.isNumber(number) && !number.equals(c.number)) {
            c.number = number;
            if (c.citizen) {
                emit(new CallEvent.CallerNumberKnown(c.id, number, now()));
            }
        }
    }

    private void varSet(AmiMessage e) {
        // A quarter of all events are VarSet: only SERVICE (or its inherited __SERVICE) matters here.
        String variable = e.get("Variable");
        if (variable == null || !variable.endsWith(contract.serviceVariable())
                || !isUnderscores(variable, variable.length() - contract.serviceVariable().length())) {
            return;
        }
        Call c = calls.get(e.get("Linkedid", ""));
        if (c != null) {
            c.serviceHint = e.get("Value");
        }
    }

    private static boolean isUnderscores(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) != '_') {
                return false;
            }
        }
        return true;
    }

    private void userEvent(AmiMessage e) {
        String name = e.get("UserEvent", "");
        if (contract.queuedUserEvents().contains(name)) {
            withCall(e, c -> {
                // The first CallerIDNum is the channel's; a repeat may be the dialplan's own body header.
                learnNumber(c, e.get("CallerIDNum"));
                waiting(c, e.get("Service", c.serviceHint));
            });
        } else if (contract.closedUserEvents().contains(name)) {
            withCall(e, c -> {
                learnNumber(c, e.get("CallerIDNum"));
                c.service = e.get("Service", c.serviceHint);
                emit(new CallEvent.ServiceClosed(c.id, c.service, now()));
            });
        } else if (contract.callbacks().requestedUserEvent().equals(name)) {
            withCall(e, c -> {
                String number = e.get("Number");
                emit(new CallEvent.CallbackRequested(c.id, e.get("Service", c.service),
                        ChannelNames.isNumber(number) ? number : c.number, now()));
            });
        } else if (contract.callbacks().doneUserEvent().equals(name)) {
            // The agent's originated leg, not a citizen's call into the municipality: no withCall here.
            String callback = e.get("Callback", "");
            if (!callback.isEmpty()) {
                emit(new CallEvent.CallbackDone(e.get("Linkedid", ""), callback, e.get("DialStatus", ""),
                        parseSeconds(e.get("Talked")), now()));
            }
        } else if (contract.noAnswerUserEvents().contains(name)) {
            withCall(e, c -> {
                // After a Dial its DialEnd has said so already; alone, it tells of a Dial that never rang
                // (the device unknown or unavailable).
                if (c.routeDialSeen) {
                    c.routeDialSeen = false;
                } else {
                    emit(new CallEvent.RingNoAnswer(c.id, e.get("Agent"), e.get("DialStatus", "NOANSWER"), now()));
                }
            });
        }
    }

    /** A queue member as QueueMemberAdded or QueueStatus's QueueMember item tells it. */
    static MemberEvent.Joined joined(AmiMessage e, Instant at) {
        return new MemberEvent.Joined(e.get("Interface", e.get("Location", "")), e.get("Queue", ""),
                "dynamic".equalsIgnoreCase(e.get("Membership")), "1".equals(e.get("Paused")), e.get("PausedReason", ""), at);
    }

    private static int parseSeconds(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void queueJoin(AmiMessage e) {
        withCall(e, c -> {
            c.inAppQueue = true;
            learnNumber(c, e.get("CallerIDNum"));
            waiting(c, contract.serviceOfQueue(e.get("Queue")));
            emit(new CallEvent.InPbxQueue(c.id, e.get("Queue"), now()));
        });
    }

    private void waiting(Call c, String service) {
        if (service != null && !service.isEmpty() && !service.equals(c.service)) {
            c.service = service;
            emit(new CallEvent.ServiceChosen(c.id, service, now()));
        }
        if (!c.waiting && !c.answered) {
            c.waiting = true;
            emit(new CallEvent.Waiting(c.id, c.service, now()));
        }
    }

    private void ringing(Call c, String agent) {
        c.waiting = true;
        emit(new CallEvent.AgentRinging(c.id, agent, now()));
    }

    private void answered(Call c, String agent) {
        c.answered = true;
        emit(new CallEvent.Answered(c.id, agent, now()));
    }

    private static String agentOf(AmiMessage e) {
        String iface = e.get("Interface");
        return iface != null && !iface.isEmpty() ? ChannelNames.device(iface) : ChannelNames.device(e.get("DestChannel"));
    }

    private void dialBegin(AmiMessage e) {
        String callerUniqueid = e.get("Uniqueid");
        String linkedid = e.get("Linkedid");
        // Dials with no calling channel are Originates; those inside app_queue are told by Agent* events.
        if (callerUniqueid == null || linkedid == null) {
            return;
        }
        Call c = calls.get(linkedid);
        if (c == null || c.inAppQueue || c.service == null || c.answered || c.isAgentSide(e.get("Channel"))) {
            return;
        }
        String agent = ChannelNames.device(e.get("DestChannel"));
        c.dialing(e.get("DestUniqueid", ""), e.get("DestChannel", ""), agent);
        c.routeDialSeen = true;
        ringing(c, agent);
    }

    private void dialEnd(AmiMessage e) {
        Call c = calls.get(e.get("Linkedid", e.get("DestLinkedid", "")));
        if (c == null) {
            return;
        }
        // DialEnd can come twice for one dial (NOANSWER, then CANCEL): the first one decides.
        String agent = c.dialEnded(e.get("DestUniqueid", ""));
        if (agent == null) {
            return;
        }
        String status = e.get("DialStatus", "");
        if ("ANSWER".equals(status)) {
            answered(c, agent);
        } else if (!c.answered) {
            emit(new CallEvent.RingNoAnswer(c.id, agent, status, now()));
        }
    }

    /** The citizen is the transferee in both kinds of transfer; only a successful one moves the call. */
    private void transfer(AmiMessage e, String transfererChannel, String to) {
        Call c = calls.get(e.get("TransfereeLinkedid", ""));
        if (c != null && "Success".equalsIgnoreCase(e.get("Result", "Success"))) {
            emit(new CallEvent.Transferred(c.id, ChannelNames.device(transfererChannel), to, now()));
        }
    }

    private void hangup(AmiMessage e) {
        Channel ch = channels.remove(e.get("Uniqueid", ""));
        if (ch == null) {
            return;
        }
        Call c = calls.get(ch.linkedid());
        if (c == null || --c.channels > 0) {
            return;
        }
        calls.remove(c.id);
        if (!c.citizen) {
            return;
        }
        if (c.answered || !c.waiting) {
            emit(new CallEvent.Ended(c.id, now()));
        } else {
            emit(new CallEvent.Abandoned(c.id, c.service, now()));
        }
    }

    /** What Getvar told of one channel: the service and when the citizen started waiting (either may be null). */
    public record ChannelFacts(String service, Instant queuedAt) {}

    /**
     * Rebuilds what this translator knows from Asterisk's channel list after a (re)connect and returns the
     * citizens' live calls in domain terms. Per call, the citizen's channel tells its state: in app_queue
     * (Queue), parked for Växel (MusicOnHold), ringing an agent (Dial, not bridged) or talking (bridged).
     * Times come from what Asterisk knows: the channels' ages, QueueEntry's seconds in queue, the dialplan's
     * VAXEL_QUEUED_AT, and the agent leg's age for when it started ringing (so a talk time read this way
     * includes the ring). What nobody knows stays null rather than being made up.
     *
     * @param coreShowChannels the CoreShowChannel items
     * @param queueWaitSeconds seconds in queue by Uniqueid, from QueueStatus's QueueEntry items
     * @param facts what Getvar said of a channel, by Uniqueid, where the lists do not say it
     */
    public List<CallSnapshot> resync(List<AmiMessage> coreShowChannels, Map<String, Integer> queueWaitSeconds,
            Map<String, ChannelFacts> facts) {
        Instant now = now();
        Map<String, Call> previous = new HashMap<>(calls);
        channels.clear();
        calls.clear();
        Map<String, List<AmiMessage>> byCall = new HashMap<>();
        for (AmiMessage ch : coreShowChannels) {
            String uniqueid = ch.get("Uniqueid");
            String linkedid = ch.get("Linkedid", uniqueid);
            channels.put(uniqueid, new Channel(uniqueid, ch.get("Channel"), linkedid));
            byCall.computeIfAbsent(linkedid, k -> new ArrayList<>()).add(ch);
        }
        List<CallSnapshot> out = new ArrayList<>(byCall.size());
        byCall.forEach((linkedid, chans) -> {
            Instant arrived = now;
            for (AmiMessage ch : chans) {
                Instant started = now.minus(parseDuration(ch.get("Duration")));
                if (started.isBefore(arrived)) {
                    arrived = started;
                }
            }
            Call c = new Call(linkedid, arrived);
            c.channels = chans.size();
            Call before = previous.get(linkedid);
            CallState state = CallState.IVR;
            Instant waitingSince = null;
            boolean entered = false;
            for (AmiMessage ch : chans) {
                entered |= isCitizenContext(ch.get("Context"));
                if (isAgentLeg(ch)) {
                    continue; // an agent's leg, looked at from the citizen's side below
                }
                String app = resyncApplication(ch);
                if (c.number == null && ChannelNames.isNumber(ch.get("CallerIDNum"))) {
                    c.number = ch.get("CallerIDNum");
                }
                String uniqueid = ch.get("Uniqueid");
                ChannelFacts known = facts.getOrDefault(uniqueid, new ChannelFacts(null, null));
                boolean bridged = !ch.get("BridgeId", "").isEmpty();
                switch (app) {
                    case "Queue" -> {
                        c.inAppQueue = true;
                        c.service = contract.serviceOfQueue(firstArg(ch.get("ApplicationData")));
                        state = bridged ? CallState.TALKING : agentLegRinging(chans) ? CallState.RINGING : CallState.WAITING;
                        Integer wait = queueWaitSeconds.get(uniqueid);
                        waitingSince = known.queuedAt() != null ? known.queuedAt() : wait != null ? now.minusSeconds(wait) : null;
                    }
                    case "MusicOnHold", "Dial" -> {
                        state = app.equals("MusicOnHold") ? CallState.WAITING : bridged ? CallState.TALKING : CallState.RINGING;
                        c.parkedChannel = ch.get("Channel"); // a Redirect moves this one (back on hold after a miss)
                        c.service = known.service();
                        waitingSince = known.queuedAt();
                    }
                    default -> { }
                }
            }
            if (before != null) {
                // Our own earlier record knows more than the channel list (service of a route-mode call).
                c.service = c.service != null ? c.service : before.service;
                c.number = c.number != null ? c.number : before.number;
                c.citizen = before.citizen;
            }
            c.citizen |= entered || state != CallState.IVR || c.service != null;
            String agent = null;
            Instant agentLegSince = null;
            if (state != CallState.IVR) {
                AmiMessage leg = first(chans, AmiEventTranslator::isAgentLeg);
                if (leg != null) {
                    agent = ChannelNames.device(leg.get("Channel"));
                    agentLegSince = now.minus(parseDuration(leg.get("Duration"))); // it started ringing then
                }
                c.waiting = true;
                c.answered = state == CallState.TALKING;
                AmiMessage dialled = first(chans, ch -> "AppDial".equals(ch.get("Application")));
                if (state == CallState.RINGING && !c.inAppQueue && dialled != null) {
                    c.dialing(dialled.get("Uniqueid"), dialled.get("Channel"), agent);
                    c.routeDialSeen = true;
                }
            }
            calls.put(linkedid, c);
            if (!c.citizen) {
                return; // an agent's own call: followed, so its hang-up is understood, but not shown
            }
            Instant answeredAt = state == CallState.TALKING ? agentLegSince : null;
            Instant stateSince = switch (state) {
                case WAITING -> waitingSince != null ? waitingSince : now;
                case RINGING, TALKING -> agentLegSince != null ? agentLegSince : now;
                case IVR -> arrived;
            };
            boolean parked = state == CallState.WAITING && !c.inAppQueue && c.parkedChannel != null;
            out.add(new CallSnapshot(linkedid, c.number, c.service, state, arrived, waitingSince, answeredAt, stateSince, agent,
                    parked));
        });
        return out;
    }

    /**
     * Citizens' channels worth a Getvar: the lists tell neither the service of a call parked for Växel or
     * connected by it, nor when any waiting citizen first queued.
     */
    public List<String> channelsToAsk(List<AmiMessage> coreShowChannels) {
        List<String> out = new ArrayList<>();
        for (AmiMessage ch : coreShowChannels) {
            String app = resyncApplication(ch);
            if (app.equals("MusicOnHold") || app.equals("Dial") || app.equals("Queue")) {
                out.add(ch.get("Uniqueid"));
            }
        }
        return out;
    }

    /**
     * What a listed channel is doing, for the resync: anything but a queue in a holding context is a citizen
     * parked for Växel (between announcements it runs Wait, Playback, SayNumber or Read), read as MusicOnHold.
     */
    /**
     * What a channel is doing, for a resync: anything in a hold context is waiting, and anything in the connect context
     * is being put through to an agent (caught between two of its steps, before its Dial, it is no less so: after a
     * takeover nothing else would say the call is a citizen's).
     */
    private String resyncApplication(AmiMessage ch) {
        String app = ch.get("Application", "");
        String context = ch.get("Context");
        if (context != null && contract.holdContexts().contains(context) && !app.equals("Queue")) {
            return "MusicOnHold";
        }
        return context != null && context.equals(contract.connectContext()) && !isAgentLeg(ch) ? "Dial" : app;
    }

    private static boolean agentLegRinging(List<AmiMessage> chans) {
        return chans.stream().anyMatch(ch -> "AppQueue".equals(ch.get("Application")) && "5".equals(ch.get("ChannelState")));
    }

    /** An agent's leg of a citizen's call: the channel app_queue or Dial rang. */
    private static boolean isAgentLeg(AmiMessage ch) {
        String app = ch.get("Application", "");
        return app.equals("AppDial") || app.equals("AppQueue");
    }

    private static AmiMessage first(List<AmiMessage> chans, java.util.function.Predicate<AmiMessage> which) {
        for (AmiMessage ch : chans) {
            if (which.test(ch)) {
                return ch;
            }
        }
        return null;
    }

    private static String firstArg(String data) {
        if (data == null) {
            return null;
        }
        int comma = data.indexOf(',');
        return comma < 0 ? data : data.substring(0, comma);
    }

    /** CoreShowChannel's {@code Duration: 00:01:02}. */
    static Duration parseDuration(String hhmmss) {
        if (hhmmss == null) {
            return Duration.ZERO;
        }
        String[] p = hhmmss.split(":");
        try {
            long s = 0;
            for (String part : p) {
                s = s * 60 + Long.parseLong(part.trim());
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException ex) {
            return Duration.ZERO;
        }
    }
}
