package se.vaxel.routing;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.vaxel.callbacks.Callback;
import se.vaxel.callbacks.CallbackBook;
import se.vaxel.callbacks.CallbackDialler;
import se.vaxel.calls.CallEvent;
import se.vaxel.calls.CallSnapshot;
import se.vaxel.calls.LinkEvent;
import se.vaxel.calls.MemberEvent;

/**
 * Routing in route mode: citizens parked for Växel wait in the {@link RoutingEngine}, agents move through
 * their {@link Agent} state machines, and each decision goes to the {@link Connector} (a Redirect into the
 * dialplan's connect context). Fed the same domain events as the live state, on the same event loop.
 *
 * <p>A citizen keeps their rank for the whole call: back on hold after a missed ring, or after a Redirect
 * that failed, they are where they were. A citizen who chose a callback keeps it too: the callback waits in
 * the same queue, and when its turn comes the agent's phone rings first and the citizen is dialled once the
 * agent answers ({@link CallbackDialler}); a citizen who phones again is recognised by number. A failed connect frees the agent without counting a miss and
 * waits a moment before routing again, so a PBX that refuses cannot make routing spin.
 */
public final class CallDistributor {

    private static final Logger log = LoggerFactory.getLogger(CallDistributor.class);
    private static final long TICK_MS = 1_000;
    /** Before a service has handled a call, its handle time is taken to be two minutes. */
    static final double ASSUMED_HANDLE_SECONDS = 120;
    /** Dial statuses that say the agent's phone could not ring at all. */
    private static final Set<String> PHONE_NOT_REACHABLE = Set.of("BUSY", "CHANUNAVAIL", "CONGESTION");
    private static final long REPUBLISH_HOURS_EVERY_TICKS = 60;
    /** Position and estimated wait go to waiting citizens' channels every ten seconds, when changed. */
    private static final long ANNOUNCE_EVERY_TICKS = 10;

    private final ContactCentre centre;
    private final RoutingSettings settings;
    private final Connector connector;
    private final Vertx vertx;
    private final Clock clock;
    private final RoutingEngine engine;
    private final AgentRoster roster;
    /** Every citizen routing looks after, by call, with the rank they keep until answered or gone. */
    private final Map<String, WaitingCitizen> citizens = new HashMap<>();
    /** The agent a call was offered to (ringing or talking), by call. */
    private final Map<String, Agent> agentOfCall = new HashMap<>();
    private final Set<String> unknownServices = new HashSet<>();
    /** The service of each call routing handled, until it ends: its handle time is that service's. */
    private final Map<String, String> serviceOfCall = new HashMap<>();
    /** Average handle time (talk + wrap-up) per service, a moving average of recent calls. */
    private final Map<String, Double> handleSeconds = new HashMap<>();
    private final java.util.List<Consumer<RoutingDecision>> decisionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HoldAnnouncements announcements;
    private final OpeningHoursKeeper hours;
    /** The caller's number of each live call, to recognise a citizen whose callback waits or was missed. */
    private final Map<String, String> numberOfCall = new HashMap<>();
    private CallbackBook callbacks;
    private CallbackDialler dialler;
    private long ticks;
    private long places;
    private volatile long decisions;
    private volatile long failedConnects;
    private long timer = -1;
    private boolean holdOff;
    /** A citizen was put on hold since the last announcements: tell them where they stand at the next tick. */
    private boolean newOnHold;
    /**
     * Taken over, the resync not yet done: nothing is offered nor any callback made until it has shown which phones
     * are busy and which citizens wait (the previous owner's last offers may still ring).
     */
    private boolean awaitingResync;

    public CallDistributor(ContactCentre centre, RoutingSettings settings, Connector connector, Vertx vertx, Clock clock,
            Consumer<AgentStateChanged> agentEvents) {
        this(centre, settings, connector, (call, position, wait, offer) -> { }, (service, open) -> { }, vertx, clock, agentEvents);
    }

    public CallDistributor(ContactCentre centre, RoutingSettings settings, Connector connector, Announcer announcer,
            HoursPublisher hours, Vertx vertx, Clock clock, Consumer<AgentStateChanged> agentEvents) {
        this.hours = new OpeningHoursKeeper(centre, settings.applyOpeningHours(), hours, clock);
        this.centre = centre;
        this.settings = settings;
        this.connector = connector;
        this.vertx = vertx;
        this.clock = clock;
        this.engine = new RoutingEngine(centre.rules(), settings.priorityHeadStart());
        this.announcements = new HoldAnnouncements(centre, engine, announcer);
        this.roster = new AgentRoster(centre, settings, engine, clock);
        roster.onChange(agentEvents);
    }

    /**
     * Turns callbacks on: the book keeps them (and has loaded those from before a restart), the dialler
     * makes them. Before {@link #start}.
     */
    public void enableCallbacks(CallbackBook book, CallbackDialler callbackDialler) {
        this.callbacks = book;
        this.dialler = callbackDialler;
    }

    /** Starts the clock that ends wrap-ups and opens overflow; logs agents in if so configured. */
    public void start() {
        if (settings.agentsLoggedInAtStart()) {
            roster.logInAll();
        }
        timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    /**
     * Starts the clock only, for a node of a cluster: whether it routes the PBX is the ownership's to say. When it
     * takes over, {@link #carryOver} brings the agents in.
     */
    public void startStandingBy() {
        timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    /**
     * This node took over the PBX: the agents as its previous owner left them (logged in as configured when there is
     * no previous owner's picture, the cluster's first start). The citizens waiting come with the resync that follows.
     */
    public void carryOver(java.util.Collection<AgentPresence> presences) {
        awaitingResync = true;
        if (presences.isEmpty() && settings.agentsLoggedInAtStart()) {
            roster.logInAll();
        } else {
            roster.carryOver(presences, clock.instant());
        }
        dispatch();
    }

    /**
     * This node no longer routes the PBX: every citizen, call and agent out of its picture, so that nothing here acts
     * or counts twice beside the next owner, and a later takeover starts from the previous owner's picture.
     */
    public void handOver() {
        awaitingResync = false;
        for (String callId : Set.copyOf(citizens.keySet())) {
            forget(callId);
        }
        agentOfCall.clear();
        serviceOfCall.clear();
        numberOfCall.clear();
        roster.handOver(clock.instant());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Told of every decision, on the distributor's event loop (metrics, tests). */
    public void onDecision(Consumer<RoutingDecision> listener) {
        decisionListeners.add(listener);
    }

    /** Told of every agent state change, on the distributor's event loop. */
    public void onAgentChange(Consumer<AgentStateChanged> listener) {
        roster.onChange(listener);
    }

    /**
     * The agent's own moves (from the desk, later): they go through here so that routing's view of who
     * is free never lags. A wrong move is refused with the agent's reason (IllegalStateException).
     */
    public void pause(String agentId, String reason) {
        Agent a = roster.get(agentId);
        a.pause(reason, clock.instant());
        roster.busy(a);
    }

    public void resume(String agentId) {
        roster.get(agentId).resume(clock.instant());
        freeAndDispatch(roster.get(agentId));
    }

    public void logIn(String agentId) {
        roster.get(agentId).logIn(clock.instant());
        freeAndDispatch(roster.get(agentId));
    }

    public void logOut(String agentId) {
        Agent a = roster.get(agentId);
        a.logOut(clock.instant());
        roster.busy(a);
    }

    public void endWrapUp(String agentId) {
        roster.get(agentId).endWrapUp(clock.instant());
        freeAndDispatch(roster.get(agentId));
    }

    private void freeAndDispatch(Agent a) {
        roster.free(a);
        dispatch();
    }

    public Map<String, Agent> agents() {
        return roster.all();
    }

    public RoutingEngine engine() {
        return engine;
    }

    public long decisions() {
        return decisions;
    }

    public long failedConnects() {
        return failedConnects;
    }

    public void on(CallEvent event) {
        Instant now = event.at();
        if (event instanceof CallEvent.Arrived e && e.callerNumber() != null) {
            numberOfCall.put(e.callId(), e.callerNumber());
        } else if (event instanceof CallEvent.CallerNumberKnown e) {
            numberOfCall.put(e.callId(), e.callerNumber());
        } else if (event instanceof CallEvent.CallbackRequested e) {
            callbackRequested(e);
        } else if (event instanceof CallEvent.CallbackDone e) {
            callbackDone(e);
        } else if (event instanceof CallEvent.Parked e) {
            park(e.callId(), e.service(), now);
        } else if (event instanceof CallEvent.InPbxQueue e) {
            forget(e.callId());
        } else if (event instanceof CallEvent.AgentRinging e) {
            Agent a = roster.byDevice(e.agent());
            if (a != null && agentOfCall.get(e.callId()) != a) {
                roster.pbxRinging(e.callId(), a, now);
            }
        } else if (event instanceof CallEvent.RingNoAnswer e) {
            Agent rung = roster.byDevice(e.agent());
            if (rung != null) {
                roster.pbxNotAnswered(e.callId(), rung, now);
            }
            Agent a = agentOfCall.remove(e.callId());
            if (a != null && a.status() == AgentStatus.RINGING) {
                if ("CANCEL".equalsIgnoreCase(e.reason())) {
                    // The citizen hung up while the phone rang: not the agent's miss.
                    a.offerWithdrawn("citizen hung up", now);
                    roster.free(a);
                } else {
                    roster.notTaken(a, PHONE_NOT_REACHABLE.contains(e.reason()), e.reason(), now);
                }
            }
        } else if (event instanceof CallEvent.Answered e) {
            Agent a = agentOfCall.get(e.callId());
            if (a != null && a.status() == AgentStatus.RINGING) {
                a.answered(now);
            } else if (a == null && roster.byDevice(e.agent()) != null) {
                roster.pbxAnswered(e.callId(), roster.byDevice(e.agent()), now);
            }
            citizens.remove(e.callId());
            engine.remove(e.callId());
        } else if (event instanceof CallEvent.Ended || event instanceof CallEvent.Abandoned) {
            forget(event.callId());
            numberOfCall.remove(event.callId());
            roster.pbxEnded(event.callId(), settings.wrapUp(), now);
            String service = serviceOfCall.remove(event.callId());
            Agent a = agentOfCall.remove(event.callId());
            if (a != null && a.status() == AgentStatus.ON_CALL) {
                talked(service, a, now);
                a.callEnded(settings.wrapUp(), now);
            } else if (a != null && a.status() == AgentStatus.RINGING) {
                a.offerWithdrawn("citizen hung up", now);
                roster.free(a);
            }
        }
        dispatch();
    }

    /** A call the agent talked on ended: it counts towards the service's handle time (with the wrap-up). */
    private void talked(String service, Agent a, Instant now) {
        if (service != null) {
            double handled = java.time.Duration.between(a.since(), now).toMillis() / 1000.0 + settings.wrapUp().toSeconds();
            handleSeconds.merge(service, handled, (old, x) -> old * 0.8 + x * 0.2);
        }
    }

    /** The citizen on hold chose a callback: the call leaves the queue, its callback takes the same rank. */
    private void callbackRequested(CallEvent.CallbackRequested e) {
        WaitingCitizen w = citizens.get(e.callId());
        if (callbacks == null || w == null || !Callback.isCallable(e.callerNumber())) {
            log.warn("Call {} asked for a callback that cannot be kept (callbacks {}, waiting {}, number {})", e.callId(),
                    callbacks == null ? "off" : "on", w != null, e.callerNumber() == null ? "unknown" : "not callable");
            return;
        }
        forget(e.callId());
        callbacks.book(e.callId(), w.service(), e.callerNumber(), w.queuedAt());
        queueReadyCallbacks();
    }

    /** Callbacks whose (next) attempt is due join their service's queue with the rank they kept. */
    private void queueReadyCallbacks() {
        if (callbacks == null || awaitingResync) {
            return;
        }
        for (Callback cb : callbacks.takeReady()) {
            Service s = centre.service(cb.service()).orElse(null);
            if (s == null) {
                log.warn("Callback {} is for service '{}', which the contact-centre file no longer has", cb.id(), cb.service());
                continue;
            }
            WaitingCitizen w = new WaitingCitizen(cb.id(), s.id(), s.priority(), cb.queuedAt(), places++, true);
            citizens.put(cb.id(), w);
            engine.enqueue(w);
        }
    }

    private boolean isCallback(String id) {
        return callbacks != null && callbacks.isCallback(id);
    }

    /** The agent offered a callback answered, or not: then the callback waits again, keeping its rank. */
    private void agentLegOfCallback(String callbackId, Agent agent, io.vertx.core.AsyncResult<CallbackDialler.AgentLeg> r) {
        Instant now = clock.instant();
        boolean stillOffered = agent.status() == AgentStatus.RINGING && callbackId.equals(agent.callId());
        if (r.failed() || r.result() == CallbackDialler.AgentLeg.FAILED) {
            callbacks.agentNotReached(callbackId);
            connectFailed(callbackId, agent, r.failed() ? r.cause().getMessage() : "the PBX could not place the call");
            return;
        }
        if (r.result() == CallbackDialler.AgentLeg.ANSWERED) {
            if (stillOffered) {
                agent.answered(now);
            }
            citizens.remove(callbackId);
            serviceOfCall.put(callbackId, callbacks.get(callbackId).map(Callback::service).orElse(null));
            return;
        }
        agentOfCall.remove(callbackId);
        callbacks.agentNotReached(callbackId);
        if (stillOffered) {
            roster.notTaken(agent, r.result() == CallbackDialler.AgentLeg.BUSY, "busy", now);
        }
        WaitingCitizen w = citizens.get(callbackId);
        if (w != null) {
            engine.enqueue(w);
        }
        dispatch();
    }

    /** A callback call ended: the agent goes to wrap-up (if they talked), the book decides what comes next. */
    private void callbackDone(CallEvent.CallbackDone e) {
        String id = e.callbackId();
        boolean talked = "ANSWER".equalsIgnoreCase(e.dialStatus());
        Agent a = agentOfCall.remove(id);
        String service = serviceOfCall.remove(id);
        if (a != null && a.status() == AgentStatus.ON_CALL && id.equals(a.callId())) {
            if (talked) {
                talked(service, a, e.at());
            }
            a.callEnded(talked ? settings.wrapUp() : java.time.Duration.ZERO, e.at());
        } else if (a != null && a.status() == AgentStatus.RINGING && id.equals(a.callId())) {
            a.offerWithdrawn("callback call gone", e.at());
            roster.free(a);
        }
        citizens.remove(id);
        engine.remove(id);
        if (callbacks != null) {
            callbacks.callEnded(id, e.dialStatus());
            queueReadyCallbacks();
        }
    }

    /** What the PBX's queues say of an agent's phone (observe mode's log-in and pauses): see {@link AgentRoster}. */
    public void on(MemberEvent event) {
        roster.on(event);
        dispatch();
    }

    /** Tells the PBX which services are open: those that changed or, forced, all. */
    public void publishHours(boolean force) {
        hours.publish(force);
    }

    /** After a reconnect: who is parked now is the truth; their waits come from Asterisk. */
    public void on(LinkEvent.Resynced resync) {
        publishHours(true); // Asterisk may have restarted and forgotten
        awaitingResync = false;
        Instant now = resync.at();
        Set<String> live = new HashSet<>();
        resync.calls().forEach(s -> live.add(s.callId()));
        // Calls that ended while the link was down: their agents are free again (after wrap-up).
        for (String callId : Set.copyOf(agentOfCall.keySet())) {
            if (!live.contains(callId) && !isCallback(callId)) {
                Agent a = agentOfCall.remove(callId);
                if (a.status() == AgentStatus.ON_CALL) {
                    a.callEnded(settings.wrapUp(), now);
                } else if (a.status() == AgentStatus.RINGING) {
                    a.offerWithdrawn("call gone while the link was down", now);
                    roster.free(a);
                }
            }
        }
        // A callback whose agent's phone has no channel any more ended while the link was down: how it went is not
        // known, so the agent is freed and the callback queued again (a citizen called twice beats one forgotten).
        if (resync.busyDevices() != null) {
            for (String callId : Set.copyOf(agentOfCall.keySet())) {
                Agent a = agentOfCall.get(callId);
                if (isCallback(callId) && !resync.busyDevices().contains(a.profile().device())) {
                    log.warn("Callback {} ended while the link was down; queued again", callId);
                    callbackDone(new CallEvent.CallbackDone("", callId, "", 0, now));
                }
            }
        }
        for (String callId : roster.pbxCalls()) {
            if (!live.contains(callId)) {
                roster.pbxEnded(callId, settings.wrapUp(), now);
            }
        }
        Set<String> parked = new HashSet<>();
        for (CallSnapshot s : resync.calls()) {
            Agent busy = roster.byDevice(s.agent());
            if (busy != null && agentOfCall.get(s.callId()) != busy) {
                roster.pbxFound(s.callId(), busy);
            }
            if (s.parked()) {
                parked.add(s.callId());
                Instant since = s.waitingSince() != null ? s.waitingSince() : s.stateSince();
                park(s.callId(), s.service(), since);
            }
        }
        for (String callId : Set.copyOf(citizens.keySet())) {
            if (!parked.contains(callId) && !agentOfCall.containsKey(callId) && !isCallback(callId)) {
                forget(callId);
            }
        }
        if (resync.busyDevices() != null) {
            roster.restBusy(resync.busyDevices(), now); // on a call no citizen's snapshot explains (a callback, their own)
        }
        dispatch();
    }

    private void park(String callId, String service, Instant at) {
        Service s = service == null ? null : centre.service(service).orElse(null);
        if (s == null) {
            if (unknownServices.add(String.valueOf(service))) {
                log.warn("A citizen waits for service '{}', which the contact-centre file does not have; "
                        + "the dialplan's fallback queue will take such calls", service);
            }
            return;
        }
        if (agentOfCall.containsKey(callId)) {
            return; // back on the hold music a moment before the Redirect to the agent lands: not waiting again
        }
        if (engine.isWaiting(callId)) {
            return; // the holding context's loop starting its music again: nothing changed
        }
        WaitingCitizen w = citizens.get(callId);
        if (w == null) {
            Instant queuedAt = at;
            var known = callbacks == null ? java.util.Optional.<Callback>empty() : callbacks.recognise(numberOfCall.get(callId), s.id());
            if (known.isPresent()) {
                // Phoned again while their callback waited, or soon after missing it: they keep its place.
                Callback cb = known.get();
                engine.remove(cb.id());
                citizens.remove(cb.id());
                queuedAt = cb.queuedAt().isBefore(at) ? cb.queuedAt() : at;
            }
            w = new WaitingCitizen(callId, s.id(), s.priority(), queuedAt, places++);
            citizens.put(callId, w);
            newOnHold = true;
        }
        serviceOfCall.put(callId, s.id());
        engine.enqueue(w);
        announcements.forget(callId); // a channel back on hold is told again
    }

    /** Average handle time of a service's calls so far (talk and wrap-up), or the assumption before any. */
    public double averageHandleSeconds(String service) {
        return handleSeconds.getOrDefault(service, ASSUMED_HANDLE_SECONDS);
    }

    /** Agents logged in and not paused who have the service's skill: those who will serve its queue. */
    public int staffed(String service) {
        Service s = centre.service(service).orElse(null);
        if (s == null) {
            return 0;
        }
        return roster.staffed(s.skill());
    }

    /**
     * How long a citizen joining the service now may expect to wait: those ahead times the average handle
     * time, shared by the agents staffing it. Empty while nobody staffs it.
     */
    public java.util.Optional<java.time.Duration> estimatedWait(String service) {
        int staff = staffed(service);
        if (staff == 0) {
            return java.util.Optional.empty();
        }
        double seconds = engine.waitingCount(service) * averageHandleSeconds(service) / staff;
        return java.util.Optional.of(java.time.Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private void forget(String callId) {
        citizens.remove(callId);
        engine.remove(callId);
        announcements.forget(callId);
    }

    /** Tells each waiting citizen's channel their position, estimated wait and any callback offer. */
    void announce() {
        announcements.announce(this::staffed, this::averageHandleSeconds,
                w -> callbacks != null && callbacks.policy().enabled() && Callback.isCallable(numberOfCall.get(w.callId())));
    }

    void tick() {
        roster.tick(clock.instant());
        holdOff = false;
        queueReadyCallbacks();
        dispatch();
        if (++ticks % ANNOUNCE_EVERY_TICKS == 0 || newOnHold) {
            newOnHold = false;
            announce();
        }
        // Said again now and then: a dialplan reload forgets globals set at run time.
        publishHours(ticks % REPUBLISH_HOURS_EVERY_TICKS == 0);
    }

    private void dispatch() {
        if (holdOff || awaitingResync) {
            return;
        }
        Instant now = clock.instant();
        // A connect may fail at once (the call is no longer parked): holdOff then stops this loop too.
        while (!holdOff) {
            var next = engine.next(now);
            if (next.isEmpty()) {
                return;
            }
            RoutingDecision d = next.get();
            engine.assign(d);
            Agent agent = roster.get(d.agent().id());
            if (agent.status() != AgentStatus.AVAILABLE) {
                // Routing's view lagged the agent (a bug elsewhere): never offer, just correct the view.
                log.warn("Agent {} was routable while {}; not offered", agent.profile().id(), agent.status().wireName());
                engine.enqueue(d.citizen());
                continue;
            }
            String callId = d.citizen().callId();
            agent.offer(callId, now);
            agentOfCall.put(callId, agent);
            decisions++;
            decisionListeners.forEach(l -> l.accept(d));
            if (d.citizen().callback()) {
                Callback cb = callbacks.get(callId).orElseThrow();
                callbacks.calling(callId);
                dialler.callBack(cb, agent.profile().device(), settings.ringTimeout(), callbacks.policy())
                        .onComplete(r -> agentLegOfCallback(callId, agent, r));
            } else {
                connector.connect(callId, agent.profile().device(), settings.ringTimeout())
                        .onFailure(e -> connectFailed(callId, agent, e.getMessage()));
            }
        }
    }

    private void connectFailed(String callId, Agent agent, String why) {
        failedConnects++;
        log.warn("Could not connect call {} to {}: {}", callId, agent.profile().id(), why);
        if (agentOfCall.get(callId) == agent) {
            agentOfCall.remove(callId);
        }
        if (agent.status() == AgentStatus.RINGING && callId.equals(agent.callId())) {
            agent.offerWithdrawn("connect failed", clock.instant());
            roster.free(agent);
        }
        WaitingCitizen w = citizens.get(callId);
        if (w != null) {
            engine.enqueue(w); // keeps their rank; Parked or Ended will tell what became of the call
        }
        holdOff = true; // until the next tick: no tight loop against a refusing PBX
    }
}
