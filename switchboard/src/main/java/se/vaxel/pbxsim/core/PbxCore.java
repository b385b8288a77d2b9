package se.vaxel.pbxsim.core;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.ami.protocol.AmiMessage;
import se.vaxel.pbxsim.conf.Dialplan;
import se.vaxel.pbxsim.conf.QueueDef;

/**
 * The simulated PBX: every channel, bridge and queue lives here and is touched only by this object's single
 * thread (one Netty event loop), so nothing needs a lock. AMI sessions and timers post tasks to it; each task
 * ends by flushing the events it produced to every listening session. One seeded RNG makes runs repeatable.
 */
public final class PbxCore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PbxCore.class);

    private final DefaultEventLoop loop = new DefaultEventLoop(new DefaultThreadFactory("pbxsim-core", true));
    private final Random rng;
    private final Map<String, String> globals;
    private final Dialplan dialplan;
    private final Vars vars;
    private final List<EventSink> sinks = new ArrayList<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, String> deviceStates = new HashMap<>();
    /** Live channels per device, so a state change costs the device's channels, not all of them. */
    private final Map<String, List<Channel>> deviceChannels = new HashMap<>();
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    final QueueEngine queues;
    final DialplanRunner runner;
    final Endpoints endpoints;
    final SimBehaviour behaviour;
    final Originator originator;
    final Trunk trunk;
    private long uniqueSeq;
    private int chanIndex;
    private int localIndex;
    private final long startMs = System.currentTimeMillis();

    public PbxCore(Dialplan dialplan, List<QueueDef> queueDefs, Map<String, String> globalOverrides, long seed,
                   SimBehaviour behaviour) {
        this.rng = new Random(seed);
        this.dialplan = dialplan;
        this.globals = new LinkedHashMap<>(dialplan.globals());
        this.globals.putAll(globalOverrides);
        this.vars = new Vars(this);
        this.behaviour = behaviour;
        this.endpoints = new Endpoints(this);
        this.queues = new QueueEngine(this, queueDefs);
        this.runner = new DialplanRunner(this);
        this.originator = new Originator(this);
        this.trunk = new Trunk(this);
    }

    // ---- threading ----------------------------------------------------------------------------

    /** Runs the task on the core thread, then flushes the events it produced. */
    public void execute(Runnable task) {
        loop.execute(() -> runTask(task));
    }

    public ScheduledFuture<?> schedule(long delayMs, Runnable task) {
        return loop.schedule(() -> runTask(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    public boolean inCore() {
        return loop.inEventLoop();
    }

    /** Runs on the core and waits for the answer; for tests and the simulator's own API, never from the core. */
    public <T> T call(java.util.concurrent.Callable<T> c) {
        if (inCore()) {
            throw new IllegalStateException("call() from the core thread would deadlock");
        }
        try {
            java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
            execute(() -> {
                try {
                    f.complete(c.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("core call failed", e);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            errors++;
            log.error("pbxsim core task failed", e);
        } finally {
            for (int i = 0; i < sinks.size(); i++) {
                sinks.get(i).flush();
            }
        }
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- shared state -------------------------------------------------------------------------

    public Random rng() {
        return rng;
    }

    public long nowMs() {
        return System.currentTimeMillis();
    }

    public long startMs() {
        return startMs;
    }

    public Map<String, String> globals() {
        return globals;
    }

    public Dialplan dialplan() {
        return dialplan;
    }

    Vars vars() {
        return vars;
    }

    public QueueEngine queues() {
        return queues;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Originator originator() {
        return originator;
    }

    public Trunk trunk() {
        return trunk;
    }

    public DialplanRunner runner() {
        return runner;
    }

    public void addSink(EventSink s) {
        sinks.add(s);
    }

    public void removeSink(EventSink s) {
        sinks.remove(s);
    }

    public void emit(AmiMessage m) {
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).event(m);
        }
    }

    public Map<String, Channel> channels() {
        return channels;
    }

    public Channel channel(String name) {
        return name == null ? null : channels.get(name);
    }

    public Map<String, Bridge> bridges() {
        return bridges;
    }

    public Map<String, String> deviceStates() {
        return deviceStates;
    }

    private long callsProcessed;
    private long errors;

    /** Core tasks that threw: a bug in the simulator, counted so tests can insist on none. */
    public long errors() {
        return errors;
    }

    long callsProcessed() {
        return callsProcessed;
    }

    String nextUniqueid() {
        return (nowMs() / 1000) + "." + (uniqueSeq++);
    }

    int nextChanIndex() {
        return chanIndex++;
    }

    int nextLocalIndex() {
        return localIndex++;
    }

    String newBridgeId() {
        return new UUID((rng.nextLong() & ~0xF000L) | 0x4000L, (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    // ---- channel operations ------------------------------------------------------------------

    Channel newChannel(String name, String device, String context, String exten, int state, Channel linkedTo,
                       String uniqueid) {
        return newChannel(name, device, context, exten, state, linkedTo, uniqueid, null);
    }

    /** A new channel; an inbound one already carries the caller's number (from the SIP From header). */
    Channel newChannel(String name, String device, String context, String exten, int state, Channel linkedTo,
                       String uniqueid, String callerNumber) {
        Channel ch = new Channel(name, uniqueid != null ? uniqueid : nextUniqueid(), device, context, exten, nowMs());
        if (callerNumber != null) {
            ch.cidNum = callerNumber;
            ch.cidName = callerNumber;
        }
        if (linkedTo != null) {
            ch.linkedid = linkedTo.linkedid;
        }
        ch.state = state;
        channels.put(name, ch);
        deviceChannels.computeIfAbsent(device, d -> new ArrayList<>(2)).add(ch);
        if (linkedTo == null) {
            callsProcessed++;
        }
        emit(Events.simple("Newchannel", Events.CALL, ch));
        return ch;
    }

    void setState(Channel ch, int state) {
        if (ch.state == state || ch.hungUp) {
            return;
        }
        ch.state = state;
        if (state == 6 && ch.answeredMs == 0) {
            ch.answeredMs = nowMs();
        }
        emit(Events.simple("Newstate", Events.CALL, ch));
        updateDevice(ch.device);
    }

    /** The channel answers (Answer(), a phone picking up). A Local ;2 answering answers its ;1 too. */
    void answer(Channel ch) {
        if (ch.hungUp || ch.isUp()) {
            return;
        }
        setState(ch, 6);
        if (ch.localPeer != null && !ch.localOne && !ch.localPeer.hungUp) {
            answer(ch.localPeer);
        }
        CallWatcher w = ch.watcher;
        if (w != null) {
            ch.watcher = null;
            w.answered(ch);
        }
    }

    /** The far end alerts: an outgoing channel becomes Ringing; Ringing() on a Local ;2 rings its ;1. */
    void ringing(Channel ch) {
        if (ch.hungUp) {
            return;
        }
        if (ch.localPeer != null && !ch.localOne) {
            ringing(ch.localPeer);
            return;
        }
        if (ch.state == 0 || ch.state == 3) {
            setState(ch, 5);
            if (ch.watcher != null) {
                ch.watcher.ringing(ch);
            }
        }
    }

    void setCallerId(Channel ch, String num, String name) {
        if (num != null) {
            ch.cidNum = num;
        }
        if (name != null) {
            ch.cidName = name;
        }
        emit(Events.newCallerid(ch));
    }

    void setConnected(Channel ch, String num, String name) {
        ch.connNum = num == null || num.isEmpty() ? Channel.UNKNOWN : num;
        ch.connName = name == null || name.isEmpty() ? Channel.UNKNOWN : name;
        emit(Events.simple("NewConnectedLine", Events.CALL, ch));
    }

    /** Sets a channel variable as Set() does, with the "_"/"__" inheritance prefixes; emits VarSet. */
    public void setVar(Channel ch, String name, String value) {
        String plain = name;
        int level = 0;
        if (name.startsWith("__")) {
            plain = name.substring(2);
            level = 2;
        } else if (name.startsWith("_")) {
            plain = name.substring(1);
            level = 1;
        }
        String fn = plain.toUpperCase();
        if (fn.equals("CALLERID(NUM)") || fn.equals("CALLERID(NUMBER)")) {
            setCallerId(ch, value, null);
            return;
        }
        if (fn.equals("CALLERID(NAME)")) {
            setCallerId(ch, null, value);
            return;
        }
        if (fn.equals("CALLERID(ALL)")) {
            String[] cid = parseCallerId(value);
            setCallerId(ch, cid[0], cid[1]);
            return;
        }
        ch.vars.put(plain, value);
        if (level > 0) {
            ch.inherit.put(plain, level);
        }
        emit(Events.varSet(ch, name, value));
    }

    /** Bookkeeping variables (DIALSTATUS, QUEUEWAIT, ...): set with a VarSet like Asterisk does. */
    void setPlainVar(Channel ch, String name, String value) {
        ch.vars.put(name, value);
        emit(Events.varSet(ch, name, value));
    }

    /** Copies inheritable variables from parent to child, as a new channel created by Dial/Queue gets them. */
    void inheritVars(Channel parent, Channel child) {
        for (Map.Entry<String, Integer> e : parent.inherit.entrySet()) {
            String v = parent.vars.get(e.getKey());
            if (v == null) {
                continue;
            }
            if (e.getValue() == 2) {
                child.vars.put(e.getKey(), v);
                child.inherit.put(e.getKey(), 2);
                emit(Events.varSet(child, "__" + e.getKey(), v));
            } else {
                child.vars.put(e.getKey(), v);
                emit(Events.varSet(child, e.getKey(), v));
            }
        }
    }

    /** {@code "Name" <number>} or a bare number -> [number, name]. */
    static String[] parseCallerId(String s) {
        if (s == null) {
            return new String[] {null, null};
        }
        s = s.strip();
        int lt = s.indexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).strip();
            if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                name = name.substring(1, name.length() - 1);
            }
            return new String[] {s.substring(lt + 1, gt).strip(), name};
        }
        return new String[] {s, null};
    }

    /**
     * The far end refuses with busy (SIP 486): whoever dials reports BUSY and the channel goes with cause 17 and no
     * hang-up request event, as app_dial and the dialler of Originate do on a busy signal.
     */
    void busy(Channel ch) {
        hangup(ch, 17, HangupKind.SILENT);
    }

    /** Whether the channel's device has another live call: a one-line phone is busy then. */
    boolean deviceHasOtherCall(Channel ch) {
        for (Channel c : deviceChannels.getOrDefault(ch.device, List.of())) {
            if (c != ch && !c.hungUp) {
                return true;
            }
        }
        return false;
    }

    enum HangupKind { SOFT, REMOTE, SILENT }

    /**
     * Ends a channel: the request event (SoftHangupRequest for the PBX's own hang-ups, HangupRequest for the far
     * end's), then whatever the running app holds is undone (queue abandon, dial cancel, MOH), the channel leaves its
     * bridge, the context's h extension runs, Hangup, and the other half of a Local pair follows.
     */
    public void hangup(Channel ch, int cause, HangupKind kind) {
        if (ch == null || ch.hungUp) {
            return;
        }
        if (kind == HangupKind.SOFT) {
            emit(Events.hangupRequest("SoftHangupRequest", ch, cause));
        } else if (kind == HangupKind.REMOTE) {
            emit(Events.hangupRequest("HangupRequest", ch, cause));
        }
        ch.hungUp = true;
        ch.hangupCause = cause;
        Blocker b = ch.blocker;
        if (b != null) {
            ch.blocker = null;
            b.interrupt(Blocker.Reason.HANGUP);
        }
        CallWatcher w = ch.watcher;
        if (w != null) {
            ch.watcher = null;
            w.failed(ch, cause);
        }
        if (ch.bridge != null) {
            leaveBridge(ch);
        }
        runner.runHangupExten(ch);
        emit(Events.hangup(ch, cause));
        channels.remove(ch.name);
        List<Channel> onDevice = deviceChannels.get(ch.device);
        if (onDevice != null) {
            onDevice.remove(ch);
            if (onDevice.isEmpty()) {
                deviceChannels.remove(ch.device);
            }
        }
        updateDevice(ch.device);
        Channel peer = ch.localPeer;
        if (peer != null && !peer.hungUp) {
            hangup(peer, cause, peer.localOne ? HangupKind.REMOTE : HangupKind.SOFT);
        }
    }

    // ---- bridges --------------------------------------------------------------------------------

    Bridge bridge(Channel callee, Channel caller, Bridge.Owner owner) {
        Bridge br = new Bridge(newBridgeId(), owner, nowMs());
        bridges.put(br.id, br);
        emit(Events.bridgeEvent("BridgeCreate", br, null));
        enter(br, callee);
        enter(br, caller);
        setPlainVar(callee, "BRIDGEPEER", caller.name);
        setPlainVar(caller, "BRIDGEPEER", callee.name);
        if (callee.phone != null) {
            callee.phone.connected(this, callee);
        }
        if (caller.phone != null) {
            caller.phone.connected(this, caller);
        }
        if (caller.localPeer != null && caller.localPeer.phone != null) {
            caller.localPeer.phone.connected(this, caller.localPeer);
        }
        if (callee.localPeer != null && callee.localPeer.phone != null) {
            callee.localPeer.phone.connected(this, callee.localPeer);
        }
        return br;
    }

    private void enter(Bridge br, Channel ch) {
        br.members.add(ch);
        ch.bridge = br;
        emit(Events.bridgeEvent("BridgeEnter", br, ch));
    }

    /** A member leaves (hang-up): tell the owner, who settles the other member. */
    void leaveBridge(Channel ch) {
        Bridge br = ch.bridge;
        ch.bridge = null;
        br.members.remove(ch);
        setPlainVar(ch, "BRIDGEPEER", "");
        emit(Events.bridgeEvent("BridgeLeave", br, ch));
        br.owner.memberLeft(br, ch);
    }

    /** The last member leaves and the bridge goes away. */
    void dissolve(Bridge br) {
        for (Channel other : new ArrayList<>(br.members)) {
            br.members.remove(other);
            other.bridge = null;
            setPlainVar(other, "BRIDGEPEER", "");
            emit(Events.bridgeEvent("BridgeLeave", br, other));
        }
        bridges.remove(br.id);
        emit(Events.bridgeEvent("BridgeDestroy", br, null));
    }

    /** A DTMF digit the caller sent on this channel: DTMFBegin/DTMFEnd, then the waiting app gets it. */
    public void dtmf(Channel ch, char digit) {
        if (ch.hungUp) {
            return;
        }
        emit(Events.channelEvent("DTMFBegin", Events.DTMF, ch).add("Digit", String.valueOf(digit))
                .add("Direction", "Received").build());
        emit(Events.channelEvent("DTMFEnd", Events.DTMF, ch).add("Digit", String.valueOf(digit))
                .add("DurationMs", "100").add("Direction", "Received").build());
        if (ch.blocker != null) {
            ch.blocker.digit(digit);
        }
    }

    // ---- device state ---------------------------------------------------------------------------

    /** Recomputes a device's state from its live channels; emits DeviceStateChange and tells the queues. */
    void updateDevice(String device) {
        if (device == null) {
            return;
        }
        String state = "NOT_INUSE";
        for (Channel c : deviceChannels.getOrDefault(device, List.of())) {
            if (c.state == 5 && !"INUSE".equals(state)) {
                state = "RINGING";
            } else if (c.state != 5) {
                state = "INUSE";
            }
        }
        String old = deviceStates.put(device, state);
        if (!state.equals(old)) {
            emit(Events.deviceState(device, state));
            queues.deviceChanged(device, state);
        }
    }

    public String deviceState(String device) {
        return deviceStates.getOrDefault(device, "NOT_INUSE");
    }

    /** Asterisk's numeric device state as QueueMemberStatus shows it. */
    static int deviceStateNumber(String state) {
        return switch (state) {
            case "NOT_INUSE" -> 1;
            case "INUSE" -> 2;
            case "BUSY" -> 3;
            case "INVALID" -> 4;
            case "UNAVAILABLE" -> 5;
            case "RINGING" -> 6;
            case "RINGINUSE" -> 7;
            case "ONHOLD" -> 8;
            default -> 0;
        };
    }
}
