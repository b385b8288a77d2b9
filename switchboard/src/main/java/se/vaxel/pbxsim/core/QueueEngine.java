package se.vaxel.pbxsim.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.conf.QueueDef;

/**
 * The simulator's app_queue: Queue() parks the caller, rings members by strategy (ringall, leastrecent,
 * fewestcalls, random, rrmemory/rrordered, linear), honours timeout/retry/wrapuptime/ringinuse=no/paused, bridges the
 * first to answer, and reports with the Queue* and Agent* events in the order Asterisk 20 sends them.
 */
public final class QueueEngine {

    private final PbxCore core;
    private final Map<String, QueueState> queues = new LinkedHashMap<>();

    QueueEngine(PbxCore core, List<QueueDef> defs) {
        this.core = core;
        long login = core.startMs() / 1000;
        for (QueueDef d : defs) {
            QueueState q = new QueueState(d);
            for (QueueDef.MemberDef m : d.members()) {
                q.members.add(new QueueState.Member(m.iface(), m.name(), m.stateInterface(), m.penalty(), false, login));
                if (m.iface().startsWith("PJSIP/") && m.iface().indexOf('@') < 0) {
                    core.endpoints().addAgentPhone(m.iface().substring(6));
                }
            }
            queues.put(d.name(), q);
        }
    }

    public Map<String, QueueState> all() {
        return queues;
    }

    public QueueState get(String name) {
        return queues.get(name);
    }

    // ---- Queue() ---------------------------------------------------------------------------------

    Result exec(Channel ch, String data, DialplanRunner runner) {
        List<String> a = Apps.args(data);
        QueueState q = queues.get(Apps.arg(a, 0));
        if (q == null) {
            core.setPlainVar(ch, "QUEUESTATUS", "UNKNOWN");
            return Result.NEXT;
        }
        double timeout = Apps.seconds(Apps.arg(a, 4), 0);
        if (!q.def.joinempty() && available(q).isEmpty()) {
            core.setPlainVar(ch, "QUEUESTATUS", "JOINEMPTY");
            return Result.NEXT;
        }
        for (String v : new String[] {"ANSWEREDTIME", "ANSWEREDTIME_MS", "DIALEDTIME", "DIALEDTIME_MS", "QUEUEWAIT",
            "QUEUEWAIT_MS"}) {
            core.setPlainVar(ch, v, "");
        }
        QueueState.QueueCaller c = new QueueState.QueueCaller(ch, core.nowMs(), q.callers.size() + 1);
        q.callers.add(c);
        if (q.callers.size() == 1) {
            core.emit(Events.deviceState("Queue:" + q.name(), "RINGING"));
        }
        core.emit(Events.channelEvent("QueueCallerJoin", Events.AGENT, ch).add("Queue", q.name())
                .add("Position", Integer.toString(q.callers.size())).add("Count", Integer.toString(q.callers.size()))
                .build());
        core.emit(Events.channelEvent("MusicOnHoldStart", Events.CALL, ch).add("Class", q.def.musicclass()).build());
        ch.blocker = new Waiting(q, c, runner);
        if (timeout > 0) {
            c.queueTimer = core.schedule((long) (timeout * 1000), () -> timedOut(q, c, runner));
        }
        if (ch.phone != null) {
            ch.phone.waiting(core, ch);
        }
        distribute(q);
        return Result.BLOCKED;
    }

    /** The caller's hold in the queue, undone on hang-up (abandon) or Redirect. */
    private final class Waiting extends Blocker {
        final QueueState q;
        final QueueState.QueueCaller c;
        final DialplanRunner runner;

        Waiting(QueueState q, QueueState.QueueCaller c, DialplanRunner runner) {
            this.q = q;
            this.c = c;
            this.runner = runner;
        }

        @Override
        void interrupt(Reason reason) {
            if (!q.callers.contains(c)) {
                return;
            }
            core.emit(Events.simple("MusicOnHoldStop", Events.CALL, c.ch));
            // Asterisk 20 sends DialEnd CANCEL twice for a member rung while the caller hangs up (recorded in 04)
            cancelRings(q, c, 0, true);
            long waitMs = core.nowMs() - c.joinedMs;
            long dialedMs = core.nowMs() - c.ch.createdMs;
            core.setPlainVar(c.ch, "QUEUEWAIT", Long.toString(waitMs / 1000));
            core.setPlainVar(c.ch, "QUEUEWAIT_MS", Long.toString(waitMs));
            core.setPlainVar(c.ch, "DIALEDTIME", Long.toString(dialedMs / 1000));
            core.setPlainVar(c.ch, "DIALEDTIME_MS", Long.toString(dialedMs));
            core.setPlainVar(c.ch, "ANSWEREDTIME", "0");
            core.setPlainVar(c.ch, "ANSWEREDTIME_MS", "0");
            core.setPlainVar(c.ch, "ABANDONED", "TRUE");
            int pos = q.callers.indexOf(c) + 1;
            core.emit(Events.channelEvent("QueueCallerAbandon", Events.AGENT, c.ch).add("Queue", q.name())
                    .add("Position", Integer.toString(pos)).add("OriginalPosition", Integer.toString(c.originalPosition))
                    .add("HoldTime", Long.toString(waitMs / 1000)).build());
            q.abandoned++;
            leave(q, c);
        }
    }

    private void timedOut(QueueState q, QueueState.QueueCaller c, DialplanRunner runner) {
        if (!q.callers.contains(c) || c.ch.hungUp) {
            return;
        }
        c.ch.blocker = null;
        core.emit(Events.simple("MusicOnHoldStop", Events.CALL, c.ch));
        cancelRings(q, c, 0);
        leave(q, c);
        core.setPlainVar(c.ch, "QUEUESTATUS", "TIMEOUT");
        runner.resume(c.ch);
    }

    /** Takes the caller out of the queue: QueueCallerLeave and the positions behind move up. */
    private void leave(QueueState q, QueueState.QueueCaller c) {
        int pos = q.callers.indexOf(c) + 1;
        q.callers.remove(c);
        cancel(c.queueTimer);
        cancel(c.retryTimer);
        cancel(c.ringTimer);
        if (q.callers.isEmpty()) {
            core.emit(Events.deviceState("Queue:" + q.name(), "NOT_INUSE"));
        }
        core.emit(Events.channelEvent("QueueCallerLeave", Events.AGENT, c.ch).add("Queue", q.name())
                .add("Position", Integer.toString(pos)).add("Count", Integer.toString(q.callers.size())).build());
        core.setPlainVar(c.ch, "QUEUEPOSITION", Integer.toString(pos));
    }

    private static void cancel(java.util.concurrent.ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---- ringing members ----------------------------------------------------------------------

    /** Members who may be rung now: not paused, not in wrap-up, phone idle (ringinuse=no), not rung elsewhere. */
    private List<QueueState.Member> available(QueueState q) {
        List<QueueState.Member> out = new ArrayList<>();
        long now = core.nowMs();
        for (QueueState.Member m : q.members) {
            if (m.paused || m.ringingFor != null || m.inCall || now < m.wrapupUntilMs) {
                continue;
            }
            String st = core.deviceState(m.stateInterface);
            if (!q.def.ringinuse() && !st.equals("NOT_INUSE")) {
                continue;
            }
            if (st.equals("INVALID") || st.equals("UNAVAILABLE") || ringingElsewhere(m)) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /** The same phone is a member of several queues: one ring at a time. */
    private boolean ringingElsewhere(QueueState.Member m) {
        for (QueueState other : queues.values()) {
            for (QueueState.Member o : other.members) {
                if (o != m && o.stateInterface.equals(m.stateInterface) && (o.ringingFor != null || o.inCall)) {
                    return true;
                }
            }
        }
        return false;
    }

    void distribute(QueueState q) {
        for (QueueState.QueueCaller c : new ArrayList<>(q.callers)) {
            if (!c.rings.isEmpty() || c.retryPending || c.ch.hungUp) {
                continue;
            }
            List<QueueState.Member> free = available(q);
            if (free.isEmpty()) {
                return;
            }
            int minPenalty = free.stream().mapToInt(m -> m.penalty).min().orElse(0);
            free.removeIf(m -> m.penalty > minPenalty);
            for (QueueState.Member m : choose(q, c, free)) {
                ring(q, c, m);
            }
            if (!c.rings.isEmpty()) {
                c.ringTimer = core.schedule(q.def.timeout() * 1000L, () -> noAnswer(q, c));
            }
        }
    }

    private List<QueueState.Member> choose(QueueState q, QueueState.QueueCaller c, List<QueueState.Member> free) {
        switch (q.def.strategy()) {
            case "ringall":
                return free;
            case "leastrecent":
                return List.of(free.stream().min(Comparator.comparingLong(m -> m.lastCallS)).orElseThrow());
            case "fewestcalls":
                return List.of(free.stream().min(Comparator.comparingInt(m -> m.callsTaken)).orElseThrow());
            case "random":
                return List.of(free.get(core.rng().nextInt(free.size())));
            case "linear":
                return List.of(nextInOrder(q, free, c.linearNext));
            default: // rrmemory, rrordered, wrandom treated as rrmemory
                return List.of(nextInOrder(q, free, q.rrNext));
        }
    }

    /** The first free member at or after a position in the member list, wrapping round. */
    private static QueueState.Member nextInOrder(QueueState q, List<QueueState.Member> free, int from) {
        int n = q.members.size();
        for (int i = 0; i < n; i++) {
            QueueState.Member m = q.members.get((from + i) % n);
            if (free.contains(m)) {
                return m;
            }
        }
        return free.get(0);
    }

    private void ring(QueueState q, QueueState.QueueCaller c, QueueState.Member m) {
        Channel callee = core.endpoints.request(m.iface, c.ch, null, null);
        int idx = q.members.indexOf(m);
        q.rrNext = idx + 1;
        c.linearNext = idx + 1;
        if (callee == null) {
            return;
        }
        callee.app = "AppQueue";
        callee.appData = "(Outgoing Line)";
        core.setPlainVar(callee, "DIALEDPEERNUMBER", m.iface.substring(m.iface.indexOf('/') + 1));
        QueueState.Ring r = new QueueState.Ring(m, callee, core.nowMs());
        c.rings.add(r);
        m.ringingFor = c;
        callee.watcher = new RingWatcher(q, c, r);
        core.emit(agentEvent("AgentCalled", q, c.ch, callee, m).build());
        core.emit(Events.dial("DialBegin", c.ch, callee, "DialString", m.iface.substring(m.iface.indexOf('/') + 1)));
        core.endpoints.alert(callee);
    }

    private final class RingWatcher implements CallWatcher {
        final QueueState q;
        final QueueState.QueueCaller c;
        final QueueState.Ring r;

        RingWatcher(QueueState q, QueueState.QueueCaller c, QueueState.Ring r) {
            this.q = q;
            this.c = c;
            this.r = r;
        }

        @Override
        public void ringing(Channel callee) {
            core.emit(Events.dial("DialState", c.ch, callee, "DialStatus", "RINGING"));
        }

        @Override
        public void answered(Channel callee) {
            connect(q, c, r);
        }

        @Override
        public void failed(Channel callee, int cause) {
            core.emit(Events.dial("DialEnd", c.ch, callee, "DialStatus", cause == 17 ? "BUSY" : "CHANUNAVAIL"));
            c.rings.remove(r);
            r.member().ringingFor = null;
            if (c.rings.isEmpty() && q.callers.contains(c)) {
                cancel(c.ringTimer);
                retryLater(q, c);
            }
        }
    }

    private void noAnswer(QueueState q, QueueState.QueueCaller c) {
        if (!q.callers.contains(c) || c.rings.isEmpty()) {
            return;
        }
        for (QueueState.Ring r : new ArrayList<>(c.rings)) {
            r.callee().watcher = null;
            core.emit(agentEvent("AgentRingNoAnswer", q, c.ch, r.callee(), r.member())
                    .add("RingTime", Long.toString(core.nowMs() - r.startMs())).build());
            core.emit(Events.dial("DialEnd", c.ch, r.callee(), "DialStatus", "NOANSWER"));
            core.emit(Events.dial("DialEnd", c.ch, r.callee(), "DialStatus", "CANCEL"));
            r.member().ringingFor = null;
            c.rings.remove(r);
            core.hangup(r.callee(), 0, PbxCore.HangupKind.SILENT);
        }
        retryLater(q, c);
    }

    private void retryLater(QueueState q, QueueState.QueueCaller c) {
        c.retryPending = true;
        c.retryTimer = core.schedule(q.def.retry() * 1000L, () -> {
            c.retryPending = false;
            if (q.callers.contains(c)) {
                distribute(q);
            }
        });
        // another caller may take the members this one just released
        core.execute(() -> distribute(q));
    }

    /** Stops every ring of this caller (hang-up, timeout, another member answered). */
    private void cancelRings(QueueState q, QueueState.QueueCaller c, int cause) {
        cancelRings(q, c, cause, false);
    }

    private void cancelRings(QueueState q, QueueState.QueueCaller c, int cause, boolean twice) {
        cancel(c.ringTimer);
        for (QueueState.Ring r : new ArrayList<>(c.rings)) {
            r.callee().watcher = null;
            core.emit(Events.dial("DialEnd", c.ch, r.callee(), "DialStatus", "CANCEL"));
            if (twice) {
                core.emit(Events.dial("DialEnd", c.ch, r.callee(), "DialStatus", "CANCEL"));
            }
            r.member().ringingFor = null;
            core.hangup(r.callee(), cause, PbxCore.HangupKind.SILENT);
        }
        c.rings.clear();
    }

    private void connect(QueueState q, QueueState.QueueCaller c, QueueState.Ring won) {
        if (!q.callers.contains(c) || c.ch.hungUp) {
            core.hangup(won.callee(), 16, PbxCore.HangupKind.SOFT);
            return;
        }
        c.rings.remove(won);
        won.member().ringingFor = null;
        cancel(c.ringTimer);
        core.emit(Events.dial("DialEnd", c.ch, won.callee(), "DialStatus", "ANSWER"));
        cancelRings(q, c, 26);
        c.ch.blocker = null;
        core.emit(Events.simple("MusicOnHoldStop", Events.CALL, c.ch));
        leave(q, c);
        long now = core.nowMs();
        long waitMs = now - c.joinedMs;
        core.setPlainVar(c.ch, "QUEUEWAIT", Long.toString(waitMs / 1000));
        core.setPlainVar(c.ch, "QUEUEWAIT_MS", Long.toString(waitMs));
        QueueState.Member m = won.member();
        m.inCall = true;
        core.emit(agentEvent("AgentConnect", q, c.ch, won.callee(), m)
                .add("HoldTime", Long.toString(waitMs / 1000))
                .add("RingTime", Long.toString((now - won.startMs()) / 1000)).build());
        Talk talk = new Talk(q, c, won, waitMs / 1000, now);
        c.ch.blocker = talk;
        core.bridge(won.callee(), c.ch, talk);
    }

    /** The connected call, until one side hangs up: then AgentComplete, wrap-up, and the other side ends. */
    private final class Talk extends Blocker implements Bridge.Owner {
        final QueueState q;
        final QueueState.QueueCaller c;
        final QueueState.Ring r;
        final long holdS;
        final long connectedMs;

        Talk(QueueState q, QueueState.QueueCaller c, QueueState.Ring r, long holdS, long connectedMs) {
            this.q = q;
            this.c = c;
            this.r = r;
            this.holdS = holdS;
            this.connectedMs = connectedMs;
        }

        @Override
        public void memberLeft(Bridge bridge, Channel gone) {
            boolean agentLeft = gone == r.callee();
            long talkS = (core.nowMs() - connectedMs) / 1000;
            core.emit(agentEvent("AgentComplete", q, c.ch, r.callee(), r.member())
                    .add("HoldTime", Long.toString(holdS)).add("TalkTime", Long.toString(talkS))
                    .add("Reason", agentLeft ? "agent" : "caller").build());
            QueueState.Member m = r.member();
            m.inCall = false;
            m.callsTaken++;
            m.lastCallS = core.nowMs() / 1000;
            m.wrapupUntilMs = core.nowMs() + q.def.wrapuptime() * 1000L;
            q.completed++;
            q.holdTotalS += holdS;
            q.talkTotalS += talkS;
            if (q.def.servicelevel() > 0 && holdS <= q.def.servicelevel()) {
                q.completedInSl++;
            }
            core.emit(memberEvent("QueueMemberStatus", q, m));
            core.dissolve(bridge);
            if (q.def.wrapuptime() > 0) {
                core.schedule(q.def.wrapuptime() * 1000L + 1, () -> distributeFor(m.stateInterface));
            }
            if (agentLeft) {
                long ans = core.nowMs() - connectedMs;
                long dialed = core.nowMs() - c.joinedMs;
                core.setPlainVar(c.ch, "ANSWEREDTIME", Long.toString(ans / 1000));
                core.setPlainVar(c.ch, "ANSWEREDTIME_MS", Long.toString(ans));
                core.setPlainVar(c.ch, "DIALEDTIME", Long.toString(dialed / 1000));
                core.setPlainVar(c.ch, "DIALEDTIME_MS", Long.toString(dialed));
                c.ch.blocker = null;
                // Queue() returns -1 when the agent hangs up: the caller's PBX ends
                core.execute(() -> core.hangup(c.ch, 16, PbxCore.HangupKind.SOFT));
            } else {
                core.hangup(r.callee(), 16, PbxCore.HangupKind.SOFT);
            }
        }
    }

    // ---- device and member changes ------------------------------------------------------------

    /** A phone changed state: QueueMemberStatus for each membership; an idle phone may take the next caller. */
    void deviceChanged(String device, String state) {
        boolean any = false;
        for (QueueState q : queues.values()) {
            for (QueueState.Member m : q.members) {
                if (m.stateInterface.equals(device)) {
                    core.emit(memberEvent("QueueMemberStatus", q, m));
                    any = true;
                }
            }
        }
        if (any && state.equals("NOT_INUSE")) {
            core.execute(() -> distributeFor(device));
        }
    }

    private void distributeFor(String device) {
        for (QueueState q : queues.values()) {
            for (QueueState.Member m : q.members) {
                if (m.stateInterface.equals(device) && !q.callers.isEmpty()) {
                    distribute(q);
                    break;
                }
            }
        }
    }

    public String add(String queue, String iface, String name, String stateIface, int penalty, boolean paused,
                      String reason) {
        QueueState q = queues.get(queue);
        if (q == null) {
            return "Unable to add interface to queue: No such queue";
        }
        if (find(q, iface) != null) {
            return "Unable to add interface: Already there";
        }
        long now = core.nowMs() / 1000;
        QueueState.Member m = new QueueState.Member(iface, name == null || name.isEmpty() ? iface : name,
                stateIface == null || stateIface.isEmpty() ? iface : stateIface, penalty, true, now);
        m.paused = paused;
        m.pausedReason = paused && reason != null ? reason : "";
        if (paused) {
            m.lastPauseS = now;
        }
        q.members.add(m);
        if (iface.startsWith("PJSIP/") && iface.indexOf('@') < 0) {
            core.endpoints().addAgentPhone(iface.substring(6));
        }
        core.emit(memberEvent("QueueMemberAdded", q, m));
        core.execute(() -> distribute(q));
        return null;
    }

    public String remove(String queue, String iface) {
        QueueState q = queues.get(queue);
        if (q == null) {
            return "Unable to remove interface from queue: No such queue";
        }
        QueueState.Member m = find(q, iface);
        if (m == null) {
            return "Unable to remove interface: Not there";
        }
        q.members.remove(m);
        core.emit(memberEvent("QueueMemberRemoved", q, m));
        return null;
    }

    /** QueuePause in one queue or (queue null) every queue the interface is in; false when it is in none. */
    public boolean pause(String queue, String iface, boolean paused, String reason) {
        boolean found = false;
        for (QueueState q : queues.values()) {
            if (queue != null && !queue.isEmpty() && !q.name().equals(queue)) {
                continue;
            }
            QueueState.Member m = find(q, iface);
            if (m == null) {
                continue;
            }
            found = true;
            m.paused = paused;
            m.pausedReason = paused && reason != null ? reason : "";
            m.lastPauseS = core.nowMs() / 1000;
            core.emit(memberEvent("QueueMemberPause", q, m));
            if (!paused) {
                core.execute(() -> distribute(q));
            }
        }
        return found;
    }

    public boolean isMember(String queue, String iface) {
        for (QueueState q : queues.values()) {
            if ((queue == null || queue.isEmpty() || q.name().equals(queue)) && find(q, iface) != null) {
                return true;
            }
        }
        return false;
    }

    private static QueueState.Member find(QueueState q, String iface) {
        for (QueueState.Member m : q.members) {
            if (m.iface.equals(iface)) {
                return m;
            }
        }
        return null;
    }

    // ---- event shapes ---------------------------------------------------------------------------

    private AmiMessage.Builder agentEvent(String event, QueueState q, Channel caller, Channel callee,
                                          QueueState.Member m) {
        AmiMessage.Builder b = AmiMessage.event(event).add("Privilege", Events.AGENT);
        Events.snapshot(b, "", caller);
        Events.snapshot(b, "Dest", callee);
        return b.add("Queue", q.name()).add("Interface", m.iface).add("MemberName", m.name);
    }

    int memberStatus(QueueState.Member m) {
        return PbxCore.deviceStateNumber(core.deviceState(m.stateInterface));
    }

    AmiMessage memberEvent(String event, QueueState q, QueueState.Member m) {
        return AmiMessage.event(event).add("Privilege", Events.AGENT)
                .add("Queue", q.name()).add("MemberName", m.name).add("Interface", m.iface)
                .add("StateInterface", m.stateInterface).add("Membership", m.dynamic ? "dynamic" : "static")
                .add("Penalty", Integer.toString(m.penalty)).add("CallsTaken", Integer.toString(m.callsTaken))
                .add("LastCall", Long.toString(m.lastCallS)).add("LastPause", Long.toString(m.lastPauseS))
                .add("LoginTime", Long.toString(m.loginTimeS)).add("InCall", m.inCall ? "1" : "0")
                .add("Status", Integer.toString(memberStatus(m))).add("Paused", m.paused ? "1" : "0")
                .add("PausedReason", m.pausedReason).add("Ringinuse", q.def.ringinuse() ? "1" : "0")
                .add("Wrapuptime", Integer.toString(q.def.wrapuptime())).build();
    }

    /** QueueStatus items for one queue: QueueParams, QueueMember..., QueueEntry... */
    List<AmiMessage> statusItems(QueueState q, String actionId, String memberFilter) {
        List<AmiMessage> out = new ArrayList<>();
        int sl = q.completed == 0 ? 0 : q.completedInSl * 1000 / q.completed;
        AmiMessage.Builder p = AmiMessage.event("QueueParams").add("Queue", q.name()).add("Max", Integer.toString(q.def.maxlen()))
                .add("Strategy", q.def.strategy()).add("Calls", Integer.toString(q.callers.size()))
                .add("Holdtime", Long.toString(q.completed == 0 ? 0 : q.holdTotalS / q.completed))
                .add("TalkTime", Long.toString(q.completed == 0 ? 0 : q.talkTotalS / q.completed))
                .add("Completed", Integer.toString(q.completed)).add("Abandoned", Integer.toString(q.abandoned))
                .add("ServiceLevel", Integer.toString(q.def.servicelevel()))
                .add("ServicelevelPerf", (sl / 10) + "." + (sl % 10)).add("ServicelevelPerf2", (sl / 10) + "." + (sl % 10))
                .add("Weight", Integer.toString(q.def.weight()));
        out.add(withId(p, actionId));
        for (QueueState.Member m : q.members) {
            if (memberFilter != null && !memberFilter.isEmpty() && !memberFilter.equals(m.iface) && !memberFilter.equals(m.name)) {
                continue;
            }
            AmiMessage.Builder b = AmiMessage.event("QueueMember").add("Queue", q.name()).add("Name", m.name)
                    .add("Location", m.iface).add("StateInterface", m.stateInterface)
                    .add("Membership", m.dynamic ? "dynamic" : "static").add("Penalty", Integer.toString(m.penalty))
                    .add("CallsTaken", Integer.toString(m.callsTaken)).add("LastCall", Long.toString(m.lastCallS))
                    .add("LastPause", Long.toString(m.lastPauseS)).add("LoginTime", Long.toString(m.loginTimeS))
                    .add("InCall", m.inCall ? "1" : "0").add("Status", Integer.toString(memberStatus(m)))
                    .add("Paused", m.paused ? "1" : "0").add("PausedReason", m.pausedReason)
                    .add("Wrapuptime", Integer.toString(q.def.wrapuptime()));
            out.add(withId(b, actionId));
        }
        int pos = 1;
        long now = core.nowMs();
        for (QueueState.QueueCaller c : q.callers) {
            AmiMessage.Builder b = AmiMessage.event("QueueEntry").add("Queue", q.name()).add("Position", Integer.toString(pos++))
                    .add("Channel", c.ch.name).add("Uniqueid", c.ch.uniqueid).add("CallerIDNum", c.ch.cidNum)
                    .add("CallerIDName", c.ch.cidName).add("ConnectedLineNum", c.ch.connNum)
                    .add("ConnectedLineName", c.ch.connName).add("Wait", Long.toString((now - c.joinedMs) / 1000))
                    .add("Priority", "0");
            out.add(withId(b, actionId));
        }
        return out;
    }

    AmiMessage summary(QueueState q, String actionId) {
        int loggedIn = q.members.size();
        int availableCount = 0;
        for (QueueState.Member m : q.members) {
            if (!m.paused && !m.inCall && core.deviceState(m.stateInterface).equals("NOT_INUSE")) {
                availableCount++;
            }
        }
        long longest = 0;
        long now = core.nowMs();
        for (QueueState.QueueCaller c : q.callers) {
            longest = Math.max(longest, (now - c.joinedMs) / 1000);
        }
        AmiMessage.Builder b = AmiMessage.event("QueueSummary").add("Queue", q.name())
                .add("LoggedIn", Integer.toString(loggedIn)).add("Available", Integer.toString(availableCount))
                .add("Callers", Integer.toString(q.callers.size()))
                .add("HoldTime", Long.toString(q.completed == 0 ? 0 : q.holdTotalS / q.completed))
                .add("TalkTime", Long.toString(q.completed == 0 ? 0 : q.talkTotalS / q.completed))
                .add("LongestHoldTime", Long.toString(longest));
        return withId(b, actionId);
    }

    private static AmiMessage withId(AmiMessage.Builder b, String actionId) {
        if (actionId != null) {
            b.add("ActionID", actionId);
        }
        return b.build();
    }
}
